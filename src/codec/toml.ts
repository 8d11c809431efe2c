/**
 * Helm's TOML functions (BurntSushi/toml v1.4.0 in helm 3, v1.6.0 in helm 4): `toToml` and `fromToml`.
 */
export { decodeToml, fromToml, TomlDecodeError } from './toml-decode.js';
export { encodeToml, type TomlCompat, TomlEncodeError, TomlPanic, tomlQuote, toToml } from './toml-encode.js';
export { type TomlTimeKind, tomlLocalZones, tomlTimeText } from './toml-time.js';
