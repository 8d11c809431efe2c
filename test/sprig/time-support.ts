/**
 * Shared helpers for the date/random/crypto differential tests: render the same template text with
 * helmless and with real helm (one helm run per batch) and list the cases whose bytes differ.
 */
import { ExecError, type FuncDef, renderTemplateString } from '../../src/gotemplate/index.js';
import { conversionFunctions } from '../../src/sprig/conversion.js';
import { cryptoFunctions } from '../../src/sprig/crypto.js';
import { dateFunctions } from '../../src/sprig/dates.js';
import { encodingFunctions } from '../../src/sprig/encoding.js';
import { listFunctions } from '../../src/sprig/lists.js';
import { randomFunctions } from '../../src/sprig/random.js';
import { reflectionFunctions } from '../../src/sprig/reflection.js';
import { stringFunctions } from '../../src/sprig/strings.js';
import { HELM3, HELM4, helmAvailable, renderBatch } from '../support/helm-batch.js';

export type Compat = 'helm3' | 'helm4';

/** The functions under test, plus the committed Sprig modules the test templates use. */
export const FUNCS: Record<string, FuncDef> = {
  ...stringFunctions,
  ...listFunctions,
  ...encodingFunctions,
  ...conversionFunctions,
  ...reflectionFunctions,
  ...dateFunctions,
  ...randomFunctions,
  ...cryptoFunctions,
};

export const HELM_BINS: Record<Compat, string> = { helm3: HELM3, helm4: HELM4 };
export const HELM_READY = helmAvailable(HELM3) && helmAvailable(HELM4);
export const SKIP_REASON = 'helm binaries missing: run `node scripts/setup-helm.mjs` for differential tests';

/** Renders with helmless; an execution error becomes `ERROR: <Go text after "error calling X: ">`. */
export function ours(template: string, compat: Compat): string {
  try {
    return renderTemplateString(template, { funcs: FUNCS, compat, name: 't' });
  } catch (e) {
    if (e instanceof ExecError) return `ERROR: ${errorPart(e.detail)}`;
    throw e;
  }
}

/** `…error calling X: msg` → `msg`; other execution errors → the text after the last `>: `. */
export function errorPart(detail: string): string {
  const m = /error calling \w+: ([\s\S]*)$/.exec(detail);
  if (m) return m[1]!;
  const at = detail.lastIndexOf('>: ');
  return at >= 0 ? detail.slice(at + 3) : detail;
}

/** helm-render's line results in the form of {@link ours}. */
export function helmLine(r: { ok: true; text: string } | { ok: false; error: string }): string {
  return r.ok ? r.text : `ERROR: ${errorPart(r.error)}`;
}

export interface Mismatch {
  template: string;
  ours: string;
  helm: string;
}

/** Renders every template with helm (one batch) and with helmless; returns the differences. */
export async function diffBatch(compat: Compat, templates: string[]): Promise<Mismatch[]> {
  const helm = await renderBatch(
    HELM_BINS[compat],
    templates.map((template) => ({ template })),
  );
  const out: Mismatch[] = [];
  templates.forEach((template, i) => {
    const o = ours(template, compat);
    if (o !== helm[i]) out.push({ template, ours: o, helm: helm[i]! });
  });
  return out;
}

/** A Go double-quoted literal for any string (Go accepts JSON's escapes; \u2028 etc. are fine). */
export function goLit(s: string): string {
  return JSON.stringify(s);
}

/** Seed for fast-check: FC_SEED from the environment, else time-based (printed on failure). */
export const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
