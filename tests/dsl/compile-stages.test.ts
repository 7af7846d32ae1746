/**
 * compileScript's stages, each on its own (load → measure → expand → lint → result, with the
 * one-file parse inside load): inputs → outputs and the errors each reports. The end-to-end
 * behaviour is pinned by compile.test.ts and the others; these pin what each stage owns.
 */
import { describe, expect, it } from 'vitest';
import {
  compileResult,
  compileScript,
  createReporter,
  expandScript,
  lintPlan,
  loadScriptFiles,
  MAX_ERRORS,
  measurePrimitives,
  parseScriptFile,
  primitiveChain,
  startCompile,
  type Diagnostic,
  type ExpandedScript,
  type PlanMark,
  type PlanStep,
} from '../../src/dsl/compile';

const at = (d: Diagnostic) => `${d.file}:${d.line}:${d.column} ${d.path}: ${d.message}`;
const session = (files: Record<string, string>) => startCompile({ entry: 'main.yaml', files, root: '' });
/** The stages up to `expandScript`, as compileScript runs them. */
const upToExpand = (files: Record<string, string>) => {
  const s = session(files);
  const loaded = loadScriptFiles(s);
  const measured = measurePrimitives(s.report, loaded.primitives);
  return { s, loaded, measured, expanded: expandScript(s, loaded, measured) };
};

const LIB = [
  'primitives:',
  '  twice:',
  '    description: twice once',
  '    params: { n: { type: number } }',
  '    steps: [ { once: {} }, { once: {} } ]',
  '  once:',
  '    description: Enter, then a second',
  '    steps: [ { press: Enter }, { wait: 1s } ]',
].join('\n');

