/**
 * The log lines helm prints on stderr while it prepares values (coalescing and dependency
 * warnings), in each version's format: helm 3 uses Go's `log` package with file:line prefixes
 * (`coalesce.go:237: warning: …`), helm 4 routes the same calls through slog's text handler
 * (`level=INFO msg="warning: …"`) and emits some warnings as structured slog records.
 */
import { quote } from '../gotemplate/strconv.js';
import type { Compat } from './strvals.js';

/** True when slog's text handler must quote a string (empty, spaces, `=`, `"`, control or non-printable). */
function slogNeedsQuoting(s: string): boolean {
  if (s.length === 0) return true;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      if (c === 0x5c) continue;
      // encoding/json's safeSet, which slog uses, counts DEL as safe.
      if (c === 0x20 || c === 0x3d || c === 0x22 || c < 0x20) return true;
      continue;
    }
    if (c === 0xfffd || /\s/u.test(ch) || !/[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) return true;
  }
  return false;
}

/** A value as slog's text handler writes it. */
export function slogValue(s: string): string {
  return slogNeedsQuoting(s) ? quote(s) : s;
}

/** A helm 4 slog record as its text handler writes it (no time: helm's handler drops it). */
export function slogRecord(
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR',
  msg: string,
  attrs: ReadonlyArray<readonly [string, string]> = [],
): string {
  return `level=${level} msg=${slogValue(msg)}${attrs.map(([k, v]) => ` ${k}=${slogValue(v)}`).join('')}`;
}

/** A helm 3 `log.Printf` line: file:line prefix and text. */
interface Helm3Line {
  file: string;
  line: number;
  msg: string;
}

/** A helm 4 slog record: message and attributes. */
interface Helm4Record {
  msg: string;
  attrs: Array<[string, string]>;
}

/** Collects helm's stderr log lines for one values-processing run, formatted for one helm version. */
export class HelmLog {
  readonly lines: string[] = [];

  constructor(readonly compat: Compat) {}

  /**
   * A Go `log.Printf` call at `file:line` in helm 3; in helm 4 the same call (same text) goes
   * through slog at INFO level.
   */
  printf(file: string, line: number, msg: string): void {
    this.lines.push(this.compat === 'helm3' ? `${file}:${line}: ${msg}` : `level=INFO msg=${slogValue(msg)}`);
  }

  /** A message helm 3 logs with log.Printf and helm 4 with slog.Info(msg, attrs…). */
  info(h3: Helm3Line, h4: Helm4Record): void {
    this.either('INFO', h3, h4);
  }

  /** A helm 4 slog.Error record. */
  error(msg: string, attrs: Array<[string, string]>): void {
    this.lines.push(slogRecord('ERROR', msg, attrs));
  }

  /** A warning that helm 3 logs with log.Printf and helm 4 with slog.Warn(msg, attrs…). */
  warn(h3: Helm3Line, h4: Helm4Record): void {
    this.either('WARN', h3, h4);
  }

  private either(level: 'INFO' | 'WARN', h3: Helm3Line, h4: Helm4Record): void {
    if (this.compat === 'helm3') {
      this.lines.push(`${h3.file}:${h3.line}: ${h3.msg}`);
      return;
    }
    this.lines.push(slogRecord(level, h4.msg, h4.attrs));
  }
}
