/**
 * Helm's template engine (pkg/engine): every template of the chart and its subcharts parsed into one
 * namespace in helm's order, each non-partial file executed with its chart's scope (`.Values`,
 * `.Chart`, `.Files`, `.Release`, `.Capabilities`, `.Template`, `.Subcharts`), `<no value>` removed,
 * and errors reported in helm 3's or helm 4's format.
 */

import { decodeInput } from '../gotemplate/gostring.js';
import {
  type Budget,
  type EngineHooks,
  ExecError,
  type ExecuteOptions,
  FuncError,
  type FuncMap,
  type GoMap,
  GoNamed,
  type GoValue,
  LimitError,
  makeBudget,
  ParseError,
  State,
  TemplateSet,
} from '../gotemplate/index.js';
import type { Tree } from '../gotemplate/parser.js';
import { quote } from '../gotemplate/strconv.js';
import { compareGoStrings } from '../gotemplate/value.js';
import { prefetchRsaKeys } from '../sprig/crypto/rsa-keys.js';
import { INCLUDE_RECURSION_LIMIT, WARN_END, WARN_START } from '../sprig/helm.js';
import { type Chart, chartFullPath, chartName } from './chart.js';
import { type Compat, chartObject, filesObject, templateObject, valuesObject, valuesType } from './objects.js';

/** An error helm prints as `Error: <message>`; `renderPhase` errors get the `--debug` hint. */
export class HelmError extends Error {
  constructor(
    message: string,
    readonly renderPhase = false,
  ) {
    super(message);
    this.name = 'HelmError';
  }
}

interface Renderable {
  /** The template file's bytes: the key of the parse cache. */
  data: Uint8Array;
  text: string;
  /** The chart scope map (helm's `next`): Chart, Files, Release, Capabilities, Values, Subcharts. */
  vals: GoMap;
  basePath: string;
}

export interface EngineInput {
  chart: Chart;
  /** The root chart's coalesced values. */
  values: GoMap;
  release: GoMap;
  capabilities: GoValue;
  funcs: FuncMap;
  compat: Compat;
  limits?: ExecuteOptions['limits'];
}

