import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'screenplay.mjs');
vi.setConfig({ testTimeout: 120_000 });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-init-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A user's project: package.json and screenplay installed in node_modules (a link to this repository, as `npm i` of the package would give). */
let project: string;
let n = 0;
beforeEach(() => {
  project = path.join(tmp, `app-${n++}`);
  fs.mkdirSync(path.join(project, 'node_modules'), { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "app", "private": true }\n');
  fs.symlinkSync(ROOT, path.join(project, 'node_modules', 'screenplay'), 'dir');
});

/** The installed bin, run in the project (as `npx screenplay` runs it). */
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(project, 'node_modules', 'screenplay', 'bin', 'screenplay.mjs'), ...args], {
    cwd: project,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const read = (rel: string) => fs.readFileSync(path.join(project, rel), 'utf8');

describe('screenplay init', () => {
  it('scaffolds screenplay/ in the current folder: the starter, .gitignore, the next commands', () => {
    const r = run('init');
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.join(project, 'screenplay')).sort()).toEqual(['.gitignore', 'hello.yaml']);
    expect(r.stderr).toContain('wrote screenplay/hello.yaml');
    expect(r.stdout).toContain('npx screenplay validate screenplay/hello.yaml');
    expect(r.stdout).toContain('npx screenplay make screenplay/hello.yaml --out screenplay/out/hello');
    // Installed: no "npm i" hint.
    expect(r.stdout).not.toContain('npm i');
    const script = read('screenplay/hello.yaml');
    // The $schema line names the installed package's schema, relative to the script, through node_modules.
    const schema = /^# yaml-language-server: \$schema=(\S+)$/m.exec(script)?.[1];
    expect(schema).toBe('../node_modules/screenplay/schema/screenplay.schema.json');
    expect(fs.existsSync(path.resolve(project, 'screenplay', schema!))).toBe(true);
    expect(script).toContain('import: [screenplay/terminal]');
    expect(read('screenplay/.gitignore').split('\n')).toEqual(expect.arrayContaining(['out/', '.cache/']));
  });

  it('the starter validates (needs package-name imports: `screenplay/terminal` resolved from node_modules)', () => {
    expect(run('init').code).toBe(0);
    const r = run('validate', 'screenplay/hello.yaml');
    expect(r.stderr).toMatch(/screenplay\/hello\.yaml: valid \(\d+ steps\)/);
    expect(r.code).toBe(0);
  });

  it("the starter's steps validate with the terminal primitives copied into the project (passes before package-name imports land)", () => {
    expect(run('init').code).toBe(0);
    fs.copyFileSync(path.join(ROOT, 'primitives', 'terminal.yaml'), path.join(project, 'screenplay', 'terminal.yaml'));
    const script = read('screenplay/hello.yaml');
    expect(script).toContain('import: [screenplay/terminal]');
    fs.writeFileSync(path.join(project, 'screenplay', 'hello.yaml'), script.replace('import: [screenplay/terminal]', 'import: [terminal.yaml]'));
    const r = run('validate', 'screenplay/hello.yaml');
    expect(r.stderr).toMatch(/screenplay\/hello\.yaml: valid \(\d+ steps\)/);
    expect(r.code).toBe(0);
  });

  it('never overwrites: names the files that exist, exit 1, writes nothing; --force overwrites', () => {
    fs.mkdirSync(path.join(project, 'videos'));
    fs.writeFileSync(path.join(project, 'videos', 'hello.yaml'), 'mine\n');
    const r = run('init', 'videos');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: init: videos\/hello\.yaml exists already; nothing was written \(--force overwrites\)/);
    expect(read('videos/hello.yaml')).toBe('mine\n');
    expect(fs.existsSync(path.join(project, 'videos', '.gitignore'))).toBe(false);
    fs.writeFileSync(path.join(project, 'videos', '.gitignore'), 'node_modules/\nsecret.env');
    const victim = path.join(tmp, `victim-${n}.txt`);
    fs.writeFileSync(victim, 'untouched\n');
    fs.rmSync(path.join(project, 'videos', 'hello.yaml'));
    fs.symlinkSync(victim, path.join(project, 'videos', 'hello.yaml'));
    const forced = run('init', 'videos', '--force');
    expect(forced.code).toBe(0);
    expect(read('videos/hello.yaml')).toContain('title: Hello from screenplay');
    // The link was replaced, not written through; the user's ignore lines kept, ours added.
    expect(fs.lstatSync(path.join(project, 'videos', 'hello.yaml')).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(victim, 'utf8')).toBe('untouched\n');
    expect(read('videos/.gitignore').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'secret.env', 'out/', '.cache/']));
    expect(forced.stdout).toContain('npx screenplay validate videos/hello.yaml');
  });

  it('--studio adds a Remotion config and entry whose paths Remotion resolves from the project root', () => {
    const r = run('init', 'media/screenplay', '--studio');
    expect(r.code).toBe(0);
    const dir = 'media/screenplay';
    expect(fs.readdirSync(path.join(project, dir)).sort()).toEqual(['.gitignore', 'hello.yaml', 'remotion.config.ts', 'studio']);
    const config = read(`${dir}/remotion.config.ts`);
    expect(config).toContain(`Config.setEntryPoint('${dir}/studio/index.ts');`);
    expect(config).toContain(`Config.setPublicDir('${dir}/out');`);
    expect(fs.existsSync(path.join(project, dir, 'studio', 'index.ts'))).toBe(true);
    expect(read(`${dir}/studio/Root.tsx`)).toContain("from 'screenplay/compositions'");
    // Object literals Studio's save-to-code can rewrite; the config binds Studio to loopback.
    expect(read(`${dir}/studio/Root.tsx`)).not.toMatch(/defaultProps=\{\{\s*\.\.\./);
    expect(read(`${dir}/studio/Root.tsx`)).toContain('"capture": "hello/capture"');
    expect(config).toContain("import { configureRemotion } from 'screenplay/remotion-config';");
    expect(read(`${dir}/studio/index.ts`)).toContain('registerRoot(Root)');
    expect(r.stdout).toContain(`npx remotion studio --config ${dir}/remotion.config.ts`);
    // The $schema line from a deeper folder.
    expect(read(`${dir}/hello.yaml`)).toContain('$schema=../../node_modules/screenplay/schema/screenplay.schema.json');
  });

  it('without screenplay installed: the $schema line names where `npm i -D screenplay` will put it, and says to install', () => {
    fs.rmSync(path.join(project, 'node_modules'), { recursive: true });
    // Run through the repository's bin (nothing installed in the project).
    const direct = spawnSync(process.execPath, [BIN, 'init'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    expect(direct.status).toBe(0);
    expect(read('screenplay/hello.yaml')).toContain('$schema=../node_modules/screenplay/schema/screenplay.schema.json');
    expect(direct.stdout).toContain('npm i -D screenplay');
  });

  it.each([
    { args: ['init', 'a', 'b'], err: /init: expected one folder, but got also b/ },
    { args: ['init', '--studoi'], err: /unknown option --studoi for init; did you mean --studio\?/ },
  ])('$args → exit 1', ({ args, err }) => {
    const r = run(...args);
    expect(r.stderr).toMatch(err);
    expect(r.code).toBe(1);
  });

  it('a file where the folder should be: exit 1', () => {
    fs.writeFileSync(path.join(project, 'screenplay'), 'x');
    const r = run('init');
    expect(r.stderr).toMatch(/init: expected screenplay to be a folder \(or not to exist yet\), but it is a file/);
    expect(r.code).toBe(1);
  });
});
