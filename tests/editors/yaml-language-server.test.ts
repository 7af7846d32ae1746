/**
 * The JSON Schemas as VS Code's YAML extension sees them: yaml-language-server's own validator
 * (the devDependency, configured as the extension configures it, honouring each file's
 * `# yaml-language-server: $schema=…` line) over every shipped example and primitive library
 * (no warnings), over bad fixtures (the expected warning, naming the action or the field), and
 * the schemas those lines point at are current (regenerate as the failure says).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLanguageService, type LanguageService } from 'yaml-language-server';
import { compileScript, scriptJsonSchema } from '../../src/dsl';
import { loadScript } from '../../src/cli/load-script';
import { schemaCommand } from '../../src/cli/script-commands';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, 'fixtures');
// yaml-language-server's own dependencies, as it loads them (the same @vscode/l10n instance).
const lsRequire = createRequire(require.resolve('yaml-language-server'));
const { TextDocument } = lsRequire('vscode-languageserver-textdocument') as typeof import('vscode-languageserver-textdocument');
const l10n = lsRequire('@vscode/l10n') as { config: (o: { uri: string }) => Promise<void> };

let ls: LanguageService;
beforeAll(async () => {
  // The English messages, as the server loads them at start-up (without them, messages are their keys).
  const bundle = path.join(path.dirname(lsRequire.resolve('yaml-language-server/package.json')), 'l10n', 'bundle.l10n.json');
  await l10n.config({ uri: pathToFileURL(bundle).toString() });
  ls = getLanguageService({
    // Schemas are read from this checkout only (the modeline's path, resolved against the file).
    schemaRequestService: async (uri: string) => {
      if (!uri.startsWith('file:')) throw new Error(`only local schemas here, but asked for ${uri}`);
      return fs.readFileSync(fileURLToPath(uri), 'utf8');
    },
    workspaceContext: { resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).toString() },
  });
  ls.configure({ validate: true, hover: true, completion: true, schemas: [] });
});

// yaml-language-server caches a parsed document by its URI and version: a new text is a new version.
let version = 0;
const documentOf = (file: string, text = fs.readFileSync(file, 'utf8')) => TextDocument.create(pathToFileURL(file).toString(), 'yaml', ++version, text);

/** yaml-language-server's diagnostics of a file, as "line:col message [source]" (1-based). */
const diagnostics = async (file: string): Promise<string[]> =>
  (await ls.doValidation(documentOf(file), false)).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message} [${d.source}]`).sort();

const shipped = [
  ...fs
    .readdirSync(path.join(ROOT, 'examples'))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `examples/${f}`),
  ...fs
    .readdirSync(path.join(ROOT, 'primitives'))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `primitives/${f}`),
];

/** The schema a file's `$schema` line names (absolute), or null. */
const schemaOf = (file: string): string | null => {
  const m = /^# yaml-language-server: \$schema=(\S+)$/m.exec(fs.readFileSync(file, 'utf8'));
  return m ? path.resolve(path.dirname(file), m[1] as string) : null;
};

describe('shipped scripts and libraries in yaml-language-server', () => {
  it('are all here (the examples and the three libraries)', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(9);
  });

  it.each(shipped)('%s: no warnings', async (file) => {
    expect(schemaOf(path.join(ROOT, file))).not.toBeNull();
    expect(await diagnostics(path.join(ROOT, file))).toEqual([]);
  });

  it.each(shipped)('%s: its $schema line names a current schema that knows its primitives', async (file) => {
    const abs = path.join(ROOT, file);
    const loaded = await loadScript(abs);
    const result = compileScript(loaded);
    expect(result.errors).toEqual([]);
    const text = fs.readFileSync(abs, 'utf8');
    const usesPrimitives = /^(import|primitives):/m.test(text);
    const target = schemaOf(abs) as string;
    const rel = path.relative(ROOT, target);
    // A file with no imports and no primitives: the generic schema; else one that knows its primitives
    // (a library's schema serves every script whose only import is that library: the same primitives).
    if (!usesPrimitives) expect(rel).toBe(path.join('schema', 'screenplay.schema.json'));
    const want = usesPrimitives ? scriptJsonSchema(result.primitives) : scriptJsonSchema();
    const regenerate = usesPrimitives ? `npx screenplay schema --for ${file} --out ${rel}` : `npx screenplay schema --out ${rel}`;
    expect(fs.existsSync(target), `${rel} is missing: ${regenerate}`).toBe(true);
    expect(JSON.parse(fs.readFileSync(target, 'utf8')), `${rel} is not current: ${regenerate}`).toEqual(want);
  });

  it('every per-script schema in schema/ is named by a shipped file', () => {
    const named = new Set(shipped.map((f) => schemaOf(path.join(ROOT, f))));
    const dir = path.join(ROOT, 'schema', 'primitives');
    for (const f of fs.readdirSync(dir)) expect(named.has(path.join(dir, f)), `schema/primitives/${f} is not used: remove it`).toBe(true);
  });
});

/** Bad files and the warnings yaml-language-server shows for them: each names the action (or field) in its message or its source. */
const BAD: Array<[file: string, want: string[]]> = [
  // An unknown action in a file with no import: and no primitives: a typo.
  ['unknown-action.yaml', ['4:5 Property clik is not allowed. [yaml-schema: step]']],
  [
    'wrong-type.yaml',
    [
      '4:20 zoom.level: expected a number from 1 to 6 [yaml-schema: zoom]',
      '5:34 press.repeat: expected a whole number from 1 to 100 [yaml-schema: press]',
      '6:11 wait: expected a duration with a unit, like "2s" or "500ms", or its settings as a map [yaml-schema: wait]',
    ],
  ],
  ['two-keys.yaml', ['4:5 Object has more properties than limit of 1. [yaml-schema: step]']],
  ['unknown-key.yaml', ['4:22 Property wiat is not allowed. [yaml-schema: say]', '5:1 Property stpes is not allowed. [yaml-schema: screenplay script]']],
  // The generic schema with an import: a primitive's name is accepted, a built-in action still checked.
  ['generic-with-import.yaml', ['6:20 zoom.level: expected a number from 1 to 6 [yaml-schema: zoom]']],
  // A file's own primitive used with the generic schema: no warning; in its body "${n}" stands for any value.
  ['primitive-body.yaml', ['8:38 zoom.hold: expected a duration with a unit, like "2s" or "500ms" [yaml-schema: zoom]']],
  // A per-script schema (here ink's): primitive names and their params are known.
  [
    'per-file-primitive.yaml',
    [
      '5:5 Property deploy_with_claud is not allowed. [yaml-schema: step]',
      '6:22 Property hots is not allowed. [yaml-schema: show_live_url]',
      '6:5 Missing property "host". [yaml-schema: show_live_url]',
      '7:27 ask_claude.prompt: expected text [yaml-schema: ask_claude]',
      '7:52 ask_claude.timeout: expected a duration with a unit, like "2s" or "500ms" [yaml-schema: ask_claude]',
    ],
  ],
];

describe('bad fixtures in yaml-language-server', () => {
  it.each(BAD)('%s', async (file, want) => {
    expect(await diagnostics(path.join(FIXTURES, file))).toEqual([...want].sort());
  });
});

describe('hover and completion', () => {
  const file = path.join(FIXTURES, 'unknown-action.yaml');
  const text = '# yaml-language-server: $schema=../../../schema/screenplay.schema.json\ntitle: x\nsteps:\n  - zoom: { level: 2 }\n  - cl\n';

  it("hover on an action shows its name, what it does (the action table's summary) and an example", async () => {
    const hover = await ls.doHover(documentOf(file, text), { line: 3, character: 6 });
    const value = (hover?.contents as { value: string }).value;
    expect(value).toContain('#### zoom');
    expect(value).toContain('Zoom to a level for a while');
    expect(value).toContain('level: 2.2');
  });

  it('hover on a top-level key describes it', async () => {
    const hover = await ls.doHover(documentOf(file, text), { line: 1, character: 2 });
    expect((hover?.contents as { value: string }).value).toContain("The video's title");
  });

  it('completion in a step offers every action with what it does', async () => {
    const list = await ls.doComplete(documentOf(file, text), { line: 4, character: 6 }, false);
    const click = list.items.find((i) => i.label === 'click');
    expect(JSON.stringify(click?.documentation)).toContain('Click a target');
    expect(list.items.map((i) => i.label)).toEqual(expect.arrayContaining(['move', 'say', 'wait_for', 'speedup']));
  });
});

describe('screenplay schema --for FILE --out F, then the editor', () => {
  const script = (use: string) =>
    [
      '# yaml-language-server: $schema=./launch.schema.json',
      'title: launch',
      'primitives:',
      '  greet:',
      '    description: Say hello to someone.',
      '    params:',
      '      who: { type: string }',
      '      pause: { type: duration, default: 1s }',
      '    steps:',
      '      - say: "Hello ${who}"',
      '      - wait: "${pause}"',
      'steps:',
      `  - ${use}`,
      '',
    ].join('\n');
  const project = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-editors-'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{}');
    return dir;
  };

  it("writes a schema that knows the script's primitives and their params", async () => {
    const dir = project();
    const file = path.join(dir, 'launch.yaml');
    fs.writeFileSync(file, script('greet: { who: world }'));
    expect(await schemaCommand(['--for', file, '--out', path.join(dir, 'launch.schema.json')])).toBe(0);
    expect(await diagnostics(file)).toEqual([]);
    // The same schema now flags what the generic one cannot know.
    fs.writeFileSync(file, script('greet: { who: world, pause: soon, loud: true }'));
    expect(await diagnostics(file)).toEqual([
      '13:33 greet.pause: expected a duration with a unit, like "2s" or "500ms" [yaml-schema: greet]',
      '13:39 Property loud is not allowed. [yaml-schema: greet]',
    ]);
    fs.writeFileSync(file, script('gret: { who: world }'));
    expect(await diagnostics(file)).toEqual(['13:5 Property gret is not allowed. [yaml-schema: step]']);
  });

  it('writes nothing and exits 1 when the script has errors', async () => {
    const dir = project();
    const file = path.join(dir, 'launch.yaml');
    fs.writeFileSync(file, script('gret: { who: world }'));
    expect(await schemaCommand(['--for', file, '--out', path.join(dir, 'launch.schema.json')])).toBe(1);
    expect(fs.existsSync(path.join(dir, 'launch.schema.json'))).toBe(false);
  });
});
