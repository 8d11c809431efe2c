/**
 * Charts helm cannot reach, against helm 3.17.3 and 4.1.4 (`template`, and helm 3's `pull`): a
 * refused connection, a host name that does not resolve (Go's resolver text, naming the DNS server),
 * a name that is no domain name (Go's resolver answers without asking), and a plain-HTTP registry on
 * this machine, which helm 3 pulls from without `--plain-http` (containerd's resolver speaks plain
 * HTTP to localhost) but whose tags it lists over HTTPS. Compared: exit status, standard output and
 * standard error.
 */
import { lookup } from 'node:dns/promises';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushChart } from '../test/support/oci-push.js';
import { type Registry, registryAvailable, startRegistry } from '../test/support/servers.js';
import { type CliRun, COMPATS, type Compat, missingHelmBinaries, runHelm, runHelmless } from './support/cli-runs.js';
import { packChart } from './support/feature-charts.js';

interface UnreachableCase {
  title: string;
  /** Arguments after the command (`<registry>` stands for the local registry's `host:port`). */
  args: string[];
  needs?: 'dns' | 'registry';
}

/** A name under `.invalid` (RFC 6761) never resolves. */
const NOWHERE = 'nonexistent.invalid';

const CASES: UnreachableCase[] = [
  { title: 'an OCI registry that refuses (exact version)', args: ['oci://127.0.0.1:1/charts/x', '--version', '1.0.0'] },
  {
    title: 'an OCI registry that refuses, --plain-http',
    args: ['oci://127.0.0.1:1/charts/x', '--version', '1.0.0', '--plain-http'],
  },
  { title: 'an OCI registry that refuses (range)', args: ['oci://localhost:1/charts/x', '--version', '^1'] },
  { title: 'a chart repository that refuses', args: ['x', '--repo', 'http://127.0.0.1:1/'] },
  {
    title: 'an OCI registry whose name does not resolve',
    args: [`oci://${NOWHERE}/charts/x`, '--version', '1.0.0'],
    needs: 'dns',
  },
  {
    title: 'an OCI registry whose name does not resolve (range)',
    args: [`oci://${NOWHERE}/charts/x`, '--version', '^1'],
    needs: 'dns',
  },
  {
    title: 'a chart repository whose name does not resolve',
    args: ['x', '--repo', `http://${NOWHERE}/`],
    needs: 'dns',
  },
  { title: 'a chart URL whose name does not resolve', args: [`http://${NOWHERE}/x-1.0.0.tgz`], needs: 'dns' },
  {
    title: 'an OCI registry named by no domain name',
    args: ['oci://bad_host!:5000/charts/x', '--version', '1.0.0'],
    needs: 'dns',
  },
  {
    title: 'a plain-HTTP registry on this machine without --plain-http (exact version)',
    args: ['oci://<registry>/charts/app', '--version', '0.1.0'],
    needs: 'registry',
  },
  {
    title: 'a plain-HTTP registry on this machine without --plain-http (range)',
    args: ['oci://<registry>/charts/app', '--version', '^0.1'],
    needs: 'registry',
  },
];

const missing = missingHelmBinaries();
let resolves = '';
let registry: Registry | undefined;

beforeAll(async () => {
  // The name-resolution cases need a resolver that answers "no such name" (not an offline machine).
  resolves = await lookup(NOWHERE).then(
    () => `${NOWHERE} resolves here`,
    (e: NodeJS.ErrnoException) => (e.code === 'ENOTFOUND' ? '' : `no DNS answer here (${e.code})`),
  );
  if (registryAvailable()) {
    registry = await startRegistry();
    const dir = await mkdtemp(join(tmpdir(), 'helmless-unreachable-chart-'));
    try {
      await mkdir(join(dir, 'app', 'templates'), { recursive: true });
      await writeFile(join(dir, 'app', 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
      await writeFile(
        join(dir, 'app', 'templates', 'cm.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n',
      );
      await pushChart(registry.host, 'charts/app', '0.1.0', await packChart(join(dir, 'app')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
});
afterAll(async () => {
  await registry?.stop();
});

async function run(side: 'helm' | 'helmless', compat: Compat, args: string[]): Promise<CliRun> {
  const cwd = await mkdtemp(join(tmpdir(), `helmless-unreachable-${side}-`));
  try {
    return side === 'helm'
      ? await runHelm(compat, args, { cwd })
      : await runHelmless(args[0] === 'template' ? [...args, '--compat', compat] : args, { cwd });
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

describe.skipIf(missing.length > 0)(
  `unreachable charts${missing.length ? ` (missing ${missing.join(', ')})` : ''}`,
  () => {
    for (const c of CASES) {
      const runs: Array<[string, Compat, string[]]> = [
        ...COMPATS.map((compat): [string, Compat, string[]] => [`template (${compat})`, compat, ['template', 'r']]),
        ['pull (helm 3)', 'helm3', ['pull']],
      ];
      for (const [name, compat, command] of runs) {
        it(`${c.title}: ${name}`, async (ctx) => {
          if (c.needs === 'dns' && resolves !== '') ctx.skip(`skipped: ${resolves}`);
          if (c.needs === 'registry' && !registry) ctx.skip('skipped: needs docker-registry; .ci/run installs it');
          const args = [...command, ...c.args.map((a) => a.replace('<registry>', registry?.host ?? ''))];
          const helm = await run('helm', compat, args);
          const ours = await run('helmless', compat, args);
          expect([ours.code, ours.stderr]).toEqual([helm.code, helm.stderr]);
          expect(ours.stdout.toString('utf8')).toBe(helm.stdout.toString('utf8'));
        });
      }
    }
  },
);
