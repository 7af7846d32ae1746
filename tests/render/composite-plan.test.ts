import { describe, expect, it } from 'vitest';
import { landscapeLayout, tiktokSplitLayout } from '../../src/frame/layout';
import { sheetFits } from '../../src/compositions/shared/layers';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { compositeArgs, compositeGraph, planComposite, planHeldFrames } from '../../src/render/composite/plan';
import { expr, filter, path, type BuiltGraph } from '../../src/render/composite/filtergraph';
import { motionBlurRanges, motionBlurStyleSchema } from '../../src/timeline/motion-blur';
import { buildTimeMap, cutBlends } from '../../src/timeline/time-map';
import { buildTimeline } from '../../src/timeline/build-timeline';
import { cursorPath, makeCapture } from '../helpers/capture';
import { testModel } from '../helpers/frame-model';
import { frameLines } from '../helpers/sendcmd';
import { sendcmdScript, sliceScript } from '../../src/render/composite/sendcmd';
import { compositeChunks } from '../../src/render/composite/render-composite';
import { slicePlan, sourceCrop } from '../../src/render/composite/plan';
import { compositeArgsMany, compositeGraphMany, withInstanceSuffix } from '../../src/render/composite/ffmpeg-args';

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
const plan = planComposite({ model: testModel({ timeline, layout, frameSize }), frameSize, frameRange: [0, timeline.durationInFrames - 1] });
/** A script replayed: one line per frame of `plan`, every value in force (tests/helpers/sendcmd.ts). */
const lines = (text: string, p: { frames: number; fps: number } = plan) => frameLines(text, p.frames, p.fps);
const value = (line: string, target: string, key: string) => Number(new RegExp(`${target} ${key} (-?[\\d.]+)`).exec(line)?.[1]);

