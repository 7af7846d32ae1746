import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../src/capture-log';
import { buildTimeline, zoomTriggers } from '../../src/timeline/build-timeline';
import { terminalActivity, terminalCursorBetween } from '../../src/timeline/terminal-focus';
import { viewRect } from '../../src/timeline/view';
import { makeCapture } from '../helpers/capture';

/** A 60x20 grid of 20x40 cells whose top-left is at (300, 100). */
const GRID = { type: 'terminal', tMs: 100, x: 300, y: 100, cols: 60, rows: 20, cellWidth: 20, cellHeight: 40 } as const;
const cur = (tMs: number, row: number, col: number, lineStart = 0, lineEnd = col): CaptureEvent => ({ type: 'terminal_cursor', tMs, row, col, lineStart, lineEnd });

describe('terminal activity points', () => {
  it.each<{ name: string; events: CaptureEvent[]; want: Array<[number, number, number]> }>([
    { name: 'no grid yet: cursor events are ignored', events: [cur(50, 0, 2)], want: [] },
    { name: 'typing: the line from its start to the cursor\'s cell', events: [GRID, cur(200, 0, 9, 0, 9)], want: [[200, 300, 120], [200, 500, 120]] },
    { name: 'an empty row: the cursor cell only', events: [GRID, cur(200, 3, 0, 0, 0)], want: [[200, 300, 240], [200, 320, 240]] },
    { name: 'an indented output line: its text, not the indent', events: [GRID, cur(200, 5, 30, 4, 30)], want: [[200, 380, 320], [200, 920, 320]] },
    { name: 'text past the cursor (cursor moved left): to the end of the text', events: [GRID, cur(200, 1, 3, 0, 12)], want: [[200, 300, 160], [200, 540, 160]] },
    { name: 'the right edge is the grid\'s', events: [GRID, cur(200, 0, 59, 0, 60)], want: [[200, 300, 120], [200, 1500, 120]] },
  ])('$name', ({ events, want }) => {
    expect(terminalActivity(events).map((p) => [p.tMs, p.x, p.y])).toEqual(want);
  });

  it.each([
    { name: 'the first cursor event in the range', from: 150, to: 400, want: { x: 300 + 4.5 * 20, y: 100 + 1.5 * 40 } },
    { name: 'none in the range', from: 600, to: 900, want: null },
    { name: 'range before the grid', from: 0, to: 90, want: null },
    { name: 'the last one in the range', from: 150, to: 400, which: 'last' as const, want: { x: 300 + 5.5 * 20, y: 100 + 1.5 * 40 } },
  ])('cursor between: $name', ({ from, to, which, want }) => {
    const events: CaptureEvent[] = [GRID, cur(200, 1, 4), cur(300, 1, 5), cur(500, 2, 0)];
    expect(terminalCursorBetween(events, from, to, which)).toEqual(want);
  });
});

describe('automatic zoom in a terminal', () => {
  // A click into the terminal, a command typed on row 10 (cols 2..30), Enter at 4 s, output
  // rows 11..16 until the prompt comes back at 7 s.
  const typing = Array.from({ length: 28 }, (_, i) => cur(2000 + i * 60, 10, 3 + i, 0, 3 + i));
  const output = Array.from({ length: 6 }, (_, i) => cur(4200 + i * 450, 11 + i, 0, 0, 0));
  const events = ([
    GRID,
    { type: 'click', tMs: 500, x: 400, y: 120, button: 'left' },
    { type: 'type', tMs: 2000, endMs: 3700, text: 'x'.repeat(28) },
    ...typing,
    { type: 'key', tMs: 3900, key: 'Enter' },
    ...output,
    cur(7000, 17, 2, 0, 2),
    { type: 'command', tMs: 3900, endMs: 7000, command: 'x'.repeat(28), exitCode: 0 },
  ] as CaptureEvent[]).sort((a, b) => a.tMs - b.tMs);
  const capture = makeCapture(events, { durationMs: 12_000 });

  it('typing zooms at the terminal cursor (not at the pointer), and the command keeps it until the prompt returns', () => {
    const t = zoomTriggers(capture, true);
    expect(t.map((x) => [x.tMs, x.endMs, x.x, x.y])).toEqual([
      [500, undefined, 400, 120],
      [2000, 3700, 300 + 3.5 * 20, 100 + 10.5 * 40],
      [3900, 7000, 300 + 30.5 * 20, 100 + 10.5 * 40],
    ]);
    expect(zoomTriggers(capture, false).map((x) => x.tMs)).toEqual([500]);
  });

  it('the camera frames the typed line while typing, and the output rows as they arrive', () => {
    const fps = 30;
    const tl = buildTimeline({ capture, fps, viewAspect: 16 / 9 });
    const view = (ms: number) => {
      const f = Math.round((ms * fps) / 1000);
      return { zoom: tl.camera.zoom[f]!, rect: viewRect({ zoom: tl.camera.zoom[f]!, x: tl.camera.x[f]!, y: tl.camera.y[f]! }, capture.screen, 16 / 9) };
    };
    const inside = (r: { x: number; y: number; width: number; height: number }, x: number, y: number) => x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height;
    // Late in the typing: zoomed in, the cursor's cell in view.
    const late = view(3600);
    expect(late.zoom).toBeGreaterThan(1.8);
    expect(inside(late.rect, 300 + 30.5 * 20, 100 + 10.5 * 40)).toBe(true);
    // Output: still zoomed in at 6.5 s (the command runs), with the newest output row in view.
    const out = view(6600);
    expect(out.zoom).toBeGreaterThan(1.8);
    expect(inside(out.rect, 310, 100 + 16.5 * 40)).toBe(true);
    // Long after the prompt came back, out again.
    expect(view(11_500).zoom).toBeLessThan(1.05);
  });
});
