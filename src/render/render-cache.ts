/**
 * The render cache: what a render computes that does not change between renders of the same
 * capture with the same look, kept so a repeat render opens no browser at all.
 *   <cache>/renders/<metadata key>/composition.json   the composition calculateMetadata made
 *   <cache>/renders/<metadata key>/layers-<key>/       the composite path's static layers (PNG)
 * <cache> is $SCREENPLAY_CACHE_DIR, else $XDG_CACHE_HOME/screenplay, else ~/.cache/screenplay.
 * The metadata key hashes the code (the Remotion bundle's key, bundle.ts currentBundleKey: src/,
 * the Remotion and React versions…), the
 * composition, its input props and the capture dir's files (path, size, mtime); the layers key
 * adds the sprite sheets' plan. Entries are written to a temporary folder and renamed into place,
 * so a reader never sees half of one; a cache that cannot be read or written is skipped (the
 * render draws instead). The newest MAX_ENTRIES entries are kept.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { VideoConfig } from 'remotion';
import { LAYER_SEQUENCE } from '../compositions/shared/layers';
import { cacheDir } from '../util/cache-dir';
import type { LayerFiles } from './composite/render-composite';

/** How many cached renders are kept (the newest by use). */
export const MAX_ENTRIES = 24;
/** Bumped when what an entry holds changes meaning. */
const FORMAT = 1;
/** Where a capture served on 127.0.0.1 (its URL changes every render) is written in cached props. */
export const CAPTURE_URL_TOKEN = 'screenplay-capture://served';
/** The capture dir's walk stops here (files): a capture dir is a few dozen files. */
const MAX_CAPTURE_FILES = 5000;

/** The user's cache folder for renders (util/cache-dir.ts): $SCREENPLAY_CACHE_DIR, else $XDG_CACHE_HOME/screenplay, else ~/.cache/screenplay; then renders/. */
export const renderCacheDir = (env: NodeJS.ProcessEnv = process.env): string => cacheDir('renders', env);

const sha = (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

/**
 * The capture dir's fingerprint: every file under it (relative path, size, mtime in ms), sorted;
 * a changed, added or removed file changes it. Symbolic links are followed by stat (a capture
 * dir's files are checked by the render before this runs).
 */
export const captureFingerprint = (root: string): string => {
  const rows: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (rows.length >= MAX_CAPTURE_FILES) return;
      const full = path.join(dir, entry.name);
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      let st: fs.Stats;
      try {
        st = fs.statSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(full, r);
      else if (st.isFile()) rows.push(`${r}\t${st.size}\t${Math.round(st.mtimeMs)}`);
    }
  };
  walk(root, '');
  return sha(rows.join('\n'));
};

/** The key of a composition's metadata: code, composition, input props (the capture's URL as the token), the capture dir's fingerprint. */
export const metadataKey = (parts: { code: string; composition: string; inputProps: unknown; capture: string }): string =>
  sha(JSON.stringify({ format: FORMAT, ...parts }));

/** The key of a composition's layers: its metadata's key, the output frame's size and the props the layers are drawn with. */
export const layersKey = (metadata: string, layerProps: unknown): string => sha(JSON.stringify({ metadata, layerProps, layers: LAYER_SEQUENCE })).slice(0, 32);

/** `text` with every occurrence of `url` replaced by `to`. */
const swap = (text: string, url: string | null, to: string | null): string => (url && to !== null ? text.split(url).join(to) : text);

/** A JSON value with this render's capture URL where the cache wrote its token (`captureUrl` null: the token removed). */
export const withCaptureUrl = <T>(value: T, captureUrl: string | null): T => JSON.parse(swap(JSON.stringify(value), CAPTURE_URL_TOKEN, captureUrl ?? '')) as T;

/** A PNG file that is whole: its signature first and its IEND chunk last (a file cut short or emptied is not). */
const wholePng = (file: string): boolean => {
  try {
    const size = fs.statSync(file).size;
    if (size < 20) return false;
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(8);
      const tail = Buffer.alloc(12);
      fs.readSync(fd, head, 0, 8, 0);
      fs.readSync(fd, tail, 0, 12, size - 12);
      return head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) && tail.subarray(4, 8).toString('latin1') === 'IEND';
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
};

/** Whether an entry's folder is whole: its marker, and every file it names readable (JSON that parses, PNGs that end). */
const valid = (dir: string): boolean => {
  try {
    if (!fs.existsSync(path.join(dir, 'complete'))) return false;
    for (const name of fs.readdirSync(dir)) {
      const f = path.join(dir, name);
      if (name.endsWith('.png') && !wholePng(f)) return false;
      if (name.endsWith('.json')) JSON.parse(fs.readFileSync(f, 'utf8'));
    }
    return path.basename(dir) === 'meta'
      ? fs.existsSync(path.join(dir, 'composition.json'))
      : LAYER_SEQUENCE.every((l) => fs.existsSync(path.join(dir, `${l}.png`)));
  } catch {
    return false;
  }
};

