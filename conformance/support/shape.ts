/**
 * Comparison of helmless's output with helm's when the chart renders random data (passwords,
 * certificates, UUIDs): two helm runs of the same input are diffed line by line; the lines they
 * agree on must match byte for byte, and every region where they differ ("hunk") is matched by
 * shape: line count, the structural prefix (indentation, key), and per value its alphabet and
 * length — or, for PEM text and base64 of PEM text, the sequence of PEM block labels.
 */

/** An edit script step of {@link diffLines}: a line both sides share, or a differing region. */
export type Segment = { same: string } | { a: string[]; b: string[] };

/** Myers' O(ND) diff of two line lists, returned as shared lines and differing regions. */
export function diffLines(a: readonly string[], b: readonly string[]): Segment[] {
  // The common head and tail are trimmed first: the search below then only sees the varying middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  return [
    ...a.slice(0, head).map((same) => ({ same })),
    ...middle,
    ...a.slice(a.length - tail).map((same) => ({ same })),
  ];
}

function myers(a: readonly string[], b: readonly string[]): Segment[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  // Walk the trace back to recover the path, collecting matched pairs.
  const pairs: Array<[number, number]> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      pairs.push([x, y]);
    }
    if (d > 0) {
      x = prevX;
      y = prevY;
    } else {
      while (x > 0 && y > 0) {
        x--;
        y--;
        pairs.push([x, y]);
      }
    }
  }
  pairs.reverse();
  const out: Segment[] = [];
  let ai = 0;
  let bi = 0;
  const flush = (toA: number, toB: number) => {
    if (toA > ai || toB > bi) out.push({ a: a.slice(ai, toA), b: b.slice(bi, toB) });
  };
  for (const [pa, pb] of pairs) {
    flush(pa, pb);
    out.push({ same: a[pa]! });
    ai = pa + 1;
    bi = pb + 1;
  }
  flush(n, m);
  return out;
}

const ALPHABETS: Array<[string, RegExp]> = [
  ['digits', /^[0-9]*$/],
  ['lower hex', /^[0-9a-f]*$/],
  ['upper hex', /^[0-9A-F]*$/],
  ['letters', /^[A-Za-z]*$/],
  ['alphanumeric', /^[A-Za-z0-9]*$/],
  ['uuid', /^[0-9a-f-]*$/],
  ['base64', /^[A-Za-z0-9+/=]*$/],
  ['base64url', /^[A-Za-z0-9_=-]*$/],
  ['printable ASCII', /^[\x20-\x7e]*$/],
  ['any', /^/],
];

function alphabetOf(values: readonly string[]): [string, RegExp] {
  return ALPHABETS.find(([, re]) => values.every((v) => re.test(v)))!;
}

const PRINTABLE = Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i));

/**
 * Whether helm's samples, all within alphabet `narrow`, may well be draws from the wider alphabet
 * that also holds helmless's value: two 10-letter samples of `randAlphaNum` have no digit about one
 * time in thirty. Accepted when that chance is at least 1 in 1000.
 */
function unseenByChance(narrow: RegExp, wide: RegExp, helm: readonly string[]): boolean {
  if (wide.test('\u0100')) return false; // not a finite alphabet
  const inWide = PRINTABLE.filter((c) => wide.test(c));
  const inBoth = inWide.filter((c) => narrow.test(c));
  const drawn = helm.reduce((n, v) => n + v.length, 0);
  return (inBoth.length / inWide.length) ** drawn >= 1e-3;
}

/** Characters a random value is made of (base64 padding included: its length varies with the payload). */
const WORD = /[A-Za-z0-9+/=]/;

/** The common prefix of the strings, cut back to just after its last non-{@link WORD} character. */
function structuralPrefix(values: readonly string[]): string {
  let p = values[0]!;
  for (const v of values) {
    let i = 0;
    while (i < p.length && i < v.length && p[i] === v[i]) i++;
    p = p.slice(0, i);
  }
  let cut = p.length;
  while (cut > 0 && WORD.test(p[cut - 1]!)) cut--;
  return p.slice(0, cut);
}

function structuralSuffix(values: readonly string[], prefixLength: number): string {
  const rev = values.map((v) => [...v.slice(prefixLength)].reverse().join(''));
  return [...structuralPrefix(rev)].reverse().join('');
}

/** The PEM block labels in a text (`CERTIFICATE`, `RSA PRIVATE KEY`, …), in order, or undefined. */
function pemLabels(text: string): string[] | undefined {
  const labels = [...text.matchAll(/-----(BEGIN|END) ([A-Z0-9 ]+)-----/g)].map((m) => `${m[1]} ${m[2]}`);
  return labels.length > 0 ? labels : undefined;
}

function decodeBase64(s: string): string | undefined {
  if (s.length < 16 || !/^[A-Za-z0-9+/]+=*$/.test(s)) return undefined;
  return Buffer.from(s, 'base64').toString('latin1');
}

