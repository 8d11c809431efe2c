/**
 * The feature charts of conformance/charts/ made ready for a run: copied to a scratch directory,
 * with the subcharts that must be archives packed into `<name>-<version>.tgz` (gzip + tar, one
 * top-level directory, as `helm package` writes them), and one run of `template` per case in a
 * fresh working directory holding conformance/inputs/ (values files, `--set-file` files).
 */
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { tarGzip } from '../../src/helm/save.js';
import { type CliRun, type Compat, runHelm, runHelmless } from './cli-runs.js';

export const FEATURE_CHARTS = resolve(import.meta.dirname, '../charts');
export const FEATURE_INPUTS = resolve(import.meta.dirname, '../inputs');

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out.sort();
}

/** A chart directory as a .tgz (entries `<dirname>/…`, sorted, fixed mode and time). */
export async function packChart(dir: string): Promise<Buffer> {
  const top = basename(dir);
  const files = [];
  for (const file of await listFiles(dir))
    files.push({ name: `${top}/${relative(dir, file)}`, data: await readFile(file) });
  return Buffer.from(await tarGzip(files, new Date(0)));
}

/** Chart `app` 0.1.0 with one ConfigMap, packed: what the fetch suites' servers and registries serve. */
export async function packConfigMapChart(): Promise<Buffer> {
  const files = [
    { name: 'app/Chart.yaml', data: Buffer.from('apiVersion: v2\nname: app\nversion: 0.1.0\n') },
    { name: 'app/templates/cm.yaml', data: Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n') },
  ];
  return Buffer.from(await tarGzip(files, new Date(0)));
}

/**
 * Copies conformance/charts to a scratch directory, makes the symlinks of `links` (path → target,
 * relative to conformance/charts: loops, kept out of the repository where every tool walking it would
 * go round them) and replaces each directory of `archives` (innermost first) by its packed
 * `<name>-<version>.tgz`. Returns the scratch charts directory.
 */
export async function prepareFeatureCharts(
  archives: readonly string[],
  links: Readonly<Record<string, string>> = {},
): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'helmless-features-'));
  const charts = join(root, 'charts');
  await cp(FEATURE_CHARTS, charts, { recursive: true });
  for (const [path, target] of Object.entries(links)) await symlink(target, join(charts, path));
  for (const rel of archives) {
    const dir = join(charts, rel);
    const meta = await readFile(join(dir, 'Chart.yaml'), 'utf8');
    const version = /^version:\s*(\S+)/m.exec(meta)?.[1];
    if (!version) throw new Error(`${rel}/Chart.yaml has no version`);
    await writeFile(join(dirname(dir), `${basename(dir)}-${version}.tgz`), await packChart(dir));
    await rm(dir, { recursive: true });
  }
  return charts;
}

/** One `template` invocation of the feature suite. */
export interface FeatureCase {
  /** What the case shows (the test's name). */
  title: string;
  /** Arguments after `template`; `@/x` is the prepared charts directory's `x`. */
  args: string[];
  /** Standard input (for `-f -`). */
  stdin?: string;
  env?: Record<string, string>;
  /** `--output-dir` target (relative to the working directory): its files are compared too. */
  outputDir?: string;
  /**
   * Modes whose stderr lines come in random order (both helms list schema violations in Go map order):
   * there the lines are compared as a sorted list.
   */
  unorderedStderr?: Compat[];
  /**
   * Modes where stderr names two schema locations in Go map order (helm 4's `duplicate id …` and
   * `duplicate anchor … at "A" and "B"`: the library meets the twins walking a map): each such pair
   * is compared unordered (see {@link sortedLocationPairs}).
   */
  unorderedLocations?: Compat[];
  /**
   * Modes where helm dies of a Go panic: Go's stack frames carry addresses, so stderr is compared
   * only up to the `goroutine 1 [running]:` header (see {@link panicHead}).
   */
  helmPanics?: Compat[];
  /**
   * Modes where helm dies of a fatal Go runtime error (a stack overflow): stderr is compared up to
   * the `fatal error: …` line, without the runtime's stack pointer line (see {@link fatalHead}).
   */
  helmFatal?: Compat[];
  /** Run the command this many times in the same working directory (the last run is compared). */
  runs?: number;
  /**
   * helm writes `--output-dir` files (and their `wrote` lines) and then fails; helmless writes
   * nothing on failure (a project rule), so only the exit code and stderr are compared, and
   * helmless must leave no files and print nothing on stdout.
   */
  helmWritesOnFailure?: true;
}

