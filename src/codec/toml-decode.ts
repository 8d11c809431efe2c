/**
 * A TOML 1.0 decoder producing the Go values BurntSushi/toml gives for `map[string]interface {}`
 * (Helm's `fromToml`): integers int64, floats float64, datetimes time.Time (see toml-time.ts), value
 * arrays `[]interface {}`, arrays of tables `[]map[string]interface {}`. Errors use BurntSushi's
 * `toml: line N (last key "k"): …` shape; see docs in the report for which texts are exact.
 */
import { sliceOf, T_INT64, T_MAP } from '../gotemplate/types.js';
import { GoInt, type GoMap, type GoValue, withType } from '../gotemplate/value.js';
import { type TomlCompat, tomlQuote } from './toml-encode.js';
import { type GoTime, type TomlTimeKind, tomlTime } from './toml-time.js';
import { goQuote } from './yaml-decode.js';

export class TomlDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TomlDecodeError';
  }
}

const T_SLICE_MAP = sliceOf(T_MAP);
const MAX_DEPTH = 1000;

interface TableInfo {
  /** Defined by a `[header]` (cannot be defined again). */
  explicit: boolean;
  /** Created by an inline table (immutable). */
  inline: boolean;
  /** Replaced a plain array: BurntSushi still types the key as an array, so each dotted key replaces it again. */
  overArray?: boolean;
}

class Parser {
  private i = 0;
  private line = 1;
  private readonly root: GoMap = new Map();
  private current: GoMap = this.root;
  /** The current table's key (BurntSushi's p.context) and the key being assigned (p.currentKey). */
  private context: string[] = [];
  private currentKey: string[] = [];
  private readonly info = new WeakMap<object, TableInfo>();
  private readonly arraysOfTables = new WeakSet<object>();

  constructor(
    private readonly s: string,
    private readonly compat: TomlCompat,
  ) {}

  private fail(msg: string, atEOF = false, extraLine = 0): never {
    // BurntSushi v1.4.0 reports EOF errors one line early; an error on a newline it has just read
    // one line late (extraLine).
    const line = (atEOF && this.compat === 'helm3' ? this.line - 1 : this.line) + extraLine;
    // BurntSushi's p.current(): the context as a Key (quoted parts), then the raw current key.
    const ctx = [...this.context, ...this.currentKey.slice(0, -1)];
    const cur = this.currentKey[this.currentKey.length - 1] ?? '';
    const lastKey = cur === '' ? keyText(ctx) : ctx.length === 0 ? cur : `${keyText(ctx)}.${cur}`;
    const where = lastKey === '' ? `toml: line ${line}: ` : `toml: line ${line} (last key ${goQuote(lastKey)}): `;
    throw new TomlDecodeError(where + msg);
  }

  private peek(k = 0): string {
    return this.s[this.i + k] ?? '';
  }

  private eof(): boolean {
    return this.i >= this.s.length;
  }

