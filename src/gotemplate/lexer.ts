/**
 * The lexer of Go's text/template (as of Go 1.23–1.25): text, actions with trim markers, comments,
 * strings, raw strings, character constants, numbers (the scanner is lenient; the parser validates with
 * strconv), identifiers, fields, variables and keywords. Positions are string indexes; lines are 1-based.
 */
import { quote as goQuote } from './strconv.js';
import { isDigit, isLetter, isPrint } from './unicode.js';

export enum T {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // Keywords appear after all the rest.
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

const keywords: Record<string, T> = {
  '.': T.Dot,
  block: T.Block,
  break: T.Break,
  continue: T.Continue,
  define: T.Define,
  else: T.Else,
  end: T.End,
  if: T.If,
  range: T.Range,
  nil: T.Nil,
  template: T.Template,
  with: T.With,
};

export interface Item {
  typ: T;
  pos: number;
  val: string;
  line: number;
}

const LEFT_DELIM = '{{';
const RIGHT_DELIM = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function isAlphaNumeric(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code < 0x80) {
    return (
      (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 /* _ */
    );
  }
  const cp = c.codePointAt(0)!;
  return isLetter(cp) || isDigit(cp);
}

function hasLeftTrimMarker(s: string, i: number): boolean {
  return s.length - i >= 2 && s[i] === '-' && isSpace(s[i + 1]);
}

function hasRightTrimMarker(s: string, i: number): boolean {
  return s.length - i >= 2 && isSpace(s[i]) && s[i + 1] === '-';
}

function rightTrimLength(s: string, start: number, end: number): number {
  let i = end;
  while (i > start && isSpace(s[i - 1])) i--;
  return end - i;
}

function leftTrimLength(s: string, i: number): number {
  let j = i;
  while (j < s.length && isSpace(s[j])) j++;
  return j - i;
}

// atRightDelim's answers, shared: it runs before every token of an action.
const AT_TRIMMED_DELIM = [true, true] as const;
const AT_DELIM = [true, false] as const;
const NOT_AT_DELIM = [false, false] as const;

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** The end of a run of ASCII letters, digits and `_` from `i` (the common case of a word). */
function asciiWordEnd(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) break;
  }
  return i;
}

/** Printable ASCII (unicode.IsPrint restricted to ASCII). */
function isPrintASCII(c: string): boolean {
  const code = c.charCodeAt(0);
  return code >= 0x20 && code < 0x7f;
}

type StateFn = ((l: Lexer) => StateFn) | null;

export interface LexOptions {
  /** `break` and `continue` are keywords unless functions of those names exist. */
  breakOK: boolean;
  continueOK: boolean;
  /**
   * Go ≥1.24 counts the lines of a comment; Go 1.23 (helm 3) does not, so its line numbers after
   * a multi-line comment are too small.
   */
  countCommentLines?: boolean;
}

/** Produces items on demand (like Go's non-goroutine lexer). */
export class Lexer {
  pos = 0;
  start = 0;
  parenDepth = 0;
  private state: StateFn = lexText;
  private pending: Item | null = null;
  private lineStarts: number[] | null = null;
  private lineCursor = 0;
  /**
   * Newlines Go's lexer never counts: it skips a comment's text without counting its lines, so
   * every line number after a multi-line comment is that much smaller (parse errors show it).
   * Each entry: the end of a comment and the newlines inside it.
   */
  private uncounted: { end: number; newlines: number }[] = [];

  constructor(
    readonly input: string,
    readonly options: LexOptions,
  ) {}

  /** The line Go's lexer reports for a string index (1-based). */
  lineAt(pos: number): number {
    let line = this.physicalLine(pos);
    for (const u of this.uncounted) if (u.end <= pos) line -= u.newlines;
    return line;
  }

