/**
 * Every function name helm 3.17 and helm 4.1 accept exists in helmless, and no other: the Sprig v3.3
 * TxtFuncMap minus env/expandenv, plus Helm's own (helm-semantics.md §4.1), checked statically and,
 * when the helm binaries are present, live: a chart referencing every name must parse in both helms.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helmFuncMap } from '../../src/sprig/index.js';

const SPRIG = `abbrev abbrevboth add add1 add1f addf adler32sum ago all any append atoi b32dec b32enc b64dec b64enc base
bcrypt biggest buildCustomCert camelcase cat ceil chunk clean coalesce compact concat contains date
dateInZone dateModify date_in_zone date_modify decryptAES deepCopy deepEqual default derivePassword dict
dig dir div divf duration durationRound empty encryptAES ext fail first float64 floor fromJson genCA
genCAWithKey genPrivateKey genSelfSignedCert genSelfSignedCertWithKey genSignedCert genSignedCertWithKey
get getHostByName has hasKey hasPrefix hasSuffix hello htmlDate htmlDateInZone htpasswd indent initial
initials int int64 isAbs join kebabcase keys kindIs kindOf last list lower max maxf merge mergeOverwrite
min minf mod mul mulf mustAppend mustChunk mustCompact mustDateModify mustDeepCopy mustFirst mustFromJson
mustHas mustInitial mustLast mustMerge mustMergeOverwrite mustPrepend mustPush mustRegexFind
mustRegexFindAll mustRegexMatch mustRegexReplaceAll mustRegexReplaceAllLiteral mustRegexSplit mustRest
mustReverse mustSlice mustToDate mustToJson mustToPrettyJson mustToRawJson mustUniq mustWithout
must_date_modify nindent nospace now omit osBase osClean osDir osExt osIsAbs pick pluck plural prepend
push quote randAlpha randAlphaNum randAscii randBytes randInt randNumeric regexFind regexFindAll
regexMatch regexQuoteMeta regexReplaceAll regexReplaceAllLiteral regexSplit repeat replace rest reverse
round semver semverCompare seq set sha1sum sha256sum sha512sum shuffle slice snakecase sortAlpha split
splitList splitn squote sub subf substr swapcase ternary title toDate toDecimal toJson toPrettyJson
toRawJson toString toStrings trim trimAll trimPrefix trimSuffix trimall trunc tuple typeIs typeIsLike
typeOf uniq unixEpoch unset until untilStep untitle upper urlJoin urlParse uuidv4 values without wrap
wrapWith`.split(/\s+/);

const HELM =
  'toToml fromToml toYaml toYamlPretty fromYaml fromYamlArray toJson fromJson fromJsonArray include tpl required lookup'.split(
    ' ',
  );

const expected = {
  helm3: new Set([...SPRIG, ...HELM]),
  helm4: new Set([...SPRIG, ...HELM, 'mustToYaml']),
};

describe('function inventory', () => {
  for (const compat of ['helm3', 'helm4'] as const) {
    it(`${compat}: exactly helm's function names`, () => {
      const have = new Set(helmFuncMap(compat).keys());
      const missing = [...expected[compat]].filter((n) => !have.has(n));
      const extra = [...have].filter((n) => !expected[compat].has(n));
      expect(missing).toEqual([]);
      expect(extra).toEqual([]);
    });
  }

  it('has no env or expandenv (helm removes them)', () => {
    for (const compat of ['helm3', 'helm4'] as const) {
      expect(helmFuncMap(compat).has('env')).toBe(false);
      expect(helmFuncMap(compat).has('expandenv')).toBe(false);
    }
  });

  const bins = { helm3: resolve('.helm/helm3'), helm4: resolve('.helm/helm4') };
  const live = existsSync(bins.helm3) && existsSync(bins.helm4);
  it.skipIf(!live)('every name parses in real helm (live; skipped without .helm/ binaries)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helmless-inventory-'));
    try {
      mkdirSync(join(dir, 'c/templates'), { recursive: true });
      writeFileSync(join(dir, 'c/Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
      for (const compat of ['helm3', 'helm4'] as const) {
        const names = [...expected[compat]];
        writeFileSync(
          join(dir, 'c/templates/t.yaml'),
          `{{- if false }}${names.map((n) => `{{ ${n} }}`).join('')}{{ end }}`,
        );
        expect(execFileSync(bins[compat], ['template', 'x', join(dir, 'c')], { encoding: 'utf8' })).toBe('\n');
      }
      // And helm 3 rejects mustToYaml, like helmless in helm 3 mode.
      writeFileSync(join(dir, 'c/templates/t.yaml'), '{{- if false }}{{ mustToYaml }}{{ end }}');
      expect(() => execFileSync(bins.helm3, ['template', 'x', join(dir, 'c')], { stdio: 'pipe' })).toThrow(
        /function "mustToYaml" not defined/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
