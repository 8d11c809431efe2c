/**
 * The part of Go's net/url that JSON Schema reference resolution needs: Parse, ResolveReference and
 * String with Go's escaping and error texts (`parse "x": invalid URL escape "%zz"`).
 */

import { parseAddr } from '../gotemplate/netip.js';
import { quote } from '../gotemplate/strconv.js';

/** A URL that Go's url.Parse rejects; `message` is Go's text. */
export class URLError extends Error {}

type Mode = 'path' | 'fragment' | 'host' | 'zone' | 'userinfo';

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

function shouldEscape(c: number, mode: Mode): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return false;
  const ch = String.fromCharCode(c);
  if (mode === 'host') {
    if ('!$&\'()*+,;=:[]<>"'.includes(ch)) return false;
  }
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) return mode === 'path' ? ch === '?' : false;
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

/** url.PathEscape-style escaping of a decoded component for `mode`. */
function escapeComponent(s: string, mode: Mode): string {
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  for (const b of bytes) {
    out += shouldEscape(b, mode) ? `%${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b);
  }
  return out;
}

/** url.unescape for a component. */
function unescapeComponent(s: string, mode: Mode): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]!) || !isHex(s[i + 2]!)) {
        let bad = s.slice(i);
        if (bad.length > 3) bad = bad.slice(0, 3);
        throw new URLError(`invalid URL escape ${quote(bad)}`);
      }
      const v = Number.parseInt(s.slice(i + 1, i + 3), 16);
      // Go: in a host only non-ASCII bytes may be %-encoded (and %25, RFC 6874)
      if (mode === 'host' && v < 0x80 && s.slice(i, i + 3) !== '%25') {
        throw new URLError(`invalid URL escape ${quote(s.slice(i, i + 3))}`);
      }
      if (mode === 'zone' && s.slice(i, i + 3) !== '%25' && v !== 0x20 && shouldEscape(v, 'host')) {
        throw new URLError(`invalid URL escape ${quote(s.slice(i, i + 3))}`);
      }
      bytes.push(v);
      i += 2;
      continue;
    }
    if ((mode === 'host' || mode === 'zone') && c.charCodeAt(0) < 0x80 && shouldEscape(c.charCodeAt(0), 'host')) {
      throw new URLError(`invalid character ${quote(c)} in host name`);
    }
    for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/**
 * Go's url.parseHost. `go125`: Go 1.25 also checks a bracketed IP-literal with netip.ParseAddr
 * (helm 4 is built with Go 1.25, helm 3.17 with Go 1.23).
 */
function parseHost(host: string, go125: boolean): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new URLError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new URLError(`invalid port ${quote(colonPort)} after host`);
    const zone = host.slice(0, i).indexOf('%25');
    const unescaped =
      zone >= 0
        ? unescapeComponent(host.slice(0, zone), 'host') + unescapeComponent(host.slice(zone, i), 'zone')
        : unescapeComponent(host.slice(0, i), 'host');
    if (go125) {
      const addr = parseAddr(unescaped.slice(1));
      if (typeof addr === 'string') throw new URLError(`invalid host: ${addr}`);
      if (addr.is4) throw new URLError('invalid IP-literal');
    }
    return unescaped + unescapeComponent(host.slice(i), 'host');
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new URLError(`invalid port ${quote(colonPort)} after host`);
    }
  }
  return unescapeComponent(host, 'host');
}

/** Go's url.PathUnescape-style decode (jsonschema's decode: invalid escapes throw URLError). */
export function decodeURIComponentGo(s: string): string {
  return unescapeComponent(s, 'path');
}

/** A parsed URL (Go's url.URL, without user info support beyond keeping it). */
export class GoURL {
  scheme = '';
  opaque = '';
  user = '';
  host = '';
  path = '';
  rawPath = '';
  rawQuery = '';
  forceQuery = false;
  fragment = '';

  /** url.Parse. @throws URLError with Go's text (`parse "x": …`) */
  static parse(raw: string, go125 = true): GoURL {
    const hash = raw.indexOf('#');
    const base = hash >= 0 ? raw.slice(0, hash) : raw;
    const u = new GoURL();
    try {
      u.parseBase(base, go125);
      if (hash >= 0) u.fragment = unescapeComponent(raw.slice(hash + 1), 'fragment');
    } catch (e) {
      if (e instanceof URLError) throw new URLError(`parse ${quote(raw)}: ${e.message}`);
      throw e;
    }
    return u;
  }

  private parseBase(raw: string, go125: boolean): void {
    if (/[\x00-\x1f\x7f]/.test(raw)) throw new URLError('net/url: invalid control character in URL');
    if (raw === '') return;
    let rest = raw;
    const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
    if (m) {
      this.scheme = m[1]!.toLowerCase();
      rest = rest.slice(m[0].length);
    } else if (/^[^/?#]*:/.test(rest) && !/^[A-Za-z]/.test(rest)) {
      if (rest.startsWith(':')) throw new URLError('missing protocol scheme');
    }
    if (rest.endsWith('?') && rest.split('?').length === 2) {
      this.forceQuery = true;
      rest = rest.slice(0, -1);
    } else {
      const q = rest.indexOf('?');
      if (q >= 0) {
        this.rawQuery = rest.slice(q + 1);
        rest = rest.slice(0, q);
      }
    }
    if (!rest.startsWith('/')) {
      if (this.scheme !== '') {
        this.opaque = rest;
        return;
      }
      const colon = rest.indexOf(':');
      const slash = rest.indexOf('/');
      if (colon >= 0 && (slash < 0 || colon < slash)) {
        throw new URLError('first path segment in URL cannot contain colon');
      }
    }
    if ((this.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
      let authority = rest.slice(2);
      const slash = authority.indexOf('/');
      rest = slash >= 0 ? authority.slice(slash) : '';
      if (slash >= 0) authority = authority.slice(0, slash);
      const at = authority.lastIndexOf('@');
      this.host = parseHost(at >= 0 ? authority.slice(at + 1) : authority, go125);
      if (at >= 0) {
        const userinfo = authority.slice(0, at);
        if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new URLError('net/url: invalid userinfo');
        for (const part of userinfo.split(':', 2)) unescapeComponent(part, 'userinfo');
        this.user = userinfo;
      }
    }
    this.path = unescapeComponent(rest, 'path');
    this.rawPath = rest;
  }

  /** Go's url.URL.RawPath: set only when the path's default escaping differs from the original. */
  goRawPath(): string {
    return escapeComponent(this.path, 'path') === this.rawPath ? '' : this.rawPath;
  }

  /** url.URL.EscapedPath. */
  escapedPath(): string {
    if (this.rawPath !== '') {
      try {
        if (
          unescapeComponent(this.rawPath, 'path') === this.path &&
          !/[^A-Za-z0-9\-_.~$&+,/:;=@%!'()*]/.test(this.rawPath)
        ) {
          return this.rawPath;
        }
      } catch {
        // fall through to escaping the decoded path
      }
    }
    if (this.path === '*') return '*';
    return escapeComponent(this.path, 'path');
  }

  /** url.URL.String. */
  toString(): string {
    let out = '';
    if (this.scheme !== '') out += `${this.scheme}:`;
    if (this.opaque !== '') out += this.opaque;
    else {
      if (this.scheme !== '' || this.host !== '' || this.user !== '') {
        if (this.host !== '' || this.path !== '' || this.user !== '') out += '//';
        if (this.user !== '') out += `${this.user}@`;
        out += escapeComponent(this.host, 'host');
      }
      const path = this.escapedPath();
      if (path !== '' && path[0] !== '/' && this.host !== '') out += '/';
      if (out === '') {
        const seg = path.split('/', 1)[0]!;
        if (seg.includes(':')) out += './';
      }
      out += path;
    }
    if (this.forceQuery || this.rawQuery !== '') out += `?${this.rawQuery}`;
    if (this.fragment !== '') out += `#${escapeComponent(this.fragment, 'fragment')}`;
    return out;
  }

  private clone(): GoURL {
    return Object.assign(new GoURL(), this);
  }

  withoutFragment(): GoURL {
    const u = this.clone();
    u.fragment = '';
    return u;
  }

  /** url.URL.Hostname: the host without port or IPv6 brackets (Go's splitHostPort). */
  hostname(): string {
    let h = this.host;
    const colon = h.lastIndexOf(':');
    if (colon >= 0 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
    if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
    return h;
  }

  isAbs(): boolean {
    return this.scheme !== '';
  }

  /** url.URL.ResolveReference. */
  resolve(ref: GoURL): GoURL {
    const url = ref.clone();
    if (ref.scheme === '') url.scheme = this.scheme;
    if (ref.scheme !== '' || ref.host !== '' || ref.user !== '') {
      url.setPath(resolvePath(ref.escapedPath(), ''));
      return url;
    }
    if (ref.opaque !== '') {
      url.user = '';
      url.host = '';
      url.path = '';
      url.rawPath = '';
      return url;
    }
    if (ref.path === '' && !ref.forceQuery && ref.rawQuery === '') {
      url.rawQuery = this.rawQuery;
      if (ref.fragment === '') url.fragment = this.fragment;
    }
    if (ref.path === '' && this.opaque !== '') {
      url.opaque = this.opaque;
      url.user = '';
      url.host = '';
      url.path = '';
      url.rawPath = '';
      return url;
    }
    url.host = this.host;
    url.user = this.user;
    url.setPath(resolvePath(this.escapedPath(), ref.escapedPath()));
    return url;
  }

  private setPath(p: string): void {
    this.path = unescapeComponent(p, 'path');
    this.rawPath = p;
  }
}

function resolvePath(base: string, ref: string): string {
  let full: string;
  if (ref === '') full = base;
  else if (ref[0] !== '/') full = base.slice(0, base.lastIndexOf('/') + 1) + ref;
  else full = ref;
  if (full === '') return '';
  let dst = '/';
  let first = true;
  const parts = full.split('/');
  let elem = '';
  for (const part of parts) {
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
