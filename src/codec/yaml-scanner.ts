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

/** A scanner token (one class, so every token has the same shape). */
export class Token {
  /** Scalar value, anchor/alias name, tag handle, or tag directive handle. */
  value: string | undefined = undefined;
  suffix: string | undefined = undefined;
  prefix: string | undefined = undefined;
  style: ScalarStyle | undefined = undefined;
  major: number | undefined = undefined;
  minor: number | undefined = undefined;
  constructor(
    readonly type: Tok,
    readonly start: Mark,
    readonly end: Mark,
  ) {}
}

/** A token carrying a value (and, for scalars, a style). */
function valued(type: Tok, start: Mark, end: Mark, value: string, style?: ScalarStyle): Token {
  const t = new Token(type, start, end);
  t.value = value;
  t.style = style;
  return t;
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

/**
 * Characters below 256 that may end a plain scalar's run of non-blank characters: 1 in block
 * context (blanks, breaks, NUL and ':'), 2 as well in flow context (`,?[]{}`). U+2028/U+2029 also end it.
 */
const PLAIN_STOP = new Uint8Array(256);
for (const c of [0, 9, 10, 13, 32, 0x85, 0x3a]) PLAIN_STOP[c] = 1;
for (const c of [0x2c, 0x3f, 0x5b, 0x5d, 0x7b, 0x7d]) PLAIN_STOP[c] = 2;
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

/** Any character go-yaml's reader rejects, or a surrogate (a raw byte or a character beyond U+FFFF). */
const NOT_PLAIN_TEXT = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd]/;
/** go-yaml's line breaks. */
const LINE_BREAK = /[\n\r\x85\u2028\u2029]/g;

/** Stands for a character beyond U+FFFF in the scanned text: no YAML syntax treats it specially. */
const ASTRAL = 0xe000;

/** NULs after the text (go-yaml pads its buffer with them; the scanner looks up to 4 ahead). */
const PADDING = 8;

/**
 * A reusable buffer for {@link unitsOf}: scanning never re-enters itself (it calls no outside
 * code), and fresh large arrays cost a page fault per 4 KiB, which dominated big documents.
 */
let scratch = new Uint16Array(0);
const SCRATCH_MAX = 1 << 22;

/** The UTF-16 units of `text` from `from`, followed by {@link PADDING} zeros (and then anything). */
function unitsOf(text: string, from: number): Uint16Array {
  const n = text.length - from;
  let units = scratch;
  if (units.length < n + PADDING) {
    units = new Uint16Array(n + PADDING + (n >> 2));
    if (units.length <= SCRATCH_MAX) scratch = units;
  }
  Buffer.from(units.buffer, units.byteOffset, n * 2).write(from === 0 ? text : text.slice(from), 0, 'utf16le');
  units.fill(0, n, n + PADDING);
  return units;
}

/** A reader failure at some byte: the bytes go-yaml needs before it reports it, and its message. */
interface ReadFailure {
  width: number;
  problem: string;
}

