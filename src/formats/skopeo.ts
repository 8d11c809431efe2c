/**
 * `--format skopeo` (beyond aicr): the YAML source file of `skopeo sync --src yaml`, which copies
 * every listed image into a registry or a directory:
 *
 *     docker.io:
 *       images:
 *         library/busybox:
 *           - "1.36"
 *
 * Registries, repositories and tags are sorted byte-wise. References are read under Docker's full
 * names (`busybox:1.36` is `docker.io/library/busybox`). A reference without tag or digest lists
 * `latest` (skopeo reads an empty list as "every tag"); a digest-pinned one lists its digest, which
 * skopeo copies by digest. skopeo copies images only: the charts are listed in a comment.
 */
import { splitImageReference } from '../discovery/normalize.js';
import { compareBytewise, sortedUnique } from './bytewise.js';
import { FormatError } from './errors.js';
import { emitYaml, ymap } from './goyaml.js';
import type { MirrorListResult } from './model.js';

export function formatSkopeo(result: MirrorListResult): string {
  const registries = new Map<string, Map<string, string[]>>();
  for (const image of result.images) {
    const parts = splitImageReference(image);
    if (parts === undefined) {
      throw new FormatError(
        `image ${JSON.stringify(image)} is not a valid image reference: skopeo sync cannot copy it`,
        2,
      );
    }
    const repositories = registries.get(parts.domain) ?? new Map<string, string[]>();
    registries.set(parts.domain, repositories);
    const refs = repositories.get(parts.repository) ?? [];
    repositories.set(parts.repository, refs);
    refs.push(parts.digest ?? parts.tag ?? 'latest');
  }
  const byName = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => compareBytewise(a, b));
  const document = ymap(
    byName(registries).map(([domain, repositories]) => [
      domain,
      ymap([['images', ymap(byName(repositories).map(([repository, refs]) => [repository, sortedUnique(refs)]))]]),
    ]),
  );
  const charts = result.charts.map(
    (c) =>
      `#   ${commentSafe(c.chart)} ${commentSafe(c.version)} from ${commentSafe(c.repository)}${c.namespace ? ` (namespace ${commentSafe(c.namespace)})` : ''}\n`,
  );
  const header =
    charts.length > 0
      ? `# Helm charts (skopeo copies images only; fetch these with helmless pull):\n${charts.join('')}`
      : '';
  return `${header}${registries.size > 0 ? emitYaml(document) : '{}\n'}`;
}

/** A recipe's text as it can stand in a comment: quoted and escaped unless plain printable ASCII. */
function commentSafe(text: string): string {
  if (/^[\x21-\x7e]+$/.test(text)) return text;
  // YAML 1.1 scanners (go-yaml's among them) also break lines at NEL, LS and PS.
  return JSON.stringify(text).replace(
    /[\u0085\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
