/**
 * The Remotion project bundled by webpack (src/index.ts and everything it imports), kept in the
 * user's cache (util/cache-dir.ts) as bundles/<key>/, keyed by what goes into it (bundleKey): a
 * process whose key has a complete bundle uses that folder without loading webpack at all, and
 * an edit to src/ (or another version of Remotion or React) bundles again, once. Building is
 * atomic and safe when two processes start at once; old bundles are pruned
 * (util/keyed-cache.mjs). An installed package works the same way: its src/ never changes, so
 * every render after the first reuses the bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runtimeError } from '../errors';
import { cacheDir } from '../util/cache-dir';
import { contentKey, keepFresh, keyedFolder, quickContentKey } from '../util/keyed-cache.mjs';
import { packageRoot } from '../util/package-root';

/** The package's root folder (src/, public/, node_modules/ below it): src/util/package-root.ts. */
export const PROJECT_ROOT = packageRoot();

/** Bumped when getBundle's bundle() options change, so that older bundles are not used. */
const BUNDLE_VERSION = 1;

/** Packages the bundle is built from besides screenplay's own dependencies: Remotion Studio's render entry (webpack's entry point). */
const EXTRA_PACKAGES = ['@remotion/studio'];

/** The version of package `name` as Node would resolve it from `root` (node_modules folders upwards), or "missing". */
const installedVersion = (name: string, root: string): string => {
  for (let dir = root; ;) {
    if (path.basename(dir) !== 'node_modules') {
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown };
        return String(pkg.version);
      } catch {
        // Not installed here: look further up.
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return 'missing';
    dir = up;
  }
};

/** What bundleKey hashes for the package at `root` (contentKey's parts). */
const bundleSources = (root: string) => {
  let names: string[] = [];
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    names = [...new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), ...EXTRA_PACKAGES])].sort();
  } catch {
    // No package.json: the key still covers src/.
  }
  return {
    paths: ['src', 'remotion.config.ts', 'tsconfig.json', 'package.json'].map((p) => path.join(root, p)),
    listOnly: [path.join(root, 'public')],
    strings: [`version ${BUNDLE_VERSION}`, `root ${root}`, ...names.map((n) => `${n}@${installedVersion(n, root)}`)],
  };
};

/**
 * The bundle's content key (40 hex characters) for the package at `root`: every file under
 * src/ (by content), remotion.config.ts, tsconfig.json and package.json, public/'s file list
 * (names, sizes, mtimes: the bundle's index.html lists them; public/ itself is linked, not
 * copied), `root`'s path (the link's target), and the installed versions of screenplay's
 * dependencies and peer dependencies (Remotion, React, zod, the fonts…). Costs about 15-40 ms
 * (getBundle reads it from a stamp when no file changed: 5-10 ms).
 */
export const bundleKey = (root: string = PROJECT_ROOT): string => contentKey(bundleSources(root));

let currentKey: string | undefined;
/**
 * bundleKey() of this package, once per process, read from the bundle cache's stamp when no file
 * changed (file metadata only). What the bundle is keyed by is what a drawn frame depends on in
 * code (src/, Remotion's and React's versions…), so other caches of rendered output can key
 * by it too.
 */
export const currentBundleKey = (): string => (currentKey ??= quickContentKey(bundleSources(PROJECT_ROOT), cacheDir('bundles')));

/** How many bundles the cache keeps at least (more while in use: keyed-cache.mjs's grace period). */
const KEEP_BUNDLES = 3;

/** Runs webpack (Remotion's bundle()) into `outDir`, or a new temporary folder when it is null; resolves to the folder. */
const runBundler = async (outDir: string | null, onProgress?: (percent: number) => void): Promise<string> => {
  // Loaded only when a bundle is made: webpack and its plugins take ~0.5 s to import.
  const { bundle } = await import('@remotion/bundler');
  return bundle({
    entryPoint: path.join(PROJECT_ROOT, 'src', 'index.ts'),
    rootDir: PROJECT_ROOT,
    publicDir: path.join(PROJECT_ROOT, 'public'),
    symlinkPublicDir: true,
    enableCaching: true,
    onProgress: (p) => onProgress?.(p),
    ...(outDir ? { outDir } : {}),
  });
};

/** True when `dir` exists or can be made, and can be written. */
const writable = (dir: string): boolean => {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

let bundled: Promise<string> | null = null;
/**
 * The Remotion project's bundle: its serve URL (a folder), from the cache when one with the
 * same key is there (no webpack), else bundled (webpack: ~15 s on 2 cores cold, ~1 s with
 * webpack's own cache) into the cache. Once per process. When the cache folder cannot be
 * written, bundles into a temporary folder as before. `onProgress`: percent, 0 to 100 (only
 * while bundling).
 * @throws ScreenplayError runtime (exit 2) when webpack fails
 */
export const getBundle = (onProgress?: (percent: number) => void): Promise<string> => {
  bundled ??= (async () => {
    const root = cacheDir('bundles');
    if (!writable(root)) return runBundler(null, onProgress);
    const { dir } = await keyedFolder({ root, key: currentBundleKey(), build: (out) => runBundler(out, onProgress), keep: KEEP_BUNDLES });
    keepFresh(dir);
    return dir;
  })().catch((err: unknown) => {
    bundled = null;
    throw runtimeError(`Bundling the Remotion project failed: ${(err as Error).message}`, err);
  });
  return bundled;
};
