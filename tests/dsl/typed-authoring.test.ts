// Typed authoring (src/dsl/define.ts): tsc accepts what compileScript accepts and refuses the
// mistakes it can see (each refusal at the line of the mistake); every shipped example and
// primitive library, written as TypeScript, type-checks; `screenplay types` writes signatures
// that check primitive uses; a TS script's compile errors point at the property's line:col.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScript } from '../../src/cli/load-script';
import { locateDefaultExport, locateTsScript, typescriptFrom } from '../../src/cli/ts-locations';
import { typesCommand } from '../../src/cli/types-command';
import { ACTIONS, ACTION_NAMES, type ActionName } from '../../src/dsl/actions';
import { compileScript } from '../../src/dsl/compile';
import type { ShortForm } from '../../src/dsl/define';
import { ROOT } from './helpers';

const DEFINE = path.join(ROOT, 'src', 'dsl', 'define').split(path.sep).join('/');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-typed-'));
fs.writeFileSync(path.join(tmp, 'package.json'), '{ "type": "module" }\n');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The repository's compiler options (strict, Bundler resolution, …). */
const compilerOptions = (() => {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile).config as object;
  return ts.parseJsonConfigFileContent(config, ts.sys, ROOT).options;
})();

/** tsc's errors for each of `files` (absolute paths), as "line: message" with 1-based lines. */
const typecheck = (files: string[]): Map<string, Array<{ line: number; message: string }>> => {
  const program = ts.createProgram(files, compilerOptions);
  const out = new Map<string, Array<{ line: number; message: string }>>(files.map((f) => [path.resolve(f), []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? path.resolve(d.file.fileName) : '(global)';
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    const list = out.get(file) ?? [];
    list.push({ line, message: ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0] as string });
    out.set(file, list);
  }
  return out;
};

const write = (name: string, text: string): string => {
  const f = path.join(tmp, name);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
  return f;
};

/**
 * Accept/refuse cases: `body` is the object given to defineScript. A refused case marks the
 * line tsc must point at with `/*!*\/`.
 */
const CASES: Array<{ name: string; ok: boolean; body: string }> = [
  { name: 'wait 2s', ok: true, body: `{ steps: [{ wait: '2s' }, { wait: '500ms' }, { wait: '1.5s' }, { wait: '1m' }, { wait: { duration: '2s' } }] }` },
  {
    name: 'short and long forms',
    ok: true,
    body: `{ steps: [{ press: 'Enter' }, { press: { key: 'Ctrl+L', repeat: 2 } }, { zoom: 2 }, { zoom: { level: 2.2, hold: '2s' } }, { scroll: 5 },
      { open_terminal: null }, { open_terminal: { theme: 'dark', fontSize: 28 } }, { type: 'npm run dev' }, { run: { command: 'npm i', timeout: '90s' } },
      { click: { role: 'button', name: 'Deploy' } }, { click: 'assets/button.png' }, { drag: { from: { text: 'a' }, to: { text: 'b' } } },
      { cut: [{ run: 'npm ci' }] }, { speedup: { factor: 4, steps: [{ run: 'npm i' }] } }, { hide_cursor: [{ press: 'Ctrl+L' }] },
      { callout: { text: 'Here', at: { text: 'vercel.app' }, duration: '3s' } }, { blur: { region: { x: 0, y: 0, width: 10, height: 10 }, steps: [{ wait: '1s' }] } }] }`,
  },
  {
    name: 'every top-level key',
    ok: true,
    body: `{ title: 'T', output: { formats: ['tiktok', 'landscape'] }, style: { padding: 0.05, background: { src: 'bg.png' } },
      voice: { provider: 'espeak' }, avatar: { provider: 'builtin' }, capture: { recorder: 'obs', fps: 30, obs: { passwordEnv: 'OBS_PW' } },
      stage: { screen: '1920x1080', env: { A: 'b', N: 1 }, setup: ['npm ci'], background: '#2b3042' }, import: ['lib.yaml'], steps: [{ wait: '1s' }] }`,
  },
  {
    name: 'a primitive from definePrimitive, used right',
    ok: true,
    body: `{ primitives: { hello: definePrimitive({ description: 'Greet', params: { name: { type: 'string' }, mood: { type: 'enum', values: ['calm', 'loud'], default: 'calm' }, pause: { type: 'duration', default: '1s' } },
      steps: [{ say: 'Hello \${name}' }, { wait: '\${pause}' }, { zoom: { level: '\${level}' } }] }) },
      steps: [{ hello: { name: 'Ink' } }, { hello: { name: 'Ink', mood: 'loud', pause: '2s' } }] }`,
  },
  {
    name: 'an inline primitive without params, used with {} and null',
    ok: true,
    body: `{ primitives: { clear: { description: 'Clear', steps: [{ press: 'Ctrl+L' }] } }, steps: [{ clear: {} }, { clear: null }] }`,
  },
  { name: 'wait: 2 (a bare number)', ok: false, body: `{ steps: [\n{ wait: 2 } /*!*/,\n] }` },
  { name: "wait: '2 seconds'", ok: false, body: `{ steps: [\n{ wait: '2 seconds' } /*!*/,\n] }` },
  { name: 'a bare-number timeout', ok: false, body: `{ steps: [\n{ run: { command: 'x', timeout: 60 } } /*!*/,\n] }` },
  { name: 'clik (unknown action)', ok: false, body: `{ steps: [{ wait: '1s' },\n{ clik: { x: 1, y: 2 } } /*!*/,\n] }` },
  { name: "zoom level 'big'", ok: false, body: `{ steps: [\n{ zoom: { level: 'big' } } /*!*/,\n] }` },
  { name: 'zoom levle (unknown key)', ok: false, body: `{ steps: [\n{ zoom: { levle: 2 } } /*!*/,\n] }` },
  { name: "click button 'top'", ok: false, body: `{ steps: [\n{ click: { x: 1, y: 2, button: 'top' } } /*!*/,\n] }` },
  { name: 'a mistake inside cut', ok: false, body: `{ steps: [{ cut: [\n{ wait: 2 } /*!*/,\n] }] }` },
  { name: 'an unknown format', ok: false, body: `{ output: { formats: [\n'imax' /*!*/,\n] }, steps: [] }` },
  { name: 'capture fps as text', ok: false, body: `{ capture: {\nfps: '30' /*!*/,\n}, steps: [] }` },
  { name: 'an unknown voice provider', ok: false, body: `{ voice: {\nprovider: 'polly' /*!*/,\n}, steps: [] }` },
  { name: 'two actions in one step', ok: false, body: `{ steps: [\n{ wait: '2s', press: 'Enter' } /*!*/,\n] }` },
  {
    name: 'an action beside a primitive use',
    ok: false,
    body: `{ primitives: { hello: { description: 'Greet', steps: [{ say: 'Hi' }] } }, steps: [\n{ hello: null, wait: '1s' } /*!*/] }`,
  },
  { name: 'an unknown top-level key', ok: false, body: `{\ntitel: 'x' /*!*/,\nsteps: [] }` },
  {
    name: 'a primitive use with a wrong param type',
    ok: false,
    body: `{ primitives: { hello: definePrimitive({ description: 'Greet', params: { name: { type: 'string' } }, steps: [{ say: 'Hi \${name}' }] }) },\nsteps: [{ hello: { name: 2 } } /*!*/] }`,
  },
  {
    name: 'a primitive use missing a param',
    ok: false,
    body: `{ primitives: { hello: { description: 'Greet', params: { name: { type: 'string' } }, steps: [{ say: 'Hi \${name}' }] } },\nsteps: [{ hello: {} } /*!*/] }`,
  },
  {
    name: 'a primitive use with an unknown param',
    ok: false,
    body: `{ primitives: { hello: { description: 'Greet', params: { name: { type: 'string' } }, steps: [{ say: 'Hi \${name}' }] } },\nsteps: [{ hello: { nam: 'x' } } /*!*/] }`,
  },
  {
    name: 'a primitive use with a wrong enum value',
    ok: false,
    body: `{ primitives: { hi: definePrimitive({ description: 'Greet', params: { mood: { type: 'enum', values: ['calm', 'loud'] } }, steps: [{ say: 'Hi' }] }) },\nsteps: [{ hi: { mood: 'shy' } } /*!*/] }`,
  },
  {
    name: 'an unknown step name in a script with primitives',
    ok: false,
    body: `{ primitives: { hello: { description: 'Greet', steps: [{ say: 'Hi' }] } }, steps: [{ hello: null },\n{ goodbye: {} } /*!*/] }`,
  },
  {
    name: 'a primitive without a description',
    ok: false,
    body: `{ primitives: {\nhello: { steps: [{ say: 'Hi' }] } /*!*/ }, steps: [] }`,
  },
  {
    name: "a primitive's body with a mistake",
    ok: false,
    body: `{ primitives: { hello: { description: 'Greet', steps: [\n{ zoom: { level: 'big' } } /*!*/] } }, steps: [] }`,
  },
];

describe('defineScript types', () => {
  it('accepts what compiles and refuses each mistake at its line', () => {
    const files = CASES.map((c, i) =>
      write(
        `cases/case-${i}.ts`,
        `import { defineScript, definePrimitive } from '${DEFINE}';\nvoid definePrimitive;\nexport default defineScript(${c.body});\n`,
      ),
    );
    const results = typecheck(files);
    const got = CASES.map((c, i) => {
      const file = files[i] as string;
      const errors = results.get(path.resolve(file)) ?? [];
      // A refused case: its first error's line (the marked one); an accepted case: every error, to show.
      return { name: c.name, errors: c.ok ? errors.map((e) => `${e.line}: ${e.message}`) : errors.map((e) => e.line).slice(0, 1) };
    });
    const want = CASES.map((c, i) => {
      const text = fs.readFileSync(files[i] as string, 'utf8').split('\n');
      return { name: c.name, errors: c.ok ? [] : [text.findIndex((l) => l.includes('/*!*/')) + 1] };
    });
    expect(got).toEqual(want);
  }, 120_000);

  it("lists every action's short form as its `short` takes it", () => {
    // A sample of each short form's type (null where an action has none): `short` must take it.
    const samples: { [N in ActionName]: [ShortForm<N>] extends [never] ? null : ShortForm<N> } = {
      move: 'assets/a.png',
      click: 'assets/a.png',
      drag: null,
      scroll: 3,
      type: 'hi',
      press: 'Enter',
      wait: '2s',
      wait_for_image: 'assets/a.png',
      open_terminal: null,
      run: 'ls',
      wait_for_text: 'Done',
      record_session: null,
      replay_session: 'claude-ink',
      session: null,
      wait_for_settled: '2s',
      wait_for: null,
      open_browser: 'http://localhost:3000',
      goto: 'http://localhost:3000',
      say: 'Hello',
      zoom: 2,
      speedup: null,
      cut: [{ wait: '1s' }],
      callout: null,
      blur: null,
      hide_cursor: [{ wait: '1s' }],
      title_card: 'Launch day',
      end_card: 'Try it free',
      chapter: 'Setup',
    };
    const rows = ACTION_NAMES.map((n) => {
      const short = (ACTIONS[n] as { short?: (v: unknown) => unknown }).short;
      const sample = samples[n];
      // open_terminal's short form is null itself.
      return { n, takes: n === 'open_terminal' ? short?.(null) !== null : sample === null ? short === undefined : short?.(sample) !== null };
    });
    expect(rows.filter((r) => !r.takes)).toEqual([]);
  });
});

/** A YAML script or library as the same object written in TypeScript (with its primitives' types). */
const asTypeScript = (yamlFile: string, typesFile: string): string => {
  const value = parseYaml(fs.readFileSync(yamlFile, 'utf8')) as object;
  return [
    `import { defineScript } from '${DEFINE}';`,
    `import type { Primitives } from './${path.basename(typesFile).replace(/\.d\.ts$/, '')}';`,
    `export default defineScript<Primitives>(${JSON.stringify(value, null, 2)});`,
    '',
  ].join('\n');
};

describe('screenplay types', () => {
  it('writes the committed signatures of the TypeScript example (they are current)', async () => {
    const out = path.join(tmp, 'ink.primitives.d.ts');
    expect(await typesCommand([path.join(ROOT, 'examples', 'add-ink-to-claude-code.ts'), '--out', out])).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'examples', 'add-ink-to-claude-code.primitives.d.ts'), 'utf8'));
  });

  const shipped = [
    ...fs
      .readdirSync(path.join(ROOT, 'examples'))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => `examples/${f}`),
    ...fs.readdirSync(path.join(ROOT, 'primitives')).map((f) => `primitives/${f}`),
    // The DSL tests' script that uses every action.
    'tests/dsl/fixtures/every-action.yaml',
  ];

  it('every shipped example and library (and the every-action fixture), written as TypeScript with its generated types, type-checks; a wrong use does not', async () => {
    const files: string[] = [];
    for (const rel of shipped) {
      const name = rel.replace(/[/.]/g, '_');
      const types = path.join(tmp, 'shipped', `${name}.primitives.d.ts`);
      expect(await typesCommand([path.join(ROOT, rel), '--out', types])).toBe(0);
      files.push(write(`shipped/${name}.ts`, asTypeScript(path.join(ROOT, rel), types)));
    }
    // A use of an imported YAML primitive with a wrong param: refused.
    const wrongTypes = path.join(tmp, 'shipped', 'wrong.primitives.d.ts');
    expect(await typesCommand([path.join(ROOT, 'examples', 'deploy-nextjs-with-claude.yaml'), '--out', wrongTypes])).toBe(0);
    const wrong = write(
      'shipped/wrong.ts',
      `import { defineScript } from '${DEFINE}';\nimport type { Primitives } from './wrong.primitives';\nexport default defineScript<Primitives>({ steps: [\n{ ask_claude: { prompt: 42, until: 'done' } },\n{ start_claude_code: { timeout: 20 } },\n] });\n`,
    );
    const results = typecheck([...files, wrong]);
    expect(Object.fromEntries(files.map((f) => [path.basename(f), (results.get(path.resolve(f)) ?? []).map((e) => `${e.line}: ${e.message}`)]))).toEqual(
      Object.fromEntries(files.map((f) => [path.basename(f), []])),
    );
    expect((results.get(path.resolve(wrong)) ?? []).map((e) => e.line)).toEqual([4, 5]);
  }, 120_000);

  it('refuses an --out that is not a .d.ts, and a missing script (exit 1 through the CLI)', async () => {
    await expect(typesCommand([path.join(ROOT, 'examples', 'quickstart.yaml'), '--out', path.join(tmp, 'x.json')])).rejects.toThrow(/ending in \.d\.ts/);
    await expect(typesCommand([path.join(tmp, 'nope.ts')])).rejects.toThrow(/does not exist/);
    await expect(typesCommand([])).rejects.toThrow(/expected a script file/);
    await expect(typesCommand(['--bogus'])).rejects.toThrow(/Unknown option '--bogus'/);
  });
});

