/**
 * A YAML tokenizer that behaves like go-yaml v2's scanner (itself a port of libyaml): same tokens,
 * same simple-key rules, same error texts and marks. The input is read the way go-yaml's reader
 * does (512-byte raw chunks), so a bad byte is reported exactly when go-yaml would notice it, which
 * decides whether a syntax error or "control characters are not allowed" wins.
 */
import { stringToBytes } from '../gotemplate/gostring.js';

export interface Mark {
  index: number;
  line: number;
  column: number;
}

export enum Tok {
  StreamStart,
  StreamEnd,
  VersionDirective,
  TagDirective,
  DocumentStart,
  DocumentEnd,
  BlockSequenceStart,
  BlockMappingStart,
  BlockEnd,
  FlowSequenceStart,
  FlowSequenceEnd,
  FlowMappingStart,
  FlowMappingEnd,
  BlockEntry,
  FlowEntry,
  Key,
  Value,
  Alias,
  Anchor,
  Tag,
  Scalar,
}

export enum ScalarStyle {
  Any,
  Plain,
  SingleQuoted,
  DoubleQuoted,
  Literal,
  Folded,
}

export interface Token {
  type: Tok;
  start: Mark;
  end: Mark;
  /** Scalar value, anchor/alias name, tag handle, or tag directive handle. */
  value?: string;
  suffix?: string;
  prefix?: string;
  style?: ScalarStyle;
  major?: number;
  minor?: number;
}

/** The error state of go-yaml's parser: which stage failed, the problem and the marks. */
export class YamlSyntaxError extends Error {
  constructor(
    readonly kind: 'reader' | 'scanner' | 'parser',
    readonly problem: string,
    readonly problemMark: Mark,
    readonly context: string,
    readonly contextMark: Mark,
  ) {
    super(problem);
    this.name = 'YamlSyntaxError';
  }

  /** The text go-yaml v2 reports (`yaml: line N: problem`), without the `yaml: ` prefix. */
  goMessage(): string {
    let line = 0;
    if (this.problemMark.line !== 0) {
      line = this.problemMark.line;
      // go-yaml adds one only for scanner errors, so parser errors name the previous line.
      if (this.kind === 'scanner') line++;
    } else if (this.contextMark.line !== 0) line = this.contextMark.line;
    return (line !== 0 ? `line ${line}: ` : '') + this.problem;
  }
}

const ZERO_MARK: Mark = { index: 0, line: 0, column: 0 };

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

const RAW_CHUNK = 512;
const MAX_FLOW_LEVEL = 10000;
const MAX_INDENTS = 10000;

