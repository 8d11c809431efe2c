/**
 * `template --debug` against helm 3.17.3 and 4.1.4: the log lines each helm adds on standard error
 * (helm 3's `install.go:N:` lines, whose time is checked by shape; helm 4's slog DEBUG records) for
 * local charts (schemas, URNs, subcharts, `--devel`, `--version`, release-name errors), charts from
 * the corpus chart repository and from an OCI registry. Not compared, because helmless does not
 * reproduce them: helm 3's last line on a failure (`helm.go:86:` with Go's stack frames) and the
 * registry clients' HTTP dumps (helm 4's `msg=GET`/`msg=Res` records, helm 3's containerd
 * `time=… level=debug` lines).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushChart } from '../test/support/oci-push.js';
import {
  CHART_REPO_URL,
  CORPUS_DIR,
  corpusAvailable,
  ensureChartRepo,
  type Registry,
  registryAvailable,
  startRegistry,
} from '../test/support/servers.js';
import {
  COMPATS,
  type Compat,
  comparableDebugLog,
  missingHelmBinaries,
  runHelm,
  runHelmless,
} from './support/cli-runs.js';

interface DebugCase {
  title: string;
  /** Arguments after `template` (`<repo>` and `<oci>` stand for the servers' addresses). */
  args: string[];
  /** Files written in the working directory first (path → content). */
  files?: Record<string, string | Uint8Array>;
  needs?: 'corpus' | 'registry';
}

const chartYaml = (name: string, deps = '') =>
  `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n${deps ? `dependencies:\n${deps}` : ''}`;
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}\n';

/** A parent with an aliased, a disabled and a value-less subchart, schemas on the way. */
const FAMILY: Record<string, string> = {
  'app/Chart.yaml': chartYaml(
    'app',
    '- {name: sub, version: 0.1.0, alias: first}\n- {name: sub, version: 0.1.0, condition: off.enabled}\n- {name: bare, version: 0.1.0}\n',
  ),
  'app/values.yaml': 'first:\n  port: 80\nbare: null\n',
  'app/values.schema.json': '{"properties": {"first": {"type": "object"}}}',
  'app/templates/cm.yaml': CM,
  'app/charts/sub/Chart.yaml': chartYaml('sub'),
  'app/charts/sub/values.schema.json': '{"properties": {"port": {"$ref": "urn:example:port"}}}',
  'app/charts/sub/templates/cm.yaml': CM,
  'app/charts/bare/Chart.yaml': chartYaml('bare'),
  'app/charts/bare/templates/cm.yaml': CM,
};

const CASES: DebugCase[] = [
  { title: 'a chart without a schema', args: ['r', 'app'], files: { 'app/Chart.yaml': chartYaml('app') } },
  {
    title: '--devel without --version, and a path with a space',
    args: ['r', 'my app', '--devel'],
    files: { 'my app/Chart.yaml': chartYaml('app') },
  },
  {
    title: 'a --version that needs quoting',
    args: ['r', 'app', '--version', ' 1.0 "x"'],
    files: { 'app/Chart.yaml': chartYaml('app') },
  },
  { title: 'subcharts: aliased, disabled, without values; schemas and a URN', args: ['r', 'app'], files: FAMILY },
  { title: '--skip-schema-validation', args: ['r', 'app', '--skip-schema-validation'], files: FAMILY },
  {
    title: 'a schema that is not JSON, and one with a raw byte',
    args: ['r', 'app'],
    files: {
      ...FAMILY,
      'app/values.schema.json': '{"type": "object"} x',
      'app/charts/sub/values.schema.json': new Uint8Array([...Buffer.from('{"description": "caf'), 0xe9, 0x22, 0x7d]),
    },
  },
  {
    title: 'a schema the values fail',
    args: ['r', 'app', '--set', 'first=1'],
    files: FAMILY,
  },
  { title: 'too many arguments', args: ['r', 'app', 'extra'], files: { 'app/Chart.yaml': chartYaml('app') } },
  {
    title: 'a name template that fails',
    args: ['app', '--name-template', '{{ fail "no" }}'],
    files: { 'app/Chart.yaml': chartYaml('app') },
  },
  { title: 'a chart repository (--repo)', args: ['r', 'external-dns', '--repo', '<repo>'], needs: 'corpus' },
  {
    title: 'a chart URL, with --devel',
    args: ['r', '<repo>/external-dns-1.21.1.tgz', '--devel'],
    needs: 'corpus',
  },
  { title: 'a chart URL that is not there', args: ['r', '<repo>/nothing-1.0.0.tgz'], needs: 'corpus' },
  {
    title: 'a version the repository lacks',
    args: ['r', 'external-dns', '--repo', '<repo>', '--version', '9.9.9'],
    needs: 'corpus',
  },
  {
    title: 'an OCI chart',
    args: ['r', '<oci>/external-dns', '--version', '1.21.1', '--plain-http'],
    needs: 'registry',
  },
];

const missing = missingHelmBinaries();
let repo = '';
let oci = '';
let registry: Registry | undefined;

beforeAll(async () => {
  if (corpusAvailable()) {
    await ensureChartRepo();
    repo = CHART_REPO_URL;
    if (registryAvailable()) {
      registry = await startRegistry();
      const archive = await readFile(join(CORPUS_DIR, 'external-dns-1.21.1.tgz'));
      await pushChart(registry.host, 'charts/external-dns', '1.21.1', archive);
      oci = `oci://${registry.host}/charts`;
    }
  }
});
afterAll(async () => {
  await registry?.stop();
});

async function run(c: DebugCase, side: 'helm' | 'helmless', compat: Compat) {
  const cwd = await mkdtemp(join(tmpdir(), `helmless-debug-${side}-`));
  try {
    for (const [path, content] of Object.entries(c.files ?? {})) {
      await mkdir(dirname(join(cwd, path)), { recursive: true });
      await writeFile(join(cwd, path), content);
    }
    const args = ['template', ...c.args.map((a) => a.replace('<repo>', repo).replace('<oci>', oci)), '--debug'];
    const r =
      side === 'helm'
        ? await runHelm(compat, args, { cwd })
        : await runHelmless([...args, '--compat', compat], { cwd });
    return {
      code: r.code,
      stdout: r.stdout.toString('utf8'),
      stderr: comparableDebugLog(r.stderr.replaceAll(cwd, '<cwd>')),
      raw: r.stderr,
    };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

describe.skipIf(missing.length > 0)(
  `template --debug${missing.length ? ` (missing ${missing.join(', ')})` : ''}`,
  () => {
    for (const c of CASES) {
      for (const compat of COMPATS) {
        const unmet =
          (c.needs === 'corpus' && !corpusAvailable()) || (c.needs === 'registry' && !registryAvailable())
            ? ` (skipped: needs ${c.needs === 'corpus' ? '../shared/charts' : 'docker-registry; .ci/run installs it'})`
            : '';
        it.skipIf(unmet !== '')(`${c.title} (${compat})${unmet}`, async () => {
          const helm = await run(c, 'helm', compat);
          const ours = await run(c, 'helmless', compat);
          // Every case logs something of its own under --debug.
          expect(helm.raw).toMatch(compat === 'helm3' ? /\[debug\]/ : /level=DEBUG/);
          expect(ours.code).toBe(helm.code);
          expect(ours.stderr).toBe(helm.stderr);
          expect(ours.stdout).toBe(helm.stdout);
        });
      }
    }
  },
);
