/**
 * The template generator of the engine conformance suite. It writes Go templates the way helm
 * charts use them, over the whole grammar: text with trim markers and odd whitespace, comments,
 * every literal form, field chains on dot, `$`, variables and parenthesised pipelines, missing
 * keys, `if`/`with`/`range` with every `else` form, `break`/`continue`, variables (`:=`, `=`,
 * shadowing), `define`/`template`/`block`/`include`/`tpl`, pipelines, every builtin and a sample of
 * Sprig, printf with every verb and flag.
 *
 * It tracks the shape (Go type family) of every expression so that most cases execute without an
 * error; the rest fail naturally (int vs float comparisons, range over an int in helm 3, a value of
 * the wrong type…) and become error cases. `@KEY@` stands for the case's key (`.Values.@KEY@` are
 * its values; defined template names start with `@KEY@.`).
 */
import type { Choices } from './choices.js';
import { complexLit, floatLit, intLit, printfFormat, smallIntLit, stringLit, wordLit } from './literals.js';
import { type CaseValues, genValues, mergedEntries, setAssignments, type VNode, valuesYaml } from './values-gen.js';

export type Kind =
  | 'str'
  | 'int'
  | 'int64'
  | 'uint8'
  | 'float'
  | 'bool'
  | 'nil'
  | 'list'
  | 'map'
  | 'root'
  | 'any'
  | 'complex';

/** What the generator knows about a value. */
export interface Shape {
  kind: Kind;
  /** Known entries of a map (every entry when `closed`). */
  fields?: readonly (readonly [string, Shape])[];
  /** The map is known completely (missing keys are really missing). */
  closed?: boolean;
  /** Element shape of a list whose elements agree. */
  elem?: Shape;
  /** Known length of a list or string. */
  len?: number;
  /** Never print or pass as a whole (its text depends on other cases or is huge). */
  opaque?: boolean;
}

type Want = 'any' | 'str' | 'int' | 'float' | 'num' | 'bool' | 'list' | 'map' | 'lenable' | 'root';

interface Expr {
  text: string;
  shape: Shape;
  /** A single operand that can be an argument as is (otherwise it needs parentheses). */
  simple: boolean;
  /** The literal `nil` (valid only as an argument). */
  nilLit?: boolean;
}

interface Var {
  name: string;
  shape: Shape;
}

interface Ctx {
  dot: Shape;
  /** Shape of `$`. */
  dollar: Shape;
  vars: Var[];
  /** Enclosing ranges (break/continue allowed when > 0). */
  inRange: number;
  /** Defined templates callable from here (name → parameter shape). */
  defines: { name: string; param: Shape }[];
}

/** One generated case. */
export interface GeneratedCase {
  /** Top-level `define`s (and the text between them). */
  defs: string;
  /** The template body. */
  body: string;
  /** YAML placed under the case key in values.yaml ('' for none). */
  values: string;
  /** `--set` assignments relative to the case key. */
  set: string[];
}

const S = (kind: Kind, extra: Omit<Shape, 'kind'> = {}): Shape => ({ kind, ...extra });
const ANY = S('any');
const STR = S('str');
const INT = S('int');
const BOOL = S('bool');

function isIntKind(k: Kind): boolean {
  return k === 'int' || k === 'int64' || k === 'uint8';
}

function fits(s: Shape, want: Want): boolean {
  if (s.opaque) return false;
  switch (want) {
    case 'any':
      return s.kind !== 'root';
    case 'int':
      return isIntKind(s.kind);
    case 'num':
      return isIntKind(s.kind) || s.kind === 'float';
    case 'lenable':
      return s.kind === 'str' || s.kind === 'list' || s.kind === 'map';
    default:
      return s.kind === want;
  }
}

/** Shape of a values node. */
export function nodeShape(n: VNode): Shape {
  switch (n.t) {
    case 'float':
      return S('float');
    case 'int64':
      return S('int64');
    case 'str':
      return S('str');
    case 'bool':
      return BOOL;
    case 'null':
      return S('nil');
    case 'list': {
      const shapes = n.items.map(nodeShape);
      const k = shapes[0]?.kind;
      const same = shapes.every((s) => s.kind === k && s.kind !== 'list' && s.kind !== 'map' && s.kind !== 'nil');
      return S('list', { len: n.items.length, elem: same && k ? shapes[0] : undefined });
    }
    case 'map':
      return S('map', { fields: n.entries.map(([k, v]) => [k, nodeShape(v)] as const), closed: true });
  }
}

function rootShape(values: CaseValues): Shape {
  const caseMap = S('map', { fields: mergedEntries(values).map(([k, v]) => [k, nodeShape(v)] as const), closed: true });
  return S('root', {
    opaque: true,
    fields: [
      ['Values', S('map', { opaque: true, fields: [['@KEY@', caseMap]] })],
      [
        'Release',
        S('map', {
          closed: true,
          fields: [
            ['Name', STR],
            ['Namespace', STR],
            ['IsInstall', BOOL],
            ['IsUpgrade', BOOL],
            ['Revision', INT],
            ['Service', STR],
          ],
        }),
      ],
      ['Chart', S('any', { opaque: true, fields: [['Name', STR]] })],
      ['Template', S('any', { opaque: true, fields: [['BasePath', STR]] })],
      [
        'Capabilities',
        S('any', {
          opaque: true,
          fields: [['KubeVersion', S('any', { opaque: true, fields: [['Major', STR]] })]],
        }),
      ],
    ],
  });
}

const VAR_NAMES = ['$x', '$y', '$v', '$i', '$k', '$n', '$_', '$é', '$X1', '$x٣', '$𝑥'];
const MISSING_KEYS = ['nothere', 'zz', 'missing', 'Nope'];
const WORDS = ['a', 'b', 'c', 'k', 'é', '', 'my-key', 'x1', 'Z'];
const REGEXES = ['"^a"', '"[0-9]+"', '"b$"', '"é"', '`\\d`', '"(?i)HELLO"', '"a|b"', '""'];

function isIdent(k: string): boolean {
  return /^[\p{L}_][\p{L}\p{Nd}_]*$/u.test(k);
}

/** Generator state for one case. */
class Gen {
  private fuel: number;
  private blockCount = 0;

  constructor(
    private readonly c: Choices,
    private readonly root: Shape,
    fuel: number,
  ) {
    this.fuel = fuel;
  }

  // ----- whitespace and delimiters --------------------------------------------------------------

  private ws(): string {
    return this.c.weighted([
      [20, ' '],
      [2, '  '],
      [2, '\t'],
      [2, '\n'],
      [1, '\r\n'],
      [1, ' \n  '],
    ]);
  }

