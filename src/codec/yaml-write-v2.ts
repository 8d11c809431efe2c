/**
 * Helm's `toYaml`: sigs.k8s.io/yaml.Marshal = encoding/json → go-yaml v2 Unmarshal of that JSON →
 * go-yaml v2 Marshal. So numbers are printed from their JSON text (integral literals that fit int64 or
 * uint64 as integers, the rest with %g), map keys in go-yaml's natural order, strings quoted when
 * YAML 1.1 would read them as something else, long scalars folded at column 80.
 */
import { formatFloat } from '../gotemplate/strconv.js';
import type { GoValue } from '../gotemplate/value.js';
import { JNum, JObject, JsonError, type JValue, toJSONTree, toValidUTF8, writeJSONTree } from './json.js';
import { GoYamlError, type YMap, type YValue, yamlV2Unmarshal } from './yaml-decode.js';
import { type ENode, emitDocument } from './yaml-emitter.js';
import { isBase60Float, resolvePlain, STR_TAG, YInt } from './yaml-resolve.js';
import { naturalSort } from './yaml-sort.js';

/** sigs.k8s.io/yaml.Marshal's error (`error marshaling into JSON: …`, `error converting JSON to YAML: …`). */
export class YamlWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlWriteError';
  }
}

/**
 * Characters JSON writes raw but go-yaml does not read back as themselves: the ones its reader
 * refuses, and NEL, a line break inside a quoted scalar. Trees holding them take the slow path
 * (really re-reading the JSON text).
 */
const AWKWARD = /[\u007f-\u009f\ufffe\uffff]/;

/** How go-yaml v2's encoder writes a string scalar. */
export function v2StringNode(s: string): ENode {
  const canUsePlain = resolvePlain(s)[0] === STR_TAG && !isBase60Float(s);
  const style = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
  return { kind: 'scalar', value: s, style };
}

function numberText(text: string): string {
  const [, v] = resolvePlain(text);
  if (v instanceof YInt) return v.v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
    return formatFloat(v, 'g', -1);
  }
  return text;
}

function treeNode(t: JValue): ENode {
  if (t === null) return { kind: 'scalar', value: 'null', style: 'plain' };
  if (typeof t === 'boolean') return { kind: 'scalar', value: t ? 'true' : 'false', style: 'plain' };
  if (typeof t === 'string') {
    // go-yaml reads the JSON's \ufffd escapes back as U+FFFD.
    t = toValidUTF8(t);
    if (AWKWARD.test(t)) throw new SlowPath();
    return v2StringNode(t);
  }
  if (t instanceof JNum) return { kind: 'scalar', value: numberText(t.text), style: 'plain' };
  if (Array.isArray(t)) return { kind: 'seq', items: t.map(treeNode) };
  // Re-reading JSON into a Go map keeps the last of duplicate keys.
  const byKey = new Map<string, JValue>();
  for (const [key, v] of (t as JObject).entries) {
    const k = toValidUTF8(key);
    if (AWKWARD.test(k)) throw new SlowPath();
    byKey.set(k, v);
  }
  return {
    kind: 'map',
    pairs: naturalSort([...byKey.keys()]).map((k) => [v2StringNode(k), treeNode(byKey.get(k)!)] as [ENode, ENode]),
  };
}

class SlowPath extends Error {}

/** go-yaml v2's encoder over a decoded YAML value (the value JSONToYAML gets from re-reading JSON). */
function yvalueNode(v: YValue): ENode {
  if (v === null) return { kind: 'scalar', value: 'null', style: 'plain' };
  if (typeof v === 'boolean') return { kind: 'scalar', value: v ? 'true' : 'false', style: 'plain' };
  if (typeof v === 'string') return v2StringNode(v);
  if (typeof v === 'number') return { kind: 'scalar', value: numberText(formatFloat(v, 'g', -1)), style: 'plain' };
  if (v instanceof YInt) return { kind: 'scalar', value: v.v.toString(), style: 'plain' };
  if (Array.isArray(v)) return { kind: 'seq', items: v.map(yvalueNode) };
  const m = v as YMap;
  const byKey = new Map<string, YValue>();
  for (const { key, value } of m.entries.values()) byKey.set(String(key), value);
  return {
    kind: 'map',
    pairs: naturalSort([...byKey.keys()]).map((k) => [v2StringNode(k), yvalueNode(byKey.get(k)!)] as [ENode, ENode]),
  };
}

/** sigs.k8s.io/yaml.Marshal(v): the YAML text (ending in a newline); throws {@link YamlWriteError}. */
export function marshalYamlV2(v: GoValue): string {
  let tree: JValue;
  try {
    tree = toJSONTree(v);
  } catch (e) {
    if (e instanceof JsonError) throw new YamlWriteError(`error marshaling into JSON: ${e.message}`);
    throw e;
  }
  let root: ENode;
  try {
    root = treeNode(tree);
  } catch (e) {
    if (!(e instanceof SlowPath)) throw e;
    // Re-read the JSON text with the YAML parser, exactly like JSONToYAML.
    try {
      const y = yamlV2Unmarshal(writeJSONTree(tree, true));
      root = yvalueNode(y ?? null);
    } catch (e2) {
      if (e2 instanceof GoYamlError) throw new YamlWriteError(`error converting JSON to YAML: ${e2.message}`);
      throw e2;
    }
  }
  return emitDocument(root, { flavor: 'v2' });
}

/** Helm's `toYaml`: marshalYamlV2 without the final newline, or "" when marshalling fails. */
export function toYaml(v: GoValue): string {
  try {
    return marshalYamlV2(v).replace(/\n$/, '');
  } catch (e) {
    if (e instanceof YamlWriteError) return '';
    throw e;
  }
}

/** Helm 4's `mustToYaml`: like toYaml but the error is raised. */
export function mustToYaml(v: GoValue): string {
  return marshalYamlV2(v).replace(/\n$/, '');
}

export { JObject };
