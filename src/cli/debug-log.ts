/**
 * The log lines `--debug` adds on stderr. helm 3 logs through its `debug()` helper: Go's `log` with
 * the calling file:line, the local time as Go's time.Now().String() prints it and `[debug]`. helm 4
 * logs slog DEBUG records (`level=DEBUG msg=… key=value`), without a time.
 */

import { quote } from '../gotemplate/strconv.js';
import { slogRecord } from '../helm/helm-log.js';
import { helmDownloadPath } from '../helm/helm-paths.js';
import type { Compat } from '../helm/strvals.js';
import type { CliIO } from './io.js';

/** Where helm 3's debug() call sits (file:line), and its formatted text. */
interface Helm3Debug {
  at: string;
  text: string;
}

/** A helm 4 slog.Debug record: message and attributes (values unformatted). */
interface Helm4Debug {
  msg: string;
  attrs?: Array<[string, string]>;
}

/** Writes helm's `--debug` lines for one command, or nothing when the flag is off. */
export class DebugLog {
  constructor(
    private readonly io: CliIO,
    readonly compat: Compat,
    readonly enabled: boolean,
  ) {}

  /** A line both helms log at the same step (either may be absent). */
  log(h3: Helm3Debug | undefined, h4: Helm4Debug | undefined): void {
    if (!this.enabled) return;
    if (this.compat === 'helm3') {
      // debug() appends a newline to its format: a text ending in one leaves an empty line.
      if (h3) this.io.stderr(`${h3.at}: ${goTimeString()} [debug] ${h3.text}\n`);
    } else if (h4) {
      this.io.stderr(`${slogRecord('DEBUG', h4.msg, h4.attrs)}\n`);
    }
  }

  /** runInstall's first line: the `--version` given. */
  originalVersion(version: string): void {
    this.log(
      { at: 'install.go:225', text: `Original chart version: ${quote(version)}` },
      { msg: 'Original chart version', attrs: [['version', version]] },
    );
  }

  /** `--devel` without `--version` widens the constraint to pre-releases. */
  develVersion(): void {
    this.log({ at: 'install.go:227', text: 'setting version to >0.0.0-0' }, { msg: 'setting version to >0.0.0-0' });
  }

  /** `pull --devel` without `--version`. */
  pullDevelVersion(): void {
    this.log({ at: 'pull.go:63', text: 'setting version to >0.0.0-0' }, { msg: 'setting version to >0.0.0-0' });
  }

  /** helm 4's chart downloader is set up (by `pull`, which logs nothing more for a download). */
  downloaderCache(): void {
    this.log(undefined, { msg: 'set up default downloader cache' });
  }

  /** helm 4's chart downloader starts (a chart URL, or an OCI reference). */
  downloadStarts(ref: string, version: string): void {
    this.downloaderCache();
    this.log(undefined, {
      msg: 'attempting to download chart',
      attrs: [
        ['ref', ref],
        ['version', version],
      ],
    });
  }

  /**
   * A chart downloaded: helm 4 keeps it in its content cache under its SHA-256, helm 3 in its
   * repository cache under its file name. Either path is the chart path helm logs next.
   */
  downloaded(digest: string, fileName: string, env: NodeJS.ProcessEnv): void {
    if (!this.enabled) return;
    const hex = digest.replace(/^sha256:/, '');
    this.log(undefined, { msg: 'put downloaded chart in cache', attrs: [['id', hex]] });
    this.chartPath(helmDownloadPath(this.compat, digest, fileName, env));
  }

  /** The chart LocateChart found (a local path, or where helm's download cache keeps the archive). */
  chartPath(path: string): void {
    this.log({ at: 'install.go:242', text: `CHART PATH: ${path}\n` }, { msg: 'Chart path', attrs: [['path', path]] });
  }
}

/**
 * Go's time.Now().String(): `2006-01-02 15:04:05.999999999 -0700 MST m=+0.000000000`, local time with
 * the fraction's trailing zeros dropped, the zone's offset and abbreviation, and the monotonic clock
 * reading (seconds since the process started).
 */
export function goTimeString(now = performance.timeOrigin + performance.now(), uptime = process.uptime()): string {
  const ms = Math.floor(now);
  const date = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const nanos = Math.round((now - ms) * 1e6) + (ms % 1000) * 1e6;
  const fraction = nanos === 0 ? '' : `.${pad(nanos, 9).replace(/0+$/, '')}`;
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  const wall =
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${fraction}`;
  return `${wall} ${zone} ${zoneName(date, offset)} m=+${uptime.toFixed(9)}`;
}

/** The zone abbreviation Go prints: `UTC` for UTC, else the short name the locale data gives. */
function zoneName(date: Date, offsetMinutes: number): string {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (offsetMinutes === 0 && (tz === 'UTC' || tz === 'Etc/UTC' || tz === 'Etc/GMT')) return 'UTC';
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? 'UTC';
}
