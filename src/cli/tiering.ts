/**
 * V8 tiering for a short, cold run. A `helmless` run lasts a second or two: V8's default tiering
 * sends hundreds of functions to the optimizing compiler that then barely run again, and on two
 * cores those compiles and their deoptimizations cost more than they return. A four times larger
 * interrupt budget optimizes only what stays hot: a 14-chart `mirror list` takes about 10% less time
 * and 18% less CPU (bench/run.mjs mirror). Larger or smaller budgets measured no better.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * The flags set, part of the code cache's key: V8 rejects bytecode cached under other flags. V8
 * after 11.3 (Node 21 and later) has no `--interrupt-budget` (it tiers by invocation counts) and
 * would print an error for it: there nothing is set.
 */
export const TIERING_FLAGS = tieringFlagsFor(process.versions.v8);

/** The tiering flags for a V8 version (`process.versions.v8`): the budget exists up to V8 11.3 (Node 20). */
export function tieringFlagsFor(v8Version: string): string {
  const [major = 0, minor = 0] = v8Version.split('.').map(Number);
  return major < 11 || (major === 11 && minor <= 3) ? '--interrupt-budget=270000' : '';
}

/**
 * Sets {@link TIERING_FLAGS} for this process, before any worker starts (V8 flags are
 * process-wide), unless node was given its own `--interrupt-budget`. Returns the flags set.
 */
export function tuneTiering(env: NodeJS.ProcessEnv): string {
  const given = [...process.execArgv, env.NODE_OPTIONS ?? ''].join(' ');
  if (TIERING_FLAGS === '' || given.includes('--interrupt-budget')) return '';
  setFlagsFromString(TIERING_FLAGS);
  return TIERING_FLAGS;
}
