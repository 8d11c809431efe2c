/**
 * A set of associated templates sharing one namespace of names (what Go's text/template calls a
 * template with its associated templates, and what helm fills with every file of every chart).
 * Parse once, execute many times: trees are immutable after parsing and executions share nothing.
 */
import { isEmptyTree } from './ast.js';
import {
  Budget,
  builtinFunctionNames,
  DEFAULT_LIMITS,
  type EngineHooks,
  type ExecBehaviour,
  type ExecLimits,
  State,
} from './exec.js';
import { FuncError, type FuncMap } from './funcs.js';
import { parse, type Tree } from './parser.js';
import { quote } from './strconv.js';
import type { GoValue } from './value.js';

export interface ExecuteOptions {
  /** Which Go behaviour to reproduce: helm 3.17 (Go 1.23) or helm 4.1 (Go 1.25). */
  compat?: 'helm3' | 'helm4';
  /** Overrides of the default limits. */
  limits?: Partial<Omit<ExecLimits, 'deadline'> & { timeoutMs: number }>;
  /** Shared budget of a larger render (steps and deadline are counted across executions). */
  budget?: Budget;
  /** Whether dot's static type is interface{} (helm passes a concrete map: false). */
  dataBoxed?: boolean;
}

export function behaviourFor(compat: 'helm3' | 'helm4'): ExecBehaviour {
  return compat === 'helm4'
    ? { rangeOverInt: true, comparisonTypes: true }
    : { rangeOverInt: false, comparisonTypes: false };
}

export function makeBudget(limits?: ExecuteOptions['limits']): Budget {
  const l = { ...DEFAULT_LIMITS, ...limits };
  return new Budget({
    maxSteps: l.maxSteps,
    maxOutputChars: l.maxOutputChars,
    maxDepth: l.maxDepth,
    deadline: Date.now() + l.timeoutMs,
  });
}

export class TemplateSet {
  private readonly trees: Map<string, Tree>;

  constructor(
    readonly funcs: FuncMap,
    /** Name of the root template, used in "no template … associated with template …" errors. */
    readonly rootName = 'gotpl',
    trees?: Map<string, Tree>,
    /** Which Go parses the texts (line numbers of parse errors differ). */
    readonly compat: 'helm3' | 'helm4' = 'helm4',
  ) {
    this.trees = trees ?? new Map();
  }

  hasFunction = (name: string): boolean => this.funcs.has(name) || builtinFunctionNames.has(name);

  /**
   * Parses `text` as template `name` (a file path for helm) and associates it and every `define` in
   * it with this set, as text/template's Parse does: within one text a non-empty duplicate definition
   * is an error; across texts the later definition wins unless it is empty.
   */
  parse(name: string, text: string, parseName: string = name): void {
    this.addTrees(this.parseTrees(name, text, parseName));
  }

  /** Parses a text into its own trees (the top level and its defines) without adding them. */
  parseTrees(name: string, text: string, parseName: string = name): Map<string, Tree> {
    const local = new Map<string, Tree>();
    parse(name, parseName, text, this.hasFunction, local, { compat: this.compat });
    return local;
  }

  /** Associates trees produced by {@link parseTrees} (possibly cached from an earlier render). */
  addTrees(trees: Map<string, Tree>): void {
    for (const [n, tree] of trees) this.associate(n, tree);
  }

  private associate(name: string, tree: Tree): void {
    const old = this.trees.get(name);
    if (old && isEmptyTree(tree.root)) return;
    this.trees.set(name, tree);
  }

  lookup(name: string): Tree | undefined {
    return this.trees.get(name);
  }

  has(name: string): boolean {
    return this.trees.has(name);
  }

  /** A copy whose later definitions do not affect this set (what `tpl` works on). */
  clone(): TemplateSet {
    return new TemplateSet(this.funcs, this.rootName, new Map(this.trees), this.compat);
  }

  /**
   * Executes the named template with `data` as dot and returns its output.
   * Throws ExecError (Go's execution errors), LimitError, or FuncError for a missing name.
   */
  execute(name: string, data: GoValue, options: ExecuteOptions = {}, hooks?: EngineHooks): string {
    const tree = this.trees.get(name);
    if (!tree) {
      throw new FuncError(`template: no template ${quote(name)} associated with template ${quote(this.rootName)}`);
    }
    const compat = options.compat ?? 'helm4';
    const budget = options.budget ?? makeBudget(options.limits);
    const slot = { value: data, boxed: options.dataBoxed ?? false };
    const state = new State(this, tree, budget, behaviourFor(compat), compat, hooks ?? defaultHooks, 0, slot);
    return state.run(slot);
  }
}

/** include/tpl over the executing state's namespace, without Helm's extras. */
export const defaultHooks: EngineHooks = {
  includeTemplate(state: State, name: string, data: GoValue): string {
    const tree = state.ns.lookup(name);
    if (!tree) {
      const root = state.ns instanceof TemplateSet ? state.ns.rootName : 'gotpl';
      throw new FuncError(`template: no template ${quote(name)} associated with template ${quote(root)}`);
    }
    const slot = { value: data, boxed: false };
    return state.child(tree, slot).run(slot);
  },
  evalText(state: State, name: string, text: string, data: GoValue): string {
    if (!(state.ns instanceof TemplateSet)) throw new FuncError('tpl needs a template set');
    const set = state.ns.clone();
    set.parse(name, text, name);
    const slot = { value: data, boxed: false };
    const tree = set.lookup(name)!;
    const child = new State(set, tree, state.budget, state.behaviour, state.compat, state.hooks, state.depth + 1, slot);
    if (state.depth + 1 > state.budget.limits.maxDepth) return state.child(tree, slot).run(slot);
    return child.run(slot);
  },
};
