/**
 * Folders built once per content key and kept on disk: the checkout's compiled CLI
 * (scripts/cli-build.mjs, node_modules/.cache/screenplay-cli/<key>/) and the Remotion bundle
 * (src/render/bundle.ts, <user cache>/bundles/<key>/).
 *
 * Plain JavaScript (types in keyed-cache.d.mts): bin/screenplay.mjs runs it before anything is
 * compiled. A folder is built in a temporary sibling, gets its marker file last and is renamed
 * into place, so a folder without the marker (a crash, another tool) is never used; two
 * processes that build the same key at once both end with the complete folder (the second
 * rename loses and its copy is removed). Old keys are pruned: the newest `keep` (by last use)
 * stay, and so does any folder used within `graceMs` (a running process touches its folder's
 * marker every few minutes, keepFresh, so its lazily loaded files are never taken from under it).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The file written last into a complete folder; its mtime is the folder's last use. */
export const MARKER = '.complete';

/** Every file below `dir` (recursively, following symbolic links), as paths relative to it with '/' separators, sorted. */
const filesBelow = (dir, rel = '') => {
  const out = [];
  const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    const isDir = e.isDirectory() || (e.isSymbolicLink() && fs.statSync(path.join(dir, r), { throwIfNoEntry: false })?.isDirectory());
    if (isDir) out.push(...filesBelow(dir, r));
    else out.push(r);
  }
  return out;
};

/**
 * A content key (40 hex characters of SHA-256) for `paths` and `strings`: each path is hashed by
 * what it holds (a file: its bytes; a folder: every file below it, by relative path and bytes;
 * a missing path: the word "missing"; where the path is does not count, only its place in the
 * list and its last name), each string as it is. A changed, added, deleted or renamed
 * file changes the key; the same content gives the same key. `listOnly` paths are hashed by their
 * files' relative paths, sizes and whole-millisecond mtimes instead of bytes (a folder of media).
 * Cost: reading the files (src/, 224 files and 1.8 MB: about 20-30 ms).
 * @param {{ paths?: readonly string[], listOnly?: readonly string[], strings?: readonly string[] }} parts
 * @returns {string}
 */
export const contentKey = ({ paths = [], listOnly = [], strings = [] }) => {
  const hash = crypto.createHash('sha256');
  const field = (s) => hash.update(`${Buffer.byteLength(s)}:${s}`);
  for (const s of strings) field(`s ${s}`);
  for (const [kind, list] of [
    ['p', paths],
    ['l', listOnly],
  ]) {
    for (const [i, p] of list.entries()) {
      // By place and name, not the whole path: the same tree elsewhere gives the same key.
      field(`${kind}${i} ${path.basename(p)}`);
      const stat = fs.statSync(p, { throwIfNoEntry: false });
      if (!stat) field('missing');
      else
        for (const rel of stat.isDirectory() ? filesBelow(p) : ['']) {
          const file = rel ? path.join(p, rel) : p;
          if (kind === 'l') {
            const s = fs.statSync(file);
            field(`entry ${rel} ${s.size} ${Math.floor(s.mtimeMs)}`);
            continue;
          }
          const bytes = fs.readFileSync(file);
          field(`entry ${rel} ${bytes.length}`);
          hash.update(bytes);
        }
    }
  }
  return hash.digest('hex').slice(0, 40);
};

/**
 * A stamp of what `contentKey(parts)` would read, from file metadata only: every file's
 * relative path, size, mtime, ctime and inode. Any write to a file changes its ctime (which no
 * tool can set back), so an equal stamp means the contents are as they were.
 */
const statStamp = ({ paths = [], listOnly = [], strings = [] }) => {
  const hash = crypto.createHash('sha256');
  hash.update(JSON.stringify(strings));
  for (const p of [...paths, ...listOnly]) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    hash.update(`\0${p}\0`);
    if (!stat) continue;
    for (const rel of stat.isDirectory() ? filesBelow(p) : ['']) {
      const s = rel ? fs.statSync(path.join(p, rel)) : stat;
      hash.update(`${rel}\0${s.size}\0${s.mtimeMs}\0${s.ctimeMs}\0${s.ino}\n`);
    }
  }
  return hash.digest('hex');
};

/**
 * contentKey(parts), read from `root`'s stamp file when no file changed since it was last
 * computed there (only file metadata is read: about 5-10 ms for src/ instead of 20-40 ms). The
 * stamp file (hidden, one per set of paths) is replaced atomically; when it cannot be read or
 * written, the key is computed from the contents.
 * @param {{ paths?: readonly string[], listOnly?: readonly string[], strings?: readonly string[] }} parts
 * @param {string} root the cache's folder
 * @returns {string}
 */