describe('planComposite', () => {
  it('has a first line at time 0 sending every value, then lines only where a value changes', () => {
    for (const script of [plan.main, plan.cursor, ...plan.ripples]) {
      const ls = script.split('\n');
      expect(ls.length).toBeGreaterThan(1);
      expect(ls.length).toBeLessThanOrEqual(timeline.durationInFrames);
      const times = ls.map((l) => Number(l.split(' ')[0]));
      expect(times[0]).toBe(0);
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);
      // Replayed, every frame has every value.
      const replayed = lines(script);
      expect(replayed).toHaveLength(timeline.durationInFrames);
      const keys = (l: string) => l.split(' ').length;
      for (const l of replayed) expect(keys(l)).toBe(keys(replayed[0]!));
    }
    // The camera holds still at the start: the scale is not re-sent on those frames.
    expect(plan.main.split('\n')[1]).not.toMatch(/scale@screen/);
  });

  it('crops the view out of the recording, scales it to the stage scale, and cuts the stage inside it', () => {
    for (const l of lines(plan.main)) {
      const [cw, ch, cx0, cy0] = ['w', 'h', 'x', 'y'].map((k) => value(l, 'crop@source', k)) as [number, number, number, number];
      for (const v of [cw, ch, cx0, cy0]) expect(v % 2).toBe(0);
      expect(cx0 + cw).toBeLessThanOrEqual(capture.screen.width);
      expect(cy0 + ch).toBeLessThanOrEqual(capture.screen.height);
      const w = value(l, 'scale@screen', 'w');
      const h = value(l, 'scale@screen', 'h');
      const x = value(l, 'crop@screen', 'x');
      const y = value(l, 'crop@screen', 'y');
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + plan.stage.width).toBeLessThanOrEqual(w);
      expect(y + plan.stage.height).toBeLessThanOrEqual(h);
      // Scaled by the same factor both ways (within a pixel's rounding).
      expect(Math.abs(w / cw - h / ch)).toBeLessThan(2 / Math.min(cw, ch) + 0.01);
    }
    // Unzoomed at frame 0: the whole recording scaled to the stage; zoomed at 2 s: about 2x, from about half of it.
    const k0 = plan.stage.width / capture.screen.width;
    const [first, zoomed] = [lines(plan.main)[0]!, lines(plan.main)[60]!];
    expect(value(first, 'crop@source', 'w')).toBe(capture.screen.width);
    expect(value(first, 'scale@screen', 'w')).toBe(plan.stage.width);
    expect(value(zoomed, 'scale@screen', 'w') / value(zoomed, 'crop@source', 'w') / k0).toBeCloseTo(2, 1);
    expect(value(zoomed, 'crop@source', 'w')).toBeLessThan(0.6 * capture.screen.width);
    expect(plan.firstCrop).toEqual({ width: capture.screen.width, height: capture.screen.height, x: 0, y: 0 });
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
    const p = planComposite({
      model: testModel({ timeline: t, layout: tl, frameSize: { width: 1080, height: 1920 } }),
      frameSize: { width: 1080, height: 1920 },
      frameRange: [10, 40],
    });
    expect(p.frames).toBe(31);
    expect(lines(p.main, p)).toHaveLength(31);
  });

  it('without ripples there are no ripple scripts', () => {
    const p = planComposite({ model: testModel({ timeline, layout, frameSize, style: { clickRipple: false } }), frameSize, frameRange: [0, 10] });
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

  const recordingChain = (g: BuiltGraph) => g.chains.find((c) => c.from.includes(g.inputs[0]!.stream))!;

  it('seeks only when the range does not start at 0, and scales only when asked', () => {
    const a = compositeGraph({ ...base, startSeconds: 0, outputSize: frameSize });
    expect(a.inputs[0]!.args).toEqual([]);
    expect(a.chains.flatMap((c) => c.filters).filter((f) => f.name === 'scale' && !f.instance)).toEqual([]);
    const b = compositeGraph({ ...base, startSeconds: 2.5, outputSize: { width: 960, height: 540 } });
    expect(b.inputs[0]!.args).toEqual(['-ss', '2.5000']);
    expect(b.chains.flatMap((c) => c.filters).filter((f) => f.name === 'scale' && !f.instance)).toEqual([filter('scale', { flags: 'bicubic' }, [960, 540])]);
    // A seeked recording is put back at time 0 (its first frame lands a hair after it).
    expect(recordingChain(a).filters[0]).toEqual(filter('sendcmd', { f: path(base.scripts.main) }));
    expect(recordingChain(b).filters.slice(0, 2)).toEqual([filter('setpts', ['PTS-STARTPTS']), filter('sendcmd', { f: path(base.scripts.main) })]);
  });

  it('quotes script paths for the filtergraph', () => {
    const graph = compositeArgs({ ...base, startSeconds: 0, outputSize: frameSize })[
      compositeArgs({ ...base, startSeconds: 0, outputSize: frameSize }).indexOf('-filter_complex') + 1
    ]!;
    // Both levels of ffmpeg's escaping: the option's (\\ ' :), then the graph's (\\ ' [ ] , ;).
    expect(graph).toContain("sendcmd=f=/t/it\\\\\\'s\\\\:main.cmd,");
  });

  it('crops a recording padded to even sides (odd-sized screen) back to the screen, before anything else', () => {
    const graph = (extra: object) => compositeGraph({ ...base, startSeconds: 2.5, outputSize: frameSize, ...extra });
    expect(
      recordingChain(graph({ screen: { width: 1281, height: 721 } }))
        .filters.slice(0, 3)
        .map((f) => f.name),
    ).toEqual(['crop', 'setpts', 'sendcmd']);
    expect(recordingChain(graph({ screen: { width: 1281, height: 721 } })).filters[0]!.args).toEqual([1281, 721, 0, 0]);
    expect(recordingChain(graph({})).filters.filter((f) => f.name === 'crop' && !f.instance)).toEqual([]);
  });

  it('encodes H.264 at the plan frame count', () => {
    const a = compositeArgs({ ...base, startSeconds: 0, outputSize: frameSize });
    expect(a.slice(a.indexOf('-frames:v'), a.indexOf('-frames:v') + 2)).toEqual(['-frames:v', String(plan.frames)]);
    expect(a).toContain('libx264');
  });
});

