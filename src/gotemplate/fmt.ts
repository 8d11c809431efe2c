/**
 * Go's fmt package over the helmless value model: Sprint, Sprintln, Sprintf with Go's verbs, flags,
 * width, precision, argument indexes and its in-band error forms (`%!d(string=x)`, `%!s(MISSING)`,
 * `%!(EXTRA …)`). Printing of maps (`map[a:1 b:2]`, keys sorted), slices (`[a b]`), structs, nil
 * (`<nil>`) and floats (`1e+06`) matches Go byte for byte.
 */
import { bytesToString, stringToBytes } from './gostring.js';
import { canBackquote, formatFloat, isPrint, quote, quoteRune, quoteToASCII } from './strconv.js';
import { type GoType, isSignedIntKind, T_INTERFACE } from './types.js';
import {
  GO_TYPE,
  GoComplex,
  GoInt,
  type GoMap,
  GoNamed,
  GoStruct,
  type GoValue,
  isNilContainer,
  sortedKeys,
  structType,
  typeOf,
} from './value.js';

const NIL_ANGLE = '<nil>';

/** Fake but stable-looking addresses for pointers printed with %v inside containers (Go prints 0xc...). */
let nextAddress = 0xc000010000;
const addresses = new WeakMap<object, number>();
function addressOf(o: object): number {
  if (o instanceof GoStruct && o.staticAddress !== undefined) return o.staticAddress;
  let a = addresses.get(o);
  if (a === undefined) {
    a = nextAddress;
    nextAddress += 0x30;
    addresses.set(o, a);
  }
  return a;
}

/** Returns the fmt.Stringer text of a value, when its type has one fmt would use. */
function stringerOf(v: GoValue, viaPointer: boolean): string | undefined {
  if (v instanceof GoStruct) {
    const t = v.goType;
    if (!t.stringer) return undefined;
    if (t.stringerOnPtr && t.kind !== 'ptr' && !viaPointer) return undefined;
    return t.stringer(v);
  }
  if (v instanceof GoNamed && v.type.stringer) return v.type.stringer(v);
  // Named integer types with a String method (time.Duration, time.Month, time.Weekday).
  if (v instanceof GoInt && v.type.stringer) return v.type.stringer(v);
  return undefined;
}

class Printer {
  out = '';
  // flags
  plus = false;
  minus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  wid = 0;
  widPresent = false;
  prec = 0;
  precPresent = false;
  erroring = false;
  /** The argument being printed (for badVerb): either a top-level arg or a nested value. */
  argValue: GoValue = undefined;
  argIsNil = false;

  clearFlags(): void {
    this.plus = this.minus = this.sharp = this.space = this.zero = false;
    this.plusV = this.sharpV = false;
    this.wid = 0;
    this.widPresent = false;
    this.prec = 0;
    this.precPresent = false;
  }

  // ----- padding -------------------------------------------------------------------------------

  writePadding(n: number): void {
    if (n <= 0) return;
    this.out += (this.zero && !this.minus ? '0' : ' ').repeat(n);
  }

