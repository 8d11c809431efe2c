import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { goTrimSpace } from '../../src/gotemplate/gostring.js';
import { splitManifests } from '../../src/helm/output.js';

/** Reference: Go's regexp.Split over RE2 matches of helm's separator, then releaseutil's trimming. */
function referenceSplit(text: string): string[] {
  const s = goTrimSpace(text);
  const re = RE2JS.compile('(?:^|\\s*\\n)---\\s*');
  const m = re.matcher(s);
  const matches: Array<[number, number]> = [];
  while (m.find()) matches.push([m.start(), m.end()]);
  const parts: string[] = [];
  if (s.length === 0) parts.push('');
  else {
    let beg = 0;
    let end = 0;
    for (const [a, b] of matches) {
      end = a;
      if (b !== 0) parts.push(s.slice(beg, end));
      beg = b;
    }
    if (end !== s.length) parts.push(s.slice(beg));
  }
  return parts.filter((d) => d !== '').map(goTrimSpace);
}

describe('splitManifests', () => {
  it('matches the documented quirks (helm-semantics §5.3)', () => {
    expect(splitManifests('kind: A\n---\n---\nkind: B\n---\n\n\n---\nkind: C\n--- \n---\nkind: D\n')).toEqual([
      'kind: A',
      '---\nkind: B',
      '---\nkind: C',
      '---\nkind: D',
    ]);
    expect(splitManifests('---\n---\n')).toEqual(['---']);
    expect(splitManifests('---\n')).toEqual([]);
    expect(splitManifests('kind: A\n--- !tag\nkind: B\n---#c\nkind: C\n')).toEqual([
      'kind: A',
      '!tag\nkind: B',
      '#c\nkind: C',
    ]);
  });

  it('agrees with RE2 on generated texts', () => {
    const piece = fc.constantFrom('---', '\n', ' ', '\t', '\r', '\f', 'a', 'kind: X', '-', '--', '\v', '\u00a0');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(splitManifests(text)).toEqual(referenceSplit(text));
      }),
      { numRuns: 3000 },
    );
  });
});
