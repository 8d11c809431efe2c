/**
 * Serialization template functions, thin wrappers with the exact Go signatures and error behaviour
 * over the codecs in src/codec:
 *
 * - helm's (pkg/engine/funcs.go): `toYaml`, `toYamlPretty`, `fromYaml`, `fromYamlArray`, `toJson`,
 *   `fromJson`, `fromJsonArray` (marshal errors give "", unmarshal errors are returned *inside* the
 *   result), and helm 4's `mustToYaml` (error raised) — exported separately because helm 3 does not
 *   define it (a template using it fails to parse there);
 * - Sprig's: `mustToJson`, `toPrettyJson`, `mustToPrettyJson`, `toRawJson` (panics on error),
 *   `mustToRawJson`, `mustFromJson` (any JSON type, error raised).
 * - helm's `toToml`/`fromToml` over BurntSushi/toml's behaviour (v1.4 in helm 3, v1.6 in helm 4).
 */
import { fromJson, fromJsonArray, JsonError, marshalJSON, unmarshalJSON } from '../codec/json.js';
import { fromToml, TomlPanic, toToml } from '../codec/toml.js';
import { fromYaml, fromYamlArray } from '../codec/yaml-read.js';
import { marshalYamlV2, toYaml, YamlWriteError } from '../codec/yaml-write-v2.js';
import { toYamlPretty } from '../codec/yaml-write-v3.js';
import { type CallContext, type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { T_INTERFACE, T_MAP, T_SLICE, T_STRING } from '../gotemplate/types.js';
import type { GoValue } from '../gotemplate/value.js';
import { checkStringSize } from './limits.js';

/** Runs a codec call, turning its Go error into the function's error. */
function raising<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof JsonError || e instanceof YamlWriteError) throw new FuncError(e.message);
    throw e;
  }
}

/** Runs a codec call, returning `fallback` when Go would have ignored the error. */
function swallowing(f: () => string, fallback = ''): string {
  try {
    return f();
  } catch (e) {
    if (e instanceof JsonError || e instanceof YamlWriteError) return fallback;
    throw e;
  }
}

function bounded(s: string, name: string): string {
  checkStringSize(s.length, name);
  return s;
}

const json = (v: GoValue, escapeHTML: boolean, indent?: string): string => marshalJSON(v, { escapeHTML, indent });

/** json.Encoder with SetEscapeHTML(false), trailing newline trimmed (Sprig's toRawJson). */
const rawJson = (v: GoValue): string => json(v, false);

/** Serialization functions present in both helm 3 and helm 4. */
export const serializationFunctions: Record<string, FuncDef> = {
  toYaml: fn([T_INTERFACE], T_STRING, (v: GoValue) => bounded(toYaml(v), 'toYaml')),
  toYamlPretty: fn([T_INTERFACE], T_STRING, (v: GoValue) => bounded(toYamlPretty(v), 'toYamlPretty')),
  fromYaml: fn([T_STRING], T_MAP, (s: string) => fromYaml(s)),
  fromYamlArray: fn([T_STRING], T_SLICE, (s: string) => fromYamlArray(s)),
  toJson: fn([T_INTERFACE], T_STRING, (v: GoValue) => swallowing(() => json(v, true))),
  mustToJson: fn([T_INTERFACE], T_STRING, (v: GoValue) => raising(() => json(v, true))),
  toPrettyJson: fn([T_INTERFACE], T_STRING, (v: GoValue) => swallowing(() => json(v, true, '  '))),
  mustToPrettyJson: fn([T_INTERFACE], T_STRING, (v: GoValue) => raising(() => json(v, true, '  '))),
  toRawJson: fn([T_INTERFACE], T_STRING, (v: GoValue) => raising(() => rawJson(v))),
  mustToRawJson: fn([T_INTERFACE], T_STRING, (v: GoValue) => raising(() => rawJson(v))),
  fromJson: fn([T_STRING], T_MAP, (s: string) => fromJson(s)),
  fromJsonArray: fn([T_STRING], T_SLICE, (s: string) => fromJsonArray(s)),
  mustFromJson: fn([T_STRING], T_INTERFACE, (s: string) => raising(() => unmarshalJSON(s, 'interface'))),
  toToml: fn(
    [T_INTERFACE],
    T_STRING,
    (ctx: CallContext, v: GoValue) => {
      try {
        return toToml(v, ctx.compat);
      } catch (e) {
        // A Go panic inside the encoder becomes the function's error, as text/template recovers it.
        if (e instanceof TomlPanic) throw new FuncError(e.message);
        throw e;
      }
    },
    { context: true },
  ),
  fromToml: fn([T_STRING], T_MAP, (ctx: CallContext, text: string) => fromToml(text, ctx.compat), { context: true }),
};

/** Functions only helm 4 defines. */
export const helm4SerializationFunctions: Record<string, FuncDef> = {
  mustToYaml: fn([T_INTERFACE], T_STRING, (v: GoValue) =>
    bounded(raising(() => marshalYamlV2(v)).replace(/\n$/, ''), 'mustToYaml'),
  ),
};
