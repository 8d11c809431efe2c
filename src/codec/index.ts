/**
 * Go-compatible codecs over helmless's Go value model, byte-identical to what helm 3 / helm 4 produce:
 *
 * - encoding/json: {@link marshalJSON}, {@link unmarshalJSON}, Helm's toJson/fromJson/fromJsonArray and
 *   Sprig's toPrettyJson/toRawJson;
 * - YAML input like sigs.k8s.io/yaml over go-yaml v2 (YAML 1.1): {@link yamlUnmarshal}, Helm's
 *   fromYaml/fromYamlArray, values files ({@link readValuesFile}), and the raw go-yaml v2 decoder;
 * - YAML output: {@link toYaml} (JSON → go-yaml v2, folded at column 80) and {@link toYamlPretty}
 *   (go-yaml v3, indent 2);
 * - TOML like BurntSushi/toml: {@link toToml}, {@link fromToml}.
 *
 * Where helm 3 and helm 4 differ, functions take `compat: 'helm3' | 'helm4'`.
 */
export {
  fromJson,
  fromJsonArray,
  JNum,
  JObject,
  JsonError,
  type JsonTarget,
  type JValue,
  jsonFloat,
  jsonString,
  type MarshalOptions,
  marshalJSON,
  parseJSONTree,
  toJSONTree,
  toJson,
  toPrettyJson,
  toRawJson,
  toValidUTF8,
  treeToGo,
  unmarshalJSON,
  writeJSONTree,
} from './json.js';
export {
  decodeToml,
  encodeToml,
  fromToml,
  type TomlCompat,
  TomlDecodeError,
  TomlEncodeError,
  TomlPanic,
  tomlLocalZones,
  tomlTimeText,
  toToml,
} from './toml.js';
export { GoYamlError, YInt, YMap, type YValue, yamlV2Unmarshal } from './yaml-decode.js';
export { type ENode, emitDocument } from './yaml-emitter.js';
export {
  formatFloat32,
  fromYaml,
  fromYamlArray,
  readValuesFile,
  splitYamlDocuments,
  YamlReadError,
  yamlUnmarshal,
} from './yaml-read.js';
export { naturalLess, naturalSort } from './yaml-sort.js';
export {
  type GoTarget,
  T_CHART_DEPENDENCY,
  T_CHART_MAINTAINER,
  T_CHART_METADATA,
  type TargetField,
  targetTypeName,
  yamlUnmarshalTyped,
} from './yaml-typed.js';
export { marshalYamlV2, mustToYaml, toYaml, YamlWriteError } from './yaml-write-v2.js';
export { marshalYamlV3, toYamlPretty } from './yaml-write-v3.js';
