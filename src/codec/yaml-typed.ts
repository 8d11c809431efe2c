/**
 * sigs.k8s.io/yaml.Unmarshal into a typed Go target (Chart.yaml into chart.Metadata, …): while
 * converting YAML to JSON, scalars bound for string fields are turned into strings (`appVersion: 1.10`
 * → "1.1", floats via FormatFloat(f, 'g', -1, 32)), then encoding/json decodes into the target with
 * Go's rules (case-insensitive field names, unknown fields ignored) and error texts
 * (`json: cannot unmarshal array into Go struct field Metadata.appVersion of type string`).
 */
import type { GoMap, GoValue } from '../gotemplate/value.js';
import { JsonError, jsonFloat, toValidUTF8 } from './json.js';
import { GoYamlError, YInt, YMap, type YValue, yamlV2Unmarshal } from './yaml-decode.js';
import { formatFloat32, jsonKeyOf, YamlReadError } from './yaml-read.js';

export interface TargetField {
  /** Go field name (the key in the decoded object). */
  readonly name: string;
  /** JSON name from the `json` tag (defaults to the Go name). */
  readonly json?: string;
  readonly type: GoTarget;
}

/** The Go type to decode into. */
export type GoTarget =
  | { readonly kind: 'string' | 'bool' | 'float64' | 'int' | 'int64' | 'any' }
  | { readonly kind: 'slice' | 'map' | 'ptr'; readonly elem: GoTarget }
  | { readonly kind: 'struct'; readonly name: string; readonly fields: readonly TargetField[] };

/** Go's reflect.Type.String() of a target (`[]*chart.Maintainer`, `map[string]string`, …). */
export function targetTypeName(t: GoTarget): string {
  switch (t.kind) {
    case 'any':
      return 'interface {}';
    case 'slice':
      return `[]${targetTypeName(t.elem)}`;
    case 'map':
      return `map[string]${targetTypeName(t.elem)}`;
    case 'ptr':
      return `*${targetTypeName(t.elem)}`;
    case 'struct':
      return t.name;
    default:
      return t.kind;
  }
}

function indirect(t: GoTarget | undefined): GoTarget | undefined {
  while (t?.kind === 'ptr') t = t.elem;
  return t;
}

function jsonName(f: TargetField): string {
  return f.json ?? f.name;
}

/** encoding/json's field lookup: exact JSON name first, else a case-insensitive match. */
function findField(t: Extract<GoTarget, { kind: 'struct' }>, key: string): TargetField | undefined {
  let folded: TargetField | undefined;
  for (const f of t.fields) {
    if (jsonName(f) === key) return f;
    if (!folded && jsonName(f).toLowerCase() === key.toLowerCase()) folded = f;
  }
  return folded;
}

function keyString(k: YValue): string {
  const key = jsonKeyOf(k);
  if (key !== undefined) return key;
  throw new YamlReadError(
    `error converting YAML to JSON: unsupported map key of type: ${k === null ? '%!s(<nil>)' : 'uint64'}`,
  );
}

/** convertToJSONableObject with a target: keys to strings, scalars for string targets to strings. */
function toJsonable(v: YValue, target: GoTarget | undefined): GoValue {
  const t = indirect(target);
  if (v instanceof YMap) {
    const m: GoMap = new Map();
    for (const { key, value } of v.entries.values()) {
      const k = toValidUTF8(keyString(key));
      let sub: GoTarget | undefined;
      if (t?.kind === 'struct') sub = findField(t, k)?.type;
      else if (t?.kind === 'map') sub = t.elem;
      m.delete(k);
      m.set(k, toJsonable(value, sub));
    }
    return m;
  }
  if (Array.isArray(v)) return v.map((e) => toJsonable(e, t?.kind === 'slice' ? t.elem : undefined));
  if (t?.kind === 'string' && v !== null && typeof v !== 'string') {
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return formatFloat32(v);
    if (v instanceof YInt) return v.v.toString();
  }
  if (typeof v === 'string') return toValidUTF8(v);
  if (v instanceof YInt) return Number(v.v);
  return v;
}

