/** Targets against the screen: every action that takes coordinates, points and regions, the edges. */
import { describe, expect, it } from 'vitest';
import { literalTargets, planBoundsProblems, pointProblem, regionProblem, requireOnScreen } from '../../src/dsl/screen-bounds';
import { compileScript } from '../../src/dsl';

const HD = { width: 1280, height: 720 };
const ODD = { width: 1281, height: 721 };

describe('pointProblem', () => {
  it.each([
    { p: { x: 0, y: 0 }, screen: HD, ok: true },
    { p: { x: 1279, y: 719 }, screen: HD, ok: true },
    { p: { x: 1280, y: 300 }, screen: HD, ok: false },
    { p: { x: 1700, y: 300 }, screen: HD, ok: false },
    { p: { x: 640, y: 720 }, screen: HD, ok: false },
    { p: { x: -1, y: 10 }, screen: HD, ok: false },
    { p: { x: 10, y: -0.5 }, screen: HD, ok: false },
    { p: { x: 1279.5, y: 10 }, screen: HD, ok: false },
    { p: { x: 1280, y: 720 }, screen: ODD, ok: true },
    { p: { x: 1281, y: 720 }, screen: ODD, ok: false },
    { p: { x: 2559, y: 1599 }, screen: { width: 2560, height: 1600 }, ok: true },
    { p: { x: 800, y: 600 }, screen: { width: 801, height: 601 }, ok: true },
    { p: { x: 801, y: 600 }, screen: { width: 801, height: 601 }, ok: false },
  ])('($p.x, $p.y) on $screen.width x $screen.height: on screen $ok', ({ p, screen, ok }) => {
    expect(pointProblem(p, screen, 'click target') === null).toBe(ok);
  });

  it('names the point, the screen and the allowed range', () => {
    expect(pointProblem({ x: 1700, y: 300 }, HD, 'click target')).toBe(
      'click target (1700, 300) is outside the 1280x720 screen: a point must be within x 0 to 1279, y 0 to 719',
    );
    expect(() => requireOnScreen({ x: 5, y: 900 }, HD, 'scroll target')).toThrow('scroll target (5, 900) is outside the 1280x720 screen');
  });
});

describe('regionProblem', () => {
  it.each([
    { r: { x: 0, y: 0, width: 1280, height: 720 }, ok: true },
    { r: { x: 1200, y: 700, width: 80, height: 20 }, ok: true },
    { r: { x: 1200, y: 700, width: 81, height: 20 }, ok: false },
    { r: { x: -1, y: 0, width: 10, height: 10 }, ok: false },
    { r: { x: 0, y: 715, width: 10, height: 10 }, ok: false },
    { r: { x: 2000, y: 0, width: 10, height: 10 }, ok: false },
  ])('$r on 1280x720: inside $ok', ({ r, ok }) => {
    expect(regionProblem(r, HD, 'blur region') === null).toBe(ok);
  });
});

const compile = (steps: string) => {
  const r = compileScript({ entry: 'v.yaml', files: { 'v.yaml': `steps:\n${steps}` }, root: '' });
  if (!r.plan) throw new Error(JSON.stringify(r.errors));
  return r.plan;
};

describe('planBoundsProblems: every action that takes coordinates', () => {
  it.each([
    { name: 'click', step: '  - click: { x: 1700, y: 300 }', want: 'v.yaml:2:5: click target (1700, 300) is outside the 1280x720 screen' },
    { name: 'move', step: '  - move: { x: 10, y: 720 }', want: 'v.yaml:2:5: move target (10, 720) is outside' },
    { name: 'drag from', step: '  - drag: { from: { x: -5, y: 10 }, to: { x: 10, y: 10 } }', want: 'drag start (from) (-5, 10) is outside' },
    { name: 'drag to', step: '  - drag: { from: { x: 5, y: 10 }, to: { x: 1280, y: 10 } }', want: 'drag end (to) (1280, 10) is outside' },
    { name: 'scroll', step: '  - scroll: { dy: 3, x: 99999, y: 10 }', want: 'scroll target (99999, 10) is outside' },
    { name: 'zoom', step: '  - zoom: { level: 2, x: 1300, y: 10 }', want: 'zoom target (1300, 10) is outside' },
    { name: 'callout', step: '  - callout: { text: hi, x: 10, y: 800 }', want: 'callout target (10, 800) is outside' },
    {
      name: 'wait_for_image region',
      step: '  - wait_for_image: { image: a.png, region: { x: 1000, y: 0, width: 400, height: 100 } }',
      want: 'wait_for_image region (x 1000, y 0, 400x100) is not inside the 1280x720 screen',
    },
    {
      name: 'blur region (a mark)',
      step: '  - blur: { region: { x: 0, y: 700, width: 100, height: 40 }, steps: [ { press: Tab } ] }',
      want: 'v.yaml:2:5: blur region (x 0, y 700, 100x40) is not inside',
    },
  ])('$name off the screen is reported with its source', ({ step, want }) => {
    const problems = planBoundsProblems(compile(step), HD);
    expect(problems).toHaveLength(1);
    expect(`${problems[0]!.source}: ${problems[0]!.message}`).toContain(want);
  });

  it.each([
    '  - click: { x: 1279, y: 719 }',
    '  - move: { by: { x: 5000, y: 0 } }', // relative: checked when it runs
    '  - click: { image: a.png, offset: { x: 9000, y: 0 } }', // the image's place is known only on screen
    '  - drag: { from: { x: 0, y: 0 }, to: { x: 1279, y: 719 } }',
    '  - blur: { region: { x: 0, y: 0, width: 1280, height: 720 }, steps: [ { press: Tab } ] }',
    '  - zoom: 2',
  ])('%s: nothing to report before recording', (step) => {
    expect(planBoundsProblems(compile(step), HD)).toEqual([]);
  });

  it('reports every problem of a plan, in order', () => {
    const plan = compile('  - click: { x: 1700, y: 300 }\n  - move: { x: 5, y: 5 }\n  - scroll: { dy: 1, x: 0, y: -1 }');
    expect(planBoundsProblems(plan, HD).map((p) => p.source)).toEqual(['v.yaml:2:5', 'v.yaml:4:5']);
  });

  it('literalTargets ignores actions without coordinates', () => {
    expect(literalTargets('type', { text: 'x' })).toEqual([]);
    expect(literalTargets('press', { key: 'Enter' })).toEqual([]);
  });
});
