/**
 * Go's net/url, the parts helm reaches: Parse, URL.String, EscapedPath, EscapedFragment, Hostname,
 * ResolveReference, Userinfo.String and PathUnescape, with Go's escaping and error texts (`parse
 * "x": invalid URL escape "%zz"`). Sprig's `urlParse`/`urlJoin` and JSON Schema references and
 * formats use it.
 *
 * Go strings are bytes, so the work is done on a Latin-1 view of them (one char per byte): text
 * that is not UTF-8, or escapes that decode to such bytes, behave as in Go. Fields hold ordinary
 * helmless Go strings. helm 3.17 is built with Go 1.23 and helm 4.1 with Go 1.25, whose Parse also
 * requires a bracketed host to be an IPv6 address (netip.ParseAddr) and rejects a `[` anywhere else
 * in a host: `go125` picks the behaviour.
 */
import { bytesToString, stringToBytes } from './gostring.js';
import { parseAddr } from './netip.js';
import { quote } from './strconv.js';

/** A URL Go's net/url rejects; `message` is Go's text. */
export class URLError extends Error {}

type Mode = 'path' | 'pathSegment' | 'host' | 'zone' | 'userPassword' | 'fragment';

const ASCII = /^[\x00-\x7f]*$/;

/** The bytes of a Go string, one char per byte. */
function toBytes(s: string): string {
  return ASCII.test(s) ? s : Buffer.from(stringToBytes(s)).toString('latin1');
}

/** The Go string a byte string spells (bytes that are not UTF-8 are kept). */
function fromBytes(s: string): string {
  return ASCII.test(s) ? s : bytesToString(Buffer.from(s, 'latin1'));
}

/** strconv.Quote of a byte string. */
function quoteBytes(s: string): string {
  return quote(fromBytes(s));
}

const isAlnum = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

/** net/url's shouldEscape (c is a byte). */
function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === 'host' || mode === 'zone') && '!$&\'()*+,;=:[]<>"'.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path':
        return ch === '?';
      case 'pathSegment':
        return ch === '/' || ch === ';' || ch === ',' || ch === '?';
      case 'userPassword':
        return ch === '@' || ch === '/' || ch === '?' || ch === ':';
      case 'fragment':
        return false;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

/** url.PathEscape (of a string's UTF-8 bytes). */
export function pathEscape(s: string): string {
  return urlEscape(toBytes(s), 'pathSegment');
}

/** net/url's escape of a byte string. */
function urlEscape(s: string, mode: Mode): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += shouldEscape(c, mode) ? `%${c.toString(16).toUpperCase().padStart(2, '0')}` : s[i];
  }
  return out;
}

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** net/url's unescape of a byte string. */
function urlUnescape(s: string, mode: Mode): string {
  for (let i = 0; i < s.length; ) {
    if (s[i] === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) {
        throw new URLError(`invalid URL escape ${quoteBytes(s.slice(i, i + 3))}`);
      }
      const v = Number.parseInt(s.slice(i + 1, i + 3), 16);
      // In a host only non-ASCII bytes may be %-encoded, and %25 (RFC 6874).
      if (mode === 'host' && v < 0x80 && s.slice(i, i + 3) !== '%25') {
        throw new URLError(`invalid URL escape ${quoteBytes(s.slice(i, i + 3))}`);
      }
      if (mode === 'zone' && s.slice(i, i + 3) !== '%25' && v !== 0x20 && shouldEscape(v, 'host')) {
        throw new URLError(`invalid URL escape ${quoteBytes(s.slice(i, i + 3))}`);
      }
      i += 3;
    } else {
      const c = s.charCodeAt(i);
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) {
        throw new URLError(`invalid character ${quoteBytes(s[i]!)} in host name`);
      }
      i++;
    }
  }
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** net/url's validEncoded: whether `s` may stand as the escaped form as written. */
function validEncoded(s: string, mode: Mode): boolean {
  for (let i = 0; i < s.length; i++) {
    if ("!$&'()*+,;=:@[]%".includes(s[i]!)) continue;
    if (shouldEscape(s.charCodeAt(i), mode)) return false;
  }
  return true;
}

/** url.PathUnescape. @throws URLError */
export function pathUnescape(s: string): string {
  return fromBytes(urlUnescape(toBytes(s), 'path'));
}

/** A URL's user name and optional password (Go strings). */
export interface Userinfo {
  username: string;
  password?: string;
}