describe('error positions in a TypeScript script', () => {
  const source = [
    `import { defineScript } from '${DEFINE}';`, // 1
    '', // 2
    "const intro = [{ say: 'Hello there' }];", // 3
    'const outro = { say: "That\'s it" };', // 4
    '', // 5
    'export default defineScript({', // 6
    "  title: 'Positions',", // 7
    '  stage: {', // 8
    "    screen: '10x10',", // 9
    '  },', // 10
    '  colour: 1,', // 11
    '  steps: [', // 12
    '    ...intro,', // 13
    "    { wait: '2s' },", // 14
    "    { zoom: { level: 'big' } },", // 15
    '    outro,', // 16
    "    { press: 'Enter', repeat: 2 },", // 17
    '  ],', // 18
    '} as never);', // 19
    '',
  ].join('\n');

  it('points each error at its property: in steps, in a top-level key, an unknown key', async () => {
    const file = write('positions/script.ts', source);
    const r = compileScript(await loadScript(file));
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.path}`)).toEqual(['9:13 stage.screen', '11:3 colour', '15:22 steps[2].zoom.level', '17:5 steps[4]']);
  });

  it("places the plan's steps where their action is written (through a spread const and a name)", async () => {
    const file = write(
      'positions/ok.ts',
      source.replace("screen: '10x10'", "screen: '1920x1080'").replace('  colour: 1,\n', '').replace("'big'", '2').replace(', repeat: 2 }', ' }'),
    );
    const r = compileScript(await loadScript(file));
    expect(r.errors).toEqual([]);
    expect(r.plan!.steps.map((s) => `${s.action} ${s.source.line}:${s.source.column}`)).toEqual([
      'say 3:18',
      'wait 13:7',
      'zoom 14:7',
      'say 4:17',
      'press 16:7',
    ]);
  });

  it("uses the project's typescript first, and finds none (errors stay at 1:1) where none is installed", () => {
    const bare = fs.mkdtempSync(path.join(tmp, 'bare-'));
    expect(typescriptFrom([path.join(bare, 'package.json')])).toBeNull();
    expect(typescriptFrom([path.join(bare, 'package.json'), path.join(ROOT, 'package.json')])?.version).toBe(ts.version);
  });

  it('finds nothing (no crash) where the export is not a literal, or the text is not TypeScript', () => {
    expect(locateDefaultExport(ts, 'a.ts', 'export default makeScript(1, 2);')?.children).toBeUndefined();
    expect(locateDefaultExport(ts, 'a.ts', 'export const x = 1;')).toBeNull();
    expect(locateTsScript(tmp, 'a.ts', '}{ not typescript ((')).toBeNull();
    const named = locateDefaultExport(ts, 'a.ts', "const s = { title: 'x' };\nexport { s as default };");
    expect(named?.children?.title?.pos).toEqual({ file: 'a.ts', line: 1, column: 20 });
  });
});

describe('error positions never name a literal that is not the value', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-mutated-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  it.each([
    ['a let reassigned', 'let b = { zoom: { level: 1 } };\nb = { zoom: { level: 60 } };\nexport default { steps: [b] };\n'],
    [
      'a const array changed with unshift',
      "const arr: any[] = [{ wait: '1s' }, { zoom: { level: 1 } }];\narr.unshift({ zoom: { level: 56 } });\nexport default { steps: arr };\n",
    ],
    [
      'a const object changed with Object.assign',
      'const s: any = { steps: [{ zoom: { level: 1 } }] };\nObject.assign(s, { steps: [{ zoom: { level: 57 } }] });\nexport default s;\n',
    ],
    ['an element assigned', 'const st: any[] = [{ zoom: { level: 1 } }];\nst[0] = { zoom: { level: 58 } };\nexport default { steps: st };\n'],
    [
      'a const a function changes',
      'const st: any[] = [{ zoom: { level: 1 } }];\nfunction spoil(a: any[]) { a[0].zoom.level = 59; }\nspoil(st);\nexport default { steps: st };\n',
    ],
    [
      'a change through parentheses and as',
      'const st: any[] = [{ zoom: { level: 1 } }];\n(st as any[])[0] = { zoom: { level: 61 } };\nexport default { steps: st };\n',
    ],
    [
      'a call that returns something else',
      'const fix = (o: any) => ({ ...o, zoom: { level: 62 } });\nexport default { steps: [fix({ zoom: { level: 1 } })] };\n',
    ],
  ])('%s: reported at the export, not at the old literal', async (_, source) => {
    const f = path.join(dir, `m${Math.random().toString(36).slice(2)}.ts`);
    fs.writeFileSync(f, source);
    const r = compileScript(await loadScript(f));
    expect(r.errors.length).toBeGreaterThan(0);
    const lastLine = source.trimEnd().split('\n').length;
    for (const e of r.errors) expect(e.line).toBe(lastLine);
  });
});
