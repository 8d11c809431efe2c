/**
 * The component registry (`registry.yaml`, spec §2.1): chart defaults per component, `--set`
 * aliases (`valueOverrideKeys`), default manifests and the mixin override allowlist.
 */
import { asFields, type Fields } from './decode.js';
import { invalid } from './errors.js';
import { parseYamlDocument } from './yamlv3.js';

/** One registry entry (only the keys discovery uses). */
export interface RegistryComponent {
  name: string;
  valueOverrideKeys: string[];
  /** Present when the entry has a `helm:` block. */
  helm?: { defaultRepository: string; defaultChart: string; defaultVersion: string; defaultNamespace: string };
  /** Present when the entry has a `kustomize:` block. */
  kustomize?: { defaultSource: string; defaultPath: string; defaultTag: string };
  /** Older catalogs mark manifest-only components with a `manifest:` block instead of an empty helm repo. */
  manifest?: { defaultNamespace: string };
  manifestFiles: string[];
  mixinSafeOverridePaths: string[];
}

/** A parsed registry, looked up by component name. */
export class ComponentRegistry {
  private readonly byName = new Map<string, RegistryComponent>();

  constructor(readonly components: RegistryComponent[]) {
    for (const c of components) this.byName.set(c.name, c);
  }

  get(name: string): RegistryComponent | undefined {
    return this.byName.get(name);
  }

  /** Registry merge of a `--data` layer (spec §4.6): same name replaces, new names are added. */
  mergedWith(other: ComponentRegistry): ComponentRegistry {
    const list = [...this.components];
    for (const c of other.components) {
      const i = list.findIndex((x) => x.name === c.name);
      if (i >= 0) list[i] = c;
      else list.push(c);
    }
    return new ComponentRegistry(list);
  }

  /** Every name and alias that `--set` accepts for a component: the name, then its aliases. */
  overrideKeys(name: string): string[] {
    return [name, ...(this.get(name)?.valueOverrideKeys ?? [])];
  }
}

/**
 * The component type a registry entry implies (spec §2.1): `Helm` with a helm block (also for
 * older manifest-only entries), otherwise `Kustomize`.
 */
export function registryType(c: RegistryComponent): 'Helm' | 'Kustomize' {
  if (c.helm || c.manifest) return 'Helm';
  return 'Kustomize';
}

/** Parses `registry.yaml`. */
export function parseRegistry(text: string, file: string): ComponentRegistry {
  const root = parseYamlDocument(text, file);
  if (root === null) return new ComponentRegistry([]);
  const doc = asFields(root, 'registry');
  const kind = doc.string('kind');
  if (kind !== '' && kind !== 'ComponentRegistry') {
    throw invalid(`${file}: kind is "${kind}", expected "ComponentRegistry"`);
  }
  // Like aicr's loader, a repeated name is not refused: the last entry wins a lookup.
  const components = doc.list('components').map((n, i) => parseComponent(asFields(n, `components[${i}]`)));
  return new ComponentRegistry(components);
}

/** The `--set deployer:<key>` namespace (Argo deployer options): no component may take the name. */
export const RESERVED_DEPLOYER_KEY = 'deployer';

/**
 * The checks aicr runs on every loaded registry (embedded or `--data`): no component may be named
 * `deployer` or alias it, and a Kustomize component may not declare default manifestFiles.
 */
export function validateRegistry(registry: ComponentRegistry): void {
  for (const c of registry.components) {
    if (c.name === RESERVED_DEPLOYER_KEY) {
      throw invalid(
        `registry component "${c.name}" uses the reserved deployer override key as its name; "${RESERVED_DEPLOYER_KEY}" is reserved for --set deployer:<key> Argo deployer options`,
      );
    }
    if (c.valueOverrideKeys.includes(RESERVED_DEPLOYER_KEY)) {
      throw invalid(
        `registry component "${c.name}" declares the reserved override key "${RESERVED_DEPLOYER_KEY}"; it is reserved for --set deployer:<key> Argo deployer options`,
      );
    }
    if (registryType(c) === 'Kustomize' && c.manifestFiles.length > 0) {
      throw invalid(
        `registry component "${c.name}" is Kustomize but declares manifestFiles; a component may declare either Kustomize (tag/path) or raw manifest files, not both — manifestFiles defaults apply only to Helm components`,
      );
    }
  }
}

function parseComponent(f: Fields): RegistryComponent {
  const helm = f.object('helm');
  const kustomize = f.object('kustomize');
  const manifest = f.object('manifest');
  const c: RegistryComponent = {
    name: f.string('name'),
    valueOverrideKeys: f.strings('valueOverrideKeys'),
    manifestFiles: f.strings('manifestFiles'),
    mixinSafeOverridePaths: f.strings('mixinSafeOverridePaths'),
  };
  if (helm && kustomize) throw invalid(`component "${c.name}" has both helm and kustomize settings`);
  if (helm) {
    c.helm = {
      defaultRepository: helm.string('defaultRepository'),
      defaultChart: helm.string('defaultChart'),
      defaultVersion: helm.string('defaultVersion'),
      defaultNamespace: helm.string('defaultNamespace'),
    };
  }
  if (kustomize) {
    c.kustomize = {
      defaultSource: kustomize.string('defaultSource'),
      defaultPath: kustomize.string('defaultPath'),
      defaultTag: kustomize.string('defaultTag'),
    };
  }
  if (manifest && !helm && !kustomize) c.manifest = { defaultNamespace: manifest.string('defaultNamespace') };
  return c;
}
