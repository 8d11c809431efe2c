/**
 * The Kubernetes version charts are rendered for (spec §6.6): taken from the recipe's
 * `K8s.server.version` constraint, never below the render-safe floor 1.33.0.
 */
import type { Constraint } from './types.js';

/** Default and floor: at least the strictest chart `kubeVersion` in the catalog. */
export const DEFAULT_KUBE_VERSION = '1.33.0';
const FLOOR: [number, number, number] = [1, 33, 0];
const NUM = '(0|[1-9]\\d*)';
const PRE_ID = '(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)';
const SEMVER = new RegExp(
  `^v?${NUM}(?:\\.${NUM})?(?:\\.${NUM})?(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$`,
);

/** The `--kube-version` for rendering, from the first `K8s.server.version` constraint. */
export function kubeVersionFromConstraints(constraints: Constraint[]): string {
  const c = constraints.find((x) => x.name === 'K8s.server.version');
  if (!c) return DEFAULT_KUBE_VERSION;
  let s = c.value.replace(/^[><=!~ ]+/, '');
  const space = s.indexOf(' ');
  if (space >= 0) s = s.slice(0, space);
  if (s.startsWith('v')) s = s.slice(1);
  if (s === '') return DEFAULT_KUBE_VERSION;
  // Masterminds semver v3.4's NewVersion: 1 to 3 numeric parts without leading zeros that fit a
  // uint64, dot-separated non-empty pre-release identifiers (numeric ones without leading zeros) and
  // build identifiers.
  const m = SEMVER.exec(s);
  if (!m) return DEFAULT_KUBE_VERSION;
  if ([m[1], m[2], m[3]].some((part) => part !== undefined && BigInt(part) > 2n ** 64n - 1n))
    return DEFAULT_KUBE_VERSION;
  const v = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  for (let i = 0; i < 3; i++) {
    if (v[i]! > FLOOR[i]!) return s;
    if (v[i]! < FLOOR[i]!) return DEFAULT_KUBE_VERSION;
  }
  // Equal to the floor: a pre-release sorts below it.
  return m[4] ? DEFAULT_KUBE_VERSION : s;
}
