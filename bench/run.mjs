#!/usr/bin/env node
/**
 * helmless benchmark: engine and function throughput, the chart corpus against `helm template`, and
 * `mirror list` against the one-helm-process-per-component route. Ratios, not absolute times, are the
 * result: every comparison runs both sides in the same run on the same machine.
 *
 *   npm run bench                  # everything
 *   npm run bench -- engine corpus # chosen sections (engine, functions, corpus, mirror), in one process
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ALL_SECTIONS = ['engine', 'functions', 'corpus', 'mirror'];

// Without arguments, every section runs in a process of its own: a section's peak RSS is its own,
// and no section renders with code another one warmed up.
if (process.argv.length <= 2) {
  for (const section of ALL_SECTIONS) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), section], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  process.exit(0);
}

const dist = (p) => import(join(root, 'dist', p));
const { renderTemplateString } = await dist('gotemplate/index.js');
const { TemplateSet } = await dist('gotemplate/template.js');
const { helmFuncMap } = await dist('sprig/index.js');
const { loadChart } = await dist('helm/load.js');
const { renderChart } = await dist('helm/render.js');
const { mergeValueSources } = await dist('helm/strvals.js');
const { parse: parseYaml } = await import('yaml');

const SHARED = resolve(root, '../shared/charts');
const HELM = { helm3: join(root, '.helm/helm3'), helm4: join(root, '.helm/helm4') };
const sections = process.argv.slice(2);
const want = (s) => sections.includes(s);
const fmt = (n, d = 0) => n.toFixed(d);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(fn, minMs = 1500) {
  const samples = [];
  const start = performance.now();
  while (performance.now() - start < minMs || samples.length < 5) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

// ---------------------------------------------------------------------------------------------
if (want('engine')) {
  // 10k actions: nested ranges over maps and lists, conditionals, variables, printf, field chains.
  const parts = [];
  for (let i = 0; i < 500; i++) {
    parts.push(
      `{{- range $k, $v := .Values.m }}{{ if eq $k "a" }}{{ $v.x }}{{ else }}{{ printf "%s-%d" $k ${i} }}{{ end }}` +
        `{{- range $i, $e := $v.l }}{{ $e }}{{ len $v.l }}{{ end }}{{ end }}\n` +
        `{{ with .Values.n }}{{ .a.b }}{{ end }}{{ $x := index .Values.list 1 }}{{ $x }}{{ and .Values.t (not .Values.f) }}\n`,
    );
  }
  const text = parts.join('');
  const data = new Map([
    [
      'Values',
      new Map([
        [
          'm',
          new Map([
            [
              'a',
              new Map([
                ['x', 1],
                ['l', [1, 2]],
              ]),
            ],
            [
              'b',
              new Map([
                ['x', 2],
                ['l', ['p', 'q', 'r']],
              ]),
            ],
          ]),
        ],
        ['n', new Map([['a', new Map([['b', 'deep']])]])],
        ['list', ['zero', 'one']],
        ['t', true],
        ['f', false],
      ]),
    ],
  ]);
  const funcs = helmFuncMap('helm4');
  const parseMs = time(() => {
    const set = new TemplateSet(funcs, 'gotpl');
    set.parse('bench', text);
  });
  const set = new TemplateSet(funcs, 'gotpl');
  set.parse('bench', text);
  const execMs = time(() => set.execute('bench', data, { compat: 'helm4' }));
  const actions = (text.match(/\{\{/g) ?? []).length;
  console.log(
    `engine: ${actions} actions; parse ${fmt(parseMs, 1)} ms; execute ${fmt(execMs, 1)} ms = ${fmt(1000 / execMs, 1)} ops/s (parse once, reuse)`,
  );
}

// ---------------------------------------------------------------------------------------------
if (want('functions')) {
  const tpl = `{{- define "lbl" }}app: {{ .name | default "x" | quote }}
tier: {{ printf "%s-%s" .name "web" | trunc 63 }}{{ end }}
{{- range $i := until 300 }}
item{{ $i }}:
{{ include "lbl" (dict "name" (printf "svc%d" $i)) | indent 2 }}
  cfg: {{ toYaml (dict "a" $i "b" (list 1 2 3) "c" (dict "d" "e")) | nindent 4 }}
  js: {{ toJson (dict "k" $i) | b64enc }}
{{- end }}`;
  const funcs = helmFuncMap('helm4');
  const set = new TemplateSet(funcs, 'gotpl');
  set.parse('f', tpl);
  const ms = time(() => set.execute('f', null, { compat: 'helm4' }));
  console.log(
    `functions: 300 iterations of include/indent/default/dict/printf/toYaml/toJson: ${fmt(ms, 1)} ms = ${fmt(1000 / ms, 1)} ops/s`,
  );
  void renderTemplateString;
}

// ---------------------------------------------------------------------------------------------
function corpusCases() {
  const corpus = parseYaml(readFileSync(join(SHARED, 'corpus.yaml'), 'utf8'));
  return corpus.map((e) => ({
    name: e.name,
    file: join(SHARED, e.file),
    values: e.requiredValues ?? {},
    namespace: e.requiredArgs?.[0] === '--namespace' ? e.requiredArgs[1] : 'default',
  }));
}

if (want('corpus')) {
  if (!existsSync(SHARED) || !existsSync(HELM.helm4)) {
    console.log('corpus: skipped (needs ../shared/charts and .helm/helm4: run npm run setup:helm)');
  } else {
    const cases = corpusCases();
    const work = mkdtempSync(join(tmpdir(), 'helmless-bench-'));
    const rows = [];
    let helmTotal = 0;
    let warmTotal = 0;
    // helmless: one process renders the whole corpus (cold: first render incl. loading).
    const loaded = [];
    const t0all = performance.now();
    for (const c of cases) {
      const vf = join(work, `${c.name}.json`);
      writeFileSync(vf, JSON.stringify(c.values));
      const t0 = performance.now();
      const chart = await loadChart(c.file, { compat: 'helm4' });
      const values = mergeValueSources(
        { valueFiles: [vf] },
        { compat: 'helm4', readFile: (p) => readFileSync(p, 'utf8') },
      );
      renderChart(chart, { compat: 'helm4', releaseName: 'test', namespace: c.namespace, values });
      const cold = performance.now() - t0;
      loaded.push({ c, chart, values, cold, vf });
    }
    const coldWall = performance.now() - t0all;
    for (const l of loaded) {
      const warm = time(
        () =>
          renderChart(l.chart, { compat: 'helm4', releaseName: 'test', namespace: l.c.namespace, values: l.values }),
        300,
      );
      const h0 = performance.now();
      spawnSync(HELM.helm4, ['template', 'test', l.c.file, '-f', l.vf, '-n', l.c.namespace], { stdio: 'ignore' });
      const helmMs = performance.now() - h0;
      helmTotal += helmMs;
      warmTotal += warm;
      rows.push([l.c.name, helmMs, l.cold, warm]);
    }
    console.log('corpus (helm 4 mode)          helm ms  helmless cold  warm   cold ratio  warm ratio');
    for (const [n, h, c, w] of rows) {
      console.log(
        `  ${n.padEnd(30)} ${fmt(h).padStart(6)} ${fmt(c).padStart(13)} ${fmt(w, 1).padStart(6)} ${fmt(h / c, 1).padStart(9)}x ${fmt(h / w, 1).padStart(9)}x`,
      );
    }
    console.log(
      `corpus total: helm template ${fmt(helmTotal)} ms (one process per chart); helmless one process ${fmt(coldWall)} ms ` +
        `=> ${fmt(helmTotal / coldWall, 2)}x faster; warm re-render ${fmt(warmTotal)} ms => ${fmt(helmTotal / warmTotal, 1)}x`,
    );
    console.log(`peak RSS ${fmt(process.resourceUsage().maxRSS / 1024)} MiB`);
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
if (want('mirror')) {
  if (!existsSync(SHARED) || !existsSync(HELM.helm4)) {
    console.log('mirror: skipped (needs ../shared/charts and .helm/helm4)');
  } else {
    // A recipe of corpus components served by a local chart repository, cache warmed first.
    const picks = [
      'node-feature-discovery',
      'gpu-operator',
      'network-operator',
      'cert-manager',
      'nvsentinel',
      'kube-prometheus-stack',
      'prometheus-adapter',
      'kai-scheduler',
      'kueue',
      'kubeflow-trainer',
      'gatekeeper',
      'external-dns',
      'grafana',
      'ingress-nginx',
    ];
    const corpus = parseYaml(readFileSync(join(SHARED, 'corpus.yaml'), 'utf8'));
    const server = createServer((req, res) => {
      const path = join(SHARED, decodeURIComponent(new URL(req.url, 'http://x').pathname.replace(/^\/charts\/?/, '')));
      if (!path.startsWith(SHARED) || !existsSync(path)) {
        res.statusCode = 404;
        res.end();
        return;
      }
      let body = readFileSync(path);
      if (path.endsWith('index.yaml'))
        body = Buffer.from(body.toString('utf8').replaceAll('http://127.0.0.1:8879/charts', repo));
      res.end(body);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const repo = `http://127.0.0.1:${server.address().port}/charts`;
    const work = mkdtempSync(join(tmpdir(), 'helmless-bench-mirror-'));
    const refs = picks.map((name) => {
      const e = corpus.find((x) => x.name === name);
      return {
        name,
        type: 'Helm',
        source: repo,
        chart: name,
        version: String(e.version),
        namespace: name,
        overrides: e.requiredValues ?? {},
      };
    });
    const recipe = join(work, 'recipe.yaml');
    writeFileSync(
      recipe,
      JSON.stringify({ kind: 'RecipeResult', apiVersion: 'aicr.run/v1alpha2', componentRefs: refs }),
    );
    const cache = join(work, 'cache');
    const cli = join(root, 'dist/bin/main.js');
    // Asynchronous: the chart repository above is served by this process's event loop (spawnSync
    // would block it, and the child would wait on its requests until they time out).
    // GNU time reports the child's peak RSS (Node cannot see a child's rusage); without it, no RSS.
    const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
    const argv = [process.execPath, cli, 'mirror', 'list', '--recipe', recipe, '--format', 'list'];
    const run = (env = {}) =>
      new Promise((done) => {
        const [cmd, ...args] = gnuTime ? [gnuTime, '-f', 'maxrss-kib %M', ...argv] : argv;
        const child = spawn(cmd, args, {
          env: { ...process.env, HELMLESS_CACHE: cache, ...env },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d) => {
          stderr += d;
        });
        child.on('close', (status) => done({ status, stderr }));
      });
    // The warm-up fills the chart cache and the command's code cache (both in HELMLESS_CACHE).
    const warmup = await run();
    if (warmup.status !== 0) console.log(`mirror: helmless failed: ${warmup.stderr}`);
    // Each route runs three times, interleaved (this machine's speed drifts); medians are compared.
    const ROUNDS = 3;
    const times = { helmless: [], uncached: [], helm: [], helmParallel: [], local: [] };
    let r;
    let peakKib = 0;
    const timed = async (list, f) => {
      const t0 = performance.now();
      const out = await f();
      list.push(performance.now() - t0);
      return out;
    };

    // The helm route as aicr runs it (mirror spec §7.1): one `helm template` process per component,
    // the chart fetched with --repo from the same local server, values from a file. Asynchronous for
    // the same reason as above. The same renders from local archives give helm's lower bound.
    const spawnAsync = (cmd, args) =>
      new Promise((done) => spawn(cmd, args, { stdio: 'ignore' }).on('close', (status) => done(status)));
    const helmArgs = (ref) => [
      'template',
      `release-${ref.name}`,
      '--namespace',
      ref.namespace,
      '--kube-version',
      '1.33.0',
      '--api-versions',
      'resource.k8s.io/v1',
      '--api-versions',
      'resource.k8s.io/v1beta1',
      '--include-crds=false',
      ...(Object.keys(ref.overrides).length > 0 ? ['--values', join(work, `${ref.name}-values.json`)] : []),
    ];
    for (const ref of refs) writeFileSync(join(work, `${ref.name}-values.json`), JSON.stringify(ref.overrides));
    let helmFailures = 0;
    const helmRoute = async (concurrency) => {
      const queue = [...refs];
      const lane = async () => {
        for (let ref = queue.shift(); ref; ref = queue.shift()) {
          const status = await spawnAsync(HELM.helm4, [
            ...helmArgs(ref),
            ref.chart,
            '--repo',
            repo,
            '--version',
            ref.version,
          ]);
          if (status !== 0) helmFailures++;
        }
      };
      const h0 = performance.now();
      await Promise.all(Array.from({ length: concurrency }, lane));
      return performance.now() - h0;
    };
    const helmLocal = async () => {
      for (const ref of refs) {
        const e = corpus.find((x) => x.name === ref.name);
        await spawnAsync(HELM.helm4, [...helmArgs(ref), join(SHARED, e.file)]);
      }
    };
    for (let round = 0; round < ROUNDS; round++) {
      r = await timed(times.helmless, run);
      const peak = /maxrss-kib (\d+)/.exec(r.stderr);
      if (peak) peakKib = Math.max(peakKib, Number(peak[1]));
      // The same run compiling helmless's own code, as a first run after an install or upgrade does.
      await timed(times.uncached, () => run({ HELMLESS_NO_COMPILE_CACHE: '1' }));
      await timed(times.helm, () => helmRoute(1));
      // aicr itself runs up to 8 components at once (mirror spec §5.4).
      await timed(times.helmParallel, () => helmRoute(8));
      await timed(times.local, helmLocal);
    }
    const [helmless, uncached, helmMs, helmParallelMs, localMs] = [
      times.helmless,
      times.uncached,
      times.helm,
      times.helmParallel,
      times.local,
    ].map(median);
    const rss =
      (r.status === 0 ? '' : ` (exit ${r.status})`) + (peakKib ? `, peak RSS ${fmt(peakKib / 1024)} MiB` : '');
    console.log(
      `mirror list, ${picks.length} components, warm cache, medians of ${ROUNDS}: helmless ${fmt(helmless)} ms (one cold process)${rss}; ` +
        `helm route (--repo, one process per component) ${fmt(helmMs)} ms => ${fmt(helmMs / helmless, 2)}x, ` +
        `8 at a time as aicr runs them ${fmt(helmParallelMs)} ms => ${fmt(helmParallelMs / helmless, 2)}x` +
        `${helmFailures ? ` (${helmFailures} helm runs failed)` : ''}; ` +
        `helm on local archives ${fmt(localMs)} ms => ${fmt(localMs / helmless, 2)}x; ` +
        `helmless without its code cache ${fmt(uncached)} ms => ${fmt(helmParallelMs / uncached, 2)}x against 8 at a time`,
    );
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
}