  /** Optional whitespace (inside actions, after `(` and before `)`). */
  private ows(): string {
    return this.c.chance(0.15) ? this.ws() : '';
  }

  private open(): string {
    if (this.c.chance(0.25)) return `{{-${this.ws()}`;
    return this.c.chance(0.8) ? `{{${this.ws()}` : '{{';
  }

  private close(): string {
    if (this.c.chance(0.25)) return `${this.ws()}-}}`;
    return this.c.chance(0.8) ? `${this.ws()}}}` : '}}';
  }

  private action(inner: string): string {
    let open = this.open();
    // `{{-3}}` is the number -3, so a bare `{{` before a `-` would change nothing; `{{` followed by
    // `/*` would start a comment.
    if (open === '{{' && inner.startsWith('/*')) open = '{{ ';
    return `${open}${inner}${this.close()}`;
  }

  // ----- text and comments ----------------------------------------------------------------------

  private text(): string {
    const n = 1 + this.c.int(4);
    let s = '';
    for (let i = 0; i < n; i++) {
      s += this.c.weighted([
        [6, 'a'],
        [4, ' '],
        [3, '\n'],
        [2, 'key: '],
        [2, '\t'],
        [1, '\r\n'],
        [1, '  - '],
        [1, 'é'],
        [1, '日本'],
        [1, '#'],
        [1, '}}'],
        [1, '{ '],
        [1, ' }'],
        [1, '<no value>'],
        [1, '%'],
        [1, '\\'],
        [1, '"'],
        [1, '---\n'],
        [1, '\n\n'],
        [1, '  '],
      ]);
    }
    return s;
  }

  private comment(): string {
    const body = this.c.pick([' c ', ' a -}} b ', '\nmulti\nline\n', '', ' {{ x }} ', ' é ']);
    const left = this.c.pick(['{{', '{{- ', '{{-\t', '{{-\n']);
    const right = this.c.pick(['}}', ' -}}', '\t-}}', '\n-}}']);
    return `${left}/*${body}*/${right}`;
  }

  // ----- expressions ----------------------------------------------------------------------------

  /** An expression of the wanted family, `depth` limiting nesting. */
  expr(ctx: Ctx, want: Want, depth: number): Expr {
    this.fuel--;
    const leafOnly = depth <= 0 || this.fuel <= 0;
    const options: (readonly [number, () => Expr | undefined])[] = [
      [3, () => this.literal(want)],
      [4, () => this.path(ctx, want)],
      [2, () => this.variable(ctx, want)],
    ];
    if (!leafOnly) {
      options.push([5, () => this.call(ctx, want, depth - 1)]);
      options.push([2, () => this.parenPipeline(ctx, want, depth - 1)]);
      options.push([1, () => this.parenChain(ctx, want, depth - 1)]);
    }
    for (let attempt = 0; attempt < 6; attempt++) {
      const e = this.c.weighted(options)();
      if (e) return e;
    }
    return this.literal(want) ?? this.literal('str')!;
  }

  /** An argument: a simple operand, parenthesised when needed. */
  arg(ctx: Ctx, want: Want, depth: number): Expr {
    const e = this.expr(ctx, want, depth);
    if (e.simple) return e;
    return { text: `(${this.ows()}${e.text}${this.ows()})`, shape: e.shape, simple: true };
  }

  private argText(ctx: Ctx, want: Want, depth: number): string {
    return this.arg(ctx, want, depth).text;
  }

  literal(want: Want): Expr | undefined {
    const c = this.c;
    const lit = (text: string, shape: Shape): Expr => ({ text, shape, simple: true });
    switch (want) {
      case 'str':
      case 'lenable':
        return lit(stringLit(c), STR);
      case 'int':
        return lit(intLit(c), INT);
      case 'float':
        return lit(floatLit(c), S('float'));
      case 'num':
        return c.chance(0.5) ? lit(intLit(c), INT) : lit(floatLit(c), S('float'));
      case 'bool':
        return lit(c.pick(['true', 'false']), BOOL);
      case 'any':
        return c.weighted<() => Expr>([
          [4, () => lit(stringLit(c), STR)],
          [3, () => lit(intLit(c), INT)],
          [2, () => lit(floatLit(c), S('float'))],
          [1, () => lit(c.pick(['true', 'false']), BOOL)],
          [1, () => ({ text: 'nil', shape: S('nil'), simple: true, nilLit: true })],
          [1, () => lit(complexLit(c), S('complex'))],
        ])();
      case 'list':
        return c.pick([
          { text: '(list)', shape: S('list', { len: 0 }), simple: true },
          { text: '(list 1 2 3)', shape: S('list', { len: 3, elem: INT }), simple: true },
          { text: '(list "b" "a")', shape: S('list', { len: 2, elem: STR }), simple: true },
          { text: '(list 1 "a" nil 2.5)', shape: S('list', { len: 4 }), simple: true },
        ]);
      case 'map':
        return c.pick([
          { text: '(dict)', shape: S('map', { fields: [], closed: true }), simple: true },
          {
            text: '(dict "b" 2 "a" 1)',
            shape: S('map', {
              fields: [
                ['b', INT],
                ['a', INT],
              ],
              closed: true,
            }),
            simple: true,
          },
        ]);
      default:
        return undefined;
    }
  }

