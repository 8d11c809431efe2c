/**
 * `format` checks of the two validators: gojsonschema's checkers (helm 3: pass/fail only, always
 * asserted, a non-string value fails a known format) and santhosh-tekuri/jsonschema v6's (helm 4:
 * asserted for drafts up to 7 only, with a reason such as `missing @`).
 */

import { parseAddr } from '../gotemplate/netip.js';
import { GoURL, pathUnescape, URLError } from '../gotemplate/neturl.js';
import { atoi, NumError, quote } from '../gotemplate/strconv.js';
import { once } from '../once.js';
import { type Rat, tryCompileRegexp } from './jsonschema-common.js';

// ---------------------------------------------------------------------------------------------
// Go's time.Parse for the layouts the checkers use

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(month: number, year: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1]!;
}

const STD = ['2006', '01', '02', '15', '04', '05', '.999999999', 'Z07:00'] as const;

function chunks(layout: string): string[] {
  const out: string[] = [];
  let lit = '';
  for (let i = 0; i < layout.length; ) {
    const std = STD.find((s) => layout.startsWith(s, i));
    if (std) {
      if (lit) out.push(lit);
      lit = '';
      out.push(std);
      i += std.length;
    } else lit += layout[i++];
  }
  if (lit) out.push(lit);
  return out;
}

function isDigit(s: string, i: number): boolean {
  return i < s.length && s[i]! >= '0' && s[i]! <= '9';
}

/** getnum: one or two digits (exactly two when `fixed`). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

/** time.Parse(layout, value) for layouts built from 2006 01 02 15 04 05 .999999999 Z07:00: the error text, or undefined. */
export function goTimeParse(layout: string, value: string): string | undefined {
  const orig = value;
  const bad = (valueElem: string, layoutElem: string) =>
    `parsing time ${quote(orig)} as ${quote(layout)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`;
  let year = 0;
  let month = -1;
  let day = -1;
  let range = '';
  const cs = chunks(layout);
  for (let k = 0; k < cs.length; k++) {
    const c = cs[k]!;
    const hold = value;
    if (!STD.includes(c as (typeof STD)[number])) {
      if (!value.startsWith(c)) return bad(value, c);
      value = value.slice(c.length);
      continue;
    }
    switch (c) {
      case '2006': {
        if (value.length < 4 || !isDigit(value, 0)) return bad(hold, c);
        const p = value.slice(0, 4);
        if (!/^[+-]?\d+$/.test(p)) return bad(hold, c);
        year = Number(p);
        value = value.slice(4);
        break;
      }
      case '01':
      case '02':
      case '15':
      case '04':
      case '05': {
        const r = getnum(value, c !== '15');
        if (!r) return bad(hold, c);
        const [n, rest] = r;
        value = rest;
        if (c === '01') {
          month = n;
          if (n <= 0 || n > 12) range = 'month';
        } else if (c === '02') day = n;
        else if (c === '15') {
          if (n >= 24) range = 'hour';
        } else if (c === '04') {
          if (n >= 60) range = 'minute';
        } else {
          if (n >= 60) range = 'second';
          const next = cs[k + 1];
          if (
            value.length >= 2 &&
            (value[0] === '.' || value[0] === ',') &&
            isDigit(value, 1) &&
            next !== '.999999999'
          ) {
            let n2 = 2;
            while (isDigit(value, n2)) n2++;
            value = value.slice(n2);
          }
        }
        break;
      }
      case '.999999999': {
        if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigit(value, 1)) break;
        let i = 1;
        while (isDigit(value, i)) i++;
        value = value.slice(i);
        break;
      }
      case 'Z07:00': {
        if (value.startsWith('Z')) {
          value = value.slice(1);
          break;
        }
        if (value.length < 6 || value[3] !== ':' || (value[0] !== '+' && value[0] !== '-')) return bad(hold, c);
        const hh = getnum(value.slice(1, 3), true);
        const mm = getnum(value.slice(4, 6), true);
        if (!hh || !mm) return bad(hold, c);
        if (hh[0] > 24) range = 'time zone offset hour';
        if (mm[0] > 60) range = 'time zone offset minute';
        value = value.slice(6);
        break;
      }
    }
    if (range) return `parsing time ${quote(orig)}: ${range} out of range`;
  }
  if (value.length > 0) return `parsing time ${quote(orig)}: extra text: ${quote(value)}`;
  if (day >= 0 && month >= 1 && (day < 1 || day > daysIn(month, year))) {
    return `parsing time ${quote(orig)}: day out of range`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// IP addresses (Go's net.ParseIP / netip.ParseAddr acceptance)

function parseIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^\d{1,3}$/.test(p) && !(p.length > 1 && p[0] === '0') && Number(p) <= 255);
}