/** go-yaml's reader on one UTF-8 character at `i`: its code point, or the failure. */
function decodeUtf8(b: Uint8Array, i: number): number | ReadFailure {
  const o = b[i]!;
  let w = 0;
  if ((o & 0x80) === 0) w = 1;
  else if ((o & 0xe0) === 0xc0) w = 2;
  else if ((o & 0xf0) === 0xe0) w = 3;
  else if ((o & 0xf8) === 0xf0) w = 4;
  if (w === 0) return { width: 0, problem: 'invalid leading UTF-8 octet' };
  if (i + w > b.length) return { width: w, problem: 'incomplete UTF-8 octet sequence' };
  let v = w === 1 ? o & 0x7f : w === 2 ? o & 0x1f : w === 3 ? o & 0x0f : o & 0x07;
  for (let k = 1; k < w; k++) {
    const t = b[i + k]!;
    if ((t & 0xc0) !== 0x80) return { width: w, problem: 'invalid trailing UTF-8 octet' };
    v = (v << 6) + (t & 0x3f);
  }
  if (!(w === 1 || (w === 2 && v >= 0x80) || (w === 3 && v >= 0x800) || (w === 4 && v >= 0x10000))) {
    return { width: w, problem: 'invalid length of a UTF-8 sequence' };
  }
  if ((v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff) return { width: w, problem: 'invalid Unicode character' };
  if (!allowedChar(v)) return { width: w, problem: 'control characters are not allowed' };
  return v;
}

/**
 * go-yaml's reader on one UTF-16 character at `i` (a unit, or a surrogate pair); `low` is the index
 * of a unit's low byte (0 little-endian, 1 big-endian).
 */
function decodeUtf16(b: Uint8Array, i: number, low: number): number | ReadFailure {
  const unit = (at: number) => b[at + low]! + (b[at + 1 - low]! << 8);
  if (i + 2 > b.length) return { width: 2, problem: 'incomplete UTF-16 character' };
  let v = unit(i);
  let w = 2;
  if ((v & 0xfc00) === 0xdc00) return { width: 2, problem: 'unexpected low surrogate area' };
  if ((v & 0xfc00) === 0xd800) {
    w = 4;
    if (i + 4 > b.length) return { width: 4, problem: 'incomplete UTF-16 surrogate pair' };
    const v2 = unit(i + 2);
    if ((v2 & 0xfc00) !== 0xdc00) return { width: 4, problem: 'expected low surrogate area' };
    v = 0x10000 + ((v & 0x3ff) << 10) + (v2 & 0x3ff);
  }
  if (!allowedChar(v)) return { width: w, problem: 'control characters are not allowed' };
  return v;
}

/**
 * The characters the scanner reads, one UTF-16 unit per character. Usually those are the text's own
 * units (minus a BOM). Text with characters beyond U+FFFF, raw bytes or characters go-yaml rejects is
 * decoded like go-yaml's reader decodes bytes: the scanned units stop before the first bad byte, and
 * `ensure` replays go-yaml's 512-byte chunked reading to raise that failure at the moment go-yaml
 * would notice it (which decides whether a syntax error wins).
 */
class Input {
  /** The scanned units, followed by zeros. */
  readonly units: Uint16Array;
  /** Whether `ensure` has work to do (the text holds a bad byte). */
  readonly replay: boolean;
  /** The text the characters come from, starting at `offset`. */
  private readonly text: string;
  private readonly offset: number = 0;
  /** The code points when the text cannot be sliced by character index (characters beyond U+FFFF). */
  private readonly cps?: Int32Array;
  /** Byte offset of each decoded char (and one past the end); only with a bad byte. */
  private readonly starts?: Int32Array;
  private readonly count: number = 0;
  private readonly nbytes: number = 0;
  /** The reader failure, if any: its byte position, claimed width and message. */
  private readonly bad?: { pos: number; width: number; problem: string };
  private rawPos = 0;
  private rawEnd = 0;
  private eof = false;
  /** Number of chars made available so far. */
  private available = 0;
  /** NULs go-yaml added after the end of the input (one per buffer update past the end). */
  private nuls = 0;
  /**
   * The char at the start of go-yaml's buffer: each buffer update moves the unread chars there. Its
   * BOM test (`is_bom`) looks at the buffer's start, not at the current char.
   */
  private bufStart = 0;

  /**
   * In a plain text (no replay): the index of the first line break at or after `pos`, or the end
   * (where the padding's zero stands). Plain texts hold no NUL, the only other character that ends a
   * comment.
   */
  lineEnd(pos: number): number {
    if (this.cps !== undefined) {
      // Characters beyond U+FFFF: the text is not kept, the units are (one per character).
      const u = this.units;
      let p = pos;
      while (!isBreakZ(u[p]!)) p++;
      return p;
    }
    LINE_BREAK.lastIndex = pos + this.offset;
    const m = LINE_BREAK.exec(this.text);
    return (m === null ? this.text.length : m.index) - this.offset;
  }

  constructor(text: string) {
    // A U+FEFF after the start needs go-yaml's buffer replayed (see bomAtBufferStart).
    if (!NOT_PLAIN_TEXT.test(text) && text.indexOf('\ufeff', 1) < 0) {
      this.text = text;
      if (text.charCodeAt(0) === 0xfeff) this.offset = 1;
      this.units = unitsOf(text, this.offset);
      this.replay = false;
      return;
    }
    const b = stringToBytes(text);
    this.nbytes = b.length;
    const chars = new Int32Array(b.length);
    const starts = new Int32Array(b.length + 1);
    let i = 0;
    let n = 0;
    let astral = false;
    // go-yaml's yaml_parser_determine_encoding: a UTF-16 byte order mark selects UTF-16.
    let utf16 = -1; // the index of the low byte in a unit, or -1 for UTF-8
    if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) utf16 = 0;
    else if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) utf16 = 1;
    if (utf16 >= 0) i = 2;
    else if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
    this.rawPos = i;
    this.rawEnd = Math.min(b.length, RAW_CHUNK);
    while (i < b.length) {
      const d = utf16 >= 0 ? decodeUtf16(b, i, utf16) : decodeUtf8(b, i);
      if (typeof d === 'object') {
        this.bad = { pos: i, ...d };
        break;
      }
      const v = d;
      const w = utf16 >= 0 ? (v > 0xffff ? 4 : 2) : v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4;
      if (v > 0xffff) astral = true;
      chars[n] = v;
      starts[n] = i;
      n++;
      i += w;
    }
    starts[n] = i;
    this.count = n;
    const units = new Uint16Array(n + PADDING);
    for (let k = 0; k < n; k++) units[k] = chars[k]! > 0xffff ? ASTRAL : chars[k]!;
    this.units = units;
    if (astral) {
      this.text = '';
      this.cps = chars;
    } else this.text = Buffer.from(units.buffer, 0, n * 2).toString('utf16le');
    this.starts = starts;
    this.replay = this.bad !== undefined || chars.subarray(0, n).includes(0xfeff);
  }

  /** The characters [from, to) as text. */
  slice(from: number, to: number): string {
    const cps = this.cps;
    if (cps === undefined) return this.text.slice(from + this.offset, to + this.offset);
    let out = '';
    for (let k = from; k < to; k += 4096) out += String.fromCodePoint(...cps.subarray(k, Math.min(to, k + 4096)));
    return out;
  }

  /** Makes at least `need` chars from `pos` available, decoding raw chunks like go-yaml. */
  ensure(pos: number, need: number): void {
    if (this.available + this.nuls - pos >= need) return;
    this.bufStart = pos;
    if (this.nuls > 0) {
      this.nuls++;
      return;
    }
    const starts = this.starts!;
    let first = true;
    while (this.available - pos < need) {
      if (!first || this.rawPos === this.rawEnd) this.readChunk();
      first = false;
      // Decode every complete character of the raw buffer.
      let k = this.available;
      while (k < this.count && starts[k + 1]! <= this.rawEnd) k++;
      this.available = k;
      this.rawPos = starts[k]!;
      const bad = this.bad;
      if (bad && bad.pos === this.rawPos && bad.pos < this.rawEnd) {
        if (bad.width === 0 || bad.pos + bad.width <= this.rawEnd) {
          throw new YamlSyntaxError('reader', bad.problem, ZERO_MARK, '', ZERO_MARK);
        }
        // The character is incomplete at the end of the input.
        if (this.eof) throw new YamlSyntaxError('reader', bad.problem, ZERO_MARK, '', ZERO_MARK);
      }
      if (this.eof) {
        this.nuls = 1;
        break;
      }
    }
  }

  /** go-yaml's `is_bom(buffer, pos)`, which tests the buffer's first bytes (a replay only). */
  bomAtBufferStart(): boolean {
    return this.bufStart < this.available && this.units[this.bufStart] === 0xfeff;
  }

  private readChunk(): void {
    if (this.rawEnd >= this.nbytes) this.eof = true;
    else this.rawEnd = Math.min(this.nbytes, this.rawPos + RAW_CHUNK);
  }
}

