/**
 * screenplay as a user gets it: `npm pack`, then in a fresh project outside this repository
 * (`npm init -y`: CommonJS) `npm i` of the tarball, `npx screenplay init`, `validate` of the
 * starter, a `defineScript` file that type-checks (and one with `{ wait: 2 }` that does not),
 * `require`/`import` of the library, and `npx screenplay make` of the starter on a virtual stage.
 *
 * Slow by nature (the build, an npm install from the registry's cache, a whole make): one file,
 * one install, generous timeouts.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, TERMINAL, VOICE, skipWithout } from '../helpers/requires';

const ROOT = path.resolve(__dirname, '..', '..');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TYPESCRIPT = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/typescript/package.json'), 'utf8')) as { version: string }).version;
const skipMake = skipWithout('make of the packed starter on a virtual stage', DESKTOP, TERMINAL, VOICE, ['ffmpeg']);

let tmp: string;
let proj: string;
let tarball: string;

/** Runs a command in the fresh project (never in this repository), with no DISPLAY (make starts its own stage). */
const run = (cmd: string, args: string[], timeout = 120_000): SpawnSyncReturns<string> => {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_yes: 'true' };
  delete env.DISPLAY;
  // vitest's own variables would leak into the child's Node.
  for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'NODE_OPTIONS') delete env[k];
  return spawnSync(cmd, args, { cwd: proj, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
};
const npx = (args: string[], timeout?: number) => run('npx', ['--no-install', ...args], timeout);
const output = (r: SpawnSyncReturns<string>) => `${r.stdout}\n${r.stderr}`;

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-pack-')));
  proj = path.join(tmp, 'my-product');
  fs.mkdirSync(proj);
  // prepack builds dist/ (tsup) first.
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  tarball = path.join(tmp, packed.trim().split('\n').at(-1) as string);
  expect(fs.existsSync(tarball)).toBe(true);
  expect(run('npm', ['init', '-y']).status).toBe(0);
  const install = run('npm', ['i', '--prefer-offline', '--no-audit', '--no-fund', tarball, `typescript@${TYPESCRIPT}`], 900_000);
  expect(install.status, output(install)).toBe(0);
}, 1_500_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the packed package in a fresh CommonJS project', () => {
  it('ships the built library, the source Remotion bundles, primitives and schema; not tests, benches or CI', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    for (const f of [
      'dist/index.js',
      'dist/index.cjs',
      'dist/index.d.ts',
      'dist/index.d.cts',
      'dist/compositions.js',
      'dist/remotion-config.cjs',
      'dist/cli.js',
      'bin/screenplay.mjs',
    ]) {
      expect(files).toContain(f);
    }
    for (const f of ['src/index.ts', 'src/capture/exit-guard.cjs', 'primitives/terminal.yaml', 'schema/screenplay.schema.json', 'LICENSE', 'README.md']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(tests|bench|\.ci|\.git)\//.test(f))).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(proj, 'node_modules/screenplay/package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.private).toBeUndefined();
    expect(pkg.license).toBe('MIT');
    // One copy of each: Remotion, React and zod come from the project (peer dependencies).
    for (const peer of ['remotion', 'react', 'zod', '@remotion/renderer']) {
      expect(fs.existsSync(path.join(proj, 'node_modules/screenplay/node_modules', peer))).toBe(false);
      expect(fs.existsSync(path.join(proj, 'node_modules', peer, 'package.json'))).toBe(true);
    }
  });

  it('npx screenplay --version and --help run the built JavaScript', () => {
    const v = npx(['screenplay', '--version']);
    expect(v.status, output(v)).toBe(0);
    expect(v.stdout.trim()).toContain(VERSION);
    const h = npx(['screenplay', 'validate', '--help']);
    expect(h.status, output(h)).toBe(0);
    expect(h.stdout).toMatch(/validate/);
  });

  it('the library loads with require (CommonJS) and import (ESM), and its schemas parse', () => {
    fs.writeFileSync(
      path.join(proj, 'use.cjs'),
      "const s = require('screenplay');\nconst r = s.compileScript({ entry: 'a.yaml', files: { 'a.yaml': 'steps:\\n  - wait: 2s\\n' }, root: '' });\nconsole.log(typeof s.defineScript, r.errors.length, r.plan.steps.length, typeof s.landscapeSchema.parse({}).style === 'object');\n",
    );
    fs.writeFileSync(
      path.join(proj, 'use.mjs'),
      "import { defineScript, parseDuration, tiktokSplitSchema } from 'screenplay';\nconsole.log(typeof defineScript, parseDuration('1.5s').ms, typeof tiktokSplitSchema.parse);\n",
    );
    const cjs = run('node', ['use.cjs']);
    expect(cjs.status, output(cjs)).toBe(0);
    expect(cjs.stdout.trim()).toBe('function 0 1 true');
    const config = run('node', ['-e', "console.log(typeof require('screenplay/remotion-config').configureRemotion)"]);
    expect(config.stdout.trim(), output(config)).toBe('function');
    const esm = run('node', ['use.mjs']);
    expect(esm.status, output(esm)).toBe(0);
    expect(esm.stdout.trim()).toBe('function 1500 function');
  });

  it('npx screenplay init scaffolds a starter that validates; a second init refuses to overwrite', () => {
    const init = npx(['screenplay', 'init']);
    expect(init.status, output(init)).toBe(0);
    const starter = path.join(proj, 'screenplay', 'hello.yaml');
    const text = fs.readFileSync(starter, 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/node_modules\/screenplay\/schema\/screenplay\.schema\.json/);
    expect(text).toMatch(/import: \[screenplay\/terminal\]/);
    expect(fs.readFileSync(path.join(proj, 'screenplay', '.gitignore'), 'utf8')).toMatch(/out\//);
    const validate = npx(['screenplay', 'validate', 'screenplay/hello.yaml']);
    expect(validate.status, output(validate)).toBe(0);
    expect(validate.stderr).toMatch(/screenplay\/hello\.yaml: valid \(\d+ steps\)/);
    const again = npx(['screenplay', 'init']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/hello\.yaml/);
  });

  // Two tsc runs in the fresh project: 35 s on a loaded 2-core machine, over the default 30 s.
  it('a defineScript file type-checks with tsc; { wait: 2 } and a misspelt action do not', { timeout: 120_000 }, () => {
    fs.writeFileSync(
      path.join(proj, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: true },
      }),
    );
    fs.writeFileSync(
      path.join(proj, 'demo.ts'),
      "import { defineScript } from 'screenplay';\nexport default defineScript({\n  title: 'Typed',\n  steps: [{ open_terminal: { title: 'demo' } }, { type: 'echo hi' }, { press: 'Enter' }, { wait: '2s' }, { say: 'Deploys to ml.ink.' }],\n});\n",
    );
    const ok = run('npx', ['--no-install', 'tsc', '-p', '.']);
    expect(ok.status, output(ok)).toBe(0);
    const validate = npx(['screenplay', 'validate', 'demo.ts']);
    expect(validate.status, output(validate)).toBe(0);
    fs.writeFileSync(path.join(proj, 'bad.ts'), "import { defineScript } from 'screenplay';\nexport default defineScript({ steps: [{ wait: 2 }] });\n");
    fs.writeFileSync(
      path.join(proj, 'typo.ts'),
      "import { defineScript } from 'screenplay';\nexport default defineScript({ steps: [{ clik: { text: 'Deploy' } }] });\n",
    );
    const bad = run('npx', ['--no-install', 'tsc', '-p', '.']);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/bad\.ts\(2,/);
    expect(bad.stdout).toMatch(/typo\.ts\(2,/);
    fs.rmSync(path.join(proj, 'bad.ts'));
    fs.rmSync(path.join(proj, 'typo.ts'));
  });

  it.skipIf(skipMake)(
    'npx screenplay make of the starter: videos in the project, nothing written into the package but its bundle cache',
    () => {
      const pkgDir = path.join(proj, 'node_modules', 'screenplay');
      const before = listFiles(pkgDir);
      // At a quarter size: the package's make is what is tested, not the size it renders at (render tests cover sizes).
      const make = npx(['screenplay', 'make', 'screenplay/hello.yaml', '--out', 'screenplay/out/hello', '--scale', '0.25'], 900_000);
      expect(make.status, output(make)).toBe(0);
      const out = path.join(proj, 'screenplay', 'out', 'hello');
      const videos = fs.readdirSync(out).filter((f) => f.endsWith('.mp4'));
      expect(videos.length).toBeGreaterThan(0);
      for (const v of videos) {
        const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path.join(out, v)], { encoding: 'utf8' });
        expect(Number(probe.trim())).toBeGreaterThan(1);
      }
      // Only webpack's cache (node_modules/.cache, as every bundler keeps one) is new in the package.
      const added = listFiles(pkgDir).filter((f) => !before.includes(f) && !f.startsWith('node_modules/.cache/'));
      expect(added).toEqual([]);
    },
    1_000_000,
  );
});

/** Every file under `dir`, relative, posix separators. */
const listFiles = (dir: string): string[] => {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out;
};