  /** Records a comment text whose newlines Go's lexer does not count. */
  skipUncounted(start: number, end: number): void {
    if (this.options.countCommentLines) return;
    let newlines = 0;
    for (let i = this.input.indexOf('\n', start); i >= 0 && i < end; i = this.input.indexOf('\n', i + 1)) newlines++;
    if (newlines > 0) this.uncounted.push({ end, newlines });
  }

  /** 1-based line of a string index. */
  private physicalLine(pos: number): number {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = this.input.indexOf('\n'); i >= 0; i = this.input.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    // Items come in order: walk forward from the last answer, search only when going back.
    let at = this.lineCursor;
    if (starts[at]! <= pos) {
      while (at + 1 < starts.length && starts[at + 1]! <= pos) at++;
      this.lineCursor = at;
      return at + 1;
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  nextItem(): Item {
    while (this.pending === null) {
      if (this.state === null) return { typ: T.EOF, pos: this.pos, val: '', line: this.lineAt(this.pos) };
      this.state = this.state(this);
    }
    const item = this.pending;
    this.pending = null;
    return item;
  }

  /** Emits the current item (input[start:pos]) and continues with `next`. */
  emit(typ: T, next: StateFn = lexInsideAction): StateFn {
    this.pending = { typ, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.lineAt(this.start) };
    this.start = this.pos;
    return next;
  }

  emitItem(item: Item, next: StateFn): StateFn {
    this.pending = item;
    return next;
  }

  thisItem(typ: T): Item {
    const item = { typ, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.lineAt(this.start) };
    this.start = this.pos;
    return item;
  }

  ignore(): void {
    this.start = this.pos;
  }

  /** Next code point (as a string), or undefined at EOF. */
  next(): string | undefined {
    if (this.pos >= this.input.length) {
      this.pos = this.input.length + 1; // past EOF: backup() returns to the end
      return undefined;
    }
    const cp = this.input.codePointAt(this.pos)!;
    const ch = cp > 0xffff ? this.input.slice(this.pos, this.pos + 2) : this.input[this.pos]!;
    this.pos += ch.length;
    return ch;
  }

  peek(): string | undefined {
    const save = this.pos;
    const c = this.next();
    this.pos = save;
    return c;
  }

  backup(c: string | undefined): void {
    this.pos -= c === undefined ? 1 : c.length;
  }

  accept(valid: string): boolean {
    const c = this.next();
    if (c !== undefined && valid.includes(c)) return true;
    this.backup(c);
    return false;
  }

  acceptRun(valid: string): void {
    for (;;) {
      const c = this.next();
      if (c === undefined || !valid.includes(c)) {
        this.backup(c);
        return;
      }
    }
  }

  errorf(message: string): StateFn {
    this.pending = { typ: T.Error, pos: this.start, val: message, line: this.lineAt(this.start) };
    this.start = this.input.length;
    this.pos = this.input.length;
    return null;
  }

  atRightDelim(): readonly [boolean, boolean] {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT_DELIM, this.pos + 2))
      return AT_TRIMMED_DELIM;
    if (this.input.startsWith(RIGHT_DELIM, this.pos)) return AT_DELIM;
    return NOT_AT_DELIM;
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case undefined:
      case '.':
      case ',':
      case '|':
      case ':':
      case ')':
      case '(':
        return true;
    }
    return this.input.startsWith(RIGHT_DELIM, this.pos);
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}

function lexText(l: Lexer): StateFn {
  const x = l.input.indexOf(LEFT_DELIM, l.pos);
  if (x >= 0) {
    if (x > l.pos) {
      l.pos = x;
      let trimLength = 0;
      const delimEnd = l.pos + LEFT_DELIM.length;
      if (hasLeftTrimMarker(l.input, delimEnd)) trimLength = rightTrimLength(l.input, l.start, l.pos);
      l.pos -= trimLength;
      const item = l.thisItem(T.Text);
      l.pos += trimLength;
      l.ignore();
      if (item.val.length > 0) return l.emitItem(item, lexLeftDelim);
    }
    return lexLeftDelim;
  }
  l.pos = l.input.length;
  if (l.pos > l.start) return l.emit(T.Text, lexEOF);
  return l.emit(T.EOF, null);
}

