/**
 * The Remotion project, bundled once per process (webpack), and where it lives on disk.
 */
import { bundle } from '@remotion/bundler';
import path from 'node:path';
import { runtimeError } from '../errors';
import { packageRoot } from '../util/package-root';

/** The package's root folder (src/, public/, node_modules/ below it): src/util/package-root.ts. */
export const PROJECT_ROOT = packageRoot();

let bundled: Promise<string> | null = null;
/** Bundles src/index.ts once per process (webpack: ~15 s on 2 cores); resolves to the bundle's serve URL (a folder). `onProgress`: percent, 0 to 100. */
export const getBundle = (onProgress?: (percent: number) => void): Promise<string> => {
  bundled ??= bundle({
    entryPoint: path.join(PROJECT_ROOT, 'src', 'index.ts'),
    rootDir: PROJECT_ROOT,
    publicDir: path.join(PROJECT_ROOT, 'public'),
    symlinkPublicDir: true,
    enableCaching: true,
    onProgress: (p) => onProgress?.(p),
  }).catch((err: unknown) => {
    bundled = null;
    throw runtimeError(`Bundling the Remotion project failed: ${(err as Error).message}`, err);
  });
  return bundled;
};
