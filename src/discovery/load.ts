/**
 * Loading `--recipe FILE|URL` (spec §4.5): a RecipeResult is used as is (no registry defaults),
 * a RecipeMetadata overlay is hydrated by resolving its spec.criteria against the catalog. ConfigMap
 * sources (`cm://`) need a cluster and are refused with a clear message.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Catalog } from './catalog.js';
import { errorMessage, invalid, MirrorError } from './errors.js';
import { decodeRecipeDocument } from './recipe.js';
import { hydrateOverlay } from './resolve.js';
import type { RecipeResult } from './types.js';
import { MAX_YAML_BYTES, parseYamlDocument } from './yamlv3.js';

/** Time allowed for downloading a recipe over HTTP(S). */
const RECIPE_DOWNLOAD_TIMEOUT_MS = 60_000;

/** Reads a recipe document's text from a path or an http(s) URL. */
export async function readRecipeSource(source: string, cwd = process.cwd()): Promise<{ text: string; name: string }> {
  if (source.startsWith('cm://')) {
    throw invalid(
      `--recipe ${source}: ConfigMap recipes are not supported by helmless; save the ConfigMap's recipe to a file (kubectl get configmap … -o jsonpath=…) and pass the file`,
    );
  }
  if (/^https?:\/\//i.test(source)) return { text: await download(source), name: source };
  const file = resolve(cwd, source);
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw invalid(`--recipe ${source}: not a regular file`);
    size = st.size;
  } catch (err) {
    if (err instanceof MirrorError) throw err;
    throw new MirrorError('notfound', `recipe file ${source} not found`);
  }
  if (size > MAX_YAML_BYTES) throw invalid(`--recipe ${source}: file is larger than the 10 MiB limit`);
  return { text: await readFile(file, 'utf8'), name: source };
}

async function download(url: string): Promise<string> {
  let res: Awaited<ReturnType<typeof import('undici').fetch>>;
  try {
    const { fetch } = await import('undici');
    res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(RECIPE_DOWNLOAD_TIMEOUT_MS) });
  } catch (err) {
    throw new MirrorError('internal', `--recipe ${url}: download failed: ${errorMessage(err)}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new MirrorError(
      res.status === 404 ? 'notfound' : 'internal',
      `--recipe ${url}: download failed with HTTP ${res.status}`,
    );
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (res.body) {
    for await (const chunk of res.body) {
      total += chunk.length;
      if (total > MAX_YAML_BYTES) {
        await res.body.cancel();
        throw invalid(`--recipe ${url}: the recipe is larger than the 10 MiB limit`);
      }
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses recipe text: a RecipeResult, or a RecipeMetadata overlay hydrated against the catalog. */
export async function parseRecipe(text: string, name: string, catalog: Catalog): Promise<RecipeResult> {
  const doc = decodeRecipeDocument(parseYamlDocument(text, name), name);
  if (doc.kind === 'result') return doc.recipe;
  return hydrateOverlay(catalog, doc.overlay);
}

/** Loads `--recipe FILE|URL`. */
export async function loadRecipe(source: string, catalog: Catalog, cwd?: string): Promise<RecipeResult> {
  const { text, name } = await readRecipeSource(source, cwd);
  return parseRecipe(text, name, catalog);
}
