/**
 * The executor of Go's text/template over the helmless value model, following exec.go: Go's
 * truthiness, variable scoping, `missingkey=zero` map access, nil-pointer errors, sorted map ranging,
 * method calls on host values, argument conversion with Go's messages, short-circuit `and`/`or`,
 * `break`/`continue`, and range over integers in Go ≥1.24 mode. Every run is bounded by steps, output
 * size, template nesting depth and wall time.
 *
 * Static types: Go distinguishes a value held in an `interface {}` slot (a map element, a slice
 * element, a function result typed interface{}) from a concretely typed one; that changes error texts
 * ("can't evaluate field x in type interface {}" vs "… in type string") and nil handling. Evaluation
 * results report this through `this.boxed`; dot and variables keep it in {@link Slot}s.
 */

import { isStackOverflow } from '../stack-overflow.js';
import type {
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  RangeNode,
  TemplateNode,
  VariableNode,
} from './ast.js';
import { nodeString } from './ast.js';
import {
  type CompareOptions,
  eq,
  ge,
  gt,
  index,
  le,
  length,
  lt,
  ne,
  plainBuiltins,
  slice,
  T_REFLECT_VALUE,
  zeroValue,
} from './builtins.js';
import { formatValue } from './fmt.js';
import { type CallContext, type FuncDef, FuncError, type FuncMap } from './funcs.js';
import { NIL_ERROR } from './goerror.js';
import type { Tree } from './parser.js';
import { quote } from './strconv.js';
import { assignableTo, type GoType, isIntKind, T_BOOL, T_ERROR, T_INT, T_INTERFACE } from './types.js';
import {
  asMap,
  asSlice,
  GO_TYPE,
  GoComplex,
  GoInt,
  GoNamed,
  GoStruct,
  type GoValue,
  goInt,
  goIntOf,
  interfaceCopy,
  isTrue,
  lacksPtrMethods,
  sortedKeys,
  structField,
  typeOf,
  utf8Length,
} from './value.js';

/** Bounds for one execution (a helm render sets them per chart). */
export interface ExecLimits {
  /** Maximum evaluation steps (actions, commands, loop iterations). */
  maxSteps: number;
  /** Maximum output characters of one top-level execution. */
  maxOutputChars: number;
  /** Maximum nesting of `template`/`include`/`tpl` calls. */
  maxDepth: number;
  /** Absolute deadline (Date.now() milliseconds). */
  deadline: number;
}

export const DEFAULT_LIMITS: Omit<ExecLimits, 'deadline'> & { timeoutMs: number } = {
  maxSteps: 200_000_000,
  maxOutputChars: 256 * 1024 * 1024,
  maxDepth: 1000,
  timeoutMs: 120_000,
};

/** Go version behaviour switches. */
export interface ExecBehaviour {
  /** Go ≥1.24: `range` over integers. */
  rangeOverInt: boolean;
  /** Go ≥1.24: comparison errors name the operand types. */
  comparisonTypes: boolean;
}

/** Shared, mutable across one render: counts steps and time for every template executed. */
export class Budget {
  steps = 0;
  constructor(readonly limits: ExecLimits) {}
}

/** An execution failure, carrying Go's error text and its parts (helm 4 reformats them). */
export class ExecError extends Error {
  constructor(
    message: string,
    /** `file:line:col` (absent when the failure has no node). */
    readonly location: string | undefined,
    /** Name of the executing template. */
    readonly templateName: string,
    /** Source text of the failing node. */
    readonly context: string | undefined,
    /** The message after `at <…>: `. */
    readonly detail: string,
    /** A wrapped error (`error calling include: <cause>`). */
    override readonly cause?: Error,
  ) {
    super(message);
    this.name = 'ExecError';
  }
}

/** A resource bound was hit; reported with a clear message rather than a Go error. */
export class LimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LimitError';
  }
}

/** A value in a storage slot (dot or a variable) together with whether its static type is interface{}. */
interface Slot {
  value: GoValue;
  boxed: boolean;
}

interface Variable {
  name: string;
  value: GoValue;
  boxed: boolean;
}

const MISSING: unique symbol = Symbol('missing');
type Final = GoValue | typeof MISSING;

