/** validate's work is bounded (issue 15, part 2): expansion, errors, suggestions, durations, nesting, text. */
import { describe, expect, it } from 'vitest';
import { compileScript, MAX_ERRORS, MAX_EXPANDED_STEPS } from '../../src/dsl/compile';
import { didYouMean, type SuggestionBudget } from '../../src/dsl/did-you-mean';
import { fromPlain, parseSource } from '../../src/dsl/located';
import { compile, messages } from './helpers';
import {
  absurdDurations,
  doublingText,
  importsMultiplyingLibrary,
  misspeltUses,
  oneLongLine,
  twoUsesThirtyLevels,
  usesMultiplyingLibrary,
  type Hostile,
} from './hostile-scripts';

const run = (h: Hostile) => {
  const t0 = performance.now();
  const r = compileScript({ entry: h.entry, files: h.files, root: '' });
  return { r, ms: performance.now() - t0, text: messages(r).join('\n') };
};

describe('the hostile shapes: one positioned error per cause, quickly', () => {
  it.each([
    {
      h: importsMultiplyingLibrary(),
      // Unused: the library's outermost primitive, at its definition, with the chain below it.
      want: [
        /^lib\.yaml:24:3 primitives\.p7: "p7" expands to 21,111,110 steps \("p7" uses "p6" 10 times, "p6" uses "p5" 10 times, "p5" uses "p4" 10 times, "p4" uses "p3" 10 times, …\), more than the 10000 a script may expand to$/,
      ],
    },
    {
      h: usesMultiplyingLibrary(),
      want: [/^main\.yaml:4:5 steps\[1\]\.p7: "p7" expands to 21,111,110 steps \("p7" uses "p6" 10 times, .*\), more than the 10000/],
    },
    {
      h: twoUsesThirtyLevels(),
      want: [
        /^main\.yaml:97:5 steps\[0\]\.q30: "q30" expands to 3,221,225,470 steps \("q30" uses "q29" 2 times, "q29" uses "q28" 2 times, .*more than the 10000/,
      ],
    },
    {
      h: absurdDurations(),
      want: [
        /^main\.yaml:2:11 steps\[0\]\.wait\.duration: must be at most 24 hours \("1440m"\), but got "9{40}…"$/,
        /^main\.yaml:3:11 steps\[1\]\.wait\.duration: must be at most 24 hours \("1440m"\), but got "40000m" \(666\.7 hours\)$/,
      ],
    },
    {
      h: doublingText(),
      want: [
        /^main\.yaml:45:25 primitives\.t10\.steps\[0\]\.t9\.s: after \$\{…\} substitution this text has 32,768 characters, more than the 10000 a text may have$/,
      ],
    },
  ])('$h.name', ({ h, want }) => {
    const { r, ms, text } = run(h);
    expect(r.plan).toBeNull();
    expect(messages(r)).toHaveLength(want.length);
    want.forEach((w, i) => expect(messages(r)[i]).toMatch(w));
    expect(ms, text).toBeLessThan(5000);
  });

  it('5,000 misspelt uses of 5,000 primitives: the first 100 with suggestions, then a count', () => {
    const { r, ms } = run(misspeltUses());
    expect(r.errors).toHaveLength(MAX_ERRORS + 1);
    expect(r.errors[0]!.message).toMatch(/unknown action "pirm_0000_x" \(did you mean "prim_0000_x"\?\)/);
    expect(r.errors[MAX_ERRORS - 1]!.message).toMatch(/did you mean "prim_002r_x"/);
    expect(r.errors[MAX_ERRORS]).toMatchObject({
      line: 15_103,
      column: 5,
      message: '4900 more errors from here on not shown (at most 100 are): fix these and validate again',
    });
    expect(ms).toBeLessThan(15_000);
  });

  it('30,000 bad steps on one line: 100 errors and a count', () => {
    const { r } = run(oneLongLine());
    expect(r.errors).toHaveLength(MAX_ERRORS + 1);
    expect(r.errors.at(-1)!.message).toMatch(/^(\d+) more errors from here on not shown/);
  });
});

const prims = (defs: Record<string, string>) =>
  `primitives:\n${Object.entries(defs)
    .map(([n, steps]) => `  ${n}: { description: D, steps: ${steps} }\n`)
    .join('')}`;

describe('expansion bounds', () => {
  it('a script of more than 10,000 literal steps stops at the first step past the bound', () => {
    const r = compile({ 'main.yaml': `steps:\n${'  - press: Tab\n'.repeat(MAX_EXPANDED_STEPS + 5)}` });
    expect(messages(r)).toEqual([`main.yaml:10002:5 steps[10000]: the script expands to more than 10000 steps here; a script may expand to at most 10000`]);
  });

  it('uses that fit one by one but not together: refused at the use that crosses the bound', () => {
    // p3 adds 2,110 steps per use: the fifth use would reach 10,555.
    const lib = `primitives:\n${[
      '  p0: { description: D, steps: [ { press: Tab } ] }',
      ...[1, 2, 3].map(
        (i) =>
          `  p${i}: { description: D, steps: [${Array(10)
            .fill(`{ p${i - 1}: null }`)
            .join(', ')}] }`,
      ),
    ].join('\n')}\n`;
    const r = compile({ 'main.yaml': `${lib}steps:\n${'  - p3: null\n'.repeat(8)}` });
    expect(messages(r)).toEqual([
      'main.yaml:11:5 steps[4].p3: the script expands to more than 10000 steps with this use of "p3" (2,110 steps: "p3" uses "p2" 10 times, "p2" uses "p1" 10 times, "p1" uses "p0" 10 times; 8445 before it) (the same error comes through 4 uses; shown once)',
    ]);
  });

  it('an unused chain deeper than the limit: one error, at its outermost primitive, naming the chain', () => {
    const defs = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`d${i}`, `[ { ${i < 19 ? `d${i + 1}: null` : 'press: Tab'} } ]`]));
    const r = compile({ 'lib.yaml': prims(defs) }, 'lib.yaml');
    expect(messages(r)).toEqual(['lib.yaml:2:3 primitives.d0: primitives nest deeper than 16 levels (d0 → d1 → d2 → d3 → d4 → d5 → … → d19)']);
  });

  it('a chain deeper than the limit, used 50 times: one error, with the count', () => {
    const defs = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`d${i}`, i < 19 ? `[ { d${i + 1}: null } ]` : '[ { press: Tab } ]']));
    const r = compile({ 'main.yaml': `${prims(defs)}steps:\n${'  - d0: null\n'.repeat(50)}` });
    expect(messages(r)).toEqual([
      'main.yaml:17:37 primitives.d15.steps[0].d16: primitives nest deeper than 16 levels (d0 → d1 → d2 → d3 → d4 → d5 → d6 → d7 → d8 → d9 → d10 → d11 → d12 → d13 → d14 → d15 → d16) (the same error comes through 50 uses; shown once)',
    ]);
  });

  it('a cycle among unused primitives: one error, without expanding', () => {
    const r = compile({ 'lib.yaml': prims({ a: '[ { b: null } ]', b: '[ { c: null } ]', c: '[ { a: null }, { a: null } ]' }) }, 'lib.yaml');
    expect(messages(r)).toEqual(['lib.yaml:4:35 primitives.c.steps[0].a: primitive cycle: a → b → c → a (the same error comes through 2 uses; shown once)']);
  });

  it('a cycle reached from the steps is still reported once', () => {
    const r = compile({ 'main.yaml': `${prims({ ping: '[ { pong: null } ]', pong: '[ { ping: null } ]' })}steps:\n  - ping: null\n  - pong: null\n` });
    expect(messages(r)).toEqual(['main.yaml:3:38 primitives.pong.steps[0].ping: primitive cycle: ping → pong → ping']);
  });

  it('an error inside a primitive used 50 times is reported once, with the count', () => {
    const r = compile({ 'main.yaml': `${prims({ bad: '[ { press: Entr } ]' })}steps:\n${'  - bad: null\n'.repeat(50)}` });
    expect(messages(r)).toHaveLength(1);
    expect(messages(r)[0]).toMatch(
      /^main\.yaml:2:44 primitives\.bad\.steps\[0\]\.press\.key: .*did you mean "Enter".*\(the same error comes through 50 uses; shown once\)$/,
    );
  });

  it("an unused primitive's body is checked once, with its uses checked (not expanded)", () => {
    const r = compile({ 'lib.yaml': prims({ outer: '[ { inner: { nope: 1 } }, { inner: null } ]', inner: '[ { press: Entr } ]' }) }, 'lib.yaml');
    expect(messages(r)).toEqual([
      'lib.yaml:2:48 primitives.outer.steps[0].inner.nope: "inner" has no param "nope"; its params are none',
      expect.stringMatching(/^lib\.yaml:3:46 primitives\.inner\.steps\[0\]\.press\.key: "Entr" is not a key.*did you mean "Enter"/),
    ]);
  });

  it('wrapping steps nested 40 deep: refused at the 17th', () => {
    const r = compile({ 'main.yaml': `steps:\n  - ${'{ cut: ['.repeat(40)}{ press: a }${'] }'.repeat(40)}\n` });
    expect(messages(r)).toHaveLength(1);
    expect(messages(r)[0]).toMatch(
      /^main\.yaml:2:\d+ steps\[0\](\.cut\.steps\[0\]){16}\.cut: wrapping steps \(speedup, cut, blur, hide_cursor\) nest deeper than 16 levels$/,
    );
  });

  it('a param list of 5,000 names is cut in messages', () => {
    const params = Array.from({ length: 5000 }, (_, i) => `x${i}: { type: string, default: a }`).join(', ');
    const r = compile({ 'main.yaml': `primitives:\n  p: { description: D, params: { ${params} }, steps: [ { type: "\${nope}" } ] }\nsteps:\n  - p: null\n` });
    expect(messages(r)).toHaveLength(1);
    expect(messages(r)[0]).toMatch(/its params are x0, x1, .*, x19, … \(4980 more\)$/);
  });
});