function lexEOF(l: Lexer): StateFn {
  return l.emit(T.EOF, null);
}

function lexLeftDelim(l: Lexer): StateFn {
  l.pos += LEFT_DELIM.length;
  const trimSpace = hasLeftTrimMarker(l.input, l.pos);
  const afterMarker = trimSpace ? 2 : 0;
  if (l.input.startsWith(LEFT_COMMENT, l.pos + afterMarker)) {
    l.pos += afterMarker;
    l.ignore();
    return lexComment;
  }
  const item = l.thisItem(T.LeftDelim);
  l.pos += afterMarker;
  l.ignore();
  l.parenDepth = 0;
  return l.emitItem(item, lexInsideAction);
}

function lexComment(l: Lexer): StateFn {
  l.pos += LEFT_COMMENT.length;
  const x = l.input.indexOf(RIGHT_COMMENT, l.pos);
  if (x < 0) return l.errorf('unclosed comment');
  l.skipUncounted(l.pos, x + RIGHT_COMMENT.length);
  l.pos = x + RIGHT_COMMENT.length;
  const [delim, trimSpace] = l.atRightDelim();
  if (!delim) return l.errorf('comment ends before closing delimiter');
  if (trimSpace) l.pos += 2;
  l.pos += RIGHT_DELIM.length;
  if (trimSpace) l.pos += leftTrimLength(l.input, l.pos);
  l.ignore();
  return lexText;
}

function lexRightDelim(l: Lexer): StateFn {
  const [, trimSpace] = l.atRightDelim();
  if (trimSpace) {
    l.pos += 2;
    l.ignore();
  }
  l.pos += RIGHT_DELIM.length;
  const item = l.thisItem(T.RightDelim);
  if (trimSpace) {
    l.pos += leftTrimLength(l.input, l.pos);
    l.ignore();
  }
  return l.emitItem(item, lexText);
}

function lexInsideAction(l: Lexer): StateFn {
  const [delim] = l.atRightDelim();
  if (delim) {
    if (l.parenDepth === 0) return lexRightDelim;
    return l.errorf('unclosed left paren');
  }
  const r = l.next();
  if (r === undefined) return l.errorf('unclosed action');
  if (isSpace(r)) {
    l.backup(r); // put the space back in case we have " -}}"
    return lexSpace;
  }
  switch (r) {
    case '=':
      return l.emit(T.Assign);
    case ':':
      if (l.next() !== '=') return l.errorf('expected :=');
      return l.emit(T.Declare);
    case '|':
      return l.emit(T.Pipe);
    case '"':
      return lexQuote;
    case '`':
      return lexRawQuote;
    case '$':
      return lexVariable;
    case "'":
      return lexChar;
    case '(':
      l.parenDepth++;
      return l.emit(T.LeftParen);
    case ')':
      l.parenDepth--;
      if (l.parenDepth < 0) return l.errorf('unexpected right paren');
      return l.emit(T.RightParen);
  }
  if (r === '.') {
    // Special look-ahead for ".field" so we don't break backup().
    if (l.pos < l.input.length) {
      const c = l.input[l.pos]!;
      if (c < '0' || c > '9') return lexField;
    }
    l.backup(r);
    return lexNumber;
  }
  if (r === '+' || r === '-' || (r >= '0' && r <= '9')) {
    l.backup(r);
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup(r);
    return lexIdentifier;
  }
  if (r.length === 1 && isPrintASCII(r)) return l.emit(T.Char);
  return l.errorf(`unrecognized character in action: ${formatRune(r)}`);
}

/** Go's %#U: U+0041 'A'. */
export function formatRune(r: string): string {
  const cp = r.codePointAt(0)!;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return isPrint(cp) ? `U+${hex} '${r}'` : `U+${hex}`;
}

