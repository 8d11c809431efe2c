/**
 * `--kube-version` parsing as helm 3 (Masterminds semver) and helm 4 (Kubernetes' generic version
 * parser) do it, and release-name validation.
 */

import { quote } from '../gotemplate/strconv.js';
import { parseVersion } from '../sprig/semver.js';
import { HelmError } from './engine.js';
import { type Compat, DEFAULT_KUBE_VERSION, type KubeVersionParts } from './objects.js';

const UINT64_MAX = (1n << 64n) - 1n;

/** Parses a `--kube-version` value; throws HelmError with helm's text. */
export function parseKubeVersion(text: string | undefined, compat: Compat): KubeVersionParts {
  if (text === undefined || text === '') text = DEFAULT_KUBE_VERSION[compat];
  if (compat === 'helm3') {
    let v: ReturnType<typeof parseVersion>;
    try {
      v = parseVersion(text, { compat: 'helm3' });
    } catch (e) {
      throw new HelmError(`invalid kube version '${text}': ${(e as Error).message}`);
    }
    const version = `v${v.toString()}`;
    return { version, normalized: version, major: v.major.toString(), minor: v.minor.toString() };
  }
  // k8s.io/apimachinery ParseGeneric: two or more dot-separated numeric fields, then anything.
  const m = /^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)$/s.exec(text);
  if (!m) throw new HelmError(`invalid kube version '${text}': could not parse "${text}" as version`);
  const parts = m[1]!.split('.');
  if (parts.length < 2) throw new HelmError(`invalid kube version '${text}': illegal version string "${text}"`);
  const nums: bigint[] = [];
  for (const p of parts) {
    if (p.length > 1 && p[0] === '0' && nums.length === 0) {
      throw new HelmError(
        `invalid kube version '${text}': illegal zero-prefixed version component "${p}" in "${text}"`,
      );
    }
    const n = BigInt(p);
    if (n > UINT64_MAX) {
      throw new HelmError(
        `invalid kube version '${text}': illegal non-numeric version component "${p}" in "${text}": strconv.ParseUint: parsing "${p}": value out of range`,
      );
    }
    nums.push(n);
  }
  const version = text.startsWith('v') ? text : `v${text}`;
  return {
    version,
    normalized: `v${nums.join('.')}`,
    major: nums[0]!.toString(),
    minor: nums[1]!.toString(),
  };
}

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** chartutil.ValidateReleaseName; throws HelmError with helm's text. */
export function validateReleaseName(name: string, compat: Compat): void {
  let problem: string | undefined;
  if (name === '') problem = 'no name provided';
  else if (name.length > 53 || !RELEASE_NAME.test(name)) {
    problem =
      'invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53';
  }
  if (problem === undefined) return;
  const msg = `release name ${quote(name)}: ${problem}`;
  throw new HelmError(compat === 'helm4' ? `release name check failed: ${msg}` : msg);
}