  /** Pads a string whose width is counted in runes. */
  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.out += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.out += s;
    } else {
      this.out += s;
      this.writePadding(width);
    }
  }

  // ----- entry points --------------------------------------------------------------------------

  printArg(arg: GoValue, verb: string): void {
    this.argValue = arg;
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.pad(NIL_ANGLE);
      else this.badVerb(verb, null);
      return;
    }
    if (verb === 'T') {
      this.fmtS(typeOf(arg)?.name ?? NIL_ANGLE);
      return;
    }
    if (verb === 'p') {
      this.fmtPointer(arg, 'p');
      return;
    }
    switch (typeof arg) {
      case 'boolean':
        this.fmtBool(arg, verb, arg);
        return;
      case 'number':
        this.fmtFloat(arg, verb, arg);
        return;
      case 'string':
        this.fmtString(arg, verb, arg);
        return;
    }
    if (arg instanceof GoInt) {
      if (arg.type.stringer && this.handleMethods(arg, verb, true)) return;
      this.fmtInteger(arg.v, isSignedIntKind(arg.type.kind), verb, arg);
      return;
    }
    if (arg instanceof Uint8Array) {
      // printArg's `case []byte` names the type "[]byte"; reached through reflection it is "[]uint8".
      this.fmtBytes(arg, verb, '[]byte');
      return;
    }
    if (!this.handleMethods(arg, verb, true)) this.printValue(arg, verb, 0);
  }

  /** fmt's handleMethods: Stringer for %v %s %x %X %q (not for %#v). */
  handleMethods(v: GoValue, verb: string, topLevel: boolean): boolean {
    if (this.erroring) return false;
    if (verb === 'w') {
      // Not an error value in Errorf: a bad verb.
      this.badVerb(verb, v);
      return true;
    }
    if (this.sharpV) {
      // fmt.GoStringer (time.Time's `time.Date(…)`).
      const g = v instanceof GoStruct ? v.goType.goStringer : undefined;
      if (!g) return false;
      this.fmtS(g(v));
      return true;
    }
    if (verb !== 'v' && verb !== 's' && verb !== 'x' && verb !== 'X' && verb !== 'q') return false;
    const s = stringerOf(v, false);
    if (s === undefined) return false;
    void topLevel;
    this.fmtString(s, verb, s);
    return true;
  }

  badVerb(verb: string, value: GoValue): void {
    this.erroring = true;
    this.out += `%!${verb}(`;
    if (value === null || value === undefined) this.out += NIL_ANGLE;
    else {
      this.out += typeOf(value)?.name ?? '?';
      this.out += '=';
      this.printArg(value, 'v'); // Go keeps the flags here: %5d of "x" prints %!d(string=    x)
    }
    this.out += ')';
    this.erroring = false;
  }

  // ----- reflection-style printing of composite values ------------------------------------------

  printValue(v: GoValue, verb: string, depth: number): void {
    if (depth > 0 && v !== null && v !== undefined && this.handleMethods(v, verb, false)) return;
    if (v === null || v === undefined) {
      // A nil interface element prints as <nil> whatever the verb (no %!d(<nil>), no padding).
      this.out += this.sharpV ? 'interface {}(nil)' : NIL_ANGLE;
      return;
    }
    switch (typeof v) {
      case 'boolean':
        this.fmtBool(v, verb, v);
        return;
      case 'number':
        this.fmtFloat(v, verb, v);
        return;
      case 'string':
        this.fmtString(v, verb, v);
        return;
    }
    if (v instanceof GoInt) {
      this.fmtInteger(v.v, isSignedIntKind(v.type.kind), verb, v);
      return;
    }
    if (v instanceof GoComplex) {
      this.fmtComplex(v, verb);
      return;
    }
    if (v instanceof Uint8Array) {
      this.fmtBytes(v, verb, '[]uint8');
      return;
    }
    if (v instanceof GoNamed) {
      const inner = v.value;
      if (inner instanceof Map) this.printMap(inner, v.type, verb, depth);
      else if (inner instanceof Uint8Array) this.fmtBytes(inner, verb, v.type.name);
      else this.printSlice(inner, v.type, verb, depth);
      return;
    }
    if (v instanceof Map) {
      this.printMap(v, (v as any)[GO_TYPE] ?? undefined, verb, depth);
      return;
    }
    if (Array.isArray(v)) {
      this.printSlice(v, (v as any)[GO_TYPE] ?? undefined, verb, depth);
      return;
    }
    if (v instanceof GoStruct) {
      const t = v.goType;
      if (t.kind === 'ptr') {
        if (depth === 0) {
          this.out += '&';
          this.printStruct(v, verb, depth + 1);
          return;
        }
        this.fmtPointer(v, verb);
        return;
      }
      this.printStruct(v, verb, depth);
      return;
    }
    this.out += `?${typeof v}?`;
  }

  printMap(m: GoMap, type: GoType | undefined, verb: string, depth: number): void {
    if (this.sharpV && isNilContainer(m)) {
      this.out += `${(type ?? { name: 'map[string]interface {}' }).name}(nil)`;
      return;
    }
    if (this.sharpV) {
      this.out += `${(type ?? { name: 'map[string]interface {}' }).name}{`;
    } else this.out += 'map[';
    let first = true;
    for (const key of sortedKeys(m)) {
      if (!first) this.out += this.sharpV ? ', ' : ' ';
      first = false;
      this.printValue(key, verb, depth + 1);
      this.out += ':';
      this.printValue(m.get(key), verb, depth + 1);
    }
    this.out += this.sharpV ? '}' : ']';
  }

  printSlice(a: GoValue[], type: GoType | undefined, verb: string, depth: number): void {
    if (verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') {
      if (type?.elem?.kind === 'uint8') {
        const bytes = Uint8Array.from(a.map((x) => Number((x as GoInt).v)));
        this.fmtBytes(bytes, verb, type.name);
        return;
      }
    }
    if (this.sharpV && isNilContainer(a)) {
      this.out += `${(type ?? { name: '[]interface {}' }).name}(nil)`;
      return;
    }
    if (this.sharpV) {
      this.out += `${(type ?? { name: '[]interface {}' }).name}{`;
      for (let i = 0; i < a.length; i++) {
        if (i > 0) this.out += ', ';
        this.printValue(a[i], verb, depth + 1);
      }
      this.out += '}';
      return;
    }
    this.out += '[';
    for (let i = 0; i < a.length; i++) {
      if (i > 0) this.out += ' ';
      this.printValue(a[i], verb, depth + 1);
    }
    this.out += ']';
  }

  printStruct(s: GoStruct, verb: string, depth: number): void {
    const st = structType(s);
    if (this.sharpV) this.out += st.name;
    this.out += '{';
    const fields: ReadonlyArray<{ name: string; type: GoType; value: unknown }> =
      st.fmtFields?.(s) ?? (st.fields ?? []).map((f) => ({ name: f.name, type: f.type, value: (s as any)[f.name] }));
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) this.out += this.sharpV ? ', ' : ' ';
      const f = fields[i]!;
      if (this.plusV || this.sharpV) this.out += `${f.name}:`;
      const value = f.value as GoValue;
      if ((value === null || value === undefined) && f.type !== T_INTERFACE) {
        this.printNilOfType(f.type, verb);
      } else this.printValue(value, verb, depth + 1);
    }
    this.out += '}';
  }

  /** A nil map, slice or pointer field of a struct. */
  printNilOfType(t: GoType, verb: string): void {
    switch (t.kind) {
      case 'map':
        this.out += this.sharpV ? `${t.name}(nil)` : 'map[]';
        return;
      case 'slice':
        this.out += this.sharpV ? `${t.name}(nil)` : '[]';
        return;
      case 'ptr':
        this.out += this.sharpV ? `(${t.name})(nil)` : NIL_ANGLE;
        return;
      default:
        if (verb === 'v') this.out += NIL_ANGLE;
        else this.badVerb(verb, null);
    }
  }

  fmtPointer(v: GoValue, verb: string): void {
    const u = typeof v === 'object' && v !== null ? addressOf(v) : 0;
    switch (verb) {
      case 'v':
        if (this.sharpV) {
          this.out += `(${typeOf(v)?.name ?? ''})(`;
          this.out += u === 0 ? 'nil' : `0x${u.toString(16)}`;
          this.out += ')';
        } else if (u === 0) this.pad(NIL_ANGLE);
        else this.fmt0x64(BigInt(u), !this.sharp);
        return;
      case 'p':
        this.fmt0x64(BigInt(u), !this.sharp);
        return;
      case 'b':
      case 'o':
      case 'd':
      case 'x':
      case 'X':
        this.fmtInteger(BigInt(u), false, verb, v);
        return;
      default:
        this.badVerb(verb, v);
    }
  }

  fmt0x64(v: bigint, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.fmtIntegerBase(v, 16, false, 'v', false);
    this.sharp = sharp;
  }

  // ----- scalars ------------------------------------------------------------------------------

  fmtBool(b: boolean, verb: string, arg: GoValue): void {
    if (verb === 't' || verb === 'v') this.pad(b ? 'true' : 'false');
    else this.badVerb(verb, arg);
  }

  fmtInteger(v: bigint, signed: boolean, verb: string, arg: GoValue): void {
    switch (verb) {
      case 'v':
        if (this.sharpV && !signed) this.fmt0x64(v, true);
        else this.fmtIntegerBase(v, 10, signed, verb, false);
        return;
      case 'd':
        this.fmtIntegerBase(v, 10, signed, verb, false);
        return;
      case 'b':
        this.fmtIntegerBase(v, 2, signed, verb, false);
        return;
      case 'o':
      case 'O':
        this.fmtIntegerBase(v, 8, signed, verb, false);
        return;
      case 'x':
        this.fmtIntegerBase(v, 16, signed, verb, false);
        return;
      case 'X':
        this.fmtIntegerBase(v, 16, signed, verb, true);
        return;
      case 'c':
        this.pad(runeString(v));
        return;
      case 'q': {
        const r = v < 0n || v > 0x10ffffn ? 0xfffd : Number(v);
        this.pad(quoteRune(r, this.plus));
        return;
      }
      case 'U':
        this.fmtUnicode(v);
        return;
      default:
        this.badVerb(verb, arg);
    }
  }

  /** fmt.fmtInteger: precision = minimum digits, zero padding, sign and base prefixes. */
  fmtIntegerBase(u: bigint, base: number, signed: boolean, verb: string, upper: boolean): void {
    const negative = signed && u < 0n;
    let abs = negative ? -u : u;
    if (!signed && u < 0n) abs = BigInt.asUintN(64, u);
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && abs === 0n) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--; // leave room for sign
    }
    let digits = abs.toString(base);
    if (upper) digits = digits.toUpperCase();
    while (digits.length < prec) digits = `0${digits}`;
    if (this.sharp) {
      if (base === 2) digits = `0b${digits}`;
      else if (base === 8 && digits[0] !== '0') digits = `0${digits}`;
      else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = `0o${digits}`;
    if (negative) digits = `-${digits}`;
    else if (this.plus) digits = `+${digits}`;
    else if (this.space) digits = ` ${digits}`;
    const oldZero = this.zero;
    this.zero = false; // padding with zeros was handled by precision
    this.pad(digits);
    this.zero = oldZero;
  }

  fmtUnicode(u: bigint): void {
    let s = `U+${(u < 0n ? BigInt.asUintN(64, u) : u).toString(16).toUpperCase().padStart(4, '0')}`;
    if (this.precPresent && this.prec > 4) {
      s = `U+${(u < 0n ? BigInt.asUintN(64, u) : u).toString(16).toUpperCase().padStart(this.prec, '0')}`;
    }
    if (this.sharp && u >= 0n && u <= 0x10ffffn && isPrint(Number(u))) s += ` '${String.fromCodePoint(Number(u))}'`;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  fmtFloat(v: number, verb: string, arg: GoValue): void {
    switch (verb) {
      case 'v':
        this.fmtFloatVerb(v, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloatVerb(v, verb, -1);
        return;
      case 'f':
      case 'e':
      case 'E':
      case 'F':
        this.fmtFloatVerb(v, verb, 6);
        return;
      default:
        this.badVerb(verb, arg);
    }
  }

  fmtFloatVerb(v: number, verb: string, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, verb as any, prec);
    if (num[0] !== '-' && num[0] !== '+') num = `+${num}`;
    if (this.space && num[0] === '+' && !this.plus) num = ` ${num.slice(1)}`;
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') {
        digits = prec;
        if (digits === -1) digits = 6;
      }
      let tail = '';
      let body = num;
      let hasDecimalPoint = false;
      let sawNonzero = false;
      for (let i = 1; i < body.length; i++) {
        const c = body[i]!;
        if (c === '.') {
          hasDecimalPoint = true;
          continue;
        }
        if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        }
        if (c !== '0') sawNonzero = true;
        if (sawNonzero) digits--;
      }
      if (!hasDecimalPoint) {
        if (body.length === 2 && body[1] === '0') digits--;
        body += '.';
      }
      while (digits > 0) {
        body += '0';
        digits--;
      }
      num = body + tail;
    }
    if (this.plus || num[0] !== '+') {
      if (this.zero && !this.minus && this.widPresent && this.wid > num.length) {
        this.out += num[0];
        this.writePadding(this.wid - num.length);
        this.out += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  fmtComplex(c: GoComplex, verb: string): void {
    if (!'vbgGxXfFeE'.includes(verb)) {
      this.badVerb(verb, c);
      return;
    }
    const oldPlus = this.plus;
    this.out += '(';
    this.fmtFloat(c.re, verb, c.re);
    this.plus = true;
    this.fmtFloat(c.im, verb, c.im);
    this.out += 'i)';
    this.plus = oldPlus;
  }

  fmtString(s: string, verb: string, arg: GoValue): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case 's':
        this.fmtS(s);
        return;
      case 'x':
        this.fmtSbx(stringToBytes(s), false);
        return;
      case 'X':
        this.fmtSbx(stringToBytes(s), true);
        return;
      case 'q':
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb, arg);
    }
  }

  /** Truncates to the precision, counted in runes (an invalid byte counts as one rune). */
  truncate(s: string): string {
    if (!this.precPresent) return s;
    let n = this.prec;
    let i = 0;
    for (const ch of s) {
      if (n-- <= 0) return s.slice(0, i);
      i += ch.length;
    }
    return s;
  }

  fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) {
      this.pad(`\`${s}\``);
      return;
    }
    this.pad(this.plus ? quoteToASCII(s) : quote(s));
  }

  fmtBytes(b: Uint8Array, verb: string, typeName: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        if (this.sharpV) {
          this.out += `${typeName}{`;
          for (let i = 0; i < b.length; i++) {
            if (i > 0) this.out += ', ';
            this.fmt0x64(BigInt(b[i]!), true);
          }
          this.out += '}';
        } else {
          this.out += '[';
          for (let i = 0; i < b.length; i++) {
            if (i > 0) this.out += ' ';
            this.fmtIntegerBase(BigInt(b[i]!), 10, false, verb, false);
          }
          this.out += ']';
        }
        return;
      case 's':
        this.fmtS(bytesString(b));
        return;
      case 'x':
        this.fmtSbx(b, false);
        return;
      case 'X':
        this.fmtSbx(b, true);
        return;
      case 'q':
        this.fmtQ(bytesString(b));
        return;
      default: {
        // Go hands the bytes to printValue as a plain []byte, whose reflected type name is
        // `[]uint8` (shown by %#w, the one verb that gets here with the # flag).
        const arr = Array.from(b, (x) => new GoInt({ kind: 'uint8', name: 'uint8' }, BigInt(x)));
        this.printSlice(arr, { kind: 'slice', name: '[]uint8', elem: { kind: 'uint8', name: 'uint8' } }, verb, 0);
      }
    }
  }

  /** fmt.fmtSbx: hex encoding of bytes with optional spaces and 0x prefixes. */
  fmtSbx(b: Uint8Array, upper: boolean): void {
    const digits = upper ? '0123456789ABCDEF' : '0123456789abcdef';
    let length = b.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) width += 2;
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    let s = '';
    if (this.sharp) s += upper ? '0X' : '0x';
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        s += ' ';
        if (this.sharp) s += upper ? '0X' : '0x';
      }
      const c = b[i]!;
      s += digits[c >> 4]! + digits[c & 15]!;
    }
    this.out += s;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }
}