function jsonKind(v: GoValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** Decoding state: the first type error is kept and decoding goes on, like encoding/json. */
class Decoder {
  firstError?: string;

  private typeError(v: GoValue, t: GoTarget, struct: string | undefined, path: string[]): void {
    if (this.firstError) return;
    const what = `json: cannot unmarshal ${jsonKind(v)} into Go `;
    this.firstError =
      struct === undefined
        ? `${what}value of type ${targetTypeName(t)}`
        : `${what}struct field ${struct}.${path.join('.')} of type ${targetTypeName(t)}`;
  }

  zero(t: GoTarget): unknown {
    switch (t.kind) {
      case 'string':
        return '';
      case 'bool':
        return false;
      case 'float64':
      case 'int':
      case 'int64':
        return 0;
      case 'struct': {
        const o: Record<string, unknown> = {};
        for (const f of t.fields) o[f.name] = this.zero(f.type);
        return o;
      }
      default:
        return null;
    }
  }

  decode(v: GoValue, t: GoTarget, struct: string | undefined, path: string[]): unknown {
    if (v === null) return this.zero(t);
    switch (t.kind) {
      case 'any':
        return v;
      case 'ptr':
        return this.decode(v, t.elem, struct, path);
      case 'string':
        if (typeof v === 'string') return v;
        break;
      case 'bool':
        if (typeof v === 'boolean') return v;
        break;
      case 'float64':
        if (typeof v === 'number') return v;
        break;
      case 'int':
      case 'int64':
        if (typeof v === 'number' && Number.isInteger(v)) return v;
        break;
      case 'slice':
        if (Array.isArray(v)) return v.map((e) => this.decode(e, t.elem, struct, path));
        break;
      case 'map':
        if (v instanceof Map) {
          const out = new Map<string, unknown>();
          for (const [k, e] of v) out.set(k, this.decode(e, t.elem, struct, path));
          return out;
        }
        break;
      case 'struct':
        if (v instanceof Map) {
          const o = this.zero(t) as Record<string, unknown>;
          const short = t.name.slice(t.name.lastIndexOf('.') + 1);
          for (const [k, e] of v) {
            const f = findField(t, k);
            if (f) o[f.name] = this.decode(e, f.type, short, [...path, jsonName(f)]);
          }
          return o;
        }
        break;
    }
    this.typeError(v, t, struct, path);
    return this.zero(t);
  }
}

/**
 * sigs.k8s.io/yaml.Unmarshal(text, &target) for a typed target: the decoded value (structs as plain
 * objects keyed by Go field name, zero values for absent fields). Throws {@link YamlReadError} with
 * the text helm prints after its own prefix (`cannot load Chart.yaml: …`).
 */
export function yamlUnmarshalTyped(text: string, target: GoTarget): unknown {
  let y: YValue | undefined;
  try {
    y = yamlV2Unmarshal(text);
  } catch (e) {
    if (e instanceof GoYamlError) throw new YamlReadError(`error converting YAML to JSON: ${e.message}`);
    throw e;
  }
  const v = y === undefined ? null : toJsonable(y, target);
  try {
    checkFinite(v);
  } catch (e) {
    if (e instanceof JsonError) throw new YamlReadError(`error converting YAML to JSON: ${e.message}`);
    throw e;
  }
  const d = new Decoder();
  const out = d.decode(v, target, undefined, []);
  if (d.firstError) throw new YamlReadError(`error unmarshaling JSON: while decoding JSON: ${d.firstError}`);
  return out;
}

function checkFinite(v: GoValue): void {
  if (typeof v === 'number') jsonFloat(v);
  else if (Array.isArray(v)) for (const e of v) checkFinite(e);
  else if (v instanceof Map) for (const k of [...v.keys()].sort()) checkFinite(v.get(k));
}

const S: GoTarget = { kind: 'string' };

/** helm's chart.Maintainer. */
export const T_CHART_MAINTAINER: GoTarget = {
  kind: 'struct',
  name: 'chart.Maintainer',
  fields: [
    { name: 'Name', json: 'name', type: S },
    { name: 'Email', json: 'email', type: S },
    { name: 'URL', json: 'url', type: S },
  ],
};

/** helm's chart.Dependency. */
export const T_CHART_DEPENDENCY: GoTarget = {
  kind: 'struct',
  name: 'chart.Dependency',
  fields: [
    { name: 'Name', json: 'name', type: S },
    { name: 'Version', json: 'version', type: S },
    { name: 'Repository', json: 'repository', type: S },
    { name: 'Condition', json: 'condition', type: S },
    { name: 'Tags', json: 'tags', type: { kind: 'slice', elem: S } },
    { name: 'Enabled', json: 'enabled', type: { kind: 'bool' } },
    { name: 'ImportValues', json: 'import-values', type: { kind: 'slice', elem: { kind: 'any' } } },
    { name: 'Alias', json: 'alias', type: S },
  ],
};

/** helm's chart.Metadata (Chart.yaml). */
export const T_CHART_METADATA: GoTarget = {
  kind: 'struct',
  name: 'chart.Metadata',
  fields: [
    { name: 'Name', json: 'name', type: S },
    { name: 'Home', json: 'home', type: S },
    { name: 'Sources', json: 'sources', type: { kind: 'slice', elem: S } },
    { name: 'Version', json: 'version', type: S },
    { name: 'Description', json: 'description', type: S },
    { name: 'Keywords', json: 'keywords', type: { kind: 'slice', elem: S } },
    {
      name: 'Maintainers',
      json: 'maintainers',
      type: { kind: 'slice', elem: { kind: 'ptr', elem: T_CHART_MAINTAINER } },
    },
    { name: 'Icon', json: 'icon', type: S },
    { name: 'APIVersion', json: 'apiVersion', type: S },
    { name: 'Condition', json: 'condition', type: S },
    { name: 'Tags', json: 'tags', type: S },
    { name: 'AppVersion', json: 'appVersion', type: S },
    { name: 'Deprecated', json: 'deprecated', type: { kind: 'bool' } },
    { name: 'Annotations', json: 'annotations', type: { kind: 'map', elem: S } },
    { name: 'KubeVersion', json: 'kubeVersion', type: S },
    {
      name: 'Dependencies',
      json: 'dependencies',
      type: { kind: 'slice', elem: { kind: 'ptr', elem: T_CHART_DEPENDENCY } },
    },
    { name: 'Type', json: 'type', type: S },
  ],
};
