/**
 * Properties of image extraction: exact-string dedupe and byte-wise sort, determinism and
 * order-independence of the image set, and agreement between the js-yaml fast path, the `yaml`
 * library reference path and the skip-imageless mode on randomly generated manifests.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, stringify } from 'yaml';
import { type ExtractOptions, extractImages, isLikelyImage } from '../../src/discovery/extract.js';
import { compareBytewise, sortedUnique } from '../../src/formats/bytewise.js';

/** The result or the error of one extraction, comparable with toEqual. */
function outcome(text: string, options: ExtractOptions = {}) {
  try {
    return { ok: extractImages([{ path: 'p.yaml', content: text }], options) };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

const refPart = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,8}$/);
const imageRef = fc.oneof(
  fc.tuple(refPart, refPart).map(([a, b]) => `${a}:${b}`),
  fc.tuple(refPart, refPart, refPart).map(([h, p, t]) => `${h}.io/${p}:${t}`),
  fc.tuple(refPart, refPart).map(([h, p]) => `${h}.io/${p}`),
  fc.constantFrom(
    'busybox:1.36',
    'docker.io/library/busybox:1.36',
    'Busybox:1.36',
    'nginx@sha256:00',
    'é.io/x:1',
    '😀:1',
  ),
);
const tricky = fc.constantFrom(
  '',
  ' ',
  '1.10',
  '007',
  'true',
  'null',
  '~',
  'driver',
  '{{ .x }}',
  'x:{{ y }}',
  './a:1',
  '/abs',
);
const scalar = fc.oneof(imageRef, tricky, refPart, fc.constant(null));
const keyName = fc.constantFrom(
  'image',
  'repository',
  'version',
  'tag',
  'name',
  'registry',
  'containerSHA',
  'kind',
  'data',
  'x',
  'containers',
);

/** Random manifest-like trees, shared subtrees included (stringify turns them into anchors and aliases). */
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('seq')),
  map: fc.dictionary(keyName, tie('node'), { maxKeys: 5 }),
  seq: fc.array(tie('node'), { maxLength: 4 }),
}));
/** A document that holds one subtree twice: stringify writes it once with an anchor, then an alias. */
const withShared = fc
  .tuple(tree.map as fc.Arbitrary<Record<string, unknown>>, tree.map, fc.boolean())
  .map(([doc, shared, merge]) =>
    merge ? { ...doc, a: shared, b: { ...(shared as object) }, c: [shared] } : { ...doc, a: shared, c: [shared] },
  );
const documentsArb = fc.array(fc.oneof(tree.map as fc.Arbitrary<Record<string, unknown>>, withShared), {
  minLength: 1,
  maxLength: 4,
});

function toStream(docs: unknown[]): string {
  return docs.map((d) => `---\n${new Document(d, { aliasDuplicateObjects: true }).toString()}`).join('');
}

describe('extraction properties', () => {
  it('dedupes exactly and sorts byte-wise: images = sortedUnique(likely refs), in any order, duplicated or not', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(imageRef, tricky), { maxLength: 12 }), fc.nat(), (refs, shift) => {
        const containers = refs.map((image, i) => ({ name: `c${i}`, image }));
        const rotated = [
          ...containers.slice(shift % (containers.length || 1)),
          ...containers.slice(0, shift % (containers.length || 1)),
        ];
        const doc = (cs: unknown[]) => stringify({ kind: 'Pod', spec: { containers: cs } });
        const a = outcome(doc(containers));
        const b = outcome(`${doc(rotated)}---\n${doc([...containers, ...containers])}`);
        const expected = sortedUnique(refs.map((r) => r.trim()).filter(isLikelyImage));
        expect(a).toEqual({ ok: expect.objectContaining({ images: expected }) });
        expect((b as { ok: { images: string[] } }).ok.images).toEqual(expected);
        for (let i = 1; i < expected.length; i++)
          expect(compareBytewise(expected[i - 1]!, expected[i]!)).toBeLessThan(0);
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('gives the same result through js-yaml, the reference yaml library, and the skip-imageless mode', () => {
    fc.assert(
      fc.property(documentsArb, (docs) => {
        const text = toStream(docs);
        const fast = outcome(text);
        expect(outcome(text, { referenceParser: true })).toEqual(fast);
        expect(outcome(text, { skipDocumentsWithoutImageKeys: true })).toEqual(fast);
        if ('ok' in fast && fast.ok) {
          const { images, occurrences } = fast.ok;
          expect(images).toEqual(sortedUnique(occurrences.map((o) => o.image)));
          for (const image of images) expect(isLikelyImage(image)).toBe(true);
        }
      }),
      { numRuns: 400, seed: 2 },
    );
  });

  it('is deterministic and independent of document order for the image set', () => {
    fc.assert(
      fc.property(documentsArb, (docs) => {
        const text = toStream(docs);
        const first = outcome(text);
        expect(outcome(text)).toEqual(first);
        const reversed = outcome(toStream([...docs].reverse()));
        if ('ok' in first && first.ok && 'ok' in reversed && reversed.ok)
          expect(reversed.ok.images).toEqual(first.ok.images);
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('generates inputs that exercise aliases, descriptors, errors and images', () => {
    const texts = fc.sample(documentsArb, { numRuns: 400, seed: 2 }).map(toStream);
    const outcomes = texts.map((t) => outcome(t));
    expect(texts.filter((t) => t.includes('*a')).length).toBeGreaterThan(20);
    expect(
      outcomes.filter((o) => 'error' in o && o.error?.startsWith('InvalidImageDescriptorError')).length,
    ).toBeGreaterThan(20);
    expect(outcomes.filter((o) => 'ok' in o && (o.ok?.images.length ?? 0) > 0).length).toBeGreaterThan(20);
  });

  it('compares byte-wise exactly like UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(Math.sign(compareBytewise(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 2000, seed: 4 },
    );
  });
});