function lexSpace(l: Lexer): StateFn {
  const from = l.pos;
  while (l.pos < l.input.length && isSpaceCode(l.input.charCodeAt(l.pos))) l.pos++;
  const numSpaces = l.pos - from;
  // Careful about a trim-marked closing delimiter, which starts with a space.
  if (hasRightTrimMarker(l.input, l.pos - 1) && l.input.startsWith(RIGHT_DELIM, l.pos - 1 + 2)) {
    l.pos--; // before the space
    if (numSpaces === 1) return lexInsideAction; // the space is part of the delimiter
  }
  return l.emit(T.Space);
}

function lexIdentifier(l: Lexer): StateFn {
  for (;;) {
    l.pos = asciiWordEnd(l.input, l.pos);
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup(r);
    const word = l.input.slice(l.start, l.pos);
    if (!l.atTerminator()) return l.errorf(`bad character ${formatRune(r ?? '')}`);
    const kw = keywords[word];
    if (kw !== undefined && kw > T.Keyword) {
      if ((kw === T.Break && !l.options.breakOK) || (kw === T.Continue && !l.options.continueOK)) {
        return l.emit(T.Identifier);
      }
      return l.emit(kw);
    }
    if (word[0] === '.') return l.emit(T.Field);
    if (word === 'true' || word === 'false') return l.emit(T.Bool);
    return l.emit(T.Identifier);
  }
}

function lexField(l: Lexer): StateFn {
  return lexFieldOrVariable(l, T.Field);
}

function lexVariable(l: Lexer): StateFn {
  if (l.atTerminator()) return l.emit(T.Variable);
  return lexFieldOrVariable(l, T.Variable);
}

function lexFieldOrVariable(l: Lexer, typ: T): StateFn {
  if (l.atTerminator()) return l.emit(typ === T.Variable ? T.Variable : T.Dot);
  let r: string | undefined;
  for (;;) {
    l.pos = asciiWordEnd(l.input, l.pos);
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup(r);
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${formatRune(r ?? '')}`);
  return l.emit(typ);
}

function lexChar(l: Lexer): StateFn {
  for (;;) {
    const c = l.next();
    if (c === '\\') {
      const r = l.next();
      if (r !== undefined && r !== '\n') continue;
      return l.errorf('unterminated character constant');
    }
    if (c === undefined || c === '\n') return l.errorf('unterminated character constant');
    if (c === "'") break;
  }
  return l.emit(T.CharConstant);
}

function lexNumber(l: Lexer): StateFn {
  if (!l.scanNumber()) return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
  const sign = l.peek();
  if (sign === '+' || sign === '-') {
    // Complex: 1+2i. No spaces, must end in 'i'.
    if (!l.scanNumber() || l.input[l.pos - 1] !== 'i') {
      return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
    }
    return l.emit(T.Complex);
  }
  return l.emit(T.Number);
}

/** Skips the characters of a quoted string that need no attention: not the quote, `\\` or a newline. */
function plainQuotedEnd(s: string, i: number, quote: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === quote || c === 92 || c === 10) break;
  }
  return i;
}

function lexQuote(l: Lexer): StateFn {
  for (;;) {
    l.pos = plainQuotedEnd(l.input, l.pos, 34);
    const c = l.next();
    if (c === '\\') {
      const r = l.next();
      if (r !== undefined && r !== '\n') continue;
      return l.errorf('unterminated quoted string');
    }
    if (c === undefined || c === '\n') return l.errorf('unterminated quoted string');
    if (c === '"') break;
  }
  return l.emit(T.String);
}

function lexRawQuote(l: Lexer): StateFn {
  for (;;) {
    l.pos = plainQuotedEnd(l.input, l.pos, 96);
    const c = l.next();
    if (c === undefined) return l.errorf('unterminated raw quoted string');
    if (c === '`') break;
  }
  return l.emit(T.RawString);
}