const GOROUTINE_HEADER = '\ngoroutine 1 [running]:\n';

/**
 * The deterministic head of a Go panic report on stderr: the log lines before it, `panic: …` and
 * the goroutine header. Text without the header is returned whole (so a missing panic shows).
 */
export function panicHead(stderr: string): string {
  const at = stderr.indexOf(GOROUTINE_HEADER);
  return at < 0 ? stderr : stderr.slice(0, at + GOROUTINE_HEADER.length);
}

/** The runtime's stack bounds in a fatal error report (`runtime: sp=0x… stack=[0x…, 0x…]`): addresses. */
const STACK_POINTER_LINE = /^runtime: sp=0x[0-9a-f]+ stack=\[0x[0-9a-f]+, 0x[0-9a-f]+\]$/;

/**
 * The deterministic head of a Go fatal error report on stderr: the lines up to `fatal error: …`
 * without the stack pointer line. Text without a fatal error line is returned whole.
 */
export function fatalHead(stderr: string): string {
  const lines = stderr.split('\n');
  const end = lines.findIndex((l) => l.startsWith('fatal error: '));
  if (end < 0) return stderr;
  return `${lines
    .slice(0, end + 1)
    .filter((l) => !STACK_POINTER_LINE.test(l))
    .join('\n')}\n`;
}

/** Text with every `at "A" and "B"` pair of quoted locations in sorted order. */
export function sortedLocationPairs(text: string): string {
  return text.replace(/ at ("(?:[^"\\]|\\.)*") and ("(?:[^"\\]|\\.)*")/g, (_, a: string, b: string) =>
    a <= b ? ` at ${a} and ${b}` : ` at ${b} and ${a}`,
  );
}

/** What a run printed, returned and (with `--output-dir`) wrote. */
export interface FeatureRun extends CliRun {
  /** Written files, path relative to the output directory → content (see {@link exactText}). */
  written: Record<string, string>;
}

/** Bytes as text for exact comparison: UTF-8 when they are valid UTF-8, else `latin1:` and one char per byte. */
export function exactText(b: Buffer): string {
  const text = b.toString('utf8');
  return Buffer.from(text, 'utf8').equals(b) ? text : `latin1:${b.toString('latin1')}`;
}

async function readTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let files: string[];
  try {
    files = await listFiles(dir);
  } catch {
    return out;
  }
  for (const f of files) out[relative(dir, f)] = exactText(await readFile(f));
  return out;
}

/** Runs a case with real helm or with helmless (`--compat` added), in a fresh working directory. */
export async function runFeature(
  c: FeatureCase,
  charts: string,
  compat: Compat,
  side: 'helm' | 'helmless',
): Promise<FeatureRun> {
  const cwd = await mkdtemp(join(tmpdir(), `helmless-feature-${side}-`));
  try {
    await cp(FEATURE_INPUTS, cwd, { recursive: true });
    const args = ['template', ...c.args.map((a) => a.replaceAll('@/', `${charts}/`))];
    const options = { cwd, stdin: c.stdin === undefined ? undefined : Buffer.from(c.stdin), env: c.env };
    let run: CliRun | undefined;
    for (let i = 0; i < (c.runs ?? 1); i++) {
      run =
        side === 'helm'
          ? await runHelm(compat, args, options)
          : await runHelmless([...args, '--compat', compat], options);
    }
    const written = c.outputDir ? await readTree(join(cwd, c.outputDir)) : {};
    return { ...run!, written };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}