/** go-yaml v2's scanner. Call {@link Scanner.peek} / {@link Scanner.skip} to consume tokens. */
export class Scanner {
  private readonly input: Input;
  /** The scanned characters (see {@link Input}). */
  private readonly units: Uint16Array;
  private readonly replay: boolean;
  private pos = 0;
  private line = 0;
  private column = 0;
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
    this.units = this.input.units;
    this.replay = this.input.replay;
  }

  // --- buffer helpers -------------------------------------------------------------------------
  // The position is a character index, which is also go-yaml's mark index (both count characters).

  private cache(n: number): void {
    if (this.replay) this.input.ensure(this.pos, n);
  }
  private at(): number {
    return this.units[this.pos]!;
  }
  private ahead(k: number): number {
    return this.units[this.pos + k]!;
  }
  private cur(): Mark {
    return { index: this.pos, line: this.line, column: this.column };
  }
  private skip(): void {
    this.column++;
    this.pos++;
  }
  private skipLine(): void {
    const c = this.at();
    if (c === 13 && this.ahead(1) === 10) {
      this.column = 0;
      this.line++;
      this.pos += 2;
    } else if (isBreak(c)) {
      this.column = 0;
      this.line++;
      this.pos++;
    }
  }
  private read(s: string[]): void {
    s.push(this.input.slice(this.pos, this.pos + 1));
    this.skip();
  }
  /** Reads a line break: returns it as `\n` (LS/PS are kept), or '' when there is none. */
  private readLine(): string {
    const c = this.at();
    let s: string;
    if (c === 13 && this.ahead(1) === 10) {
      s = '\n';
      this.pos += 2;
    } else if (c === 13 || c === 10 || c === 0x85) {
      s = '\n';
      this.pos++;
    } else if (c === 0x2028 || c === 0x2029) {
      s = String.fromCharCode(c);
      this.pos++;
    } else return '';
    this.column = 0;
    this.line++;
    return s;
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
    this.unrollIndent(this.column);
    this.cache(4);
    const c = this.at();
    if (c === 0) {
      this.fetchStreamEnd();
      return;
    }
    const col0 = this.column === 0;
    if (col0 && c === cp('%')) {
      this.fetchDirective();
      return;
    }
    if (col0 && c === 45 && this.ahead(1) === 45 && this.ahead(2) === 45 && isBlankZ(this.ahead(3))) {
      this.fetchDocumentIndicator(Tok.DocumentStart);
      return;
    }
    if (col0 && c === 46 && this.ahead(1) === 46 && this.ahead(2) === 46 && isBlankZ(this.ahead(3))) {
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
    const n1 = this.ahead(1);
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
    if (k.mark.line < this.line || k.mark.index + 1024 < this.pos) {
      if (k.required) this.error('while scanning a simple key', k.mark, "could not find expected ':'");
      k.possible = false;
      return false;
    }
    return true;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.column;
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
      const t = new Token(type, mark, mark);
      this.insertToken(number > -1 ? number - this.tokensParsed : -1, t);
    }
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      const m = this.cur();
      this.insertToken(-1, new Token(Tok.BlockEnd, m, m));
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
    this.insertToken(-1, new Token(Tok.StreamStart, m, m));
  }

  private fetchStreamEnd(): void {
    if (this.column !== 0) {
      this.column = 0;
      this.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const m = this.cur();
    this.insertToken(-1, new Token(Tok.StreamEnd, m, m));
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
    this.insertToken(-1, new Token(type, start, this.cur()));
  }

  private fetchFlowCollectionStart(type: Tok): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    const start = this.cur();
    this.skip();
    this.insertToken(-1, new Token(type, start, this.cur()));
  }

  private fetchFlowCollectionEnd(type: Tok): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    const start = this.cur();
    this.skip();
    this.insertToken(-1, new Token(type, start, this.cur()));
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.cur();
    this.skip();
    this.insertToken(-1, new Token(Tok.FlowEntry, start, this.cur()));
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.error('', this.cur(), 'block sequence entries are not allowed in this context');
      this.rollIndent(this.column, -1, Tok.BlockSequenceStart, this.cur());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.cur();
    this.skip();
    this.insertToken(-1, new Token(Tok.BlockEntry, start, this.cur()));
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.error('', this.cur(), 'mapping keys are not allowed in this context');
      this.rollIndent(this.column, -1, Tok.BlockMappingStart, this.cur());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    const start = this.cur();
    this.skip();
    this.insertToken(-1, new Token(Tok.Key, start, this.cur()));
  }

  private fetchValue(): void {
    const sk = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (this.keyIsValid(sk)) {
      this.insertToken(sk.tokenNumber - this.tokensParsed, new Token(Tok.Key, sk.mark, sk.mark));
      this.rollIndent(sk.mark.column, sk.tokenNumber, Tok.BlockMappingStart, sk.mark);
      sk.possible = false;
      this.byTok.delete(sk.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.error('', this.cur(), 'mapping values are not allowed in this context');
        this.rollIndent(this.column, -1, Tok.BlockMappingStart, this.cur());
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const start = this.cur();
    this.skip();
    this.insertToken(-1, new Token(Tok.Value, start, this.cur()));
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
      // go-yaml skips the current char, whatever it is, when its buffer starts with a BOM.
      if (this.column === 0 && (this.replay ? this.input.bomAtBufferStart() : this.at() === 0xfeff)) this.skip();
      this.cache(1);
      if (!this.replay) {
        // Indentation: a tight loop (deeply nested documents are mostly spaces).
        const u = this.units;
        const tabs = this.flowLevel > 0 || !this.simpleKeyAllowed;
        let p = this.pos;
        for (let c = u[p]!; c === 32 || (tabs && c === 9); c = u[++p]!);
        this.column += p - this.pos;
        this.pos = p;
      } else {
        while (this.at() === 32 || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.at() === 9)) {
          this.skip();
          this.cache(1);
        }
      }
      if (this.at() === 0x23) {
        if (!this.replay) {
          // A comment runs to its line's end, found natively: values files are mostly comments.
          const end = this.input.lineEnd(this.pos);
          this.column += end - this.pos;
          this.pos = end;
        } else {
          while (!isBreakZ(this.at())) {
            this.skip();
            this.cache(1);
          }
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
      tok = new Token(Tok.VersionDirective, start, this.cur());
      tok.major = major;
      tok.minor = minor;
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
      tok = valued(Tok.TagDirective, start, this.cur(), handle);
      tok.prefix = prefix;
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
    return valued(type, start, end, s.join(''));
  }

  private scanTag(): Token {
    const start = this.cur();
    this.cache(2);
    let handle: string;
    let suffix: string;
    if (this.ahead(1) === 0x3c) {
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
    const tok = valued(Tok.Tag, start, this.cur(), handle);
    tok.suffix = suffix;
    return tok;
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
      if (!(this.at() === 0x25 && isHex(this.ahead(1)) && isHex(this.ahead(2)))) {
        this.tagError(directive, start, 'did not find URI escaped octet');
      }
      const octet = (asHex(this.ahead(1)) << 4) + asHex(this.ahead(2));
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
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = this.scanBlockScalarBreaks(ind, start, endRef);
    this.cache(1);
    let leadingBlank = false;
    let trailingBlank = false;
    while (this.column === ind.indent && this.at() !== 0) {
      trailingBlank = isBlank(this.at());
      if (!literal && !leadingBlank && !trailingBlank && leadingBreak === '\n') {
        if (trailingBreaks.length === 0) s += ' ';
      } else s += leadingBreak;
      leadingBreak = '';
      s += trailingBreaks;
      leadingBlank = isBlank(this.at());
      const from = this.pos;
      while (!isBreakZ(this.at())) {
        this.skip();
        this.cache(1);
      }
      s += this.input.slice(from, this.pos);
      this.cache(2);
      leadingBreak = this.readLine();
      trailingBreaks = this.scanBlockScalarBreaks(ind, start, endRef);
    }
    if (chomping !== -1) s += leadingBreak;
    if (chomping === 1) s += trailingBreaks;
    return valued(Tok.Scalar, start, endRef.end, s, literal ? ScalarStyle.Literal : ScalarStyle.Folded);
  }

  /** Skips the indentation and empty lines before a block scalar line; returns the breaks read. */
  private scanBlockScalarBreaks(ind: { indent: number }, start: Mark, endRef: { end: Mark }): string {
    let breaks = '';
    endRef.end = this.cur();
    let maxIndent = 0;
    for (;;) {
      this.cache(1);
      while ((ind.indent === 0 || this.column < ind.indent) && this.at() === 32) {
        this.skip();
        this.cache(1);
      }
      if (this.column > maxIndent) maxIndent = this.column;
      if ((ind.indent === 0 || this.column < ind.indent) && this.at() === 9) {
        this.error(
          'while scanning a block scalar',
          start,
          'found a tab character where an indentation space is expected',
        );
      }
      if (!isBreak(this.at())) break;
      this.cache(2);
      breaks += this.readLine();
      endRef.end = this.cur();
    }
    if (ind.indent === 0) {
      ind.indent = maxIndent;
      if (ind.indent < this.indent + 1) ind.indent = this.indent + 1;
      if (ind.indent < 1) ind.indent = 1;
    }
    return breaks;
  }

  private scanFlowScalar(single: boolean): Token {
    const start = this.cur();
    this.skip();
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    for (;;) {
      this.cache(4);
      if (
        this.column === 0 &&
        ((this.at() === 45 && this.ahead(1) === 45 && this.ahead(2) === 45) ||
          (this.at() === 46 && this.ahead(1) === 46 && this.ahead(2) === 46)) &&
        isBlankZ(this.ahead(3))
      ) {
        this.error('while scanning a quoted scalar', start, 'found unexpected document indicator');
      }
      if (this.at() === 0) this.error('while scanning a quoted scalar', start, 'found unexpected end of stream');
      let leadingBlanks = false;
      while (!isBlankZ(this.at())) {
        const c = this.at();
        if (single && c === 0x27 && this.ahead(1) === 0x27) {
          s += "'";
          this.skip();
          this.skip();
        } else if (single && c === 0x27) break;
        else if (!single && c === 0x22) break;
        else if (!single && c === 0x5c && isBreak(this.ahead(1))) {
          this.cache(3);
          this.skip();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && c === 0x5c) {
          let codeLength = 0;
          switch (this.ahead(1)) {
            case 0x30:
              s += '\0';
              break;
            case 0x61:
              s += '\x07';
              break;
            case 0x62:
              s += '\b';
              break;
            case 0x74:
            case 9:
              s += '\t';
              break;
            case 0x6e:
              s += '\n';
              break;
            case 0x76:
              s += '\v';
              break;
            case 0x66:
              s += '\f';
              break;
            case 0x72:
              s += '\r';
              break;
            case 0x65:
              s += '\x1b';
              break;
            case 0x20:
              s += ' ';
              break;
            case 0x22:
              s += '"';
              break;
            case 0x27:
              s += "'";
              break;
            case 0x5c:
              s += '\\';
              break;
            case 0x4e:
              s += '\u0085';
              break;
            case 0x5f:
              s += '\u00a0';
              break;
            case 0x4c:
              s += '\u2028';
              break;
            case 0x50:
              s += '\u2029';
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
              if (!isHex(this.ahead(k))) {
                this.error('while parsing a quoted scalar', start, 'did not find expected hexdecimal number');
              }
              value = value * 16 + asHex(this.ahead(k));
            }
            if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) {
              this.error('while parsing a quoted scalar', start, 'found invalid Unicode character escape code');
            }
            s += String.fromCodePoint(value);
            for (let k = 0; k < codeLength; k++) this.skip();
          }
        } else {
          // A run of characters copied as they are.
          const from = this.pos;
          let d = c;
          do {
            this.skip();
            this.cache(2);
            d = this.at();
          } while (!isBlankZ(d) && d !== (single ? 0x27 : 0x22) && (single || d !== 0x5c));
          s += this.input.slice(from, this.pos);
          continue;
        }
        this.cache(2);
      }
      this.cache(1);
      if (single ? this.at() === 0x27 : this.at() === 0x22) break;
      while (isBlank(this.at()) || isBreak(this.at())) {
        if (isBlank(this.at())) {
          if (!leadingBlanks) whitespaces += this.at() === 32 ? ' ' : '\t';
          this.skip();
        } else {
          this.cache(2);
          if (!leadingBlanks) {
            whitespaces = '';
            leadingBreak = this.readLine();
            leadingBlanks = true;
          } else trailingBreaks += this.readLine();
        }
        this.cache(1);
      }
      if (leadingBlanks) {
        if (leadingBreak === '\n') {
          if (trailingBreaks.length === 0) s += ' ';
          else s += trailingBreaks;
        } else {
          s += leadingBreak;
          s += trailingBreaks;
        }
        trailingBreaks = '';
        leadingBreak = '';
      } else {
        s += whitespaces;
        whitespaces = '';
      }
    }
    this.skip();
    return valued(Tok.Scalar, start, this.cur(), s, single ? ScalarStyle.SingleQuoted : ScalarStyle.DoubleQuoted);
  }

  private scanPlainScalar(): Token {
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const start = this.cur();
    // The end mark is kept as numbers: allocating a Mark per character is measurably slow.
    let endIndex = this.pos;
    let endLine = this.line;
    let endColumn = this.column;
    for (;;) {
      this.cache(4);
      if (
        this.column === 0 &&
        ((this.at() === 45 && this.ahead(1) === 45 && this.ahead(2) === 45) ||
          (this.at() === 46 && this.ahead(1) === 46 && this.ahead(2) === 46)) &&
        isBlankZ(this.ahead(3))
      ) {
        break;
      }
      if (this.at() === 0x23) break;
      // A run of non-blank characters, copied as one slice.
      let from = -1;
      for (let c = this.at(); !isBlankZ(c); c = this.at()) {
        if (
          (c === 0x3a && isBlankZ(this.ahead(1))) ||
          (this.flowLevel > 0 && (c === 0x2c || c === 0x3f || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d))
        ) {
          break;
        }
        if (from < 0) {
          if (leadingBlanks) {
            if (leadingBreak === '\n') {
              if (trailingBreaks.length === 0) s += ' ';
              else s += trailingBreaks;
            } else {
              s += leadingBreak;
              s += trailingBreaks;
            }
            trailingBreaks = '';
            leadingBreak = '';
            leadingBlanks = false;
          } else if (whitespaces.length > 0) {
            s += whitespaces;
            whitespaces = '';
          }
          from = this.pos;
        }
        this.skip();
        this.cache(2);
        if (!this.replay) {
          // Fast path: skip to the next character that may end the run (the loop then decides).
          const u = this.units;
          const stop = this.flowLevel > 0 ? 2 : 1;
          let p = this.pos;
          for (
            let d = u[p]!;
            d < 256 ? PLAIN_STOP[d]! === 0 || PLAIN_STOP[d]! > stop : d !== 0x2028 && d !== 0x2029;
            d = u[++p]!
          );
          this.column += p - this.pos;
          this.pos = p;
        }
      }
      if (from >= 0) {
        s += this.input.slice(from, this.pos);
        endIndex = this.pos;
        endLine = this.line;
        endColumn = this.column;
      }
      if (!(isBlank(this.at()) || isBreak(this.at()))) break;
      this.cache(1);
      while (isBlank(this.at()) || isBreak(this.at())) {
        if (isBlank(this.at())) {
          if (leadingBlanks && this.column < indent && this.at() === 9) {
            this.error('while scanning a plain scalar', start, 'found a tab character that violates indentation');
          }
          if (!leadingBlanks) whitespaces += this.at() === 32 ? ' ' : '\t';
          this.skip();
        } else {
          this.cache(2);
          if (!leadingBlanks) {
            whitespaces = '';
            leadingBreak = this.readLine();
            leadingBlanks = true;
          } else trailingBreaks += this.readLine();
        }
        this.cache(1);
      }
      if (this.flowLevel === 0 && this.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    const end = { index: endIndex, line: endLine, column: endColumn };
    return valued(Tok.Scalar, start, end, s, ScalarStyle.Plain);
  }
}
