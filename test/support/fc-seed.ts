/**
 * With FC_SEED set (CI sets it), every fast-check property without a seed of its own runs that seed,
 * so a CI run is deterministic; without it fast-check draws a new seed per run, and a failure prints
 * the seed and path that replay it.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED;
if (seed !== undefined && seed !== '') fc.configureGlobal({ seed: Number(seed) });
