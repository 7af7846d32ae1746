import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// What a command loads decides how fast it starts (bench/cli-startup-bench.ts measures the time):
// a loader hook lists every module the real bin loads, and the fast commands must load no render,
// capture, narration or stage code and no heavy package.
vi.setConfig({ testTimeout: 120_000 });

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'screenplay.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-lazy-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const log = path.join(tmp, 'loaded.txt');
fs.writeFileSync(
  path.join(tmp, 'hooks.mjs'),
  `import fs from 'node:fs';\nexport async function load(url, context, next) {\n  if (url.startsWith('file:')) fs.appendFileSync(${JSON.stringify(log)}, url + '\\n');\n  return next(url, context);\n}\n`,
);
fs.writeFileSync(
  path.join(tmp, 'register.mjs'),
  `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${path.join(tmp, 'hooks.mjs')}`)});\n`,
);

/** A checkout's compiled CLI builds (scripts/cli-build.mjs): their URLs contain this. */
const BUILDS = '/node_modules/.cache/screenplay-cli/';

/**
 * The files under src/ and the packages the bin loads for `args`. `run`: how the bin runs src/
 * (undefined: as a checkout runs by default, compiled; "src": through tsx). A compiled file
 * stands for the source files it holds (its build's meta.json says which).
 */
const loaded = (args: string[], run?: 'src') => {
  fs.rmSync(log, { force: true });
  const env = { ...process.env, SCREENPLAY_RUN: run };
  if (!run) delete env.SCREENPLAY_RUN;
  const r = spawnSync(process.execPath, ['--import', path.join(tmp, 'register.mjs'), BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env });
  const urls = fs.readFileSync(log, 'utf8').trim().split('\n');
  const builds = urls.filter((u) => u.includes(BUILDS));
  const compiled = builds.flatMap((u) => {
    const file = fileURLToPath(u);
    const [key, ...rest] = file.slice(file.indexOf(BUILDS.slice(1)) + BUILDS.length - 1).split('/');
    const meta = JSON.parse(fs.readFileSync(path.join(file.slice(0, file.indexOf(key!) + key!.length), 'meta.json'), 'utf8')) as {
      outputs: Record<string, string[]>;
    };
    return meta.outputs[rest.join('/')] ?? [];
  });
  const src = [...compiled, ...urls.filter((u) => !u.includes(BUILDS) && u.includes('/src/')).map((u) => u.slice(u.lastIndexOf('/src/') + 1))];
  const packages = [...new Set(urls.flatMap((u) => (u.includes(BUILDS) ? [] : (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1] ?? []))))].sort();
  return { code: r.status, src, packages, compiled: builds.length > 0 };
};

const HEAVY_SRC = /^src\/(render|capture|narration|stage|compositions|make|review|mcp|avatar|media|targets|timeline|frame)\//;

describe.each([
  { run: undefined, how: "compiled (a checkout's default)" },
  { run: 'src' as const, how: 'through tsx (SCREENPLAY_RUN=src)' },
])('fast commands load only what they use: $how', ({ run }) => {
  it.each([
    { args: ['--version'], packages: [] },
    { args: ['--help'], packages: [] },
    { args: ['make', '--help'], packages: [] },
    { args: ['validate', 'examples/quickstart.yaml'], packages: ['yaml', 'zod'] },
    { args: ['plan', 'examples/quickstart.yaml'], packages: ['yaml', 'zod'] },
    { args: ['schema'], packages: ['yaml', 'zod'] },
  ])('screenplay $args: no render, capture or narration code; packages: $packages', ({ args, packages }) => {
    const r = loaded(args, run);
    expect(r.code).toBe(0);
    expect(r.compiled).toBe(run === undefined);
    expect(r.src.length).toBeGreaterThan(0);
    expect(r.src.filter((f) => HEAVY_SRC.test(f))).toEqual([]);
    // tsx (and its esbuild) run the TypeScript itself; nothing else but what the command needs.
    expect(r.packages.filter((p) => !['tsx', 'esbuild', 'get-tsconfig', 'resolve-pkg-maps'].includes(p))).toEqual(packages);
  });

  it('a command that renders does load the render code (the probe sees it)', () => {
    const r = loaded(['render', 'no-such-capture-dir', '--out', path.join(tmp, 'x.mp4')], run);
    expect(r.code).toBe(1);
    expect(r.src.some((f) => f.startsWith('src/render/'))).toBe(true);
  });
});
