/**
 * Feature conformance (issue 4): the charts of conformance/charts/ exercise what the corpus does not
 * reach — nested and packaged subcharts, aliases, conditions, tags, import-values, library and v1
 * charts, schemas, the kubeVersion gate, value sources, every output flag, hooks, kind order,
 * document splitting, invalid output, .Files, partials, tpl/include/lookup/required/fail and release
 * names. Each case runs `helm template …` with helm 3.17.3 and 4.1.4 and `helmless template … --compat
 * helm3|helm4` (in-process through the CLI entry point) and compares stdout, stderr, the exit status
 * and, with --output-dir, the files written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPATS, type Compat, inPool, missingHelmBinaries } from './support/cli-runs.js';
import {
  exactText,
  FEATURE_CHARTS,
  type FeatureCase,
  type FeatureRun,
  fatalHead,
  panicHead,
  prepareFeatureCharts,
  runFeature,
  sortedLocationPairs,
} from './support/feature-charts.js';

/** Chart directories the run packs into `<name>-<version>.tgz` beside them (innermost first). */
const ARCHIVES = ['umbrella/charts/sub/charts/deep/charts/leaf', 'umbrella/charts/packed', 'infpacked/infdeprecated'];

/** Symlink loops made in the prepared charts (path → target). */
const LOOPS = {
  'symlinkloop/templates/loop': '..',
  'symlinkself/self': 'self',
  'symlinkloopfile/dot': '.',
};

const set = (...assignments: string[]) => assignments.flatMap((a) => ['--set', a]);

