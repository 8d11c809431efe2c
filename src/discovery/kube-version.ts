/**
 * The Kubernetes version charts are rendered for (spec §6.6): taken from the recipe's
 * `K8s.server.version` constraint, never below the render-safe floor 1.33.0.
 */
import { parseVersion, tryParseVersion } from '../sprig/semver.js';
import type { Constraint } from './types.js';

/** Default and floor: at least the strictest chart `kubeVersion` in the catalog. */
export const DEFAULT_KUBE_VERSION = '1.33.0';
/** aicr reads the constraint with Masterminds semver v3.4, helm 4's version of it. */
const FLOOR = parseVersion(DEFAULT_KUBE_VERSION, { compat: 'helm4' });

/** The `--kube-version` for rendering, from the first `K8s.server.version` constraint. */
export function kubeVersionFromConstraints(constraints: Constraint[]): string {
  const c = constraints.find((x) => x.name === 'K8s.server.version');
  if (!c) return DEFAULT_KUBE_VERSION;
  let s = c.value.replace(/^[><=!~ ]+/, '');
  const space = s.indexOf(' ');
  if (space >= 0) s = s.slice(0, space);
  if (s.startsWith('v')) s = s.slice(1);
  if (s === '') return DEFAULT_KUBE_VERSION;
  // What NewVersion rejects, and anything below the floor (a pre-release of it too), renders at it.
  const v = tryParseVersion(s, { compat: 'helm4' });
  return v === undefined || v.compare(FLOOR) < 0 ? DEFAULT_KUBE_VERSION : s;
}