  /** A field chain: `.a.b`, `$.Values.@KEY@.x`, `$v.k`, or `index BASE "k"…` for any key. */
  private path(ctx: Ctx, want: Want): Expr | undefined {
    const bases: [string, Shape][] = [];
    if (ctx.dot.kind === 'root' || ctx.dot.kind === 'map') bases.push(['', ctx.dot]);
    if (ctx.dollar.kind === 'root' || ctx.dollar.kind === 'map') bases.push(['$', ctx.dollar]);
    for (const v of ctx.vars) if (v.shape.kind === 'map' || v.shape.kind === 'root') bases.push([v.name, v.shape]);
    if (fits(ctx.dot, want) && this.c.chance(0.5)) return { text: '.', shape: ctx.dot, simple: true };
    if (bases.length === 0) return undefined;
    const [base, shape] = this.c.pick(bases);
    const found: { segs: string[]; shape: Shape }[] = [];
    const walk = (s: Shape, segs: string[], depth: number) => {
      if (segs.length > 0 && fits(s, want)) found.push({ segs, shape: s });
      if (depth >= 4) return;
      for (const [k, sub] of s.fields ?? []) walk(sub, [...segs, k], depth + 1);
      // A key that is not there: `<no value>` (or nil as an argument).
      if ((s.kind === 'map' || s.kind === 'root') && !s.opaque && want === 'any' && segs.length > 0) {
        found.push({ segs: [...segs, this.c.pick(MISSING_KEYS)], shape: S('nil') });
      }
    };
    walk(shape, [], 0);
    if (found.length === 0) return undefined;
    const f = this.c.pick(found);
    const firstNonIdent = f.segs.findIndex((s) => !isIdent(s) && s !== '@KEY@');
    if (firstNonIdent < 0) {
      if (this.c.chance(0.12)) {
        // A chain on a parenthesised operand: `(.a).b`, `(.).a`, `($x.a).b.c`.
        const cut = this.c.int(f.segs.length);
        const head = f.segs
          .slice(0, cut)
          .map((s) => `.${s}`)
          .join('');
        const inner = base === '' ? head || '.' : `${base}${head}`;
        const rest = f.segs
          .slice(cut)
          .map((s) => `.${s}`)
          .join('');
        return { text: `(${inner})${rest}`, shape: f.shape, simple: true };
      }
      const chain = f.segs.map((s) => `.${s}`).join('');
      return { text: base === '' ? chain : `${base}${chain}`, shape: f.shape, simple: true };
    }
    // Field syntax up to the first key that is not an identifier (`my-key`), `index` for the rest.
    const head = f.segs.slice(0, firstNonIdent);
    const tail = f.segs.slice(firstNonIdent);
    const headText = head.length === 0 ? base || '.' : `${base}${head.map((s) => `.${s}`).join('')}`;
    return { text: `index ${headText} ${tail.map((k) => `"${k}"`).join(' ')}`, shape: f.shape, simple: false };
  }

  private variable(ctx: Ctx, want: Want): Expr | undefined {
    const ok = ctx.vars.filter((v) => fits(v.shape, want));
    if (ok.length === 0) return undefined;
    const v = this.c.pick(ok);
    return { text: v.name, shape: v.shape, simple: true };
  }

  /** `(pipeline)` as an operand. */
  private parenPipeline(ctx: Ctx, want: Want, depth: number): Expr | undefined {
    const e = this.pipeline(ctx, want, depth);
    return { text: `(${this.ows()}${e.text}${this.ows()})`, shape: e.shape, simple: true };
  }

  /** `(dict "a" (dict "b" 1)).a.b`: a field chain on a parenthesised result. */
  private parenChain(ctx: Ctx, want: Want, depth: number): Expr | undefined {
    const inner = this.dictCall(ctx, depth, want);
    if (!inner) return undefined;
    return inner;
  }

  /** A pipeline: an expression, maybe followed by `| f …` stages. */
  pipeline(ctx: Ctx, want: Want, depth: number): Expr {
    let e = this.expr(ctx, this.c.chance(0.3) ? 'any' : want, depth);
    if (e.nilLit) e = this.literal('str')!;
    const stages = this.c.int(3);
    for (let i = 0; i < stages || !fits(e.shape, want); i++) {
      if (i > 4) break;
      const next = this.pipeStage(ctx, e, want, depth);
      if (!next) break;
      e = next;
    }
    if (!fits(e.shape, want) && want !== 'any') {
      return this.expr(ctx, want, 0);
    }
    return e;
  }

  /** `PREV | f args…` with a function whose last parameter accepts PREV. */
  private pipeStage(ctx: Ctx, prev: Expr, want: Want, depth: number): Expr | undefined {
    const specs = FUNCS.filter(
      (f) => (f.params.length > 0 || f.variadic) && acceptsLast(f, prev.shape) && (want === 'any' || canYield(f, want)),
    );
    if (specs.length === 0) return undefined;
    const f = this.c.pick(specs);
    const fixed = f.variadic ? f.params : f.params.slice(0, -1);
    const args = fixed.map((p) => this.paramArg(ctx, p, depth));
    if (f.variadic && this.c.chance(0.3)) args.push(this.paramArg(ctx, f.variadic, depth));
    const sp = this.ows();
    const text = `${prev.text}${sp}|${this.c.chance(0.1) ? '' : ' '}${f.name}${args.map((a) => ` ${a.text}`).join('')}`;
    return { text, shape: f.result([...args.map((a) => a.shape), prev.shape]), simple: false };
  }

  private paramArg(ctx: Ctx, p: Param, depth: number): Expr {
    switch (p) {
      case 'small':
        return { text: smallIntLit(this.c, 4), shape: INT, simple: true };
      case 'nonzero':
        return { text: this.c.pick(['1', '2', '3', '-2', '7']), shape: INT, simple: true };
      case 'word':
        return { text: wordLit(this.c, WORDS), shape: STR, simple: true };
      case 'regex':
        return { text: this.c.pick(REGEXES), shape: STR, simple: true };
      case 'kind':
        return {
          text: `"${this.c.pick(['string', 'int', 'float64', 'map', 'slice', 'bool', 'int64', 'invalid'])}"`,
          shape: STR,
          simple: true,
        };
      default:
        return this.arg(ctx, p, depth);
    }
  }

  /** A function call producing the wanted family. */
  private call(ctx: Ctx, want: Want, depth: number): Expr | undefined {
    const special: (readonly [number, () => Expr | undefined])[] = [
      [3, () => this.callSpec(ctx, want, depth)],
      [want === 'any' || want === 'str' ? 3 : 0, () => this.printfCall(ctx, depth)],
      [want === 'any' || want === 'bool' ? 3 : 0, () => this.comparison(ctx, depth)],
      [want === 'any' || want === 'list' || want === 'lenable' ? 2 : 0, () => this.listCall(ctx, depth)],
      [want === 'any' || want === 'map' || want === 'lenable' ? 2 : 0, () => this.dictCall(ctx, depth, 'map')],
      [2, () => this.indexCall(ctx, want, depth)],
      [want === 'any' || want === 'list' ? 1 : 0, () => this.sliceCall(ctx, depth)],
      [want === 'bool' || want === 'any' ? 2 : 1, () => this.andOr(ctx, want, depth)],
      [want === 'any' || want === 'str' ? 1 : 0, () => this.includeCall(ctx, depth)],
      [want === 'any' || want === 'str' ? 1 : 0, () => this.tplCall(ctx)],
      [want === 'any' || want === 'list' ? 1 : 0, () => this.sortedKeys(ctx, depth)],
      [1, () => this.defaultCall(ctx, want, depth)],
      [want === 'any' || want === 'str' || want === 'list' || want === 'bool' ? 1 : 0, () => this.filesCall(ctx, want)],
    ];
    return this.c.weighted(special.filter(([w]) => w > 0))();
  }

