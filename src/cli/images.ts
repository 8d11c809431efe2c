/**
 * `helmless images [NAME] CHART [template flags]`: renders one chart like `helmless template` and
 * lists the container images it references, with the same extraction rules as `mirror list`.
 */
import { declaredImages, declaredOccurrences } from '../discovery/declared-images.js';
import { digestPlatform, pinnedForm, resolveDigests } from '../discovery/digests.js';
import { imageDigestResolver } from '../discovery/engines.js';
import { extractImages, type ManifestText, mayHoldImageKey } from '../discovery/extract.js';
import { ImageExclusions, matchingPattern } from '../discovery/image-edits.js';
import { sortedUnique } from '../formats/bytewise.js';
import type { ImageOccurrence } from '../formats/model.js';
import { listedImage, occurrenceNotes } from '../formats/why.js';
import { closeSharedDispatchers, type Platform } from '../helm/fetch/index.js';
import { type FlagSpec, flagHelp } from './flags.js';
import { CliError, type Command } from './io.js';
import { parseTemplateArgs, renderInvocation, reportRenderError, TEMPLATE_FLAGS } from './template.js';

const EXTRA: FlagSpec[] = [
  {
    name: 'output',
    short: 'o',
    type: 'string',
    help: 'output format: list (one image per line), yaml or json',
    defaultText: '"list"',
  },
  { name: 'why', type: 'string', help: 'print every place the given image was found instead of the list' },
  {
    name: 'scan-strings',
    type: 'bool',
    help: 'also list fully qualified images written inside strings (args, env values, scripts)',
  },
  {
    name: 'declared-images',
    type: 'bool',
    help: "also list the images the chart declares in Chart.yaml annotations (helm.sh/images, artifacthub.io/images, Bitnami's images)",
  },
  {
    name: 'resolve-digests',
    type: 'bool',
    help: "pin every image to the digest its tag names now (name:tag@sha256:...), asking each image's registry",
  },
  {
    name: 'image-platform',
    type: 'string',
    help: "with --resolve-digests: pin multi-platform images to this platform's manifest (os/arch[/variant])",
  },
  {
    name: 'exclude-image',
    type: 'stringArray',
    help: 'leave out images matching PATTERN (repeatable; * matches any characters, the whole reference must match)',
  },
  {
    name: 'normalize',
    type: 'bool',
    help: "list images under Docker's full names (docker.io/library/busybox:1.36 for busybox:1.36)",
  },
];

const USAGE = `List the container images a chart references, after rendering it exactly like 'helm template'.

Usage:
  helmless images [NAME] [CHART] [flags]

Flags:
`;

/** An occurrence from a Chart.yaml image annotation rather than a rendered manifest. */
type Occurrence = ImageOccurrence & { declared?: boolean };

function whyLines(image: string, occurrences: Occurrence[]): string {
  const hits = occurrences.filter((o) => o.image === image);
  if (hits.length === 0) return '';
  return hits
    .map((o) => {
      const doc = [o.kind, o.name].filter(Boolean).join('/');
      const notes = occurrenceNotes(o, o.declared === true).map((n) => `(${n})`);
      return `${[o.image, o.path, doc, o.yamlPath, ...notes].filter(Boolean).join('\t')}\n`;
    })
    .join('');
}

