/**
 * Recipe criteria (spec §3): value validation against the open-source sets plus the values a
 * catalog's overlays use, asymmetric matching, specificity and the human-readable form.
 */
import { invalid } from './errors.js';
import type { Criteria } from './types.js';

/** The string criteria dimensions, in the fixed order of the human-readable form. */
export const DIMENSIONS = ['service', 'accelerator', 'intent', 'os', 'platform'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Open-source values known without any catalog (spec §1.2). */
export const OSS_VALUES: Record<Dimension, string[]> = {
  service: ['aks', 'bcm', 'eks', 'gke', 'kind', 'lke', 'metal3', 'ocp', 'oke'],
  accelerator: ['a100', 'b200', 'gb200', 'gb300', 'h100', 'h200', 'l40', 'l40s', 'rtx-pro-6000'],
  intent: ['inference', 'training'],
  os: ['amazonlinux', 'cos', 'ol', 'rhel', 'talos', 'ubuntu'],
  platform: ['dynamo', 'kubeflow', 'nim', 'runai', 'slurm'],
};

/** Spellings accepted for a value (upstream parser aliases). */
const ALIASES: Partial<Record<Dimension, Record<string, string>>> = {
  service: { 'self-managed': 'any', self: 'any', vanilla: 'any', openshift: 'ocp' },
  os: { al2: 'amazonlinux', al2023: 'amazonlinux' },
};

/** Whether a criteria string value counts as unspecified. */
export function isUnspecified(v: string | undefined): boolean {
  return v === undefined || v === '' || v === 'any';
}

/**
 * Validates and normalises query criteria: trims and lower-cases, applies aliases, drops `any`.
 * `known` adds the values a catalog's overlays use (a `--data` catalog may register new ones);
 * with `strict` only the open-source values are accepted.
 */
export function normalizeCriteria(
  input: Criteria,
  known: Partial<Record<Dimension, Set<string>>> = {},
  strict = false,
): Criteria {
  const out: Criteria = {};
  for (const dim of DIMENSIONS) {
    const raw = input[dim];
    if (raw === undefined) continue;
    let v = raw.trim().toLowerCase();
    v = ALIASES[dim]?.[v] ?? v;
    if (v === '' || v === 'any') continue;
    const ok = OSS_VALUES[dim].includes(v) || (!strict && known[dim]?.has(v));
    if (!ok) {
      const valid = [...new Set([...OSS_VALUES[dim], ...(strict ? [] : [...(known[dim] ?? [])])])].sort();
      throw invalid(
        `invalid ${dim} type: ${raw}${strict ? ' (--criteria-strict)' : ''}; valid values: ${valid.join(', ')}`,
      );
    }
    out[dim] = v;
  }
  if (input.nodes !== undefined) {
    if (!Number.isInteger(input.nodes) || input.nodes < 0) {
      throw invalid(`invalid nodes count: ${input.nodes} (must be >= 0)`);
    }
    if (input.nodes !== 0) out.nodes = input.nodes;
  }
  return out;
}

/** Overlay criteria `r` against query `q` (spec §3): unspecified overlay fields match anything. */
export function criteriaMatch(r: Criteria, q: Criteria): boolean {
  for (const dim of DIMENSIONS) {
    const rv = r[dim];
    if (isUnspecified(rv)) continue;
    const qv = q[dim];
    if (isUnspecified(qv) || qv !== rv) return false;
  }
  const rn = r.nodes ?? 0;
  if (rn !== 0 && (q.nodes ?? 0) !== rn) return false;
  return true;
}

/** Number of specified fields (nodes counts when non-zero). */
export function specificity(c: Criteria): number {
  let n = 0;
  for (const dim of DIMENSIONS) if (!isUnspecified(c[dim])) n++;
  if ((c.nodes ?? 0) !== 0) n++;
  return n;
}

/** `criteria(service=eks, accelerator=h100)`, or `criteria(any)` when nothing is specified. */
export function criteriaString(c: Criteria): string {
  const parts: string[] = [];
  for (const dim of DIMENSIONS) if (!isUnspecified(c[dim])) parts.push(`${dim}=${c[dim]}`);
  if ((c.nodes ?? 0) !== 0) parts.push(`nodes=${c.nodes}`);
  return parts.length === 0 ? 'criteria(any)' : `criteria(${parts.join(', ')})`;
}