/** Userinfo.String: the escaped `user[:password]`. */
export function userinfoString(u: Userinfo): string {
  let s = urlEscape(toBytes(u.username), 'userPassword');
  if (u.password !== undefined) s += `:${urlEscape(toBytes(u.password), 'userPassword')}`;
  return fromBytes(s);
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c === '+' || c === '-' || c === '.') {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new URLError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/** net/url's parseHost, on bytes. */
function parseHost(host: string, go125: boolean): string {
  const open = go125 ? host.lastIndexOf('[') : host.startsWith('[') ? 0 : -1;
  if (open > 0) throw new URLError('invalid IP-literal');
  if (open === 0) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new URLError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new URLError(`invalid port ${quoteBytes(colonPort)} after host`);
    if (go125) {
      const port = urlUnescape(colonPort, 'host');
      const name = host.slice(1, i);
      const z = name.indexOf('%25');
      const addr =
        z >= 0 ? urlUnescape(name.slice(0, z), 'host') + urlUnescape(name.slice(z), 'zone') : urlUnescape(name, 'host');
      const parsed = parseAddr(fromBytes(addr));
      if (typeof parsed === 'string') throw new URLError(`invalid host: ${parsed}`);
      if (parsed.is4) throw new URLError('invalid IP-literal');
      return `[${addr}]${port}`;
    }
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) {
      return (
        urlUnescape(host.slice(0, zone), 'host') +
        urlUnescape(host.slice(zone, i), 'zone') +
        urlUnescape(host.slice(i), 'host')
      );
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new URLError(`invalid port ${quoteBytes(colonPort)} after host`);
    }
  }
  return urlUnescape(host, 'host');
}

/** Non-ASCII bytes are never valid in userinfo. */
const VALID_USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

/** A parsed URL: Go's url.URL. */
export class GoURL {
  scheme = '';
  opaque = '';
  user: Userinfo | undefined = undefined;
  host = '';
  path = '';
  /** The path as written, when its default escaping differs. */
  rawPath = '';
  omitHost = false;
  forceQuery = false;
  rawQuery = '';
  fragment = '';
  /** The fragment as written, when its default escaping differs. */
  rawFragment = '';

  /** url.Parse. @throws URLError with Go's text (`parse "x": …`) */
  static parse(raw: string, go125: boolean): GoURL {
    const bytes = toBytes(raw);
    const hash = bytes.indexOf('#');
    const base = hash < 0 ? bytes : bytes.slice(0, hash);
    const u = new GoURL();
    try {
      u.parseBase(base, go125);
    } catch (e) {
      if (e instanceof URLError) throw new URLError(`parse ${quoteBytes(base)}: ${e.message}`);
      throw e;
    }
    if (hash >= 0) {
      try {
        u.setFragment(bytes.slice(hash + 1));
      } catch (e) {
        if (e instanceof URLError) throw new URLError(`parse ${quoteBytes(bytes)}: ${e.message}`);
        throw e;
      }
    }
    return u;
  }

