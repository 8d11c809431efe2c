/**
 * Semantic versions and version constraints with the exact behaviour of the Go library
 * Masterminds/semver v3, as used by Helm: v3.3.0 in helm 3.17 (`compat: 'helm3'`) and v3.4.0 in
 * helm 4.1 (`compat: 'helm4'`).
 *
 * Used by the `semver`/`semverCompare` template functions, Chart.yaml `kubeVersion` checks,
 * dependency version matching and chart repository version resolution.
 *
 * Numbers: major/minor/patch are Go `uint64`, so they are `bigint` here (a version such as
 * `4294967296.1.1` is valid and `18446744073709551616.0.0` is an error).
 *
 * Regular expressions run on re2js (a port of Go's RE2) so that matching is the same as in Go,
 * including `\s` being ASCII-only, and linear in time on untrusted constraint strings.
 */
import { RE2JS } from 're2js';
import { once } from '../once.js';

/** Which Masterminds/semver release to behave like: v3.3.0 (helm 3.17) or v3.4.0 (helm 4.1). */
export type SemverCompat = 'helm3' | 'helm4';

/** The default behaviour when no `compat` is given. */
export const DEFAULT_SEMVER_COMPAT: SemverCompat = 'helm3';

/** An error from parsing a version or constraint; `message` is the Go library's text verbatim. */
export class SemverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SemverError';
  }
}

const MAX_UINT64 = 18446744073709551615n;

/** Error texts, per library release (v3.4.0 lower-cased them). */
const MESSAGES = {
  helm3: {
    invalid: 'Invalid Semantic Version',
    empty: 'Version string empty',
    invalidChars: 'Invalid characters in version',
    startsZero: 'Version segment starts with 0',
    invalidMetadata: 'Invalid Metadata string',
    invalidPrerelease: 'Invalid Prerelease string',
    segment: 'Error parsing version segment: ',
    parser: 'constraint Parser Error',
  },
  helm4: {
    invalid: 'invalid semantic version',
    empty: 'version string empty',
    invalidChars: 'invalid characters in version',
    startsZero: 'version segment starts with 0',
    invalidMetadata: 'invalid metadata string',
    invalidPrerelease: 'invalid prerelease string',
    segment: 'error parsing version segment: ',
    parser: 'constraint parser error',
  },
} as const;

const IDENT_CHARS = /^[0-9A-Za-z-]*$/;
const DIGITS = /^[0-9]*$/;

/** Go's strconv.ParseUint(s, 10, 64), returning the value or the Go error text. */
function parseUint64(s: string): bigint | string {
  if (s === '' || !/^[0-9]+$/.test(s)) return `strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax`;
  const n = BigInt(s);
  if (n > MAX_UINT64) return `strconv.ParseUint: parsing ${goQuote(s)}: value out of range`;
  return n;
}

/** strconv.Quote for the ASCII strings that reach it here (JSON escaping agrees for those). */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** A parsed semantic version. Immutable. */
export class Version {
  readonly #original: string;

  /** @internal use parseVersion */
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly prerelease: string,
    readonly metadata: string,
    original: string,
  ) {
    this.#original = original;
  }

  /** The text that was parsed (keeps a leading `v` and missing segments). */
  original(): string {
    return this.#original;
  }

  /** The canonical form `X.Y.Z[-pre][+meta]`, without a `v` (Go's `String()`). */
  toString(): string {
    let s = `${this.major}.${this.minor}.${this.patch}`;
    if (this.prerelease !== '') s += `-${this.prerelease}`;
    if (this.metadata !== '') s += `+${this.metadata}`;
    return s;
  }

  /** -1, 0 or 1 by semver precedence; build metadata is ignored, a prerelease sorts before its release. */
  compare(other: Version): -1 | 0 | 1 {
    const d = cmpBig(this.major, other.major) || cmpBig(this.minor, other.minor) || cmpBig(this.patch, other.patch);
    if (d !== 0) return d;
    const a = this.prerelease;
    const b = other.prerelease;
    if (a === '' && b === '') return 0;
    if (a === '') return 1;
    if (b === '') return -1;
    return comparePrerelease(a, b);
  }

  lessThan(other: Version): boolean {
    return this.compare(other) < 0;
  }
  lessThanOrEqual(other: Version): boolean {
    return this.compare(other) <= 0;
  }
  greaterThan(other: Version): boolean {
    return this.compare(other) > 0;
  }
  greaterThanOrEqual(other: Version): boolean {
    return this.compare(other) >= 0;
  }
  /** Equal precedence (metadata may differ). */
  equal(other: Version): boolean {
    return this.compare(other) === 0;
  }
}

