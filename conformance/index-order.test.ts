/**
 * Which entry of a repository index a version constraint picks when several versions compare equal
 * (`1.1.0+b3`, `1.1.0+b7`): helm sorts the entries with Go's `sort.Sort`, which is not stable for more
 * than 12 elements, and takes the first entry that satisfies the constraint. fast-check generates
 * indexes of 13 to 150 entries over a few version classes; every entry points at its own archive,
 * whose one template prints the entry's id, and `template --repo … --version <class>` must print the
 * same id with helmless as with helm 3.17.3 and helm 4.1.4 (their Go releases differ in the sort's
 * pseudo-random pattern breaking, which long lists reach).
 *
 *   CONFORMANCE_SEED=<n>   fast-check seed (printed; random by default)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, COMPATS, type Compat, missingHelmBinaries, runHelm, runHelmless } from './support/cli-runs.js';

const SEED = Number(process.env.CONFORMANCE_SEED ?? Math.floor(Math.random() * 0x7fffffff));
const CLASSES = ['2.0.0', '1.1.0', '1.0.0', '0.5.0'];

interface Entry {
  id: number;
  version: string;
}

/** An index's entries for one chart: version classes, each entry with its own build metadata. */
const caseArb = fc
  .integer({ min: 2, max: CLASSES.length })
  .chain((k) => fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: 13, maxLength: 150, size: 'max' }));

let nextId = 0;
const cases: Entry[][] = fc
  .sample(caseArb, { seed: SEED, numRuns: 10 })
  .map((classes) => classes.map((cls, i) => ({ id: nextId++, version: `${CLASSES[cls]}+b${i}` })));

const INDEX = `apiVersion: v1\nentries:\n${cases
  .map(
    (entries, c) =>
      `  c${c}:\n${entries.map((e) => `  - {apiVersion: v2, name: c${c}, version: "${e.version}", urls: [a-${e.id}.tgz]}\n`).join('')}`,
  )
  .join('')}`;

/** A chart archive whose template prints the entry id. */
async function archive(id: string): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: 'x/Chart.yaml' }, 'apiVersion: v2\nname: x\nversion: 1.0.0\n');
  pack.entry({ name: 'x/templates/id.yaml' }, `id: "${id}"\n`);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

const missing = missingHelmBinaries();
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const m = /^\/a-(\d+)\.tgz$/.exec(req.url ?? '');
    if (req.url === '/index.yaml') res.end(INDEX);
    else if (m) archive(m[1]!).then((b) => res.end(b));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
});

/** The id a run printed, or its whole output when it failed. */
function picked(run: CliRun): string {
  const out = run.stdout.toString('utf8');
  return /id: "(\d+)"/.exec(out)?.[1] ?? `exit ${run.code}: ${out}${run.stderr}`;
}

async function pick(side: 'helm' | 'helmless', compat: Compat, args: string[]): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), `helmless-index-order-${side}-`));
  try {
    const run =
      side === 'helm'
        ? await runHelm(compat, args, { cwd })
        : await runHelmless([...args, '--compat', compat], { cwd });
    return picked(run);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

describe.skipIf(missing.length > 0)(
  `index entries that compare equal, fast-check seed ${SEED}${missing.length ? ` (missing ${missing.join(', ')})` : ''}`,
  () => {
    cases.forEach((entries, c) => {
      const classes = CLASSES.filter((cls) => entries.some((e) => e.version.split('+')[0] === cls));
      it(`chart c${c}: ${entries.length} entries, versions ${classes.join(', ')}`, async () => {
        for (const compat of COMPATS) {
          for (const cls of classes) {
            const args = ['template', 'r', `c${c}`, '--repo', base, '--version', cls];
            const [helm, ours] = await Promise.all([pick('helm', compat, args), pick('helmless', compat, args)]);
            expect(
              ours,
              `${compat} --version ${cls} (CONFORMANCE_SEED=${SEED} npx vitest run conformance/index-order.test.ts)`,
            ).toBe(helm);
          }
        }
      });
    });
  },
);