export const imagesCommand: Command = async (args, io) => {
  const inv = parseTemplateArgs(args, 'images', io, EXTRA);
  if (inv === 'help') {
    io.stdout(`${USAGE}${flagHelp([...TEMPLATE_FLAGS, ...EXTRA])}\n`);
    return 0;
  }
  const format = inv.flags.strings.get('output') ?? 'list';
  if (format !== 'list' && format !== 'yaml' && format !== 'json') {
    throw new CliError(`invalid output format "${format}": valid formats are list, yaml, json`, 2);
  }
  const scanStrings = inv.flags.bools.get('scan-strings') === true;
  const pin = inv.flags.bools.get('resolve-digests') === true;
  let platform: Platform | undefined;
  try {
    platform = digestPlatform({
      resolveDigests: pin,
      offline: inv.flags.bools.get('offline') === true,
      imagePlatform: inv.flags.strings.get('image-platform'),
    });
  } catch (err) {
    throw new CliError((err as Error).message, 2);
  }
  const normalize = inv.flags.bools.get('normalize') === true;
  const patterns = inv.flags.lists.get('exclude-image') ?? [];
  let exclusions: ImageExclusions;
  try {
    exclusions = new ImageExclusions(patterns);
  } catch (err) {
    throw new CliError((err as Error).message, 2);
  }
  let manifests: ManifestText[];
  const declared: Occurrence[] = [];
  try {
    // The documents the extraction walks keep the parse helm's YAML check made of them.
    const result = await renderInvocation(inv, io, {
      documentTrees: scanStrings ? () => true : mayHoldImageKey,
      // The image list owns standard output.
      dependencyProgress: (text) => io.stderr(text),
    });
    for (const l of result.warnings) io.stderr(`${l}\n`);
    if (inv.flags.bools.get('declared-images') === true) {
      const found = declaredImages(result.chart, result.values);
      for (const w of found.warnings) io.stderr(`warning: ${w}\n`);
      for (const o of declaredOccurrences(found.images, normalize)) declared.push({ ...o, declared: true });
    }
    manifests = [...result.manifests, ...result.hooks].map((m) =>
      m.tree === undefined ? { path: m.path, content: m.content } : { path: m.path, content: m.content, tree: m.tree },
    );
  } catch (e) {
    return reportRenderError(e, io, inv.flags.bools.get('debug'));
  } finally {
    await closeSharedDispatchers();
  }
  // The renderer has parsed every document: those that cannot name an image need no second parse.
  const extracted = extractImages(manifests, { skipDocumentsWithoutImageKeys: true, scanStrings, normalize });
  const kept = exclusions.apply(sortedUnique([...extracted.images, ...declared.map((d) => d.image)]), [
    ...extracted.occurrences,
    ...declared,
  ]);
  for (const pattern of exclusions.unused()) io.stderr(`warning: --exclude-image ${pattern} matches no image\n`);
  let images = kept.images;
  const occurrences: Occurrence[] = kept.occurrences;
  if (pin) {
    const lookup = imageDigestResolver(
      {
        env: io.env,
        caFile: inv.flags.strings.get('ca-file'),
        certFile: inv.flags.strings.get('cert-file'),
        keyFile: inv.flags.strings.get('key-file'),
        insecureSkipTlsVerify: inv.flags.bools.get('insecure-skip-tls-verify'),
        plainHttp: inv.flags.bools.get('plain-http'),
      },
      platform,
    );
    let pinning: Awaited<ReturnType<typeof resolveDigests>>;
    try {
      pinning = await resolveDigests(images, lookup, { concurrency: 8, signal: new AbortController().signal });
    } finally {
      await closeSharedDispatchers();
    }
    // A list with unpinned images could pass for a pinned one: any failure fails the command.
    const failures = [...pinning].flatMap(([image, p]) => ('error' in p ? [`${image}: ${p.error}`] : []));
    if (failures.length > 0) {
      for (const f of failures) io.stderr(`Error: digest resolution failed for ${f}\n`);
      return 1;
    }
    images = sortedUnique(images.map((i) => pinnedForm(pinning, i)));
    for (const o of occurrences) o.image = pinnedForm(pinning, o.image);
  }
  const why = inv.flags.strings.get('why');
  if (why !== undefined) {
    const text = whyLines(listedImage(images, why) ?? why, occurrences);
    if (text === '') {
      const pattern = matchingPattern(patterns, why);
      io.stderr(
        pattern === undefined
          ? `Error: image ${why} is not referenced by the chart\n`
          : `Error: image ${why} is left out by --exclude-image ${pattern}\n`,
      );
      return 3;
    }
    io.stdout(text);
    return 0;
  }
  if (format === 'json') io.stdout(`${JSON.stringify({ images }, null, 2)}\n`);
  else if (format === 'yaml')
    io.stdout(
      images.length === 0 ? 'images: []\n' : `images:\n${images.map((i) => `  - ${JSON.stringify(i)}\n`).join('')}`,
    );
  else io.stdout(images.map((i) => `${i}\n`).join(''));
  return 0;
};