enum Flow {
  Normal = 0,
  Break = 1,
  Continue = 2,
}

/** The template namespace an execution runs in. */
export interface Namespace {
  lookup(name: string): Tree | undefined;
  readonly funcs: FuncMap;
}

/** Implemented by the engine to provide include/tpl to functions. */
export interface EngineHooks {
  includeTemplate(state: State, name: string, data: GoValue): string;
  evalText(state: State, name: string, text: string, data: GoValue): string;
}

export class State implements CallContext {
  private out = '';
  private vars: Variable[];
  private node: Node | null = null;
  /** Out-parameter of evaluations: whether the last result's static type is interface{}. */
  private boxed = false;
  readonly compareOptions: CompareOptions;
  /** Data the embedding engine attaches for its functions (helm's include counters); inherited by children. */
  host: unknown;

  constructor(
    readonly ns: Namespace,
    public tmpl: Tree,
    readonly budget: Budget,
    readonly behaviour: ExecBehaviour,
    readonly compat: 'helm3' | 'helm4',
    readonly hooks: EngineHooks | undefined,
    readonly depth: number,
    data: Slot,
  ) {
    this.vars = [{ name: '$', value: data.value, boxed: data.boxed }];
    this.compareOptions = { typesInMessage: behaviour.comparisonTypes };
  }

  /** Executes the template's tree and returns its output. */
  run(data: Slot): string {
    if (this.depth > 0) {
      this.walk(data, this.tmpl.root);
      return this.out;
    }
    try {
      this.walk(data, this.tmpl.root);
    } catch (err) {
      // A JS stack overflow (deep template/include recursion) is turned into a limit error here, at
      // the outermost execution, where the stack has unwound: near the overflow even building the
      // error can overflow again.
      if (isStackOverflow(err)) {
        throw new LimitError('template recursion is too deep');
      }
      throw err;
    }
    return this.out;
  }

  // ----- CallContext ------------------------------------------------------------------------------

  includeTemplate(name: string, data: GoValue): string {
    if (!this.hooks) throw new FuncError('include is not available');
    return this.hooks.includeTemplate(this, name, data);
  }

  evalText(name: string, text: string, data: GoValue): string {
    if (!this.hooks) throw new FuncError('tpl is not available');
    return this.hooks.evalText(this, name, text, data);
  }

  /** A nested execution (template call) sharing the budget. */
  child(tmpl: Tree, data: Slot): State {
    if (this.depth + 1 > this.budget.limits.maxDepth) {
      throw new LimitError(`template nesting exceeded the limit of ${this.budget.limits.maxDepth} levels`);
    }
    const child = new State(this.ns, tmpl, this.budget, this.behaviour, this.compat, this.hooks, this.depth + 1, data);
    child.host = this.host;
    return child;
  }

  // ----- errors ----------------------------------------------------------------------------------

  private at(node: Node): void {
    this.node = node;
  }

  errorf(detail: string, cause?: Error): never {
    const name = this.tmpl.name;
    if (this.node === null) {
      throw new ExecError(`template: ${name}: ${detail}`, undefined, name, undefined, detail, cause);
    }
    const [location, context] = this.errorContext(this.node);
    throw new ExecError(
      `template: ${location}: executing ${quote(name)} at <${context}>: ${detail}`,
      location,
      name,
      context,
      detail,
      cause,
    );
  }

  /** parse.Tree.ErrorContext: `file:line:byteColumn` and the node's source text. */
  errorContext(node: Node): [string, string] {
    const text = this.tmpl.text;
    const pos = Math.min(node.pos, text.length);
    const before = text.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    let line = 1;
    for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
    const col = nl < 0 ? utf8Length(before) : utf8Length(before.slice(nl + 1));
    return [`${this.tmpl.parseName}:${line}:${col}`, nodeString(node)];
  }

  // ----- budget ----------------------------------------------------------------------------------

  private step(): void {
    const b = this.budget;
    if (++b.steps > b.limits.maxSteps) {
      throw new LimitError(`template execution exceeded the limit of ${b.limits.maxSteps} steps`);
    }
    if ((b.steps & 0xfff) === 0 && Date.now() > b.limits.deadline) {
      throw new LimitError('template execution exceeded its time limit');
    }
  }

