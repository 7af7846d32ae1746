import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CLI_ENTRY, cliCacheRoot, cliSourceKey } from '../../scripts/cli-build.mjs';
import { isComplete } from '../../src/util/keyed-cache.mjs';

// A git checkout runs the CLI compiled by esbuild (scripts/cli-build.mjs), built again when src/
// changes. The edit tests work on a copy of the checkout (src/, bin/, scripts/, package.json,
// tsconfig.json, a .git file, node_modules as links to this one's packages), never on this one.
vi.setConfig({ testTimeout: 120_000 });

const ROOT = path.join(__dirname, '..', '..');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-checkout-build-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A copy of this checkout that builds its own CLI (its node_modules: a folder of links to this one's packages). */
const copyCheckout = () => {
  const dir = path.join(tmp, `checkout-${n++}`);
  for (const p of ['src', 'bin', 'scripts', 'package.json', 'tsconfig.json']) fs.cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  fs.writeFileSync(path.join(dir, '.git'), 'gitdir: elsewhere\n');
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const name of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (name !== '.cache') fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(dir, 'node_modules', name));
  }
  return dir;
};

/** Runs `node ROOT/bin/screenplay.mjs ARGS` with SCREENPLAY_DEBUG=1 (the bin says which CLI it runs on stderr). */
const bin = (root: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'screenplay.mjs'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, SCREENPLAY_RUN: undefined, ...env, SCREENPLAY_DEBUG: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
/** The build folder the bin's debug line names, or null when it ran src/ through tsx. */
const buildDir = (stderr: string): string | null => /CLI (?:built|up to date) in (\S+)/.exec(stderr)?.[1] ?? null;

describe('cliSourceKey', () => {
  it.each([
    { change: 'nothing', edit: () => {}, same: true },
    { change: 'a source file edited', edit: (r: string) => fs.appendFileSync(path.join(r, 'src', 'cli', 'help.ts'), '\n// edited\n'), same: false },
    { change: 'a new source file', edit: (r: string) => fs.writeFileSync(path.join(r, 'src', 'cli', 'new.ts'), 'export {};\n'), same: false },
    { change: 'a source file deleted', edit: (r: string) => fs.rmSync(path.join(r, 'src', 'cli', 'print.ts')), same: false },
    { change: 'package.json changed', edit: (r: string) => fs.appendFileSync(path.join(r, 'package.json'), '\n'), same: false },
    { change: 'tsconfig.json changed', edit: (r: string) => fs.appendFileSync(path.join(r, 'tsconfig.json'), '\n'), same: false },
    { change: 'a test changed (not built)', edit: (r: string) => fs.writeFileSync(path.join(r, 'tests.ts'), ''), same: true },
  ])('$change: same key = $same', ({ edit, same }) => {
    const root = path.join(tmp, `key-${n++}`);
    for (const p of ['src', 'package.json', 'tsconfig.json']) fs.cpSync(path.join(ROOT, p), path.join(root, p), { recursive: true });
    const before = cliSourceKey(root);
    edit(root);
    expect(cliSourceKey(root) === before).toBe(same);
  });
});

describe('bin/screenplay.mjs in a checkout', () => {
  it('runs the compiled CLI from node_modules/.cache/screenplay-cli/<key>', () => {
    const r = bin(ROOT, ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${VERSION}\n`);
    const dir = buildDir(r.stderr);
    expect(dir).toBe(path.join(cliCacheRoot(ROOT), cliSourceKey(ROOT)));
    expect(isComplete(dir!)).toBe(true);
    expect(fs.existsSync(path.join(dir!, CLI_ENTRY))).toBe(true);
    // The version above is read from the package.json found above the built file; a command's own chunk loads too.
    const schema = bin(ROOT, ['schema']);
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.stdout)).toHaveProperty('$schema');
  });

  it('an edit to a source file is built and run; SCREENPLAY_RUN=src still runs it through tsx', () => {
    const root = copyCheckout();
    const first = bin(root, ['--version']);
    expect(first.stderr).toContain('CLI built in');
    expect(first.stdout).toBe(`${VERSION}\n`);
    const main = path.join(root, 'src', 'cli', 'main.ts');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('printOut(`${packageVersion()}\\n`)', 'printOut(`${packageVersion()}-edited\\n`)'));
    const second = bin(root, ['--version']);
    expect(second.stdout).toBe(`${VERSION}-edited\n`);
    expect(second.stderr).toContain('CLI built in');
    expect(buildDir(second.stderr)).not.toBe(buildDir(first.stderr));
    const third = bin(root, ['--version']);
    expect(third.stderr).toContain('CLI up to date in');
    expect(buildDir(third.stderr)).toBe(buildDir(second.stderr));
    const tsx = bin(root, ['--version'], { SCREENPLAY_RUN: 'src' });
    expect(tsx.stdout).toBe(`${VERSION}-edited\n`);
    expect(buildDir(tsx.stderr)).toBeNull();
  });

  it('two processes starting at once on a fresh checkout both run, and leave one build', async () => {
    const root = copyCheckout();
    const runs = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<{ code: number | null; out: string }>((resolve) => {
            const child = spawn(process.execPath, [path.join(root, 'bin', 'screenplay.mjs'), '--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
            let out = '';
            child.stdout.on('data', (d: Buffer) => (out += String(d)));
            child.on('close', (code) => resolve({ code, out }));
          }),
      ),
    );
    expect(runs).toEqual([
      { code: 0, out: `${VERSION}\n` },
      { code: 0, out: `${VERSION}\n` },
    ]);
    // One build, its key's stamp, and no builder's leftovers.
    const left = fs.readdirSync(cliCacheRoot(root));
    expect(left.filter((f) => !f.startsWith('.stamp-'))).toEqual([cliSourceKey(root)]);
  });

  it('when the build cannot be made it runs src/ through tsx, saying so only with SCREENPLAY_DEBUG=1', () => {
    const root = copyCheckout();
    // A file where the cache folder should be: the build cannot be written.
    fs.writeFileSync(path.join(root, 'node_modules', '.cache'), '');
    const r = bin(root, ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${VERSION}\n`);
    expect(r.stderr).toContain('running src/ through tsx');
    const quiet = spawnSync(process.execPath, [path.join(root, 'bin', 'screenplay.mjs'), '--version'], {
      encoding: 'utf8',
      env: { ...process.env, SCREENPLAY_DEBUG: undefined, SCREENPLAY_RUN: undefined },
    });
    expect(quiet.stdout).toBe(`${VERSION}\n`);
    expect(quiet.stderr).toBe('');
  });
});
