/**
 * Test doubles for the discovery pipeline: a renderer that returns canned manifests per component
 * (optionally built from the values it receives) and a fetcher that records what it was asked for.
 */
import { parse as parseYaml } from 'yaml';
import { createMirrorCommand, type MirrorCommandDeps } from '../../src/cli/mirror.js';
import { Catalog, MemoryLayer } from '../../src/discovery/catalog.js';
import type {
  ChartCoordinates,
  ComponentRef,
  FetchChart,
  RecipeResult,
  RenderChart,
  RenderRequest,
} from '../../src/discovery/types.js';
import { captureIO } from '../support/cli-io.js';

export type Canned = string | Error | ((values: Record<string, any>, req: RenderRequest) => string) | 'block';

/** A renderer keyed by component name, recording every request (values parsed back from YAML). */
export function fakeRenderer(canned: Record<string, Canned>) {
  const calls: Array<{ req: RenderRequest; values: Record<string, any> }> = [];
  const render: RenderChart = async (req) => {
    const values = req.valuesYaml === undefined ? {} : (parseYaml(req.valuesYaml, { schema: 'yaml-1.1' }) ?? {});
    calls.push({ req, values });
    const c = canned[req.component];
    if (c === undefined) throw new Error(`no canned render for ${req.component}`);
    if (c === 'block') return new Promise(() => {});
    if (c instanceof Error) throw c;
    const content = typeof c === 'function' ? c(values, req) : c;
    return [{ path: `${req.component}/templates/all.yaml`, content }];
  };
  return { render, calls };
}

/** A fetcher that returns placeholder bytes and records the coordinates. */
export function fakeFetcher() {
  const calls: ChartCoordinates[] = [];
  const fetch: FetchChart = async ({ signal, ...coords }) => {
    if (!(signal instanceof AbortSignal)) throw new Error('the fetcher expects an abort signal');
    calls.push(coords);
    return {
      bytes: new TextEncoder().encode(`${coords.repository}|${coords.chart}|${coords.version}`),
      digest: 'sha256:0',
    };
  };
  return { fetch, calls };
}

/**
 * Runs `mirror list ARGS` in process with the given engines (version v0.1.0, no signal hooks unless
 * given); returns the exit code and what it printed.
 */
export async function runMirrorList(deps: MirrorCommandDeps, args: string[]) {
  const c = captureIO();
  const code = await createMirrorCommand({ version: 'v0.1.0', onSignal: () => () => {}, ...deps })(
    ['list', ...args],
    c.io,
  );
  return { code, out: c.out(), err: c.err() };
}

/** A minimal RecipeResult. */
export function recipe(refs: ComponentRef[], extra: Partial<RecipeResult> = {}): RecipeResult {
  return {
    kind: 'RecipeResult',
    apiVersion: 'aicr.run/v1alpha2',
    metadata: {},
    constraints: [],
    componentRefs: refs,
    ...extra,
  };
}

/** An in-memory catalog. */
export function memoryCatalog(files: Record<string, string>): Catalog {
  return new Catalog([new MemoryLayer(files)]);
}

/** A Deployment with the given container images. */
export function deployment(name: string, images: string[]): string {
  const containers = images.map((img, i) => `        - name: c${i}\n          image: ${img}`).join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
${containers}
`;
}

/** Runs `fn` and returns what it threw (fails when it does not throw). */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}