  private parseBase(raw: string, go125: boolean): void {
    if (/[\x00-\x1f\x7f]/.test(raw)) throw new URLError('net/url: invalid control character in URL');
    if (raw === '*') {
      this.path = '*';
      return;
    }
    let [scheme, rest] = getScheme(raw);
    this.scheme = scheme.toLowerCase();
    if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
      this.forceQuery = true;
      rest = rest.slice(0, -1);
    } else {
      const q = rest.indexOf('?');
      if (q >= 0) {
        this.rawQuery = fromBytes(rest.slice(q + 1));
        rest = rest.slice(0, q);
      }
    }
    if (!rest.startsWith('/')) {
      if (this.scheme !== '') {
        this.opaque = fromBytes(rest);
        return;
      }
      const slash = rest.indexOf('/');
      if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) {
        throw new URLError('first path segment in URL cannot contain colon');
      }
    }
    if ((this.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
      let authority = rest.slice(2);
      rest = '';
      const slash = authority.indexOf('/');
      if (slash >= 0) {
        rest = authority.slice(slash);
        authority = authority.slice(0, slash);
      }
      this.parseAuthority(authority, go125);
    } else if (this.scheme !== '' && rest.startsWith('/')) {
      this.omitHost = true;
    }
    this.setPath(rest);
  }

  private parseAuthority(authority: string, go125: boolean): void {
    const at = authority.lastIndexOf('@');
    this.host = fromBytes(parseHost(at < 0 ? authority : authority.slice(at + 1), go125));
    if (at < 0) return;
    const userinfo = authority.slice(0, at);
    if (!VALID_USERINFO.test(userinfo)) throw new URLError('net/url: invalid userinfo');
    const colon = userinfo.indexOf(':');
    if (colon < 0) {
      this.user = { username: fromBytes(urlUnescape(userinfo, 'userPassword')) };
    } else {
      this.user = {
        username: fromBytes(urlUnescape(userinfo.slice(0, colon), 'userPassword')),
        password: fromBytes(urlUnescape(userinfo.slice(colon + 1), 'userPassword')),
      };
    }
  }

  /** url.URL.setPath, from escaped bytes. */
  private setPath(p: string): void {
    const path = urlUnescape(p, 'path');
    this.path = fromBytes(path);
    this.rawPath = urlEscape(path, 'path') === p ? '' : fromBytes(p);
  }

  /** url.URL.setFragment, from escaped bytes. */
  private setFragment(f: string): void {
    const fragment = urlUnescape(f, 'fragment');
    this.fragment = fromBytes(fragment);
    this.rawFragment = urlEscape(fragment, 'fragment') === f ? '' : fromBytes(f);
  }

  /** url.URL.EscapedPath. */
  escapedPath(): string {
    return escapedForm(this.rawPath, this.path, 'path', this.path === '*');
  }

  /** url.URL.EscapedFragment. */
  escapedFragment(): string {
    return escapedForm(this.rawFragment, this.fragment, 'fragment', false);
  }

  /** url.URL.String. */
  toString(): string {
    let out = '';
    if (this.scheme !== '') out += `${this.scheme}:`;
    if (this.opaque !== '') out += this.opaque;
    else {
      if (this.scheme !== '' || this.host !== '' || this.user) {
        if (!(this.omitHost && this.host === '' && !this.user)) {
          if (this.host !== '' || this.path !== '' || this.user) out += '//';
          if (this.user) out += `${userinfoString(this.user)}@`;
          if (this.host !== '') out += fromBytes(urlEscape(toBytes(this.host), 'host'));
        }
      }
      const path = this.escapedPath();
      if (path !== '' && path[0] !== '/' && this.host !== '') out += '/';
      if (out === '') {
        const slash = path.indexOf('/');
        if ((slash < 0 ? path : path.slice(0, slash)).includes(':')) out += './';
      }
      out += path;
    }
    if (this.forceQuery || this.rawQuery !== '') out += `?${this.rawQuery}`;
    if (this.fragment !== '') out += `#${this.escapedFragment()}`;
    return out;
  }

  /** url.URL.Hostname: the host without port or IPv6 brackets. */
  hostname(): string {
    let h = this.host;
    const colon = h.lastIndexOf(':');
    if (colon >= 0 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
    if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
    return h;
  }

  /** url.URL.IsAbs. */
  isAbs(): boolean {
    return this.scheme !== '';
  }

  /** A copy without its fragment. */
  withoutFragment(): GoURL {
    const u = this.clone();
    u.fragment = '';
    u.rawFragment = '';
    return u;
  }

  /** url.URL.ResolveReference. */
  resolve(ref: GoURL): GoURL {
    const url = ref.clone();
    if (ref.scheme === '') url.scheme = this.scheme;
    if (ref.scheme !== '' || ref.host !== '' || ref.user) {
      url.setPath(toBytes(resolvePath(ref.escapedPath(), '')));
      return url;
    }
    if (ref.opaque !== '') {
      url.user = undefined;
      url.host = '';
      url.path = '';
      return url;
    }
    if (ref.path === '' && !ref.forceQuery && ref.rawQuery === '') {
      url.rawQuery = this.rawQuery;
      if (ref.fragment === '') {
        url.fragment = this.fragment;
        url.rawFragment = this.rawFragment;
      }
    }
    if (ref.path === '' && this.opaque !== '') {
      url.opaque = this.opaque;
      url.user = undefined;
      url.host = '';
      url.path = '';
      return url;
    }
    url.host = this.host;
    url.user = this.user;
    url.setPath(toBytes(resolvePath(this.escapedPath(), ref.escapedPath())));
    return url;
  }

  private clone(): GoURL {
    const u = Object.assign(new GoURL(), this);
    if (this.user) u.user = { ...this.user };
    return u;
  }
}

/** EscapedPath/EscapedFragment: the form as written when it is valid and means the same. */
function escapedForm(raw: string, decoded: string, mode: Mode, star: boolean): string {
  const rawBytes = toBytes(raw);
  const decodedBytes = toBytes(decoded);
  if (rawBytes !== '' && validEncoded(rawBytes, mode)) {
    try {
      if (urlUnescape(rawBytes, mode) === decodedBytes) return raw;
    } catch (e) {
      if (!(e instanceof URLError)) throw e;
    }
  }
  if (star) return '*';
  return fromBytes(urlEscape(decodedBytes, mode));
}

/** RFC 3986 §5.2.3–§5.2.4 on escaped paths (net/url's resolvePath). */
function resolvePath(base: string, ref: string): string {
  let full: string;
  if (ref === '') full = base;
  else if (ref[0] !== '/') full = base.slice(0, base.lastIndexOf('/') + 1) + ref;
  else full = ref;
  if (full === '') return '';
  let dst = '/';
  let first = true;
  let elem = '';
  for (const part of full.split('/')) {
    elem = part;
    if (elem === '.') {
      first = false;
      continue;
    }
    if (elem === '..') {
      const str = dst.slice(1);
      const index = str.lastIndexOf('/');
      dst = '/';
      if (index === -1) first = true;
      else dst += str.slice(0, index);
    } else {
      if (!first) dst += '/';
      dst += elem;
      first = false;
    }
  }
  if (elem === '.' || elem === '..') dst += '/';
  if (dst.length > 1 && dst[1] === '/') dst = dst.slice(1);
  return dst;
}
