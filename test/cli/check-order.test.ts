/**
 * Which check fails first when a `template` command line has several problems, against real helm:
 * cobra's (the argument count, helm 4's exclusive flags) come before the command's own (the kube
 * version, the TLS files of the registry client, the dry-run value). The texts differ only in the
 * program's name, which is replaced before comparing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPATS, missingHelmBinaries, runHelm, runHelmless } from '../../conformance/support/cli-runs.js';

const CASES: Array<{ title: string; args: string[] }> = [
  { title: 'no chart, a bad --kube-version and --dry-run', args: ['--kube-version', 'x', '--dry-run=bogus'] },
  { title: 'no chart and a missing CA file', args: ['--ca-file', 'nothere.pem'] },
  { title: 'no chart and exclusive flags (helm 4)', args: ['--force-conflicts', '--force-replace'] },
];

const missing = missingHelmBinaries();

describe.skipIf(missing.length > 0)('template: the first of several problems, as helm reports it', () => {
  for (const c of CASES) {
    for (const compat of COMPATS) {
      it(`${c.title} (${compat})`, async () => {
        const cwd = await mkdtemp(join(tmpdir(), 'helmless-order-'));
        try {
          const helm = await runHelm(compat, ['template', ...c.args], { cwd });
          const ours = await runHelmless(['template', ...c.args, '--compat', compat], { cwd });
          expect(helm.code).not.toBe(0);
          const theirs = helm.stderr.replaceAll('helm template', 'helmless template');
          expect({ code: ours.code, stderr: ours.stderr }).toEqual({ code: helm.code, stderr: theirs });
        } finally {
          await rm(cwd, { recursive: true, force: true });
        }
      });
    }
  }
});
