/** Deep nesting is refused before the YAML parser recurses; aliases expand to their anchor's value, within a bound. */
import { describe, expect, it } from 'vitest';
import { MAX_ALIAS_NODES, MAX_NESTING, parseSource } from '../../src/dsl/located';
import { compile, messages } from './helpers';

const NEST = `maps and lists nest more than ${MAX_NESTING} levels deep here; a script may nest them at most ${MAX_NESTING} levels`;
const timed = <T>(f: () => T): { value: T; ms: number } => {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
};

/** n nested collections (the root counts), each shape written its own way. */
const shapes: Array<{ name: string; file: string; text: (n: number) => string }> = [
  { name: 'flow lists under a key', file: 'x.yaml', text: (n) => `steps: ${'['.repeat(n - 1)}${']'.repeat(n - 1)}\n` },
  { name: 'JSON lists under a quoted key', file: 'x.json', text: (n) => `{"steps":${'['.repeat(n - 1)}${']'.repeat(n - 1)}}` },
  { name: 'YAML with a JSON-style quoted key', file: 'x.yaml', text: (n) => `{"steps": ${'['.repeat(n - 1)}${']'.repeat(n - 1)}}\n` },
  { name: 'JSON maps', file: 'x.json', text: (n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}` },
  {
    name: 'pretty-printed JSON, one bracket a line',
    file: 'x.json',
    text: (n) => `{"steps":\n${Array.from({ length: n - 1 }, (_, i) => `${' '.repeat(i)}[`).join('\n')}\n${']'.repeat(n - 1)}}`,
  },
  { name: 'mixed flow maps and lists', file: 'x.yaml', text: (n) => `steps: ${'[{a: '.repeat((n - 1) / 2)}${'}]'.repeat((n - 1) / 2)}\n` },
  { name: 'block maps', file: 'x.yaml', text: (n) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}a:`).join('\n') + ' 1\n' },
  {
    name: 'block lists, one "- " a line',
    file: 'x.yaml',
    text: (n) => `steps:\n${Array.from({ length: n - 1 }, (_, i) => `${'  '.repeat(i)}-`).join('\n')} x\n`,
  },
  { name: 'compact block lists on one line', file: 'x.yaml', text: (n) => `steps:\n${'- '.repeat(n - 1)}x\n` },
  {
    name: "block lists at their maps' column",
    file: 'x.yaml',
    text: (n) => `a:\n${Array.from({ length: (n - 1) / 2 }, (_, i) => `${'  '.repeat(i)}- a:`).join('\n')} 1\n`,
  },
];

describe(`nesting: at most ${MAX_NESTING} levels, refused before the parser recurses`, () => {
  it.each(shapes)('$name: 201 levels refused, positioned; 200 pass', ({ file, text }) => {
    const over = parseSource(file, text(MAX_NESTING + 1));
    expect(over.problems.map((p) => p.message)).toEqual([NEST]);
    expect(over.refused).toBe(true);
    // At the 201st level, wherever the shape puts it (not at the start of the file).
    expect(over.problems[0]!.pos.line + over.problems[0]!.pos.column).toBeGreaterThan(MAX_NESTING);
    const at = parseSource(file, text(MAX_NESTING));
    expect(at.problems).toEqual([]);
    expect(at.refused).toBe(false);
  });

  it.each(shapes)('$name: 3,000 levels refused in well under a second', ({ file, text }) => {
    const t = text(3_001);
    const { value, ms } = timed(() => parseSource(file, t));
    expect(value.problems.map((p) => p.message)).toEqual([NEST]);
    expect(ms).toBeLessThan(500);
  });

  it('the issue: 4 KB of JSON brackets, and 500 KB of unclosed ones, refused at the 201st level at once', () => {
    const json = `{"steps":${'['.repeat(2000)}${']'.repeat(2000)}}`;
    expect(parseSource('dj.json', json).problems).toEqual([{ pos: { file: 'dj.json', line: 1, column: 209 }, message: NEST }]);
    const { value, ms } = timed(() => parseSource('u.yaml', `steps: ${'['.repeat(500_000)}`));
    expect(value.problems).toEqual([{ pos: { file: 'u.yaml', line: 1, column: 207 }, message: NEST }]);
    expect(ms).toBeLessThan(500);
  });

  it.each([
    ['brackets in a quoted string', `steps:\n  - type: "${'['.repeat(1000)}"\n  - type: '${'{'.repeat(1000)}'\n`],
    ['brackets in a plain string', `steps:\n  - type: a${'['.repeat(1000)}\n  - say: don't ${'['.repeat(1000)}\n`],
    ['brackets in a comment', `steps: # ${'['.repeat(1000)}\n  - press: Tab # ${'{'.repeat(1000)}\n`],
    ['brackets in a block scalar', `steps:\n  - type: |\n      ${'['.repeat(1000)}\n      ${'- '.repeat(1000)}\n  - press: Tab\n`],
    ['brackets in a multi-line quoted string', `steps:\n  - type: "a\n      ${'['.repeat(1000)}"\n`],
    ['a JSON string with escaped quotes', `{"steps": [{"type": "\\"${'['.repeat(1000)}"}]}`],
  ])('no false alarm: %s', (_name, text) => {
    expect(parseSource('x.yaml', text).problems).toEqual([]);
  });
});