/** Writes `files` (name → contents) as the folder `dest` atomically (a temporary sibling renamed into place); false when it could not. */
const writeFolder = (dest: string, files: Record<string, Buffer | string>): boolean => {
  const tmp = `${dest}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.mkdirSync(tmp, { recursive: true });
    for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(tmp, name), data);
    fs.writeFileSync(path.join(tmp, 'complete'), '');
    try {
      fs.renameSync(tmp, dest);
    } catch {
      // The entry exists: written by another render first (as good as ours), or damaged (a file
      // removed or cut short: the reason this render made it again), which ours replaces.
      if (valid(dest)) fs.rmSync(tmp, { recursive: true, force: true });
      else {
        const aside = `${dest}.tmp-broken-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
        fs.renameSync(dest, aside);
        fs.renameSync(tmp, dest);
        fs.rmSync(aside, { recursive: true, force: true });
      }
    }
    return true;
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true });
    return false;
  }
};

/** Marks an entry used now (pruning keeps the newest). */
const touch = (dir: string): void => {
  try {
    const now = new Date();
    fs.utimesSync(dir, now, now);
  } catch {
    /* a read-only cache is still a cache */
  }
};

/** Removes all but the newest MAX_ENTRIES entries (and temporaries older than an hour). */
const prune = (root: string): void => {
  try {
    const entries = fs
      .readdirSync(root)
      .map((name) => ({ name, mtime: fs.statSync(path.join(root, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    let kept = 0;
    for (const e of entries) {
      const stale = e.name.includes('.tmp-') ? Date.now() - e.mtime > 3600_000 : ++kept > MAX_ENTRIES;
      if (stale) fs.rmSync(path.join(root, e.name), { recursive: true, force: true });
    }
  } catch {
    /* pruning is best effort */
  }
};

/** The cache for one composition's metadata key (null: caching off, SCREENPLAY_RENDER_CACHE=0). */
export type RenderCacheEntry = {
  key: string;
  /** The composition calculateMetadata made, the capture's URL put back as `captureUrl` (or left as the token when null); null when not cached. */
  composition: (captureUrl: string | null) => VideoConfig | null;
  saveComposition: (composition: VideoConfig, captureUrl: string | null) => void;
  /** The cached layer files for these layer props (made with `captureUrl`, null when none or the token), or null. */
  layers: (layerProps: unknown, captureUrl: string | null) => LayerFiles | null;
  /** Stores drawn layers; returns the cached copies (or the given files when the cache cannot be written). */
  saveLayers: (layerProps: unknown, captureUrl: string | null, files: LayerFiles) => LayerFiles;
};

/**
 * The cache entry for a composition's metadata key, in `root` (renderCacheDir()). Reading never
 * throws: an unreadable or half-written entry is a miss.
 */
export const renderCacheEntry = (key: string, root: string = renderCacheDir()): RenderCacheEntry => {
  const dir = path.join(root, key);
  const compositionFile = path.join(dir, 'meta', 'composition.json');
  // Keyed with the token where this render's capture URL is (it changes every render).
  const layersDir = (props: unknown, captureUrl: string | null) =>
    path.join(dir, `layers-${layersKey(key, JSON.parse(swap(JSON.stringify(props), captureUrl, CAPTURE_URL_TOKEN)))}`);
  return {
    key,
    composition: (captureUrl) => {
      try {
        if (!fs.existsSync(path.join(dir, 'meta', 'complete'))) return null;
        const text = swap(fs.readFileSync(compositionFile, 'utf8'), CAPTURE_URL_TOKEN, captureUrl);
        touch(dir);
        return JSON.parse(text) as VideoConfig;
      } catch {
        return null;
      }
    },
    saveComposition: (composition, captureUrl) => {
      try {
        fs.mkdirSync(dir, { recursive: true });
        writeFolder(path.join(dir, 'meta'), { 'composition.json': swap(JSON.stringify(composition), captureUrl, CAPTURE_URL_TOKEN) });
        prune(root);
      } catch {
        /* an unwritable cache: the next render computes again */
      }
    },
    layers: (props, captureUrl) => {
      const d = layersDir(props, captureUrl);
      // A damaged entry (a layer removed or cut short) is a miss: drawn again, and replaced.
      if (!valid(d)) return null;
      touch(dir);
      return Object.fromEntries(LAYER_SEQUENCE.map((layer) => [layer, path.join(d, `${layer}.png`)])) as LayerFiles;
    },
    saveLayers: (props, captureUrl, files) => {
      const d = layersDir(props, captureUrl);
      try {
        fs.mkdirSync(dir, { recursive: true });
        const data = Object.fromEntries(LAYER_SEQUENCE.map((layer) => [`${layer}.png`, fs.readFileSync(files[layer])]));
        if (!writeFolder(d, data)) return files;
        return Object.fromEntries(LAYER_SEQUENCE.map((layer) => [layer, path.join(d, `${layer}.png`)])) as LayerFiles;
      } catch {
        return files;
      }
    },
  };
};