/** Why `value` does not have the shape of the helm values (undefined when it does). */
function valueShapeProblem(value: string, helm: readonly string[]): string | undefined {
  // base64 of PEM text (a Secret's tls.crt) or inline PEM: the block structure must agree.
  const decoded = helm.map(decodeBase64);
  if (decoded.every((d) => d !== undefined && pemLabels(d))) {
    const want = pemLabels(decoded[0]!)!.join(',');
    const got = decodeBase64(value);
    const labels = got === undefined ? undefined : pemLabels(got)?.join(',');
    return labels === want ? undefined : `expected base64 of PEM ${want}, got ${JSON.stringify(value.slice(0, 40))}`;
  }
  let [name, re] = alphabetOf(helm);
  // Two long base64 samples often lack `+` and `/` altogether (a 64-character line about one time in
  // eight): long alphanumeric samples may stand for base64.
  if (helm.every((v) => v.length >= 16) && /^[A-Za-z0-9]*$/.test(helm.join(''))) [name, re] = ALPHABETS[6]!;
  if (!re.test(value) && !unseenByChance(re, alphabetOf([...helm, value])[1], helm)) {
    return `expected ${name} characters, got ${JSON.stringify(value.slice(0, 60))}`;
  }
  const lengths = helm.map((v) => v.length);
  const min = Math.min(...lengths);
  const max = Math.max(...lengths);
  if (min === max) {
    if (value.length !== min && name !== 'base64') return `expected length ${min}, got ${value.length}`;
    // base64 lines of varying payloads (key material) may differ by a few characters.
    if (name === 'base64' && Math.abs(value.length - min) > Math.max(8, min / 10)) {
      return `expected about ${min} base64 characters, got ${value.length}`;
    }
    return undefined;
  }
  const slack = Math.max(4, Math.ceil(max / 10));
  if (value.length < min - slack || value.length > max + slack) {
    return `expected length ${min}..${max}, got ${value.length}`;
  }
  return undefined;
}

/** Why `line` does not have the shape of the helm lines at the same place (undefined when it does). */
export function lineShapeProblem(line: string, helm: readonly string[]): string | undefined {
  const refs = helm.length === 1 ? [helm[0]!, keyPrefix(helm[0]!)] : helm;
  const prefix = structuralPrefix(refs);
  const suffix = helm.length === 1 ? '' : structuralSuffix(helm, prefix.length);
  if (!line.startsWith(prefix) || !line.endsWith(suffix) || line.length < prefix.length + suffix.length) {
    return `expected a line like ${JSON.stringify(helm[0])}, got ${JSON.stringify(line)}`;
  }
  const value = line.slice(prefix.length, line.length - suffix.length);
  const values = helm.map((h) => h.slice(prefix.length, h.length - suffix.length));
  const problem = valueShapeProblem(value, values);
  return problem === undefined ? undefined : `${problem} in ${JSON.stringify(line.slice(0, 80))}`;
}

/** Indentation, list dash and `key: ` of a YAML line (what must survive when the value is random). */
function keyPrefix(line: string): string {
  return /^\s*(?:- )?(?:[^\s:]+: ?)?/.exec(line)![0];
}

function isBase64Line(line: string): boolean {
  return /^\s*[A-Za-z0-9+/]+=*\s*$/.test(line);
}

/** Why a differing region of helmless's output does not match the two helm versions of it. */
function hunkProblem(ours: readonly string[], a: readonly string[], b: readonly string[]): string | undefined {
  let lo = Math.min(a.length, b.length);
  let hi = Math.max(a.length, b.length);
  // Key material printed as wrapped base64 (PEM bodies) may take one line more or less.
  if ([...a, ...b].every((l) => isBase64Line(l) || pemLabels(l))) {
    lo = Math.max(0, lo - 1);
    hi += 1;
  }
  if (ours.length < lo || ours.length > hi) {
    return `${ours.length} lines where helm printed ${a.length === b.length ? a.length : `${a.length} or ${b.length}`} varying lines: ${JSON.stringify(ours.slice(0, 3))}`;
  }
  for (let i = 0; i < ours.length; i++) {
    const refs = [a[i], b[i]].filter((x): x is string => x !== undefined);
    const ref = refs.length > 0 ? refs : [a[a.length - 1] ?? b[b.length - 1] ?? ''];
    const problem = lineShapeProblem(ours[i]!, ref);
    if (problem) return problem;
  }
  return undefined;
}

/** The result of comparing helmless's output with helm's. */
export interface ShapeComparison {
  /** Whether the texts match (byte for byte outside the varying regions). */
  ok: boolean;
  /** Lines of helmless's output that were compared by shape only. */
  shapeLines: number;
  /** 1-based line of helmless's output where the first problem is. */
  line?: number;
  /** What is wrong there. */
  problem?: string;
}

/**
 * Compares `ours` with two helm outputs of the same input (`first`, `second`): lines both helm runs
 * print identically must be identical in ours, the rest is compared by shape.
 */
export function compareByShape(ours: string, first: string, second: string): ShapeComparison {
  const o = ours.split('\n');
  const segments = diffLines(first.split('\n'), second.split('\n'));
  let j = 0;
  let shapeLines = 0;
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s]!;
    if ('same' in seg) {
      if (o[j] !== seg.same) {
        return {
          ok: false,
          shapeLines,
          line: j + 1,
          problem: `expected ${JSON.stringify(seg.same)}, got ${o[j] === undefined ? 'end of output' : JSON.stringify(o[j])}`,
        };
      }
      j++;
      continue;
    }
    // The varying region ends where helm's next shared line appears again in ours.
    const next = segments[s + 1] as { same: string } | undefined;
    const limit = j + Math.max(seg.a.length, seg.b.length) + 2;
    let end = j;
    if (next === undefined) end = o.length;
    else {
      while (end < o.length && end <= limit && o[end] !== next.same) end++;
      if (end > limit || end >= o.length) end = j + Math.min(seg.a.length, seg.b.length);
    }
    const problem = hunkProblem(o.slice(j, end), seg.a, seg.b);
    if (problem) return { ok: false, shapeLines, line: j + 1, problem };
    shapeLines += end - j;
    j = end;
  }
  if (j < o.length) {
    return { ok: false, shapeLines, line: j + 1, problem: `unexpected extra output ${JSON.stringify(o[j])}` };
  }
  return { ok: true, shapeLines };
}