describe('aliases', () => {
  it("the issue: an alias of a string is the string, not the anchor's name", () => {
    const r = compile({ 'main.yaml': 'steps:\n  - type: &cmd "npm test"\n  - type: *cmd\n' });
    expect(messages(r)).toEqual([]);
    expect(r.plan!.steps.map((s) => s.args)).toEqual([
      { text: 'npm test', wpm: 70, secret: false },
      { text: 'npm test', wpm: 70, secret: false },
    ]);
  });

  it('aliases of maps, of lists, and aliases inside anchored values', () => {
    const r = compile({
      'main.yaml': [
        'title: &t Demo',
        'steps:',
        '  - click: &at { x: 10, y: 20 }',
        '  - click: *at',
        '  - cut: &twice [ { press: Tab }, { press: Tab } ]',
        '  - speedup: &fast { factor: 2, steps: *twice }',
        '  - speedup: *fast',
        '  - say: *t',
        '',
      ].join('\n'),
    });
    expect(messages(r)).toEqual([]);
    expect(r.plan!.steps.map((s) => [s.action, s.args])).toEqual([
      ['click', { x: 10, y: 20, button: 'left', double: false }],
      ['click', { x: 10, y: 20, button: 'left', double: false }],
      ...Array(6).fill(['press', { key: 'Tab', repeat: 1 }]),
      ['say', { text: 'Demo', wait: true }],
    ]);
  });

  it('an alias names the latest anchor of that name before it', () => {
    const r = compile({ 'main.yaml': 'steps:\n  - type: &a one\n  - type: &a two\n  - type: *a\n' });
    expect(r.plan!.steps.map((s) => s.args.text)).toEqual(['one', 'two', 'two']);
  });

  it('errors inside an aliased value point at the anchored value, with the path of the use', () => {
    const r = compile({ 'main.yaml': 'steps:\n  - wait: &d .nan\n  - wait: *d\n' });
    expect(messages(r)).toEqual([
      'main.yaml:2:14 steps[0].wait.duration: must be a duration with a unit, like "2s" or "500ms", but got .nan (not a number)',
      'main.yaml:2:14 steps[1].wait.duration: must be a duration with a unit, like "2s" or "500ms", but got .nan (not a number)',
    ]);
  });

  it('aliases that nest past the limit together (each shallow in the text) are refused at the anchored level that is the 201st', () => {
    // b's 100 levels (2 with the root map's: 101) plus the anchored 100th "[" (column 109) make 201.
    const r = parseSource('x.yaml', `a: &deep ${'['.repeat(150)}${']'.repeat(150)}\nb: ${'['.repeat(100)}*deep${']'.repeat(100)}\n`);
    expect(r.problems).toEqual([{ pos: { file: 'x.yaml', line: 1, column: 109 }, message: NEST }]);
  });

  it('an alias inside its own anchored value is refused at the alias', () => {
    const r = parseSource('x.yaml', 'steps: &s [ { cut: *s } ]\n');
    expect(r.problems).toContainEqual({
      pos: { file: 'x.yaml', line: 1, column: 20 },
      message: 'the alias *s is inside the value it names, which would never end',
    });
  });

  const BOUND = `aliases (*name) expand to more than ${MAX_ALIAS_NODES.toLocaleString('en-US')} nodes by this one; a file's aliases may produce at most ${MAX_ALIAS_NODES.toLocaleString('en-US')}`;
  it.each([
    {
      name: 'a list of 1000 used 1000 times',
      text: `a: &l [${Array(1000).fill('x').join(', ')}]\nsteps:\n${'  - type: *l\n'.repeat(1000)}`,
      // 1001 nodes a use: the 100th use crosses 100,000 (line 3 is the first use).
      at: { line: 102, column: 11 },
    },
    {
      name: 'billion laughs: ten aliases of ten aliases, nine deep',
      text: `a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n')}\n`,
      // *a3 is 11,111 nodes: after 12,330 in a1…a3, the 8th *a3 in a4 crosses 100,000.
      at: { line: 5, column: 45 },
    },
  ])('$name: refused at the alias that crosses the bound, quickly', ({ text, at }) => {
    const { value, ms } = timed(() => parseSource('x.yaml', text));
    expect(value.problems).toEqual([{ pos: { file: 'x.yaml', ...at }, message: BOUND }]);
    expect(value.refused).toBe(true);
    expect(ms).toBeLessThan(2000);
    // compileScript reports that one error, nothing about the emptied tree.
    expect(messages(compile({ 'main.yaml': text }))).toEqual([`main.yaml:${at.line}:${at.column} : ${BOUND}`]);
  });

  it('aliases under the bound are fine: a list of 100 used 900 times', () => {
    const r = parseSource('x.yaml', `a: &l [${Array(100).fill('x').join(', ')}]\nb:\n${'  - *l\n'.repeat(900)}`);
    expect(r.problems).toEqual([]);
  });
});
