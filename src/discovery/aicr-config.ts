/**
 * `--config`: an AICRConfig document (file or URL) whose `spec.recipe` supplies criteria, a profile
 * selection, catalog directories and strictness; command-line flags always win (spec §1.2).
 */
import { asFields, type Fields } from './decode.js';
import { invalid } from './errors.js';
import { readRecipeSource } from './load.js';
import { decodeCriteria } from './recipe.js';
import type { Criteria } from './types.js';
import { parseYamlDocument } from './yamlv3.js';

/** What mirror uses from an AICRConfig. */
export interface MirrorConfig {
  criteria: Criteria;
  profile?: string;
  data: string[];
  criteriaStrict: boolean;
  snapshot?: string;
  gkeTcpxoInterfaces?: string;
  slurmAccountingMode?: string;
}

/** Loads and decodes `--config FILE|URL`. */
export async function loadMirrorConfig(source: string, cwd?: string): Promise<MirrorConfig> {
  const { text, name } = await readRecipeSource(source, cwd);
  const root = parseYamlDocument(text, name);
  if (root === null) throw invalid(`${name}: the config file is empty`);
  const doc = asFields(root, 'config');
  const kind = doc.string('kind');
  if (kind !== 'AICRConfig') throw invalid(`${name}: kind is "${kind}", expected "AICRConfig"`);
  const recipe = doc.object('spec')?.object('recipe');
  const out: MirrorConfig = { criteria: {}, data: [], criteriaStrict: false };
  if (!recipe) return out;
  const criteria = recipe.object('criteria');
  if (criteria) out.criteria = decodeCriteria(criteria);
  const profile = recipe.string('profile');
  if (profile) out.profile = profile;
  const data = recipe.raw('data');
  if (data) out.data = data.kind === 'seq' ? recipe.strings('data') : [recipe.string('data')];
  out.criteriaStrict = recipe.bool('criteriaStrict');
  const snapshot = recipe.object('input')?.string('snapshot');
  if (snapshot) out.snapshot = snapshot;
  const configuration = recipe.object('configuration');
  const tcpxo = configuration?.object('gke')?.raw('tcpxoInterfaces');
  if (tcpxo) out.gkeTcpxoInterfaces = tcpxo.kind === 'scalar' ? String(tcpxo.raw) : 'set';
  const mode = accountingMode(configuration);
  if (mode) out.slurmAccountingMode = mode;
  return out;
}

function accountingMode(configuration: Fields | undefined): string | undefined {
  return configuration?.object('slurm')?.object('accounting')?.string('mode') || undefined;
}
