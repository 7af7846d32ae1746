/**
 * The camera frames what was clicked (issue 17): a click on a logged target zooms to the level
 * that frames the target's box and centres on it; clicks without a target keep the style's
 * level; zoom marks with a box and no level frame the box.
 */
import { describe, expect, it } from 'vitest';
import type { CaptureEvent, ClickEvent } from '../../src/capture-log';
import { buildTimeline } from '../../src/timeline/build-timeline';
import { clickTargets } from '../../src/timeline/click-targets';
import { viewRect } from '../../src/timeline/view';
import { zoomLevelForBox } from '../../src/timeline/zoom-level-for-box';
import { cursorPath, makeCapture } from '../helpers/capture';

const screen = { width: 1920, height: 1080 };
const click = (tMs: number, x: number, y: number): ClickEvent => ({ type: 'click', tMs, x, y, button: 'left' });
const target = (tMs: number, x: number, y: number, width: number, height: number): CaptureEvent => ({
  type: 'target',
  tMs,
  x,
  y,
  width,
  height,
  source: 'text',
  label: 'text "Deploy"',
});
const f = (ms: number) => Math.round((ms * 30) / 1000);

describe('clickTargets', () => {
  const box = { x: 100, y: 100, width: 80, height: 30 };
  it.each([
    { name: 'a target just before the click, holding it', events: [target(500, 100, 100, 80, 30), click(900, 140, 115)], want: box },
    { name: 'a click on the edge, within the 4 px tolerance', events: [target(500, 100, 100, 80, 30), click(900, 183, 115)], want: box },
    { name: 'a click 5 px outside the box: not on it', events: [target(500, 100, 100, 80, 30), click(900, 185, 115)], want: undefined },
    { name: 'a target more than 2 s before, outside any step: too old', events: [target(500, 100, 100, 80, 30), click(2600, 140, 115)], want: undefined },
    {
      name: 'a target earlier in the same step (a slow step): used',
      events: [{ type: 'step', tMs: 400, endMs: 5000, id: 's1', action: 'click' } as CaptureEvent, target(500, 100, 100, 80, 30), click(4000, 140, 115)],
      want: box,
    },
    { name: 'a target after the click: not used', events: [click(900, 140, 115), target(950, 100, 100, 80, 30)], want: undefined },
    {
      name: 'of two targets holding the click, the latest',
      events: [target(300, 0, 0, 1000, 600), target(500, 100, 100, 80, 30), click(900, 140, 115)],
      want: box,
    },
    {
      name: 'the latest target holding the click, past a newer one elsewhere',
      events: [target(300, 100, 100, 80, 30), target(500, 1500, 900, 80, 30), click(900, 140, 115)],
      want: box,
    },
  ])('$name', ({ events, want }) => {
    const c = events.find((e) => e.type === 'click') as ClickEvent;
    expect(clickTargets(events).get(c)).toEqual(want);
  });
});