function isBreak(c: number): boolean {
  return c === 13 || c === 10 || c === 0x85 || c === 0x2028 || c === 0x2029;
}
function isBreakZ(c: number): boolean {
  return c === 0 || isBreak(c);
}
function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}
function isBlankZ(c: number): boolean {
  return isBlank(c) || isBreakZ(c);
}
export function isAlpha(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function asHex(c: number): number {
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return c - 48;
}
function cp(s: string): number {
  return s.charCodeAt(0);
}

/** Characters go-yaml's reader accepts (everything else is "control characters are not allowed"). */
function allowedChar(v: number): boolean {
  return (
    v === 9 ||
    v === 10 ||
    v === 13 ||
    (v >= 0x20 && v <= 0x7e) ||
    v === 0x85 ||
    (v >= 0xa0 && v <= 0xd7ff) ||
    (v >= 0xe000 && v <= 0xfffd) ||
    (v >= 0x10000 && v <= 0x10ffff)
  );
}

/**
 * Pre-decodes the input into code points and records where (if anywhere) go-yaml's reader would fail;
 * `Input.ensure` then replays the chunked reading to raise that failure at the same moment.
 */
class Input {
  /** Decoded code points, followed by zeros (go-yaml pads the buffer with NULs at the end). */
  readonly chars: Int32Array;
  /** Byte offset of each decoded char (and one past the end). */
  private readonly starts: Int32Array;
  private readonly count: number;
  private readonly nbytes: number;
  /** The reader failure, if any: its byte position, claimed width and message. */
  private readonly bad?: { pos: number; width: number; problem: string };
  private rawPos = 0;
  private rawEnd = 0;
  private eof = false;
  /** Number of chars made available so far. */
  available = 0;

  constructor(text: string) {
    const b = stringToBytes(text);
    this.nbytes = b.length;
    const chars = new Int32Array(b.length + 8);
    const starts = new Int32Array(b.length + 1);
    let i = 0;
    let n = 0;
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
    this.rawPos = i;
    this.rawEnd = Math.min(b.length, RAW_CHUNK);
    while (i < b.length) {
      const o = b[i]!;
      let w = 0;
      if ((o & 0x80) === 0) w = 1;
      else if ((o & 0xe0) === 0xc0) w = 2;
      else if ((o & 0xf0) === 0xe0) w = 3;
      else if ((o & 0xf8) === 0xf0) w = 4;
      if (w === 0) {
        this.bad = { pos: i, width: 0, problem: 'invalid leading UTF-8 octet' };
        break;
      }
      if (i + w > b.length) {
        this.bad = { pos: i, width: w, problem: 'incomplete UTF-8 octet sequence' };
        break;
      }
      let v = w === 1 ? o & 0x7f : w === 2 ? o & 0x1f : w === 3 ? o & 0x0f : o & 0x07;
      let problem = '';
      for (let k = 1; k < w; k++) {
        const t = b[i + k]!;
        if ((t & 0xc0) !== 0x80) {
          problem = 'invalid trailing UTF-8 octet';
          break;
        }
        v = (v << 6) + (t & 0x3f);
      }
      if (!problem) {
        if (!(w === 1 || (w === 2 && v >= 0x80) || (w === 3 && v >= 0x800) || (w === 4 && v >= 0x10000))) {
          problem = 'invalid length of a UTF-8 sequence';
        } else if ((v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff) problem = 'invalid Unicode character';
        else if (!allowedChar(v)) problem = 'control characters are not allowed';
      }
      if (problem) {
        this.bad = { pos: i, width: w, problem };
        break;
      }
      chars[n] = v;
      starts[n] = i;
      n++;
      i += w;
    }
    starts[n] = i;
    this.count = n;
    this.chars = chars;
    this.starts = starts;
  }

  /** Makes at least `need` chars from `pos` available, decoding raw chunks like go-yaml. */
  ensure(pos: number, need: number): void {
    if (this.available - pos >= need) return;
    let first = true;
    while (this.available - pos < need) {
      if (!first || this.rawPos === this.rawEnd) this.readChunk();
      first = false;
      // Decode every complete character of the raw buffer.
      let k = this.available;
      while (k < this.count && this.starts[k + 1]! <= this.rawEnd) k++;
      this.available = k;
      this.rawPos = this.starts[k]!;
      const bad = this.bad;
      if (bad && bad.pos === this.rawPos && bad.pos < this.rawEnd) {
        if (bad.width === 0 || bad.pos + bad.width <= this.rawEnd) {
          throw new YamlSyntaxError('reader', bad.problem, ZERO_MARK, '', ZERO_MARK);
        }
        if (this.eof) throw new YamlSyntaxError('reader', 'incomplete UTF-8 octet sequence', ZERO_MARK, '', ZERO_MARK);
      }
      if (this.eof) {
        this.available = Number.MAX_SAFE_INTEGER;
        break;
      }
    }
  }

  private readChunk(): void {
    if (this.rawEnd >= this.nbytes) this.eof = true;
    else this.rawEnd = Math.min(this.nbytes, this.rawPos + RAW_CHUNK);
  }
}

/** go-yaml v2's scanner. Call {@link Scanner.peek} / {@link Scanner.skip} to consume tokens. */
export class Scanner {
  private readonly input: Input;
  private readonly b: Int32Array;
  private pos = 0;
  private mark: Mark = { index: 0, line: 0, column: 0 };
  private tokens: Token[] = [];
  private head = 0;
  private tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;
  private streamEndProduced = false;
  private indent = -1;
  private indents: number[] = [];
  private simpleKeyAllowed = false;
  private simpleKeys: SimpleKey[] = [];
  private flowLevel = 0;
  /** go-yaml's simple_keys_by_tok: token number → index of the potential simple key. */
  private byTok = new Map<number, number>();

  constructor(text: string) {
    this.input = new Input(text);
    this.b = this.input.chars;
  }

  // --- buffer helpers -------------------------------------------------------------------------

  private cache(n: number): void {
    this.input.ensure(this.pos, n);
  }
  private at(k = 0): number {
    return this.b[this.pos + k]!;
  }
  private cur(): Mark {
    return { index: this.mark.index, line: this.mark.line, column: this.mark.column };
  }
  private skip(): void {
    this.mark.index++;
    this.mark.column++;
    this.pos++;
  }
  private skipLine(): void {
    const c = this.at();
    if (c === 13 && this.at(1) === 10) {
      this.mark.index += 2;
      this.mark.column = 0;
      this.mark.line++;
      this.pos += 2;
    } else if (isBreak(c)) {
      this.mark.index++;
      this.mark.column = 0;
      this.mark.line++;
      this.pos++;
    }
  }
  private read(s: string[]): void {
    s.push(String.fromCodePoint(this.at()));
    this.skip();
  }
  /** Copies a line break as `\n` (LS/PS are kept) and advances. */
  private readLine(s: string[]): void {
    const c = this.at();
    if (c === 13 && this.at(1) === 10) {
      s.push('\n');
      this.pos += 2;
      this.mark.index++;
    } else if (c === 13 || c === 10 || c === 0x85) {
      s.push('\n');
      this.pos++;
    } else if (c === 0x2028 || c === 0x2029) {
      s.push(String.fromCharCode(c));
      this.pos++;
    } else return;
    this.mark.index++;
    this.mark.column = 0;
    this.mark.line++;
  }

  private error(context: string, contextMark: Mark, problem: string): never {
    throw new YamlSyntaxError('scanner', problem, this.cur(), context, contextMark);
  }

  // --- token queue ----------------------------------------------------------------------------

  /** The next token (fetching more as needed). */
  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head]!;
  }

  /** Consumes the token returned by {@link peek}. */
  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.streamEndProduced = this.tokens[this.head]!.type === Tok.StreamEnd;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.tokens.length) {
      this.tokens = this.tokens.slice(this.head);
      this.head = 0;
    }
  }

  get ended(): boolean {
    return this.streamEndProduced;
  }

  private insertToken(at: number, t: Token): void {
    if (at < 0) this.tokens.push(t);
    else this.tokens.splice(this.head + at, 0, t);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length) {
        // Only a potential simple key registered for the head token asks for more lookahead.
        // (go-yaml's bookkeeping is keyed by token number; closing a flow collection drops the entry
        // of the key that started at the same token count, which decides some error texts.)
        const idx = this.byTok.get(this.tokensParsed);
        if (idx === undefined || !this.keyIsValid(this.simpleKeys[idx]!)) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private fetchNextToken(): void {
    this.cache(1);
    if (!this.streamStartProduced) {
      this.fetchStreamStart();
      return;
    }
    this.scanToNextToken();
    this.unrollIndent(this.mark.column);
    this.cache(4);
    const c = this.at();
    if (c === 0) {
      this.fetchStreamEnd();
      return;
    }
    const col0 = this.mark.column === 0;
    if (col0 && c === cp('%')) {
      this.fetchDirective();
      return;
    }
    if (col0 && c === 45 && this.at(1) === 45 && this.at(2) === 45 && isBlankZ(this.at(3))) {
      this.fetchDocumentIndicator(Tok.DocumentStart);
      return;
    }
    if (col0 && c === 46 && this.at(1) === 46 && this.at(2) === 46 && isBlankZ(this.at(3))) {
      this.fetchDocumentIndicator(Tok.DocumentEnd);
      return;
    }
    switch (c) {
      case 0x5b: // [
        this.fetchFlowCollectionStart(Tok.FlowSequenceStart);
        return;
      case 0x7b: // {
        this.fetchFlowCollectionStart(Tok.FlowMappingStart);
        return;
      case 0x5d: // ]
        this.fetchFlowCollectionEnd(Tok.FlowSequenceEnd);
        return;
      case 0x7d: // }
        this.fetchFlowCollectionEnd(Tok.FlowMappingEnd);
        return;
      case 0x2c: // ,
        this.fetchFlowEntry();
        return;
    }
    const n1 = this.at(1);
    if (c === 45 && isBlankZ(n1)) {
      this.fetchBlockEntry();
      return;
    }
    if (c === 0x3f && (this.flowLevel > 0 || isBlankZ(n1))) {
      this.fetchKey();
      return;
    }
    if (c === 0x3a && (this.flowLevel > 0 || isBlankZ(n1))) {
      this.fetchValue();
      return;
    }
    if (c === 0x2a) {
      this.fetchAnchor(Tok.Alias);
      return;
    }
    if (c === 0x26) {
      this.fetchAnchor(Tok.Anchor);
      return;
    }
    if (c === 0x21) {
      this.fetchTag();
      return;
    }
    if (c === 0x7c && this.flowLevel === 0) {
      this.fetchBlockScalar(true);
      return;
    }
    if (c === 0x3e && this.flowLevel === 0) {
      this.fetchBlockScalar(false);
      return;
    }
    if (c === 0x27) {
      this.fetchFlowScalar(true);
      return;
    }
    if (c === 0x22) {
      this.fetchFlowScalar(false);
      return;
    }
    const indicator = '-?:,[]{}#&*!|>\'"%@`'.includes(String.fromCharCode(c));
    if (
      !(isBlankZ(c) || indicator) ||
      (c === 45 && !isBlank(n1)) ||
      (this.flowLevel === 0 && (c === 0x3f || c === 0x3a) && !isBlankZ(n1))
    ) {
      this.fetchPlainScalar();
      return;
    }
    this.error('while scanning for the next token', this.cur(), 'found character that cannot start any token');
  }

  // --- simple keys and indentation ------------------------------------------------------------

  /**
   * Whether a potential simple key is still usable: a key must stay on one line and within 1024
   * characters; a stale required key is an error.
   */
  private keyIsValid(k: SimpleKey): boolean {
    if (!k.possible) return false;
    if (k.mark.line < this.mark.line || k.mark.index + 1024 < this.mark.index) {
      if (k.required) this.error('while scanning a simple key', k.mark, "could not find expected ':'");
      k.possible = false;
      return false;
    }
    return true;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (this.simpleKeyAllowed) {
      const key: SimpleKey = {
        possible: true,
        required,
        tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
        mark: this.cur(),
      };
      this.removeSimpleKey();
      this.byTok.set(key.tokenNumber, this.simpleKeys.length - 1);
      this.simpleKeys[this.simpleKeys.length - 1] = key;
    }
  }

  private removeSimpleKey(): void {
    const i = this.simpleKeys.length - 1;
    const k = this.simpleKeys[i]!;
    if (k.possible) {
      if (k.required) this.error('while scanning a simple key', k.mark, "could not find expected ':'");
      k.possible = false;
      this.byTok.delete(k.tokenNumber);
    }
  }

  private increaseFlowLevel(): void {
    // The new level's empty key carries the number of the next token; closing the level later drops
    // that number from byTok (which can unregister an outer key, as in go-yaml).
    const next = this.tokensParsed + (this.tokens.length - this.head);
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: next, mark: this.cur() });
    this.flowLevel++;
    if (this.flowLevel > MAX_FLOW_LEVEL) {
      this.error(
        'while increasing flow level',
        this.simpleKeys[this.simpleKeys.length - 1]!.mark,
        `exceeded max depth of ${MAX_FLOW_LEVEL}`,
      );
    }
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      this.byTok.delete(this.simpleKeys[this.simpleKeys.length - 1]!.tokenNumber);
      this.simpleKeys.pop();
    }
  }

  private rollIndent(column: number, number: number, type: Tok, mark: Mark): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > MAX_INDENTS) {
        this.error(
          'while increasing indent level',
          this.simpleKeys[this.simpleKeys.length - 1]!.mark,
          `exceeded max depth of ${MAX_INDENTS}`,
        );
      }
      const t: Token = { type, start: mark, end: mark };
      this.insertToken(number > -1 ? number - this.tokensParsed : -1, t);
    }
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      const m = this.cur();
      this.insertToken(-1, { type: Tok.BlockEnd, start: m, end: m });
      this.indent = this.indents.pop()!;
    }
  }

  // --- fetchers -------------------------------------------------------------------------------

  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: { ...ZERO_MARK } });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    const m = this.cur();
    this.insertToken(-1, { type: Tok.StreamStart, start: m, end: m });
  }

  private fetchStreamEnd(): void {
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const m = this.cur();
    this.insertToken(-1, { type: Tok.StreamEnd, start: m, end: m });
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanDirective());
  }

  private fetchDocumentIndicator(type: Tok): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.cur();
    this.skip();
    this.skip();
    this.skip();
    this.insertToken(-1, { type, start, end: this.cur() });
  }

  private fetchFlowCollectionStart(type: Tok): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    const start = this.cur();
    this.skip();
    this.insertToken(-1, { type, start, end: this.cur() });
  }

  private fetchFlowCollectionEnd(type: Tok): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    const start = this.cur();
    this.skip();
    this.insertToken(-1, { type, start, end: this.cur() });
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.cur();
    this.skip();
    this.insertToken(-1, { type: Tok.FlowEntry, start, end: this.cur() });
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.error('', this.cur(), 'block sequence entries are not allowed in this context');
      this.rollIndent(this.mark.column, -1, Tok.BlockSequenceStart, this.cur());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.cur();
    this.skip();
    this.insertToken(-1, { type: Tok.BlockEntry, start, end: this.cur() });
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.error('', this.cur(), 'mapping keys are not allowed in this context');
      this.rollIndent(this.mark.column, -1, Tok.BlockMappingStart, this.cur());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    const start = this.cur();
    this.skip();
    this.insertToken(-1, { type: Tok.Key, start, end: this.cur() });
  }

  private fetchValue(): void {
    const sk = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (this.keyIsValid(sk)) {
      this.insertToken(sk.tokenNumber - this.tokensParsed, { type: Tok.Key, start: sk.mark, end: sk.mark });
      this.rollIndent(sk.mark.column, sk.tokenNumber, Tok.BlockMappingStart, sk.mark);
      sk.possible = false;
      this.byTok.delete(sk.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.error('', this.cur(), 'mapping values are not allowed in this context');
        this.rollIndent(this.mark.column, -1, Tok.BlockMappingStart, this.cur());
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const start = this.cur();
    this.skip();
    this.insertToken(-1, { type: Tok.Value, start, end: this.cur() });
  }

  private fetchAnchor(type: Tok): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanAnchor(type));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanTag());
  }

  private fetchBlockScalar(literal: boolean): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insertToken(-1, this.scanBlockScalar(literal));
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanFlowScalar(single));
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanPlainScalar());
  }

  private scanToNextToken(): void {
    for (;;) {
      this.cache(1);
      if (this.mark.column === 0 && this.at() === 0xfeff) this.skip();
      this.cache(1);
      while (this.at() === 32 || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.at() === 9)) {
        this.skip();
        this.cache(1);
      }
      if (this.at() === 0x23) {
        while (!isBreakZ(this.at())) {
          this.skip();
          this.cache(1);
        }
      }
      if (isBreak(this.at())) {
        this.cache(2);
        this.skipLine();
        if (this.flowLevel === 0) this.simpleKeyAllowed = true;
      } else break;
    }
  }

  // --- scanners -------------------------------------------------------------------------------

  private scanDirective(): Token {
    const start = this.cur();
    this.skip();
    const name = this.scanDirectiveName(start);
    let tok: Token;
    if (name === 'YAML') {
      this.cache(1);
      while (isBlank(this.at())) {
        this.skip();
        this.cache(1);
      }
      const major = this.scanVersionNumber(start);
      if (this.at() !== 0x2e) {
        this.error('while scanning a %YAML directive', start, "did not find expected digit or '.' character");
      }
      this.skip();
      const minor = this.scanVersionNumber(start);
      tok = { type: Tok.VersionDirective, start, end: this.cur(), major, minor };
    } else if (name === 'TAG') {
      this.cache(1);
      while (isBlank(this.at())) {
        this.skip();
        this.cache(1);
      }
      const handle = this.scanTagHandle(true, start);
      this.cache(1);
      if (!isBlank(this.at())) this.error('while scanning a %TAG directive', start, 'did not find expected whitespace');
      while (isBlank(this.at())) {
        this.skip();
        this.cache(1);
      }
      const prefix = this.scanTagUri(true, '', start);
      this.cache(1);
      if (!isBlankZ(this.at())) {
        this.error('while scanning a %TAG directive', start, 'did not find expected whitespace or line break');
      }
      tok = { type: Tok.TagDirective, start, end: this.cur(), value: handle, prefix };
    } else {
      this.error('while scanning a directive', start, 'found unknown directive name');
    }
    this.cache(1);
    while (isBlank(this.at())) {
      this.skip();
      this.cache(1);
    }
    if (this.at() === 0x23) {
      while (!isBreakZ(this.at())) {
        this.skip();
        this.cache(1);
      }
    }
    if (!isBreakZ(this.at())) {
      this.error('while scanning a directive', start, 'did not find expected comment or line break');
    }
    if (isBreak(this.at())) {
      this.cache(2);
      this.skipLine();
    }
    return tok;
  }

  private scanDirectiveName(start: Mark): string {
    this.cache(1);
    const s: string[] = [];
    while (isAlpha(this.at())) {
      this.read(s);
      this.cache(1);
    }
    if (s.length === 0) this.error('while scanning a directive', start, 'could not find expected directive name');
    if (!isBlankZ(this.at())) {
      this.error('while scanning a directive', start, 'found unexpected non-alphabetical character');
    }
    return s.join('');
  }

  private scanVersionNumber(start: Mark): number {
    this.cache(1);
    let value = 0;
    let length = 0;
    while (isDigit(this.at())) {
      length++;
      if (length > 2) this.error('while scanning a %YAML directive', start, 'found extremely long version number');
      value = value * 10 + (this.at() - 48);
      this.skip();
      this.cache(1);
    }
    if (length === 0) this.error('while scanning a %YAML directive', start, 'did not find expected version number');
    return value;
  }

  private scanAnchor(type: Tok): Token {
    const start = this.cur();
    this.skip();
    this.cache(1);
    const s: string[] = [];
    while (isAlpha(this.at())) {
      this.read(s);
      this.cache(1);
    }
    const end = this.cur();
    const c = this.at();
    if (s.length === 0 || !(isBlankZ(c) || '?:,]}%@`'.includes(String.fromCharCode(c)))) {
      this.error(
        type === Tok.Anchor ? 'while scanning an anchor' : 'while scanning an alias',
        start,
        'did not find expected alphabetic or numeric character',
      );
    }
    return { type, start, end, value: s.join('') };
  }

  private scanTag(): Token {
    const start = this.cur();
    this.cache(2);
    let handle: string;
    let suffix: string;
    if (this.at(1) === 0x3c) {
      handle = '';
      this.skip();
      this.skip();
      suffix = this.scanTagUri(false, '', start);
      if (this.at() !== 0x3e) this.error('while scanning a tag', start, "did not find the expected '>'");
      this.skip();
    } else {
      handle = this.scanTagHandle(false, start);
      if (handle[0] === '!' && handle.length > 1 && handle[handle.length - 1] === '!') {
        suffix = this.scanTagUri(false, '', start);
      } else {
        suffix = this.scanTagUri(false, handle, start);
        handle = '!';
        if (suffix.length === 0) {
          suffix = handle;
          handle = '';
        }
      }
    }
    this.cache(1);
    if (!isBlankZ(this.at())) {
      this.error('while scanning a tag', start, 'did not find expected whitespace or line break');
    }
    return { type: Tok.Tag, start, end: this.cur(), value: handle, suffix };
  }

  private tagError(directive: boolean, start: Mark, problem: string): never {
    this.error(directive ? 'while parsing a %TAG directive' : 'while parsing a tag', start, problem);
  }

  private scanTagHandle(directive: boolean, start: Mark): string {
    this.cache(1);
    if (this.at() !== 0x21) this.tagError(directive, start, "did not find expected '!'");
    const s: string[] = [];
    this.read(s);
    this.cache(1);
    while (isAlpha(this.at())) {
      this.read(s);
      this.cache(1);
    }
    if (this.at() === 0x21) this.read(s);
    else if (directive && s.join('') !== '!') this.tagError(directive, start, "did not find expected '!'");
    return s.join('');
  }

  private scanTagUri(directive: boolean, head: string, start: Mark): string {
    let hasTag = head.length > 0;
    // The bytes of the URI: %-escapes decode to raw octets.
    const bytes: number[] = [];
    if (head.length > 1) for (const b of stringToBytes(head.slice(1))) bytes.push(b);
    this.cache(1);
    for (;;) {
      const c = this.at();
      if (!(isAlpha(c) || ";/?:@&=+$,.!~*'()[]%".includes(String.fromCharCode(c)))) break;
      if (c === 0x25) this.scanUriEscapes(directive, start, bytes);
      else {
        for (const b of stringToBytes(String.fromCodePoint(c))) bytes.push(b);
        this.skip();
      }
      this.cache(1);
      hasTag = true;
    }
    if (!hasTag) this.tagError(directive, start, 'did not find expected tag URI');
    return Buffer.from(bytes).toString('utf8');
  }

  private scanUriEscapes(directive: boolean, start: Mark, out: number[]): void {
    let w = 1024;
    while (w > 0) {
      this.cache(3);
      if (!(this.at() === 0x25 && isHex(this.at(1)) && isHex(this.at(2)))) {
        this.tagError(directive, start, 'did not find URI escaped octet');
      }
      const octet = (asHex(this.at(1)) << 4) + asHex(this.at(2));
      if (w === 1024) {
        w =
          (octet & 0x80) === 0
            ? 1
            : (octet & 0xe0) === 0xc0
              ? 2
              : (octet & 0xf0) === 0xe0
                ? 3
                : (octet & 0xf8) === 0xf0
                  ? 4
                  : 0;
        if (w === 0) this.tagError(directive, start, 'found an incorrect leading UTF-8 octet');
      } else if ((octet & 0xc0) !== 0x80) this.tagError(directive, start, 'found an incorrect trailing UTF-8 octet');
      out.push(octet);
      this.skip();
      this.skip();
      this.skip();
      w--;
    }
  }

  private scanBlockScalar(literal: boolean): Token {
    const start = this.cur();
    this.skip();
    this.cache(1);
    let chomping = 0;
    let increment = 0;
    if (this.at() === 0x2b || this.at() === 0x2d) {
      chomping = this.at() === 0x2b ? 1 : -1;
      this.skip();
      this.cache(1);
      if (isDigit(this.at())) {
        if (this.at() === 0x30) {
          this.error('while scanning a block scalar', start, 'found an indentation indicator equal to 0');
        }
        increment = this.at() - 48;
        this.skip();
      }
    } else if (isDigit(this.at())) {
      if (this.at() === 0x30)
        this.error('while scanning a block scalar', start, 'found an indentation indicator equal to 0');
      increment = this.at() - 48;
      this.skip();
      this.cache(1);
      if (this.at() === 0x2b || this.at() === 0x2d) {
        chomping = this.at() === 0x2b ? 1 : -1;
        this.skip();
      }
    }
    this.cache(1);
    while (isBlank(this.at())) {
      this.skip();
      this.cache(1);
    }
    if (this.at() === 0x23) {
      while (!isBreakZ(this.at())) {
        this.skip();
        this.cache(1);
      }
    }
    if (!isBreakZ(this.at())) {
      this.error('while scanning a block scalar', start, 'did not find expected comment or line break');
    }
    if (isBreak(this.at())) {
      this.cache(2);
      this.skipLine();
    }
    const endRef = { end: this.cur() };
    const ind = { indent: 0 };
    if (increment > 0) ind.indent = this.indent >= 0 ? this.indent + increment : increment;
    const s: string[] = [];
    let leadingBreak: string[] = [];
    let trailingBreaks: string[] = [];
    this.scanBlockScalarBreaks(ind, trailingBreaks, start, endRef);
    this.cache(1);
    let leadingBlank = false;
    let trailingBlank = false;
    while (this.mark.column === ind.indent && this.at() !== 0) {
      trailingBlank = isBlank(this.at());
      if (!literal && !leadingBlank && !trailingBlank && leadingBreak.length > 0 && leadingBreak[0] === '\n') {
        if (trailingBreaks.length === 0) s.push(' ');
      } else s.push(...leadingBreak);
      leadingBreak = [];
      s.push(...trailingBreaks);
      trailingBreaks = [];
      leadingBlank = isBlank(this.at());
      while (!isBreakZ(this.at())) {
        this.read(s);
        this.cache(1);
      }
      this.cache(2);
      this.readLine(leadingBreak);
      this.scanBlockScalarBreaks(ind, trailingBreaks, start, endRef);
    }
    if (chomping !== -1) s.push(...leadingBreak);
    if (chomping === 1) s.push(...trailingBreaks);
    return {
      type: Tok.Scalar,
      start,
      end: endRef.end,
      value: s.join(''),
      style: literal ? ScalarStyle.Literal : ScalarStyle.Folded,
    };
  }

  private scanBlockScalarBreaks(ind: { indent: number }, breaks: string[], start: Mark, endRef: { end: Mark }): void {
    endRef.end = this.cur();
    let maxIndent = 0;
    for (;;) {
      this.cache(1);
      while ((ind.indent === 0 || this.mark.column < ind.indent) && this.at() === 32) {
        this.skip();
        this.cache(1);
      }
      if (this.mark.column > maxIndent) maxIndent = this.mark.column;
      if ((ind.indent === 0 || this.mark.column < ind.indent) && this.at() === 9) {
        this.error(
          'while scanning a block scalar',
          start,
          'found a tab character where an indentation space is expected',
        );
      }
      if (!isBreak(this.at())) break;
      this.cache(2);
      this.readLine(breaks);
      endRef.end = this.cur();
    }
    if (ind.indent === 0) {
      ind.indent = maxIndent;
      if (ind.indent < this.indent + 1) ind.indent = this.indent + 1;
      if (ind.indent < 1) ind.indent = 1;
    }
  }

  private scanFlowScalar(single: boolean): Token {
    const start = this.cur();
    this.skip();
    const s: string[] = [];
    let leadingBreak: string[] = [];
    let trailingBreaks: string[] = [];
    let whitespaces: string[] = [];
    for (;;) {
      this.cache(4);
      if (
        this.mark.column === 0 &&
        ((this.at() === 45 && this.at(1) === 45 && this.at(2) === 45) ||
          (this.at() === 46 && this.at(1) === 46 && this.at(2) === 46)) &&
        isBlankZ(this.at(3))
      ) {
        this.error('while scanning a quoted scalar', start, 'found unexpected document indicator');
      }
      if (this.at() === 0) this.error('while scanning a quoted scalar', start, 'found unexpected end of stream');
      let leadingBlanks = false;
      while (!isBlankZ(this.at())) {
        const c = this.at();
        if (single && c === 0x27 && this.at(1) === 0x27) {
          s.push("'");
          this.skip();
          this.skip();
        } else if (single && c === 0x27) break;
        else if (!single && c === 0x22) break;
        else if (!single && c === 0x5c && isBreak(this.at(1))) {
          this.cache(3);
          this.skip();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && c === 0x5c) {
          let codeLength = 0;
          switch (this.at(1)) {
            case 0x30:
              s.push('\0');
              break;
            case 0x61:
              s.push('\x07');
              break;
            case 0x62:
              s.push('\b');
              break;
            case 0x74:
            case 9:
              s.push('\t');
              break;
            case 0x6e:
              s.push('\n');
              break;
            case 0x76:
              s.push('\v');
              break;
            case 0x66:
              s.push('\f');
              break;
            case 0x72:
              s.push('\r');
              break;
            case 0x65:
              s.push('\x1b');
              break;
            case 0x20:
              s.push(' ');
              break;
            case 0x22:
              s.push('"');
              break;
            case 0x27:
              s.push("'");
              break;
            case 0x5c:
              s.push('\\');
              break;
            case 0x4e:
              s.push('\u0085');
              break;
            case 0x5f:
              s.push('\u00a0');
              break;
            case 0x4c:
              s.push('\u2028');
              break;
            case 0x50:
              s.push('\u2029');
              break;
            case 0x78:
              codeLength = 2;
              break;
            case 0x75:
              codeLength = 4;
              break;
            case 0x55:
              codeLength = 8;
              break;
            default:
              this.error('while parsing a quoted scalar', start, 'found unknown escape character');
          }
          this.skip();
          this.skip();
          if (codeLength > 0) {
            this.cache(codeLength);
            let value = 0;
            for (let k = 0; k < codeLength; k++) {
              if (!isHex(this.at(k))) {
                this.error('while parsing a quoted scalar', start, 'did not find expected hexdecimal number');
              }
              value = value * 16 + asHex(this.at(k));
            }
            if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) {
              this.error('while parsing a quoted scalar', start, 'found invalid Unicode character escape code');
            }
            s.push(String.fromCodePoint(value));
            for (let k = 0; k < codeLength; k++) this.skip();
          }
        } else this.read(s);
        this.cache(2);
      }
      this.cache(1);
      if (single ? this.at() === 0x27 : this.at() === 0x22) break;
      while (isBlank(this.at()) || isBreak(this.at())) {
        if (isBlank(this.at())) {
          if (!leadingBlanks) this.read(whitespaces);
          else this.skip();
        } else {
          this.cache(2);
          if (!leadingBlanks) {
            whitespaces = [];
            this.readLine(leadingBreak);
            leadingBlanks = true;
          } else this.readLine(trailingBreaks);
        }
        this.cache(1);
      }
      if (leadingBlanks) {
        if (leadingBreak.length > 0 && leadingBreak[0] === '\n') {
          if (trailingBreaks.length === 0) s.push(' ');
          else s.push(...trailingBreaks);
        } else {
          s.push(...leadingBreak);
          s.push(...trailingBreaks);
        }
        trailingBreaks = [];
        leadingBreak = [];
      } else {
        s.push(...whitespaces);
        whitespaces = [];
      }
    }
    this.skip();
    return {
      type: Tok.Scalar,
      start,
      end: this.cur(),
      value: s.join(''),
      style: single ? ScalarStyle.SingleQuoted : ScalarStyle.DoubleQuoted,
    };
  }

  private scanPlainScalar(): Token {
    const s: string[] = [];
    let leadingBreak: string[] = [];
    let trailingBreaks: string[] = [];
    let whitespaces: string[] = [];
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const start = this.cur();
    // The end mark is kept as numbers: allocating a Mark per character is measurably slow.
    let endIndex = this.mark.index;
    let endLine = this.mark.line;
    let endColumn = this.mark.column;
    for (;;) {
      this.cache(4);
      if (
        this.mark.column === 0 &&
        ((this.at() === 45 && this.at(1) === 45 && this.at(2) === 45) ||
          (this.at() === 46 && this.at(1) === 46 && this.at(2) === 46)) &&
        isBlankZ(this.at(3))
      ) {
        break;
      }
      if (this.at() === 0x23) break;
      while (!isBlankZ(this.at())) {
        const c = this.at();
        if (
          (c === 0x3a && isBlankZ(this.at(1))) ||
          (this.flowLevel > 0 && (c === 0x2c || c === 0x3f || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d))
        ) {
          break;
        }
        if (leadingBlanks || whitespaces.length > 0) {
          if (leadingBlanks) {
            if (leadingBreak[0] === '\n') {
              if (trailingBreaks.length === 0) s.push(' ');
              else s.push(...trailingBreaks);
            } else {
              s.push(...leadingBreak);
              s.push(...trailingBreaks);
            }
            trailingBreaks = [];
            leadingBreak = [];
            leadingBlanks = false;
          } else {
            s.push(...whitespaces);
            whitespaces = [];
          }
        }
        this.read(s);
        endIndex = this.mark.index;
        endLine = this.mark.line;
        endColumn = this.mark.column;
        this.cache(2);
      }
      if (!(isBlank(this.at()) || isBreak(this.at()))) break;
      this.cache(1);
      while (isBlank(this.at()) || isBreak(this.at())) {
        if (isBlank(this.at())) {
          if (leadingBlanks && this.mark.column < indent && this.at() === 9) {
            this.error('while scanning a plain scalar', start, 'found a tab character that violates indentation');
          }
          if (!leadingBlanks) this.read(whitespaces);
          else this.skip();
        } else {
          this.cache(2);
          if (!leadingBlanks) {
            whitespaces = [];
            this.readLine(leadingBreak);
            leadingBlanks = true;
          } else this.readLine(trailingBreaks);
        }
        this.cache(1);
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    const end = { index: endIndex, line: endLine, column: endColumn };
    return { type: Tok.Scalar, start, end, value: s.join(''), style: ScalarStyle.Plain };
  }
}
