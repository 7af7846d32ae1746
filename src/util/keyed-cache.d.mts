/** Types of keyed-cache.mjs (plain JavaScript: bin/screenplay.mjs runs it before anything is compiled). */

/** The file written last into a complete folder; its mtime is the folder's last use. */
export declare const MARKER: string;

/**
 * A content key (40 hex characters of SHA-256) for `paths` (hashed by their bytes; a folder by
 * every file below it, a missing path as missing), `listOnly` (by relative paths, sizes and
 * mtimes) and `strings`.
 */
export declare const contentKey: (parts: { paths?: readonly string[]; listOnly?: readonly string[]; strings?: readonly string[] }) => string;

/**
 * contentKey(parts), read from a stamp file in `root` when no file changed since it was computed
 * there (file metadata only: size, mtime, ctime, inode); else computed and the stamp replaced.
 */
export declare const quickContentKey: (parts: { paths?: readonly string[]; listOnly?: readonly string[]; strings?: readonly string[] }, root: string) => string;

/** True when `folder` is a complete cache folder (its marker is there). */
export declare const isComplete: (folder: string) => boolean;
export declare const manifest: (folder: string) => Record<string, number>;

/** Marks `folder` as used now; false when it is gone. */
export declare const touch: (folder: string) => boolean;

/** Deletes the folders of `root` beyond the newest `keep` (by last use) not used within `graceMs`, and dead builders' leftovers. */
export declare const prune: (root: string, opts: { keep: number; graceMs: number; current?: string }) => void;

/**
 * The complete folder `root/key`, built by `build` (into a temporary sibling, marker last,
 * renamed into place) when it is not there yet; `built`: whether this call built it.
 * @throws what `build` throws, or an fs error when `root` cannot be written
 */
export declare const keyedFolder: (opts: {
  root: string;
  key: string;
  build: (dir: string) => Promise<unknown>;
  keep?: number;
  graceMs?: number;
}) => Promise<{ dir: string; built: boolean }>;

/** Touches `dir`'s marker every `everyMs` (default 10 minutes) while the process runs (an unref'd timer). */
export declare const keepFresh: (dir: string, everyMs?: number) => void;
