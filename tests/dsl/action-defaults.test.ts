/**
 * The defaults of the actions live in their schemas (src/dsl/actions.ts), nowhere else: the plan's
 * args carry them, the JSON Schema shows them to editors and LLM authors, and executors read them.
 */
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, scriptJsonSchema } from '../../src/dsl';
import { actionDefaults } from '../../src/dsl/actions';

/** Every default, as parsed (ms) and as the JSON Schema shows it (as written). */
const DEFAULTS: Record<string, Array<[field: string, parsed: unknown, written: unknown]>> = {
  click: [
    ['button', 'left', 'left'],
    ['double', false, false],
  ],
  drag: [['button', 'left', 'left']],
  scroll: [
    ['dx', 0, 0],
    ['dy', 0, 0],
  ],
  type: [
    ['wpm', 70, 70],
    ['secret', false, false],
  ],
  press: [['repeat', 1, 1]],
  run: [
    ['timeout', 60_000, '60s'],
    ['allowFailure', false, false],
    ['wpm', 70, 70],
  ],
  wait_for_text: [['timeout', 10_000, '10s']],
  wait_for: [['timeout', 10_000, '10s']],
  say: [['wait', true, true]],
  zoom: [['hold', 2000, '2s']],
  callout: [['duration', 3000, '3s']],
};

/** The long form's JSON Schema properties of an action's step. */
const jsonProperties = (name: string): Record<string, { default?: unknown }> => {
  const variants = (
    scriptJsonSchema() as { $defs: { steps: { items: { anyOf: Array<{ properties: Record<string, { anyOf?: unknown[]; properties?: unknown }> }> } } } }
  ).$defs.steps.items.anyOf;
  const step = variants.find((v) => Object.hasOwn(v.properties, name))?.properties[name];
  const long = (step?.anyOf?.[0] ?? step) as { properties?: Record<string, { default?: unknown }> };
  return long.properties ?? {};
};

describe('action defaults', () => {
  it.each(ACTION_NAMES)('%s', (name) => {
    const want = DEFAULTS[name] ?? [];
    expect(actionDefaults(name)).toEqual(Object.fromEntries(want.map(([f, parsed]) => [f, parsed])));
    const props = jsonProperties(name);
    const shown = Object.fromEntries(
      Object.entries(props)
        .filter(([, p]) => p.default !== undefined)
        .map(([k, p]) => [k, p.default]),
    );
    expect(shown).toEqual(Object.fromEntries(want.map(([f, , written]) => [f, written])));
  });
});