function bytesString(b: Uint8Array): string {
  return bytesToString(b);
}

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function runeString(v: bigint): string {
  if (v < 0n || v > 0x10ffffn || (v >= 0xd800n && v <= 0xdfffn)) return '\ufffd';
  return String.fromCodePoint(Number(v));
}

function isNilArg(a: GoValue): boolean {
  return a === null || a === undefined;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: readonly GoValue[]): string {
  if (args.length === 1) {
    const a = args[0];
    if (typeof a === 'string') return a;
  }
  const p = new Printer();
  let prevString = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const isString = typeof arg === 'string';
    if (i > 0 && !isString && !prevString) p.out += ' ';
    p.printArg(arg, 'v');
    prevString = isString;
  }
  return p.out;
}

/** fmt.Sprintln: spaces between all operands and a trailing newline. */
export function sprintln(args: readonly GoValue[]): string {
  const p = new Printer();
  for (let i = 0; i < args.length; i++) {
    if (i > 0) p.out += ' ';
    p.printArg(args[i], 'v');
  }
  return `${p.out}\n`;
}

/** `%v` of a single value: what `{{ . }}`, `toString` and `print` produce. */
export function formatValue(v: GoValue): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatFloat(v, 'g', -1);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v instanceof GoInt && !v.type.stringer) return v.v.toString();
  const p = new Printer();
  p.printArg(v, 'v');
  return p.out;
}

