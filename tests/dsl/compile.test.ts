import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, compileScript } from '../../src/dsl';
import { compile, messages, readFiles } from './helpers';

const fixture = readFiles('tests/dsl/fixtures/every-action.yaml', 'tests/dsl/fixtures/lib.yaml');

describe('the fixture that uses every action', () => {
  const r = compileScript({ entry: 'tests/dsl/fixtures/every-action.yaml', files: fixture, root: '' });

  it('compiles without errors', () => {
    expect(messages(r)).toEqual([]);
    expect(r.plan).not.toBeNull();
  });

  it('covers every built-in action (as a step or as a mark)', () => {
    const used = new Set([...r.plan!.steps.map((s) => s.action), ...r.plan!.marks.map((m) => m.kind)]);
    expect([...used].sort()).toEqual([...ACTION_NAMES].sort());
  });

  it('gives every step a unique, stable id, a source and its primitive stack', () => {
    const ids = r.plan!.steps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const again = compileScript({ entry: 'tests/dsl/fixtures/every-action.yaml', files: fixture, root: '' });
    expect(again.plan!.steps.map((s) => s.id)).toEqual(ids);
    const fromLib = r.plan!.steps.find((s) => s.args.command === 'echo hi fixture')!;
    expect(fromLib.source).toMatchObject({ file: 'tests/dsl/fixtures/lib.yaml', line: 7 });
    expect(fromLib.stack).toEqual([
      {
        primitive: 'greet_from_lib',
        use: expect.objectContaining({ file: 'tests/dsl/fixtures/every-action.yaml' }),
        definition: expect.objectContaining({ file: 'tests/dsl/fixtures/lib.yaml', line: 2 }),
      },
    ]);
  });

  it('turns wrapping actions into marks over step ids', () => {
    expect(r.plan!.marks.map((m) => [m.kind, m.from, m.to])).toEqual([
      ['speedup', '20.1', '20.1'],
      ['cut', '21.1', '21.1'],
      ['blur', '23.1', '23.1'],
      ['hide_cursor', '24.1', '24.1'],
    ]);
    expect(r.plan!.marks[0]!.args).toEqual({ factor: 4 });
  });

  it('resolves durations to ms and image paths relative to the file', () => {
    const byId = Object.fromEntries(r.plan!.steps.map((s) => [s.id, s]));
    expect(byId['2']!.args).toEqual({ x: 960, y: 540, duration: 600 });
    expect(byId['12']!.args).toEqual({ duration: 1500 });
    expect(byId['5']!.args).toEqual({ image: 'tests/dsl/fixtures/assets/button.png', button: 'left', double: false });
    expect(byId['6']!.args.to).toEqual({ image: 'tests/dsl/fixtures/assets/button.png' });
    // A whole-value ${size} keeps the param's type (a number).
    expect(byId['1.1']!.args).toEqual({ theme: 'dark', fontSize: 24 });
  });
});

describe("short forms, with the schema's defaults filled in", () => {
  it.each([
    ['press: Enter', 'press', { key: 'Enter', repeat: 1 }],
    ['wait: 2s', 'wait', { duration: 2000 }],
    ['type: "ls -la"', 'type', { text: 'ls -la', wpm: 70, secret: false }],
    ['say: Hello there', 'say', { text: 'Hello there', wait: true }],
    ['run: npm test', 'run', { command: 'npm test', timeout: 60_000, allowFailure: false, wpm: 70 }],
    ['click: a.png', 'click', { image: 'a.png', button: 'left', double: false }],
    ['zoom: 2.5', 'zoom', { level: 2.5, hold: 2000 }],
    ['scroll: -3', 'scroll', { dx: 0, dy: -3 }],
    ['open_terminal:', 'open_terminal', {}],
    ['wait_for_text: Ready', 'wait_for_text', { text: 'Ready', timeout: 10_000 }],
    ['wait_for_settled: 2s', 'wait_for_settled', { quiet: 2000, timeout: 120_000 }],
    ['wait_for_settled: {}', 'wait_for_settled', { quiet: 1500, timeout: 120_000 }],
    ['cut: [ { press: Enter } ]', null, null],
  ])('%s', (step, action, args) => {
    const r = compile({ 'main.yaml': `steps:\n  - ${step}\n` });
    expect(messages(r)).toEqual([]);
    if (action) expect(r.plan!.steps[0]).toMatchObject({ action, args });
    if (action) expect(r.plan!.steps[0]!.args).toEqual(args);
    else expect(r.plan!.marks[0]!.kind).toBe('cut');
  });
});