describe('motion blur in the composite plan', () => {
  const style = motionBlurStyleSchema.parse({ enabled: true });
  const blurred = planComposite({
    model: testModel({ timeline, layout, frameSize, style: { motionBlur: style } }),
    frameSize,
    frameRange: [0, timeline.durationInFrames - 1],
  });
  const want = motionBlurRanges(timeline.camera, { screen: capture.screen, viewAspect: layout.viewAspect, stageWidth: layout.stage.width, style });

  it('blurs the frames the timeline says, with every layer in every frame', () => {
    expect(want.length).toBeGreaterThan(0);
    expect(blurred.motionBlur?.ranges).toEqual(want);
    const n = blurred.motionBlur!.moments;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(style.maxSamples);
    for (const l of lines(blurred.main)) {
      expect(l).toMatch(/crop@mbsrc x \d+, crop@mbsrc y \d+/);
      for (let i = 1; i < n; i++) expect(l).toMatch(new RegExp(`scale@mb${i} w \\d+, scale@mb${i} h \\d+, overlay@mb${i} x -?\\d+, overlay@mb${i} y -?\\d+`));
    }
  });

  it('keeps a margin around the stage in the scaled recording, wide enough for every moment', () => {
    const { margin, pad } = blurred.motionBlur!;
    expect(margin).toBeGreaterThan(0);
    expect(pad).toBeGreaterThan(0);
    for (const l of lines(blurred.main)) {
      const [w, h] = [value(l, 'scale@screen', 'w'), value(l, 'scale@screen', 'h')];
      const [ex, ey] = [value(l, 'crop@mbsrc', 'x'), value(l, 'crop@mbsrc', 'y')];
      // The margin crop lies inside the scaled picture, and the stage in the middle of it.
      expect(ex).toBeGreaterThanOrEqual(0);
      expect(ey).toBeGreaterThanOrEqual(0);
      expect(ex + blurred.stage.width + 2 * margin).toBeLessThanOrEqual(w);
      expect(ey + blurred.stage.height + 2 * margin).toBeLessThanOrEqual(h);
      expect(value(l, 'crop@screen', 'x')).toBe(margin);
      expect(value(l, 'crop@screen', 'y')).toBe(margin);
    }
  });

  it('passes still frames through and re-projects moving ones (zooming in: earlier moments smaller)', () => {
    const n = blurred.motionBlur!.moments;
    const ls = lines(blurred.main);
    const { margin } = blurred.motionBlur!;
    // Frame 0: still; the layer is the stage with its margin, in place.
    expect(value(ls[0]!, `scale@mb${n - 1}`, 'w')).toBe(blurred.stage.width + 2 * margin);
    expect(value(ls[0]!, `overlay@mb${n - 1}`, 'x')).toBe(-margin);
    // The zoom towards the click: the last moment (half a frame back) was less zoomed, so smaller.
    const f = want[0]![0] + 3;
    expect(value(ls[f]!, `scale@mb${n - 1}`, 'w')).toBeLessThan(blurred.stage.width + 2 * margin);
    expect(value(ls[f]!, `scale@mb1`, 'w')).toBeGreaterThanOrEqual(value(ls[f]!, `scale@mb${n - 1}`, 'w'));
  });

  it('averages the layers with mix, only on the blurred frames', () => {
    const g = compositeGraph({
      plan: blurred,
      inputs: { recording: '/c/rec.mp4', under: '/t/u.png', mask: '/t/m.png', cursorSheet: '/t/c.png', rippleSheet: '/t/r.png' },
      scripts: { main: '/t/main.cmd', cursor: '/t/c.cmd', ripples: ['/t/r0.cmd', '/t/r1.cmd'] },
      out: '/o/v.mp4',
      crf: 20,
      preset: 'veryfast',
      frameSize,
      startSeconds: 0,
      outputSize: frameSize,
    });
    const n = blurred.motionBlur!.moments;
    const mix = g.chains.find((c) => c.filters[0]!.name === 'mix')!;
    expect(mix.from).toHaveLength(n);
    // The unblurred stage is mix's first input, split n ways for the layers.
    const stageSplit = g.chains.find((c) => c.to.includes(mix.from[0]!))!;
    expect(stageSplit.filters).toEqual([filter('split', [n])]);
    expect(stageSplit.to).toHaveLength(n);
    const pad = g.chains.flatMap((c) => c.filters).find((f) => f.name === 'pad')!;
    expect(pad.options!['w']).toBe(`iw+${2 * blurred.motionBlur!.pad}`);
    const enable = want.map(([a, b]) => `between(t,${((a - 0.5) / 30).toFixed(4)},${((b + 0.5) / 30).toFixed(4)})`).join('+');
    expect(mix.filters[0]!.options).toEqual({ inputs: n, enable: expr(enable) });
    // The plain plan has none of it.
    expect(plan.motionBlur).toBeUndefined();
  });
});

