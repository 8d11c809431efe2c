/**
 * The parser of Go's text/template (Go 1.23–1.25 grammar): actions, control structures with
 * `else if`/`else with`, `range` with `break`/`continue`, `define`/`template`/`block`, variables with
 * lexical scoping checks, pipelines and chains. Errors carry Go's exact text
 * (`template: NAME:LINE: MESSAGE`).
 */
import type {
  ChainNode,
  CommandNode,
  FieldNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './ast.js';
import { isEmptyTree, nodeString } from './ast.js';
import { type Item, Lexer, T } from './lexer.js';
import {
  NumError,
  parseGoFloat,
  quote,
  SyntaxError_,
  sprintfQuoted10,
  tryParseInt,
  tryParseUint,
  unquote,
  unquoteChar,
} from './strconv.js';
import { float64ToInt64 } from './value.js';

/** A parsed template: a file's top level or a `define`/`block`. */
export interface Tree {
  /** Template name (`define "x"` → x; a file's top level → its path). */
  name: string;
  /** Name of the file the template text came from, used in error locations. */
  parseName: string;
  /** The whole text of that file (positions index into it). */
  text: string;
  root: ListNode;
}

/** A parse failure with Go's message (`template: NAME:LINE: MESSAGE`). */
export class ParseError extends Error {
  constructor(
    message: string,
    /** The bare message (after `template: NAME:LINE: `). */
    readonly detail: string,
    readonly parseName: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

class Abort {
  constructor(readonly error: ParseError) {}
}

function itemString(i: Item): string {
  if (i.typ === T.EOF) return 'EOF';
  if (i.typ === T.Error) return i.val;
  if (i.typ > T.Keyword) return `<${i.val}>`;
  if ([...i.val].length > 10) return `${sprintfQuoted10(i.val)}...`;
  return quote(i.val);
}

export interface ParseOptions {
  /** Which Go to reproduce: helm 3 (Go 1.23) or helm 4 (Go 1.25, the default). */
  compat?: 'helm3' | 'helm4';
}

/**
 * Parses `text` (from file `parseName`) as template `name`, adding the top-level tree and every
 * `define`/`block` to `treeSet` with Go's rules (a non-empty duplicate in the same parse is an
 * error; an empty definition never replaces an existing one).
 */
export function parse(
  name: string,
  parseName: string,
  text: string,
  hasFunction: (name: string) => boolean,
  treeSet: Map<string, Tree>,
  options: ParseOptions = {},
): void {
  const lexer = new Lexer(text, {
    breakOK: !hasFunction('break'),
    continueOK: !hasFunction('continue'),
    countCommentLines: options.compat !== 'helm3',
  });
  const p = new Parser(name, parseName, text, hasFunction, treeSet, lexer);
  try {
    p.parse();
  } catch (e) {
    if (e instanceof Abort) throw e.error;
    throw e;
  }
}

class Parser {
  private tree: Tree;
  private lex: Lexer;
  private token: Item[] = [];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;

  constructor(
    name: string,
    private readonly parseName: string,
    private readonly text: string,
    private readonly hasFunction: (name: string) => boolean,
    private readonly treeSet: Map<string, Tree>,
    lexer?: Lexer,
  ) {
    this.tree = { name, parseName, text, root: { type: 'list', pos: 0, nodes: NONE } };
    this.lex = lexer ?? new Lexer(text, { breakOK: !hasFunction('break'), continueOK: !hasFunction('continue') });
  }

  /**
   * Children being collected, as a stack: each list, pipeline and command pushes its children here
   * and takes them out in one exactly-sized copy when it completes (nested ones complete first).
   * Parse trees are cached for as long as their chart; arrays grown by push keep room for 16
   * elements or more, and growing each one separately doubled the parser's allocations.
   */
  private readonly scratch: unknown[] = [];

  private collect<T>(mark: number): T[] {
    const out: T[] = this.scratch.length === mark ? NONE : (this.scratch.slice(mark) as T[]);
    this.scratch.length = mark;
    return out;
  }

  // ----- token stream ---------------------------------------------------------------------------

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount]!;
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let token: Item;
    do token = this.next();
    while (token.typ === T.Space);
    return token;
  }

  private peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // ----- errors ----------------------------------------------------------------------------------

  private errorf(message: string): never {
    const line = this.token[0]?.line ?? 1;
    this.tree.root = { type: 'list', pos: 0, nodes: NONE };
    throw new Abort(new ParseError(`template: ${this.parseName}:${line}: ${message}`, message, this.parseName, line));
  }

  private expect(expected: T, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  private expectOneOf(e1: T, e2: T, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== e1 && token.typ !== e2) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: Item, context: string): never {
    if (token.typ === T.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  // ----- grammar ---------------------------------------------------------------------------------

  parse(): void {
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes: NONE };
    this.tree.root = root;
    const mark = this.scratch.length;
    while (this.peek().typ !== T.EOF) {
      if (this.peek().typ === T.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === T.Define) {
          const sub = new Parser('definition', this.parseName, this.text, this.hasFunction, this.treeSet, this.lex);
          sub.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      this.scratch.push(n);
    }
    root.nodes = this.collect(mark);
    this.add();
  }

  private add(): void {
    const existing = this.treeSet.get(this.tree.name);
    if (!existing || isEmptyTree(existing.root)) {
      this.treeSet.set(this.tree.name, this.tree);
      return;
    }
    if (!isEmptyTree(this.tree.root)) this.errorf(`template: multiple definition of template ${quote(this.tree.name)}`);
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf(T.String, T.RawString, context);
    this.tree.name = this.unquote(name.val);
    this.expect(T.RightDelim, context);
    const [list, end] = this.itemList();
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.tree.root = list;
    this.add();
  }

  private unquote(s: string): string {
    try {
      return unquote(s);
    } catch (e) {
      if (e instanceof SyntaxError_) this.errorf(e.message);
      throw e;
    }
  }

  private itemList(): [ListNode, Node] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: NONE };
    const mark = this.scratch.length;
    while (this.peekNonSpace().typ !== T.EOF) {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') {
        list.nodes = this.collect(mark);
        return [list, n];
      }
      this.scratch.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Text:
        return { type: 'text', pos: token.pos, text: token.val };
      case T.LeftDelim: {
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Block:
        return this.blockControl();
      case T.Break:
        return this.breakControl(token, 'break');
      case T.Continue:
        return this.breakControl(token, 'continue');
      case T.Else:
        return this.elseControl();
      case T.End:
        return { type: 'end', pos: this.expect(T.RightDelim, 'end').pos };
      case T.If:
        return { type: 'if', ...this.parseControl('if') };
      case T.Range:
        return { type: 'range', ...this.parseControl('range') };
      case T.Template:
        return this.templateControl();
      case T.With:
        return { type: 'with', ...this.parseControl('with') };
    }
    this.backup();
    const t = this.peek();
    return { type: 'action', pos: t.pos, line: t.line, pipe: this.pipeline('command', T.RightDelim) };
  }

  private breakControl(token: Item, word: 'break' | 'continue'): Node {
    const next = this.nextNonSpace();
    if (next.typ !== T.RightDelim) this.unexpected(next, `{{${word}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${word}}} outside {{range}}`);
    return { type: word, pos: token.pos, line: token.line };
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    // "{{else if …" and "{{else with …" are treated as "{{else}}{{if …" / "{{else}}{{with …".
    if (peek.typ === T.If || peek.typ === T.With) return { type: 'else', pos: peek.pos, line: peek.line };
    const token = this.expect(T.RightDelim, 'else');
    return { type: 'else', pos: token.pos, line: token.line };
  }

  private parseControl(context: 'if' | 'range' | 'with'): {
    pos: number;
    line: number;
    pipe: PipeNode;
    list: ListNode;
    elseList: ListNode | null;
  } {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, T.RightDelim);
      if (context === 'range') this.rangeDepth++;
      let [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        if (context === 'if' && this.peek().typ === T.If) {
          this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [{ type: 'if', ...this.parseControl('if') }] };
        } else if (context === 'with' && this.peek().typ === T.With) {
          this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [{ type: 'with', ...this.parseControl('with') }] };
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
        }
      }
      void list;
      return { pos: pipe.pos, line: pipe.line, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, T.RightDelim);
    const block = new Parser(name, this.parseName, this.text, this.hasFunction, this.treeSet, this.lex);
    const [list, end] = block.itemList();
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    block.tree.root = list;
    block.add();
    const node: TemplateNode = { type: 'template', pos: token.pos, line: token.line, name, pipe };
    return node;
  }

  private templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== T.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, T.RightDelim);
    }
    return { type: 'template', pos: token.pos, line: token.line, name, pipe };
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.typ === T.String || token.typ === T.RawString) return this.unquote(token.val);
    this.unexpected(token, context);
  }

  private pipeline(context: string, end: T): PipeNode {
    const token = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: token.pos, line: token.line, isAssign: false, decl: NONE, cmds: NONE };
    let decl: VariableNode[] | undefined;
    // Are there declarations or assignments?
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== T.Variable) break;
      this.next();
      // In "$x foo" we need to read "foo" (as opposed to ":=") to know that $x is an argument.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === T.Assign || next.typ === T.Declare) {
        pipe.isAssign = next.typ === T.Assign;
        this.nextNonSpace();
        (decl ??= []).push(newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === T.Char && next.val === ',') {
        this.nextNonSpace();
        (decl ??= []).push(newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && decl.length < 2) {
          const t = this.peekNonSpace().typ;
          if (t === T.Variable || t === T.RightDelim || t === T.RightParen) continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === T.Space) {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    pipe.decl = decl ? exact(decl) : NONE;
    const mark = this.scratch.length;
    for (;;) {
      const token = this.nextNonSpace();
      switch (token.typ) {
        case end:
          pipe.cmds = this.collect(mark);
          this.checkPipeline(pipe, context);
          return pipe;
        case T.Bool:
        case T.CharConstant:
        case T.Complex:
        case T.Dot:
        case T.Field:
        case T.Identifier:
        case T.Number:
        case T.Nil:
        case T.RawString:
        case T.String:
        case T.Variable:
        case T.LeftParen:
          this.backup();
          this.scratch.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const t = pipe.cmds[i]!.args[0]!.type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: NONE };
    const mark = this.scratch.length;
    for (;;) {
      this.peekNonSpace(); // skip leading spaces
      const operand = this.operand();
      if (operand) this.scratch.push(operand);
      const token = this.next();
      if (token.typ === T.Space) continue;
      if (token.typ === T.RightDelim || token.typ === T.RightParen) this.backup();
      else if (token.typ !== T.Pipe) this.unexpected(token, 'operand');
      break;
    }
    cmd.args = this.collect(mark);
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | null {
    const node = this.term();
    if (!node) return null;
    if (this.peek().typ === T.Field) {
      const chain: ChainNode = { type: 'chain', pos: this.peek().pos, node, field: [] };
      while (this.peek().typ === T.Field) chain.field.push(this.next().val.slice(1));
      chain.field = exact(chain.field);
      switch (node.type) {
        case 'field': {
          const f: FieldNode = { type: 'field', pos: chain.pos, ident: [...node.ident, ...chain.field] };
          return f;
        }
        case 'variable': {
          const v: VariableNode = { type: 'variable', pos: chain.pos, ident: [...node.ident, ...chain.field] };
          return v;
        }
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf(`unexpected . after term ${quote(nodeString(node))}`);
          break;
        default:
          return chain;
      }
    }
    return node;
  }

  private term(): Node | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Identifier:
        if (!this.hasFunction(token.val)) this.errorf(`function ${quote(token.val)} not defined`);
        return { type: 'identifier', pos: token.pos, ident: token.val };
      case T.Dot:
        return { type: 'dot', pos: token.pos };
      case T.Nil:
        return { type: 'nil', pos: token.pos };
      case T.Variable:
        return this.useVar(token.pos, token.val);
      case T.Field:
        return { type: 'field', pos: token.pos, ident: token.val.slice(1).split('.') };
      case T.Bool:
        return { type: 'bool', pos: token.pos, value: token.val === 'true' };
      case T.CharConstant:
      case T.Complex:
      case T.Number:
        return this.newNumber(token);
      case T.LeftParen:
        return this.pipeline('parenthesized pipeline', T.RightParen);
      case T.String:
      case T.RawString:
        return { type: 'string', pos: token.pos, quoted: token.val, text: this.unquote(token.val) };
    }
    this.backup();
    return null;
  }

  private useVar(pos: number, name: string): Node {
    const v = newVariable(pos, name);
    if (!this.vars.includes(v.ident[0]!)) this.errorf(`undefined variable ${quote(v.ident[0]!)}`);
    return v;
  }

  private newNumber(token: Item): NumberNode {
    const text = token.val;
    const n: NumberNode = {
      type: 'number',
      pos: token.pos,
      text,
      isInt: false,
      isUint: false,
      isFloat: false,
      isComplex: false,
      int64: 0n,
      uint64: 0n,
      float64: 0,
      complex: [0, 0],
    };
    if (token.typ === T.CharConstant) {
      let r: { value: number; tail: string };
      try {
        r = unquoteChar(text.slice(1), text[0]!);
      } catch (e) {
        if (e instanceof SyntaxError_) this.errorf(e.message);
        throw e;
      }
      if (r.tail !== "'") this.errorf(`malformed character constant: ${text}`);
      n.int64 = BigInt(r.value);
      n.isInt = true;
      n.uint64 = BigInt(r.value);
      n.isUint = true;
      n.float64 = r.value;
      n.isFloat = true;
      return n;
    }
    if (token.typ === T.Complex) {
      const m = /^([+-]?[^+-]+(?:[eEpP][+-]?[^+-]*)?)([+-].*)i$/.exec(text);
      const re = m ? tryFloat(m[1]!) : undefined;
      const im = m ? tryFloat(m[2]!) : undefined;
      if (re === undefined || im === undefined) this.errorf(`expected integer`);
      n.isComplex = true;
      n.complex = [re, im];
      simplifyComplex(n);
      return n;
    }
    // Imaginary constants can only be complex unless they are zero.
    if (text.endsWith('i')) {
      const f = tryFloat(text.slice(0, -1));
      if (f !== undefined) {
        n.isComplex = true;
        n.complex = [0, f];
        simplifyComplex(n);
        return n;
      }
    }
    const u = tryParseUint(text, 0, 64);
    if (typeof u === 'bigint') {
      n.isUint = true;
      n.uint64 = u;
    }
    const i = tryParseInt(text, 0, 64);
    if (typeof i === 'bigint') {
      n.isInt = true;
      n.int64 = i;
      if (i === 0n) {
        n.isUint = true; // in case of -0
        n.uint64 = typeof u === 'bigint' ? u : 0n;
      }
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float64 = Number(n.int64);
    } else if (n.isUint) {
      n.isFloat = true;
      n.float64 = Number(n.uint64);
    } else {
      const f = tryFloat(text);
      if (f !== undefined) {
        // If we parsed it as a float but it looks like an integer, it's a huge number too large to fit.
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${quote(text)}`);
        n.isFloat = true;
        n.float64 = f;
        const i = float64ToInt64(f);
        if (!n.isInt && Number(i) === f) {
          n.isInt = true;
          n.int64 = i;
        }
        if (!n.isUint && f >= 0 && f < 2 ** 64 && Math.trunc(f) === f) {
          n.isUint = true;
          n.uint64 = BigInt(f);
        }
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) this.errorf(`illegal number syntax: ${quote(text)}`);
    return n;
  }
}

function tryFloat(s: string): number | undefined {
  try {
    return parseGoFloat(s);
  } catch (e) {
    if (e instanceof NumError) {
      // ParseFloat returns ±Inf with a range error; Go's parser treats that as a failure too.
      return undefined;
    }
    throw e;
  }
}

function simplifyComplex(n: NumberNode): void {
  n.isFloat = n.complex[1] === 0;
  if (n.isFloat) {
    n.float64 = n.complex[0];
    const i = float64ToInt64(n.float64);
    n.isInt = Number(i) === n.float64;
    if (n.isInt) n.int64 = i;
    n.isUint = n.float64 >= 0 && n.float64 < 2 ** 64 && Math.trunc(n.float64) === n.float64;
    if (n.isUint) n.uint64 = BigInt(n.float64);
  }
}

function newVariable(pos: number, name: string): VariableNode {
  return { type: 'variable', pos, ident: name.split('.') };
}

/** The one empty array of nodes without children or declarations (trees are never modified). */
const NONE = Object.freeze([]) as unknown as never[];

/** A copy of an array grown by push, without its slack. */
function exact<T>(a: T[]): T[] {
  return a.slice();
}
