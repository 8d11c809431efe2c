/**
 * Values hydration for one component (spec §6.1): component values file ← recipe values file ←
 * inline overrides, where a `null` deletes a key and lists replace.
 */

import { quote } from '../gotemplate/strconv.js';
import type { Catalog } from './catalog.js';
import { errorMessage, MirrorError } from './errors.js';
import type { ComponentRef, ValueMap } from './types.js';
import { deepCopy, mergeValues } from './values.js';
import { newMap, parseValuesYaml } from './yamlv3.js';

/**
 * A failure reading or parsing a values file, as AICR reports it: an internal error naming the file
 * (`failed to read values file "…": …`). Cancellation, and helmless's "no catalog given" hint, pass
 * through unchanged.
 */
function valuesFileError(
  catalog: Catalog,
  signal: AbortSignal | undefined,
  what: string,
  file: string,
  err: unknown,
): unknown {
  if (signal?.aborted || catalog.isEmpty) return err;
  return new MirrorError('internal', `failed to ${what} ${quote(file)}: ${errorMessage(err)}`, { cause: err });
}

/** The values a component renders with, before `--set` overrides. */
export async function hydrateValues(catalog: Catalog, ref: ComponentRef, signal?: AbortSignal): Promise<ValueMap> {
  const overrides = ref.overrides ?? newMap();
  const valuesFile = ref.valuesFile ?? '';
  if (valuesFile === '' && Object.keys(overrides).length === 0) return newMap();
  let values = newMap();
  if (valuesFile !== '') {
    const componentDefault = `components/${ref.name}/values.yaml`;
    if (valuesFile !== componentDefault) {
      // An overlay-specific values file sits on top of the component's shared values, which may be
      // absent or unreadable (then they are skipped, as AICR does), but not malformed.
      let shared: string | undefined;
      try {
        shared = await catalog.tryReadFile(componentDefault, signal);
      } catch (err) {
        if (signal?.aborted || catalog.isEmpty) throw err;
      }
      if (shared !== undefined) {
        try {
          values = parseValuesYaml(shared, componentDefault);
        } catch (err) {
          throw valuesFileError(catalog, signal, 'parse base values file', componentDefault, err);
        }
      }
      mergeValues(values, await readValuesFile(catalog, valuesFile, 'overlay values file', signal));
    } else {
      values = await readValuesFile(catalog, valuesFile, 'values file', signal);
    }
  }
  mergeValues(values, deepCopy(overrides));
  return values;
}

async function readValuesFile(catalog: Catalog, file: string, what: string, signal?: AbortSignal): Promise<ValueMap> {
  let text: string;
  try {
    text = await catalog.readFile(file, signal);
  } catch (err) {
    throw valuesFileError(catalog, signal, `read ${what}`, file, err);
  }
  try {
    return parseValuesYaml(text, file);
  } catch (err) {
    throw valuesFileError(catalog, signal, `parse ${what}`, file, err);
  }
}