function parseIPv6(s: string): boolean {
  if (s.includes('%')) return false;
  let groups = 0;
  let ellipsis = false;
  let rest = s;
  if (rest.startsWith('::')) {
    ellipsis = true;
    rest = rest.slice(2);
    if (rest === '') return true;
  }
  while (rest.length > 0) {
    const m = /^[0-9a-fA-F]{1,4}/.exec(rest);
    if (!m) {
      return false;
    }
    // An embedded IPv4 address ends the address.
    const dot = rest.indexOf('.');
    const colon = rest.indexOf(':');
    if (dot >= 0 && (colon < 0 || dot < colon)) {
      if (groups > 6 || !parseIPv4(rest)) return false;
      groups += 2;
      rest = '';
      break;
    }
    groups++;
    rest = rest.slice(m[0].length);
    if (rest === '') break;
    if (!rest.startsWith(':')) return false;
    if (rest.startsWith('::')) {
      if (ellipsis) return false;
      ellipsis = true;
      rest = rest.slice(2);
      if (rest === '') break;
      continue;
    }
    rest = rest.slice(1);
    if (rest === '') return false;
    if (groups >= 8) return false;
  }
  return ellipsis ? groups < 8 : groups === 8;
}

/** net.ParseIP(s) != nil. */
export function goParseIP(s: string): boolean {
  return parseIPv4(s) || parseIPv6(s);
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses (net/mail.ParseAddress acceptance, common forms)

const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff}]+$/u;

function dotAtom(s: string): boolean {
  return s.length > 0 && s.split('.').every((p) => ATEXT.test(p));
}

function addrSpec(s: string): boolean {
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  const localOk = dotAtom(local) || /^"([^"\\\r\n]|\\.)*"$/.test(local);
  // Go 1.22+ consumeDomainLiteral: the dtext must be an IP address (net.ParseIP)
  const domainOk = dotAtom(domain) || (/^\[[^[\]\\]*\]$/.test(domain) && goParseIP(domain.slice(1, -1)));
  return localOk && domainOk;
}

/** mail.ParseAddress succeeds (display name + angle address, or a bare address). */
export function goParseMailAddress(s: string): boolean {
  const t = s.trim();
  const lt = t.indexOf('<');
  if (lt >= 0) {
    if (!t.endsWith('>')) return false;
    const name = t.slice(0, lt).trim();
    if (name !== '' && !/^("([^"\\]|\\.)*"|[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~. \u0080-\u{10ffff}]+)$/u.test(name))
      return false;
    return addrSpec(t.slice(lt + 1, -1).trim());
  }
  return addrSpec(t);
}