  private callSpec(ctx: Ctx, want: Want, depth: number): Expr | undefined {
    const specs = FUNCS.filter((f) => want === 'any' || canYield(f, want));
    if (specs.length === 0) return undefined;
    const f = this.c.pick(specs);
    const args = f.params.map((p) => this.paramArg(ctx, p, depth));
    if (f.variadic) {
      const n = this.c.int((f.maxVariadic ?? 3) + 1);
      for (let i = 0; i < n; i++) args.push(this.paramArg(ctx, f.variadic, depth));
    }
    const shape = f.result(args.map((a) => a.shape));
    if (!fits(shape, want)) return undefined;
    return { text: `${f.name}${args.map((a) => ` ${a.text}`).join('')}`, shape, simple: args.length === 0 };
  }

  /** A body of printf actions only: formats against every kind of value, one per line. */
  printfBody(ctx: Ctx): string {
    const n = 4 + this.c.int(6);
    let out = '';
    for (let i = 0; i < n; i++) out += `${this.action(this.printfCall(ctx, 2).text)}\n`;
    return out;
  }

  private printfCall(ctx: Ctx, depth: number): Expr {
    const fmt = printfFormat(this.c);
    let n = fmt.args;
    // Now and then one argument too many or too few (%!(EXTRA …), %!v(MISSING)).
    const skew = this.c.int(10);
    if (skew === 9) n += 1;
    else if (skew === 8) n = Math.max(0, n - 1);
    const args: string[] = [];
    for (let i = 0; i < n; i++) {
      // `*` takes an int; the rest may be anything.
      args.push(this.c.chance(0.15) ? smallIntLit(this.c, 8) : this.argText(ctx, 'any', depth));
    }
    return { text: `printf ${fmt.text}${args.map((a) => ` ${a}`).join('')}`, shape: STR, simple: false };
  }

