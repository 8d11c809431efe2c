/**
 * Node module hooks that run this repository's TypeScript sources without a build step (Node 20 has
 * no type stripping): `.ts` files are transpiled in memory with the TypeScript compiler's
 * transpileModule (no type checking; outputs cached by content hash under node_modules/.cache), and
 * a local `./x.js` import resolves to `./x.ts` when only the TypeScript file exists. Registered by
 * register-ts.mjs; used by `npm run conformance`.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/helmless-ts/', import.meta.url));
const tsVersion = JSON.parse(
  await readFile(fileURLToPath(new URL('../../node_modules/typescript/package.json', import.meta.url)), 'utf8'),
).version;
/** The compiler is loaded only when a file is not in the cache (it takes a second to load). */
let compiler;

async function transpile(source, fileName) {
  const ts = (compiler ??= (await import('typescript')).default);
  const compilerOptions = {
    module: ts.ModuleKind.ESNext,
    target: ts.ScriptTarget.ES2022,
    verbatimModuleSyntax: true,
    inlineSourceMap: true,
  };
  return ts.transpileModule(source, { compilerOptions, fileName }).outputText;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    const local = specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:');
    if (!local || !specifier.endsWith('.js') || err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const source = await readFile(fileName, 'utf8');
  const key = createHash('sha256').update(fileName).update('\0').update(tsVersion).update('\0').update(source);
  const cached = join(cacheDir, `${key.digest('hex')}.js`);
  let output;
  try {
    output = await readFile(cached, 'utf8');
  } catch {
    output = await transpile(source, fileName);
    await mkdir(cacheDir, { recursive: true });
    await writeFile(cached, output);
  }
  return { format: 'module', source: output, shortCircuit: true };
}
