/**
 * pflag's `strings` flags (`-a`, `-f`) read their value as one encoding/csv record, and its
 * `stringToString` (`--labels`) does too when the value has more than one `=`. The expectations of
 * the unit cases were observed with helm 3.17.3 and 4.1.4 (they agree); the differential cases run
 * real helm and `helmless template` on the same arguments and compare stdout, stderr and exit status.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCSV } from '../../src/cli/flags.js';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/cli-io.js';
import { HELM_BINARIES, helmAvailable } from '../support/helm-render.js';

const QUOTE = 'extraneous or missing " in quoted-field';
const BARE = 'bare " in non-quoted-field';

/** value → the fields helm adds, or its error text after `flag: `. */
const RECORDS: [string, string[] | string][] = [
  ['', []],
  ['a', ['a']],
  ['a,b', ['a', 'b']],
  [',', ['', '']],
  ['a,', ['a', '']],
  ['"",""', ['', '']],
  ['"a""b"', ['a"b']],
  ['"a",b', ['a', 'b']],
  ['"a",', ['a', '']],
  ['a\rb', ['a\rb']],
  // Only the first record counts; blank lines before it are skipped, a final `\r` and `\r\n` go.
  ['a,b\nc', ['a', 'b']],
  ['a\nb', ['a']],
  ['a\r', ['a']],
  ['\na', ['a']],
  ['a\n', ['a']],
  ['"a"\r\nb', ['a']],
  // A quoted field spans lines, with `\r\n` read as `\n`.
  ['"a\nb"', ['a\nb']],
  ['"a\nb",c\nd', ['a\nb', 'c']],
  ['"a\r\nb"', ['a\nb']],
  // No record at all.
  ['\n', 'EOF'],
  ['\n\n', 'EOF'],
  ['\r', 'EOF'],
  ['\r\n', 'EOF'],
  // Quotes where they may not be; columns count UTF-8 bytes.
  ['"a', `parse error on line 1, column 3: ${QUOTE}`],
  ['a"b', `parse error on line 1, column 2: ${BARE}`],
  [' "a"', `parse error on line 1, column 2: ${BARE}`],
  ['é"', `parse error on line 1, column 3: ${BARE}`],
  ['a,é"', `parse error on line 1, column 5: ${BARE}`],
  ['"é', `parse error on line 1, column 4: ${QUOTE}`],
  ['"é"x', `parse error on line 1, column 4: ${QUOTE}`],
  ['"a"b', `parse error on line 1, column 3: ${QUOTE}`],
  ['"a" ', `parse error on line 1, column 3: ${QUOTE}`],
  ['a,"b', `parse error on line 1, column 5: ${QUOTE}`],
  ['"\n', `parse error on line 1, column 3: ${QUOTE}`],
  ['"a\n', `parse error on line 1, column 4: ${QUOTE}`],
  ['\n"a', `parse error on line 2, column 3: ${QUOTE}`],
  ['\n\n"a"x', `parse error on line 3, column 3: ${QUOTE}`],
  ['"a\nb', `record on line 1; parse error on line 2, column 2: ${QUOTE}`],
  ['"a\n"x', `record on line 1; parse error on line 2, column 1: ${QUOTE}`],
  ['"a\n\nb"x', `record on line 1; parse error on line 3, column 2: ${QUOTE}`],
  ['"a\n\n', `record on line 1; parse error on line 2, column 2: ${QUOTE}`],
];

describe('splitCSV', () => {
  for (const [value, expected] of RECORDS) {
    it(JSON.stringify(value), () => {
      if (typeof expected === 'string') expect(() => splitCSV(value)).toThrow(new Error(expected));
      else expect(splitCSV(value)).toEqual(expected);
    });
  }
});

const work = mkdtempSync(join(tmpdir(), 'helmless-flags-csv-'));
const chart = join(work, 'chart');

beforeAll(() => {
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: csv\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'values.yaml'), 'builtin: 0\n');
  // The API versions after helm's built-in ones (their count given by --set builtin=N).
  writeFileSync(
    join(chart, 'templates/cm.yaml'),
    'added: {{ toJson (slice .Capabilities.APIVersions (int .Values.builtin)) }}\n',
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function helm(compat: 'helm3' | 'helm4', args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    HELM_CACHE_HOME: join(work, 'h'),
    HELM_CONFIG_HOME: join(work, 'h'),
    HELM_DATA_HOME: join(work, 'h'),
  };
  return new Promise((done) =>
    execFile(HELM_BINARIES[compat], ['template', ...args], { env, cwd: work }, (err, stdout, stderr) =>
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

describe.skipIf(!helmAvailable())('strings and stringToString flags against helm', () => {
  const LABELS = ['a=b,"c=d', 'a=b,c"=d', 'a=b\nc=d', '\n\n==', 'a=b,"c\n=d', 'a=b,c=d,', '"a=b"x,c=d', '=,='];
  const VALUES = ['a"b', '"x', '\n', ',', 'a,'];
  const cases = (builtin: number) => [
    ...RECORDS.map(([v]) => ['r', chart, '--set', `builtin=${builtin}`, '-a', v]),
    ['r', chart, '--set', `builtin=${builtin}`, '-a', 'x', '--api-versions', 'y,"z\nw"\nv'],
    ...LABELS.map((v) => ['r', chart, '--labels', v]),
    ...VALUES.map((v) => ['r', chart, '-f', v]),
  ];
  for (const compat of ['helm3', 'helm4'] as const) {
    it(`reads values as ${compat} does`, async () => {
      const builtin = (await helm(compat, ['r', chart, '--set', 'builtin=0'])).stdout;
      const count = (JSON.parse(/added: (.*)/.exec(builtin)![1]!) as string[]).length;
      for (const args of cases(count)) {
        const expected = await helm(compat, args);
        const { io, out, err } = captureIO({}, work);
        const code = await main(['template', ...args, '--compat', compat], io);
        expect({ code, stdout: out(), stderr: err() }, JSON.stringify(args)).toEqual(expected);
      }
    }, 120_000);
  }
});
