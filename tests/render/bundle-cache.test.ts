import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { bundleKey, currentBundleKey } from '../../src/render/bundle';
import { cacheDir } from '../../src/util/cache-dir';
import { contentKey, isComplete, keyedFolder, MARKER, prune, quickContentKey } from '../../src/util/keyed-cache.mjs';

// The caches behind a fast re-render (issue 21): content keys, and folders built once per key
// (src/util/keyed-cache.mjs) that the Remotion bundle (src/render/bundle.ts) and the checkout's
// compiled CLI (scripts/cli-build.mjs) are kept in. No webpack runs here: builders are stand-ins.
vi.setConfig({ testTimeout: 60_000 });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-bundle-cache-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => {
  const dir = path.join(tmp, `${name}-${n++}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};

/** A small tree: src/ with two files in two folders, and a config file beside it. */
const tree = () => {
  const root = fresh('tree');
  write(path.join(root, 'src', 'a.ts'), 'export const a = 1;\n');
  write(path.join(root, 'src', 'sub', 'b.tsx'), 'export const b = 2;\n');
  write(path.join(root, 'config.ts'), 'export default {};\n');
  return root;
};
const keyOf = (root: string) => contentKey({ paths: [path.join(root, 'src'), path.join(root, 'config.ts')], strings: ['v1'] });

describe('contentKey', () => {
  it.each([
    { change: 'nothing (a rewrite with the same bytes)', edit: (r: string) => write(path.join(r, 'src', 'a.ts'), 'export const a = 1;\n'), same: true },
    { change: 'a touch (a new mtime, the same bytes)', edit: (r: string) => fs.utimesSync(path.join(r, 'src', 'a.ts'), 1, 1), same: true },
    { change: 'a changed file', edit: (r: string) => write(path.join(r, 'src', 'a.ts'), 'export const a = 2;\n'), same: false },
    { change: 'a new file', edit: (r: string) => write(path.join(r, 'src', 'sub', 'c.ts'), ''), same: false },
    { change: 'a new empty folder', edit: (r: string) => fs.mkdirSync(path.join(r, 'src', 'empty')), same: true },
    { change: 'a deleted file', edit: (r: string) => fs.rmSync(path.join(r, 'src', 'sub', 'b.tsx')), same: false },
    { change: 'a renamed file', edit: (r: string) => fs.renameSync(path.join(r, 'src', 'a.ts'), path.join(r, 'src', 'a2.ts')), same: false },
    {
      change: 'a file moved to another folder',
      edit: (r: string) => fs.renameSync(path.join(r, 'src', 'a.ts'), path.join(r, 'src', 'sub', 'a.ts')),
      same: false,
    },
    { change: 'a changed single file path', edit: (r: string) => write(path.join(r, 'config.ts'), 'export default { x: 1 };\n'), same: false },
    { change: 'a deleted single file path', edit: (r: string) => fs.rmSync(path.join(r, 'config.ts')), same: false },
    {
      change: 'bytes moved from one file to the next',
      edit: (r: string) => write(path.join(r, 'src', 'a.ts'), 'export const a = 1;\nexport const b = 2;\n'),
      same: false,
    },
  ])('$change: same key = $same', ({ edit, same }) => {
    const root = tree();
    const before = keyOf(root);
    expect(before).toMatch(/^[0-9a-f]{40}$/);
    edit(root);
    expect(keyOf(root) === before).toBe(same);
  });

  it('the same content in another folder gives the same key when the path is not part of it; strings count', () => {
    const a = tree();
    const b = tree();
    expect(contentKey({ paths: [path.join(a, 'src')] })).toBe(contentKey({ paths: [path.join(b, 'src')] }));
    expect(contentKey({ paths: [path.join(a, 'src')], strings: ['react@19.2.0'] })).not.toBe(
      contentKey({ paths: [path.join(a, 'src')], strings: ['react@19.2.1'] }),
    );
  });

  it('listOnly: a folder of media is keyed by names, sizes and mtimes, not read', () => {
    const root = tree();
    const media = path.join(root, 'src');
    const before = contentKey({ listOnly: [media] });
    fs.utimesSync(path.join(media, 'a.ts'), 1, 1);
    const touched = contentKey({ listOnly: [media] });
    expect(touched).not.toBe(before);
    expect(contentKey({ listOnly: [media] })).toBe(touched);
  });
});

describe('quickContentKey', () => {
  it.each([
    { change: 'nothing: the stamp is used', edit: () => {}, stamped: true },
    {
      change: 'a file rewritten with its mtime set back (ctime still changes)',
      edit: (r: string) => {
        const f = path.join(r, 'src', 'a.ts');
        const { atime, mtime } = fs.statSync(f);
        fs.writeFileSync(f, 'export const a = 9;\n');
        fs.utimesSync(f, atime, mtime);
      },
      stamped: false,
    },
    { change: 'a new file', edit: (r: string) => write(path.join(r, 'src', 'new.ts'), ''), stamped: false },
    { change: 'a deleted file', edit: (r: string) => fs.rmSync(path.join(r, 'src', 'sub', 'b.tsx')), stamped: false },
  ])('$change: the stamp is used = $stamped; the key is always contentKey', ({ edit, stamped }) => {
    const root = tree();
    const cache = path.join(root, 'cache');
    const parts = { paths: [path.join(root, 'src'), path.join(root, 'config.ts')] };
    expect(quickContentKey(parts, cache)).toBe(contentKey(parts));
    // A stand-in key in the stamp shows whether the next call read it or hashed the files.
    const [stampFile] = fs.readdirSync(cache).filter((f) => f.startsWith('.stamp-'));
    const saved = JSON.parse(fs.readFileSync(path.join(cache, stampFile!), 'utf8')) as { stamp: string; key: string };
    fs.writeFileSync(path.join(cache, stampFile!), JSON.stringify({ ...saved, key: 'from-the-stamp' }));
    edit(root);
    expect(quickContentKey(parts, cache)).toBe(stamped ? 'from-the-stamp' : contentKey(parts));
  });
});

describe('bundleKey', () => {
  /** A package folder as bundleKey reads it: src/, public/, package.json with one dependency, node_modules. */
  const pkg = () => {
    const root = fresh('pkg');
    write(path.join(root, 'src', 'index.ts'), 'registerRoot(Root);\n');
    write(path.join(root, 'public', 'samples', 'x', 'capture.json'), '{}\n');
    write(path.join(root, 'package.json'), JSON.stringify({ name: 'screenplay', dependencies: { dep: '1.0.0' }, peerDependencies: { remotion: '4.0.0' } }));
    write(path.join(root, 'node_modules', 'dep', 'package.json'), '{ "version": "1.0.0" }');
    write(path.join(root, 'node_modules', 'remotion', 'package.json'), '{ "version": "4.0.0" }');
    return root;
  };
  it.each([
    { change: 'nothing', edit: () => {}, same: true },
    { change: 'a composition edited', edit: (r: string) => write(path.join(r, 'src', 'index.ts'), 'registerRoot(Other);\n'), same: false },
    { change: 'a new file under src/', edit: (r: string) => write(path.join(r, 'src', 'new.tsx'), ''), same: false },
    { change: 'remotion.config.ts added', edit: (r: string) => write(path.join(r, 'remotion.config.ts'), ''), same: false },
    { change: 'a file added to public/', edit: (r: string) => write(path.join(r, 'public', 'y.png'), 'png'), same: false },
    {
      change: 'another Remotion installed',
      edit: (r: string) => write(path.join(r, 'node_modules', 'remotion', 'package.json'), '{ "version": "4.0.1" }'),
      same: false,
    },
    { change: 'a dependency uninstalled', edit: (r: string) => fs.rmSync(path.join(r, 'node_modules', 'dep'), { recursive: true }), same: false },
  ])('$change: same key = $same', ({ edit, same }) => {
    const root = pkg();
    const before = bundleKey(root);
    edit(root);
    expect(bundleKey(root) === before).toBe(same);
  });

  it('the package folder is part of the key (the bundle links its public/)', () => {
    const a = pkg();
    const b = pkg();
    expect(bundleKey(a)).not.toBe(bundleKey(b));
  });

  it("currentBundleKey is this package's bundleKey (through the stamp), the same on a second call", () => {
    const before = process.env.SCREENPLAY_CACHE_DIR;
    process.env.SCREENPLAY_CACHE_DIR = fresh('user-cache');
    try {
      expect(currentBundleKey()).toBe(bundleKey());
      expect(currentBundleKey()).toBe(bundleKey());
      expect(fs.readdirSync(path.join(process.env.SCREENPLAY_CACHE_DIR, 'bundles')).filter((f) => f.startsWith('.stamp-'))).toHaveLength(1);
    } finally {
      if (before === undefined) delete process.env.SCREENPLAY_CACHE_DIR;
      else process.env.SCREENPLAY_CACHE_DIR = before;
    }
  });

  it('costs well under 100 ms for this package', () => {
    bundleKey();
    const t0 = performance.now();
    bundleKey();
    expect(performance.now() - t0).toBeLessThan(100);
  });
});

describe('cacheDir', () => {
  it.each([
    { env: { SCREENPLAY_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }, want: '/c/bundles' },
    { env: { XDG_CACHE_HOME: '/x' }, want: '/x/screenplay/bundles' },
    { env: { SCREENPLAY_CACHE_DIR: '', XDG_CACHE_HOME: '' }, want: path.join(os.homedir(), '.cache', 'screenplay', 'bundles') },
  ])('$env → $want', ({ env, want }) => expect(cacheDir('bundles', env)).toBe(want));
});

/** A stand-in builder: writes `file` into the folder after `ms`, counting its calls. */
const builder = (ms = 50) => {
  const calls: string[] = [];
  return {
    calls,
    build: async (dir: string) => {
      calls.push(dir);
      fs.writeFileSync(path.join(dir, 'bundle.js'), 'half');
      await new Promise((r) => setTimeout(r, ms));
      fs.writeFileSync(path.join(dir, 'bundle.js'), `built in ${dir}`);
    },
  };
};

describe('keyedFolder', () => {
  it('builds once, then returns the folder without building', async () => {
    const root = fresh('cache');
    const b = builder();
    const first = await keyedFolder({ root, key: 'k1', build: b.build });
    expect(first).toEqual({ dir: path.join(root, 'k1'), built: true });
    expect(isComplete(first.dir)).toBe(true);
    const again = await keyedFolder({ root, key: 'k1', build: b.build });
    expect(again).toEqual({ dir: first.dir, built: false });
    expect(b.calls).toHaveLength(1);
    // Only the folder itself is left: no temporary sibling.
    expect(fs.readdirSync(root)).toEqual(['k1']);
  });

  it('a folder without the marker (half written) is never used: it is built again and replaced', async () => {
    const root = fresh('cache');
    write(path.join(root, 'k1', 'bundle.js'), 'half');
    const b = builder();
    const { dir, built } = await keyedFolder({ root, key: 'k1', build: b.build });
    expect(built).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'bundle.js'), 'utf8')).toMatch(/^built in /);
    expect(isComplete(dir)).toBe(true);
    expect(fs.readdirSync(root)).toEqual(['k1']);
  });

  it.each([
    ['a file cut short', (dir: string) => fs.truncateSync(path.join(dir, 'bundle.js'), 3)],
    ['a file removed', (dir: string) => fs.rmSync(path.join(dir, 'bundle.js'))],
    ['the marker cut short', (dir: string) => fs.truncateSync(path.join(dir, MARKER), 5)],
  ])('a complete folder damaged since (%s) is built again and replaced', async (_, damage) => {
    const root = fresh('cache');
    const b = builder();
    const first = await keyedFolder({ root, key: 'k1', build: b.build });
    damage(first.dir);
    expect(isComplete(first.dir)).toBe(false);
    const again = await keyedFolder({ root, key: 'k1', build: b.build });
    expect(again.built).toBe(true);
    expect(fs.readFileSync(path.join(again.dir, 'bundle.js'), 'utf8')).toMatch(/^built in /);
    expect(isComplete(again.dir)).toBe(true);
    expect(b.calls).toHaveLength(2);
    expect(fs.readdirSync(root)).toEqual(['k1']);
  });

  it('a failing build leaves nothing behind and rejects with its error', async () => {
    const root = fresh('cache');
    const build = async (dir: string) => {
      fs.writeFileSync(path.join(dir, 'bundle.js'), 'half');
      throw new Error('webpack: Module not found');
    };
    await expect(keyedFolder({ root, key: 'k1', build })).rejects.toThrow('webpack: Module not found');
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('two builders at once in one process both end with the complete folder', async () => {
    const root = fresh('cache');
    const b = builder(100);
    const [x, y] = await Promise.all([keyedFolder({ root, key: 'k1', build: b.build }), keyedFolder({ root, key: 'k1', build: b.build })]);
    expect(x.dir).toBe(y.dir);
    expect(b.calls).toHaveLength(2);
    expect([x.built, y.built].sort()).toEqual([false, true]);
    expect(fs.readFileSync(path.join(x.dir, 'bundle.js'), 'utf8')).toMatch(/^built in /);
    expect(fs.readdirSync(root)).toEqual(['k1']);
  });

  it('four processes building the same key at once all end with the same complete folder', async () => {
    const root = fresh('cache');
    const url = pathToFileURL(path.join(__dirname, '..', '..', 'src', 'util', 'keyed-cache.mjs')).href;
    const script = `
      import fs from 'node:fs';
      import path from 'node:path';
      const { keyedFolder, isComplete } = await import(${JSON.stringify(url)});
      const { dir } = await keyedFolder({ root: ${JSON.stringify(root)}, key: 'k1', build: async (d) => {
        fs.writeFileSync(path.join(d, 'bundle.js'), 'half');
        await new Promise((r) => setTimeout(r, 300));
        fs.writeFileSync(path.join(d, 'bundle.js'), 'built by ' + process.pid);
      } });
      if (!isComplete(dir) || !fs.readFileSync(path.join(dir, 'bundle.js'), 'utf8').startsWith('built by ')) process.exit(3);
      console.log(dir);`;
    const runs = await Promise.all(
      [0, 1, 2, 3].map(
        () =>
          new Promise<{ code: number | null; out: string }>((resolve) => {
            const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
            let out = '';
            child.stdout.on('data', (d: Buffer) => (out += String(d)));
            child.on('close', (code) => resolve({ code, out: out.trim() }));
          }),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(new Set(runs.map((r) => r.out))).toEqual(new Set([path.join(root, 'k1')]));
    expect(fs.readdirSync(root)).toEqual(['k1']);
  });
});

describe('prune', () => {
  /** A complete folder `key` in `root`, last used `ageMs` ago. */
  const folder = (root: string, key: string, ageMs: number) => {
    write(path.join(root, key, MARKER), '{}');
    const t = (Date.now() - ageMs) / 1000;
    fs.utimesSync(path.join(root, key, MARKER), t, t);
  };
  it('keeps the newest `keep` and any used within the grace period; deletes older ones and dead builders leftovers', () => {
    const root = fresh('cache');
    const hour = 3_600_000;
    folder(root, 'newest', 0);
    folder(root, 'second', 2 * hour);
    folder(root, 'old-but-in-use', 30 * 60_000);
    folder(root, 'old', 3 * hour);
    folder(root, 'older', 4 * hour);
    write(path.join(root, '.tmp-x-1-ab', 'bundle.js'), 'dead builder');
    const t = (Date.now() - 2 * hour) / 1000;
    fs.utimesSync(path.join(root, '.tmp-x-1-ab'), t, t);
    write(path.join(root, '.tmp-y-2-cd', 'bundle.js'), 'a builder at work');
    prune(root, { keep: 1, graceMs: hour });
    expect(fs.readdirSync(root).sort()).toEqual(['.tmp-y-2-cd', 'newest', 'old-but-in-use']);
  });

  it('never deletes the folder being returned, however old', () => {
    const root = fresh('cache');
    folder(root, 'a', 0);
    folder(root, 'b', 10 * 3_600_000);
    prune(root, { keep: 1, graceMs: 0, current: 'b' });
    expect(fs.readdirSync(root).sort()).toEqual(['a', 'b']);
  });
});