describe('dissolves in the composite plan', () => {
  // 0–3 s, cut to 5 s, on: a 300 ms dissolve around 3 s of video (frames 85–94).
  const blends = cutBlends(buildTimeMap({ durationMs: 10_000, cuts: [{ fromMs: 3000, toMs: 5000 }] }), 300, 30);

  it.each<{ range: [number, number]; want: Array<{ recMs: number; first: number; end: number }> }>([
    {
      range: [0, 299],
      want: [
        { recMs: 5000, first: 86, end: 90 },
        { recMs: 3000 - 1000 / 30, first: 90, end: 95 },
      ],
    },
    {
      range: [88, 299],
      want: [
        { recMs: 5000, first: 0, end: 2 },
        { recMs: 3000 - 1000 / 30, first: 2, end: 7 },
      ],
    },
    { range: [0, 60], want: [] },
  ])('held frames for a render of frames $range', ({ range, want }) => {
    const held = planHeldFrames(blends, 30, range);
    expect(held.map((h) => ({ recMs: h.recMs, first: h.first, end: h.end }))).toEqual(want);
    // One opacity per frame, for this layer's filter, rising then falling through the dissolve.
    held.forEach((h, i) => {
      const ls = h.opacity.split('\n');
      expect(ls).toHaveLength(h.end - h.first);
      for (const l of ls) expect(l).toMatch(new RegExp(`^[\\d.]+ colorchannelmixer@held${i} aa [\\d.]+;$`));
    });
    if (range[0] === 0 && want.length) {
      const op = held.flatMap((h) => h.opacity.split('\n').map((l) => Number(/aa ([\d.]+)/.exec(l)![1])));
      // Incoming layer 0.05 → 0.45, outgoing 0.5 → 0.05: the incoming share (op, then 1 - op) rises steadily.
      const share = op.map((o, i) => (i < 4 ? o : 1 - o));
      for (let i = 1; i < share.length; i++) expect(share[i]! - share[i - 1]!).toBeCloseTo(1 / 9, 3);
    }
  });
});

describe('sendcmdScript', () => {
  it.each([
    [
      'every frame the same: one line',
      [
        ['0.0000', ['a@x w 1, a@x h 2']],
        ['0.0328', ['a@x w 1, a@x h 2']],
      ],
      '0.0000 a@x w 1, a@x h 2;',
    ],
    [
      'only what changed, per target and arg',
      [
        ['0.0000', ['a@x w 1, a@x h 2', 'b@y x 5']],
        ['0.0328', ['a@x w 3, a@x h 2', 'b@y x 5']],
        ['0.0662', ['a@x w 3, a@x h 2', 'b@y x -5']],
      ],
      '0.0000 a@x w 1, a@x h 2, b@y x 5;\n0.0328 a@x w 3;\n0.0662 b@y x -5;',
    ],
    [
      'a value going back is sent again',
      [
        ['0', ['c x 1']],
        ['1', ['c x 2']],
        ['2', ['c x 1']],
      ],
      '0 c x 1;\n1 c x 2;\n2 c x 1;',
    ],
    [
      'the same arg of two targets is two keys',
      [
        ['0', ['c@a x 1, c@b x 1']],
        ['1', ['c@a x 1, c@b x 2']],
      ],
      '0 c@a x 1, c@b x 1;\n1 c@b x 2;',
    ],
    ['nothing', [], ''],
  ] as const)('%s', (_, frames, want) => {
    expect(sendcmdScript(frames)).toBe(want);
  });

  it('replays to the frames it was made from', () => {
    const full = lines(plan.main).map((l) => l.replace(/^\S+ /, ''));
    expect(frameLines(plan.main, plan.frames, plan.fps)).toHaveLength(plan.frames);
    // Each frame's values are the plan's own for that frame: the camera's scale follows the zoom.
    const widths = full.map((l) => value(l, 'scale@screen', 'w'));
    expect(new Set(widths).size).toBeGreaterThan(10);
  });
});