function isLibrary(c: Chart): boolean {
  return c.metadata.type === 'library';
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Collects every template with its scope (helm's recAllTpls). */
function collect(c: Chart, parent: GoMap, out: Map<string, Renderable>, input: EngineInput): GoMap {
  const subcharts: GoMap = new Map();
  const next: GoMap = new Map<string, GoValue>([
    ['Chart', chartObject(c, input.compat)],
    ['Files', filesObject(c.files)],
    ['Release', parent.get('Release')],
    ['Capabilities', parent.get('Capabilities')],
    ['Values', valuesObject(new Map(), input.compat)],
    ['Subcharts', subcharts],
  ]);
  if (c.parent === undefined) next.set('Values', parent.get('Values'));
  else {
    const table = subTable(parent.get('Values'), chartName(c));
    if (table) next.set('Values', valuesObject(table, input.compat));
  }
  for (const child of c.dependencies) subcharts.set(chartName(child), collect(child, next, out, input));
  const prefix = chartFullPath(c);
  for (const t of c.templates) {
    if (isLibrary(c) && !baseName(t.name).startsWith('_')) continue;
    out.set(`${prefix}/${t.name}`, {
      data: t.data,
      text: decodeTemplate(t.data),
      vals: next,
      basePath: `${prefix}/templates`,
    });
  }
  return next;
}

/** chartutil.Values.Table("Values.<name>") on a scope's Values. */
function subTable(values: GoValue, name: string): GoMap | undefined {
  const m = values instanceof GoNamed ? values.value : values;
  if (!(m instanceof Map)) return undefined;
  const v = m.get(name);
  if (v instanceof GoNamed && v.value instanceof Map) return v.value as GoMap;
  if (v instanceof Map && (v as any)[Symbol.for('helmless.goType')] === undefined) return v as GoMap;
  return undefined;
}

const textCache = new WeakMap<Uint8Array, string>();

function decodeTemplate(data: Uint8Array): string {
  let text = textCache.get(data);
  if (text === undefined) {
    text = decodeInput(data);
    textCache.set(data, text);
  }
  return text;
}

/**
 * Parsed trees per template file, name and helm version: charts are parsed once and re-rendered many
 * times (trees are immutable). Parse errors are cached too.
 */
const parseCache = new WeakMap<Uint8Array, Map<string, Map<string, Tree> | ParseError>>();

function parseCached(set: TemplateSet, name: string, r: Renderable, compat: Compat): Map<string, Tree> | ParseError {
  let perFile = parseCache.get(r.data);
  if (!perFile) {
    perFile = new Map();
    parseCache.set(r.data, perFile);
  }
  const key = `${compat}\u0000${name}`;
  let parsed = perFile.get(key);
  if (parsed === undefined) {
    // Templates that make RSA keys get them made in the background while the chart renders.
    if (KEY_FUNCTIONS.test(r.text)) prefetchRsaKeys(2048);
    try {
      parsed = set.parseTrees(name, r.text);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      parsed = e;
    }
    perFile.set(key, parsed);
  }
  return parsed;
}

/** Sprig functions that generate a 2048-bit RSA key (the *WithKey variants take one). */
const KEY_FUNCTIONS = /\bgen(?:CA|SelfSignedCert|SignedCert)\b/;

/** helm's sortTemplates: deeper paths first, then reverse byte order. */
export function sortTemplates(names: Iterable<string>): string[] {
  const depth = (s: string) => s.split('/').length - 1;
  return [...names].sort((a, b) => {
    const da = depth(a);
    const db = depth(b);
    if (da !== db) return db - da;
    return compareGoStrings(b, a);
  });
}

/** Renders every template; returns rendered text per template path (partials excluded). */
export function renderTemplates(input: EngineInput): Map<string, string> {
  const top: GoMap = new Map<string, GoValue>([
    ['Values', valuesObject(input.values, input.compat)],
    ['Release', input.release],
    ['Capabilities', input.capabilities],
  ]);
  const templates = new Map<string, Renderable>();
  collect(input.chart, top, templates, input);

  const set = new TemplateSet(input.funcs, 'gotpl', undefined, input.compat);
  const keys = sortTemplates(templates.keys());
  for (const name of keys) {
    const r = templates.get(name)!;
    const parsed = parseCached(set, name, r, input.compat);
    if (parsed instanceof ParseError) throw new HelmError(cleanupParseError(name, parsed.message), true);
    set.addTrees(parsed);
  }

  // Nesting must let helm's include guard (1001 levels of one name, sprig/helm.ts) fire first.
  const budget = makeBudget({ maxDepth: INCLUDE_RECURSION_LIMIT + 50, ...input.limits });
  const helmState = { includedNames: new Map<string, number>() };
  const hooks = helmHooks(input.compat, helmState);
  const rendered = new Map<string, string>();
  for (const name of keys) {
    if (baseName(name).startsWith('_')) continue;
    const r = templates.get(name)!;
    r.vals.set('Template', templateObject(name, r.basePath, input.compat));
    const data = new GoNamed(valuesType(input.compat), r.vals);
    let out: string;
    try {
      out = executeNamed(set, name, data, input.compat, budget, hooks, helmState);
    } catch (e) {
      throw convertExecError(name, e, input.compat);
    }
    rendered.set(name, out.replaceAll('<no value>', ''));
  }
  return rendered;
}

interface HelmState {
  includedNames: Map<string, number>;
}

function executeNamed(
  set: TemplateSet,
  name: string,
  data: GoValue,
  compat: Compat,
  budget: Budget,
  hooks: EngineHooks,
  helm: HelmState,
): string {
  const tree = set.lookup(name)!;
  const slot = { value: data, boxed: false };
  const state = new State(set, tree, budget, behaviourOf(compat), compat, hooks, 0, slot);
  state.host = helm;
  return state.run(slot);
}

function behaviourOf(compat: Compat) {
  return compat === 'helm4'
    ? { rangeOverInt: true, comparisonTypes: true }
    : { rangeOverInt: false, comparisonTypes: false };
}

/** include/tpl as helm wires them: include runs in the current set; tpl clones it. */
function helmHooks(compat: Compat, helm: HelmState): EngineHooks {
  const hooks: EngineHooks = {
    includeTemplate(state: State, name: string, data: GoValue): string {
      const tree = state.ns.lookup(name);
      if (!tree) throw new FuncError(`template: no template ${quote(name)} associated with template "gotpl"`);
      const slot = { value: data, boxed: false };
      return state.child(tree, slot).run(slot);
    },
    evalText(state: State, name: string, text: string, data: GoValue): string {
      if (!(state.ns instanceof TemplateSet)) throw new FuncError('tpl needs a template set');
      const set = state.ns.clone();
      try {
        set.parse(name, text, name);
      } catch (e) {
        if (e instanceof ParseError) throw new FuncError(`cannot parse template ${quote(text)}: ${e.message}`);
        throw e;
      }
      const tree = set.lookup(name)!;
      const slot = { value: data, boxed: false };
      if (state.depth + 1 > state.budget.limits.maxDepth) state.child(tree, slot);
      const child = new State(set, tree, state.budget, behaviourOf(compat), compat, hooks, state.depth + 1, slot);
      child.host = helm;
      try {
        return child.run(slot).replaceAll('<no value>', '');
      } catch (e) {
        if (e instanceof ExecError) {
          const err = new FuncError(`error during tpl function execution for ${quote(text)}: ${e.message}`);
          (err as any).cause = e;
          throw err;
        }
        throw e;
      }
    },
  };
  return hooks;
}

/** helm's cleanupParseError: `parse error at (<location>): <last part of the message>`. */
export function cleanupParseError(filename: string, message: string): string {
  const tokens = message.split(': ');
  if (tokens.length === 1) return `parse error in (${filename}): ${message}`;
  return `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
}

const warnRegex = new RegExp(`${WARN_START}([\\s\\S]*)${WARN_END}`);

/** Converts an execution failure into the error helm prints (H3 text or H4's multi-line trace). */
function convertExecError(filename: string, e: unknown, compat: Compat): Error {
  if (e instanceof LimitError) return new HelmError(`${filename}: ${e.message}`, true);
  if (!(e instanceof ExecError)) {
    if (e instanceof FuncError) return new HelmError(e.message, true);
    return e as Error;
  }
  const text = e.message;
  const tokens = splitN(text, ': ', 3);
  if (tokens.length !== 3) return new HelmError(`execution error in (${filename}): ${text}`, true);
  const location = tokens[1]!;
  const warn = warnRegex.exec(tokens[2]!);
  if (warn) return new HelmError(`execution error at (${location}): ${warn[1]}`, true);
  if (compat === 'helm4') {
    const trace = helm4Trace(e);
    if (trace !== undefined) return new HelmError(trace, true);
  }
  return new HelmError(text, true);
}

function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

/**
 * helm 4 prints a chain of template errors as a trace, one block per template level. It falls back
 * to the plain text when any link of the chain is not a template error (an error returned by a
 * function such as `eq` or `tpl`).
 */
function helm4Trace(e: ExecError): string | undefined {
  const blocks: string[] = [];
  let current: Error | undefined = e;
  while (current) {
    if (current instanceof ExecError) {
      if (current.location === undefined) return undefined;
      let message = current.detail;
      const cut = message.indexOf(' template:');
      if (current.cause && cut >= 0) message = message.slice(0, cut);
      blocks.push(
        `${current.location}\n  executing ${quote(current.templateName)} at <${current.context}>:\n    ${message}`,
      );
      current = current.cause;
      continue;
    }
    if (current instanceof FuncError && current.message.startsWith('template: ')) {
      blocks.push(current.message);
      break;
    }
    return undefined;
  }
  return blocks.join('\n');
}
