/**
 * The errors of Go's time.Time.UnmarshalJSON (Chart.lock's `generated`): time.Parse with the
 * RFC 3339 layout. Only validity matters to helm template, so this checks and reports; it builds
 * no time value.
 */

const LAYOUT = '2006-01-02T15:04:05Z07:00';

/** time's quote(): `"` and `\` escaped, bytes outside printable ASCII as \xNN. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c >= 0x80) {
      for (const b of Buffer.from(ch, 'utf8')) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else out += c === 0x22 || c === 0x5c ? `\\${ch}` : ch;
  }
  return `${out}"`;
}

/** A time.ParseError's text. */
function parseError(value: string, layoutElem: string, valueElem: string, message = ''): Error {
  if (message) return new Error(`parsing time ${timeQuote(value)}${message}`);
  return new Error(
    `parsing time ${timeQuote(value)} as ${timeQuote(LAYOUT)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`,
  );
}

const isDigit = (s: string, i: number) => i < s.length && s[i]! >= '0' && s[i]! <= '9';

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** time.Parse(time.RFC3339, value): undefined when it parses, else the error. */
function goParse(value: string): Error | undefined {
  let v = value;
  // Two-digit fields; `fixed` false lets the hour have one digit (Go's getnum).
  const num = (fixed: boolean): number | undefined => {
    if (!isDigit(v, 0)) return undefined;
    if (!isDigit(v, 1)) {
      if (fixed) return undefined;
      const n = Number(v[0]);
      v = v.slice(1);
      return n;
    }
    const n = Number(v.slice(0, 2));
    v = v.slice(2);
    return n;
  };
  const literal = (c: string): Error | undefined => {
    if (v[0] !== c) return parseError(value, c, v);
    v = v.slice(1);
    return undefined;
  };
  if (v.length < 4 || !isDigit(v, 0) || !/^\d{4}$/.test(v.slice(0, 4))) return parseError(value, '2006', v);
  const year = Number(v.slice(0, 4));
  v = v.slice(4);
  const fields: Array<[sep: string, elem: string, fixed: boolean, max: number, name: string]> = [
    ['-', '01', true, 12, 'month'],
    ['-', '02', true, 99, ''],
    ['T', '15', false, 23, 'hour'],
    [':', '04', true, 59, 'minute'],
    [':', '05', true, 59, 'second'],
  ];
  const got: number[] = [];
  for (const [sep, elem, fixed, max, name] of fields) {
    const err = literal(sep);
    if (err) return err;
    const hold = v;
    const n = num(fixed);
    if (n === undefined) return parseError(value, elem, hold);
    if (name && (n > max || (name === 'month' && n === 0))) return parseError(value, '', '', `: ${name} out of range`);
    got.push(n);
  }
  // Fractional seconds (a comma or a period, then digits).
  if (v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigit(v, 1)) {
    let n = 2;
    while (isDigit(v, n)) n++;
    v = v.slice(n);
  }
  if (v[0] === 'Z') v = v.slice(1);
  else {
    const hold = v;
    if (v.length < 6 || v[3] !== ':' || !/^\d\d$/.test(v.slice(1, 3)) || !/^\d\d$/.test(v.slice(4, 6))) {
      return parseError(value, 'Z07:00', hold);
    }
    const hr = Number(v.slice(1, 3));
    const mm = Number(v.slice(4, 6));
    if (hr > 24) return parseError(value, '', '', ': time zone offset hour out of range');
    if (mm > 60) return parseError(value, '', '', ': time zone offset minute out of range');
    if (v[0] !== '+' && v[0] !== '-') return parseError(value, 'Z07:00', hold);
    v = v.slice(6);
  }
  if (v !== '') return parseError(value, '', v, `: extra text: ${timeQuote(v)}`);
  if (got[1]! < 1 || got[1]! > daysIn(got[0]!, year)) return parseError(value, '', v, ': day out of range');
  return undefined;
}

/**
 * Checks the inside of a JSON string (as Go's Time.UnmarshalJSON sees it, still escaped) like
 * time.Parse(time.RFC3339, …) in helm's Go versions (a one-digit hour, a comma before the fraction
 * and a +24:00 offset pass); returns its error, if any.
 */
export function checkRFC3339(s: string): Error | undefined {
  return goParse(s);
}