const CASES: FeatureCase[] = [
  // Dependencies: nesting (directories and archives), aliases, conditions, tags, imports, globals.
  { title: 'umbrella: nested, packaged, aliased, imported, library subcharts', args: ['@/umbrella'] },
  { title: 'umbrella: condition, first path disables', args: ['rel', '@/umbrella', ...set('sub.enabled=false')] },
  {
    title: 'umbrella: condition, first path deleted so the second decides',
    args: ['@/umbrella', ...set('sub.enabled=null', 'global.subOn=false')],
  },
  { title: 'umbrella: tag enables', args: ['@/umbrella', ...set('tags.optional=true')] },
  {
    title: 'umbrella: one tag true, one false',
    args: ['@/umbrella', ...set('tags.optional=true', 'tags.extra=false')],
  },
  {
    title: 'umbrella: alias disabled, non-bool condition replaced',
    args: ['@/umbrella', ...set('second.enabled=false', 'nonbool.enabled=false')],
  },
  { title: 'umbrella: globals from --set', args: ['@/umbrella', ...set('global.g1=cli', 'global.new=x')] },
  {
    title: 'umbrella: -f into subcharts (null deletes, parent wins over imports)',
    args: ['@/umbrella', '-f', 'subvalues.yaml'],
  },
  { title: 'umbrella: scalar over a subchart table', args: ['@/umbrella', ...set('sub=5')] },
  { title: 'umbrella: global not a table', args: ['@/umbrella', ...set('global=5')] },
  { title: 'umbrella: table over a subchart scalar (warning)', args: ['@/umbrella', ...set('sub.own.x=1')] },
  {
    title: 'umbrella: --show-only a nested subchart',
    args: ['@/umbrella', '-s', 'charts/sub/charts/deep/templates/cm.yaml'],
  },
  { title: 'umbrella: --show-only with a glob', args: ['@/umbrella', '-s', 'charts/*/templates/cm.yaml'] },
  { title: 'library chart rendered directly', args: ['@/library'] },
  { title: 'apiVersion v1 chart with requirements.yaml', args: ['@/v1chart'] },
  // Chart.yaml, requirements.yaml and the lock files go through sigs.k8s.io/yaml's JSON conversion:
  // a null key fails in both helms; a non-finite float fails unless it is bound for a string field
  // (which makes a string of it). helm 4 first reads a root Chart.yaml into a struct with apiVersion
  // alone, so there every other field is unknown.
  { title: 'Chart.yaml with a null annotations key', args: ['@/nullkey'] },
  { title: 'requirements.yaml with a null key in a dependency', args: ['@/nullkeyreq'] },
  { title: 'Chart.yaml with a non-finite description', args: ['@/infchart'] },
  { title: 'Chart.yaml non-finite floats: the first outside string fields in key order', args: ['@/infkeys'] },
  {
    title: 'Chart.yaml non-finite deprecated (a bool field), packed chart',
    args: ['@/infpacked/infdeprecated-0.1.0.tgz'],
  },
  { title: 'subchart Chart.yaml with non-finite string fields', args: ['@/infsub'] },
  { title: 'Chart.yaml with a non-finite apiVersion', args: ['@/infapiversion'] },
  { title: 'requirements.yaml with non-finite import-values', args: ['@/infreq'] },
  { title: 'requirements.yaml with non-finite string fields', args: ['@/infreqstring'] },
  { title: 'Chart.lock with a non-finite generated time', args: ['@/inflock'] },
  { title: 'Chart.lock with non-finite string fields', args: ['@/inflockstring'] },
  { title: 'apiVersion v2 charts with requirements.yaml/.lock (loader warnings)', args: ['@/v2requirements'] },
  { title: 'apiVersion v1 requirement disabled', args: ['@/v1chart', ...set('req.enabled=false')] },
  { title: 'missing dependency (after the deprecation warning)', args: ['@/missingdep'] },
  { title: 'deprecated chart', args: ['@/deprecated'] },
  { title: 'Chart.yaml name ".." (helm 4 refuses it, helm 3 renders)', args: ['@/dotdotname'] },
  { title: 'Chart.yaml fields of the wrong type', args: ['@/badmeta'] },
  { title: 'Chart.yaml dependency members of the wrong type', args: ['@/badmetadep'] },
  { title: 'Chart.lock that cannot be decoded', args: ['@/badlock'] },
  // encoding/json decodes requirements.yaml (and a second Chart.yaml) into the same struct.
  { title: 'Chart.yaml fields set to null by requirements.yaml', args: ['@/metanull'] },
  { title: 'Chart.yaml lists and maps merged with requirements.yaml', args: ['@/metamerge'] },
  { title: 'Chart.yaml twice in an archive', args: ['@/dupchartyaml-chart.tgz'] },
  // import-values maps with a missing or non-string child/parent: helm 3 panics on the first one
  // (each case disables the groups before the one it shows), helm 4 formats them with %v.
  { title: 'import-values: child missing or null (helm 3 panics: nil)', args: ['@/importbad'], helmPanics: ['helm3'] },
  ...[
    ['numbers (float64)', ['nochild']],
    ['lists', ['nochild', 'numbers']],
    ['maps', ['nochild', 'numbers', 'lists']],
    ['bools', ['nochild', 'numbers', 'lists', 'maps']],
  ].map(
    ([what, off]): FeatureCase => ({
      title: `import-values: ${what as string} as child or parent`,
      args: ['@/importbad', ...set(...(off as string[]).map((g) => `${g}.enabled=false`))],
      helmPanics: ['helm3'],
    }),
  ),
  { title: 'v1 requirements.lock that cannot be decoded', args: ['@/badreqlock'] },
  { title: 'deprecated chart, invalid release name', args: ['Bad_Name', '@/deprecated'] },

  // values.schema.json (helm 3 and helm 4 word their failures differently).
  { title: 'schema: valid values', args: ['@/schema'] },
  { title: 'schema: minimum', args: ['@/schema', ...set('port=0')] },
  {
    title: 'schema: several problems',
    args: ['@/schema', ...set('name=x', 'mode=c', 'extra=1', 'tags[0]=1')],
    unorderedStderr: ['helm3', 'helm4'],
  },
  { title: 'schema: required property deleted', args: ['@/schema', ...set('port=null')] },
  { title: 'schema: string for an integer', args: ['@/schema', '--set-string', 'port=8080'] },
  { title: 'schema: subchart schema fails', args: ['@/schema', ...set('ssub.x=1')] },
  // helm 4 validates a draft-04 schema against the draft-04 metaschema first (the root chart's
  // schema is a valid draft-04 one, boolean exclusiveMinimum and all).
  {
    title: 'schema draft-04: number exclusiveMinimum without minimum (metaschema)',
    args: ['@/schemadraft04', ...set('exclusive.enabled=true')],
  },
  {
    title: 'schema draft-04: type 5, allOf, anyOf and grouped metaschema errors',
    args: ['@/schemadraft04', ...set('wrappers.enabled=true')],
    unorderedStderr: ['helm4'],
  },
  // helm 4 validates later drafts against their metaschema documents too: every problem listed,
  // grouped under `validation failed`, with the allOf/anyOf wrappers of the metaschema.
  {
    title: 'schema draft-07: grouped metaschema errors in nested subschemas',
    args: ['@/schemameta', ...set('draft07.enabled=true')],
    unorderedStderr: ['helm4'],
  },
  {
    title: 'schema draft-06: duplicate enum items, boolean exclusiveMinimum (metaschema)',
    args: ['@/schemameta', ...set('draft06.enabled=true')],
    unorderedStderr: ['helm4'],
  },
  {
    title: 'schema 2019-09: vocabulary allOf wrappers, invalid pattern (metaschema)',
    args: ['@/schemameta', ...set('draft2019.enabled=true')],
    unorderedStderr: ['helm4'],
  },
  {
    title: 'schema 2020-12 by default: vocabulary allOf wrappers, regex property names (metaschema)',
    args: ['@/schemameta', ...set('draft2020.enabled=true')],
    unorderedStderr: ['helm4'],
  },
  // Before the metaschema, helm 4 parses every subschema's id and loads its $schema draft; helm 3
  // fails on an id or $ref url.Parse rejects.
  { title: 'schema: id that is no URL (path-escaped location)', args: ['@/schemaids', ...set('badid.enabled=true')] },
  { title: 'schema: $ref that is no URL', args: ['@/schemaids', ...set('badref.enabled=true')] },
  {
    title: 'schema: nested $schema of an unknown draft (loader named by the parsed URL)',
    args: ['@/schemaids', ...set('nesteddraft.enabled=true')],
  },
  { title: 'schema: nested $schema that is no URL', args: ['@/schemaids', ...set('baddraft.enabled=true')] },
  {
    title: 'schema: $ref to a missing pointer ($ is not escaped in the location)',
    args: ['@/schemaids', ...set('badpointer.enabled=true')],
  },
  // helm 3 (gojsonschema): an id or $ref fragment that is no JSON pointer (`#name`) is kept in the
  // URL, and its pointer is empty (the whole document); ids that repeat are pooled once. References
  // it cannot find are loaded without their fragment. Where helm 4 is not the point, the schema
  // ends with a second JSON value: helm 4 stops there, helm 3 reads the first value only.
  {
    title: 'schema: ids with a name fragment, $refs to them and to a missing name (the whole document)',
    args: ['@/schemafragments', ...set('fragids.enabled=true')],
    unorderedStderr: ['helm3', 'helm4'],
  },
  { title: 'schema: the same id twice in definitions', args: ['@/schemafragments', ...set('twinids.enabled=true')] },
  {
    title: 'schema: the same name-fragment id twice in definitions',
    args: ['@/schemafragments', ...set('twinnames.enabled=true')],
  },
  {
    title: 'schema: $schema with a name fragment is no known draft (helm 3)',
    args: ['@/schemafragments', ...set('draftfrag.enabled=true')],
  },
  {
    title: 'schema: root id with a name fragment, pointer $ref loaded without the fragment',
    args: ['@/schemafragments', ...set('rootfrag.enabled=true')],
  },
  {
    title: 'schema: remote $ref with a pointer fragment',
    args: ['@/schemafragments', ...set('remotepointer.enabled=true')],
  },
  {
    title: 'schema: file $ref (helm 3 query-unescapes the path)',
    args: ['@/schemafragments', ...set('remotefile.enabled=true')],
  },
  { title: 'schema: ftp $ref', args: ['@/schemafragments', ...set('remoteftp.enabled=true')] },
  {
    title: 'schema: remote $ref with a password (masked, helm 3)',
    args: ['@/schemafragments', ...set('remotepassword.enabled=true')],
  },
  { title: 'schema: relative file $ref', args: ['@/schemafragments', ...set('remotefilerel.enabled=true')] },
  { title: 'schema: file $ref with a host', args: ['@/schemafragments', ...set('remotefilehost.enabled=true')] },
  // helm 4 (santhosh-tekuri/jsonschema v6): resources, ids, anchors and the references it loads.
  {
    title: 'schema: remote $ref with a password (masked in the HTTP error, helm 4)',
    args: ['@/schemaresources', ...set('remotepassword.enabled=true')],
  },
  {
    title: 'schema: the same $id twice (helm 4 names the twins in map order)',
    args: ['@/schemaresources', ...set('twinids.enabled=true')],
    unorderedLocations: ['helm4'],
  },
  {
    title: 'schema: the same $anchor twice',
    args: ['@/schemaresources', ...set('twinanchors.enabled=true')],
    unorderedLocations: ['helm4'],
  },
  { title: 'schema: $ref to a missing anchor', args: ['@/schemaresources', ...set('missinganchor.enabled=true')] },
  {
    title: 'schema: anchors (draft-07 id names) belong to their resource',
    args: ['@/schemaresources', ...set('missinganchorid.enabled=true')],
  },
  {
    title: 'schema: a missing pointer below a resource is named from the document root',
    args: ['@/schemaresources', ...set('resourcepointer.enabled=true')],
  },
  {
    title: 'schema: the root $id is the base of relative $refs',
    args: ['@/schemaresources', ...set('rootid.enabled=true')],
  },
  {
    title: 'schema: a subschema with an id and $schema has its own draft',
    args: ['@/schemaresources', ...set('nesteddraft.enabled=true')],
  },
  // Metaschemas named by $schema or $ref are loaded from the library's embedded copies.
  {
    title: 'schema: $schema with a name fragment is read from the document it names (helm 4: draft-07)',
    args: ['@/schemametaschemas', ...set('draftfrag.enabled=true')],
  },
  {
    title: 'schema: $schema naming a directory of the embedded metaschemas',
    args: ['@/schemametaschemas', ...set('draftdir.enabled=true')],
  },
  {
    title: 'schema: $schema 2020-12 with a fragment: checked against its vocabularies alone',
    args: ['@/schemametaschemas', ...set('draftfrag2020.enabled=true')],
  },
  {
    title: 'schema: $schema 2019-09 with a fragment: each vocabulary checks subschemas itself',
    args: ['@/schemametaschemas', ...set('draftfrag2019.enabled=true')],
  },
  {
    title: 'schema: $schema naming a vocabulary metaschema',
    args: ['@/schemametaschemas', ...set('vocabschema.enabled=true')],
  },
  {
    title: 'schema: a $schema vocabulary compiles its own keywords only',
    args: ['@/schemametaschemas', ...set('vocabkeywords.enabled=true')],
  },
  {
    title: 'schema: $ref to the 2020-12 metaschema',
    args: ['@/schemametaschemas', ...set('metaref2020.enabled=true')],
  },
  {
    title: 'schema: $ref to a vocabulary metaschema',
    args: ['@/schemametaschemas', ...set('metarefvocab.enabled=true')],
  },
  // helm 3 (gojsonschema) embeds the draft-04, -06 and -07 metaschemas too (http URLs only).
  {
    title: 'schema: $ref to the draft-04 metaschema (both helms list the problems in map order)',
    args: ['@/schemametaschemas', ...set('metaref4.enabled=true')],
    unorderedStderr: ['helm3', 'helm4'],
  },
  {
    title: 'schema: $ref to the draft-06 metaschema',
    args: ['@/schemametaschemas', ...set('metaref6.enabled=true')],
  },
  {
    title: 'schema: $ref to the draft-07 metaschema',
    args: ['@/schemametaschemas', ...set('metaref7.enabled=true')],
  },
  {
    title: 'schema: the root is a $ref to the draft-07 metaschema',
    args: ['@/schemametaschemas', ...set('metaroot7.enabled=true')],
    unorderedStderr: ['helm3', 'helm4'],
  },
  {
    title: 'schema: $refs to pointers in metaschemas',
    args: ['@/schemametaschemas', ...set('metarefpointer.enabled=true')],
    unorderedStderr: ['helm3', 'helm4'],
  },
  {
    title: 'schema: $ref to a missing pointer in a metaschema',
    args: ['@/schemametaschemas', ...set('metarefmissing.enabled=true')],
  },
  // helm 3 (gojsonschema) recurses without end where a schema reaches itself again on the same
  // value: Go's stack overflows (a fatal error, exit status 2). helm 4 reports a reference cycle.
  {
    title: 'schema loop: a schema that is a $ref to itself',
    args: ['@/schemaloops', ...set('selfref.enabled=true')],
    helmFatal: ['helm3'],
  },
  {
    title: 'schema loop: a schema in its own allOf',
    args: ['@/schemaloops', ...set('selfallof.enabled=true')],
    helmFatal: ['helm3'],
  },
  {
    title: 'schema loop: a $ref to the root by the name fragment of its id',
    args: ['@/schemaloops', ...set('selfid.enabled=true')],
    helmFatal: ['helm3'],
  },
  {
    title: 'schema loop: a definition that is a $ref to itself, on a scalar',
    args: ['@/schemaloops', ...set('defloop.enabled=true')],
    helmFatal: ['helm3'],
  },
  {
    title: 'schema loop: a $ref to # inside an embedded resource',
    args: ['@/schemaloops', ...set('refcycleid.enabled=true')],
    helmFatal: ['helm3'],
  },
  {
    title: 'schema loop: a schema dependency that is a $ref to the root',
    args: ['@/schemaloops', ...set('dependencyloop.enabled=true')],
    helmFatal: ['helm3'],
  },
  {
    title: 'schema loop: a $ref to the root in anyOf, reached when the first branch fails',
    args: ['@/schemaloops', ...set('anyofloop.enabled=true')],
    helmFatal: ['helm3'],
  },
  {
    title: 'schema loop: the log lines before the stack overflow',
    args: ['@/schemaloops', ...set('selfref.enabled=true', 'selfref.own.x=1')],
    helmFatal: ['helm3'],
  },
  {
    title: 'schema loop: a $ref to the root below the root ends with the values',
    args: ['@/schemaloops', ...set('finiterecursion.enabled=true')],
  },
  {
    // Go's url.Parse (Go 1.23 in helm 3, 1.25 in helm 4), netip.ParseAddr and net/mail behind the
    // formats; the failures are listed in random order.
    title: 'schema: string formats on awkward values',
    args: ['@/schemaformats'],
    unorderedStderr: ['helm3', 'helm4'],
  },
  {
    title: 'schema: root and subchart fail',
    args: ['@/schema', ...set('ssub.x=1', 'port=0', 'name=x')],
    unorderedStderr: ['helm3', 'helm4'],
  },
  { title: 'schema: disabled subchart not validated', args: ['@/schema', ...set('ssub.enabled=false', 'ssub.x=1')] },
  { title: 'schema: --skip-schema-validation', args: ['@/schema', ...set('port=0'), '--skip-schema-validation'] },
  { title: 'schema: a JSON array is no schema', args: ['@/schemanotobject'] },

  // Unknown hook annotations are logged quoted as Go's %q (helm 3) or slog (helm 4) quote them.
  { title: 'unknown hooks with awkward names', args: ['@/hookquote'] },

  // Rendered YAML made JSON as sigs.k8s.io/yaml does: which keys and values it refuses.
  { title: 'infinite, NaN, float and bool keys are accepted', args: ['@/jsonkeys'] },
  { title: 'a null key is refused', args: ['@/jsonkeys', ...set('mode=nullkey')] },
  { title: 'a uint64 key is refused', args: ['@/jsonkeys', ...set('mode=uintkey')] },
  { title: 'the first non-finite value in key order is named', args: ['@/jsonkeys', ...set('mode=nonfinite')] },

  // Subcharts that cannot be loaded: helm's "error unpacking subchart" prefix at every level.
  { title: 'subchart directory without Chart.yaml', args: ['@/badsub'] },
  { title: 'nested subchart directory without Chart.yaml', args: ['@/badsubnested'] },
  { title: 'subchart named .tgz that is a directory', args: ['@/badsubtar'] },

  // Symlinks in a chart directory: followed and logged, or failing when they dangle.
  { title: 'symlinked values.yaml', args: ['@/symlinks'] },
  { title: 'dangling symlink', args: ['@/symlinkdangling'] },
  { title: 'symlink through a missing directory (the first missing one is named)', args: ['@/symlinkmissingdir'] },
  // A loop is walked under ever longer paths until the kernel refuses one (40 links), or, when a
  // link resolves to itself, until Go's EvalSymlinks gives up (255 links).
  { title: 'symlink loop to the parent directory', args: ['@/symlinkloop'] },
  { title: 'symlink loop reading a linked file', args: ['@/symlinkloopfile'] },
  { title: 'symlink to itself', args: ['@/symlinkself'] },

  // Chart archives that cannot be read: helm's content check, Go's gzip/tar errors, helm 4's summary.
  { title: 'a chart file that is not gzip', args: ['@/garbage-chart.tgz'] },
  { title: 'a YAML file as the chart', args: ['@/values-not-chart.yaml'] },
  { title: 'an archive entry outside the chart', args: ['@/traversal-chart.tgz'] },
  { title: 'a subchart archive that is not gzip', args: ['@/badsubtgz'] },

  // Go sorts template paths and picks duplicate defines by UTF-8 byte order, not UTF-16 units.
  { title: 'byte order of template names (astral and fullwidth)', args: ['@/byteorder'] },

  // Chart.yaml kubeVersion against the default and given kube versions.
  { title: 'kubeVersion gate, default kube version', args: ['@/kubegate'] },
  { title: 'kubeVersion gate, --kube-version 1.34.0', args: ['@/kubegate', '--kube-version', '1.34.0'] },
  { title: 'kubeVersion gate, --kube-version v1.20.0', args: ['@/kubegate', '--kube-version', 'v1.20.0'] },
  { title: 'kubeVersion gate names the version given', args: ['@/kubegate', '--kube-version', '1.20.01-gke.1+b'] },
  { title: 'a bad --kube-version is reported first', args: ['Bad_Name', '@/nochart', '--kube-version', 'bad'] },
  { title: '--kube-version past uint64', args: ['@/kubegate', '--kube-version', '1.18446744073709551616'] },

  // Value sources and typing.
  { title: 'values: defaults (YAML 1.1 keys, null default, block scalar at EOF)', args: ['@/values'] },
  {
    title: 'values: --set scalar typing',
    args: ['@/values', ...set('a=1000000,b=1.5,c=010,d=-5,f=true,g=TRUE,m=yes,l=,n=9223372036854775808,h=null')],
  },
  {
    title: 'values: --set lists',
    args: ['@/values', ...set('l={a,b,c}', 'l2={1,2,true}', 'e={}', 'e2={,}', 'nested.list[1]=x', 'newlist[2]=x')],
  },
  {
    title: 'values: --set lists of maps and nested lists',
    args: ['@/values', ...set('lm[0].name=a,lm[1].name=b', 'aa[0][1]=x')],
  },
  { title: 'values: --set escapes', args: ['@/values', ...set('a\\.b=c', 'x=y\\,z', 'eq=b=c', 'sp= b ', '=ignored')] },
  { title: 'values: --set over tables and scalars', args: ['@/values', ...set('m=1', 'keep.x=1', 'nested.a=null')] },
  {
    title: 'values: --set-string',
    args: ['@/values', '--set-string', 'a=1000000,b=true,c=null', '--set-string', 'l={1,true}'],
  },
  {
    title: 'values: --set-json',
    args: ['@/values', '--set-json', 'j={"x":[1,2.5,"s",null,true]}', '--set-json', 'big=12345678901234567890'],
  },
  { title: 'values: --set-json with a bare object', args: ['@/values', '--set-json', '{"top":1,"nested":{"a":7}}'] },
  { title: 'values: --set-literal', args: ['@/values', '--set-literal', 'lit.x=a,b={c}'] },
  { title: 'values: --set-file', args: ['@/values', '--set-file', 'txt=file.txt'] },
  { title: 'values: -f', args: ['@/values', '-f', 'o1.yaml'] },
  { title: 'values: -f repeated', args: ['@/values', '-f', 'o1.yaml', '-f', 'o2.yaml'] },
  { title: 'values: -f with a comma list', args: ['@/values', '-f', 'o2.yaml,o1.yaml'] },
  {
    title: 'values: -f - (stdin)',
    args: ['@/values', '-f', 'o1.yaml', '-f', '-'],
    stdin: 'new: from-stdin\nkeep: 7\n',
  },
  { title: 'values: --set-file - (stdin)', args: ['@/values', '--set-file', 'txt=-'], stdin: 'from stdin\n' },
  { title: 'values: -f with several documents', args: ['@/values', '-f', 'multi-doc.yaml'] },
  { title: 'values: -f with CRLF line endings', args: ['@/values', '-f', 'crlf.yaml'] },
  // go-yaml reads UTF-16 after its byte order mark; helm 4 splits documents at \n bytes first,
  // which leaves a UTF-16LE file (ending in "\n\0") one byte too long.
  { title: 'values: -f in UTF-16LE', args: ['@/values', '-f', 'utf16le.yaml'] },
  { title: 'values: -f in UTF-16BE', args: ['@/values', '-f', 'utf16be.yaml'] },
  { title: 'values: -f in UTF-16 with a lone low surrogate', args: ['@/values', '-f', 'utf16-bad.yaml'] },
  // Chart files are read as bytes: go-yaml decodes UTF-16 and rejects bytes that are not UTF-8.
  { title: 'values: Chart.yaml in UTF-16LE, values.yaml in UTF-16BE', args: ['@/utf16'] },
  { title: 'values: values.yaml in Latin-1', args: ['@/latin1values'] },
  { title: 'values: Chart.yaml in Latin-1', args: ['@/latin1chart'] },
  {
    title: 'values: order of sources is by flag kind',
    args: [
      '@/values',
      '--set-string',
      'keep=s',
      '--set',
      'keep=2',
      '--set-json',
      'big=4',
      '-f',
      'o1.yaml',
      ...set('new=set'),
    ],
  },
  { title: 'values: --set without a value', args: ['@/values', ...set('novalue')] },
  { title: 'values: --set key map without a value', args: ['@/values', ...set('a.=1')] },
  { title: 'values: --set negative index', args: ['@/values', ...set('l[-1]=x')] },
  { title: 'values: --set unterminated index', args: ['@/values', ...set('a[0=1')] },
  { title: 'values: --set-json invalid', args: ['@/values', '--set-json', 'x={bad'] },
  { title: 'values: -f missing file', args: ['@/values', '-f', 'nothere.yaml'] },
  { title: 'values: --set-file missing file', args: ['@/values', '--set-file', 'txt=nothere.txt'] },

  // Output options.
  { title: 'output: default (hooks, kind order, splitting quirks, NOTES.txt dropped)', args: ['@/output'] },
  { title: 'output: --include-crds', args: ['@/output', '--include-crds'] },
  { title: 'output: --skip-crds', args: ['@/output', '--skip-crds'] },
  { title: 'output: --skip-tests', args: ['@/output', '--skip-tests'] },
  { title: 'output: --no-hooks', args: ['@/output', '--no-hooks'] },
  { title: 'output: --show-only a multi-document file (quirk)', args: ['@/output', '-s', 'templates/multi.yaml'] },
  { title: 'output: --show-only glob (no crossing /)', args: ['@/output', '--show-only', 'templates/*.yaml'] },
  { title: 'output: --show-only nested template', args: ['@/output', '-s', 'templates/nested/cm.yaml'] },
  { title: 'output: --show-only subchart', args: ['@/output', '-s', 'charts/osub/templates/cm.yaml'] },
  {
    title: 'output: --show-only hooks without tests',
    args: ['@/output', '-s', 'templates/hooks.yaml', '--skip-tests'],
  },
  {
    title: 'output: --show-only patterns in command-line order',
    args: ['@/output', '-s', 'templates/kinds.yaml', '-s', 'templates/a-service.yaml'],
  },
  { title: 'output: --show-only no match', args: ['@/output', '-s', 'templates/nope.yaml'] },
  { title: 'output: --show-only NOTES.txt', args: ['@/output', '-s', 'templates/NOTES.txt'] },
  { title: 'output: --show-only a CRD without --include-crds', args: ['@/output', '-s', 'crds/crd1.yaml'] },
  {
    title: 'output: --show-only a CRD with --include-crds',
    args: ['@/output', '--include-crds', '-s', 'crds/crd1.yaml'],
  },
  { title: 'output: --output-dir', args: ['@/output', '--output-dir', 'out'], outputDir: 'out' },
  {
    title: 'output: --output-dir with CRDs, without tests',
    args: ['@/output', '--output-dir', 'out', '--include-crds', '--skip-tests'],
    outputDir: 'out',
  },
  {
    title: 'output: --output-dir --release-name',
    args: ['myrel', '@/output', '--output-dir', 'out', '--release-name'],
    outputDir: 'out',
  },
  {
    title: 'output: --output-dir spelled ./out/ (wrote lines keep it)',
    args: ['@/output', '--output-dir', './out/'],
    outputDir: 'out',
  },
  {
    title: 'output: --output-dir ./out/ --release-name with CRDs (CRDs stay outside the release directory)',
    args: ['myrel', '@/output', '--output-dir', './out/', '--release-name', '--include-crds'],
    outputDir: 'out',
  },
  {
    title: 'output: --output-dir twice into the same directory (hooks append)',
    args: ['@/output', '--output-dir', 'out'],
    outputDir: 'out',
    runs: 2,
  },
  { title: 'output: --release-name without --output-dir', args: ['@/output', '--release-name'] },
  { title: 'output: --name-template', args: ['@/output', '--name-template', 'nt-{{ "x" | upper | lower }}'] },
  { title: 'output: --generate-name', args: ['@/output', '--generate-name'] },
  { title: 'output: release name and -n', args: ['myrel', '@/output', '-n', 'other'] },
  { title: 'output: HELM_NAMESPACE', args: ['@/output'], env: { HELM_NAMESPACE: 'envns' } },
  { title: 'output: --is-upgrade', args: ['@/output', '--is-upgrade'] },
  { title: 'output: --kube-version 1.28', args: ['@/output', '--kube-version', '1.28'] },
  { title: 'output: --kube-version with a suffix', args: ['@/output', '--kube-version', 'v1.30.2-gke.100'] },
  { title: 'output: --kube-version 1', args: ['@/output', '--kube-version', '1'] },
  { title: 'output: --kube-version abc', args: ['@/output', '--kube-version', 'abc'] },
  { title: 'output: -a', args: ['@/output', '-a', 'foo/v1', '--api-versions', 'foo/v1/Bar', '-a', 'x/v1,y/v2'] },
  { title: 'output: invalid release name', args: ['Bad_Name', '@/output'] },
  { title: 'output: release name too long', args: [`r${'x'.repeat(53)}`, '@/output'] },
  { title: 'NOTES.txt that fails', args: ['@/notesfail'] },
  { title: 'NOTES.txt that renders', args: ['@/notesfail', ...set('quiet=true')] },

  // Rendered output that is not YAML.
  { title: 'bad YAML: none', args: ['@/badyaml'] },
  { title: 'bad YAML: tab (line within the document, first file wins)', args: ['@/badyaml', ...set('mode=tab')] },
  { title: 'bad YAML: unclosed flow list', args: ['@/badyaml', ...set('mode=flow')] },
  { title: 'bad YAML: bare scalar document', args: ['@/badyaml', ...set('mode=scalar')] },
  { title: 'bad YAML: list document', args: ['@/badyaml', ...set('mode=list')] },
  { title: 'bad YAML: infinity', args: ['@/badyaml', ...set('mode=inf')] },
  { title: 'bad YAML: kind is a map', args: ['@/badyaml', ...set('mode=kindmap')] },
  { title: 'bad YAML: separator inside a block scalar', args: ['@/badyaml', ...set('mode=blockseparator')] },

  // Template functions and errors.
  { title: 'funcs: partials, include, template, tpl, lookup', args: ['@/funcs'] },
  { title: 'funcs: required', args: ['@/funcs', ...set('mode=required')] },
  { title: 'funcs: fail', args: ['@/funcs', ...set('mode=fail')] },
  { title: 'funcs: include recursion', args: ['@/funcs', ...set('mode=recursion')] },
  { title: 'funcs: nil pointer through nested includes', args: ['@/funcs', ...set('mode=nilchain')] },
  { title: 'funcs: include of a missing template', args: ['@/funcs', ...set('mode=missing')] },
  { title: 'funcs: fail inside tpl', args: ['@/funcs', ...set('mode=tplfail')] },
  { title: 'funcs: field of an empty lookup', args: ['@/funcs', ...set('mode=lookupdeep')] },
  { title: 'funcs: two failing files (execution order)', args: ['@/funcs', ...set('mode=twofiles')] },
  { title: 'parse error', args: ['@/parseerr'] },

  { title: 'import-values with paths, subchart .Files', args: ['@/importpaths'] },
  { title: 'a failing subchart NOTES.txt', args: ['@/importpaths', ...set('realsub.failNotes=true')] },

  // Odd charts and objects.
  { title: 'chart without templates', args: ['@/empty'] },

  // Release names: --name-template runs with plain Sprig and nil data; helm's argument checks.
  {
    title: 'name template from the environment',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${X} is expandenv's, not JavaScript's
    args: ['--name-template', '{{ env "X" }}-{{ expandenv "${X}$$" }}', '@/output'],
    env: { X: 'fromenv' },
  },
  { title: 'name template with nil data', args: ['--name-template', '{{ .Foo.Bar }}', '@/output'] },
  // Dot is Go's invalid reflect.Value: len fails on it, printing gives <no value> or <nil>.
  { title: 'name template: len of the nil data', args: ['--name-template', '{{ len . }}', '@/output'] },
  {
    title: 'name template: the nil data printed',
    args: ['--name-template', '{{ . }}-{{ printf "%T" . }}-{{ html . }}', '@/output'],
  },
  { title: 'name template parse error', args: ['--name-template', '{{', '@/output'] },
  { title: 'name template calling fail', args: ['--name-template', '{{ fail "boom" }}', '@/output'] },
  { title: 'name template without helm functions', args: ['--name-template', '{{ "a" | toYaml }}', '@/output'] },
  { title: 'empty name template', args: ['--name-template=', 'rel', '@/output'] },
  { title: '--generate-name with a name', args: ['-g', 'rel', '@/output'] },
  { title: 'too many arguments', args: ['rel', '@/output', 'extra', 'more'] },
  { title: 'unknown shorthand after a known one', args: ['rel', '@/output', '-gzx'] },
  { title: 'bad flag syntax', args: ['rel', '@/output', '---x'] },
  { title: 'empty release name', args: ['', '@/output'] },
  { title: 'release name quoted like Go', args: ['a\n\u0001', '@/output'] },

  // $HELM_DRIVER: helm sets up its release storage after parsing the flags, before anything else,
  // and stops with a log line when it cannot.
  { title: 'unknown $HELM_DRIVER', args: ['@/empty'], env: { HELM_DRIVER: 'Secret' } },
  {
    title: '$HELM_DRIVER after flag parsing, before the arguments and the run checks',
    args: ['rel', '@/empty', 'extra', '--atomic', '--dry-run=bogus'],
    env: { HELM_DRIVER: 'foo' },
  },
  { title: 'memory $HELM_DRIVER without data', args: ['@/empty'], env: { HELM_DRIVER: 'memory' } },
  {
    title: 'memory $HELM_DRIVER data: a missing file in the list',
    args: ['@/empty'],
    env: { HELM_DRIVER: 'memory', HELM_MEMORY_DRIVER_DATA: 'memory-driver-empty.yaml:nothere.yaml' },
  },
  {
    title: 'memory $HELM_DRIVER data: not YAML',
    args: ['@/empty'],
    env: { HELM_DRIVER: 'memory', HELM_MEMORY_DRIVER_DATA: 'memory-driver-bad.yaml' },
  },
  {
    title: 'memory $HELM_DRIVER data: not a list',
    args: ['@/empty'],
    env: { HELM_DRIVER: 'memory', HELM_MEMORY_DRIVER_DATA: 'memory-driver-map.yaml' },
  },
  {
    title: 'memory $HELM_DRIVER data: an entry that is no release',
    args: ['@/empty'],
    env: { HELM_DRIVER: 'memory', HELM_MEMORY_DRIVER_DATA: 'memory-driver-scalar.yaml' },
  },

  // helm builds its registry client (reading --cert-file/--key-file and --ca-file) once the arguments,
  // flag groups and --kube-version are checked, before anything else, even for a local chart.
  { title: 'TLS files: a CA file that does not exist', args: ['@/empty', '--ca-file', 'nothere.pem'] },
  { title: 'TLS files: a CA file that is a directory', args: ['@/empty', '--ca-file', 'outdir'] },
  { title: 'TLS files: a CA file without certificates', args: ['@/empty', '--ca-file', 'tls-key.pem'] },
  { title: 'TLS files: a CA file that is not PEM', args: ['@/empty', '--ca-file', 'not-pem.txt'] },
  { title: 'TLS files: a certificate without its key', args: ['@/empty', '--cert-file', 'nothere.pem'] },
  {
    title: 'TLS files: a certificate without its key, with --insecure-skip-tls-verify',
    args: ['@/empty', '--cert-file', 'nothere.pem', '--insecure-skip-tls-verify'],
  },
  {
    title: 'TLS files: a key without its certificate, with a CA file',
    args: ['@/empty', '--key-file', 'tls-key.pem', '--ca-file', 'tls-cert.pem'],
  },
  {
    title: 'TLS files: a missing key and a missing CA file',
    args: ['@/empty', '--cert-file', 'tls-cert.pem', '--key-file', 'nothere.pem', '--ca-file', 'nothere.pem'],
  },
  {
    title: 'TLS files: a key of another pair and a CA file that is not PEM',
    args: ['@/empty', '--cert-file', 'tls-cert.pem', '--key-file', 'tls-other-key.pem', '--ca-file', 'not-pem.txt'],
  },
  {
    title: 'TLS files: an empty certificate, key and CA file',
    args: ['@/empty', '--cert-file', 'empty.pem', '--key-file', 'empty.pem', '--ca-file', 'empty.pem'],
  },
  {
    title: 'TLS files: a missing certificate, before the CA file',
    args: ['@/empty', '--cert-file', 'nothere.pem', '--key-file', 'tls-key.pem', '--ca-file', 'nothere.pem'],
  },
  { title: 'TLS files: a missing key', args: ['@/empty', '--cert-file', 'tls-cert.pem', '--key-file', 'nothere.pem'] },
  {
    title: 'TLS files: a key that is a directory',
    args: ['@/empty', '--cert-file', 'tls-cert.pem', '--key-file', 'outdir'],
  },
  { title: 'TLS files: switched files', args: ['@/empty', '--cert-file', 'tls-key.pem', '--key-file', 'tls-cert.pem'] },
  {
    title: 'TLS files: a certificate as its own key',
    args: ['@/empty', '--cert-file', 'tls-cert.pem', '--key-file', 'tls-cert.pem'],
  },
  {
    title: 'TLS files: a key that is not PEM',
    args: ['@/empty', '--cert-file', 'tls-cert.pem', '--key-file', 'not-pem.txt'],
  },
  {
    title: 'TLS files: a key of another type',
    args: ['@/empty', '--cert-file', 'tls-cert.pem', '--key-file', 'tls-ec-key.pem'],
  },
  {
    title: 'TLS files: a key of another pair',
    args: ['@/empty', '--cert-file', 'tls-cert.pem', '--key-file', 'tls-other-key.pem'],
  },
  {
    title: 'TLS files: a usable pair and CA render',
    args: ['@/output', '--cert-file', 'tls-cert.pem', '--key-file', 'tls-key.pem', '--ca-file', 'tls-cert.pem'],
  },
  { title: 'TLS files: checked after --kube-version', args: ['@/empty', '--ca-file', 'x.pem', '--kube-version', 'x'] },
  {
    title: 'TLS files: checked before the release name and --dry-run',
    args: ['rel', '@/empty', 'extra', '--ca-file', 'x.pem', '--dry-run=bogus'],
  },
  // The order of helm's other checks: cobra's (arguments, flag groups; see test/cli), then the command's.
  { title: '--dry-run=bogus and a bad --kube-version', args: ['@/empty', '--dry-run=bogus', '--kube-version', 'x'] },
  { title: '--dry-run=bogus and a bad name template', args: ['@/empty', '--dry-run=bogus', '--name-template', '{{'] },
  { title: '--dry-run=bogus on a deprecated chart', args: ['@/deprecated', '--dry-run=bogus'] },
  { title: '--dry-run=bogus on a library chart', args: ['@/library', '--dry-run=bogus'] },

  // --output-dir write failures are render failures with Go's path errors.
  { title: '--output-dir under a regular file', args: ['@/output', '--output-dir', 'notadir'] },
  { title: '--output-dir onto a directory', args: ['@/output', '--output-dir', 'outdir'] },
  // A directory procfs refuses to make (Node's own recursive mkdir never returns there).
  { title: '--output-dir where no directory can be made', args: ['@/output', '--output-dir', '/proc/helmless-none/x'] },

  // The namespace: --namespace, $HELM_NAMESPACE, the kubeconfig context's, else default.
  { title: 'namespace of the current kubeconfig context', args: ['@/output'], env: { KUBECONFIG: 'kubeconfig.yaml' } },
  {
    title: 'namespace of a --kube-context, empty -n',
    args: ['@/output', '-n', '', '--kube-context', 'ctx2'],
    env: { KUBECONFIG: 'kubeconfig.yaml' },
  },
  {
    title: 'namespace of a $HELM_KUBECONTEXT without one',
    args: ['@/output'],
    env: { KUBECONFIG: 'kubeconfig.yaml', HELM_KUBECONTEXT: 'ctx3' },
  },
  {
    title: 'namespace from a $KUBECONFIG list (first file wins)',
    args: ['@/output', '--kubeconfig', 'kubeconfig-b.yaml'],
    env: { KUBECONFIG: 'kubeconfig.yaml:kubeconfig-b.yaml' },
  },
  { title: 'empty $HELM_NAMESPACE', args: ['@/output'], env: { HELM_NAMESPACE: '' } },
  { title: 'empty --output-dir prints to stdout', args: ['@/output', '--output-dir', ''] },

  // Install and global flags `helm template` accepts, checks and ignores (each helm its own set).
  {
    title: 'install flags without effect on a render',
    args: ['@/empty', '--create-namespace', '--description', 'd', '--render-subchart-notes', '--replace'],
  },
  {
    title: 'install flags with checked values',
    args: [
      '@/empty',
      '-l',
      'a=b',
      '--timeout',
      '1h2m3.5s',
      '--qps',
      '1.5',
      '--burst-limit',
      '3',
      '--post-renderer-args',
      'x',
    ],
  },
  {
    title: 'cluster connection flags',
    args: ['@/empty', '--kube-apiserver', 'x', '--kube-as-user', 'u', '--kube-as-group', 'g', '--kube-token', 'k'],
  },
  {
    title: 'deprecated and bare optional-value flags',
    args: ['@/empty', '--atomic', '--force', '--dry-run', '--wait'],
  },
  { title: 'unsupported flags at their no-op values', args: ['@/empty', '--validate=false', '--post-renderer='] },
  { title: 'helm 4 only flags', args: ['@/empty', '--rollback-on-failure', '--server-side=false', '--color', 'never'] },
  { title: 'bad --timeout', args: ['@/empty', '--timeout', '1x'] },
  { title: 'bad --labels', args: ['@/empty', '--labels=a=b,c,d=e'] },
  { title: 'bad --qps', args: ['@/empty', '--qps', '1e100'] },
  { title: '--wait=true', args: ['@/empty', '--wait=true'] },
  { title: '--dry-run=none', args: ['@/empty', '--dry-run=none'] },
  { title: '--dry-run=bogus', args: ['@/empty', '--dry-run=bogus'] },
  { title: 'bad --color', args: ['@/empty', '--color', 'bogus'] },
  { title: '--force-conflicts with --force-replace', args: ['@/empty', '--force-conflicts', '--force-replace'] },
  { title: 'chart with only hooks', args: ['@/hooksonly'] },
  { title: 'chart with only hooks, --no-hooks', args: ['@/hooksonly', '--no-hooks'] },
  { title: 'Chart.yaml apiVersion v3', args: ['@/apiv3'] },
  { title: 'Chart.yaml apiVersion V2 (helm 4: unsupported)', args: ['@/apiversionupper'] },
  { title: 'Chart.yaml apiVersion that is a list', args: ['@/apiversionlist'] },
  { title: 'subcharts with apiVersion v3, V2 and 5', args: ['@/subapiversions'] },
  { title: 'chart directory without Chart.yaml', args: ['@/nochartyaml'] },
  // Go slice capacity: `slice` reaches past a list's length up to its capacity.
  { title: 'capacity: slice within the capacity of values and Sprig lists', args: ['@/capacity'] },
  { title: 'capacity: --set list', args: ['@/capacity', ...set('set={1,2,3}')] },
  { title: 'capacity: --set-json list', args: ['@/capacity', '--set-json', 'set=[1,2,3,4,5]'] },
  { title: 'capacity: --set index makes an exact list', args: ['@/capacity', ...set('set[2]=x', 'fail=setIndex')] },
  ...['values', 'resliced', 'list', 'splitList', 'rest', 'sortAlpha'].map((probe) => ({
    title: `capacity: slice past the capacity (${probe})`,
    args: ['@/capacity', ...set(`fail=${probe}`)],
  })),
  { title: 'misc: capabilities, .txt/.json templates, import-values warnings', args: ['@/misc'] },
  { title: 'misc: CRDs of a disabled subchart', args: ['@/misc', '--include-crds'] },
  { title: 'misc: CRDs of an enabled subchart', args: ['@/misc', '--include-crds', ...set('crdsub.enabled=true')] },
  {
    title: 'misc: --show-only with --output-dir',
    args: ['@/misc', '--output-dir', 'out', '-s', 'templates/readme.txt'],
    outputDir: 'out',
    helmWritesOnFailure: true,
  },
  {
    title: 'misc: --api-versions and --kube-version in the capabilities',
    args: ['@/misc', '-a', 'z/v1', '--kube-version', 'v1.29.1'],
  },
  {
    // pflag reads a `strings` value as one encoding/csv record: the first line, a quoted field spanning lines.
    title: 'misc: -a values with newlines read as CSV records',
    args: ['@/misc', '-a', 'a/v1,b/v1\nc/v1', '-a', '"x\r\ny",z/v1\n', '-a', '\n\nw/v1'],
  },
  { title: 'misc: -a with a bare quote', args: ['@/misc', '-a', 'a/v1,b"/v1'] },
  { title: '-f with an unterminated quoted field', args: ['@/empty', '-f', '"values.yaml\nx'] },

  // .Files, .helmignore, BOM and CRLF templates.
  { title: 'files: .Files methods and .helmignore, BOM, CRLF', args: ['@/files'] },
  { title: 'files: --show-only the BOM template', args: ['@/files', '-s', 'templates/bom.yaml'] },
];