  /**
   * The unexpected character for an error message. BurntSushi's lexer rejects a control character
   * (a CR not followed by LF included) as soon as it reads one, before any other error.
   */
  private gotRune(): string {
    const c = this.s.charCodeAt(this.i);
    this.utf8Check(c);
    const lone = c === 13 && this.peek(1) !== '\n';
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f || lone)
      this.fail(`TOML files cannot contain control characters: '0x${c.toString(16).padStart(2, '0')}'`);
    return goQuoteRune(this.peek());
  }

  private skipWs(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.i++;
  }

  private skipComment(): void {
    if (this.peek() === '#') {
      while (!this.eof() && this.peek() !== '\n') {
        const c = this.s.charCodeAt(this.i);
        this.utf8Check(c);
        if ((c < 0x20 && c !== 9 && c !== 13) || c === 0x7f)
          this.fail(`TOML files cannot contain control characters: '0x${c.toString(16).padStart(2, '0')}'`);
        this.i++;
      }
    }
  }

  /** Skips whitespace, comments and newlines (between expressions or array elements). */
  private skipWsCommentsNewlines(): void {
    for (;;) {
      this.skipWs();
      this.skipComment();
      if (this.peek() === '\n') {
        this.i++;
        this.line++;
      } else if (this.peek() === '\r' && this.peek(1) === '\n') {
        this.i += 2;
        this.line++;
      } else return;
    }
  }

  private expectLineEnd(): void {
    this.skipWs();
    this.skipComment();
    if (this.eof()) return;
    if (this.peek() === '\n') {
      this.i++;
      this.line++;
      return;
    }
    if (this.peek() === '\r' && this.peek(1) === '\n') {
      this.i += 2;
      this.line++;
      return;
    }
    this.fail(`expected a top-level item to end with a newline, comment, or EOF, but got ${this.gotRune()} instead`);
  }

  parse(): GoMap {
    for (;;) {
      this.skipWsCommentsNewlines();
      if (this.eof()) break;
      const c = this.peek();
      if (c === '[') this.tableHeader();
      else this.keyValue(this.current, false);
      this.expectLineEnd();
    }
    return this.root;
  }

  // --- keys ------------------------------------------------------------------------------------

  private simpleKey(): string {
    const c = this.peek();
    if (c === '"') return this.basicString(false);
    if (c === "'") return this.literalString(false);
    const start = this.i;
    while (/[A-Za-z0-9_-]/.test(this.peek())) this.i++;
    if (this.i === start) {
      if (this.peek() === '=') this.fail("unexpected '=': key name appears blank");
      if (this.eof()) this.fail('unexpected EOF; expected key name', true);
      // Any other character ends an empty bare key: the error comes from what must follow a key.
      if (this.peek() !== '\n') return '';
      this.fail(`bare keys cannot contain ${this.gotRune()}`);
    }
    return this.s.slice(start, this.i);
  }

  private key(header = false): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipWs();
      if (header && (this.peek() === ']' || this.eof()))
        this.fail('unexpected end of table name (table names cannot be empty)');
      if (header && this.peek() === '.') this.fail('unexpected table separator (table names cannot be empty)');
      parts.push(this.simpleKey());
      this.skipWs();
      if (this.peek() !== '.') return parts;
      this.i++;
    }
  }

  /** After a key: '=' must follow (else BurntSushi's lexKeyEnd errors). */
  private keySeparator(): void {
    if (this.peek() === '=') return;
    if (this.eof()) this.fail("unexpected EOF; expected key separator '='", true);
    const nl = this.peek() === '\n' && this.compat === 'helm3' ? 1 : 0;
    this.fail(`expected '.' or '=', but got ${this.gotRune()} instead`, false, nl);
  }

  // --- tables ----------------------------------------------------------------------------------

  private tableHeader(): void {
    const array = this.peek(1) === '[';
    this.i += array ? 2 : 1;
    this.currentKey = [];
    this.skipWs();
    if (this.peek() === ']') this.fail('unexpected end of table name (table names cannot be empty)');
    const key = this.key(true);
    if (array) {
      if (this.peek() === ']' && this.peek(1) !== ']') {
        this.i++;
        this.fail(`expected end of table array name delimiter ']', but got ${this.gotRune()} instead`, this.eof());
      }
      if (this.peek() !== ']' || this.peek(1) !== ']') {
        const nl = this.peek() === '\n' ? 1 : 0;
        this.fail(`expected '.' or ']' to end table name, but got ${this.gotRune()} instead`, this.eof(), nl);
      }
      this.i += 2;
    } else {
      if (this.peek() !== ']') {
        const nl = this.peek() === '\n' ? 1 : 0;
        this.fail(`expected '.' or ']' to end table name, but got ${this.gotRune()} instead`, this.eof(), nl);
      }
      this.i++;
    }
    // Errors while defining the table name its parent.
    this.context = key.slice(0, -1);
    let t = this.root;
    for (let k = 0; k < key.length - 1; k++) t = this.descend(t, key[k]!, key.slice(0, k + 1), true);
    const last = key[key.length - 1]!;
    if (array) {
      let arr = t.get(last);
      if (arr === undefined) {
        arr = withType([], T_SLICE_MAP);
        this.arraysOfTables.add(arr as object);
        t.set(last, arr);
      } else if (!Array.isArray(arr) || !this.arraysOfTables.has(arr)) {
        this.fail(`Key '${keyText(key)}' was already created and cannot be used as an array.`);
      }
      const m: GoMap = new Map();
      this.info.set(m, { explicit: true, inline: false });
      (arr as GoValue[]).push(m);
      this.current = m;
    } else {
      let existing = t.get(last);
      // A table that replaced an array (still typed array): helm 3's BurntSushi replaces it again.
      if (existing instanceof Map && this.info.get(existing)?.overArray && this.compat === 'helm3')
        existing = undefined;
      if (existing instanceof Map) {
        const inf = this.info.get(existing);
        if (inf?.explicit || inf?.inline || inf?.overArray)
          this.fail(`Key '${keyText(key)}' has already been defined.`);
        this.info.set(existing, { explicit: true, inline: false });
        this.current = existing;
      } else if (existing !== undefined) {
        this.fail(`Key '${keyText(key)}' has already been defined.`);
      } else {
        const m: GoMap = new Map();
        this.info.set(m, { explicit: true, inline: false });
        t.set(last, m);
        this.current = m;
      }
    }
    this.context = key;
  }

  /**
   * Walks into (or creates) the table `k` of `t` for a header or dotted key. BurntSushi is lenient
   * here: it walks into inline tables too (`a = {b = 1}` then `a.c = 2` or `[a.d]`), and a dotted
   * key replaces a plain array with a new table (`a = [1]` then `a.c = 2` gives `{c = 2}`), where a
   * header fails.
   */
  private descend(t: GoMap, k: string, path: string[], header = false): GoMap {
    const v = t.get(k);
    const fresh = (overArray: boolean): GoMap => {
      const m: GoMap = new Map();
      this.info.set(m, { explicit: false, inline: false, overArray });
      t.set(k, m);
      return m;
    };
    if (v === undefined) return fresh(false);
    if (v instanceof Map) return this.info.get(v)?.overArray && !header ? fresh(true) : v;
    if (Array.isArray(v) && this.arraysOfTables.has(v) && v.length > 0) return v[v.length - 1] as GoMap;
    if (Array.isArray(v)) {
      if (!header) return fresh(true);
      this.context = [];
      this.fail(`Key '${keyText(path)}' was already created as a hash.`);
    }
    this.fail(`Key '${keyText(path)}' has already been defined.`);
  }

  // --- key/values ------------------------------------------------------------------------------

  private keyValue(table: GoMap, inline: boolean): void {
    const key = this.key();
    this.keySeparator();
    this.currentKey = key;
    const full = [...(inline ? [] : this.context), ...key];
    this.i++;
    this.skipWs();
    let t = table;
    for (let k = 0; k < key.length - 1; k++)
      t = this.descend(t, key[k]!, full.slice(0, full.length - key.length + k + 1));
    const last = key[key.length - 1]!;
    if (t.has(last)) this.fail(`Key '${keyText(full)}' has already been defined.`);
    t.set(last, tablesOfArray(this.value(0), last, full.length > 1));
    this.currentKey = [];
  }

  // --- values ----------------------------------------------------------------------------------

  private value(depth: number): GoValue {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const c = this.peek();
    if (this.eof() || c === '\n' || (c === '\r' && this.peek(1) === '\n')) {
      this.fail('unexpected EOF; expected value', this.eof());
    }
    if (c === '"') return this.peek(1) === '"' && this.peek(2) === '"' ? this.multiBasic() : this.basicString(true);
    if (c === "'") return this.peek(1) === "'" && this.peek(2) === "'" ? this.multiLiteral() : this.literalString(true);
    if (c === '[') return this.array(depth);
    if (c === '{') return this.inlineTable(depth);
    if (c === '.') this.fail("floats must start with a digit, not '.'");
    // `inf` and `nan` are three characters, whatever follows (`infinity` leaves `inity`).
    const special = this.s.slice(this.i, this.i + 3);
    if (special === 'inf' || special === 'nan') {
      this.i += 3;
      return special === 'inf' ? Number.POSITIVE_INFINITY : Number.NaN;
    }
    if (letterAt(this.s, this.i) > 0) {
      // Words are read as letters only (`true1` is `true` followed by junk), Unicode letters too.
      const start = this.i;
      for (let n = letterAt(this.s, this.i); n > 0; n = letterAt(this.s, this.i)) this.i += n;
      this.gotRune(); // a control character ending the word fails while the key is current
      const w = this.s.slice(start, this.i);
      if (w === 'true') return true;
      if (w === 'false') return false;
      if (w === 'inf') return Number.POSITIVE_INFINITY;
      if (w === 'nan') return Number.NaN;
      this.fail(`expected value but found ${JSON.stringify(w)} instead`);
    }
    if (c === '+' || c === '-') {
      const w = /^[+-](inf|nan)/.exec(this.s.slice(this.i, this.i + 4));
      if (w) {
        this.i += 4;
        return w[1] === 'nan' ? Number.NaN : c === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
      }
      if (this.peek(1) === '.') this.fail("floats must start with a digit, not '.'");
      if (!/[0-9]/.test(this.peek(1)))
        this.fail(`expected a digit but got ${goQuoteRune(this.peek(1))}`, this.i + 1 >= this.s.length);
    }
    if (!/[0-9]/.test(c) && c !== '+' && c !== '-') this.fail(`expected value but found ${this.gotRune()} instead`);
    return this.scalarToken();
  }

  private array(depth: number): GoValue[] {
    this.i++;
    const out: GoValue[] = [];
    for (;;) {
      this.skipWsCommentsNewlines();
      if (this.peek() === ']') {
        this.i++;
        return out;
      }
      if (this.eof()) this.fail('unexpected EOF; expected value', true);
      if (this.peek() === ',') this.fail('unexpected comma');
      out.push(this.value(depth + 1));
      this.skipWsCommentsNewlines();
      if (this.peek() === ',') {
        this.i++;
        continue;
      }
      if (this.peek() === ']') {
        this.i++;
        return out;
      }
      if (this.eof()) this.fail("expected a comma (',') or array terminator (']'), but got end of file", true);
      this.fail(`expected a comma (',') or array terminator (']'), but got ${this.gotRune()}`);
    }
  }

  private inlineTable(depth: number): GoMap {
    this.i++;
    const m: GoMap = new Map();
    this.info.set(m, { explicit: true, inline: true });
    // TOML 1.0 (helm 3): no newline anywhere between the braces.
    const noNewline = () => {
      if (this.compat === 'helm3' && (this.peek() === '\n' || (this.peek() === '\r' && this.peek(1) === '\n')))
        this.fail('newlines not allowed within inline tables');
    };
    if (this.compat === 'helm4') this.skipWsCommentsNewlines();
    else this.skipWs();
    noNewline();
    if (this.peek() === '}') {
      this.i++;
      return m;
    }
    const saveContext = this.context;
    const saveKey = this.currentKey;
    this.context = [...this.context, ...this.currentKey];
    this.currentKey = [];
    // TOML 1.1 (helm 4): newlines, comments and a trailing comma are allowed inside inline tables.
    const ws = () => (this.compat === 'helm4' ? this.skipWsCommentsNewlines() : this.skipWs());
    for (;;) {
      ws();
      noNewline();
      if (this.peek() === ',') this.fail('unexpected comma');
      if (this.eof()) this.fail("unexpected '=': key name appears blank");
      if (this.peek() === '}') {
        if (this.compat === 'helm3') this.fail('trailing comma not allowed in inline tables');
        this.i++;
        this.context = saveContext;
        this.currentKey = saveKey;
        return m;
      }
      this.keyValueInline(m, depth);
      ws();
      noNewline();
      if (this.peek() === ',') {
        this.i++;
        continue;
      }
      if (this.peek() === '}') {
        this.i++;
        this.context = saveContext;
        this.currentKey = saveKey;
        return m;
      }
      if (this.eof())
        this.fail("expected a comma or an inline table terminator '}', but got end of file instead", true);
      this.fail(`expected a comma or an inline table terminator '}', but got ${this.gotRune()} instead`);
    }
  }

  private keyValueInline(m: GoMap, depth: number): void {
    const key = this.key();
    this.keySeparator();
    this.currentKey = key;
    this.i++;
    this.skipWs();
    let t = m;
    for (let k = 0; k < key.length - 1; k++) t = this.descend(t, key[k]!, key.slice(0, k + 1));
    const last = key[key.length - 1]!;
    if (t.has(last)) this.fail(`Key '${keyText(key)}' has already been defined.`);
    t.set(last, tablesOfArray(this.value(depth + 1), last, true));
  }

  // --- strings ---------------------------------------------------------------------------------

  private controlCheck(c: string, _kind: string): void {
    const code = c.charCodeAt(0);
    this.utf8Check(code);
    if ((code < 0x20 && code !== 9) || code === 0x7f) {
      this.fail(`TOML files cannot contain control characters: '0x${code.toString(16).padStart(2, '0')}'`);
    }
  }

  /** A byte that is not UTF-8 (kept as U+DC80–U+DCFF): BurntSushi's lexer fails on it wherever it is. */
  private utf8Check(code: number): void {
    if (!(code >= 0xdc80 && code <= 0xdcff)) return;
    // The low half of a surrogate pair (a character beyond U+FFFF) is fine.
    const prev = this.s.charCodeAt(this.i - 1);
    if (prev >= 0xd800 && prev <= 0xdbff) return;
    this.fail(`invalid UTF-8 byte: 0x${(code - 0xdc00).toString(16)}`);
  }

  private basicString(_value: boolean): string {
    this.i++;
    let out = '';
    for (;;) {
      if (this.eof()) this.fail("unexpected EOF; expected '\"'", true);
      const c = this.peek();
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\n') this.fail('strings cannot contain newlines');
      if (c === '\\') {
        out += this.escape(false);
        continue;
      }
      this.controlCheck(c, 'strings');
      out += c;
      this.i++;
    }
  }

  private escape(multiline: boolean): string {
    const e = this.peek(1);
    this.i += 2;
    switch (e) {
      case 'b':
        return '\b';
      case 't':
        return '\t';
      case 'n':
        return '\n';
      case 'f':
        return '\f';
      case 'r':
        return '\r';
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'e':
        // TOML 1.1 (BurntSushi v1.6, helm 4).
        if (this.compat === 'helm4') return '\x1b';
        this.fail(`invalid escape in string '\\${e}'`);
        break;
      case 'x': {
        if (this.compat !== 'helm4') this.fail(`invalid escape in string '\\${e}'`);
        const hex = this.s.slice(this.i, this.i + 2);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
          this.fail(`expected two hexadecimal digits after '\\x', but got ${JSON.stringify(`\\x${hex}`)} instead`);
        }
        this.i += 2;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      case 'u':
      case 'U': {
        const n = e === 'u' ? 4 : 8;
        const hex = this.s.slice(this.i, this.i + n);
        if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(hex)) {
          const digits = n === 4 ? 'four' : 'eight';
          this.fail(
            `expected ${digits} hexadecimal digits after '\\${e}', but got ${JSON.stringify(`\\${e}${hex}`)} instead`,
          );
        }
        this.i += n;
        const cp = Number.parseInt(hex, 16);
        if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
          this.fail(`Escaped character '\\u${hex}' is not valid UTF-8.`);
        return String.fromCodePoint(cp);
      }
      default:
        // A backslash before spaces not ending the line: the parser's "invalid escape".
        if ((e === ' ' || e === '\t') && !(multiline && /^[ \t]*\r?\n/.test(this.s.slice(this.i - 1))))
          this.fail(`invalid escape: '\\${e}'`);
        if (multiline && (e === '\n' || e === ' ' || e === '\t' || e === '\r')) {
          // Line-ending backslash: trim whitespace and newlines up to the next content.
          this.i -= 1;
          while (/[ \t\r\n]/.test(this.peek())) {
            if (this.peek() === '\n') this.line++;
            this.i++;
          }
          return '';
        }
        // The lexer has already counted the newline it read after the backslash.
        this.fail(`invalid escape in string '\\${e}'`, false, e === '\n' ? 1 : 0);
    }
  }

  private multiBasic(): string {
    this.i += 3;
    if (this.peek() === '\n') {
      this.i++;
      this.line++;
    } else if (this.peek() === '\r' && this.peek(1) === '\n') {
      this.i += 2;
      this.line++;
    }
    let out = '';
    for (;;) {
      if (this.eof()) this.fail('unexpected EOF; expected \'"""\'', true);
      if (this.s.startsWith('"""', this.i)) {
        // Up to two extra quotes belong to the content.
        let q = 3;
        while (this.peek(q) === '"' && q < 5) q++;
        // Six or more in a row: BurntSushi's "too many" error.
        if (q === 5 && this.peek(5) === '"') this.fail(`unexpected '""""""'`);
        out += '"'.repeat(q - 3);
        this.i += q;
        return out;
      }
      const c = this.peek();
      if (c === '\\') {
        out += this.escape(true);
        continue;
      }
      if (c === '\n') this.line++;
      else if (c !== '\r') this.controlCheck(c, 'strings');
      out += c;
      this.i++;
    }
  }

  private literalString(_value: boolean): string {
    this.i++;
    const start = this.i;
    for (;;) {
      if (this.eof()) this.fail('unexpected EOF; expected "\'"', true);
      const c = this.peek();
      if (c === "'") {
        const v = this.s.slice(start, this.i);
        this.i++;
        return v;
      }
      if (c === '\n') this.fail('strings cannot contain newlines');
      this.controlCheck(c, 'strings');
      this.i++;
    }
  }

  private multiLiteral(): string {
    this.i += 3;
    if (this.peek() === '\n') {
      this.i++;
      this.line++;
    } else if (this.peek() === '\r' && this.peek(1) === '\n') {
      this.i += 2;
      this.line++;
    }
    const start = this.i;
    for (;;) {
      if (this.eof()) this.fail("unexpected EOF; expected \"'''\"", true);
      if (this.s.startsWith("'''", this.i)) {
        let q = 3;
        while (this.peek(q) === "'" && q < 5) q++;
        if (q === 5 && this.peek(5) === "'") this.fail(`unexpected "''''''"`);
        const v = this.s.slice(start, this.i) + "'".repeat(q - 3);
        this.i += q;
        return v;
      }
      const c = this.peek();
      if (c === '\n') this.line++;
      else if (c !== '\r') this.controlCheck(c, 'strings');
      this.i++;
    }
  }

  // --- numbers and datetimes -------------------------------------------------------------------

  private scalarToken(): GoValue {
    const start = this.i;
    const based = this.basedInteger();
    if (based !== undefined) return based;
    while (/[0-9A-Za-z_:.+-]/.test(this.peek())) this.i++;
    this.gotRune(); // likewise for a control character ending the number
    let tok = this.s.slice(start, this.i);
    // Only an unsigned number without underscores turns into a datetime at '-' or ':'; any other
    // ends there (and what follows is junk after the value).
    const cut = /^([+-][0-9_]*|[0-9]*_[0-9_]*)(?=[-:])/.exec(tok);
    if (cut) {
      tok = cut[0];
      this.i = start + tok.length;
    }
    // A local date followed by a space and a time is one datetime.
    if (/^\d{4}-\d{2}-\d{2}$/.test(tok) && this.peek() === ' ' && /\d/.test(this.peek(1))) {
      const save = this.i;
      this.i++;
      const t0 = this.i;
      while (/[0-9A-Za-z_:.+-]/.test(this.peek())) this.i++;
      const rest = this.s.slice(t0, this.i);
      if (/^\d{2}:\d{2}/.test(rest)) tok = `${tok}T${rest}`;
      else this.i = save;
    }
    // A datetime (digits, then '-' or ':') ends at the first character BurntSushi's lexDatetime does
    // not take: what follows is junk after the value.
    const datetime = /^[0-9]+[-:][0-9:.+\-TtZz]*/.exec(tok);
    if (datetime && datetime[0].length < tok.length) {
      tok = datetime[0];
      this.i = start + tok.length;
    }
    if (tok === '') {
      this.fail(`expected value but found ${this.gotRune()} instead`);
    }
    const dt = parseDatetime(tok, this.compat);
    if (dt) return dt;
    if (dt === null) this.fail(`invalid datetime: ${JSON.stringify(tok)}`);
    const isFloat = /^[+-]?(inf|nan)$/.test(tok) || (!/^[+-]?0[xob]/.test(tok) && /[.eE]/.test(tok));
    if (isFloat) {
      if (!/^[+-]?(inf|nan)$/.test(tok) && /(^|[^0-9])_|_($|[^0-9])/.test(tok))
        this.fail(`Invalid float ${JSON.stringify(tok)}: underscores must be surrounded by digits`);
      if (/\.$|\.[eE_]/.test(tok))
        this.fail(`Invalid float ${JSON.stringify(tok)}: '.' must be followed by one or more digits`);
      if (/^[+-]?0[^.eE]/.test(tok)) this.fail(`Invalid float ${JSON.stringify(tok)}: cannot have leading zeroes`);
      const f = parseTomlFloat(tok);
      if (Number.isNaN(f) && !/nan$/.test(tok)) this.fail(`Invalid float value: ${JSON.stringify(tok)}`);
      // strconv.ParseFloat's ErrRange (the token as written, underscores included)
      if (!Number.isFinite(f) && !Number.isNaN(f) && !/inf$/.test(tok)) this.fail(`${tok} is out of range for float64`);
      return f!;
    }
    // An unsigned number followed by '-' or ':' is lexed as a datetime.
    if (/^\d{2}:/.test(tok) || /^[0-9][0-9_]*[-:]/.test(tok)) this.fail(`invalid datetime: ${JSON.stringify(tok)}`);

    if (/^[+-]?0[\d_]/.test(tok)) this.fail(`Invalid integer ${JSON.stringify(tok)}: cannot have leading zeroes`);
    if (/^[+-]?\d[\d_]*$/.test(tok) && /__|_$/.test(tok)) {
      this.fail(`Invalid integer ${JSON.stringify(tok)}: underscores must be surrounded by digits`);
    }
    const n = parseTomlInt(tok);
    if (n === undefined) this.fail(`expected value but found ${JSON.stringify(tok)} instead`);
    if (n === 'range') this.fail(`${tok} is out of range for int64`);
    return new GoInt(T_INT64, n);
  }

  /**
   * BurntSushi's lexer for `0x`, `0o` and `0b` integers: no sign, at least one digit of the base
   * right after the prefix, then digits and underscores up to the first other character.
   */
  private basedInteger(): GoValue | undefined {
    const m = /^([+-]?)0([xob])/.exec(this.s.slice(this.i, this.i + 3));
    if (!m) return undefined;
    if (m[1] !== '') this.fail(`cannot use sign with non-decimal numbers: '${m[0]}'`);
    const [name, digit] =
      m[2] === 'x'
        ? [this.compat === 'helm3' ? 'hexidecimal' : 'hexadecimal', /[0-9A-Fa-f]/] // (v1.4.0's spelling)
        : m[2] === 'o'
          ? ['octal', /[0-7]/]
          : ['binary', /[01]/];
    const first = this.peek(2);
    if (!digit.test(first)) this.fail(`not a${name === 'octal' ? 'n' : ''} ${name} number: '0${m[2]}${first || '\0'}'`);
    const start = this.i;
    this.i += 2;
    while (this.peek() === '_' || digit.test(this.peek())) this.i++;
    this.gotRune();
    const tok = this.s.slice(start, this.i);
    if (/__|_$/.test(tok))
      this.fail(`Invalid integer ${JSON.stringify(tok)}: underscores must be surrounded by digits`);
    const n = parseTomlInt(tok);
    if (n === undefined) this.fail(`expected value but found ${JSON.stringify(tok)} instead`);
    if (n === 'range') this.fail(`${tok} is out of range for int64`);
    return new GoInt(T_INT64, n);
  }

  result(): GoMap {
    return this.parse();
  }
}