  private write(s: string): void {
    this.out += s;
    if (this.out.length > this.budget.limits.maxOutputChars) {
      throw new LimitError(`template output exceeded the limit of ${this.budget.limits.maxOutputChars} characters`);
    }
  }

  // ----- variables -------------------------------------------------------------------------------

  private push(name: string, value: GoValue, boxed: boolean): void {
    this.vars.push({ name, value, boxed });
  }

  private mark(): number {
    return this.vars.length;
  }

  private pop(mark: number): void {
    this.vars.length = mark;
  }

  private setVar(name: string, value: GoValue, boxed: boolean): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!;
      if (v.name === name) {
        v.value = value;
        v.boxed = boxed;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: GoValue, boxed: boolean): void {
    const v = this.vars[this.vars.length - n]!;
    v.value = value;
    v.boxed = boxed;
  }

  private varValue(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!;
      if (v.name === name) return v;
    }
    this.errorf(`undefined variable: ${name}`);
  }

  // ----- walking ---------------------------------------------------------------------------------

  private walk(dot: Slot, node: Node): Flow {
    this.at(node);
    switch (node.type) {
      case 'action': {
        this.step();
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return Flow.Normal;
      }
      case 'if':
      case 'with':
        return this.walkIfOrWith(node.type, dot, node.pipe, node.list, node.elseList);
      case 'list':
        for (const n of node.nodes) {
          const flow = this.walk(dot, n);
          if (flow !== Flow.Normal) return flow;
        }
        return Flow.Normal;
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        this.walkTemplate(dot, node);
        return Flow.Normal;
      case 'text':
        this.write(node.text);
        return Flow.Normal;
      case 'break':
        return Flow.Break;
      case 'continue':
        return Flow.Continue;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private walkIfOrWith(typ: 'if' | 'with', dot: Slot, pipe: PipeNode, list: ListNode, elseList: ListNode | null): Flow {
    const mark = this.mark();
    try {
      this.step();
      const val = this.evalPipeline(dot, pipe);
      if (isTrue(val)) {
        return this.walk(typ === 'with' ? { value: val, boxed: false } : dot, list);
      }
      if (elseList) return this.walk(dot, elseList);
      return Flow.Normal;
    } finally {
      this.pop(mark);
    }
  }

  /**
   * A `{{continue}}` in the else branch continues the enclosing range (Go panics with walkContinue
   * up to the outer iteration), while a `{{break}}` there only ends this range (this walkRange
   * recovers walkBreak): the else branch's flow is returned accordingly.
   */
  private walkRange(dot: Slot, r: RangeNode): Flow {
    this.at(r);
    const outer = this.mark();
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.mark();
      const decl = r.pipe.decl.length;
      const oneIteration = (idx: GoValue, elem: GoValue, elemBoxed: boolean): Flow => {
        this.step();
        if (decl > 0) this.setTopVar(1, elem, elemBoxed);
        if (decl > 1) this.setTopVar(2, idx, false);
        const flow = this.walk({ value: elem, boxed: elemBoxed }, r.list);
        this.pop(mark);
        return flow;
      };
      const items = asSlice(val);
      if (items) {
        if (items.length > 0) {
          const t = typeOf(val)!;
          const elemType = t.elem ?? t.underlying?.elem ?? T_INTERFACE;
          const boxed = elemType.kind === 'interface';
          for (let i = 0; i < items.length; i++) {
            if (oneIteration(goInt(i), items[i], boxed) === Flow.Break) break;
          }
          return Flow.Normal;
        }
      } else if (val instanceof Uint8Array) {
        if (val.length > 0) {
          for (let i = 0; i < val.length; i++) {
            if (oneIteration(goInt(i), goIntOf({ kind: 'uint8', name: 'uint8' }, val[i]!), false) === Flow.Break) break;
          }
          return Flow.Normal;
        }
      } else if (asMap(val)) {
        const m = asMap(val)!;
        if (m.size > 0) {
          const t = typeOf(val)!;
          const elemType = t.elem ?? t.underlying?.elem ?? T_INTERFACE;
          const boxed = elemType.kind === 'interface';
          for (const key of sortedKeys(m)) {
            if (oneIteration(key, m.get(key), boxed) === Flow.Break) break;
          }
          return Flow.Normal;
        }
      } else if (val instanceof GoInt && this.behaviour.rangeOverInt) {
        if (decl > 1) this.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
        let ran = false;
        for (let i = 0n; i < val.v; i++) {
          ran = true;
          const v = goIntOf(val.type, i);
          if (oneIteration(v, v, false) === Flow.Break) break;
        }
        if (ran) return Flow.Normal;
      } else if (val !== undefined) {
        this.errorf(`range can't iterate over ${formatValue(val)}`);
      }
      if (r.elseList && this.walk(dot, r.elseList) === Flow.Continue) return Flow.Continue;
      return Flow.Normal;
    } finally {
      this.pop(outer);
    }
  }

  private walkTemplate(dot: Slot, t: TemplateNode): void {
    this.at(t);
    const tmpl = this.ns.lookup(t.name);
    if (!tmpl) this.errorf(`template ${quote(t.name)} not defined`);
    const value = this.evalPipeline(dot, t.pipe);
    const slot = { value, boxed: false };
    const child = this.child(tmpl, slot);
    this.write(child.run(slot));
  }

  // ----- evaluation ------------------------------------------------------------------------------

  private evalPipeline(dot: Slot, pipe: PipeNode | null): GoValue {
    if (pipe === null) return undefined;
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // If the result has type interface{}, dig down one level to the thing inside.
      if (this.boxed) {
        this.boxed = false;
        if (value === null) value = undefined;
      }
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0]!, value, false);
      else this.push(v.ident[0]!, value, false);
    }
    return value;
  }

  private notAFunction(args: Node[] | null, final: Final): void {
    if ((args && args.length > 1) || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString(args![0]!)}`);
    }
  }

  private evalCommand(dot: Slot, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0]!;
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    this.boxed = false;
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        this.boxed = dot.boxed;
        return dot.value;
      case 'nil':
        this.errorf('nil is not a command');
        break;
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    this.errorf(`can't evaluate command ${quote(nodeString(first))}`);
  }

  private idealConstant(c: NumberNode): GoValue {
    this.at(c);
    this.boxed = false;
    if (c.isComplex) return new GoComplex(c.complex[0], c.complex[1]);
    const isHexInt =
      c.text.length > 2 && c.text[0] === '0' && (c.text[1] === 'x' || c.text[1] === 'X') && !/[pP]/.test(c.text);
    const isRuneInt = c.text[0] === "'";
    if (c.isFloat && !isHexInt && !isRuneInt && /[.eEpP]/.test(c.text)) return c.float64;
    if (c.isInt) return goInt(c.int64);
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: Slot, field: FieldNode, args: Node[] | null, final: Final): GoValue {
    this.at(field);
    return this.evalFieldChain(dot, dot.value, dot.boxed, field, field.ident, args, final);
  }

  private evalChainNode(dot: Slot, chain: ChainNode, args: Node[] | null, final: Final): GoValue {
    this.at(chain);
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, this.boxed, chain, chain.field, args, final);
  }

  private evalVariableNode(dot: Slot, variable: VariableNode, args: Node[] | null, final: Final): GoValue {
    this.at(variable);
    const v = this.varValue(variable.ident[0]!);
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      this.boxed = v.boxed;
      return v.value;
    }
    return this.evalFieldChain(dot, v.value, v.boxed, variable, variable.ident.slice(1), args, final);
  }

  private evalFieldChain(
    dot: Slot,
    receiver: GoValue,
    boxed: boolean,
    node: Node,
    ident: string[],
    args: Node[] | null,
    final: Final,
  ): GoValue {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) {
      receiver = this.evalField(dot, ident[i]!, node, null, MISSING, receiver, boxed);
      boxed = this.boxed;
    }
    return this.evalField(dot, ident[n - 1]!, node, args, final, receiver, boxed);
  }

  private evalFunction(dot: Slot, node: IdentifierNode, cmd: Node, args: Node[] | null, final: Final): GoValue {
    this.at(node);
    const name = node.ident;
    const user = this.ns.funcs.get(name);
    if (user) return this.evalCall(dot, user, false, cmd, name, args, final);
    const plain = plainBuiltins[name];
    if (plain) return this.evalCall(dot, plain, true, cmd, name, args, final);
    const builtin = reflectBuiltins[name];
    if (builtin) return this.evalCall(dot, builtin, true, cmd, name, args, final);
    this.errorf(`${quote(name)} is not a defined function`);
  }

  /** evalField: a method call, a struct field or a map key on `receiver`. */
  private evalField(
    dot: Slot,
    fieldName: string,
    node: Node,
    args: Node[] | null,
    final: Final,
    receiver: GoValue,
    boxed: boolean,
  ): GoValue {
    if (receiver === undefined) {
      this.boxed = false;
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    const type = typeOf(receiver);
    const typName = boxed ? 'interface {}' : (type?.name ?? 'interface {}');
    const found = lacksPtrMethods(receiver) ? undefined : type?.methods?.get(fieldName);
    const method = found?.helm4Only && this.compat === 'helm3' ? undefined : found;
    if (method) return this.evalCall(dot, method, false, node, fieldName, args, final, receiver);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (receiver instanceof GoStruct) {
      const f = structField(receiver, fieldName);
      if (f) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        this.boxed = f.type.kind === 'interface';
        return f.value === undefined ? null : f.value;
      }
    } else {
      const map = asMap(receiver);
      if (map) {
        if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
        const t = type!;
        const elemType = t.elem ?? t.underlying?.elem ?? T_INTERFACE;
        this.boxed = elemType.kind === 'interface';
        if (map.has(fieldName)) {
          const v = map.get(fieldName);
          return v === undefined ? null : v;
        }
        return zeroValue(elemType);
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typName}`);
  }

  /** Calls a function or method (bound to `receiver`) with Go's argument checks. */
  private evalCall(
    dot: Slot,
    fun: FuncDef,
    isBuiltin: boolean,
    node: Node,
    name: string,
    args: Node[] | null,
    final: Final,
    receiver?: GoValue,
  ): GoValue {
    const argNodes = args ? args.slice(1) : [];
    const params = fun.params;
    const numIn = argNodes.length + (final !== MISSING ? 1 : 0);
    let numFixed = argNodes.length;
    if (fun.variadic) {
      numFixed = params.length;
      if (numIn < numFixed) {
        this.errorf(`wrong number of args for ${name}: want at least ${params.length} got ${argNodes.length}`);
      }
    } else if (numIn !== params.length) {
      this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
    }
    if (fun.badSignature) this.errorf(fun.badSignature);

    // and/or short-circuit.
    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: GoValue;
      for (const arg of argNodes) {
        v = this.evalArg(dot, T_REFLECT_VALUE, arg);
        if (v === null) v = undefined;
        if (isTrue(v) === (name === 'or')) {
          this.boxed = false;
          return v;
        }
      }
      if (final !== MISSING) v = final;
      this.boxed = false;
      return v;
    }

    const argv: GoValue[] = [];
    let i = 0;
    for (; i < numFixed && i < argNodes.length; i++) argv.push(this.evalArg(dot, params[i]!, argNodes[i]!));
    if (fun.variadic) {
      for (; i < argNodes.length; i++) argv.push(this.evalArg(dot, fun.variadic, argNodes[i]!));
    }
    if (final !== MISSING) {
      let t = params[params.length - 1] ?? fun.variadic!;
      if (fun.variadic) t = numIn - 1 < numFixed ? params[numIn - 1]! : fun.variadic;
      argv.push(this.validateType(final, false, t));
    }

    let result: GoValue;
    try {
      if (isBuiltin && name === 'call') result = this.builtinCall(argNodes, argv);
      else if (receiver !== undefined) result = fun.impl(receiver, ...argv);
      else if (fun.context) result = fun.impl(this, ...argv);
      else result = fun.impl(...argv);
    } catch (err) {
      if (err instanceof FuncError || err instanceof ExecError) {
        this.at(node);
        this.errorf(`error calling ${name}: ${err.message}`, err);
      }
      throw err;
    }
    const rt = fun.result;
    if (rt === T_REFLECT_VALUE) {
      const r = result as { value: GoValue; boxed: boolean };
      this.boxed = r.boxed;
      return r.value;
    }
    // Only an empty interface is unwrapped by the pipeline: a nil `error` result stays a value that
    // prints as <nil> (where a nil interface {} prints as no value).
    this.boxed = rt.kind === 'interface' && rt !== T_ERROR;
    if (rt === T_ERROR && (result === null || result === undefined)) return NIL_ERROR;
    if (result === undefined) return this.boxed ? null : zeroValue(rt);
    if (isIntKind(rt.kind) && (typeof result === 'number' || typeof result === 'bigint')) return goIntOf(rt, result);
    return result;
  }

  /** The `call` builtin: no template value is ever a function, so it always returns an error. */
  private builtinCall(argNodes: Node[], argv: GoValue[]): never {
    const fnValue = argv[0] === null ? undefined : argv[0];
    if (fnValue === undefined) throw new FuncError('call of nil');
    const t = typeOf(fnValue);
    throw new FuncError(`non-function ${nodeString(argNodes[0]!)} of type ${t?.name ?? '<nil>'}`);
  }

  /** validateType: is `value` (with its static boxing) usable where `typ` is expected? */
  private validateType(value: GoValue, boxed: boolean, typ: GoType | null): GoValue {
    if (value === undefined) {
      if (typ === null) return undefined;
      if (typ === T_REFLECT_VALUE) return undefined;
      if (canBeNil(typ)) return null;
      this.errorf(`invalid value; expected ${typ.name}`);
    }
    // A nil error passed on as interface {} (or to a builtin) is a plain nil.
    if (value === NIL_ERROR && typ !== T_ERROR) return typ === null || typ.kind !== 'interface' ? undefined : null;
    if (typ === null || typ === T_REFLECT_VALUE) return value;
    if (typ.kind === 'interface') return interfaceCopy(value);
    if (value === null) this.errorf(`wrong type for value; expected ${typ.name}; got interface {}`);
    const vt = typeOf(value)!;
    if (assignableTo(vt, typ)) return convertArg(value, typ);
    // One dereference: a pointer to a struct where the struct is wanted.
    if (vt.kind === 'ptr' && vt.elem && assignableTo(vt.elem, typ)) return value;
    void boxed;
    this.errorf(`wrong type for value; expected ${typ.name}; got ${vt.name}`);
  }

  private evalArg(dot: Slot, typ: GoType | null, n: Node): GoValue {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot.value, dot.boxed, typ);
      case 'nil':
        if (typ === T_REFLECT_VALUE) return undefined;
        if (typ !== null && canBeNil(typ)) return null;
        this.errorf(`cannot assign nil to ${typ?.name ?? '<nil>'}`);
        break;
      case 'field': {
        const v = this.evalFieldNode(dot, n, [n], MISSING);
        return this.validateType(v, this.boxed, typ);
      }
      case 'variable': {
        const v = this.evalVariableNode(dot, n, null, MISSING);
        return this.validateType(v, this.boxed, typ);
      }
      case 'pipe': {
        const v = this.evalPipeline(dot, n);
        return this.validateType(v, false, typ);
      }
      case 'identifier': {
        const v = this.evalFunction(dot, n, n, null, MISSING);
        return this.validateType(v, this.boxed, typ);
      }
      case 'chain': {
        const v = this.evalChainNode(dot, n, null, MISSING);
        return this.validateType(v, this.boxed, typ);
      }
    }
    if (typ === null) this.errorf(`can't handle ${nodeString(n)} for arg of type <nil>`);
    switch (typ.kind) {
      case 'bool':
        if (n.type === 'bool') return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
        break;
      case 'complex128':
        if (n.type === 'number' && n.isComplex) return new GoComplex(n.complex[0], n.complex[1]);
        this.errorf(`expected complex; found ${nodeString(n)}`);
        break;
      case 'float32':
      case 'float64':
        if (n.type === 'number' && n.isFloat) return n.float64;
        this.errorf(`expected float; found ${nodeString(n)}`);
        break;
      case 'int':
      case 'int8':
      case 'int16':
      case 'int32':
      case 'int64':
        if (n.type === 'number' && n.isInt) return intArg(n.int64);
        this.errorf(`expected integer; found ${nodeString(n)}`);
        break;
      case 'uint':
      case 'uint8':
      case 'uint16':
      case 'uint32':
      case 'uint64':
        if (n.type === 'number' && n.isUint) return intArg(n.uint64);
        this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
        break;
      case 'string':
        if (n.type === 'string') return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
        break;
      case 'interface':
        return this.evalEmptyInterface(n);
      case 'struct':
        if (typ === T_REFLECT_VALUE) return this.evalEmptyInterface(n);
        break;
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${typ.name}`);
  }

  private evalEmptyInterface(n: Node): GoValue {
    this.at(n);
    switch (n.type) {
      case 'bool':
        return n.value;
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return n.text;
    }
    this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }

  private printValue(node: Node, v: GoValue): void {
    this.at(node);
    if (v === undefined || v === null) {
      this.write('<no value>');
      return;
    }
    if (v instanceof GoStruct) {
      const t = v.goType;
      if (t.stringer && !lacksPtrMethods(v)) {
        this.write(t.stringer(v));
        return;
      }
      if (t.kind === 'ptr') {
        // Printing indirects pointers: {…}, not &{…}.
        const s = formatValue(v);
        this.write(s.startsWith('&') ? s.slice(1) : s);
        return;
      }
    }
    this.write(formatValue(v));
  }
}

/** Whether an untyped nil can be assigned to the type. */
function canBeNil(t: GoType): boolean {
  switch (t.kind) {
    case 'interface':
    case 'map':
    case 'slice':
    case 'ptr':
    case 'func':
      return true;
  }
  return t === T_REFLECT_VALUE;
}

/** An integer argument: a JS number when exact, the bigint beyond ±2^53 (see funcs.ts). */
function intArg(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** What `impl` receives for a parameter of type `t` (see funcs.ts). */
function convertArg(v: GoValue, t: GoType): GoValue {
  if (v instanceof GoInt && isIntKind(t.kind)) return intArg(v.v);
  if (v instanceof GoNamed && !t.underlying && t.kind !== 'interface') return v.value;
  return v;
}

/** Reflect-based builtins: their FuncDefs give the signature; impls receive raw values. */
const reflectBuiltins: Record<string, FuncDef> = (() => {
  const R = T_REFLECT_VALUE;
  const def = (params: GoType[], result: GoType, impl: FuncDef['impl'], variadic?: GoType): FuncDef => ({
    params,
    result,
    impl,
    variadic,
    context: true,
  });
  const cmp = (f: (o: CompareOptions, a: GoValue, b: GoValue) => boolean) =>
    def([R, R], T_BOOL, (s: State, a: GoValue, b: GoValue) => f(s.compareOptions, a, b));
  return {
    and: def([R], R, () => undefined, R),
    or: def([R], R, () => undefined, R),
    call: def([R], R, () => undefined, R),
    not: def([R], T_BOOL, (_s: State, a: GoValue) => !isTrue(a === null ? undefined : a)),
    len: def([R], T_INT, (_s: State, a: GoValue) => length(a)),
    index: def([R], R, (_s: State, item: GoValue, ...idx: GoValue[]) => index(item, idx), R),
    slice: def([R], R, (_s: State, item: GoValue, ...idx: GoValue[]) => ({ value: slice(item, idx), boxed: false }), R),
    eq: def([R], T_BOOL, (s: State, a: GoValue, ...rest: GoValue[]) => eq(s.compareOptions, a, rest), R),
    ne: cmp(ne),
    lt: cmp(lt),
    le: cmp(le),
    gt: cmp(gt),
    ge: cmp(ge),
  };
})();

/** Every builtin function name (for the parser's function check). */
export const builtinFunctionNames: ReadonlySet<string> = new Set([
  ...Object.keys(plainBuiltins),
  ...Object.keys(reflectBuiltins),
]);

export { GO_TYPE };
