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
  record_session: [
    ['wpm', 70, 70],
    ['timeout', 60_000, '60s'],
  ],
  replay_session: [
    ['speed', 1, 1],
    ['maxPause', 2000, '2s'],
    ['wpm', 70, 70],
    ['timeout', 60_000, '60s'],
  ],
  session: [
    ['speed', 1, 1],
    ['maxPause', 2000, '2s'],
    ['wpm', 70, 70],
    ['timeout', 60_000, '60s'],
  ],
  wait_for_settled: [
    ['quiet', 1500, '1.5s'],
    ['timeout', 120_000, '120s'],
  ],
  wait_for: [['timeout', 10_000, '10s']],
  say: [['wait', true, true]],
  zoom: [['hold', 2000, '2s']],
  callout: [['duration', 3000, '3s']],
  title_card: [['duration', 2500, '2.5s']],
  end_card: [['duration', 3000, '3s']],
};

type Node = { $ref?: string; anyOf?: Node[]; type?: unknown; properties?: Record<string, Node>; default?: unknown };
const schema = scriptJsonSchema() as { $defs: Record<string, Node> & { step: { properties: Record<string, Node> } } };
/** A node with its $ref (into $defs, where shared subschemas live) followed. */
const deref = (n: Node | undefined): Node | undefined => (n?.$ref ? deref(schema.$defs[n.$ref.replace('#/$defs/', '')]) : n);

/** The long form's JSON Schema properties of an action's step (each followed through $ref). */
const jsonProperties = (name: string): Record<string, { default?: unknown }> => {
  const step = deref(schema.$defs.step.properties[name]);
  const long = (step?.anyOf ? step.anyOf.map(deref).find((v) => v?.type === 'object') : step) as Node | undefined;
  return Object.fromEntries(Object.entries(long?.properties ?? {}).map(([k, v]) => [k, deref(v) ?? {}]));
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