function urlParses(s: string): GoURL | undefined {
  try {
    return GoURL.parse(s, false);
  } catch (e) {
    if (e instanceof URLError) return undefined;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// gojsonschema (helm 3)

/**
 * A Go regexp (RE2: linear time, no catastrophic backtracking on untrusted values), compiled on
 * first use: compiling all five at start-up cost ~20 ms of every cold run.
 */
function goRegexp(pattern: string): { test: (s: string) => boolean } {
  const match = once(() => {
    const r = tryCompileRegexp(pattern);
    if (!r.ok) throw new Error(`bad built-in pattern ${pattern}: ${r.error}`);
    return r.match;
  });
  return { test: (s) => match()(s) };
}

const RX_HOSTNAME = goRegexp(
  '^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]{0,61}[a-zA-Z0-9])(\\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]{0,61}[a-zA-Z0-9]))*$',
);
const RX_UUID = goRegexp('^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$');
const RX_JSON_POINTER = goRegexp('^(?:/(?:[^~/]|~0|~1)*)*$');
const RX_REL_JSON_POINTER = goRegexp('^(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~0|~1)*)*)$');
const RX_URI_TEMPLATE = goRegexp('^([^{]*({[^}]*})?)*$');

const H3_CHECKERS: Record<string, (s: string) => boolean> = {
  date: (s) => goTimeParse('2006-01-02', s) === undefined,
  time: (s) => goTimeParse('15:04:05Z07:00', s) === undefined || goTimeParse('15:04:05', s) === undefined,
  'date-time': (s) =>
    [
      '15:04:05',
      '15:04:05Z07:00',
      '2006-01-02',
      '2006-01-02T15:04:05Z07:00',
      '2006-01-02T15:04:05.999999999Z07:00',
    ].some((l) => goTimeParse(l, s) === undefined),
  hostname: (s) => RX_HOSTNAME.test(s) && s.length < 256,
  email: goParseMailAddress,
  'idn-email': goParseMailAddress,
  ipv4: (s) => goParseIP(s) && s.includes('.'),
  ipv6: (s) => goParseIP(s) && s.includes(':'),
  uri: (s) => {
    const u = urlParses(s);
    return u !== undefined && u.scheme !== '' && !s.includes('\\');
  },
  iri: (s) => {
    const u = urlParses(s);
    return u !== undefined && u.scheme !== '' && !s.includes('\\');
  },
  'uri-reference': (s) => urlParses(s) !== undefined && !s.includes('\\'),
  'iri-reference': (s) => urlParses(s) !== undefined && !s.includes('\\'),
  'uri-template': (s) => {
    const u = urlParses(s);
    return u !== undefined && !s.includes('\\') && RX_URI_TEMPLATE.test(u.path);
  },
  uuid: (s) => RX_UUID.test(s),
  regex: (s) => s === '' || tryCompileRegexp(s).ok,
  'json-pointer': (s) => RX_JSON_POINTER.test(s),
  'relative-json-pointer': (s) => RX_REL_JSON_POINTER.test(s),
};

/** gojsonschema FormatCheckers.IsFormat: unknown formats pass; a known format fails a non-string. */
export function h3FormatCheck(format: string, value: string | Rat): boolean {
  const check = H3_CHECKERS[format];
  if (!check) return true;
  if (typeof value !== 'string') return false;
  return check(value);
}

// ---------------------------------------------------------------------------------------------
// santhosh-tekuri/jsonschema v6 (helm 4)

function v6Date(s: string): string | undefined {
  return goTimeParse('2006-01-02', s);
}

function v6Time(str: string): string | undefined {
  if (str.length < 9) return 'less than 9 characters long';
  if (str[2] !== ':' || str[5] !== ':') return 'missing colon in correct place';
  const hms: number[] = [];
  for (const tok of str.slice(0, 8).split(':')) {
    if (!/^[+-]?\d+$/.test(tok)) return 'invalid hour/min/sec';
    const i = Number(tok);
    if (i < 0) return 'non-positive hour/min/sec';
    hms.push(i);
  }
  if (hms.length !== 3) return 'missing hour/min/sec';
  let [h, m] = hms as [number, number, number];
  const s = hms[2]!;
  if (h > 23 || m > 59 || s > 60) return 'hour/min/sec out of range';
  str = str.slice(8);
  if (str.startsWith('.')) {
    const rem = str.slice(1);
    const digits = /^\d*/.exec(rem)![0].length;
    if (digits === 0) return 'no digits in second fraction';
    str = rem.slice(digits);
  }
  if (str !== 'z' && str !== 'Z') {
    if (str.length !== 6) return 'offset must be 6 characters long';
    let sign: number;
    if (str[0] === '+') sign = -1;
    else if (str[0] === '-') sign = 1;
    else return 'offset must begin with plus/minus';
    str = str.slice(1);
    if (str[2] !== ':') return 'missing colon in offset in correct place';
    const zhm: number[] = [];
    for (const tok of str.split(':', 2)) {
      if (!/^[+-]?\d+$/.test(tok)) return 'invalid hour/min in offset';
      const i = Number(tok);
      if (i < 0) return 'non-positive hour/min in offset';
      zhm.push(i);
    }
    const [zh, zm] = zhm as [number, number];
    if (zh > 23 || zm > 59) return 'hour/min in offset out of range';
    let hm = h * 60 + m + sign * (zh * 60 + zm);
    if (hm < 0) hm += 24 * 60;
    h = Math.floor(hm / 60);
    m = hm % 60;
  }
  if (s >= 60 && (h !== 23 || m !== 59)) return 'invalid leap second';
  return undefined;
}

function v6DateTime(s: string): string | undefined {
  if (Buffer.byteLength(s) < 20) return 'less than 20 characters long';
  if (s[10] !== 't' && s[10] !== 'T') return '11th character must be t or T';
  const d = v6Date(s.slice(0, 10));
  if (d) return `invalid date element: ${d}`;
  const t = v6Time(s.slice(11));
  if (t) return `invalid time element: ${t}`;
  return undefined;
}

function v6IPv4(s: string): string | undefined {
  const groups = s.split('.');
  if (groups.length !== 4) return 'expected four decimals';
  for (const g of groups) {
    if (g.length > 1 && g[0] === '0') return 'leading zeros';
    let n: bigint;
    try {
      n = atoi(g);
    } catch (e) {
      if (e instanceof NumError) return e.message;
      throw e;
    }
    if (n < 0n || n > 255n) return 'decimal must be between 0 and 255';
  }
  return undefined;
}

function v6IPv6(s: string): string | undefined {
  if (!s.includes(':')) return 'missing colon';
  const addr = parseAddr(s);
  if (typeof addr === 'string') return addr;
  if (addr.zone !== '') return 'zone id is not a part of ipv6 address';
  return undefined;
}

function v6Hostname(s: string): string | undefined {
  s = s.endsWith('.') ? s.slice(0, -1) : s;
  if (Buffer.byteLength(s) > 253) return 'more than 253 characters long';
  for (const label of s.split('.')) {
    const n = Buffer.byteLength(label);
    if (n < 1 || n > 63) return 'label must be 1 to 63 characters long';
    if (label.startsWith('-')) return 'label starts with hyphen';
    if (label.endsWith('-')) return 'label ends with hyphen';
    for (const ch of label) {
      if (!/[a-zA-Z0-9-]/.test(ch)) return `invalid character ${quoteRuneText(ch)}`;
    }
  }
  return undefined;
}

function quoteRuneText(ch: string): string {
  const q = quote(ch);
  return `'${q.slice(1, -1).replaceAll("'", "\\'").replaceAll('\\"', '"')}'`;
}

function v6Email(s: string): string | undefined {
  if (Buffer.byteLength(s) > 254) return 'more than 255 characters long';
  const at = s.lastIndexOf('@');
  if (at === -1) return 'missing @';
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (Buffer.byteLength(local) > 64) return 'local part more than 64 characters long';
  if (local.length > 1 && local.startsWith('"') && local.endsWith('"')) {
    const inner = local.slice(1, -1);
    if (inner.includes('\\') || inner.includes('"'))
      return 'backslash and quote are not allowed within quoted local part';
  } else {
    if (local.startsWith('.')) return 'starts with dot';
    if (local.endsWith('.')) return 'ends with dot';
    if (local.includes('..')) return 'consecutive dots';
    for (const ch of local) {
      if (!/[a-zA-Z0-9]/.test(ch) && !".!#$%&'*+-/=?^_`{|}~".includes(ch))
        return `invalid character ${quoteRuneText(ch)}`;
    }
  }
  if (domain.startsWith('[') && domain.endsWith(']')) {
    const inner = domain.slice(1, -1);
    if (inner.startsWith('IPv6:')) {
      const e = v6IPv6(inner.slice(5));
      return e ? `invalid ipv6 address: ${e}` : undefined;
    }
    const e = v6IPv4(inner);
    return e ? `invalid ipv4 address: ${e}` : undefined;
  }
  const e = v6Hostname(domain);
  return e ? `invalid domain: ${e}` : undefined;
}

function v6ParseURL(s: string): GoURL | string {
  let u: GoURL;
  try {
    u = GoURL.parse(s, true);
  } catch (e) {
    if (e instanceof URLError) return e.message;
    throw e;
  }
  const host = u.hostname();
  if (host.includes(':')) {
    if (!u.host.includes('[') || !u.host.includes(']')) return 'ipv6 address not enclosed in brackets';
    const e = v6IPv6(host);
    if (e) return `invalid ipv6 address: ${e}`;
  }
  return u;
}

/** jsonschema v6.0.2 uri/iri(-reference): url.Parse plus its IPv6 host check (no character checks). */
function v6RI(s: string, reference: boolean): string | undefined {
  const u = v6ParseURL(s);
  if (typeof u === 'string') return u;
  if (!reference && !u.isAbs()) return 'relative url';
  return undefined;
}

function v6URITemplate(s: string): string | undefined {
  const u = v6ParseURL(s);
  if (typeof u === 'string') return u;
  for (let tok of u.rawPath.split('/')) {
    try {
      tok = pathUnescape(tok);
    } catch (e) {
      if (e instanceof URLError) return `percent decode failed: ${e.message}`;
      throw e;
    }
    let want = true;
    for (const ch of tok) {
      if (ch !== '{' && ch !== '}') continue;
      if ((ch === '{') !== want) return 'nested curly braces';
      want = !want;
    }
    if (!want) return 'no matching closing brace';
  }
  return undefined;
}

function v6Period(s: string): string | undefined {
  const slash = s.indexOf('/');
  if (slash === -1) return 'missing slash';
  const start = s.slice(0, slash);
  const end = s.slice(slash + 1);
  let e: string | undefined;
  if (start.startsWith('P')) {
    if ((e = v6Duration(start))) return `invalid start duration: ${e}`;
    if ((e = v6DateTime(end))) return `invalid end date-time: ${e}`;
  } else {
    if ((e = v6DateTime(start))) return `invalid start date-time: ${e}`;
    if (end.startsWith('P')) {
      if ((e = v6Duration(end))) return `invalid end duration: ${e}`;
    } else if ((e = v6DateTime(end))) return `invalid end date-time: ${e}`;
  }
  return undefined;
}

function v6Semver(s: string): string | undefined {
  const plus = s.indexOf('+');
  if (plus !== -1) {
    const build = s.slice(plus + 1);
    if (build === '') return 'build is empty';
    for (const id of build.split('.')) {
      if (id === '') return 'build identifier is empty';
      for (const ch of id) {
        if (!/[0-9a-zA-Z-]/.test(ch)) return `invalid character ${quoteRuneText(ch)} in build identifier`;
      }
    }
    s = s.slice(0, plus);
  }
  const dash = s.indexOf('-');
  if (dash !== -1) {
    for (const id of s.slice(dash + 1).split('.')) {
      if (id === '') return 'pre-release identifier is empty';
      let allDigits = true;
      for (const ch of id) {
        if (/[0-9]/.test(ch)) continue;
        if (/[a-zA-Z-]/.test(ch)) allDigits = false;
        else return `invalid character ${quoteRuneText(ch)} in pre-release identifier`;
      }
      if (allDigits && id.length > 1 && id[0] === '0') return 'pre-release numeric identifier starts with zero';
    }
    s = s.slice(0, dash);
  }
  const versions = s.split('.');
  if (versions.length !== 3) return 'versionCore must have 3 numbers separated by dot';
  const names = ['major', 'minor', 'patch'];
  for (let i = 0; i < 3; i++) {
    const v = versions[i]!;
    if (v === '') return `${names[i]} is empty`;
    if (v.length > 1 && v[0] === '0') return `${names[i]} starts with zero`;
    if (!/^[0-9]+$/.test(v)) return `${names[i]} contains non-digit`;
  }
  return undefined;
}

function v6JSONPointer(s: string): string | undefined {
  if (s === '') return undefined;
  if (!s.startsWith('/')) return 'not starting with /';
  for (const tok of s.split('/').slice(1)) {
    let esc = false;
    for (const ch of tok) {
      if (esc) {
        esc = false;
        if (ch !== '0' && ch !== '1') return '~ must be followed by 0 or 1';
        continue;
      }
      if (ch === '~') esc = true;
    }
    if (esc) return '~ must be followed by 0 or 1';
  }
  return undefined;
}

function v6UUID(s: string): string | undefined {
  const hexGroups = [8, 4, 4, 4, 12];
  const groups = s.split('-');
  if (groups.length !== hexGroups.length) return `must have ${hexGroups.length} elements`;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (Buffer.byteLength(g) !== hexGroups[i]) return `element ${i + 1} must be ${hexGroups[i]} characters long`;
    for (const ch of g) if (!/[0-9a-fA-F]/.test(ch)) return `non-hex character ${quoteRuneText(ch)}`;
  }
  return undefined;
}

function v6Duration(s: string): string | undefined {
  if (!s.startsWith('P')) return 'must start with P';
  s = s.slice(1);
  if (s === '') return 'nothing after P';
  if (s.endsWith('W')) {
    const w = s.slice(0, -1);
    if (w === '') return 'no number in week';
    return /^\d+$/.test(w) ? undefined : 'invalid week';
  }
  const allUnits = ['YMD', 'HMS'];
  const parts = s.split('T');
  for (let i = 0; i < parts.length; i++) {
    let p = parts[i]!;
    if (i !== 0 && p === '') return 'no time elements';
    if (i >= allUnits.length) return 'more than one T';
    let units = allUnits[i]!;
    while (p !== '') {
      const digits = /^\d*/.exec(p)![0].length;
      if (digits === 0) return 'missing number';
      p = p.slice(digits);
      if (p === '') return 'missing unit';
      const unit = p[0]!;
      const j = units.indexOf(unit);
      if (j === -1) {
        if (allUnits[i]!.includes(unit)) return `unit ${quoteRuneText(unit)} out of order`;
        return `invalid unit ${quoteRuneText(unit)}`;
      }
      units = units.slice(j + 1);
      p = p.slice(1);
    }
  }
  return undefined;
}

const V6_FORMATS: Record<string, (s: string) => string | undefined> = {
  'json-pointer': v6JSONPointer,
  'relative-json-pointer': (s) => {
    const digits = /^\d*/.exec(s)![0].length;
    if (digits === 0) return 'must start with non-negative integer';
    if (digits > 1 && s.startsWith('0')) return 'starts with zero';
    const rest = s.slice(digits);
    return rest === '#' ? undefined : v6JSONPointer(rest);
  },
  uuid: v6UUID,
  duration: v6Duration,
  ipv4: v6IPv4,
  ipv6: v6IPv6,
  hostname: v6Hostname,
  email: v6Email,
  date: v6Date,
  time: v6Time,
  'date-time': v6DateTime,
  uri: (s) => v6RI(s, false),
  iri: (s) => v6RI(s, false),
  'uri-reference': (s) => (s.includes('\\') ? 'contains \\' : v6RI(s, true)),
  'iri-reference': (s) => v6RI(s, true),
  'uri-template': v6URITemplate,
  period: v6Period,
  semver: v6Semver,
  regex: (s) => {
    const r = tryCompileRegexp(s);
    return r.ok ? undefined : r.error;
  },
};

/** A v6 format checker (non-strings always pass), or undefined for unknown formats (not asserted). */
export function h4Format(name: string): ((s: string) => string | undefined) | undefined {
  return V6_FORMATS[name];
}
