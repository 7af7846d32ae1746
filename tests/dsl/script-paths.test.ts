/**
 * The one path rule (realpath inside the project, checked before anything is read or imported)
 * for every path a script names, on a real project folder with real symbolic links.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadScript } from '../../src/cli/load-script';
import { ACTION_NAMES, ACTIONS, compileScript, type CompileResult } from '../../src/dsl';
import { pathFields } from '../../src/dsl/script-paths';
import { topLevelSchemas } from '../../src/dsl/script-schema';
import { resolveScriptPath } from '../../src/util/resolve-script-path';
import { ROOT } from './helpers';

/** What an outside file holds: no error may ever quote it. */
const SECRET = 'TOP-SECRET-FIRST-LINE: root:x:0:0';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

let tmp: string; // realpath of a temp folder holding proj/ and outside/
let proj: string;
let outside: string;
const marker = () => path.join(outside, 'IMPORTED');

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-paths-')));
  proj = path.join(tmp, 'proj');
  outside = path.join(tmp, 'outside');
  for (const d of [proj, outside, path.join(proj, 'assets'), path.join(proj, 'videos'), path.join(proj, 'lib'), path.join(outside, 'dir')])
    fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(proj, 'package.json'), '{ "name": "demo" }\n'); // no "type": "module"
  fs.writeFileSync(path.join(proj, 'assets', 'button.png'), PNG);
  fs.writeFileSync(path.join(proj, 'assets', 'clip.mp4'), 'not really a clip');
  fs.writeFileSync(path.join(outside, 'secret.png'), `${SECRET}\n`);
  fs.writeFileSync(path.join(outside, 'dir', 'x.png'), `${SECRET}\n`);
  fs.writeFileSync(path.join(outside, 'lib.yaml'), `${SECRET}\nprimitives: {}\n`);
  // Importing this module writes the marker: the marker must never appear.
  fs.writeFileSync(
    path.join(outside, 'evil.mts'),
    `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(marker())}, 'ran');\nexport default { primitives: {} };\n`,
  );
  fs.symlinkSync(path.join(outside, 'secret.png'), path.join(proj, 'assets', 'out.png'));
  fs.symlinkSync('/etc/passwd', path.join(proj, 'assets', 'passwd.png'));
  fs.symlinkSync(path.join(outside, 'dir'), path.join(proj, 'linkdir'));
  fs.symlinkSync(path.join(proj, 'assets'), path.join(proj, 'videos', 'art')); // a link that stays inside
  fs.symlinkSync(path.join(proj, 'nowhere.png'), path.join(proj, 'assets', 'dangling.png'));
  fs.symlinkSync(path.join(proj, 'assets', 'loop-b.png'), path.join(proj, 'assets', 'loop-a.png'));
  fs.symlinkSync(path.join(proj, 'assets', 'loop-a.png'), path.join(proj, 'assets', 'loop-b.png'));
  fs.symlinkSync(path.join(outside, 'evil.mts'), path.join(proj, 'lib', 'evil.mts'));
  fs.symlinkSync(path.join(outside, 'lib.yaml'), path.join(proj, 'lib', 'outside.yaml'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('resolveScriptPath', () => {
  type Row = { name: string; from?: string; value: () => string; kind?: 'file' | 'dir'; ok?: string; error?: RegExp };
  const rows: Row[] = [
    { name: 'a plain path inside', value: () => 'assets/button.png', ok: 'assets/button.png' },
    { name: '.. segments that stay inside', from: 'videos/main.yaml', value: () => '../lib/../assets/./button.png', ok: 'assets/button.png' },
    {
      name: '.. segments that leave',
      from: 'videos/main.yaml',
      value: () => '../../outside/secret.png',
      error: /must be a path inside the project folder, relative to this file, but "\.\.\/\.\.\/outside\/secret\.png" leaves it$/,
    },
    { name: 'a symlinked asset out (to /etc/passwd)', value: () => 'assets/passwd.png', error: /"assets\/passwd\.png" leaves it \(through a symbolic link\)/ },
    { name: 'a symlinked asset out (to a file beside the project)', value: () => 'assets/out.png', error: /leaves it \(through a symbolic link\)/ },
    { name: 'a symlinked directory in the middle, out', value: () => 'linkdir/x.png', error: /"linkdir\/x\.png" leaves it \(through a symbolic link\)/ },
    { name: 'a symlinked directory in the middle, staying inside', from: 'videos/main.yaml', value: () => 'art/button.png', ok: 'assets/button.png' },
    { name: 'an absolute path inside', value: () => path.join(proj, 'assets', 'button.png'), ok: 'assets/button.png' },
    { name: 'an absolute path outside', value: () => path.join(outside, 'secret.png'), error: /leaves it$/ },
    { name: 'an absolute path through a link out', value: () => path.join(proj, 'assets', 'passwd.png'), error: /leaves it \(through a symbolic link\)/ },
    {
      name: 'a dangling symlink',
      value: () => 'assets/dangling.png',
      error: /expected "assets\/dangling\.png" to be a file, but it is a symbolic link to nothing/,
    },
    { name: 'a loop of symlinks', value: () => 'assets/loop-a.png', error: /loop of symbolic links/ },
    { name: 'a missing file', value: () => 'assets/nope.png', error: /expected the file "assets\/nope\.png" to exist, but it does not/ },
    { name: 'a file in the middle of a path', value: () => 'assets/button.png/x.png', error: /to exist, but it does not/ },
    { name: 'a directory where a file is expected', value: () => 'assets', error: /expected "assets" to be a file, but it is a folder/ },
    {
      name: 'a file where a directory is expected',
      kind: 'dir',
      value: () => 'assets/button.png',
      error: /expected "assets\/button\.png" to be a folder, but it is a file/,
    },
    { name: 'a directory, as a directory', kind: 'dir', value: () => 'assets', ok: 'assets' },
    { name: 'the project itself, as a directory', kind: 'dir', from: 'videos/main.yaml', value: () => '..', ok: '.' },
    { name: 'a NUL byte', value: () => 'assets/button.png\0.txt', error: /contains a NUL byte/ },
    { name: 'an absolute path with a NUL byte', value: () => `${proj}/assets/button.png\0`, error: /contains a NUL byte/ },
    { name: 'a home-folder path', kind: 'dir', value: () => '~/projects', error: /"~\/projects" leaves it \(~ is the home folder, outside the project\)/ },
  ];
  it.each(rows)('$name', (row) => {
    const r = resolveScriptPath(proj, row.from ?? 'main.yaml', row.value(), row.kind ?? 'file');
    if (row.ok !== undefined) expect(r).toEqual({ ok: true, path: row.ok, abs: path.join(proj, row.ok) });
    else {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).toMatch(row.error as RegExp);
        expect(r.message).not.toContain('TOP-SECRET');
        expect(r.message).not.toContain('\n');
      }
    }
  });
});

