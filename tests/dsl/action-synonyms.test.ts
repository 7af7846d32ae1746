/** An action named as other tools (or an LLM) name it gets "did you mean" with ours, whatever the spelling distance. */
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, ACTION_SYNONYMS } from '../../src/dsl/actions';
import { compile, messages } from './helpers';

describe('action synonyms', () => {
  it.each([
    ['key', 'press'],
    ['hotkey', 'press'],
    ['Sleep', 'wait'],
    ['navigate', 'goto'],
    ['shell', 'run'],
    ['narrate', 'say'],
    ['open_url', 'open_browser'],
    ['highlight', 'callout'],
    ['hover', 'move'],
    ['wait_for_selector', 'wait_for'],
  ])('%s suggests %s', (name, ours) => {
    const r = compile({ 'main.yaml': `steps:\n  - ${name}: x\n` });
    expect(messages(r)).toEqual([
      `main.yaml:2:5 steps[0].${name}: unknown action "${name}" (did you mean "${ours}"?); expected a built-in action or a primitive defined or imported here`,
    ]);
  });

  it('every synonym names a real action, and none is an action itself', () => {
    for (const [name, ours] of Object.entries(ACTION_SYNONYMS)) {
      expect(ACTION_NAMES).toContain(ours);
      expect(ACTION_NAMES).not.toContain(name);
    }
  });

  it("a primitive with a synonym's name is used, not refused", () => {
    const r = compile({
      'main.yaml':
        'primitives:\n  key:\n    description: Press a key.\n    params: { k: { type: string } }\n    steps:\n      - press: ${k}\nsteps:\n  - key: { k: Enter }\n',
    });
    expect(messages(r)).toEqual([]);
  });
});
