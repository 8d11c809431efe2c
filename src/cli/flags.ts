/**
 * Command-line flags the way helm's cobra/pflag parse them: `--name value`, `--name=value`, `-n value`,
 * `-nvalue`, combined boolean shorthands (`-ab`), repeatable flags, `strings` flags split as CSV,
 * positional arguments anywhere, and `--` to end flags. Errors use pflag's wording.
 */
import { quote } from '../gotemplate/strconv.js';
import { CliError } from './io.js';

export type FlagType =
  | 'bool'
  | 'string'
  | 'stringArray'
  | 'strings'
  | 'int'
  | 'float32'
  | 'duration'
  | 'stringToString';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  help: string;
  /** Shown in --help. */
  defaultText?: string;
  /** Accepted but reported as unsupported when set to anything but its no-op value (e.g. --post-renderer). */
  unsupported?: string;
  /** pflag's NoOptDefVal: the value of a bare `--name` (which then never takes the next argument). */
  noOptValue?: string;
  /** Checks a value after the type's own checks: an error text, or undefined. */
  check?: (value: string) => string | undefined;
}

export interface ParsedFlags {
  positional: string[];
  bools: Map<string, boolean>;
  strings: Map<string, string>;
  lists: Map<string, string[]>;
  ints: Map<string, number>;
  /** Names in the order they were given (for flags whose relative order matters). */
  seen: string[];
}

/**
 * pflag's readAsCSV for `strings` flags: nothing for an empty value, else the first record that
 * encoding/csv's Reader.Read finds (blank lines skipped, `\r\n` read as `\n`, a quoted field may span
 * lines, the rest ignored). Throws encoding/csv's error text: `EOF` when there is no record, or a
 * ParseError (`parse error on line L, column C: …`, columns counted in UTF-8 bytes).
 */
export function splitCSV(s: string): string[] {
  return s === '' ? [] : readCSVRecord(s);
}

const BARE_QUOTE = 'bare " in non-quoted-field';
const QUOTE = 'extraneous or missing " in quoted-field';

/** encoding/csv's ParseError.Error() (never ErrFieldCount here). */
function csvParseError(startLine: number, line: number, column: number, err: string): Error {
  const where = `parse error on line ${line}, column ${column}: ${err}`;
  return new Error(startLine === line ? where : `record on line ${startLine}; ${where}`);
}

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');
const lengthNL = (s: string) => (s.endsWith('\n') ? 1 : 0);

/** One Reader.Read() of encoding/csv with its defaults (comma `,`, no comment, strict quotes). */
function readCSVRecord(input: string): string[] {
  let at = 0;
  let numLine = 0;
  // Reader.readLine: the next line with its `\n`; `\r\n` becomes `\n`, a `\r` ending the input goes.
  const readLine = (): string | undefined => {
    numLine++;
    if (at >= input.length) return undefined;
    const nl = input.indexOf('\n', at);
    const end = nl < 0 ? input.length : nl + 1;
    let line = input.slice(at, end);
    at = end;
    if (nl < 0 && line.endsWith('\r')) line = line.slice(0, -1);
    if (line.endsWith('\r\n')) line = `${line.slice(0, -2)}\n`;
    return line;
  };

  let line: string | undefined;
  do line = readLine();
  while (line !== undefined && line.length === lengthNL(line));
  if (line === undefined) throw new Error('EOF');

  const recLine = numLine;
  const fields: string[] = [];
  const pos = { line: numLine, col: 1 };
  for (;;) {
    if (line[0] !== '"') {
      const i = line.indexOf(',');
      const field = i >= 0 ? line.slice(0, i) : line.slice(0, line.length - lengthNL(line));
      const j = field.indexOf('"');
      if (j >= 0) throw csvParseError(recLine, numLine, pos.col + utf8Length(field.slice(0, j)), BARE_QUOTE);
      fields.push(field);
      if (i < 0) return fields;
      line = line.slice(i + 1);
      pos.col += utf8Length(field) + 1;
      continue;
    }
    // A quoted field: up to a lone `"` that ends the field, the record or, followed by anything else, the parse.
    let field = '';
    line = line.slice(1);
    pos.col += 1;
    for (;;) {
      const i = line.indexOf('"');
      if (i >= 0) {
        field += line.slice(0, i);
        pos.col += utf8Length(line.slice(0, i)) + 1;
        line = line.slice(i + 1);
        if (line[0] === '"') {
          field += '"';
          line = line.slice(1);
          pos.col += 1;
        } else if (line[0] === ',') {
          line = line.slice(1);
          pos.col += 1;
          break;
        } else if (line.length === lengthNL(line)) {
          fields.push(field);
          return fields;
        } else throw csvParseError(recLine, numLine, pos.col - 1, QUOTE);
      } else if (line.length > 0) {
        field += line;
        pos.col += utf8Length(line);
        line = readLine() ?? '';
        if (line.length > 0) {
          pos.line++;
          pos.col = 1;
        }
      } else throw csvParseError(recLine, pos.line, pos.col, QUOTE);
    }
    fields.push(field);
  }
}