/** Writes proj/<name>, loads it as the CLI does and compiles it. */
const validate = async (name: string, text: string): Promise<CompileResult> => {
  const file = path.join(proj, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return compileScript(await loadScript(file));
};
const lines = (r: CompileResult) => r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`);

describe('every path-bearing field goes through the rule, positioned at the field', () => {
  // Each row names one field; `at` is the file:line:col of the value in the script.
  const fields: Array<{ field: string; script: (p: string) => string; at: string; path: string; kind?: 'dir' }> = [
    { field: 'click (short form)', script: (p) => `steps:\n  - click: ${p}\n`, at: 'v.yaml:2:12', path: 'steps[0].click.image' },
    { field: 'click.image', script: (p) => `steps:\n  - click: { image: ${p} }\n`, at: 'v.yaml:2:21', path: 'steps[0].click.image' },
    { field: 'move.image', script: (p) => `steps:\n  - move: { image: ${p} }\n`, at: 'v.yaml:2:20', path: 'steps[0].move.image' },
    {
      field: 'drag.to.image',
      script: (p) => `steps:\n  - drag: { from: { x: 1, y: 2 }, to: { image: ${p} } }\n`,
      at: 'v.yaml:2:48',
      path: 'steps[0].drag.to.image',
    },
    { field: 'wait_for_image.image', script: (p) => `steps:\n  - wait_for_image: { image: ${p} }\n`, at: 'v.yaml:2:30', path: 'steps[0].wait_for_image.image' },
    { field: 'zoom.image', script: (p) => `steps:\n  - zoom: { level: 2, image: ${p} }\n`, at: 'v.yaml:2:30', path: 'steps[0].zoom.image' },
    { field: 'callout.image', script: (p) => `steps:\n  - callout: { text: hi, image: ${p} }\n`, at: 'v.yaml:2:33', path: 'steps[0].callout.image' },
    { field: 'blur.image', script: (p) => `steps:\n  - blur: { image: ${p}, steps: [ { press: Tab } ] }\n`, at: 'v.yaml:2:20', path: 'steps[0].blur.image' },
    {
      field: 'open_terminal.cwd',
      kind: 'dir',
      script: (p) => `steps:\n  - open_terminal: { cwd: ${p} }\n`,
      at: 'v.yaml:2:27',
      path: 'steps[0].open_terminal.cwd',
    },
    { field: 'avatar.image', script: (p) => `avatar: { provider: builtin, image: ${p} }\nsteps:\n  - press: Tab\n`, at: 'v.yaml:1:37', path: 'avatar.image' },
    { field: 'avatar.video', script: (p) => `avatar:\n  provider: video\n  video: ${p}\nsteps:\n  - press: Tab\n`, at: 'v.yaml:3:10', path: 'avatar.video' },
    {
      field: 'style.background.src',
      script: (p) => `style:\n  background: { type: image, src: ${p} }\nsteps:\n  - press: Tab\n`,
      at: 'v.yaml:2:35',
      path: 'style.background.src',
    },
    {
      field: 'output.music.file',
      script: (p) => `output:\n  music: { file: ${p}, volume: 0.2 }\nsteps:\n  - press: Tab\n`,
      at: 'v.yaml:2:18',
      path: 'output.music.file',
    },
    {
      field: 'a primitive step (a param made into a path)',
      script: (p) =>
        `primitives:\n  c:\n    description: C.\n    params: { img: { type: string } }\n    steps: [ { click: "\${img}" } ]\nsteps:\n  - c: { img: ${p} }\n`,
      at: 'v.yaml:5:23',
      path: 'primitives.c.steps[0].click.image',
    },
  ];
  const outsides = [
    { name: 'a symlink out', value: (kind?: 'dir') => (kind === 'dir' ? 'linkdir' : 'assets/passwd.png'), message: /leaves it \(through a symbolic link\)/ },
    { name: 'a .. path out', value: (kind?: 'dir') => (kind === 'dir' ? '../outside' : '../outside/secret.png'), message: /leaves it$/ },
    { name: 'an absolute path out', value: (kind?: 'dir') => (kind === 'dir' ? outside : path.join(outside, 'secret.png')), message: /leaves it$/ },
  ];
  const cases = fields.flatMap((f) => outsides.map((o) => ({ ...f, outside: o })));
  it.each(cases)('$field: $outside.name is refused', async (c) => {
    const r = await validate('v.yaml', c.script(JSON.stringify(c.outside.value(c.kind))));
    expect(r.plan).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(lines(r)[0]).toMatch(new RegExp(`^${c.at.replace(/\./g, '\\.')} ${c.path.replace(/[.[\]]/g, '\\$&')}: `));
    expect(r.errors[0]!.message).toMatch(c.outside.message);
    expect(JSON.stringify(r)).not.toContain('TOP-SECRET');
  });

  it.each(fields)('$field: a path inside is resolved to its realpath, project-relative', async (f) => {
    const r = await validate('v.yaml', f.script(f.kind === 'dir' ? 'videos/art' : 'videos/art/button.png'));
    expect(lines(r)).toEqual([]);
    const plan = r.plan!;
    const found = JSON.stringify([plan.steps, plan.marks, plan.settings]);
    expect(found).toContain(f.kind === 'dir' ? '"assets"' : '"assets/button.png"');
    expect(found).not.toContain('videos/art');
  });

  it.each(['https://example.com/bg.png', 'http://127.0.0.1:9/x.png', 'file:///etc/passwd'])(
    'a URL (%s) is refused: files come from the project, never the network',
    async (url) => {
      const r = await validate('v.yaml', `style: { background: { type: image, src: "${url}" } }\nsteps:\n  - click: "${url}"\n`);
      expect(lines(r)).toEqual([
        expect.stringMatching(/^v\.yaml:1:42 style\.background\.src: must be a file in the project, but got the URL .*: download it into the project/),
        expect.stringMatching(/^v\.yaml:3:12 .*must be a file in the project, but got the URL/),
      ]);
    },
  );

  it('a music file that is not there is an error at the field', async () => {
    const r = await validate('v.yaml', 'output:\n  music: { file: music/bed.mp3 }\nsteps:\n  - press: Tab\n');
    expect(lines(r)).toEqual(['v.yaml:2:18 output.music.file: expected the file "music/bed.mp3" to exist, but it does not']);
  });

  it('paths are relative to the file that names them', async () => {
    const r = await validate('videos/v.yaml', 'avatar: { image: art/button.png }\nsteps:\n  - open_terminal: { cwd: .. }\n  - click: ../assets/button.png\n');
    expect(lines(r)).toEqual([]);
    expect(r.plan!.settings.avatar).toEqual({ image: 'assets/button.png' });
    expect(r.plan!.steps.map((s) => s.args.cwd ?? s.args.image)).toEqual(['.', 'assets/button.png']);
  });

  it('a directory where a file is expected, and a dangling link, are positioned errors', async () => {
    const r = await validate('v.yaml', 'avatar: { video: assets }\nsteps:\n  - click: assets/dangling.png\n');
    expect(lines(r)).toEqual([
      'v.yaml:1:18 avatar.video: expected "assets" to be a file, but it is a folder',
      'v.yaml:3:12 steps[0].click.image: expected "assets/dangling.png" to be a file, but it is a symbolic link to nothing',
    ]);
  });
});

describe('the schema marks every path-bearing field', () => {
  const marked = [
    ...ACTION_NAMES.flatMap((a) => pathFields(ACTIONS[a].schema as z.ZodType).map((f) => `${a}.${f.at.join('.')}:${f.meta.kind}`)),
    ...Object.entries(topLevelSchemas).flatMap(([k, s]) => pathFields(s as z.ZodType).map((f) => `${k}.${f.at.join('.')}:${f.meta.kind}`)),
  ];

  it('lists them', () => {
    expect(marked.sort()).toEqual(
      [
        'move.image:file',
        'click.image:file',
        'drag.from.image:file',
        'drag.to.image:file',
        'wait_for_image.image:file',
        'open_terminal.cwd:dir',
        'zoom.image:file',
        'callout.image:file',
        'blur.image:file',
        // Every target's image, and its near's (issue 17); a page to open (a local URL or a project file).
        'move.near.image:file',
        'click.near.image:file',
        'drag.from.near.image:file',
        'drag.to.near.image:file',
        'scroll.image:file',
        'scroll.near.image:file',
        'zoom.near.image:file',
        'callout.at.image:file',
        'callout.at.near.image:file',
        'blur.near.image:file',
        'wait_for.image:file',
        'open_browser.url:file',
        'goto.url:file',
        'style.background.src:file',
        'avatar.image:file',
        'avatar.video:file',
        'import.*:import',
        // The stage's folder (issue 18).
        'stage.cwd:dir',
        // The music bed, the cards' logos and the pronunciation lexicon (issue 22).
        'output.music.file:file',
        'title_card.logo:file',
        'end_card.logo:file',
        'voice.lexicon:file',
      ].sort(),
    );
  });

  it('no string field named like a path is left unmarked', () => {
    const looksLikePath = /^(image|video|src|cwd|dir|file|path|folder|import|audio|font|music)$/i;
    const unmarked: string[] = [];
    const walk = (s: z.ZodType, at: string[]) => {
      const def = (s as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
      if (def.type === 'object') for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) walk(v, [...at, k]);
      else if (def.type === 'array') walk(def.element as z.ZodType, [...at, '*']);
      else if ('innerType' in def) walk(def.innerType as z.ZodType, at);
      else if (def.type === 'string') {
        const name = at.filter((k) => k !== '*').at(-1) ?? '';
        if (looksLikePath.test(name) && !marked.some((m) => m.startsWith(`${at.join('.')}:`))) unmarked.push(at.join('.'));
      }
    };
    for (const a of ACTION_NAMES) walk(ACTIONS[a].schema as z.ZodType, [a]);
    for (const [k, s] of Object.entries(topLevelSchemas)) walk(s as z.ZodType, [k]);
    expect(unmarked).toEqual([]);
  });
});

describe('imports: checked before they are read or executed', () => {
  it.each([
    { name: 'a .. import of a module', imp: '../outside/evil.mts', message: /"\.\.\/outside\/evil\.mts" leaves it$/ },
    { name: 'a symlinked module', imp: 'lib/evil.mts', message: /"lib\/evil\.mts" leaves it \(through a symbolic link\)/ },
    { name: 'an absolute module path', imp: '<outside>/evil.mts', message: /leaves it$/ },
    {
      name: 'a symlinked YAML library (its first line is never quoted)',
      imp: 'lib/outside.yaml',
      message: /"lib\/outside\.yaml" leaves it \(through a symbolic link\)/,
    },
  ])('$name is refused at the import, and never runs', async ({ imp, message }) => {
    const value = imp.replace('<outside>', outside);
    const r = await validate('v.yaml', `import:\n  - ${JSON.stringify(value)}\nsteps:\n  - press: Tab\n`);
    expect(lines(r)).toEqual([expect.stringMatching(/^v\.yaml:2:5 import\[0\]: must be a path inside the project folder/)]);
    expect(r.errors[0]!.message).toMatch(message);
    expect(JSON.stringify(r)).not.toContain('TOP-SECRET');
    expect(fs.existsSync(marker())).toBe(false);
  });

  it('a .ts library in a folder without "type": "module" loads', async () => {
    fs.writeFileSync(path.join(proj, 'lib', 'prims.ts'), "export default { primitives: { tab: { description: 'Tab.', steps: [{ press: 'Tab' }] } } };\n");
    const r = await validate('v.yaml', 'import: [lib/prims.ts]\nsteps:\n  - tab: {}\n');
    expect(lines(r)).toEqual([]);
    expect(r.plan!.steps.map((s) => s.action)).toEqual(['press']);
  });

  it('a .ts import that throws, or does not compile, is an error at the import (one line, no stack)', async () => {
    fs.writeFileSync(path.join(proj, 'lib', 'throws.ts'), "throw new Error('boom\\n    at somewhere (file.ts:1:1)');\nexport default {};\n");
    fs.writeFileSync(path.join(proj, 'lib', 'broken.ts'), 'export default { = };\n');
    fs.writeFileSync(path.join(proj, 'lib', 'nodefault.ts'), 'export const x = 1;\n');
    const r = await validate('v.yaml', 'import:\n  - lib/throws.ts\n  - lib/broken.ts\n  - lib/nodefault.ts\nsteps:\n  - press: Tab\n');
    expect(lines(r)).toEqual([
      'v.yaml:2:5 import[0]: could not load "lib/throws.ts": importing it failed: boom',
      expect.stringMatching(
        /^v\.yaml:3:5 import\[1\]: could not load "lib\/broken\.ts": importing it failed: Transform failed with 1 error: .*broken\.ts:1:\d+: ERROR: /,
      ),
      'v.yaml:4:5 import[2]: could not load "lib/nodefault.ts": expected a default export made with defineScript({...}), but found none',
    ]);
    for (const e of r.errors) expect(e.message).not.toMatch(/\n|\bat .*:\d+:\d+\)/);
  });
});

describe('screenplay validate (the CLI)', () => {
  const BIN = path.join(ROOT, 'bin', 'screenplay.mjs');
  const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: proj, timeout: 90_000 });

  it('a .ts script in a folder without "type": "module" validates; one that throws is a positioned error, never a stack', { timeout: 120_000 }, () => {
    fs.writeFileSync(
      path.join(proj, 'video.ts'),
      "import prims from './lib/prims';\nexport default { title: 'T', import: ['lib/prims.ts'], steps: prims ? [{ tab: {} }, { press: 'Enter' }] : [] };\n",
    );
    fs.writeFileSync(path.join(proj, 'lib', 'prims.ts'), "export default { primitives: { tab: { description: 'Tab.', steps: [{ press: 'Tab' }] } } };\n");
    fs.writeFileSync(path.join(proj, 'bad.ts'), "throw new Error('boom');\n");
    fs.writeFileSync(
      path.join(proj, 'out.yaml'),
      'avatar: { image: assets/passwd.png }\nimport: [../outside/evil.mts]\nsteps:\n  - open_terminal: { cwd: linkdir }\n',
    );
    const ok = run(['validate', 'video.ts']);
    expect(ok.stderr).toBe('video.ts: valid (2 steps)\n');
    expect(ok.status).toBe(0);
    const bad = run(['validate', 'bad.ts']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('bad.ts:1:1: error: could not load the script: importing it failed: boom\nbad.ts: 1 error\n');
    const out = run(['validate', 'out.yaml']);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(
      /^out\.yaml:1:18: error: must be a path inside the project folder, relative to this file, but "assets\/passwd\.png" leaves it \(through a symbolic link\)  \[avatar\.image\]$/m,
    );
    expect(out.stderr).toMatch(/^out\.yaml:2:10: error: .*"\.\.\/outside\/evil\.mts" leaves it  \[import\[0\]\]$/m);
    expect(out.stderr).toMatch(/^out\.yaml:4:27: error: .*"linkdir" leaves it \(through a symbolic link\)  \[steps\[0\]\.open_terminal\.cwd\]$/m);
    expect(out.stderr).not.toMatch(/TOP-SECRET|root:x|\n\s+at /);
    expect(fs.existsSync(marker())).toBe(false);
  });
});