/**
 * BurntSushi quirk. Inline tables inside an array value are also recorded as an implicit array of
 * tables under the key, and the recorded type of the key is overwritten by the type of any `""`
 * key's value in those tables (an empty key does not extend the key path); every nested array start
 * sets it back to "array". If the type is not "array" when the value is assigned, the assignment is
 * dropped and the key keeps the `[]map[string]interface {}` of just the inline tables, in order.
 */
function tablesOfArray(v: GoValue, key: string, hasContext: boolean): GoValue {
  if (!Array.isArray(v)) return v;
  const tables: GoMap[] = [];
  let isArrayType = true;
  const walk = (a: GoValue[]) => {
    for (const e of a) {
      if (e instanceof Map) {
        tables.push(e);
        if (e.has('')) isArrayType = Array.isArray(e.get(''));
      } else if (Array.isArray(e)) {
        isArrayType = true;
        walk(e);
      }
    }
  };
  walk(v);
  // For the key "" inside a table the "array" type is recorded under the table's path, not its own.
  if (key === '' && hasContext && tables.length > 0) isArrayType = false;
  return isArrayType ? v : withType(tables, T_SLICE_MAP);
}

/** BurntSushi's Key.String(): parts that are not bare keys are quoted like the encoder quotes strings. */
function keyText(parts: string[]): string {
  return parts.map((k) => (k === '' ? '""' : /^[A-Za-z0-9_-]+$/.test(k) ? k : tomlQuote(k))).join('.');
}

