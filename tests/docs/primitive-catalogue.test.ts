import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_COMMAND, CATALOGUE_PAGE, primitiveCatalogue, readLibraries } from '../../scripts/primitive-catalogue';
import { ROOT } from '../dsl/helpers';

describe('docs/primitives.md', () => {
  it(`is current (regenerate with: ${CATALOGUE_COMMAND})`, () => {
    const committed = fs.readFileSync(path.join(ROOT, CATALOGUE_PAGE), 'utf8');
    const fresh = primitiveCatalogue(readLibraries(ROOT));
    if (committed !== fresh) expect.fail(`${CATALOGUE_PAGE} is not current: run ${CATALOGUE_COMMAND}`);
  });

  it('has a section for every primitive in every library', () => {
    const page = primitiveCatalogue(readLibraries(ROOT));
    const names = readLibraries(ROOT).flatMap((l) => [...l.text.matchAll(/^ {2}([a-z_][a-z0-9_]*):\s*$/gm)].map((m) => m[1]));
    expect(names.length).toBeGreaterThan(5);
    for (const n of names) expect(page).toContain(`### ${n}\n`);
  });

  it.each([
    {
      name: 'a param with a default, an enum and a required one',
      text: 'primitives:\n  p:\n    description: Does p.\n    params:\n      a: { type: string }\n      b: { type: enum, values: [x, y], default: y }\n      c: { type: duration, default: 2s, description: "How | long" }\n    steps:\n      - run: "echo ${a}"\n',
      contains: [
        '### p\n\nDoes p.',
        '| `a` | string | required |  |',
        '| `b` | enum: `x`, `y` | `y` |  |',
        '| `c` | duration | `2s` | How \\| long |',
        '1. `run: "echo ${a}"`',
        '- p: { a: <a> }',
      ],
    },
    {
      name: 'no params',
      text: '# A comment line.\nprimitives:\n  q:\n    description: Does q.\n    steps:\n      - press: Ctrl+L\n',
      contains: ['`primitives/lib.yaml`: A comment line.', 'No params.', '1. `press: Ctrl+L`', '- q: {}'],
    },
  ])('renders $name', ({ text, contains }) => {
    const page = primitiveCatalogue([{ file: 'primitives/lib.yaml', text }]);
    for (const c of contains) expect(page).toContain(c);
  });

  it('refuses a param that is not a param definition, naming the file and primitive', () => {
    const text = 'primitives:\n  p:\n    description: P.\n    params:\n      a: { type: colour }\n    steps: [ { wait: 1s } ]\n';
    expect(() => primitiveCatalogue([{ file: 'primitives/bad.yaml', text }])).toThrow(/primitives\/bad\.yaml: primitive p, param a/);
  });
});
