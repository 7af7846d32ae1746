/**
 * The sharp terminal layer's pictures (render/terminal-text/prepare.ts), the pure parts: which
 * picture each frame shows (shared where screen and transform agree, bounded), the composite
 * path's ffconcat list, and its input in the composite graph.
 */
import { describe, expect, it } from 'vitest';
import type { TerminalLayerFrame } from '../../src/frame/terminal-layer';
import { compositeGraph } from '../../src/render/composite/ffmpeg-args';
import type { CompositePlan } from '../../src/render/composite/plan';
import { planTerminalSprites, terminalConcatList, terminalSpriteAt } from '../../src/render/terminal-text/prepare';

const layer = (frame: number, scale: number, dx = 0): TerminalLayerFrame => ({
  frame,
  recMs: frame * 33,
  scale,
  dx,
  dy: 0,
  width: 100,
  height: 60,
  box: { x: 0, y: 0, width: 100, height: 60 },
});

describe('planTerminalSprites', () => {
  it.each([
    // [case, layers, snapshots, max, jobs, frames, dropped]
    ['none', [null, null], [0, 0], 10, 0, [-1, -1], 0],
    ['one camera, one screen: one picture', [layer(0, 2), layer(1, 2), layer(2, 2)], [0, 0, 0], 10, 1, [0, 0, 0], 0],
    ['one camera, the screen changes: a picture per screen, shared back', [layer(0, 2), layer(1, 2), layer(2, 2)], [0, 1, 0], 10, 2, [0, 1, 0], 0],
    ['the camera moves: a picture per transform', [layer(0, 2), layer(1, 2.1), null, layer(3, 2)], [0, 0, 0, 0], 10, 2, [0, 1, -1, 0], 0],
    [
      'over the bound: the transform held longest is kept',
      [layer(0, 2.2), layer(1, 2.1), layer(2, 2), layer(3, 2), layer(4, 2)],
      [0, 0, 0, 1, 2],
      3,
      3,
      [-1, -1, 0, 1, 2],
      2,
    ],
  ] as const)('%s', (_name, layers, snaps, max, jobs, frames, dropped) => {
    const plan = planTerminalSprites(layers, snaps, max);
    expect(plan.jobs).toHaveLength(jobs);
    expect(plan.frames).toEqual(frames);
    expect(plan.dropped).toBe(dropped);
    for (const j of plan.jobs) expect([j.width, j.height]).toEqual([100, 60]);
  });
});

describe('terminalConcatList', () => {
  const sprites = { dir: '/t', blank: '/t/blank.png', from: 10, frames: [-1, 0, 0, 1, -1], files: ['a.png', "it's.png"] };
  it('one entry per frame, a frame long, the last repeated; blank where none', () => {
    expect(terminalConcatList(sprites, [10, 14], 30).split('\n')).toEqual([
      'ffconcat version 1.0',
      "file '/t/blank.png'",
      'duration 0.033333',
      "file '/t/a.png'",
      'duration 0.033333',
      "file '/t/a.png'",
      'duration 0.033333',
      "file '/t/it'\\''s.png'",
      'duration 0.033333',
      "file '/t/blank.png'",
      'duration 0.033333',
      "file '/t/blank.png'",
      '',
    ]);
  });
  it('a chunk of the render lists its own frames', () => {
    expect(terminalConcatList(sprites, [12, 13], 30).split('\n').slice(1, 5)).toEqual([
      "file '/t/a.png'",
      'duration 0.033333',
      "file '/t/it'\\''s.png'",
      'duration 0.033333',
    ]);
    expect(terminalSpriteAt(sprites, 9)).toBeNull();
    expect(terminalSpriteAt(sprites, 11)).toBe('a.png');
    expect(terminalSpriteAt(sprites, 15)).toBeNull();
  });
});

describe('the composite graph with the terminal layer', () => {
  it('reads the list with the concat demuxer and lays it over the stage before the ripples and the cursor', () => {
    const rect = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });
    const plan = {
      stage: rect(96, 54, 1728, 972),
      frames: 90,
      fps: 30,
      sprites: { cursor: { cell: { width: 64, height: 80 } }, ripple: { cell: { width: 120, height: 120 } } },
      firstScale: { width: 1728, height: 972 },
      main: '',
      cursor: '',
      ripples: [],
    } as unknown as CompositePlan;
    const inputs = { recording: '/c/rec.mp4', under: '/t/u.png', mask: '/t/m.png', cursorSheet: '/t/c.png', rippleSheet: '/t/r.png' };
    const opts = {
      plan,
      inputs,
      scripts: { main: '/t/main.cmd', cursor: '/t/c.cmd', ripples: ['/t/r0.cmd'] },
      startSeconds: 0,
      out: '/o/v.mp4',
      crf: 20,
      preset: 'veryfast',
      frameSize: { width: 1920, height: 1080 },
      outputSize: { width: 1920, height: 1080 },
    };
    const without = compositeGraph(opts);
    expect(without.inputArgs).not.toContain('concat');
    const g = compositeGraph({ ...opts, inputs: { ...inputs, terminal: '/t/terminal.ffconcat' } });
    const i = g.inputArgs.indexOf('/t/terminal.ffconcat');
    expect(g.inputArgs.slice(i - 5, i + 1)).toEqual(['-f', 'concat', '-safe', '0', '-i', '/t/terminal.ffconcat']);
    const index = g.inputs.find((x) => x.stream.label.startsWith(`${g.inputArgs.filter((a) => a === '-i').length - 1}:`))!.index;
    const fc = g.filterComplex;
    // Numbered on the video's time base: entry j is frame j.
    const layer = fc.indexOf(`[${index}:v]format=rgba,settb=1/30,setpts=N`);
    expect(layer).toBeGreaterThan(-1);
    // Over the stage, then the ripples, then the cursor.
    const over = fc.indexOf('overlay=x=0:y=0', layer);
    expect(over).toBeGreaterThan(-1);
    expect(fc.indexOf('overlay@ripple0')).toBeGreaterThan(over);
    expect(fc.indexOf('overlay@pointer')).toBeGreaterThan(over);
  });
});
