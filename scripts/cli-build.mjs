/**
 * The compiled CLI of a git checkout: bin/screenplay.mjs runs src/cli/main.ts compiled by
 * esbuild (one bundle, dependencies left as imports, one chunk per command's module so each
 * stays lazy), not through tsx. The build is kept in node_modules/.cache/screenplay-cli/<key>/
 * (git ignores node_modules), keyed by the content of src/, package.json, tsconfig.json, this
 * file and esbuild's version; a checkout whose key has a complete build imports it at once
 * (the key comes from a stamp of file metadata when nothing changed, else from hashing src/),
 * and an edit anywhere in src/ builds again (about 0.6 s).
 * Building is atomic and safe when two processes start at once (src/util/keyed-cache.mjs).
 * Types: cli-build.d.mts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentKey, keepFresh, keyedFolder, quickContentKey } from '../src/util/keyed-cache.mjs';

/** The build's entry file, inside its folder. */
export const CLI_ENTRY = 'main.mjs';

/** Where a checkout keeps its compiled CLI builds (one folder per key). */
export const cliCacheRoot = (root) => path.join(root, 'node_modules', '.cache', 'screenplay-cli');

/** What the CLI build of the checkout at `root` is made from: src/, package.json, tsconfig.json, this builder, esbuild's package.json. */
const cliSources = (root) => ({
  paths: [
    path.join(root, 'src'),
    path.join(root, 'package.json'),
    path.join(root, 'tsconfig.json'),
    fileURLToPath(import.meta.url),
    path.join(root, 'node_modules', 'esbuild', 'package.json'),
  ],
});

/**
 * The content key of the CLI build of the checkout at `root` (40 hex characters): src/ (every
 * file, by content), package.json, tsconfig.json, this builder and esbuild's package.json.
 * @param {string} root the checkout's folder
 * @returns {string}
 */
export const cliSourceKey = (root) => contentKey(cliSources(root));

/**
 * Compiles src/cli/main.ts of the checkout at `root` into the empty folder `out` with esbuild:
 * main.mjs, chunks/*.mjs (one per lazily imported module group), linked source maps, and
 * meta.json ({ outputs: { 'chunks/x.mjs': ['src/…', …] } }: which source files each output holds,
 * from esbuild's metafile).
 * @param {string} root
 * @param {string} out
 * @throws esbuild's error (its messages) when the source does not compile, or when esbuild is not installed
 */
export const buildCli = async (root, out) => {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    splitting: true,
    // .mjs: below node_modules/ no package.json says "type": "module".
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    // Fonts (@fontsource .woff2) stay files, as tsup.config.ts has it for dist/.
    loader: { '.woff2': 'copy' },
    metafile: true,
    logLevel: 'silent',
  });
  // Which source files each output holds, by paths relative to `out` and to `root`.
  const outputs = {};
  for (const [file, { inputs }] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.mjs')) outputs[path.relative(out, path.resolve(root, file)).split(path.sep).join('/')] = Object.keys(inputs).sort();
  }
  fs.writeFileSync(path.join(out, 'meta.json'), `${JSON.stringify({ outputs }, null, 1)}\n`);
};

/**
 * The compiled CLI's entry file for the checkout at `root`, built first when src/ changed since
 * the last build. The build's folder is kept fresh while this process runs (keyedFolder prunes
 * old builds: the newest 4 stay, and any used within the hour).
 * @param {string} root the checkout's folder
 * @param {(message: string) => void} [debug] told what happened (SCREENPLAY_DEBUG)
 * @returns {Promise<string>} the absolute path of main.mjs
 * @throws when esbuild is missing or fails, or the cache folder cannot be written
 */
export const checkoutCli = async (root, debug = () => {}) => {
  const t0 = performance.now();
  // The same key, read from the last run's stamp when no file under src/ changed (file metadata only).
  const key = quickContentKey(cliSources(root), cliCacheRoot(root));
  const t1 = performance.now();
  const { dir, built } = await keyedFolder({ root: cliCacheRoot(root), key, build: (out) => buildCli(root, out) });
  keepFresh(dir);
  debug(`CLI ${built ? 'built' : 'up to date'} in ${dir} (key ${(t1 - t0).toFixed(0)} ms${built ? `, build ${(performance.now() - t1).toFixed(0)} ms` : ''})`);
  return path.join(dir, CLI_ENTRY);
};