function tooLarge(x: number): boolean {
  return x > 1e6 || x < -1e6;
}

/** Parses a decimal number in format[start:end]; returns [num, isnum, newi]. */
function parseNum(format: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end; i++) {
    const c = format.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (tooLarge(num)) return [0, false, end];
    num = num * 10 + (c - 48);
    isnum = true;
  }
  return [num, isnum, i];
}

function intFromArg(args: readonly GoValue[], argNum: number): [number, boolean, number] {
  let num = 0;
  let isInt = false;
  let newArgNum = argNum;
  if (argNum < args.length) {
    const a = args[argNum];
    if (a instanceof GoInt) {
      const n = a.v;
      if (n >= -(1n << 63n) && n < 1n << 63n) {
        num = Number(n);
        isInt = true;
      }
    }
    newArgNum = argNum + 1;
    if (tooLarge(num)) {
      num = 0;
      isInt = false;
    }
  }
  return [num, isInt, newArgNum];
}

/** fmt.Sprintf with Go's full format grammar. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  const p = new Printer();
  const end = format.length;
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;

  const argNumber = (i: number): [number, number, boolean] => {
    if (i >= end || format[i] !== '[') return [argNum, i, false];
    reordered = true;
    // parseArgNumber
    let index = 0;
    let wid = 1;
    let ok = false;
    if (end - i >= 3) {
      for (let j = i + 1; j < end; j++) {
        if (format[j] === ']') {
          const [width, isnum, newi] = parseNum(format, i + 1, j);
          if (!isnum || newi !== j) {
            index = 0;
            wid = j - i + 1;
            ok = false;
          } else {
            index = width - 1;
            wid = j - i + 1;
            ok = true;
          }
          break;
        }
      }
    }
    if (ok && index >= 0 && index < args.length) return [index, i + wid, true];
    goodArgNum = false;
    return [argNum, i + wid, ok];
  };

  let i = 0;
  formatLoop: while (i < end) {
    goodArgNum = true;
    const lasti = i;
    while (i < end && format[i] !== '%') i++;
    if (i > lasti) p.out += format.slice(lasti, i);
    if (i >= end) break;
    i++;
    p.clearFlags();
    simple: for (; i < end; i++) {
      const c = format[i]!;
      switch (c) {
        case '#':
          p.sharp = true;
          break;
        case '0':
          p.zero = true;
          break;
        case '+':
          p.plus = true;
          break;
        case '-':
          p.minus = true;
          break;
        case ' ':
          p.space = true;
          break;
        default:
          if (c >= 'a' && c <= 'z' && argNum < args.length) {
            // %w takes %v's flags (`%#w` quotes a string in the bad-verb text); it is valid only in
            // Errorf, so printArg reports it as a bad verb.
            if (c === 'v' || c === 'w') {
              p.sharpV = p.sharp;
              p.sharp = false;
              p.plusV = p.plus;
              p.plus = false;
            }
            p.printArg(args[argNum], c);
            argNum++;
            i++;
            continue formatLoop;
          }
          break simple;
      }
    }

    [argNum, i, afterIndex] = argNumber(i);

    if (i < end && format[i] === '*') {
      i++;
      [p.wid, p.widPresent, argNum] = intFromArg(args, argNum);
      if (!p.widPresent) p.out += '%!(BADWIDTH)';
      if (p.wid < 0) {
        p.wid = -p.wid;
        p.minus = true;
        p.zero = false;
      }
      afterIndex = false;
    } else {
      [p.wid, p.widPresent, i] = parseNum(format, i, end);
      if (afterIndex && p.widPresent) goodArgNum = false;
    }

    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      [argNum, i, afterIndex] = argNumber(i);
      if (i < end && format[i] === '*') {
        i++;
        [p.prec, p.precPresent, argNum] = intFromArg(args, argNum);
        if (p.prec < 0) {
          p.prec = 0;
          p.precPresent = false;
        }
        if (!p.precPresent) p.out += '%!(BADPREC)';
        afterIndex = false;
      } else {
        [p.prec, p.precPresent, i] = parseNum(format, i, end);
        if (!p.precPresent) {
          p.prec = 0;
          p.precPresent = true;
        }
      }
    }

    if (!afterIndex) [argNum, i, afterIndex] = argNumber(i);

    if (i >= end) {
      p.out += '%!(NOVERB)';
      break;
    }

    const cp = format.codePointAt(i)!;
    const verb = String.fromCodePoint(cp);
    i += verb.length;

    if (verb === '%') p.out += '%';
    else if (!goodArgNum) p.out += `%!${verb}(BADINDEX)`;
    else if (argNum >= args.length) p.out += `%!${verb}(MISSING)`;
    else {
      if (verb === 'v' || verb === 'w') {
        p.sharpV = p.sharp;
        p.sharp = false;
        p.plusV = p.plus;
        p.plus = false;
      }
      p.printArg(args[argNum], verb);
      argNum++;
    }
  }

  if (!reordered && argNum < args.length) {
    p.clearFlags();
    p.out += '%!(EXTRA ';
    for (let k = argNum; k < args.length; k++) {
      if (k > argNum) p.out += ', ';
      const arg = args[k];
      if (isNilArg(arg)) p.out += NIL_ANGLE;
      else {
        p.out += `${typeOf(arg)?.name ?? '?'}=`;
        p.printArg(arg, 'v');
      }
    }
    p.out += ')';
  }
  return p.out;
}