/** Bytes the fixtures must keep (an editor or formatter normalising them would void the cases). */
function checkFixtureBytes(): string[] {
  const problems: string[] = [];
  const read = (p: string) => readFileSync(join(FEATURE_CHARTS, p));
  if (
    !read('files/templates/bom.yaml')
      .subarray(0, 3)
      .equals(Buffer.from([0xef, 0xbb, 0xbf]))
  ) {
    problems.push('files/templates/bom.yaml lost its UTF-8 BOM');
  }
  if (!read('files/templates/crlf.yaml').includes('\r\n')) problems.push('files/templates/crlf.yaml lost its CRLF');
  if (!read('files/bin.dat').equals(Buffer.from([0, 1, 0xff]))) problems.push('files/bin.dat changed');
  if (read('values/values.yaml').at(-1) === 0x0a) problems.push('values/values.yaml gained a final newline');
  if (!read('output/crds/raw-bytes.yaml').includes(Buffer.from([0xff, 0xfe]))) {
    problems.push('output/crds/raw-bytes.yaml lost its non-UTF-8 bytes');
  }
  if (
    !read('utf16/Chart.yaml')
      .subarray(0, 2)
      .equals(Buffer.from([0xff, 0xfe]))
  ) {
    problems.push('utf16/Chart.yaml is no longer UTF-16LE');
  }
  if (
    !read('utf16/values.yaml')
      .subarray(0, 2)
      .equals(Buffer.from([0xfe, 0xff]))
  ) {
    problems.push('utf16/values.yaml is no longer UTF-16BE');
  }
  if (!read('latin1values/values.yaml').includes(0xe9)) problems.push('latin1values/values.yaml lost its Latin-1 byte');
  if (!read('latin1chart/Chart.yaml').includes(0xe9)) problems.push('latin1chart/Chart.yaml lost its Latin-1 byte');
  return problems;
}