/** The UTF-16 length of the letter (Go's unicode.IsLetter) at `i`, or 0. */
function letterAt(s: string, i: number): number {
  const cp = s.codePointAt(i);
  if (cp === undefined || !/\p{L}/u.test(String.fromCodePoint(cp))) return 0;
  return cp > 0xffff ? 2 : 1;
}

function goQuoteRune(c: string): string {
  if (c === '') return "'\\x00'";
  if (c === '\n') return "'\\n'";
  if (c === '\t') return "'\\t'";
  if (c === "'") return "'\\''";
  return `'${c}'`;
}

function parseTomlInt(tok: string): bigint | 'range' | undefined {
  const body = tok.replace(/^[+-]/, '');
  const neg = tok.startsWith('-');
  let v: bigint;
  if (/^0x[0-9A-Fa-f](_?[0-9A-Fa-f])*$/.test(tok)) v = BigInt(`0x${tok.slice(2).replace(/_/g, '')}`);
  else if (/^0o[0-7](_?[0-7])*$/.test(tok)) v = BigInt(`0o${tok.slice(2).replace(/_/g, '')}`);
  else if (/^0b[01](_?[01])*$/.test(tok)) v = BigInt(`0b${tok.slice(2).replace(/_/g, '')}`);
  else if (/^(0|[1-9](_?[0-9])*)$/.test(body)) v = BigInt(body.replace(/_/g, '')) * (neg ? -1n : 1n);
  else return undefined;
  if (v > (1n << 63n) - 1n || v < -(1n << 63n)) return 'range';
  return v;
}

