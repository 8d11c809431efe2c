/**
 * The function map helm gives templates: Sprig v3.3's TxtFuncMap without `env`/`expandenv`, plus
 * Helm's own functions (include, tpl, required, fail, lookup, toYaml/fromYaml/toJson/…; mustToYaml
 * in helm 4 only). Go's builtins (and, or, eq, index, print…) come from the template engine.
 */
import type { FuncDef, FuncMap } from '../gotemplate/funcs.js';
import { conversionFunctions } from './conversion.js';
import { cryptoFunctions } from './crypto.js';
import { dateFunctions } from './dates.js';
import { defaultsFunctions } from './defaults.js';
import { dictFunctions } from './dicts.js';
import { encodingFunctions } from './encoding.js';
import { helmFunctions } from './helm.js';
import { listFunctions } from './lists.js';
import { mathFunctions } from './math.js';
import { pathFunctions } from './paths.js';
import { randomFunctions } from './random.js';
import { reflectionFunctions } from './reflection.js';
import { regexFunctions } from './regex.js';
import { semverFunctions } from './semver-funcs.js';
import { helm4SerializationFunctions, serializationFunctions } from './serialization.js';
import { stringFunctions } from './strings.js';
import { urlFunctions } from './urls.js';

const sprig: Record<string, FuncDef>[] = [
  stringFunctions,
  conversionFunctions,
  mathFunctions,
  reflectionFunctions,
  defaultsFunctions,
  listFunctions,
  dictFunctions,
  regexFunctions,
  encodingFunctions,
  pathFunctions,
  urlFunctions,
  semverFunctions,
  dateFunctions,
  randomFunctions,
  cryptoFunctions,
];

const cache = new Map<'helm3' | 'helm4', FuncMap>();

/** The template functions of helm 3.17 or helm 4.1 (immutable, shared across renders). */
export function helmFuncMap(compat: 'helm3' | 'helm4'): FuncMap {
  let m = cache.get(compat);
  if (m) return m;
  const all = new Map<string, FuncDef>();
  for (const group of sprig) for (const [name, def] of Object.entries(group)) all.set(name, def);
  // Helm removes these Sprig functions.
  all.delete('env');
  all.delete('expandenv');
  // Helm's own functions override Sprig's of the same name (fail, toJson, …).
  for (const [name, def] of Object.entries(serializationFunctions)) all.set(name, def);
  if (compat === 'helm4') for (const [name, def] of Object.entries(helm4SerializationFunctions)) all.set(name, def);
  for (const [name, def] of Object.entries(helmFunctions)) all.set(name, def);
  m = all;
  cache.set(compat, m);
  return m;
}
