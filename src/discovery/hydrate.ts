/**
 * Values hydration for one component (spec §6.1): component values file ← recipe values file ←
 * inline overrides, where a `null` deletes a key and lists replace.
 */
import type { Catalog } from './catalog.js';
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
      // An overlay-specific values file sits on top of the component's shared values, if any.
      const shared = await catalog.tryReadFile(componentDefault, signal);
      if (shared !== undefined) values = parseValuesYaml(shared, componentDefault);
      mergeValues(values, parseValuesYaml(await catalog.readFile(valuesFile, signal), valuesFile));
    } else {
      values = parseValuesYaml(await catalog.readFile(valuesFile, signal), valuesFile);
    }
  }
  mergeValues(values, deepCopy(overrides));
  return values;
}
