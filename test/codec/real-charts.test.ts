/**
 * Real-world corpus: every values.yaml and Chart.yaml inside ../shared/charts/*.tgz (36 public charts,
 * subcharts included), loaded by helm 3 and helm 4 (`toJson .Values`, `toYaml .Values`,
 * `toYamlPretty .Values`) and by the codecs, compared byte for byte.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { marshalJSON } from '../../src/codec/json.js';
import { readValuesFile } from '../../src/codec/yaml-read.js';
import { toYaml } from '../../src/codec/yaml-write-v2.js';
import { toYamlPretty } from '../../src/codec/yaml-write-v3.js';
import { decodeInput } from '../../src/gotemplate/gostring.js';
import { HELM3, HELM4, helmAvailable, renderBatch } from '../support/helm-batch.js';

const CHARTS = join('..', 'shared', 'charts');
const SEP = '|~SEP~|';

/** Minimal ustar reader: the files of a gzipped tarball whose name ends with `suffix`. */
function tarFiles(tgz: string, suffix: string): { name: string; data: Buffer }[] {
  const tar = gunzipSync(readFileSync(tgz));
  const out: { name: string; data: Buffer }[] = [];
  let longName: string | undefined;
  for (let off = 0; off + 512 <= tar.length; ) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    let name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    if (prefix) name = `${prefix}/${name}`;
    const size = Number.parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const data = tar.subarray(off + 512, off + 512 + size);
    if (type === 'L') longName = data.toString('utf8').replace(/\0.*$/s, '');
    else {
      if (longName) name = longName;
      longName = undefined;
      if ((type === '0' || type === '\0') && name.endsWith(suffix)) out.push({ name, data: Buffer.from(data) });
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

const available = existsSync(CHARTS);
const valuesFiles = available
  ? readdirSync(CHARTS)
      .filter((f) => f.endsWith('.tgz'))
      .flatMap((f) => tarFiles(join(CHARTS, f), '/values.yaml').map((v) => ({ ...v, name: `${f}:${v.name}` })))
  : [];

for (const ver of [
  { name: 'helm3', bin: HELM3, compat: 'helm3' as const },
  { name: 'helm4', bin: HELM4, compat: 'helm4' as const },
]) {
  describe.skipIf(!available || !helmAvailable(ver.bin))(`real charts' values.yaml vs ${ver.name}`, () => {
    it('loads and re-serialises every values.yaml like helm', async () => {
      expect(valuesFiles.length).toBeGreaterThan(30);
      const bad: string[] = [];
      // One helm run per file: each file is the chart's whole values.yaml.
      const results = await Promise.all(
        valuesFiles.map(async (f) => {
          const text = decodeInput(f.data);
          let helm: string;
          try {
            helm = (
              await renderBatch(
                ver.bin,
                [{ template: `{{ toJson .Values }}${SEP}{{ toYaml .Values }}${SEP}{{ toYamlPretty .Values }}` }],
                {
                  extraValues: text,
                },
              )
            )[0]!;
          } catch (e) {
            helm = `ERR ${/Error: (.*)/.exec(String((e as Error).message))?.[1]}`;
          }
          let mine: string;
          try {
            const v = readValuesFile(text, ver.compat);
            mine = `${marshalJSON(v)}${SEP}${toYaml(v)}${SEP}${toYamlPretty(v)}`;
          } catch (e) {
            mine = `ERR cannot load values.yaml: ${(e as Error).message}`;
          }
          return { f, helm, mine };
        }),
      );
      for (const { f, helm, mine } of results) {
        if (helm !== mine) bad.push(`${f.name}\n  helm: ${helm.slice(0, 300)}\n  mine: ${mine.slice(0, 300)}`);
      }
      expect(bad.join('\n'), `${bad.length} of ${valuesFiles.length} differ`).toBe('');
    }, 120_000);
  });
}