describe('expansion of primitives', () => {
  const lib = `primitives:
  greet:
    description: Say hello.
    params:
      who: { type: string }
      times: { type: number, default: 1 }
      mood: { type: enum, values: [happy, calm], default: calm }
      pause: { type: duration, default: 500ms }
    steps:
      - type: "hello \${who} (\${mood})"
      - press: { key: Enter, repeat: "\${times}" }
      - wait: "\${pause}"
`;
  it.each([
    {
      name: 'params and defaults',
      use: 'greet: { who: Ink }',
      steps: [{ text: 'hello Ink (calm)', wpm: 70, secret: false }, { key: 'Enter', repeat: 1 }, { duration: 500 }],
    },
    {
      name: 'every param given',
      use: 'greet: { who: you, times: 2, mood: happy, pause: 1s }',
      steps: [{ text: 'hello you (happy)', wpm: 70, secret: false }, { key: 'Enter', repeat: 2 }, { duration: 1000 }],
    },
  ])('$name', ({ use, steps }) => {
    const r = compile({ 'main.yaml': `import: [lib.yaml]\nsteps:\n  - ${use}\n`, 'lib.yaml': lib });
    expect(messages(r)).toEqual([]);
    expect(r.plan!.steps.map((s) => s.args)).toEqual(steps);
  });

  it.each([
    {
      name: 'a missing param',
      use: 'greet: {}',
      error: /main.yaml:3:5 steps\[0\]\.greet\.who: "greet" needs the param "who" \(string\), but it was not given/,
    },
    {
      name: 'an extra param, with a suggestion',
      use: 'greet: { who: a, tims: 2 }',
      error: /"greet" has no param "tims" \(did you mean "times"\?\); its params are who, times, mood, pause/,
    },
    { name: 'a mistyped number', use: 'greet: { who: a, times: two }', error: /param "times" must be a number, but got "two"/ },
    {
      name: 'a value outside the enum',
      use: 'greet: { who: a, mood: hapy }',
      error: /param "mood" must be one of happy, calm, but got "hapy" \(did you mean "happy"\?\)/,
    },
    { name: 'a bare-number duration', use: 'greet: { who: a, pause: 2 }', error: /param "pause" must be a duration with a unit.*did you mean "2s"/ },
    { name: 'params not given as a map', use: 'greet: Ink', error: /expected the params of "greet" as a map/ },
  ])('reports $name at the use site', ({ use, error }) => {
    const r = compile({ 'main.yaml': `import: [lib.yaml]\nsteps:\n  - ${use}\n`, 'lib.yaml': lib });
    expect(r.plan).toBeNull();
    expect(messages(r).join('\n')).toMatch(error);
  });

  it('nests three deep, with the stack outermost first and ids that show the nesting', () => {
    const r = compile({
      'main.yaml': `primitives:
  a: { description: A, steps: [ { b: {} } ] }
  b: { description: B, steps: [ { press: Tab }, { c: { k: Enter } } ] }
  c: { description: C, params: { k: { type: string } }, steps: [ { press: "\${k}" } ] }
steps:
  - press: Escape
  - a: {}
`,
    });
    expect(messages(r)).toEqual([]);
    expect(r.plan!.steps.map((s) => [s.id, s.args.key, s.stack.map((f) => f.primitive).join('>')])).toEqual([
      ['1', 'Escape', ''],
      ['2.1.1', 'Tab', 'a>b'],
      ['2.1.2.1', 'Enter', 'a>b>c'],
    ]);
  });

  it('reports a cycle with its chain', () => {
    const r = compile({
      'main.yaml': `primitives:
  ping: { description: P, steps: [ { pong: {} } ] }
  pong: { description: Q, steps: [ { ping: {} } ] }
steps:
  - ping: {}
`,
    });
    expect(messages(r).join('\n')).toMatch(/primitive cycle: ping → pong → ping/);
  });

  it('an error inside a primitive points at the definition and notes the use site', () => {
    const r = compile({
      'main.yaml': 'import: [lib.yaml]\nsteps:\n  - bad: {}\n',
      'lib.yaml': 'primitives:\n  bad:\n    description: Broken.\n    steps:\n      - press: Entr\n',
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'lib.yaml', line: 5, column: 16, related: [{ file: 'main.yaml', line: 3, column: 5 }] });
    expect(r.errors[0]!.message).toMatch(/"Entr" is not a key.*did you mean "Enter"/);
  });

  it('an unknown ${name} in a primitive is an error with a suggestion', () => {
    const r = compile({
      'main.yaml':
        'primitives:\n  p:\n    description: P\n    params: { name: { type: string } }\n    steps: [ { type: "${nmae}" } ]\nsteps:\n  - p: { name: x }\n',
    });
    expect(messages(r).join('\n')).toMatch(/\$\{nmae\} is not a param of this primitive \(did you mean "name"\?\)/);
  });

  it('resolves imports relative to the importing file, transitively', () => {
    const r = compile(
      {
        'videos/main.yaml': 'import: [../lib/a.yaml]\nsteps:\n  - from_b: {}\n',
        'lib/a.yaml': 'import: [sub/b.yaml]\nprimitives: {}\n',
        'lib/sub/b.yaml': 'primitives:\n  from_b: { description: B, steps: [ { click: img.png } ] }\n',
      },
      'videos/main.yaml',
    );
    expect(messages(r)).toEqual([]);
    expect(r.plan!.steps[0]!.args).toEqual({ image: 'lib/sub/img.png', button: 'left', double: false });
  });

  it.each([
    {
      name: 'a duplicate primitive across files',
      files: {
        'main.yaml': 'import: [b.yaml]\nprimitives:\n  p: { description: P, steps: [ { press: Tab } ] }\nsteps:\n  - p: {}\n',
        'b.yaml': 'primitives:\n  p: { description: P2, steps: [ { press: Tab } ] }\n',
      },
      error: /primitive "p" is defined twice \(first at/,
    },
    {
      name: 'a primitive named like a built-in',
      files: { 'main.yaml': 'primitives:\n  click: { description: C, steps: [ { press: Tab } ] }\nsteps:\n  - press: Tab\n' },
      error: /"click" is a built-in action/,
    },
    {
      name: 'an import that does not exist',
      files: { 'main.yaml': 'import: [nope.yaml]\nsteps:\n  - press: Tab\n' },
      error: /main.yaml:1:10 import\[0\]: expected the file "nope.yaml" to exist/,
    },
    {
      name: 'an import leaving the project',
      files: { 'main.yaml': 'import: [../outside.yaml]\nsteps:\n  - press: Tab\n' },
      error: /must be a path inside the project folder.*"\.\.\/outside\.yaml" leaves it/,
    },
    {
      name: 'an image leaving the project',
      files: { 'main.yaml': 'steps:\n  - click: ../../etc/x.png\n' },
      error: /main.yaml:2:12 steps\[0\]\.click\.image: must be a path inside the project folder/,
    },
    { name: 'an absolute image path', files: { 'main.yaml': 'steps:\n  - click: /etc/x.png\n' }, error: /leaves it/ },
    {
      name: 'a depth beyond the limit',
      files: {
        'main.yaml': `primitives:\n${Array.from({ length: 20 }, (_, i) => `  p${i}: { description: D, steps: [ { ${i < 19 ? `p${i + 1}: {}` : 'press: Tab'} } ] }`).join('\n')}\nsteps:\n  - p0: {}\n`,
      },
      error: /primitives nest deeper than 16 levels/,
    },
  ])('reports $name', ({ files, error }) => {
    const r = compile(files as Record<string, string>);
    expect(messages(r).join('\n')).toMatch(error);
  });
});

describe('errors in steps', () => {
  it.each([
    { step: 'pres: Enter', error: /2:5 steps\[0\]\.pres: unknown action "pres" \(did you mean "press"\?\)/ },
    {
      step: 'wait: 2',
      error: /2:11 steps\[0\]\.wait\.duration: must be a duration with a unit, like "2s" or "500ms", but got the bare number 2 \(did you mean "2s"\?\)/,
    },
    { step: 'wait: .nan', error: /2:11 steps\[0\]\.wait\.duration: must be a duration with a unit, like "2s" or "500ms", but got \.nan \(not a number\)$/ },
    {
      step: 'wait: { duration: .inf }',
      error: /2:23 steps\[0\]\.wait\.duration: must be a duration with a unit, like "2s" or "500ms", but got \.inf \(infinity\)$/,
    },
    {
      step: 'zoom: { level: 2, hold: -.inf }',
      error: /steps\[0\]\.zoom\.hold: must be a duration with a unit, like "2s" or "500ms", but got -\.inf \(infinity\)$/,
    },
    { step: 'wait: { }', error: /steps\[0\]\.wait\.duration: must be a duration with a unit, like "2s" or "500ms", but got none \(it is missing\)$/ },
    { step: 'wait: { duration: [1] }', error: /steps\[0\]\.wait\.duration: must be a duration with a unit, like "2s" or "500ms", but got a list$/ },
    { step: 'wait: 2 seconds', error: /must be a duration like "2s", "1.5s", "500ms" or "1m", but got "2 seconds"/ },
    { step: 'click: { x: 1, y: 2, buton: right }', error: /2:26 steps\[0\]\.click\.buton: unknown key "buton" \(did you mean "button"\?\)/ },
    { step: 'click: { x: 1 }', error: /2:17 steps\[0\]\.click\.x: a point needs both x and y \(screen px\), but got only x/ },
    { step: 'click: { x: 1, y: 2, button: middel }', error: /steps\[0\]\.click\.button: must be one of "left", "right", "middle", but got "middel"/ },
    { step: 'press: Ctrl+Shfit+P', error: /"Shfit" is not a modifier.*did you mean "Shift"/ },
    { step: 'type: { text: 5 }', error: /steps\[0\]\.type\.text: must be string, but got 5/ },
    { step: 'speedup: { factor: 1, steps: [ { press: Tab } ] }', error: /steps\[0\]\.speedup\.factor: must be/ },
    { step: 'speedup: { factor: 3 }', error: /steps\[0\]\.speedup\.steps/ },
    { step: 'say: { text: hi, id: "has space" }', error: /steps\[0\]\.say\.id: must be letters, digits, _ or -/ },
    { step: 'say: "   "', error: /2:10 steps\[0\]\.say\.text: must have words to speak \(a letter, digit or emoji\), but has none/ },
    { step: 'say: "…"', error: /steps\[0\]\.say\.text: must have words to speak/ },
    { step: 'say: { text: " — ?! " }', error: /steps\[0\]\.say\.text: must have words to speak/ },
    { step: 'zoom: big', error: /expected zoom's settings as a map/ },
    { step: 'type: { text: hi, wpm: 0.000001 }', error: /steps\[0\]\.type\.wpm: must be number to be >=10, but got 0.000001/ },
    { step: 'run: { command: ls, wpm: 100000 }', error: /steps\[0\]\.run\.wpm: must be number to be <=400, but got 100000/ },
    { step: 'zoom: { level: 2, hold: 1441m }', error: /steps\[0\]\.zoom\.hold: must be at most 24 hours/ },
  ])('$step', ({ step, error }) => {
    const r = compile({ 'main.yaml': `steps:\n  - ${step}\n` });
    expect(r.plan).toBeNull();
    expect(messages(r).join('\n')).toMatch(error);
  });

  it.each([
    {
      name: 'a step with two keys',
      text: 'steps:\n  - press: Enter\n    wait: 1s\n',
      error: /expected a step: one key naming the action.*but found 2 keys \(press, wait\)/,
    },
    { name: 'a bare word as a step', text: 'steps:\n  - wait\n', error: /expected a step: one key naming the action, like "- press: Enter", but found "wait"/ },
    { name: 'an unknown top-level key', text: 'titel: x\nsteps:\n  - press: Tab\n', error: /1:1 titel: unknown key "titel" \(did you mean "title"\?\)/ },
    { name: 'no steps at all', text: 'title: x\n', error: /expected a list of steps/ },
    { name: 'an empty step list', text: 'steps: []\n', error: /expected at least one step/ },
    {
      name: 'a bad output format',
      text: 'output: { formats: [vertical] }\nsteps:\n  - press: Tab\n',
      error: /output\.formats\[0\]: must be a format \(landscape, tiktok, square, portrait\), but got "vertical"/,
    },
    {
      name: 'a music volume above 1',
      text: 'output:\n  music: { file: bed.mp3, volume: 1.5 }\nsteps:\n  - press: Tab\n',
      error: /main\.yaml:2:35 output\.music\.volume: must be a number from 0 to 1, but got 1\.5/,
    },
    {
      name: 'a music duck that is neither true, false nor 0 to 1',
      text: 'output:\n  music: { file: bed.mp3, duck: loud }\nsteps:\n  - press: Tab\n',
      error:
        /main\.yaml:2:33 output\.music\.duck: must be true, false or a number from 0 to 1 \(the part of its volume the music keeps under the voice\), but got "loud"/,
    },
    {
      name: 'music without a file',
      text: 'output:\n  music: { volume: 0.2 }\nsteps:\n  - press: Tab\n',
      error: /output\.music\.file: needs "file" \(a string\), but it is missing/,
    },
    { name: 'a YAML syntax error', text: 'steps:\n  - press: [Enter\n', error: /main.yaml:\d+:\d+ : YAML:/ },
  ])('$name', ({ text, error }) => {
    expect(messages(compile({ 'main.yaml': text })).join('\n')).toMatch(error);
  });

  it('collects every error, not just the first, sorted by position', () => {
    const r = compile({ 'main.yaml': 'steps:\n  - pres: Enter\n  - wait: 2\n  - click: { x: 1 }\n' });
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4]);
  });

  it('warns when narration sits inside a speed-up', () => {
    const r = compile({ 'main.yaml': 'steps:\n  - speedup:\n      factor: 4\n      steps:\n        - say: hi\n' });
    expect(r.errors).toEqual([]);
    expect(r.warnings[0]!.message).toMatch(/narration is never sped up/);
  });

  it.each([
    {
      name: 'the README’s ending: a last say with wait: false',
      yaml: 'steps:\n  - press: Enter\n  - say: { id: outro, text: "Live in under a minute.", wait: false }\n',
      line: 3,
    },
    { name: 'the only step', yaml: 'steps:\n  - say: { text: "Hi.", wait: false }\n', line: 2 },
    {
      name: 'the last step of a primitive used last',
      yaml: 'primitives:\n  bye:\n    description: Say bye.\n    steps:\n      - say: { text: "Bye.", wait: false }\nsteps:\n  - press: Enter\n  - bye: {}\n',
      line: 5,
    },
  ])('explains what wait: false does on the last step: $name', ({ yaml, line }) => {
    const r = compile({ 'main.yaml': yaml });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ file: 'main.yaml', line });
    expect(r.warnings[0]!.message).toMatch(/wait: false is the last step: .*the take goes on until the line has been spoken and the video ends with it/);
  });

  it.each([
    { name: 'wait: false with steps after it', yaml: 'steps:\n  - say: { text: "Hi.", wait: false }\n  - press: Enter\n' },
    { name: 'a last say that waits', yaml: 'steps:\n  - press: Enter\n  - say: { text: "Bye." }\n' },
  ])('no warning for $name', ({ yaml }) => {
    const r = compile({ 'main.yaml': yaml });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
});
