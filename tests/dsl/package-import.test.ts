/**
 * `import: [screenplay/terminal]`: primitive libraries imported by package name, resolved like
 * Node resolves a package, confined to the project and to the package.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScript } from '../../src/dsl';
import { loadScript } from '../../src/cli/load-script';
import { packageSpecifier } from '../../src/util/package-import';
import { resolveScriptPath } from '../../src/util/resolve-script-path';
import { ROOT } from './helpers';

describe('packageSpecifier', () => {
  it.each([
    ['screenplay/terminal', { pkg: 'screenplay', sub: 'terminal' }],
    ['screenplay/primitives/terminal.yaml', { pkg: 'screenplay', sub: 'primitives/terminal.yaml' }],
    ['@acme/demos/login', { pkg: '@acme/demos', sub: 'login' }],
    ['acme.js/login.yml', { pkg: 'acme.js', sub: 'login.yml' }],
    ['./terminal.yaml', null],
    ['../primitives/terminal.yaml', null],
    ['/abs/x.yaml', null],
    ['terminal.yaml', null],
    ['screenplay', null],
    ['@acme/demos', null],
    ['screenplay/../secret', null],
    ['screenplay/a/./b', null],
    ['screenplay//x', null],
    ['http://example.com/x.yaml', null],
    ['file:///etc/passwd', null],
    ['~/x/y', null],
    ['a\\b/c', null],
    ['screenplay/x\0y', null],
  ])('%j → %j', (value, expected) => {
    expect(packageSpecifier(value)).toEqual(expected);
  });
});

describe('resolving a package import', () => {
  let dir: string;
  let outside: string;
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const LIB = 'primitives:\n  log_in:\n    description: Log in\n    steps:\n      - wait: 1s\n';

  beforeAll(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pkg-import-')));
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pkg-outside-')));
    write('package.json', '{"name":"my-product"}');
    write('node_modules/acme/package.json', '{"name":"acme"}');
    write('node_modules/acme/primitives/login.yaml', LIB);
    write('node_modules/acme/primitives/extra.yml', LIB.replace('log_in', 'extra'));
    write('node_modules/acme/other.yaml', LIB.replace('log_in', 'other'));
    write('node_modules/@scope/kit/package.json', '{"name":"@scope/kit"}');
    write('node_modules/@scope/kit/primitives/kit.json', JSON.stringify({ primitives: { kit_step: { description: 'k', steps: [{ wait: '1s' }] } } }));
    write('node_modules/empty/package.json', '{"name":"empty"}');
    // A library that is a link out of its package.
    fs.writeFileSync(path.join(outside, 'evil.yaml'), LIB);
    fs.symlinkSync(path.join(outside, 'evil.yaml'), path.join(dir, 'node_modules/acme/primitives/evil.yaml'));
    // A package installed outside the project (npm link).
    fs.mkdirSync(path.join(outside, 'linked', 'primitives'), { recursive: true });
    fs.writeFileSync(path.join(outside, 'linked', 'package.json'), '{"name":"linked"}');
    fs.writeFileSync(path.join(outside, 'linked', 'primitives', 'x.yaml'), LIB);
    fs.symlinkSync(path.join(outside, 'linked'), path.join(dir, 'node_modules/linked'));
    // A relative file with the same spelling wins.
    write('scripts/acme/login.yaml', LIB.replace('log_in', 'local_login'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it.each([
    ['acme/login', 'scripts/a.yaml', 'node_modules/acme/primitives/login.yaml'],
    ['acme/extra', 'a.yaml', 'node_modules/acme/primitives/extra.yml'],
    ['acme/login.yaml', 'a.yaml', 'node_modules/acme/primitives/login.yaml'],
    ['acme/primitives/login.yaml', 'a.yaml', 'node_modules/acme/primitives/login.yaml'],
    ['acme/other', 'a.yaml', 'node_modules/acme/other.yaml'],
    ['@scope/kit/kit', 'deep/er/a.yaml', 'node_modules/@scope/kit/primitives/kit.json'],
    // The file next to the importing one wins over the package.
    ['acme/login.yaml', 'scripts/a.yaml', 'scripts/acme/login.yaml'],
    ['my-product/anything', 'a.yaml', null],
  ])('%s from %s → %s', (value, from, expected) => {
    const r = resolveScriptPath(dir, from, value, 'import');
    if (expected === null) expect(r.ok).toBe(false);
    else expect(r).toEqual({ ok: true, path: expected, abs: path.join(dir, expected) });
  });

  it.each([
    ['nothere/login', /no package "nothere" is installed in this project \(npm i -D nothere\)/],
    ['acme/logn', /the package "acme" has no primitive library "logn" \(did you mean "acme\/login"\?\); it has: acme\/extra, acme\/login$/],
    ['empty/x', /has no primitive library "x"; it has: none/],
    ['acme/evil', /has no primitive library "evil"/],
    ['../node_modules/acme/primitives/login.yaml', /leaves it/],
  ])('%s is refused: %s', (value, message) => {
    const r = resolveScriptPath(dir, 'a.yaml', value, 'import');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
    // Nothing outside the project is quoted.
    expect(!r.ok && r.message).not.toContain(outside);
  });

  it('a package linked from outside the project (npm link) is read, keyed from the project; its paths stay inside it', () => {
    const r = resolveScriptPath(dir, 'a.yaml', 'linked/x', 'import');
    expect(r.ok && r.path).toBe(path.relative(dir, path.join(outside, 'linked/primitives/x.yaml')));
    const key = (r.ok && r.path) as string;
    // From inside that library: a sibling resolves, leaving the package does not.
    fs.writeFileSync(path.join(outside, 'linked', 'primitives', 'y.yaml'), LIB);
    fs.writeFileSync(path.join(outside, 'secret.yaml'), 'TOP-SECRET');
    const sibling = resolveScriptPath(dir, key, 'y.yaml', 'import');
    expect(sibling.ok && sibling.abs).toBe(path.join(outside, 'linked/primitives/y.yaml'));
    const escape = resolveScriptPath(dir, key, '../../secret.yaml', 'import');
    expect(escape.ok).toBe(false);
    expect(!escape.ok && escape.message).toMatch(/leaves it/);
  });

  it('a workspace: the package hoisted above the project compiles, with its own relative imports', async () => {
    const ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pkg-ws-')));
    try {
      const put = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
        fs.writeFileSync(path.join(ws, rel), text);
      };
      put('package.json', '{"name":"ws","workspaces":["packages/*"]}');
      put('packages/app/package.json', '{"name":"app"}');
      put('node_modules/kit/package.json', '{"name":"kit"}');
      put('node_modules/kit/primitives/base.yaml', LIB.replace('log_in', 'base_step'));
      put('node_modules/kit/primitives/top.yaml', `import: [base.yaml]\n${LIB.replace('log_in', 'top_step')}`);
      put('packages/app/demo.yaml', 'import: [kit/top]\nsteps:\n  - top_step: {}\n  - base_step: {}\n');
      const r = compileScript(await loadScript(path.join(ws, 'packages/app/demo.yaml')));
      expect(r.errors).toEqual([]);
      expect(r.plan!.steps.map((s) => s.stack.map((f) => f.primitive))).toEqual([['top_step'], ['base_step']]);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('a script importing a package library compiles, its steps from the package', async () => {
    write('demo.yaml', 'import: [acme/login, "@scope/kit/kit"]\nsteps:\n  - log_in: {}\n  - kit_step: {}\n');
    const r = compileScript(await loadScript(path.join(dir, 'demo.yaml')));
    expect(r.errors).toEqual([]);
    expect(r.plan!.steps.map((s) => s.stack.map((f) => f.primitive))).toEqual([['log_in'], ['kit_step']]);
  });

  it('a misspelt package import is reported at its position', async () => {
    write('bad.yaml', 'import:\n  - acme/logn\nsteps:\n  - wait: 1s\n');
    const r = compileScript(await loadScript(path.join(dir, 'bad.yaml')));
    expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column}`)).toEqual(['bad.yaml:2:5']);
    expect(r.errors[0]!.message).toContain('did you mean "acme/login"?');
  });

  it("this repository's examples import the shipped libraries by name (the package importing itself)", async () => {
    const r = compileScript(await loadScript(path.join(ROOT, 'examples', 'deploy-nextjs-with-claude.yaml')));
    expect(r.errors).toEqual([]);
    expect(fs.readFileSync(path.join(ROOT, 'examples', 'deploy-nextjs-with-claude.yaml'), 'utf8')).toContain('import: [screenplay/ink]');
  });
});