  private comparison(ctx: Ctx, depth: number): Expr {
    const c = this.c;
    const op = c.pick(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'eq']);
    const fam: Want =
      op === 'eq' || op === 'ne'
        ? c.pick<Want>(['int', 'float', 'str', 'bool', 'int', 'str'])
        : c.pick<Want>(['int', 'float', 'str']);
    const n = op === 'eq' && c.chance(0.3) ? 2 + c.int(2) : 2;
    const args: string[] = [];
    for (let i = 0; i < n; i++) {
      // Now and then a nil operand, or a mixed pair (an error unless nil is involved).
      if (op === 'eq' && c.chance(0.08)) {
        const dotIsMap = ctx.dot.kind === 'root' || (ctx.dot.kind === 'map' && !ctx.dot.opaque);
        args.push(dotIsMap && c.chance(0.5) ? `.${c.pick(MISSING_KEYS)}` : 'nil');
      } else args.push(this.argText(ctx, c.chance(0.04) ? 'num' : fam, depth));
    }
    return { text: `${op} ${args.join(' ')}`, shape: BOOL, simple: false };
  }

  private listCall(ctx: Ctx, depth: number): Expr {
    const n = this.c.int(4);
    const elemWant = this.c.pick<Want>(['any', 'str', 'int', 'any']);
    const items = [];
    for (let i = 0; i < n; i++) items.push(this.arg(ctx, elemWant, depth));
    const k = items[0]?.shape.kind;
    const same = items.every((x) => x.shape.kind === k && x.shape.kind !== 'nil');
    const name = this.c.chance(0.1) ? 'tuple' : 'list';
    return {
      text: `${name}${items.map((x) => ` ${x.text}`).join('')}`,
      shape: S('list', { len: n, elem: same && k ? items[0]!.shape : undefined }),
      simple: n === 0 && this.c.chance(0.5),
    };
  }

  /** `dict "k" v …`, optionally followed by a field chain into it (`(dict …).k`). */
  private dictCall(ctx: Ctx, depth: number, want: Want): Expr | undefined {
    const n = this.c.int(4);
    const fields: [string, Shape][] = [];
    let text = 'dict';
    for (let i = 0; i < n; i++) {
      const key = this.c.pick(['a', 'b', 'A', 'k', 'é', '', 'x1']);
      const v = depth > 0 && this.c.chance(0.2) ? this.dictCall(ctx, depth - 1, 'map') : this.arg(ctx, 'any', depth);
      if (!v) continue;
      const vt = v.simple ? v.text : `(${v.text})`;
      text += ` "${key}" ${vt}`;
      const at = fields.findIndex(([k]) => k === key);
      if (at >= 0) fields.splice(at, 1);
      fields.push([key, v.shape]);
    }
    const shape = S('map', { fields, closed: true });
    if (want === 'map' || want === 'lenable') return { text, shape, simple: false };
    // A chain into the result.
    const paths: { segs: string[]; shape: Shape }[] = [];
    const walk = (s: Shape, segs: string[]) => {
      if (segs.length > 0 && fits(s, want)) paths.push({ segs, shape: s });
      for (const [k, sub] of s.fields ?? []) if (isIdent(k)) walk(sub, [...segs, k]);
    };
    walk(shape, []);
    if (paths.length === 0) return undefined;
    const p = this.c.pick(paths);
    return { text: `(${text})${p.segs.map((s) => `.${s}`).join('')}`, shape: p.shape, simple: true };
  }

  private indexCall(ctx: Ctx, want: Want, depth: number): Expr | undefined {
    const c = this.c;
    // index of a string: a byte (uint8).
    if (c.chance(0.1) && (want === 'any' || want === 'int' || want === 'num')) {
      const [lit, len] = c.pick([
        ['"héllo"', 6],
        ['`ab`', 2],
        ['"\\xff"', 1],
      ] as const);
      return { text: `index ${lit} ${smallIntLit(c, len)}`, shape: S('uint8'), simple: false };
    }
    // index of a list with a known length, or of a map with known keys.
    const coll = this.expr(ctx, c.pick<Want>(['list', 'map', 'list']), depth);
    const collText = coll.simple ? coll.text : `(${coll.text})`;
    if (coll.shape.kind === 'list') {
      const len = coll.shape.len;
      if (len === undefined) return undefined;
      if (len === 0 || c.chance(0.1)) {
        return fits(coll.shape, want) ? { text: `index ${collText}`, shape: coll.shape, simple: false } : undefined;
      }
      const i = smallIntLit(c, len);
      const shape = coll.shape.elem ?? ANY;
      if (!fits(shape, want)) return undefined;
      return { text: `index ${collText} ${i}`, shape, simple: false };
    }
    if (coll.shape.kind === 'map') {
      const fields = coll.shape.fields ?? [];
      if (fields.length === 0 || c.chance(0.15)) {
        if (want !== 'any' || !coll.shape.closed) return undefined;
        return { text: `index ${collText} ${wordLit(c, MISSING_KEYS)}`, shape: S('nil'), simple: false };
      }
      const [k, s] = c.pick(fields);
      if (!fits(s, want)) return undefined;
      return { text: `index ${collText} ${c.chance(0.2) ? `\`${k}\`` : `"${k}"`}`, shape: s, simple: false };
    }
    return undefined;
  }

  /** Sprig's `slice` (it replaces Go's builtin in helm): lists only. */
  private sliceCall(ctx: Ctx, depth: number): Expr | undefined {
    const coll = this.expr(ctx, 'list', depth);
    const len = coll.shape.len;
    if (len === undefined) return undefined;
    const collText = coll.simple ? coll.text : `(${coll.text})`;
    const a = this.c.int(len + 1);
    const b = a + this.c.int(len - a + 1);
    const idx = this.c.pick([[], [a], [a, b]]);
    const n = idx.length === 0 ? len : idx.length === 1 ? len - a : b - a;
    const elem = coll.shape.elem;
    return {
      text: `slice ${collText}${idx.map((i) => ` ${i}`).join('')}`,
      // Sprig's slice of an empty list is nil.
      shape: len === 0 ? S('nil') : S('list', { len: n, elem }),
      simple: false,
    };
  }

  private andOr(ctx: Ctx, want: Want, depth: number): Expr | undefined {
    const name = this.c.pick(['and', 'or', 'not']);
    if (name === 'not') {
      if (want !== 'bool' && want !== 'any') return undefined;
      return { text: `not ${this.argText(ctx, 'any', depth)}`, shape: BOOL, simple: false };
    }
    if (want === 'any' && this.c.chance(0.15)) {
      // Short-circuit: the operand after a deciding one is never evaluated (it would fail).
      const guard =
        name === 'and' ? this.c.pick(['false', '0', '""', '(list)', 'nil']) : this.c.pick(['true', '1', '"x"']);
      const failing = this.c.pick(['(fail "never")', '(index (list) 5)', '(include "@KEY@.none" .)', '(upper 1)']);
      return { text: `${name} ${guard} ${failing}`, shape: ANY, simple: false };
    }
    const n = 1 + this.c.int(3);
    const argWant: Want = want === 'any' ? this.c.pick<Want>(['any', 'bool', 'str']) : want;
    const args: Expr[] = [];
    for (let i = 0; i < n; i++) args.push(this.arg(ctx, argWant, depth));
    const k = args[0]!.shape.kind;
    const same = args.every((a) => a.shape.kind === k);
    const shape = same ? args[0]!.shape : ANY;
    if (!fits(shape, want)) return undefined;
    return { text: `${name} ${args.map((a) => a.text).join(' ')}`, shape, simple: false };
  }

  private includeCall(ctx: Ctx, depth: number): Expr | undefined {
    if (ctx.defines.length === 0) return undefined;
    const d = this.c.pick(ctx.defines);
    const arg = this.defineArg(ctx, d.param, depth);
    if (arg === undefined) return undefined;
    const name = this.c.chance(0.2) ? `\`${d.name}\`` : `"${d.name}"`;
    return { text: `include ${name} ${arg}`, shape: STR, simple: false };
  }

  /** An argument of the define's parameter shape. */
  private defineArg(ctx: Ctx, param: Shape, depth: number): string | undefined {
    if (param.kind === 'root') {
      if (ctx.dot.kind === 'root') return this.c.pick(['.', '$']);
      if (ctx.dollar.kind === 'root') return '$';
      const v = ctx.vars.find((x) => x.shape.kind === 'root');
      return v?.name;
    }
    if (param.kind === 'nil') return 'nil';
    return this.argText(ctx, param.kind as Want, depth);
  }

  private tplCall(ctx: Ctx): Expr | undefined {
    const data = ctx.dot.kind === 'root' ? '.' : ctx.dollar.kind === 'root' ? '$' : undefined;
    if (data === undefined) return undefined;
    const inner = this.c.pick([
      '{{ .Values.@KEY@ | toJson }}',
      '{{ .Release.Name }}-{{ print 1 2 }}',
      '{{ range $i, $v := list 1 2 }}{{ $i }}{{ end }}',
      '{{- "x" -}} {{ .Values.@KEY@.nothere }}',
      'plain text',
      '{{ define "@KEY@.tpl" }}in{{ end }}{{ template "@KEY@.tpl" }}',
      '{{ .Template.Name }}',
      '{{ `raw` }}\\{{ "\\t" }}',
    ]);
    // As a Go string literal: backslashes and quotes escaped.
    const quoted = inner.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
    return { text: `tpl "${quoted}" ${data}`, shape: STR, simple: false };
  }

  private sortedKeys(ctx: Ctx, depth: number): Expr | undefined {
    const m = this.expr(ctx, 'map', depth);
    const mt = m.simple ? m.text : `(${m.text})`;
    return {
      text: `keys ${mt} | sortAlpha`,
      shape: S('list', { len: m.shape.fields?.length, elem: STR }),
      simple: false,
    };
  }

  /** `.Files` methods on the chart's one extra file (a string, []byte or []string), `.Capabilities` methods. */
  private filesCall(ctx: Ctx, want: Want): Expr | undefined {
    const base =
      ctx.dot.kind === 'root'
        ? ''
        : ctx.dollar.kind === 'root'
          ? '$'
          : ctx.vars.find((v) => v.shape.kind === 'root')?.name;
    if (base === undefined) return undefined;
    if (want !== 'list' && this.c.chance(0.25)) {
      // Methods of helm's Capabilities (helm 3 and 4 differ in versions, not in shape).
      const [text, shape] = this.c.pick([
        ['.Capabilities.APIVersions.Has "apps/v1"', BOOL],
        ['.Capabilities.APIVersions.Has "nope/v9"', BOOL],
        ['.Capabilities.KubeVersion.Version', STR],
        ['.Capabilities.KubeVersion.GitVersion', STR],
      ] as const);
      if (!fits(shape, want)) return undefined;
      return { text: `${base}${text}`, shape, simple: !text.includes(' ') };
    }
    const file = this.c.pick(['"files/f.txt"', '`files/f.txt`', '"files/none"']);
    const [method, shape] = this.c.pick([
      ['Get', STR],
      ['GetBytes', S('list', { elem: S('uint8') })],
      ['Lines', S('list', { elem: STR })],
    ] as const);
    if (!fits(shape, want)) return undefined;
    return { text: `${base}.Files.${method} ${file}`, shape, simple: false };
  }

  private defaultCall(ctx: Ctx, want: Want, depth: number): Expr | undefined {
    if (want === 'root' || want === 'lenable') return undefined;
    const d = this.arg(ctx, want, depth);
    const given =
      this.c.chance(0.4) && ctx.dot.kind === 'root'
        ? { text: `.Values.@KEY@.${this.c.pick(MISSING_KEYS)}`, shape: S('nil') }
        : this.arg(ctx, want, depth);
    // The result is either value: only what both agree on is known.
    const shape =
      given.shape.kind === d.shape.kind
        ? S(d.shape.kind, { elem: given.shape.elem === d.shape.elem ? d.shape.elem : undefined })
        : ANY;
    if (!fits(shape, want)) return undefined;
    return { text: `default ${d.text} ${given.text}`, shape, simple: false };
  }

  // ----- statements -----------------------------------------------------------------------------

  /** A list of statements. */
  stmts(ctx: Ctx, max: number): string {
    const n = 1 + this.c.int(max);
    let out = '';
    for (let i = 0; i < n && (i === 0 || this.fuel > 0); i++) out += this.stmt(ctx);
    return out;
  }

  private stmt(ctx: Ctx): string {
    this.fuel -= 2;
    const leaf = this.fuel <= 0;
    const options: (readonly [number, () => string])[] = [
      [5, () => this.text()],
      [8, () => this.printAction(ctx)],
      [1, () => this.comment()],
      [2, () => this.declare(ctx)],
      [ctx.vars.length > 0 ? 1 : 0, () => this.assign(ctx)],
      [ctx.inRange > 0 ? 1 : 0, () => this.breakContinue(ctx)],
    ];
    if (!leaf) {
      options.push([3, () => this.ifStmt(ctx)]);
      options.push([2, () => this.withStmt(ctx)]);
      options.push([3, () => this.rangeStmt(ctx)]);
      options.push([ctx.defines.length > 0 ? 2 : 0, () => this.templateStmt(ctx)]);
      options.push([1, () => this.blockStmt(ctx)]);
    }
    return this.c.weighted(options.filter(([w]) => w > 0))();
  }

  private printAction(ctx: Ctx): string {
    // `{{-3}}` is the number -3, not a trim marker.
    if (this.c.chance(0.02)) return this.c.pick(['{{-3}}', '{{-1.5}}', '{{+4}}', '{{-0x10}}']);
    const e = this.pipeline(ctx, 'any', 3);
    if (this.c.chance(0.04)) {
      // A declaration inside a parenthesised pipeline: the variable lives on after the action.
      const name = this.c.pick(VAR_NAMES);
      const text = this.action(`print (${name} := ${e.text})`);
      this.newVar(ctx, name, e.shape);
      return text;
    }
    return this.action(e.text);
  }

  private newVar(ctx: Ctx, name: string, shape: Shape): void {
    ctx.vars.push({ name, shape });
  }

  private declare(ctx: Ctx): string {
    const name = this.c.pick(VAR_NAMES);
    const e = this.c.chance(0.15) && ctx.dot.kind === 'root' ? this.rootExpr() : this.pipeline(ctx, 'any', 3);
    const text = this.action(`${name}${this.c.pick([' ', ''])}:=${this.c.pick([' ', '', '\t'])}${e.text}`);
    this.newVar(ctx, name, e.shape);
    return text;
  }

  private assign(ctx: Ctx): string {
    const v = this.c.pick(ctx.vars);
    if (v.shape.kind === 'root') return '';
    const want: Want = fits(v.shape, 'any') ? (v.shape.kind as Want) : 'any';
    const e = this.pipeline(ctx, ['str', 'int', 'float', 'bool', 'list', 'map'].includes(want) ? want : 'any', 2);
    // The variable now holds e's value; its known shape becomes e's (or anything, if they differ).
    if (e.shape.kind !== v.shape.kind) v.shape = ANY;
    else v.shape = { ...e.shape };
    return this.action(`${v.name} = ${e.text}`);
  }

  private breakContinue(ctx: Ctx): string {
    const word = this.c.pick(['break', 'continue']);
    if (this.c.chance(0.6)) {
      const cond = this.pipeline(ctx, 'any', 2);
      return `${this.action(`if ${cond.text}`)}${this.action(word)}${this.action('end')}`;
    }
    return this.action(word);
  }

  /** Runs `f` with a nested variable scope. */
  private scoped<T>(ctx: Ctx, f: () => T): T {
    const mark = ctx.vars.length;
    const shapes = ctx.vars.map((v) => v.shape);
    try {
      return f();
    } finally {
      // Assignments inside a block may or may not have run: forget what they changed.
      ctx.vars.length = mark;
      ctx.vars.forEach((v, i) => {
        if (v.shape !== shapes[i]) v.shape = ANY;
      });
    }
  }

  private maybeDecl(e: Expr, pending: Var[]): string {
    if (!this.c.chance(0.25)) return e.text;
    const name = this.c.pick(VAR_NAMES);
    pending.push({ name, shape: e.shape });
    return `${name} := ${e.text}`;
  }

  private ifStmt(ctx: Ctx): string {
    return this.scoped(ctx, () => {
      const pending: Var[] = [];
      const cond = this.pipeline(ctx, this.c.chance(0.5) ? 'bool' : 'any', 3);
      let out = this.action(`if ${this.maybeDecl(cond, pending)}`);
      ctx.vars.push(...pending);
      out += this.scoped(ctx, () => this.stmts(ctx, 3));
      const elseIfs = this.c.int(3);
      for (let i = 0; i < elseIfs; i++) {
        const c2 = this.pipeline(ctx, 'any', 2);
        out += this.action(`else if ${c2.text}`);
        out += this.scoped(ctx, () => this.stmts(ctx, 2));
      }
      if (this.c.chance(0.5)) {
        out += this.action('else');
        out += this.scoped(ctx, () => this.stmts(ctx, 2));
      }
      return out + this.action('end');
    });
  }

  private withStmt(ctx: Ctx): string {
    return this.scoped(ctx, () => {
      const pending: Var[] = [];
      const e = this.pipeline(ctx, 'any', 3);
      let out = this.action(`with ${this.maybeDecl(e, pending)}`);
      ctx.vars.push(...pending);
      out += this.scoped(ctx, () => this.stmts({ ...ctx, dot: e.shape }, 3));
      const elseWiths = this.c.int(3);
      for (let i = 0; i < elseWiths; i++) {
        const e2 = this.pipeline(ctx, 'any', 2);
        out += this.action(`else with ${e2.text}`);
        out += this.scoped(ctx, () => this.stmts({ ...ctx, dot: e2.shape }, 2));
      }
      if (this.c.chance(0.5)) {
        out += this.action('else');
        out += this.scoped(ctx, () => this.stmts(ctx, 2));
      }
      return out + this.action('end');
    });
  }

  /** What to range over: a list, a map, nil/missing, or a small integer (helm 4 only). */
  private rangeSource(ctx: Ctx): { text: string; elem: Shape; key: Shape } {
    const c = this.c;
    const kind = c.weighted([
      [5, 'list'],
      [3, 'map'],
      [1, 'int'],
      [1, 'nil'],
    ] as const);
    if (kind === 'int') {
      const text = c.pick([smallIntLit(c, 4), '0', '-2', 'len (list 1 2)', 'int64 3', '(len "ab")']);
      return { text, elem: INT, key: INT };
    }
    if (kind === 'nil') {
      const text =
        ctx.dot.kind === 'root' ? `.Values.@KEY@.${c.pick(MISSING_KEYS)}` : c.pick(['(list)', '(dict)', 'list']);
      return { text, elem: ANY, key: ANY };
    }
    if (kind === 'map') {
      const m = this.pipeline(ctx, 'map', 2);
      const fields = m.shape.fields ?? [];
      const k0 = fields[0]?.[1].kind;
      const same = fields.length > 0 && fields.every(([, s]) => s.kind === k0);
      return { text: m.text, elem: same ? fields[0]![1] : ANY, key: STR };
    }
    const l = this.pipeline(ctx, 'list', 2);
    return { text: l.text, elem: l.shape.elem ?? ANY, key: INT };
  }

  private rangeStmt(ctx: Ctx): string {
    return this.scoped(ctx, () => {
      const src = this.rangeSource(ctx);
      const nVars = this.c.int(3);
      const names = [this.c.pick(VAR_NAMES), this.c.pick(VAR_NAMES)];
      if (nVars === 2 && names[0] === names[1]) names[1] = `${names[1]}2`;
      const decl =
        nVars === 0
          ? ''
          : nVars === 1
            ? `${names[0]} := `
            : `${names[0]}${this.c.pick([', ', ',', ' , '])}${names[1]} := `;
      let out = this.action(`range ${decl}${src.text}`);
      const body = this.scoped(ctx, () => {
        if (nVars === 1) ctx.vars.push({ name: names[0]!, shape: src.elem });
        if (nVars === 2) ctx.vars.push({ name: names[0]!, shape: src.key }, { name: names[1]!, shape: src.elem });
        return this.stmts({ ...ctx, dot: src.elem, inRange: ctx.inRange + 1 }, 3);
      });
      out += body;
      if (this.c.chance(0.35)) {
        out += this.action('else');
        out += this.scoped(ctx, () => {
          // In the else branch the declared variables hold the (empty) range value.
          if (nVars >= 1) ctx.vars.push({ name: names[0]!, shape: ANY });
          if (nVars === 2) ctx.vars.push({ name: names[1]!, shape: ANY });
          return this.stmts(ctx, 2);
        });
      }
      return out + this.action('end');
    });
  }

  private templateStmt(ctx: Ctx): string {
    const d = this.c.pick(ctx.defines);
    const arg = this.defineArg(ctx, d.param, 2);
    if (arg === undefined) return '';
    const name = this.c.chance(0.2) ? `\`${d.name}\`` : `"${d.name}"`;
    // `{{ template "x" nil }}` fails (nil is not a command): a nil dot is passed by leaving it out.
    if (d.param.kind === 'nil') return this.action(`template ${name}`);
    if (d.param.kind === 'str' && this.c.chance(0.3)) {
      // The argument may be a pipeline.
      return this.action(`template ${name} ${arg} | ${this.c.pick(['upper', 'quote', 'trim', 'toString'])}`);
    }
    return this.action(`template ${name} ${arg}`);
  }

  private blockStmt(ctx: Ctx): string {
    const name = `@KEY@.b${this.blockCount++}`;
    const e = this.c.chance(0.3) && ctx.dot.kind === 'root' ? this.rootExpr() : this.pipeline(ctx, 'any', 2);
    // A block's body is a separate template: it sees none of the caller's variables.
    const inner: Ctx = { dot: e.shape, dollar: e.shape, vars: [], inRange: 0, defines: ctx.defines };
    const body = this.stmts(inner, 3);
    return `${this.action(`block "${name}" ${e.text}`)}${body}${this.action('end')}`;
  }

  /** `.` as the root context (for variables and blocks that carry it along). */
  private rootExpr(): Expr {
    return { text: '.', shape: this.root, simple: true };
  }

  /** The top-level `define`s of a case. */
  defines(count: number, out: { name: string; param: Shape }[]): string {
    let text = '';
    for (let i = 0; i < count; i++) {
      const param = this.c.pick([
        this.root,
        STR,
        INT,
        S('list', { len: 0 }),
        S('nil'),
        S('map', { fields: [], closed: false }),
      ]);
      const shape = param;
      const ctx: Ctx = { dot: shape, dollar: shape, vars: [], inRange: 0, defines: [...out] };
      const name = `@KEY@.d${i}`;
      const body = this.stmts(ctx, 3);
      const open = this.c.pick(['{{ define', '{{- define', '{{define']);
      const end = this.c.pick(['{{ end }}', '{{- end }}', '{{ end -}}', '{{end}}']);
      text += `${open} "${name}" ${this.c.pick(['}}', '-}}'])}${body}${end}`;
      if (this.c.chance(0.4)) text += this.c.pick(['\n', '', this.comment(), 'between\n']);
      out.push({ name, param: shape });
    }
    return text;
  }
}