function parseTomlFloat(tok: string): number | undefined {
  if (/^[+-]?inf$/.test(tok)) return tok.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(tok)) return Number.NaN;
  if (!/^[+-]?(0|[1-9](_?[0-9])*)(\.[0-9](_?[0-9])*)?([eE][+-]?[0-9](_?[0-9])*)?$/.test(tok)) return Number.NaN;
  return Number(tok.replace(/_/g, ''));
}

/** A TOML datetime token as a time.Time; undefined when it is no datetime, null when it is a bad one. */
function parseDatetime(tok: string, compat: TomlCompat): GoTime | null | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(tok);
  // TOML 1.1 (helm 4) makes the seconds optional.
  const timeRe = compat === 'helm4' ? /^(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?/ : /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?/;
  if (!date) {
    const t = timeRe.exec(tok);
    if (!t || !/^\d{2}:/.test(tok)) return undefined;
    if (t[0].length !== tok.length) return null;
    return mk('time-local', tok, t);
  }
  const [y, mo, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
  if (tok.length === 10) return validDate(y, mo, d) ? mk('date-local', tok, undefined) : null;
  const sep = tok[10];
  if (sep !== 'T' && sep !== 't') return null;
  const rest = tok.slice(11);
  const t = timeRe.exec(rest);
  if (!t || !validDate(y, mo, d)) return null;
  const zone = rest.slice(t[0].length);
  if (zone === '') return mk('datetime-local', tok, t);
  if (zone === 'Z' || zone === 'z') return mk('offset', tok, t);
  const z = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  if (!z) return null;
  if (Number(z[2]) > 24 || Number(z[3]) > 59) return null;
  return mk('offset', tok, t);
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

/** The time.Time BurntSushi's time.ParseInLocation makes of a checked token (null if Go rejects it). */
function mk(kind: TomlTimeKind, tok: string, t: RegExpExecArray | undefined): GoTime | null {
  const h = t ? Number(t[1]) : 0;
  const mi = t ? Number(t[2]) : 0;
  const s = t?.[3] ? Number(t[3]) : 0;
  if (h > 23 || mi > 59 || s > 60) return null;
  return tomlTime(kind, tok, t === undefined || t[3] !== undefined) ?? null;
}

/** toml.Unmarshal(text, &map[string]interface {}); throws {@link TomlDecodeError}. */
export function decodeToml(text: string, compat: TomlCompat): GoMap {
  if (text.startsWith('\ufeff')) text = text.slice(1);
  // BurntSushi looks for a NUL in the first 6 bytes (a UTF-16 file) before lexing.
  let bytes = 0;
  for (const ch of text) {
    if (bytes >= 6) break;
    if (ch === '\0') {
      throw new TomlDecodeError(
        'toml: line 1: files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8',
      );
    }
    const c = ch.codePointAt(0)!;
    bytes += c < 0x80 || (c >= 0xdc80 && c <= 0xdcff) ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return new Parser(text, compat).result();
}

/** Helm's `fromToml`: the map, or a map holding only `Error`. */
export function fromToml(text: string, compat: TomlCompat): GoMap {
  try {
    return decodeToml(text, compat);
  } catch (e) {
    if (e instanceof TomlDecodeError) return new Map([['Error', e.message]]);
    throw e;
  }
}