describe("parseScriptFile: one file → a located tree and the parser's problems", () => {
  it.each([
    ['YAML', 'title: Hi', 'map', []],
    ['JSON', '{"title": "Hi"}', 'map', []],
    ['an object (a TypeScript script)', { title: 'Hi' }, 'map', []],
    [
      'broken YAML: a tree as far as it goes, with the problem at its place',
      'steps: [',
      'map',
      ['a.yaml:1:9 YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ],
    [
      'nesting past the bound: refused, no tree',
      '['.repeat(3000),
      null,
      ['a.yaml:1:201 maps and lists nest more than 200 levels deep here; a script may nest them at most 200 levels'],
    ],
  ] as const)('%s', (_, source, kind, problems) => {
    const r = parseScriptFile('a.yaml', source as string | Record<string, unknown>);
    expect(r.node?.kind ?? null).toBe(kind);
    expect(r.problems.map((p) => `${p.pos.file}:${p.pos.line}:${p.pos.column} ${p.message}`)).toEqual(problems);
  });

  it('positions every node (1-based line and column)', () => {
    const r = parseScriptFile('a.yaml', 'title: Hi\nsteps:\n  - wait: 1s\n');
    expect(r.node?.kind === 'map' && r.node.entries.map((e) => [e.key, e.keyPos.line, e.keyPos.column, e.value.pos.line, e.value.pos.column])).toEqual([
      ['title', 1, 1, 1, 8],
      ['steps', 2, 1, 3, 3],
    ]);
  });
});

describe('createReporter: one error per cause, at most MAX_ERRORS', () => {
  const pos = { file: 'a.yaml', line: 2, column: 3 };

  it('keeps one error per place and message, and counts the repeats when it finishes', () => {
    const r = createReporter();
    r.error(pos, 'steps[0]', 'bad');
    r.error(pos, 'steps[0]', 'bad');
    r.error(pos, 'steps[0]', 'bad');
    r.error(pos, 'steps[1]', 'bad');
    expect(r.errors).toHaveLength(2);
    expect(r.finish().map(at)).toEqual(['a.yaml:2:3 steps[0]: bad (the same error comes through 3 uses; shown once)', 'a.yaml:2:3 steps[1]: bad']);
  });

  it('keys by the cause when one is given (the first message stands)', () => {
    const r = createReporter();
    r.error(pos, 'a', 'first', [], 'cycle:a,b');
    r.error({ ...pos, line: 9 }, 'b', 'second', [], 'cycle:a,b');
    expect(r.has('cycle:a,b')).toBe(true);
    expect(r.has('cycle:c')).toBe(false);
    expect(r.finish().map(at)).toEqual(['a.yaml:2:3 a: first (the same error comes through 2 uses; shown once)']);
  });

  it('names the primitive uses an error came through, innermost last', () => {
    const r = createReporter();
    const use = (line: number) => ({ file: 'main.yaml', line, column: 5 });
    r.error(pos, 'p', 'bad', [
      { primitive: 'outer', use: use(3), definition: use(10) },
      { primitive: 'inner', use: use(12), definition: use(20) },
    ]);
    expect(r.errors[0]?.related).toEqual([
      { ...use(12), message: 'used here, through primitive "inner"' },
      { ...use(3), message: 'used here, through primitive "outer"' },
    ]);
  });

  it("past MAX_ERRORS counts the rest in one last error, from the first dropped one's place, and stops suggesting", () => {
    const r = createReporter();
    expect(r.suggest('stepz', ['steps'])).toBe(' (did you mean "steps"?)');
    for (let i = 1; i <= MAX_ERRORS + 3; i++) r.error({ ...pos, line: i }, '', `error ${i}`);
    expect(r.errors).toHaveLength(MAX_ERRORS);
    expect(r.suggest('stepz', ['steps'])).toBe('');
    const all = r.finish();
    expect(all).toHaveLength(MAX_ERRORS + 1);
    expect(at(all.at(-1) as Diagnostic)).toBe(
      `a.yaml:${MAX_ERRORS + 1}:3 : 3 more errors from here on not shown (at most ${MAX_ERRORS} are): fix these and validate again`,
    );
  });
});

describe('loadScriptFiles: the entry and its imports → settings and primitives', () => {
  it.each<{ name: string; files: Record<string, string>; entry?: string; settings: Record<string, unknown>; primitives: string[]; errors: string[] }>([
    {
      name: 'settings of the entry, primitives of every file, in definition order',
      files: { 'main.yaml': 'title: Hi\nimport: [lib.yaml]\nsteps: [ { twice: { n: 1 } } ]', 'lib.yaml': LIB },
      settings: { title: 'Hi' },
      primitives: ['twice', 'once'],
      errors: [],
    },
    {
      name: 'an unknown top-level key, with the closest one',
      files: { 'main.yaml': 'stepz: []\nsteps: [ { wait: 1s } ]' },
      settings: {},
      primitives: [],
      errors: [
        'main.yaml:1:1 stepz: unknown key "stepz" (did you mean "steps"?); a script has title, output, style, voice, avatar, capture, stage, import, primitives, steps',
      ],
    },
    {
      name: 'a missing import, where it is named',
      files: { 'main.yaml': 'import: [gone.yaml]\nsteps: [ { wait: 1s } ]' },
      settings: {},
      primitives: [],
      errors: ['main.yaml:1:10 import[0]: expected the file "gone.yaml" to exist, but it does not'],
    },
    {
      name: 'a missing entry, at 1:1 of it',
      files: {},
      settings: {},
      primitives: [],
      errors: ['main.yaml:1:1 : expected the script "main.yaml" to exist, but it does not'],
    },
    {
      name: 'a primitive named like an action, and one defined twice',
      files: {
        'main.yaml':
          'import: [lib.yaml]\nprimitives:\n  press: { description: x, steps: [ { wait: 1s } ] }\n  once: { description: x, steps: [ { wait: 1s } ] }\nsteps: [ { wait: 1s } ]',
        'lib.yaml': LIB,
      },
      settings: {},
      primitives: ['twice', 'once'],
      errors: [
        'main.yaml:3:3 primitives.press: "press" is a built-in action; give the primitive another name',
        'main.yaml:4:3 primitives.once: primitive "once" is defined twice (first at lib.yaml:6:3)',
      ],
    },
    {
      name: 'an entry with neither steps nor primitives',
      files: { 'main.yaml': 'title: Hi' },
      settings: { title: 'Hi' },
      primitives: [],
      errors: ['main.yaml:1:1 steps: expected a list of steps (steps:), but found none'],
    },
    {
      name: "a setting's paths, resolved relative to the file",
      files: { 'sub/main.yaml': 'avatar: { provider: builtin, image: me.png }\nsteps: [ { wait: 1s } ]' },
      entry: 'sub/main.yaml',
      settings: { avatar: { provider: 'builtin', image: 'sub/me.png' } },
      primitives: [],
      errors: [],
    },
  ])('$name', ({ files, entry, settings, primitives, errors }) => {
    const s = startCompile({ entry: entry ?? 'main.yaml', files, root: '' });
    const loaded = loadScriptFiles(s);
    expect(Object.fromEntries(loaded.settings)).toEqual(settings);
    expect([...loaded.primitives.keys()]).toEqual(primitives);
    expect(s.report.errors.map(at)).toEqual(errors);
    expect(loaded.entryNode === null).toBe(files[entry ?? 'main.yaml'] === undefined);
  });
});

describe('measurePrimitives: sizes, depths and cycles, without expanding', () => {
  it.each([
    {
      name: 'a primitive used twice by another',
      lib: LIB,
      sizes: { once: { steps: 2, depth: 1 }, twice: { steps: 6, depth: 2 } },
      usedByOthers: ['once'],
      errors: [],
      chain: ['twice', 'steps', '"twice" uses "once" 2 times'],
    },
    {
      name: 'steps inside a wrapping step count too',
      lib: 'primitives:\n  quick:\n    description: d\n    steps: [ { speedup: { factor: 2, steps: [ { wait: 1s }, { wait: 1s } ] } } ]',
      sizes: { quick: { steps: 3, depth: 1 } },
      usedByOthers: [],
      errors: [],
      chain: ['quick', 'depth', 'quick'],
    },
    {
      name: 'a cycle, reported once at the use that closes it',
      lib: 'primitives:\n  a: { description: d, steps: [ { b: {} } ] }\n  b: { description: d, steps: [ { a: {} } ] }',
      sizes: { a: { steps: 2, depth: 2 }, b: { steps: 1, depth: 1 } },
      usedByOthers: ['b', 'a'],
      errors: ['main.yaml:3:35 primitives.b.steps[0].a: primitive cycle: a → b → a'],
      chain: ['a', 'depth', 'a → b'],
    },
  ])('$name', ({ lib, sizes, usedByOthers, errors, chain }) => {
    const s = session({ 'main.yaml': lib });
    const loaded = loadScriptFiles(s);
    expect(s.report.errors).toEqual([]);
    const m = measurePrimitives(s.report, loaded.primitives);
    expect(Object.fromEntries(m.sizes)).toEqual(sizes);
    expect([...m.usedByOthers]).toEqual(usedByOthers);
    expect(s.report.errors.map(at)).toEqual(errors);
    const [name, by, text] = chain as [string, 'steps' | 'depth', string];
    expect(primitiveChain(m, name, by)).toBe(text);
  });
});

describe('expandScript: steps → a flat list of steps and marks', () => {
  it.each<{ name: string; files: Record<string, string>; steps: string[][]; marks: string[][]; errors: string[] }>([
    {
      name: 'primitives expanded with nested ids, a wrapping step made a mark',
      files: { 'main.yaml': 'import: [lib.yaml]\nsteps:\n  - twice: { n: 2 }\n  - speedup: { factor: 2, steps: [ { wait: 1s } ] }', 'lib.yaml': LIB },
      steps: [
        ['1.1.1', 'press'],
        ['1.1.2', 'wait'],
        ['1.2.1', 'press'],
        ['1.2.2', 'wait'],
        ['2.1', 'wait'],
      ],
      marks: [['speedup', '2.1', '2.1']],
      errors: [],
    },
    {
      name: 'an unknown action, with the closest name',
      files: { 'main.yaml': 'steps:\n  - wiat: 1s' },
      steps: [],
      marks: [],
      errors: ['main.yaml:2:5 steps[0].wiat: unknown action "wiat" (did you mean "wait"?); expected a built-in action or a primitive defined or imported here'],
    },
    {
      name: 'a bad param, through the primitive use',
      files: { 'main.yaml': 'import: [lib.yaml]\nsteps:\n  - twice: { n: two }', 'lib.yaml': LIB },
      steps: [],
      marks: [],
      errors: ['main.yaml:3:17 steps[0].twice.n: param "n" must be a number, but got "two"'],
    },
    {
      name: 'an unused primitive is checked on its own, into no steps',
      files: { 'main.yaml': 'primitives:\n  p: { description: d, steps: [ { wait: soon } ] }' },
      steps: [],
      marks: [],
      errors: ['main.yaml:2:41 primitives.p.steps[0].wait.duration: must be a duration like "2s", "1.5s", "500ms" or "1m", but got "soon"'],
    },
    {
      name: 'page targets need an open_browser before them',
      files: { 'main.yaml': 'steps:\n  - click: { role: button, name: Go }' },
      steps: [],
      marks: [],
      errors: [
        'main.yaml:2:5 steps[0].click: step 1 (click role button named "Go") needs a browser: open one first with open_browser (no open_browser comes before this step)',
      ],
    },
  ])('$name', ({ files, steps, marks, errors }) => {
    const { s, expanded } = upToExpand(files);
    expect(s.report.errors.map(at)).toEqual(errors);
    expect(expanded.steps.map((x) => [x.id, x.action])).toEqual(steps);
    expect(expanded.marks.map((x) => [x.kind, x.from, x.to])).toEqual(marks);
    expect(s.checkingUnused).toBe(false);
  });

  it('notes secret text and the lines that write it, also when the step has errors', () => {
    const { expanded } = upToExpand({ 'main.yaml': 'steps:\n  - type: { text: hunter22, secret: true, wpm: 1 }' });
    expect([...expanded.secretTexts]).toEqual(['hunter22']);
    expect([...expanded.secretLines]).toEqual(['main.yaml:2']);
  });
});

describe('lintPlan: checks of the whole plan', () => {
  const pos = (line: number) => ({ file: 'main.yaml', line, column: 5 });
  const step = (id: string, action: PlanStep['action'], args: Record<string, unknown>, line: number): PlanStep => ({
    id,
    action,
    args,
    source: pos(line),
    stack: [],
  });
  const plan = (steps: PlanStep[], marks: PlanMark[] = [], secrets: string[] = []): ExpandedScript => ({
    steps,
    marks,
    secretTexts: new Set(secrets),
    secretLines: new Set(),
  });

  it.each([
    {
      name: 'a clean plan: nothing',
      expanded: plan([step('1', 'wait', { duration: 1000 }, 2)]),
      settings: {},
      errors: [],
      warnings: [],
    },
    {
      name: 'a say inside a speedup',
      expanded: plan(
        [step('1.1', 'say', { text: 'Hi' }, 3), step('2', 'wait', { duration: 1 }, 4)],
        [{ id: 'm1', kind: 'speedup', args: { factor: 2 }, from: '1.1', to: '1.1', source: pos(2), stack: [] }],
      ),
      settings: {},
      errors: [],
      warnings: [
        'main.yaml:3:5 : "say" inside a speedup (main.yaml:2): narration is never sped up, so this line plays at normal speed over the sped-up picture',
      ],
    },
    {
      name: 'a last say with wait: false',
      expanded: plan([step('1', 'say', { text: 'Bye', wait: false }, 2)]),
      settings: {},
      errors: [],
      warnings: [
        'main.yaml:2:5 : "say" with wait: false is the last step: nothing comes after it to overlap, so the take goes on until the line has been spoken and the video ends with it (as without wait: false)',
      ],
    },
    {
      name: "a point off the stage's screen",
      expanded: plan([step('1', 'click', { x: 5000, y: 10 }, 2)]),
      settings: { stage: { screen: { width: 1920, height: 1080 } } },
      errors: ['main.yaml:2:5 : click target (5000, 10) is outside the 1920x1080 screen: a point must be within x 0 to 1919, y 0 to 1079 (stage.screen)'],
      warnings: [],
    },
    {
      name: 'a text target that looks for the secret, and a say that speaks it',
      expanded: plan([step('1', 'wait_for', { text: 'hunter22' }, 2), step('2', 'say', { text: 'it is hunter22' }, 3)], [], ['hunter22']),
      settings: {},
      errors: [
        'main.yaml:2:5 : step 1 (wait_for) looks for text typed with secret: true, which screenplay never searches for or logs; point at its field instead ({ label: … } or { selector: … }), or blur a region',
        'main.yaml:3:5 : step 2 (say) holds text typed with secret: true, which would be spoken and captioned; leave the secret out of it',
      ],
      warnings: [],
    },
    {
      name: 'text OCR cannot read',
      expanded: plan([step('1', 'click', { text: 'Привет' }, 2)]),
      settings: {},
      errors: [],
      warnings: [
        'main.yaml:2:5 : step 1 (click) looks for "Привет" on screen, but OCR reads English (Latin letters and digits) and will not find "Привет": in a browser use { role, name }, { label } or { selector }, elsewhere { image }',
      ],
    },
  ])('$name', ({ expanded, settings, errors, warnings }) => {
    const r = createReporter();
    lintPlan(r, new Map(Object.entries(settings)), expanded);
    expect(r.errors.map(at)).toEqual(errors);
    expect(r.warnings.map(at)).toEqual(warnings);
  });
});

describe('compileResult: a plan, or errors sorted by place', () => {
  it('with no errors: the plan, its settings from the entry (the stage always given)', () => {
    const files = { 'main.yaml': 'title: Hi\nsteps: [ { wait: 1s } ]' };
    const { s, loaded, expanded } = upToExpand(files);
    const r = compileResult(s, loaded, expanded);
    expect(r.errors).toEqual([]);
    expect(r.plan).toMatchObject({ version: 1, title: 'Hi', entry: 'main.yaml', steps: [{ id: '1', action: 'wait', args: { duration: 1000 } }], marks: [] });
    expect(r.plan?.settings.stage).toBeDefined();
    expect(r).toEqual(compileScript({ entry: 'main.yaml', files, root: '' }));
  });

  it('with errors: no plan, the errors sorted by file, line and column, the primitives still listed', () => {
    const s = session({ 'main.yaml': 'primitives:\n  p: { description: Pee, steps: [ { wait: 1s } ] }\nsteps: [ { p: {} } ]' });
    s.report.error({ file: 'main.yaml', line: 9, column: 1 }, '', 'late');
    s.report.error({ file: 'main.yaml', line: 2, column: 7 }, '', 'early');
    s.report.error({ file: 'a.yaml', line: 5, column: 1 }, '', 'other file');
    const loaded = loadScriptFiles(s);
    const r = compileResult(s, loaded, { steps: [], marks: [], secretTexts: new Set(['x']), secretLines: new Set(['main.yaml:3']) });
    expect(r.plan).toBeNull();
    expect(r.errors.map(at)).toEqual(['a.yaml:5:1 : other file', 'main.yaml:2:7 : early', 'main.yaml:9:1 : late']);
    expect(r.primitives.p).toMatchObject({ description: 'Pee', params: {}, source: { file: 'main.yaml', line: 2, column: 3 } });
    expect([r.secrets, r.secretLines]).toEqual([['x'], ['main.yaml:3']]);
  });
});
