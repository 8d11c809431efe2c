/**
 * Values hydration for one component (spec §6.1): component values file ← recipe values file ←
 * inline overrides, where a `null` deletes a key and lists replace. Read and parse failures are
 * internal errors worded as aicr words them (spec §1.4: exit 8).
 */
import type { Catalog } from './catalog.js';
import { errorMessage, MirrorError } from './errors.js';
import type { ComponentRef, ValueMap } from './types.js';
import { deepCopy, mergeValues } from './values.js';
import { newMap, parseValuesYaml } from './yamlv3.js';

/** The values a component renders with, before `--set` overrides. */
export async function hydrateValues(catalog: Catalog, ref: ComponentRef, signal?: AbortSignal): Promise<ValueMap> {
  const overrides = ref.overrides ?? newMap();
  const valuesFile = ref.valuesFile ?? '';
  if (valuesFile === '' && Object.keys(overrides).length === 0) return newMap();
  let values = newMap();
  if (valuesFile !== '') {
    const componentDefault = `components/${ref.name}/values.yaml`;
    if (valuesFile !== componentDefault) {
      // An overlay-specific values file sits on top of the component's shared values; a shared
      // file that cannot be read is simply absent, one that does not parse is an error.
      let shared: string | undefined;
      try {
        shared = await catalog.tryReadFile(componentDefault, signal);
      } catch (err) {
        if (catalog.isEmpty || signal?.aborted) throw err;
      }
      if (shared !== undefined) values = parse(shared, componentDefault, 'base values file');
      const text = await read(catalog, valuesFile, 'overlay values file', signal);
      mergeValues(values, parse(text, valuesFile, 'overlay values file'));
    } else {
      values = parse(await read(catalog, valuesFile, 'values file', signal), valuesFile, 'values file');
    }
  }
  mergeValues(values, deepCopy(overrides));
  return values;
}

async function read(catalog: Catalog, path: string, what: string, signal?: AbortSignal): Promise<string> {
  try {
    return await catalog.readFile(path, signal);
  } catch (err) {
    if (catalog.isEmpty || signal?.aborted) throw err;
    throw new MirrorError('internal', `failed to read ${what} "${path}": ${errorMessage(err)}`, { cause: err });
  }
}

function parse(text: string, path: string, what: string): ValueMap {
  try {
    return parseValuesYaml(text, path);
  } catch (err) {
    throw new MirrorError('internal', `failed to parse ${what} "${path}": ${errorMessage(err)}`, { cause: err });
  }
}
