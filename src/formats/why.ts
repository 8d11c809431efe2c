/**
 * `--why IMAGE` (beyond aicr): every place one image came from, one line per occurrence, grouped by
 * component. Plain text for people; JSON `--provenance` carries the same data for tools.
 */
import { FormatError } from './errors.js';
import { sortProvenance } from './mirror-document.js';
import type { ImageOccurrence, ImageProvenance, MirrorListResult } from './model.js';

/** What `--why` adds about how an occurrence was found (`declared by the chart`, `written busybox:1.36`). */
export function occurrenceNotes(o: ImageOccurrence, declared: boolean): string[] {
  return [
    declared ? 'declared by the chart' : '',
    o.inString ? 'inside the string' : '',
    o.asWritten ? `written ${o.asWritten}` : '',
  ].filter(Boolean);
}

function describe(p: ImageProvenance): string {
  const doc = [p.kind, p.name].filter((s) => s !== undefined && s !== '').join(' ');
  const where = `${p.path} (document ${p.documentIndex}${doc ? `, ${doc}` : ''}): ${p.yamlPath}`;
  const notes = occurrenceNotes(p, p.source === 'declared');
  return `    ${where}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

/**
 * The image of `images` that `asked` names: itself, or its digest-pinned form
 * (`--resolve-digests` lists `name:tag@sha256:…` for `name:tag`).
 */
export function listedImage(images: readonly string[], asked: string): string | undefined {
  if (images.includes(asked)) return asked;
  return asked.includes('@') ? undefined : images.find((i) => i.startsWith(`${asked}@`));
}

/**
 * The `--why` report for `asked` (exact string, or the same without the digest `--resolve-digests`
 * added). Throws a not-found {@link FormatError} when the image is not in the list, and an internal
 * one when the result carries no provenance.
 */
export function formatWhy(result: MirrorListResult, asked: string): string {
  const image = listedImage(result.images, asked);
  if (image === undefined) {
    throw new FormatError(`image ${JSON.stringify(asked)} is not in the mirror list`, 3);
  }
  if (!result.provenance) throw new FormatError('the mirror list carries no provenance to explain images', 8);
  const entries = sortProvenance(result.provenance.filter((p) => p.image === image));
  const lines = [image];
  let current = '';
  for (const p of entries) {
    if (p.source === 'added') {
      lines.push(`  component ${p.component}: added with --add-image`);
      current = '';
      continue;
    }
    const heading =
      p.source !== 'manifest'
        ? `  component ${p.component}: chart ${p.chart ?? '?'}${p.chartVersion ? ` ${p.chartVersion}` : ''}`
        : `  component ${p.component}: manifest`;
    if (heading !== current) lines.push(heading);
    current = heading;
    lines.push(describe(p));
  }
  if (entries.length === 0) lines.push('  (no recorded source)');
  return `${lines.join('\n')}\n`;
}