function cmpBig(a: bigint, b: bigint): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrerelease(a: string, b: string): -1 | 0 | 1 {
  const as = a.split('.');
  const bs = b.split('.');
  const n = Math.max(as.length, bs.length);
  for (let i = 0; i < n; i++) {
    const d = comparePrereleasePart(as[i] ?? '', bs[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

/** Numeric identifiers (that fit a uint64) sort below alphanumeric ones; a missing part sorts first. */
function comparePrereleasePart(s: string, o: string): -1 | 0 | 1 {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const si = parseUint64(s);
  const oi = parseUint64(o);
  const sNum = typeof si === 'bigint';
  const oNum = typeof oi === 'bigint';
  if (!sNum && !oNum) return s > o ? 1 : -1;
  if (!oNum) return -1;
  if (!sNum) return 1;
  return (si as bigint) > (oi as bigint) ? 1 : -1;
}

// NewVersion's loose pattern: optional `v`, 1–3 numeric segments (leading zeros allowed).
const LOOSE_VERSION =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

/** Options for {@link parseVersion}. */
export interface ParseVersionOptions {
  /** StrictNewVersion: exactly `X.Y.Z[-pre][+meta]`, no `v`, no leading zeros. Default false (NewVersion). */
  strict?: boolean;
  /** Library release to mimic (error texts). Default 'helm3'. */
  compat?: SemverCompat;
}

const versionCache = new Map<string, Version | SemverError>();
const CACHE_LIMIT = 4096;

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * Parses a version like Masterminds `NewVersion` (or `StrictNewVersion` with `strict`).
 * @throws SemverError with the Go library's message
 */
export function parseVersion(text: string, options: ParseVersionOptions = {}): Version {
  const compat = options.compat ?? DEFAULT_SEMVER_COMPAT;
  const key = `${compat}${options.strict ? 's' : 'l'}${text}`;
  let result = versionCache.get(key);
  if (result === undefined) {
    try {
      result = options.strict ? strictNewVersion(text, compat) : newVersion(text, compat);
    } catch (err) {
      if (!(err instanceof SemverError)) throw err;
      result = err;
    }
    remember(versionCache, key, result);
  }
  if (result instanceof SemverError) throw result;
  return result;
}

/** Parses a version, returning undefined instead of throwing. */
export function tryParseVersion(text: string, options: ParseVersionOptions = {}): Version | undefined {
  try {
    return parseVersion(text, options);
  } catch (err) {
    if (err instanceof SemverError) return undefined;
    throw err;
  }
}

function newVersion(v: string, compat: SemverCompat): Version {
  const msg = MESSAGES[compat];
  const m = LOOSE_VERSION.exec(v);
  if (!m) throw new SemverError(msg.invalid);
  const segment = (s: string | undefined): bigint => {
    if (s === undefined) return 0n;
    const n = parseUint64(s.startsWith('.') ? s.slice(1) : s);
    if (typeof n === 'string') throw new SemverError(msg.segment + n);
    return n;
  };
  const major = segment(m[1]);
  const minor = segment(m[2]);
  const patch = segment(m[3]);
  const pre = m[5] ?? '';
  const meta = m[8] ?? '';
  if (pre !== '') validatePrerelease(pre, compat);
  if (meta !== '') validateMetadata(meta, compat);
  return new Version(major, minor, patch, pre, meta, v);
}

function strictNewVersion(v: string, compat: SemverCompat): Version {
  const msg = MESSAGES[compat];
  if (v.length === 0) throw new SemverError(msg.empty);
  const first = v.indexOf('.');
  const second = first < 0 ? -1 : v.indexOf('.', first + 1);
  if (second < 0) throw new SemverError(msg.invalid);
  const parts = [v.slice(0, first), v.slice(first + 1, second), v.slice(second + 1)];
  let meta = '';
  let pre = '';
  const plus = parts[2]!.indexOf('+');
  if (plus >= 0) {
    meta = parts[2]!.slice(plus + 1);
    parts[2] = parts[2]!.slice(0, plus);
    validateMetadata(meta, compat);
  }
  const dash = parts[2]!.indexOf('-');
  if (dash >= 0) {
    pre = parts[2]!.slice(dash + 1);
    parts[2] = parts[2]!.slice(0, dash);
    validatePrerelease(pre, compat);
  }
  for (const p of parts) {
    if (!DIGITS.test(p)) throw new SemverError(msg.invalidChars);
    if (p.length > 1 && p[0] === '0') throw new SemverError(msg.startsZero);
  }
  const nums = parts.map((p) => {
    const n = parseUint64(p);
    if (typeof n === 'string') throw new SemverError(n);
    return n;
  });
  return new Version(nums[0]!, nums[1]!, nums[2]!, pre, meta, v);
}

function validatePrerelease(p: string, compat: SemverCompat): void {
  const msg = MESSAGES[compat];
  for (const part of p.split('.')) {
    if (part === '') throw new SemverError(msg.invalidPrerelease);
    if (DIGITS.test(part)) {
      if (part.length > 1 && part[0] === '0') throw new SemverError(msg.startsZero);
    } else if (!IDENT_CHARS.test(part)) {
      throw new SemverError(msg.invalidPrerelease);
    }
  }
}

function validateMetadata(m: string, compat: SemverCompat): void {
  for (const part of m.split('.')) {
    if (part === '' || !IDENT_CHARS.test(part)) throw new SemverError(MESSAGES[compat].invalidMetadata);
  }
}

// ---------------------------------------------------------------------------------------------
// Constraints

// Go's `\s` is ASCII whitespace only; spelt out so the patterns read the same in any engine.
const WS = '[\\t\\n\\f\\r ]';
// A constraint version: `|` inside the classes is literal in Go too (a quirk kept on purpose).
const CV =
  'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?' +
  '(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?' +
  '(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
// The empty alternative after `=` is in the Go source: a bare version is an operator-less comparator.
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';

/** The constraint patterns, compiled on first use (RE2 compiles them in ~20 ms; most renders never ask). */
const patterns = once(() => ({
  constraint: RE2JS.compile(`^${WS}*(${OPS})${WS}*(${CV})${WS}*$`),
  range: RE2JS.compile(`${WS}*(${CV})${WS}+-${WS}+(${CV})${WS}*`),
  find: RE2JS.compile(`(${OPS})${WS}*(${CV})`),
  valid: RE2JS.compile(`^(${WS}*(${OPS})${WS}*(${CV})${WS}*)((?:${WS}+|,${WS}*)(${OPS})${WS}*(${CV})${WS}*)*$`),
}));

type Op = '' | '=' | '!=' | '>' | '<' | '>=' | '=>' | '<=' | '=<' | '~' | '~>' | '^';

/** One comparator such as `>=1.2` (internal). */
interface Comparator {
  op: Op;
  /** The version text as written (e.g. `1.x`). */
  orig: string;
  con: Version;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

/** Options for {@link parseConstraint}. */
export interface ParseConstraintOptions {
  /** Library release to mimic: prerelease rule and error texts. Default 'helm3'. */
  compat?: SemverCompat;
}

/** A parsed constraint: OR-groups (`||`) of AND-ed comparators. Immutable. */
export class Constraints {
  /** @internal use parseConstraint */
  constructor(
    private readonly groups: Comparator[][],
    private readonly groupHasPrerelease: boolean[],
    /** The library release whose rules `check` follows. */
    readonly compat: SemverCompat,
  ) {}

  /** Whether the version satisfies any OR-group (Masterminds `Check`). */
  check(version: Version): boolean {
    for (let i = 0; i < this.groups.length; i++) {
      const includePre = this.groupHasPrerelease[i]!;
      if (this.groups[i]!.every((c) => comparatorAllows(c, version, includePre, this.compat))) return true;
    }
    return false;
  }

  /** The normalized text, e.g. `>=1.2 <2 || 3.x` (Go's `String()`). */
  toString(): string {
    return this.groups.map((g) => g.map((c) => c.op + c.orig).join(' ')).join(' || ');
  }
}

const constraintCache = new Map<string, Constraints | SemverError>();

/**
 * Parses a constraint like Masterminds `NewConstraint`: `= != > < >= <= ~ ~> ^` operators,
 * `x`/`X`/`*` wildcards, partial versions, hyphen ranges (`1.2 - 1.4`), `||`, and comma or space AND.
 * @throws SemverError e.g. `improper constraint: !!`
 */
export function parseConstraint(text: string, options: ParseConstraintOptions = {}): Constraints {
  const compat = options.compat ?? DEFAULT_SEMVER_COMPAT;
  const key = compat + text;
  let result = constraintCache.get(key);
  if (result === undefined) {
    try {
      result = newConstraint(text, compat);
    } catch (err) {
      if (!(err instanceof SemverError)) throw err;
      result = err;
    }
    remember(constraintCache, key, result);
  }
  if (result instanceof SemverError) throw result;
  return result;
}

// Go's `\s` again, for the native expression below.
const SIMPLE_WS = '[\\t\\n\\f\\r ]*';
/**
 * A lone comparator whose segments are numbers or wildcards, e.g. `1.21.1`, `>= 1.16.0-0` or
 * `0.12.*`: what most constraints are (chart and dependency versions, kubeVersion). For these the RE2
 * patterns can only find that one comparator, so a native expression reads its parts without
 * compiling and running them (some 20 ms of a cold run). Ranges, lists and `||` take the RE2 route.
 * Every repetition here is followed by a character it cannot match, so matching is linear like RE2.
 */
const SIMPLE_CONSTRAINT = new RegExp(
  `^${SIMPLE_WS}(?:(!=|>=|=>|<=|=<|~>|[=><~^])${SIMPLE_WS})?` +
    '(v?([0-9]+|[xX*])(\\.(?:[0-9]+|[xX*]))?(\\.(?:[0-9]+|[xX*]))?(-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)' +
    `${SIMPLE_WS}$`,
);

function newConstraint(text: string, compat: SemverCompat): Constraints {
  const simple = SIMPLE_CONSTRAINT.exec(text);
  if (simple !== null) {
    const [, op = '', orig, major, minor = '', patch = '', pre = ''] = simple;
    const c = comparator(op as Op, orig!, major!, minor, patch, pre, compat);
    return new Constraints([[c]], [c.con.prerelease !== ''], compat);
  }
  return newConstraintViaRe2(text, compat);
}

/** @internal The general route of {@link parseConstraint}, exported for the test that holds the two equal. */
export function newConstraintViaRe2(text: string, compat: SemverCompat): Constraints {
  const rewritten = rewriteRanges(text);
  const groups: Comparator[][] = [];
  const hasPre: boolean[] = [];
  for (const orPart of rewritten.split('||')) {
    if (!patterns().valid.matcher(orPart).matches()) throw new SemverError(`improper constraint: ${orPart}`);
    const found: string[] = [];
    const m = patterns().find.matcher(orPart);
    while (m.find()) found.push(m.group(0) ?? '');
    if (found.length === 0) found.push(orPart);
    const group = found.map((s) => parseComparator(s, compat));
    groups.push(group);
    hasPre.push(group.some((c) => c.con.prerelease !== ''));
  }
  return new Constraints(groups, hasPre, compat);
}

/** Rewrites each `A - B` into `>= A, <= B ` exactly like the Go code (first textual occurrence each time). */
function rewriteRanges(text: string): string {
  const matches: Array<{ whole: string; from: string; to: string }> = [];
  const m = patterns().range.matcher(text);
  while (m.find()) matches.push({ whole: m.group(0) ?? '', from: m.group(1) ?? '', to: m.group(11) ?? '' });
  let out = text;
  for (const { whole, from, to } of matches) {
    const at = out.indexOf(whole);
    if (at < 0) continue;
    out = `${out.slice(0, at)}>= ${from}, <= ${to} ${out.slice(at + whole.length)}`;
  }
  return out;
}

function isX(s: string): boolean {
  return s === 'x' || s === 'X' || s === '*';
}

function parseComparator(text: string, compat: SemverCompat): Comparator {
  const m = patterns().constraint.matcher(text);
  if (!m.matches()) throw new SemverError(`improper constraint: ${text}`);
  const g = (i: number) => m.group(i) ?? '';
  return comparator(g(1) as Op, g(2), g(3), g(4), g(5), g(6), compat);
}

/** A comparator from its parts: segments as written (minor and patch with their dot, pre with its dash). */
function comparator(
  op: Op,
  orig: string,
  major: string,
  minor: string,
  patch: string,
  pre: string,
  compat: SemverCompat,
): Comparator {
  let ver = orig;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major) || major === '') {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(minor.replace(/^\./, '')) || minor === '') {
    minorDirty = true;
    dirty = true;
    ver = `${major}.0.0${pre}`;
  } else if (isX(patch.replace(/^\./, '')) || patch === '') {
    dirty = true;
    patchDirty = true;
    ver = `${major}${minor}.0${pre}`;
  }
  let con: Version;
  try {
    con = parseVersion(ver, { compat });
  } catch (err) {
    if (err instanceof SemverError) throw new SemverError(MESSAGES[compat].parser);
    throw err;
  }
  return { op, orig, con, dirty, minorDirty, patchDirty };
}

/**
 * One comparator against a version. `groupHasPre` is the helm4 rule (any prerelease comparator in
 * the AND-group admits prerelease versions); helm3 asks each comparator whether it has one.
 */
function comparatorAllows(c: Comparator, v: Version, groupHasPre: boolean, compat: SemverCompat): boolean {
  const includePre = compat === 'helm4' ? groupHasPre : c.con.prerelease !== '';
  const preBlocked = v.prerelease !== '' && !includePre;
  switch (c.op) {
    case '!=':
      // v3.3.0 only applies the prerelease rule to wildcard forms of `!=`.
      if (compat === 'helm4' && preBlocked) return false;
      return notEqual(c, v, compat === 'helm3' && preBlocked);
    case '>':
      return !preBlocked && greaterThan(c, v);
    case '<':
      return !preBlocked && v.compare(c.con) < 0;
    case '>=':
    case '=>':
      return !preBlocked && v.compare(c.con) >= 0;
    case '<=':
    case '=<':
      return !preBlocked && lessThanOrEqual(c, v);
    case '~':
    case '~>':
      return !preBlocked && tilde(c, v);
    case '^':
      return !preBlocked && caret(c, v);
    default:
      if (preBlocked) return false;
      return c.dirty ? tilde(c, v) : v.equal(c.con);
  }
}

function notEqual(c: Comparator, v: Version, preBlockedWhenDirty: boolean): boolean {
  if (c.dirty) {
    if (preBlockedWhenDirty) return false;
    if (c.con.major !== v.major) return true;
    if (c.con.minor !== v.minor && !c.minorDirty) return true;
    if (c.minorDirty) return false;
    if (c.con.patch !== v.patch && !c.patchDirty) return true;
    if (c.patchDirty) {
      if (v.prerelease !== '' || c.con.prerelease !== '')
        return comparePrerelease(v.prerelease, c.con.prerelease) !== 0;
      return false;
    }
  }
  return !v.equal(c.con);
}

function greaterThan(c: Comparator, v: Version): boolean {
  if (!c.dirty) return v.compare(c.con) === 1;
  if (v.major > c.con.major) return true;
  if (v.major < c.con.major) return false;
  // `>11` means 12 or later; `>11.1` means 11.2 or later.
  if (c.minorDirty) return false;
  if (c.patchDirty) return v.minor > c.con.minor;
  return v.compare(c.con) === 1;
}

function lessThanOrEqual(c: Comparator, v: Version): boolean {
  if (!c.dirty) return v.compare(c.con) <= 0;
  if (v.major > c.con.major) return false;
  if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return false;
  return true;
}

function tilde(c: Comparator, v: Version): boolean {
  if (v.lessThan(c.con)) return false;
  // ~0.0.0 (and ~*) accept everything at or above it.
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.con.major) return false;
  if (v.minor !== c.con.minor && !c.minorDirty) return false;
  return true;
}

function caret(c: Comparator, v: Version): boolean {
  if (v.lessThan(c.con)) return false;
  if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
  if (v.major > 0n) return false;
  if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
  if (v.minor > 0n) return false;
  return c.con.patch === v.patch;
}

/**
 * Sprig's `semverCompare`: parses the constraint first (its error wins), then the version with
 * NewVersion, then checks.
 * @throws SemverError
 */
export function semverCompare(
  constraint: string,
  version: string,
  compat: SemverCompat = DEFAULT_SEMVER_COMPAT,
): boolean {
  const c = parseConstraint(constraint, { compat });
  const v = parseVersion(version, { compat });
  return c.check(v);
}