export const quickContentKey = (parts, root) => {
  const stamp = statStamp(parts);
  const what = crypto
    .createHash('sha256')
    .update(JSON.stringify([parts.paths ?? [], parts.listOnly ?? []]))
    .digest('hex')
    .slice(0, 16);
  const file = path.join(root, `.stamp-${what}.json`);
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (saved.stamp === stamp && typeof saved.key === 'string') return saved.key;
  } catch {
    // No stamp yet (or unreadable): compute the key.
  }
  const key = contentKey(parts);
  try {
    fs.mkdirSync(root, { recursive: true });
    const tmp = path.join(root, `.tmp-stamp-${what}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
    fs.writeFileSync(tmp, JSON.stringify({ stamp, key }));
    fs.renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs the hash next time.
  }
  return key;
};

/**
 * Every regular file under `folder` (symbolic links not followed, the marker left out) and its
 * size in bytes, by path relative to it.
 * @param {string} folder
 * @returns {Record<string, number>}
 */
export const manifest = (folder) => {
  /** @type {Record<string, number>} */
  const files = {};
  const walk = (dir, rel) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
      else if (e.isFile() && r !== MARKER) files[r] = fs.lstatSync(path.join(dir, e.name)).size;
    }
  };
  walk(folder, '');
  return files;
};

/**
 * True when `folder` is a complete cache folder: its marker is there and every file the marker
 * lists has its size (a file removed or cut short since makes it incomplete: built again). A
 * marker without a list (older) is trusted.
 */
export const isComplete = (folder) => {
  let marker;
  try {
    marker = JSON.parse(fs.readFileSync(path.join(folder, MARKER), 'utf8'));
  } catch {
    // No marker, or one cut short: not complete.
    return false;
  }
  const files = marker && typeof marker === 'object' ? marker.files : undefined;
  if (!files || typeof files !== 'object') return true;
  for (const [rel, size] of Object.entries(files)) {
    const st = fs.lstatSync(path.join(folder, rel), { throwIfNoEntry: false });
    if (!st || st.size !== size) return false;
  }
  return true;
};

/** Marks `folder` as used now (its marker's mtime); false when it is gone. */
export const touch = (folder) => {
  const now = new Date();
  try {
    fs.utimesSync(path.join(folder, MARKER), now, now);
    return true;
  } catch {
    return false;
  }
};

/** Takes `p` away at once (a rename to a hidden sibling) and then deletes it; never throws. */
const remove = (p) => {
  const trash = path.join(path.dirname(p), `.trash-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  try {
    fs.renameSync(p, trash);
  } catch {
    return;
  }
  fs.rmSync(trash, { recursive: true, force: true });
};

/** When `p` was last used: its marker's mtime, else its own (ms since the epoch); 0 when it is gone. */
const lastUse = (p) => (fs.statSync(path.join(p, MARKER), { throwIfNoEntry: false }) ?? fs.statSync(p, { throwIfNoEntry: false }))?.mtimeMs ?? 0;

/**
 * Deletes the folders of `root` beyond the newest `keep` by last use, leaving any used within
 * `graceMs` and `current`; and leftovers of builders that died (hidden temporary folders older
 * than `graceMs`). Never throws (another process may prune at the same time).
 * @param {string} root
 * @param {{ keep: number, graceMs: number, current?: string }} opts
 */
export const prune = (root, { keep, graceMs, current }) => {
  let names;
  try {
    names = fs.readdirSync(root);
  } catch {
    return;
  }
  const now = Date.now();
  const kept = names
    .filter((n) => !n.startsWith('.'))
    .map((n) => ({ n, used: lastUse(path.join(root, n)) }))
    .sort((a, b) => b.used - a.used);
  for (const { n, used } of kept.slice(keep)) if (n !== current && now - used > graceMs) remove(path.join(root, n));
  for (const n of names) if (n.startsWith('.tmp-') || n.startsWith('.trash-')) if (now - lastUse(path.join(root, n)) > graceMs) remove(path.join(root, n));
};

/**
 * The complete folder `root/key`, built by `build` when it is not there yet.
 * @param {{ root: string, key: string, build: (dir: string) => Promise<unknown>, keep?: number, graceMs?: number }} opts
 *   root: the cache's folder (made when missing); key: the content key (a folder name);
 *   build: fills the empty folder it is given (a temporary sibling; rejects to fail);
 *   keep: how many folders pruning keeps at least (default 4); graceMs: a folder used within
 *   this many milliseconds is never pruned (default one hour)
 * @returns {Promise<{ dir: string, built: boolean }>} the folder (absolute), and whether this call built it
 * @throws what `build` throws (its temporary folder removed), or an fs error when `root` cannot be written
 */
export const keyedFolder = async ({ root, key, build, keep = 4, graceMs = 3_600_000 }) => {
  const dir = path.join(root, key);
  if (isComplete(dir)) {
    touch(dir);
    return { dir, built: false };
  }
  fs.mkdirSync(root, { recursive: true });
  const tmp = path.join(root, `.tmp-${key}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  fs.mkdirSync(tmp);
  try {
    await build(tmp);
    fs.writeFileSync(path.join(tmp, MARKER), `${JSON.stringify({ key, builtAt: new Date().toISOString(), pid: process.pid, files: manifest(tmp) })}\n`);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  let built = true;
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(tmp, dir);
      break;
    } catch (err) {
      // Another process renamed its copy into place first: use that one.
      if (isComplete(dir)) {
        fs.rmSync(tmp, { recursive: true, force: true });
        built = false;
        break;
      }
      // A folder without the marker is in the way (left by something else): move it aside, once.
      if (attempt === 0 && fs.existsSync(dir)) {
        remove(dir);
        continue;
      }
      fs.rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
  }
  prune(root, { keep, graceMs, current: key });
  return { dir, built };
};

/**
 * Touches `dir`'s marker every `everyMs` (default 10 minutes) while this process runs, so that
 * pruning (which spares folders used within its grace period) leaves it alone. The timer does
 * not keep the process alive.
 * @param {string} dir
 * @param {number} [everyMs]
 */
export const keepFresh = (dir, everyMs = 600_000) => {
  setInterval(() => touch(dir), everyMs).unref();
};
