/** `node --import ./conformance/support/register-ts.mjs file.ts`: runs TypeScript (see ts-hooks.mjs). */
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
