/** Types of cli-build.mjs (plain JavaScript: bin/screenplay.mjs runs it before anything is compiled). */

/** The build's entry file, inside its folder ("main.mjs"). */
export declare const CLI_ENTRY: string;

/** Where a checkout keeps its compiled CLI builds: ROOT/node_modules/.cache/screenplay-cli. */
export declare const cliCacheRoot: (root: string) => string;

/** The content key of the checkout's CLI build: src/, package.json, tsconfig.json, the builder, esbuild's version. */
export declare const cliSourceKey: (root: string) => string;

/** Compiles the checkout's src/cli/main.ts into the empty folder `out` (main.mjs, chunks/, meta.json). */
export declare const buildCli: (root: string, out: string) => Promise<void>;

/** The compiled CLI's main.mjs for the checkout at `root`, built first when its key has no build. */
export declare const checkoutCli: (root: string, debug?: (message: string) => void) => Promise<string>;
