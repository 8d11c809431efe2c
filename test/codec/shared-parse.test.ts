/**
 * The rendered-document fast paths must not change a result: a partial decode (helm's YAML check
 * builds only a document's head) agrees with the full decode, and a plain tree built from the same
 * parse gives image extraction exactly what loading the text gives it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PartialDecode, YInt, YMap, type YValue, yamlV2Unmarshal } from '../../src/codec/yaml-decode.js';
import { PlainTreeBuilder } from '../../src/codec/yaml-plain.js';
import { extractImages } from '../../src/discovery/extract.js';
import { anyYamlDoc, nodeArb } from './generators.js';

/** Lines that test what the partial decode must notice in the entries it drops. */
const TRICKY_LINES = [
  'kind: Pod',
  'Kind: Job',
  'KIND: x',
  'apiVersion: v1',
  'metadata: {name: a, annotations: {x: y}}',
  'metadata:\n  name: b',
  'other: .nan',
  'other: [1, -.inf]',
  'other: {~: 1}',
  'other: {18446744073709551615: 1}',
  '18446744073709551616: x',
  '~: x',
  '.inf: 1',
  'other: !!binary "not base64!"',
  'other: !!int abc',
  'other: &a {x: 1}',
  'ref: *a',
  'other: {<<: {x: 1}}',
  'other: [{a: b}, [c]]',
  'image: nginx:1.0',
  'spec: {containers: [{image: "r.io/a:1", name: c}]}',
  'image:\n  repository: r.io/x\n  tag: "1.10"',
  'data: {cfg: "image: r.io/y:2"}',
  'kind: ConfigMap',
  'x: |\n  image: q.io/z:3\n',
  'x: >-\n  folded\n  text',
  "'quoted key': ~",
  '"__proto__": 1',
  '? [a]\n: b',
  '1: one',
  'null: ~',
];

const docWithTrickyLines = fc
  .tuple(anyYamlDoc, fc.array(fc.constantFrom(...TRICKY_LINES), { maxLength: 5 }), fc.boolean())
  .map(([doc, lines, before]) => (before ? `${lines.join('\n')}\n${doc}` : `${doc}${lines.join('\n')}\n`));

const docs = fc.oneof(
  docWithTrickyLines,
  anyYamlDoc,
  nodeArb.map((n) => JSON.stringify(n)),
);

function decode(text: string, partial?: PartialDecode): { value?: YValue; error?: string } {
  try {
    return { value: yamlV2Unmarshal(text, undefined, partial) ?? null };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Whether any scalar under `v` is one the partial decode may not drop. */
function holdsUndroppable(v: YValue, p: PartialDecode): boolean {
  if (Array.isArray(v)) return v.some((e) => holdsUndroppable(e, p));
  if (v instanceof YMap) {
    for (const { key, value } of v.entries.values()) {
      if (!(key instanceof YMap) && !Array.isArray(key) && !p.droppable(key, true)) return true;
      if (holdsUndroppable(value, p)) return true;
    }
    return false;
  }
  return !p.droppable(v, false);
}

describe('partial decode', () => {
  const partial: PartialDecode = {
    keep: (key) => typeof key === 'string' && /^(?:kind|metadata|image)$/i.test(key),
    droppable: (v, isKey) =>
      isKey ? v !== null && !(v instanceof YInt && v.unsigned) : !(typeof v === 'number' && !Number.isFinite(v)),
  };

  it('keeps the chosen root entries exactly, and decodes everything when a dropped one needs a look', () => {
    let dropping = 0;
    fc.assert(
      fc.property(docs, (text) => {
        const full = decode(text);
        const part = decode(text, partial);
        expect(part.error).toEqual(full.error);
        if (full.error !== undefined) return;
        const f = full.value!;
        if (!(f instanceof YMap)) {
          expect(part.value).toEqual(f);
          return;
        }
        const dropped = [...f.entries.values()].filter((e) => !partial.keep(e.key));
        if (dropped.some((e) => !partial.droppable(e.key, true) || holdsUndroppable(e.value, partial))) {
          expect(part.value).toEqual(f);
          return;
        }
        // Anything unusual (a merge key, an anchor) makes it decode the whole document.
        if (part.value instanceof YMap && part.value.entries.size === f.entries.size) {
          expect(part.value).toEqual(f);
          return;
        }
        const kept = [...f.entries.values()].filter((e) => partial.keep(e.key));
        expect(part.value).toBeInstanceOf(YMap);
        expect([...(part.value as YMap).entries.values()]).toEqual(kept);
        dropping++;
      }),
      { numRuns: 3000 },
    );
    expect(dropping).toBeGreaterThan(1000);
  });
});

describe('plain tree from the YAML check', () => {
  it('gives image extraction what loading the text gives', () => {
    let built = 0;
    fc.assert(
      fc.property(docs, (text) => {
        const doc = text.trim();
        const tree = new PlainTreeBuilder(doc);
        try {
          yamlV2Unmarshal(doc, tree);
        } catch {
          return;
        }
        const t = tree.result();
        if (t === undefined) return;
        built++;
        const run = (withTree: boolean) => {
          try {
            return extractImages([{ path: 't.yaml', content: doc, ...(withTree ? { tree: t } : {}) }]);
          } catch (e) {
            return (e as Error).message;
          }
        };
        const loaded = run(false);
        // go-yaml accepts some texts the extractor's own loaders reject (`\'` escapes, flow
        // collections indented less than their block): the tree, what helm itself parsed, wins.
        if (typeof loaded === 'string' && loaded.startsWith('decode yaml ')) return;
        expect(run(true)).toEqual(loaded);
      }),
      { numRuns: 3000 },
    );
    expect(built).toBeGreaterThan(1000);
  });
});
