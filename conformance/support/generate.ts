/**
 * One generated conformance case from one fast-check choice stream: a template with its values,
 * and now and then a deliberate fault (see error-gen.ts).
 */
import type { EngineCase } from './charts.js';
import { Choices } from './choices.js';
import { injectFault } from './error-gen.js';
import { generateCase } from './template-gen.js';

/** Share of cases that get a deliberate fault (on top of the ones that fail naturally). */
export const FAULT_RATE = 0.06;

export function caseFromStream(stream: readonly number[], id: string): EngineCase {
  const base = generateCase(new Choices(stream));
  // The fault decisions read the stream from its end, independent of how much the case used.
  const faults = new Choices([...stream].reverse());
  const c = faults.chance(FAULT_RATE) ? injectFault(faults, base) : base;
  return { id, ...c };
}
