/** Types of demo-args.mjs, for the tests that run the demo recipe. */
export declare const root: string;
export declare function demoArgs(cacheDir: string): string[];