export function parseFlags(args: string[], specs: FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const p: ParsedFlags = {
    positional: [],
    bools: new Map(),
    strings: new Map(),
    lists: new Map(),
    ints: new Map(),
    seen: [],
  };

  const set = (spec: FlagSpec, value: string | undefined, display: string) => {
    p.seen.push(spec.name);
    switch (spec.type) {
      case 'bool': {
        const v = value ?? 'true';
        const parsed = parseGoBool(v);
        if (parsed === undefined) {
          throw new CliError(
            `invalid argument "${v}" for "${display}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`,
          );
        }
        p.bools.set(spec.name, parsed);
        return;
      }
      case 'string':
      case 'duration':
      case 'float32':
      case 'stringToString': {
        const problem = typeProblem(spec.type, value!) ?? spec.check?.(value!);
        if (problem !== undefined)
          throw new CliError(`invalid argument ${quote(value!)} for "${display}" flag: ${problem}`);
        p.strings.set(spec.name, value!);
        return;
      }
      case 'int': {
        if (!/^[+-]?\d+$/.test(value!)) {
          throw new CliError(
            `invalid argument "${value}" for "${display}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`,
          );
        }
        p.ints.set(spec.name, Number(value));
        return;
      }
      case 'stringArray': {
        const list = p.lists.get(spec.name) ?? [];
        list.push(value!);
        p.lists.set(spec.name, list);
        return;
      }
      case 'strings': {
        const list = p.lists.get(spec.name) ?? [];
        try {
          list.push(...splitCSV(value!));
        } catch (e) {
          throw new CliError(`invalid argument ${quote(value!)} for "${display}" flag: ${(e as Error).message}`);
        }
        p.lists.set(spec.name, list);
        return;
      }
    }
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      p.positional.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (name === '' || name[0] === '-' || name[0] === '=') throw new CliError(`bad flag syntax: ${arg}`);
      const spec = byName.get(name);
      if (!spec) throw new CliError(`unknown flag: --${name}`);
      let value: string | undefined = eq >= 0 ? arg.slice(eq + 1) : spec.noOptValue;
      if (value === undefined && spec.type !== 'bool') {
        if (i + 1 >= args.length) throw new CliError(`flag needs an argument: --${name}`);
        value = args[++i]!;
      }
      // pflag names a flag with its shorthand whenever it has one, however it was given.
      set(spec, value, spec.short ? `-${spec.short}, --${name}` : `--${name}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      let rest = arg.slice(1);
      while (rest.length > 0) {
        const c = rest[0]!;
        const spec = byShort.get(c);
        // pflag names the shorthands not yet consumed.
        if (!spec) throw new CliError(`unknown shorthand flag: '${c}' in -${rest}`);
        rest = rest.slice(1);
        if (spec.type === 'bool') {
          if (rest.startsWith('=')) {
            set(spec, rest.slice(1), `-${c}, --${spec.name}`);
            rest = '';
          } else set(spec, undefined, `-${c}, --${spec.name}`);
          continue;
        }
        let value: string;
        if (rest.startsWith('=')) value = rest.slice(1);
        else if (rest.length > 0) value = rest;
        else {
          if (i + 1 >= args.length) throw new CliError(`flag needs an argument: '${c}' in ${arg}`);
          value = args[++i]!;
        }
        set(spec, value, `-${c}, --${spec.name}`);
        rest = '';
      }
      continue;
    }
    p.positional.push(arg);
  }
  return p;
}

/** Why `value` is not a valid `type` (pflag's and Go's texts), or undefined. */
function typeProblem(type: FlagType, value: string): string | undefined {
  switch (type) {
    case 'duration':
      return durationProblem(value);
    case 'float32':
      return float32Problem(value);
    case 'stringToString':
      return stringToStringProblem(value);
    default:
      return undefined;
  }
}

const DURATION_UNITS = new Set(['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h']);

/** time.ParseDuration's syntax errors (a signed sequence of decimal numbers, each with a unit). */
function durationProblem(s: string): string | undefined {
  const quoted = quote(s);
  let rest = s.replace(/^[-+]/, '');
  if (rest === '0') return undefined;
  if (rest === '') return `time: invalid duration ${quoted}`;
  while (rest !== '') {
    const number = /^(\d*)(\.\d*)?/.exec(rest)!;
    if (number[1] === '' && (number[2] ?? '.').length <= 1) return `time: invalid duration ${quoted}`;
    rest = rest.slice(number[0].length);
    const unit = /^[^0-9.]*/.exec(rest)![0];
    if (unit === '') return `time: missing unit in duration ${quoted}`;
    if (!DURATION_UNITS.has(unit)) return `time: unknown unit ${quote(unit)} in duration ${quoted}`;
    rest = rest.slice(unit.length);
  }
  return undefined;
}

/** strconv.ParseFloat(s, 32) errors, for decimal floats, infinities and NaN. */
function float32Problem(s: string): string | undefined {
  if (/^[+-]?(inf|infinity|nan)$/i.test(s)) return undefined;
  if (!/^[+-]?(\d(_?\d)*(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)([eE][+-]?\d+)?$/.test(s) || s.includes('_')) {
    return `strconv.ParseFloat: parsing ${quote(s)}: invalid syntax`;
  }
  return Math.abs(Number(s)) > 3.4028235677973366e38
    ? `strconv.ParseFloat: parsing ${quote(s)}: value out of range`
    : undefined;
}

/** pflag's stringToString: one `k=v`, or a CSV line of them. */
function stringToStringProblem(s: string): string | undefined {
  const equals = s.split('=').length - 1;
  if (equals === 0) return `${s} must be formatted as key=value`;
  if (equals === 1) return undefined;
  let pairs: string[];
  try {
    pairs = splitCSV(s);
  } catch (e) {
    return (e as Error).message;
  }
  const bad = pairs.find((pair) => !pair.includes('='));
  return bad === undefined ? undefined : `${bad} must be formatted as key=value`;
}

/** strconv.ParseBool: the value, or undefined when `s` is not one of Go's spellings. */
export function parseGoBool(s: string): boolean | undefined {
  if (/^(1|t|T|TRUE|true|True)$/.test(s)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(s)) return false;
  return undefined;
}

/** Renders the flag table of a command's --help. */
export function flagHelp(specs: readonly FlagSpec[]): string {
  const rows = specs.map((s) => {
    const names = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.type === 'bool' ? '' : ` ${s.type}`}`;
    return [names, s.help + (s.defaultText ? ` (default ${s.defaultText})` : '')] as const;
  });
  const width = Math.max(...rows.map(([n]) => n.length)) + 3;
  return rows.map(([n, h]) => `  ${n.padEnd(width)}${h}`).join('\n');
}
