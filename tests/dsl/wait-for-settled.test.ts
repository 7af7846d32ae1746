/**
 * wait_for_settled in scripts: its short form, its defaults, and its errors, each naming
 * file:line:col, the field, what was expected and what was found.
 */
import { describe, expect, it } from 'vitest';
import { compile, messages } from './helpers';

const step = (s: string) => compile({ 'main.yaml': `steps:\n  - ${s}\n` });

describe('wait_for_settled: what compiles', () => {
  it.each([
    ['wait_for_settled: 2s', { quiet: 2000, timeout: 120_000 }],
    ['wait_for_settled: 500ms', { quiet: 500, timeout: 120_000 }],
    ['wait_for_settled: {}', { quiet: 1500, timeout: 120_000 }],
    ['wait_for_settled: { timeout: 30s }', { quiet: 1500, timeout: 30_000 }],
    ['wait_for_settled: { quiet: 2s, timeout: 90s, region: screen }', { quiet: 2000, timeout: 90_000, region: 'screen' }],
    ['wait_for_settled: { region: terminal, text: Done }', { quiet: 1500, timeout: 120_000, region: 'terminal', text: 'Done' }],
    ['wait_for_settled: { text: "" }', { quiet: 1500, timeout: 120_000, text: '' }],
  ])('%s', (s, args) => {
    const r = step(s);
    expect(messages(r)).toEqual([]);
    expect(r.plan!.steps[0]).toMatchObject({ action: 'wait_for_settled' });
    expect(r.plan!.steps[0]!.args).toEqual(args);
  });
});

describe('wait_for_settled: what is refused', () => {
  it.each([
    ['wait_for_settled: 0s', 'main.yaml:2:23 steps[0].wait_for_settled.quiet: must be more than 0, but got 0'],
    ['wait_for_settled: { quiet: 0ms }', 'main.yaml:2:32 steps[0].wait_for_settled.quiet: must be more than 0, but got 0'],
    ['wait_for_settled: { quiet: 3m }', 'main.yaml:2:32 steps[0].wait_for_settled.quiet: must be shorter than timeout (120s), but got 180s'],
    ['wait_for_settled: { quiet: 5s, timeout: 5s }', 'main.yaml:2:32 steps[0].wait_for_settled.quiet: must be shorter than timeout (5s), but got 5s'],
    [
      'wait_for_settled: 2',
      'main.yaml:2:23 steps[0].wait_for_settled.quiet: must be a duration with a unit, like "2s" or "500ms", but got the bare number 2 (did you mean "2s"?)',
    ],
    [
      'wait_for_settled: { quiet: soon }',
      'main.yaml:2:32 steps[0].wait_for_settled.quiet: must be a duration like "2s", "1.5s", "500ms" or "1m", but got "soon"',
    ],
    ['wait_for_settled: { region: window }', 'main.yaml:2:33 steps[0].wait_for_settled.region: must be one of "terminal", "screen", but got "window"'],
    [
      'wait_for_settled: { quite: 2s }',
      'main.yaml:2:25 steps[0].wait_for_settled.quite: unknown key "quite" (did you mean "quiet"?); expected quiet, timeout, region, text',
    ],
    ['wait_for_settled: { region: screen, text: Done }', 'main.yaml:2:47 steps[0].wait_for_settled.text: is read from the terminal, but region is screen'],
  ])('%s', (s, want) => {
    expect(messages(step(s))).toEqual([want]);
  });

  it.each(['wait_for_setled', 'wait_for_idle', 'wait_until_settled', 'wait_for_quiet'])('%s: did you mean wait_for_settled', (name) => {
    expect(messages(step(`${name}: 2s`))).toEqual([
      `main.yaml:2:5 steps[0].${name}: unknown action "${name}" (did you mean "wait_for_settled"?); expected a built-in action or a primitive defined or imported here`,
    ]);
  });
});