describe('sourceCrop', () => {
  const screen = { width: 1920, height: 1080 };
  it.each([
    ['the whole screen at zoom 1 (shrinking: reach 2/k + 2)', { x: 0, y: 0, width: 1920, height: 1080 }, 0.5, { x: 0, y: 0, width: 1920, height: 1080 }],
    ['a view inside, growing (reach 4)', { x: 500.3, y: 200.7, width: 960, height: 540 }, 2, { x: 496, y: 196, width: 970, height: 550 }],
    ['a view at the right edge', { x: 960, y: 540, width: 960, height: 540 }, 2, { x: 956, y: 536, width: 964, height: 544 }],
    ['a view at the left edge', { x: 0, y: 0, width: 480, height: 270 }, 4, { x: 0, y: 0, width: 484, height: 274 }],
    ['shrinking by 4: reach 10', { x: 100, y: 100, width: 400, height: 300 }, 0.25, { x: 90, y: 90, width: 420, height: 320 }],
  ] as const)('%s', (_, view, k, want) => {
    expect(sourceCrop(view, k, screen)).toEqual(want);
  });

  it('keeps every side even on an odd-sized screen, inside it', () => {
    const odd = { width: 1281, height: 721 };
    for (const view of [
      { x: 0, y: 0, width: 1281, height: 721 },
      { x: 600.5, y: 300.5, width: 680.5, height: 420.5 },
      { x: 1200, y: 700, width: 81, height: 21 },
    ]) {
      const c = sourceCrop(view, 1.5, odd);
      for (const v of [c.x, c.y, c.width, c.height]) expect(v % 2).toBe(0);
      expect(c.x + c.width).toBeLessThanOrEqual(odd.width);
      expect(c.y + c.height).toBeLessThanOrEqual(odd.height);
      expect(c.width).toBeGreaterThan(0);
    }
  });
});