interface Outcome {
  helm: FeatureRun;
  ours: FeatureRun;
}

const missing = missingHelmBinaries();

describe.skipIf(missing.length > 0)('features: helmless template vs helm template', () => {
  const outcomes = new Map<string, Outcome>();

  beforeAll(async () => {
    const charts = await prepareFeatureCharts(ARCHIVES, LOOPS);
    // FEATURES_GREP=<regex> runs only the cases whose title matches (use with vitest -t).
    const grep = process.env.FEATURES_GREP ? new RegExp(process.env.FEATURES_GREP) : undefined;
    const chosen = grep ? CASES.filter((c) => grep.test(c.title)) : CASES;
    const jobs = chosen.flatMap((c) => COMPATS.map((compat) => ({ c, compat })));
    await inPool(jobs, 2, async ({ c, compat }) => {
      const helm = await runFeature(c, charts, compat, 'helm');
      const ours = await runFeature(c, charts, compat, 'helmless');
      outcomes.set(`${c.title}|${compat}`, { helm, ours });
    });
  }, 300_000);

  it('fixtures keep their special bytes', () => {
    expect(checkFixtureBytes()).toEqual([]);
  });

  for (const c of CASES) {
    it(c.title, () => {
      for (const compat of COMPATS) {
        const o = outcomes.get(`${c.title}|${compat}`);
        expect(o, 'case was not run').toBeDefined();
        const unordered = c.unorderedStderr?.includes(compat);
        const panics = c.helmPanics?.includes(compat);
        const fatal = c.helmFatal?.includes(compat);
        const pairs = c.unorderedLocations?.includes(compat);
        const stderrView = (stderr: string) => {
          if (unordered) return stderr.split('\n').sort();
          if (panics) return panicHead(stderr);
          if (fatal) return fatalHead(stderr);
          return pairs ? sortedLocationPairs(stderr) : stderr;
        };
        const view = (r: FeatureRun, mode: Compat) => ({
          mode,
          exit: r.code,
          stderr: stderrView(r.stderr),
          stdout: exactText(r.stdout),
          written: r.written,
        });
        if (c.helmWritesOnFailure) {
          expect(o!.helm.code).not.toBe(0);
          expect({ exit: o!.ours.code, stderr: o!.ours.stderr }).toEqual({
            exit: o!.helm.code,
            stderr: o!.helm.stderr,
          });
          expect({ stdout: exactText(o!.ours.stdout), written: o!.ours.written }).toEqual({ stdout: '', written: {} });
          continue;
        }
        expect(view(o!.ours, compat)).toEqual(view(o!.helm, compat));
      }
    });
  }
});

if (missing.length > 0) {
  describe('features: helmless template vs helm template', () => {
    it.skip(`skipped: helm binaries missing (${missing.join(', ')}): run npm run setup:helm`, () => {});
  });
}