// ----- function table -------------------------------------------------------------------------

type Param = Want | 'small' | 'nonzero' | 'word' | 'regex' | 'kind';

interface FnSpec {
  name: string;
  /** Fails on nil (Sprig reflects on its argument): never given a value that may be nil. */
  nilUnsafe?: boolean;
  params: Param[];
  variadic?: Param;
  maxVariadic?: number;
  result: (args: Shape[]) => Shape;
}

const str = () => STR;
const int = () => INT;
const bool = () => BOOL;
const int64 = () => S('int64');
const float = () => S('float');
const strList = () => S('list', { elem: STR });
const sameAsLast = (a: Shape[]) => a[a.length - 1] ?? ANY;
const listOf = (a: Shape[]) => {
  const l = a[a.length - 1];
  return l?.kind === 'list' ? S('list', { elem: l.elem }) : S('list');
};
const elemOf = (a: Shape[]) => {
  const l = a[a.length - 1];
  return l?.kind === 'list' && l.elem && l.len !== undefined && l.len > 0 ? l.elem : ANY;
};

const FUNCS: readonly FnSpec[] = [
  { name: 'len', params: ['lenable'], result: int },
  { name: 'print', params: [], variadic: 'any', result: str },
  { name: 'println', params: [], variadic: 'any', result: str },
  { name: 'html', params: [], variadic: 'any', maxVariadic: 2, result: str },
  { name: 'js', params: [], variadic: 'any', maxVariadic: 2, result: str },
  { name: 'urlquery', params: [], variadic: 'any', maxVariadic: 2, result: str },
  { name: 'quote', params: [], variadic: 'any', result: str },
  { name: 'squote', params: [], variadic: 'any', result: str },
  { name: 'cat', params: [], variadic: 'any', result: str },
  { name: 'toYaml', params: ['any'], result: str },
  { name: 'toJson', params: ['any'], result: str },
  { name: 'toString', params: ['any'], result: str },
  { name: 'kindOf', params: ['any'], result: str },
  { name: 'typeOf', params: ['any'], result: str },
  { name: 'kindIs', params: ['kind', 'any'], result: bool },
  { name: 'empty', params: ['any'], result: bool },
  { name: 'upper', params: ['str'], result: str },
  { name: 'lower', params: ['str'], result: str },
  { name: 'title', params: ['str'], result: str },
  { name: 'trim', params: ['str'], result: str },
  { name: 'trimSuffix', params: ['word', 'str'], result: str },
  { name: 'trimPrefix', params: ['word', 'str'], result: str },
  { name: 'repeat', params: ['small', 'str'], result: str },
  { name: 'trunc', params: ['small', 'str'], result: str },
  { name: 'nindent', params: ['small', 'str'], result: str },
  { name: 'indent', params: ['small', 'str'], result: str },
  { name: 'replace', params: ['word', 'word', 'str'], result: str },
  { name: 'contains', params: ['word', 'str'], result: bool },
  { name: 'hasPrefix', params: ['word', 'str'], result: bool },
  { name: 'regexMatch', params: ['regex', 'str'], result: bool },
  { name: 'b64enc', params: ['str'], result: str },
  { name: 'sha256sum', params: ['str'], result: str },
  { name: 'join', params: ['word', 'list'], result: str },
  { name: 'splitList', params: ['word', 'str'], result: strList },
  { name: 'toStrings', params: ['list'], result: strList },
  { name: 'int', params: ['any'], result: int },
  { name: 'int64', params: ['num'], result: int64 },
  { name: 'float64', params: ['num'], result: float },
  { name: 'atoi', params: ['str'], result: int },
  { name: 'add', params: ['num', 'num'], result: int64 },
  { name: 'sub', params: ['num', 'num'], result: int64 },
  { name: 'mul', params: ['num', 'num'], result: int64 },
  { name: 'add1', params: ['num'], result: int64 },
  { name: 'max', params: ['num', 'num'], result: int64 },
  { name: 'min', params: ['num'], variadic: 'num', maxVariadic: 2, result: int64 },
  { name: 'div', params: ['num', 'nonzero'], result: int64 },
  { name: 'mod', params: ['num', 'nonzero'], result: int64 },
  { name: 'addf', params: ['num', 'num'], result: float },
  { name: 'mulf', params: ['num', 'num'], result: float },
  { name: 'until', params: ['small'], result: () => S('list', { elem: S('int') }) },
  { name: 'coalesce', params: [], variadic: 'any', result: () => ANY },
  { name: 'ternary', params: ['any', 'any', 'bool'], result: (a) => (a[0]?.kind === a[1]?.kind ? a[0]! : ANY) },
  { name: 'first', params: ['list'], result: elemOf },
  { name: 'last', params: ['list'], result: elemOf },
  { name: 'rest', params: ['list'], result: listOf },
  { name: 'initial', params: ['list'], result: listOf },
  { name: 'reverse', params: ['list'], result: listOf },
  { name: 'uniq', params: ['list'], result: listOf },
  { name: 'compact', params: ['list'], result: listOf },
  { name: 'sortAlpha', params: ['list'], result: strList },
  { name: 'has', params: ['any', 'list'], result: bool },
  { name: 'hasKey', params: ['map', 'word'], result: bool },
  { name: 'get', params: ['map', 'word'], result: () => ANY },
  { name: 'deepCopy', params: ['any'], result: sameAsLast, nilUnsafe: true },
  { name: 'required', params: ['word', 'str'], result: str },
  // map[string]string: a missing key is "" rather than <no value>.
  { name: 'split', params: ['word', 'str'], result: () => S('map', { fields: [['_0', STR]], closed: false }) },
];