describe('compositeGraphMany: several compositions of one recording in one ffmpeg', () => {
  const opts = (suffix: string, out: string) => ({
    plan,
    inputs: { recording: '/c/rec.mp4', under: `/t/${out}u.png`, mask: '/t/m.png', cursorSheet: '/t/c.png', rippleSheet: '/t/r.png' },
    scripts: { main: `/t/${out}main.cmd`, cursor: '/t/c.cmd', ripples: ['/t/r0.cmd', '/t/r1.cmd'] },
    out: `/o/${out}.mp4`,
    crf: 20,
    preset: 'veryfast',
    frameSize,
    startSeconds: 0,
    outputSize: frameSize,
    ...(suffix ? { instanceSuffix: suffix } : {}),
  });

  it('decodes the recording once, splits it, and gives each composition its own filter names and output', () => {
    const g = compositeGraphMany([opts('', 'a'), opts('_1', 'b')]);
    expect(g.inputs.filter((i) => i.file === '/c/rec.mp4')).toHaveLength(1);
    expect(g.outputs).toEqual(['[v0]', '[v1]']);
    const named = g.chains.flatMap((c) => c.filters).filter((f) => f.instance);
    const names = named.map((f) => `${f.name}@${f.instance}`);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('scale@screen');
    expect(names).toContain('scale@screen_1');
    const args = compositeArgsMany([opts('', 'a'), opts('_1', 'b')]);
    expect(args.filter((a) => a === '-map')).toHaveLength(2);
    expect(args.slice(-1)).toEqual(['/o/b.mp4']);
    expect(args).toContain('/o/a.mp4');
  });

  it('one composition is compositeArgs itself', () => {
    expect(compositeArgsMany([opts('', 'a')])).toEqual(compositeArgs(opts('', 'a')));
  });

  it.each([
    ['no composition', []],
    ['two with the same names', [opts('', 'a'), opts('', 'b')]],
    ['another recording', [opts('', 'a'), { ...opts('_1', 'b'), inputs: { ...opts('_1', 'b').inputs, recording: '/c/other.mp4' } }]],
    ['one starting later', [opts('', 'a'), { ...opts('_1', 'b'), startSeconds: 2 }]],
  ] as const)('refuses %s', (_, list) => {
    expect(() => compositeGraphMany(list)).toThrow(/compositeGraphMany/);
  });

  it.each([
    ['0.0000 scale@screen w 10, scale@screen h 20;', '_2', '0.0000 scale@screen_2 w 10, scale@screen_2 h 20;'],
    ['0 crop@source x 4;\n0.0333 colorchannelmixer@held0 aa 0.5000;', '_1', '0 crop@source_1 x 4;\n0.0333 colorchannelmixer@held0_1 aa 0.5000;'],
    ['0 crop@source x 4;', '', '0 crop@source x 4;'],
  ])('withInstanceSuffix(%j, %j)', (script, suffix, want) => {
    expect(withInstanceSuffix(script, suffix)).toBe(want);
  });
});

describe('chunks of a long render', () => {
  it.each([
    ['fits: one chunk', 1000, 5000, 12000, [[0, 999]]],
    [
      'twice the budget: two halves',
      1000,
      24000,
      12000,
      [
        [0, 499],
        [500, 999],
      ],
    ],
    ['uneven', 10, 100, 40, [[0, 9]]],
    [
      'at least 30 frames a chunk',
      90,
      1_000_000,
      10,
      [
        [0, 29],
        [30, 59],
        [60, 89],
      ],
    ],
    [
      'a remainder',
      1001,
      24001,
      12000,
      [
        [0, 333],
        [334, 667],
        [668, 1000],
      ],
    ],
  ] as const)('compositeChunks: %s', (_, frames, commands, max, want) => {
    expect(compositeChunks(frames, commands, max)).toEqual(want);
  });

  it('sliceScript starts with every value in force, then the range re-timed', () => {
    const script = sendcmdScript([
      ['0.0000', ['a x 1, a y 1']],
      ['0.0328', ['a x 2']],
      ['0.0662', ['a y 3']],
      ['0.0995', ['a x 4']],
    ]);
    expect(sliceScript(script, 2, 3, 30)).toBe('0.0000 a x 2, a y 3;\n0.0328 a x 4;');
    expect(sliceScript(script, 0, 1, 30)).toBe('0.0000 a x 1, a y 1;\n0.0328 a x 2;');
    expect(sliceScript(script, 3, 3, 30)).toBe('0.0000 a x 4, a y 3;');
  });

  it('slicePlan: every frame of a slice has the whole plan values for that frame', () => {
    const [from, to] = [40, 90];
    const part = slicePlan(plan, from, to);
    expect(part.frames).toBe(to - from + 1);
    for (const key of ['main', 'cursor'] as const) {
      const whole = lines(plan[key])
        .slice(from, to + 1)
        .map((l) => l.replace(/^\S+ /, ''));
      const sliced = frameLines(part[key], part.frames, part.fps).map((l) => l.replace(/^\S+ /, ''));
      expect(sliced).toEqual(whole);
    }
    // The filters start configured as the slice's first frame.
    const first = lines(plan.main)[from]!;
    expect(part.firstScale).toEqual({ width: value(first, 'scale@screen', 'w'), height: value(first, 'scale@screen', 'h') });
    expect(part.firstCrop?.width).toBe(value(first, 'crop@source', 'w'));
  });
});