describe('framing a clicked target', () => {
  const button = { x: 1400, y: 400, width: 80, height: 32 };
  const card = { x: 400, y: 400, width: 1100, height: 300 };
  const events: CaptureEvent[] = [
    target(0, button.x, button.y, button.width, button.height),
    ...cursorPath({ x: 960, y: 540 }, { x: 1440, y: 416 }, 0, 900),
    click(1000, 1440, 416),
    target(6000, card.x, card.y, card.width, card.height),
    ...cursorPath({ x: 1440, y: 416 }, { x: 950, y: 550 }, 6000, 6900),
    click(7000, 950, 550),
  ];
  const stage = { width: 1920, height: 1080 };
  const tl = buildTimeline({ capture: makeCapture(events), fps: 30, viewAspect: 16 / 9, stage });
  const view = (ms: number) => viewRect({ zoom: tl.camera.zoom[f(ms)]!, x: tl.camera.x[f(ms)]!, y: tl.camera.y[f(ms)]! }, screen, 16 / 9);

  it('a small button gets a close zoom, a wide card a gentle one', () => {
    expect(tl.camera.zoom[f(2500)]).toBeCloseTo(2, 2); // the pixel rule's cap on a 1920 stage
    expect(tl.camera.zoom[f(8500)]).toBeCloseTo(zoomLevelForBox(card, screen, stage), 2);
    expect(tl.camera.zoom[f(8500)]).toBeCloseTo(1.2138, 2);
  });

  it('the camera centres on the box, and the whole box and its margin are in view', () => {
    for (const [ms, b] of [
      [2500, button],
      [8500, card],
    ] as const) {
      const v = view(ms);
      expect(v.x + v.width / 2).toBeCloseTo(b.x + b.width / 2, 0);
      expect(v.y + v.height / 2).toBeCloseTo(b.y + b.height / 2, 0);
      expect(v.x).toBeLessThan(b.x - 40);
      expect(v.x + v.width).toBeGreaterThan(b.x + b.width + 40);
    }
  });

  it('the same clicks without target events keep the fixed level (old capture dirs render the same)', () => {
    const old = buildTimeline({ capture: makeCapture(events.filter((e) => e.type !== 'target')), fps: 30, viewAspect: 16 / 9, stage });
    expect(old.camera.zoom[f(2500)]).toBeCloseTo(2, 2);
    expect(old.camera.zoom[f(8500)]).toBeCloseTo(2, 2);
    // …and no stage given gives the same camera as before the stage existed.
    const noStage = buildTimeline({ capture: makeCapture(events.filter((e) => e.type !== 'target')), fps: 30, viewAspect: 16 / 9 });
    expect(noStage.camera).toEqual(old.camera);
  });

  it("a box at the screen's corner: the view stays on the screen and holds the box", () => {
    const corner = { x: 1850, y: 1040, width: 60, height: 30 };
    const t = buildTimeline({
      capture: makeCapture([
        target(500, corner.x, corner.y, corner.width, corner.height),
        ...cursorPath({ x: 960, y: 540 }, { x: 1880, y: 1055 }, 500, 900),
        click(1000, 1880, 1055),
      ]),
      fps: 30,
      viewAspect: 16 / 9,
      stage,
    });
    const at = f(2500);
    const v = viewRect({ zoom: t.camera.zoom[at]!, x: t.camera.x[at]!, y: t.camera.y[at]! }, screen, 16 / 9);
    expect(t.camera.zoom[at]).toBeCloseTo(2, 2);
    expect(v.x + v.width).toBeCloseTo(1920, 0);
    expect(v.y + v.height).toBeCloseTo(1080, 0);
  });

  it('merged windows: the level follows the target of the latest click', () => {
    const merged = buildTimeline({
      capture: makeCapture([
        target(500, button.x, button.y, button.width, button.height),
        ...cursorPath({ x: 960, y: 540 }, { x: 1440, y: 416 }, 500, 900),
        click(1000, 1440, 416),
        target(3000, card.x, card.y, card.width, card.height),
        ...cursorPath({ x: 1440, y: 416 }, { x: 950, y: 550 }, 3000, 3400),
        click(3500, 950, 550),
      ]),
      fps: 30,
      viewAspect: 16 / 9,
      stage,
    });
    expect(merged.zoomWindows).toHaveLength(1);
    expect(merged.camera.zoom[f(2800)]).toBeCloseTo(2, 2);
    expect(merged.camera.zoom[f(5500)]).toBeCloseTo(1.2138, 2);
  });

  it('on a HiDPI recording (3840x2160) shown on a 1920 stage, a button may zoom to 4', () => {
    const hi = { width: 3840, height: 2160 };
    const t = buildTimeline({
      capture: makeCapture([target(500, 2800, 480, 160, 64), ...cursorPath({ x: 1920, y: 1080 }, { x: 2880, y: 512 }, 500, 900), click(1000, 2880, 512)], {
        screen: hi,
      }),
      fps: 30,
      viewAspect: 16 / 9,
      stage,
    });
    expect(t.camera.zoom[f(2500)]).toBeCloseTo(4, 2);
  });
});

describe('zoom marks with a box', () => {
  const mark = (extra: Record<string, number>): CaptureEvent =>
    ({ type: 'mark', kind: 'zoom', tMs: 1000, endMs: 4000, x: 700, y: 600, ...extra }) as CaptureEvent;
  const build = (m: CaptureEvent) =>
    buildTimeline({ capture: makeCapture([m, ...cursorPath({ x: 100, y: 100 }, { x: 1800, y: 1000 }, 0, 5000)]), fps: 30, viewAspect: 16 / 9, stage: screen });

  it('no level: the box (centred on the point) sets it, and the camera centres on the point', () => {
    const tl = build(mark({ width: 600, height: 400 }));
    const at = f(3000);
    expect(tl.camera.zoom[at]).toBeCloseTo(1.6653, 2);
    expect(tl.camera.x[at]).toBeCloseTo(700, 0);
    expect(tl.camera.y[at]).toBeCloseTo(600, 0);
  });

  it('a level given wins over the box', () => {
    expect(build(mark({ width: 600, height: 400, level: 3 })).camera.zoom[f(3000)]).toBeCloseTo(3, 2);
  });

  it("no box and no level: the style's level, as before", () => {
    expect(build(mark({})).camera.zoom[f(3000)]).toBeCloseTo(2, 2);
  });
});
