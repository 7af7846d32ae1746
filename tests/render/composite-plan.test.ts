import { describe, expect, it } from 'vitest';
import { landscapeLayout, tiktokSplitLayout } from '../../src/compositions/shared/layout';
import { sheetFits } from '../../src/compositions/shared/layers';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { compositeArgs, planComposite } from '../../src/render/composite/plan';
import { buildTimeline } from '../../src/timeline/build-timeline';
import { cursorPath, makeCapture } from '../helpers/capture';

const capture = makeCapture(
  [
    ...cursorPath({ x: 960, y: 540 }, { x: 1500, y: 300 }, 0, 900),
    { type: 'click', tMs: 1000, x: 1500, y: 300, button: 'left' },
    { type: 'click', tMs: 1150, x: 1500, y: 300, button: 'left' },
    ...cursorPath({ x: 1500, y: 300 }, { x: 1510, y: 305 }, 1200, 1300),
  ],
  { durationMs: 6000 },
);
const frameSize = { width: 1920, height: 1080 };
const layout = landscapeLayout(frameSize, capture.screen, DEFAULT_STYLE);
const timeline = buildTimeline({ capture, fps: 30, viewAspect: layout.viewAspect });
const plan = planComposite({
  timeline,
  layout,
  screen: capture.screen,
  frameSize,
  cursorSize: 1,
  clickRipple: true,
  frameRange: [0, timeline.durationInFrames - 1],
});
const lines = (text: string) => text.split('\n');
const value = (line: string, target: string, key: string) => Number(new RegExp(`${target} ${key} (-?[\\d.]+)`).exec(line)?.[1]);

describe('planComposite', () => {
  it('has one command line per frame in every script, at increasing times from 0', () => {
    for (const script of [plan.main, plan.cursor, ...plan.ripples]) {
      const ls = lines(script);
      expect(ls).toHaveLength(timeline.durationInFrames);
      const times = ls.map((l) => Number(l.split(' ')[0]));
      expect(times[0]).toBe(0);
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);
      expect(times[30]).toBeCloseTo(1, 2);
    }
  });

  it('crops the scaled recording inside its bounds, at the stage size', () => {
    for (const l of lines(plan.main)) {
      const w = value(l, 'scale@screen', 'w');
      const h = value(l, 'scale@screen', 'h');
      const x = value(l, 'crop@screen', 'x');
      const y = value(l, 'crop@screen', 'y');
      expect(w % 2).toBe(0);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + plan.stage.width).toBeLessThanOrEqual(w);
      expect(y + plan.stage.height).toBeLessThanOrEqual(h);
    }
    // Unzoomed at frame 0: the whole recording scaled to the stage; zoomed at 2 s: about 2x.
    expect(value(lines(plan.main)[0]!, 'scale@screen', 'w')).toBe(plan.stage.width);
    expect(value(lines(plan.main)[60]!, 'scale@screen', 'w') / plan.stage.width).toBeCloseTo(2, 1);
  });

  it('hides the cursor when the timeline fades it out', () => {
    const hidden = timeline.cursor.opacity.findIndex((o) => o === 0);
    expect(hidden).toBeGreaterThan(0);
    expect(lines(plan.main)[hidden]).toMatch(/overlay@pointer x -100000/);
    expect(lines(plan.cursor)[hidden]).toMatch(/aa 0;/);
    expect(lines(plan.cursor)[0]).toMatch(/crop@cursorcell x \d+, crop@cursorcell y \d+, colorchannelmixer@cursorfade aa 1\.000;/);
  });

  it('draws each click ripple for its lifetime, alternating slots for close clicks', () => {
    const shown = (slot: number) => lines(plan.main).filter((l) => !l.includes(`overlay@ripple${slot} x -100000`)).length;
    // Two clicks, 500 ms ripples: ~15 frames each, one per slot.
    expect(shown(0)).toBeGreaterThanOrEqual(14);
    expect(shown(0)).toBeLessThanOrEqual(16);
    expect(shown(1)).toBeGreaterThanOrEqual(14);
    expect(shown(1)).toBeLessThanOrEqual(16);
  });

  it('puts every size it uses in sheets that fit in the frame', () => {
    expect(sheetFits(plan.sprites.cursor, frameSize)).toBe(true);
    expect(sheetFits(plan.sprites.ripple, frameSize)).toBe(true);
    expect(plan.sprites.cursor.items.length).toBeGreaterThan(1); // the cursor grows with the zoom
    expect(plan.sprites.ripple.items.length).toBeGreaterThan(10);
  });

  it('fits the sheets of a 9:16 frame too', () => {
    const tl = tiktokSplitLayout({ width: 1080, height: 1920 }, DEFAULT_STYLE);
    const t = buildTimeline({ capture, fps: 30, viewAspect: tl.viewAspect });
    const p = planComposite({ timeline: t, layout: tl, screen: capture.screen, frameSize: { width: 1080, height: 1920 }, cursorSize: 1, clickRipple: true, frameRange: [10, 40] });
    expect(p.frames).toBe(31);
    expect(lines(p.main)).toHaveLength(31);
  });

  it('without ripples there are no ripple scripts', () => {
    const p = planComposite({ timeline, layout, screen: capture.screen, frameSize, cursorSize: 1, clickRipple: false, frameRange: [0, 10] });
    expect(p.ripples).toEqual([]);
    expect(p.main).not.toMatch(/ripple/);
  });
});

describe('compositeArgs', () => {
  const base = {
    plan,
    inputs: { recording: '/c/rec.mp4', under: '/t/u.png', mask: '/t/m.png', cursorSheet: '/t/c.png', rippleSheet: '/t/r.png' },
    scripts: { main: "/t/it's:main.cmd", cursor: '/t/c.cmd', ripples: ['/t/r0.cmd', '/t/r1.cmd'] },
    out: '/o/v.mp4',
    crf: 20,
    preset: 'veryfast',
    frameSize,
  };

  it('seeks only when the range does not start at 0, and scales only when asked', () => {
    const a = compositeArgs({ ...base, startSeconds: 0, outputSize: frameSize });
    expect(a).not.toContain('-ss');
    expect(a.join(' ')).not.toMatch(/scale=960:540/);
    const b = compositeArgs({ ...base, startSeconds: 2.5, outputSize: { width: 960, height: 540 } });
    expect(b.slice(b.indexOf('-ss'), b.indexOf('-ss') + 2)).toEqual(['-ss', '2.5000']);
    expect(b.join(' ')).toMatch(/scale=960:540/);
  });

  it('quotes script paths for the filtergraph', () => {
    const graph = compositeArgs({ ...base, startSeconds: 0, outputSize: frameSize })[compositeArgs({ ...base, startSeconds: 0, outputSize: frameSize }).indexOf('-filter_complex') + 1]!;
    expect(graph).toContain("sendcmd=f='/t/it'\\\\''s\\:main.cmd'");
  });

  it('encodes H.264 at the plan frame count', () => {
    const a = compositeArgs({ ...base, startSeconds: 0, outputSize: frameSize });
    expect(a.slice(a.indexOf('-frames:v'), a.indexOf('-frames:v') + 2)).toEqual(['-frames:v', String(plan.frames)]);
    expect(a).toContain('libx264');
  });
});