describe('nesting', () => {
  it('YAML nested 300 levels deep is a positioned problem, not a stack overflow', () => {
    const r = parseSource('x.yaml', `steps: ${'['.repeat(300)}${']'.repeat(300)}\n`);
    expect(r.problems).toEqual([
      {
        pos: { file: 'x.yaml', line: 1, column: 207 },
        message: 'maps and lists nest more than 200 levels deep here; a script may nest them at most 200 levels',
      },
    ]);
  });

  it('a TypeScript script nested too deep, or containing itself, is invalid input', () => {
    const self: Record<string, unknown> = { steps: [] };
    (self.steps as unknown[]).push(self);
    for (const value of [self, JSON.parse(`{"steps": ${'['.repeat(500)}${']'.repeat(500)}}`)]) {
      expect(() => fromPlain(value, { file: 'x.ts', line: 1, column: 1 })).toThrow(
        /x\.ts:1:1: expected a script whose objects and arrays nest at most 200 levels deep/,
      );
    }
  });
});

describe('didYouMean bounds its work', () => {
  const spent = (name: string, known: string[]) => {
    const budget: SuggestionBudget = { cells: 1e9 };
    const hint = didYouMean(name, known, budget);
    return { hint, cells: 1e9 - budget.cells };
  };

  it('compares only names of a close length, in a narrow band', () => {
    expect(spent('pres', Array(5000).fill('x'.repeat(40)))).toEqual({ hint: '', cells: 0 });
    // 12 rows of a band at most 7 wide, and fewer once a closer name is known.
    const names = Array.from({ length: 5000 }, (_, i) => `prim_${i.toString(36).padStart(4, '0')}_x`);
    const { hint, cells } = spent('pirm_03bc_x', names);
    expect(hint).toBe(' (did you mean "prim_03bc_x"?)');
    expect(cells).toBeLessThan(5000 * 12 * 7);
  });

  it('gives no suggestion for names longer than 64 characters, and stops when the budget is spent', () => {
    expect(spent('a'.repeat(65), ['a'.repeat(65)])).toEqual({ hint: '', cells: 0 });
    expect(didYouMean('pres', ['press'], { cells: 0 })).toBe('');
  });

  it('agrees with the plain edit distance', () => {
    const known = ['press', 'click', 'wait', 'wait_for_text', 'wait_for_image', 'type', 'scroll', 'speedup'];
    for (const [name, want] of [
      ['wiat', 'wait'],
      ['wait_for_txt', 'wait_for_text'],
      ['spedup', 'speedup'],
      ['skroll', 'scroll'],
      ['zzzzzzzz', null],
    ] as const) {
      expect(didYouMean(name, known)).toBe(want ? ` (did you mean "${want}"?)` : '');
    }
  });
});