function acceptsLast(f: FnSpec, s: Shape): boolean {
  if (f.nilUnsafe && (s.kind === 'nil' || s.kind === 'any')) return false;
  const p = f.variadic ?? f.params[f.params.length - 1];
  if (p === undefined) return false;
  if (p === 'small' || p === 'nonzero' || p === 'word' || p === 'regex' || p === 'kind') return false;
  return fits(s, p);
}

function canYield(f: FnSpec, want: Want): boolean {
  // Result shapes that depend on arguments are checked after generation.
  const probe = f.result([ANY, ANY, ANY]);
  return probe.kind === 'any' || fits(probe, want);
}

/** Generates one case (values first, then defines and the body). */
export function generateCase(c: Choices, fuel = 40): GeneratedCase {
  const values = genValues(c);
  const root = rootShape(values);
  const gen = new Gen(c, root, fuel);
  const defines: { name: string; param: Shape }[] = [];
  const defs = gen.defines(
    c.weighted([
      [5, 0],
      [3, 1],
      [2, 2],
      [1, 3],
    ] as const),
    defines,
  );
  const ctx: Ctx = { dot: root, dollar: root, vars: [], inRange: 0, defines };
  // One case in ten stresses fmt: printf only.
  const body = c.chance(0.1) ? gen.printfBody(ctx) : gen.stmts(ctx, 6);
  return { defs, body, values: valuesYaml(values), set: setAssignments(values) };
}
