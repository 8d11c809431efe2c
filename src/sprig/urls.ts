/**
 * Sprig's `urlParse` and `urlJoin`, over the net/url port (src/gotemplate/neturl.ts). helm 3.17 is
 * built with Go 1.23 and helm 4.1 with Go 1.25, whose Parse checks bracketed hosts; the render's
 * compat mode picks the behaviour.
 */
import { type CallContext, type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { GoURL, URLError, userinfoString } from '../gotemplate/neturl.js';
import { T_MAP, T_STRING } from '../gotemplate/types.js';
import { type GoMap, type GoValue, kindOf } from '../gotemplate/value.js';
import { NIL_DEREFERENCE } from './lists.js';

function urlParse(ctx: CallContext, v: string): GoMap {
  let u: GoURL;
  try {
    u = GoURL.parse(v, ctx.compat === 'helm4');
  } catch (e) {
    if (e instanceof URLError) throw new FuncError(`unable to parse url: ${e.message}`);
    throw e;
  }
  return new Map<string, GoValue>([
    ['scheme', u.scheme],
    ['host', u.host],
    ['hostname', u.hostname()],
    ['path', u.path],
    ['query', u.rawQuery],
    ['opaque', u.opaque],
    ['fragment', u.fragment],
    ['userinfo', u.user ? userinfoString(u.user) : ''],
  ]);
}

/** Sprig's dictGetOrEmpty: a missing key is "", a nil or non-string value panics. */
function dictString(d: GoMap | null, key: string): string {
  if (!d?.has(key)) return '';
  const v = d.get(key);
  if (v === null || v === undefined) throw new FuncError(NIL_DEREFERENCE);
  if (typeof v !== 'string') {
    throw new FuncError(`unable to parse ${key} key, must be of type string, but ${kindOf(v)} found`);
  }
  return v;
}

function urlJoin(ctx: CallContext, d: GoMap | null): string {
  const u = new GoURL();
  u.scheme = dictString(d, 'scheme');
  u.host = dictString(d, 'host');
  u.path = dictString(d, 'path');
  u.rawQuery = dictString(d, 'query');
  u.opaque = dictString(d, 'opaque');
  u.fragment = dictString(d, 'fragment');
  const userinfo = dictString(d, 'userinfo');
  if (userinfo !== '') {
    try {
      u.user = GoURL.parse(`proto://${userinfo}@host`, ctx.compat === 'helm4').user;
    } catch (e) {
      if (e instanceof URLError) {
        throw new FuncError(`unable to parse userinfo in dict: ${e.message}`);
      }
      throw e;
    }
  }
  return u.toString();
}

/** Sprig's URL functions, keyed by template function name. */
export const urlFunctions: Record<string, FuncDef> = {
  urlParse: fn([T_STRING], T_MAP, urlParse, { context: true }),
  urlJoin: fn([T_MAP], T_STRING, urlJoin, { context: true }),
};
