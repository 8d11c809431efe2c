/**
 * The libyaml emitter as go-yaml v2 (`flavor: 'v2'`, lines folded at column 80, sequences under a
 * mapping key not indented) and go-yaml v3 (`'v3'`, no folding, sequences indented) run it for one
 * implicit document: same style selection (plain → single → double quotes), same scalar writers
 * (folding, escapes, block scalar hints) and the same column bookkeeping.
 */
import { utf8Length } from '../gotemplate/value.js';

export type EmitStyle = 'plain' | 'double' | 'literal';

export type ENode =
  | { kind: 'scalar'; value: string; style: EmitStyle; tag?: { handle: string; suffix: string } }
  | { kind: 'seq'; items: ENode[] }
  | { kind: 'map'; pairs: [ENode, ENode][] };

export interface EmitterOptions {
  flavor: 'v2' | 'v3';
  /** Indentation step (go-yaml default 2; toYamlPretty sets 2). */
  indent?: number;
}

function isBreakCp(c: number): boolean {
  return c === 13 || c === 10 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** go-yaml's emitter is_printable, on code points. */
function isPrintableCp(c: number): boolean {
  return (
    c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
  // Characters outside the BMP (4-byte UTF-8) are not "printable" for go-yaml: they get \U escapes.
}

interface ScalarAnalysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function analyzeScalar(cps: number[], flavor: 'v2' | 'v3'): ScalarAnalysis {
  if (cps.length === 0) {
    return {
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let tabCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (
    cps.length >= 3 &&
    ((cps[0] === 45 && cps[1] === 45 && cps[2] === 45) || (cps[0] === 46 && cps[1] === 46 && cps[2] === 46))
  ) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  const n = cps.length;
  for (let i = 0; i < n; i++) {
    const c = cps[i]!;
    const next = i + 1 < n ? cps[i + 1]! : -1;
    const followedByWhitespace = i + 1 >= n || next === 32 || next === 9;
    if (i === 0) {
      switch (c) {
        case 0x23:
        case 0x2c:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
        case 0x26:
        case 0x2a:
        case 0x21:
        case 0x7c:
        case 0x3e:
        case 0x27:
        case 0x22:
        case 0x25:
        case 0x40:
        case 0x60:
          flowIndicators = true;
          blockIndicators = true;
          break;
        case 0x3f:
        case 0x3a:
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x2d:
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (c) {
        case 0x2c:
        case 0x3f:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
          flowIndicators = true;
          break;
        case 0x3a:
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x23:
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (flavor === 'v3' && c === 9) tabCharacters = true;
    else if (!isPrintableCp(c)) specialCharacters = true;
    if (c === 32) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCp(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === 32 || c === 9 || isBreakCp(c);
  }
  const a: ScalarAnalysis = {
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || tabCharacters || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) a.blockAllowed = false;
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

const HEXU = '0123456789ABCDEF';
const ASCII = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

/** Emits one implicit document; the result ends with a newline, like yaml.Marshal's output. */
export function emitDocument(root: ENode, options: EmitterOptions): string {
  return new Emitter(options).document(root);
}

class Emitter {
  private readonly flavor: 'v2' | 'v3';
  private readonly bestIndent: number;
  private readonly bestWidth: number;
  private out = '';
  private column = 0;
  private indent = -1;
  private indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;

  constructor(o: EmitterOptions) {
    this.flavor = o.flavor;
    const bi = o.indent ?? 2;
    this.bestIndent = bi < 2 || bi > 9 ? 2 : bi;
    this.bestWidth = o.flavor === 'v2' ? 80 : 2 ** 31 - 1;
  }

  document(root: ENode): string {
    this.emitNode(root, true, false, false, false);
    this.writeIndent();
    return this.out;
  }

  // --- low level writers ---------------------------------------------------------------------

  private put(s: string): void {
    this.out += s;
    this.column++;
  }
  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.indention = true;
  }
  private writeCp(c: number): void {
    this.out += c < 0x80 ? ASCII[c]! : String.fromCodePoint(c);
    this.column++;
  }
  /** write_break: a `\n` is a real line break; LS/PS/NEL/CR are copied and reset the column. */
  private writeBreak(c: number): void {
    if (c === 10) this.putBreak();
    else {
      this.writeCp(c);
      this.column = 0;
      this.indention = true;
    }
  }
  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    if (this.flavor === 'v2') this.indention = true;
  }
  private writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of ind) this.writeCp(ch.codePointAt(0)!);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }
  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  // --- nodes ---------------------------------------------------------------------------------

  private emitNode(n: ENode, _root: boolean, _sequence: boolean, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (n.kind === 'scalar') this.emitScalar(n);
    else if (n.kind === 'seq') {
      if (this.flowLevel > 0 || n.items.length === 0) this.emitFlowSequence(n.items);
      else this.emitBlockSequence(n.items);
    } else if (this.flowLevel > 0 || n.pairs.length === 0) this.emitFlowMapping(n.pairs);
    else this.emitBlockMapping(n.pairs);
  }

  private emitFlowSequence(items: ENode[]): void {
    this.writeIndicator('[', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    items.forEach((item, i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.flavor === 'v3' && this.column === 0) this.writeIndent();
      if (this.column > this.bestWidth) this.writeIndent();
      this.emitNode(item, false, true, false, false);
    });
    this.flowLevel--;
    this.popIndent();
    if (this.flavor === 'v3' && this.column === 0) this.writeIndent();
    this.writeIndicator(']', false, false, false);
  }

  private emitFlowMapping(pairs: [ENode, ENode][]): void {
    this.writeIndicator('{', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    pairs.forEach(([k, v], i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.flavor === 'v3' && this.column === 0) this.writeIndent();
      if (this.column > this.bestWidth) this.writeIndent();
      if (this.checkSimpleKey(k)) {
        this.emitNode(k, false, false, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, false);
        this.emitNode(k, false, false, true, false);
        if (this.column > this.bestWidth) this.writeIndent();
        this.writeIndicator(':', true, false, false);
      }
      this.emitNode(v, false, false, true, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator('}', false, false, false);
  }

  private emitBlockSequence(items: ENode[]): void {
    if (this.flavor === 'v2') this.increaseIndent(false, this.mappingContext && !this.indention);
    else this.increaseIndent(false, false);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.emitNode(item, false, true, false, false);
    }
    this.popIndent();
  }

  private emitBlockMapping(pairs: [ENode, ENode][]): void {
    this.increaseIndent(false, false);
    for (const [k, v] of pairs) {
      this.writeIndent();
      if (this.checkSimpleKey(k)) {
        this.emitNode(k, false, false, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.emitNode(k, false, false, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.emitNode(v, false, false, true, false);
    }
    this.popIndent();
  }

  /** Code points and analysis of a scalar, computed once (keys are analysed twice otherwise). */
  private readonly analyses = new WeakMap<ENode, { cps: number[]; a: ScalarAnalysis }>();
  private analyze(n: Extract<ENode, { kind: 'scalar' }>): { cps: number[]; a: ScalarAnalysis } {
    let r = this.analyses.get(n);
    if (!r) {
      const cps = codePoints(n.value);
      r = { cps, a: analyzeScalar(cps, this.flavor) };
      this.analyses.set(n, r);
    }
    return r;
  }

  private checkSimpleKey(k: ENode): boolean {
    if (k.kind === 'scalar') {
      const { a } = this.analyze(k);
      if (a.multiline) return false;
      const tagLen = k.tag ? utf8Length(k.tag.handle) + utf8Length(k.tag.suffix) : 0;
      return tagLen + utf8Length(k.value) <= 128;
    }
    if (k.kind === 'seq') return k.items.length === 0;
    return k.pairs.length === 0;
  }

  private emitScalar(n: Extract<ENode, { kind: 'scalar' }>): void {
    const { cps, a } = this.analyze(n);
    // The encoder marks untagged scalars implicit (plain and quoted), so no `!` tag is ever needed.
    let style = n.style as EmitStyle | 'single';
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) {
        style = 'single';
      }
      if (cps.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext)) style = 'double';
    if (n.tag) {
      if (!this.whitespace) this.put(' ');
      for (const ch of n.tag.handle) this.writeCp(ch.codePointAt(0)!);
      for (const ch of n.tag.suffix) this.writeCp(ch.codePointAt(0)!);
      this.whitespace = false;
      this.indention = false;
    }
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case 'plain':
        this.writePlain(cps, allowBreaks);
        break;
      case 'single':
        this.writeSingle(cps, allowBreaks);
        break;
      case 'double':
        this.writeDouble(cps, allowBreaks);
        break;
      case 'literal':
        this.writeLiteral(cps);
        break;
    }
    this.popIndent();
  }

  private writePlain(v: number[], allowBreaks: boolean): void {
    if ((this.flavor === 'v2' || v.length > 0) && !this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c === 32) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && v[i + 1] !== 32) this.writeIndent();
        else this.writeCp(c);
        spaces = true;
      } else if (isBreakCp(c)) {
        if (!breaks && c === 10) this.putBreak();
        this.writeBreak(c);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    if (this.flavor === 'v2' || v.length > 0) this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(v: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c === 32) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < v.length - 1 && v[i + 1] !== 32) {
          this.writeIndent();
        } else this.writeCp(c);
        spaces = true;
      } else if (isBreakCp(c)) {
        if (!breaks && c === 10) this.putBreak();
        this.writeBreak(c);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(v: number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    // go-yaml's is_bom looks at the first bytes of the value, not at position i: a value that
    // starts with a BOM has every character escaped.
    const allBom = v[0] === 0xfeff;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (allBom || !isPrintableCp(c) || c === 0xfeff || isBreakCp(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        const simple: Record<number, string> = {
          0: '0',
          7: 'a',
          8: 'b',
          9: 't',
          10: 'n',
          11: 'v',
          12: 'f',
          13: 'r',
          27: 'e',
          34: '"',
          92: '\\',
          133: 'N',
          160: '_',
          8232: 'L',
          8233: 'P',
        };
        const e = simple[c];
        if (e !== undefined) this.put(e);
        else {
          let w: number;
          if (c <= 0xff) {
            this.put('x');
            w = 2;
          } else if (c <= 0xffff) {
            this.put('u');
            w = 4;
          } else {
            this.put('U');
            w = 8;
          }
          for (let k = (w - 1) * 4; k >= 0; k -= 4) this.put(HEXU[(c >> k) & 15]!);
        }
        spaces = false;
      } else if (c === 32) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (v[i + 1] === 32) this.put('\\');
        } else this.writeCp(c);
        spaces = true;
      } else {
        this.writeCp(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeBlockScalarHints(v: number[]): void {
    if (v.length > 0 && (v[0] === 32 || isBreakCp(v[0]!))) {
      this.writeIndicator(String(this.bestIndent), false, false, false);
    }
    let chomp = '';
    if (v.length === 0) chomp = '-';
    else {
      const last = v[v.length - 1]!;
      if (!isBreakCp(last)) chomp = '-';
      else if (v.length === 1) chomp = '+';
      else if (isBreakCp(v[v.length - 2]!)) chomp = '+';
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  private writeLiteral(v: number[]): void {
    this.writeIndicator('|', true, false, false);
    this.writeBlockScalarHints(v);
    this.putBreak(); // v3.0.1 does the same since go-yaml issue 755
    this.whitespace = true;
    let breaks = true;
    for (const c of v) {
      if (isBreakCp(c)) {
        this.writeBreak(c);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeCp(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}
