/**
 * OCI references helm refuses before any request (oras-go's reference rules, each helm with its own
 * oras-go's wording): `template x REF` and `pull REF` against helm 3.17.3 and 4.1.4,
 * comparing the exit status and standard error. No registry is needed: nothing is fetched.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliRun, COMPATS, type Compat, missingHelmBinaries, runHelm, runHelmless } from './support/cli-runs.js';

const HOST = '127.0.0.1:1';
const REFERENCES: Array<[string, string]> = [
  ['a repository that climbs out', `oci://${HOST}/charts/../../evil`],
  ['a repository with capitals', `oci://${HOST}/charts/Upper`],
  ['no repository', `oci://${HOST}`],
  ['a tag with characters tags cannot hold', `oci://${HOST}/charts/x:bad+tag!`],
  ['a digest of the wrong length', `oci://${HOST}/charts/x@sha256:abc`],
  ['a digest with capital hex', `oci://${HOST}/charts/x@sha256:${'A'.repeat(64)}`],
  ['a digest of an unknown algorithm', `oci://${HOST}/charts/x@md5:abc`],
  ['a digest without an algorithm', `oci://${HOST}/charts/x@:abc`],
];

const missing = missingHelmBinaries();

async function run(side: 'helm' | 'helmless', compat: Compat, args: string[]): Promise<CliRun> {
  const cwd = await mkdtemp(join(tmpdir(), `helmless-oci-ref-${side}-`));
  try {
    return side === 'helm' ? await runHelm(compat, args, { cwd }) : await runHelmless(args, { cwd });
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

describe.skipIf(missing.length > 0)(
  `invalid OCI references${missing.length ? ` (missing ${missing.join(', ')})` : ''}`,
  () => {
    for (const [title, ref] of REFERENCES) {
      for (const compat of COMPATS) {
        it(`template: ${title} (${compat})`, async () => {
          const helm = await run('helm', compat, ['template', 'x', ref]);
          const ours = await run('helmless', compat, ['template', 'x', ref, '--compat', compat]);
          expect(helm.code).not.toBe(0);
          expect([ours.code, ours.stderr]).toEqual([helm.code, helm.stderr]);
        });
      }
      for (const compat of COMPATS) {
        it(`pull: ${title} (${compat})`, async () => {
          const helm = await run('helm', compat, ['pull', ref]);
          const ours = await run('helmless', compat, ['pull', ref, '--compat', compat]);
          expect([ours.code, ours.stderr]).toEqual([helm.code, helm.stderr]);
        });
      }
    }
  },
);
