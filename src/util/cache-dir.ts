/**
 * screenplay's per-user cache: $SCREENPLAY_CACHE_DIR, else $XDG_CACHE_HOME/screenplay, else
 * ~/.cache/screenplay. What lives there: stills/ (still stretches measured from recordings,
 * render/capture-dir.ts) and bundles/ (the Remotion project bundled by webpack, render/bundle.ts).
 * Everything in it can be deleted at any time; it is only measured or built again.
 */
import os from 'node:os';
import path from 'node:path';

/**
 * The folder of one kind of cached thing, `sub` (e.g. "bundles"), in the user's cache (absolute;
 * not created here). `env`: the environment to read (process.env by default).
 */
export const cacheDir = (sub: string, env: NodeJS.ProcessEnv = process.env): string =>
  path.join(env.SCREENPLAY_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'screenplay'), sub);
