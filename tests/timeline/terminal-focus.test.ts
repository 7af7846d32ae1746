import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../src/capture-log';
import { buildTimeline, zoomTriggers } from '../../src/timeline/build-timeline';
import { frameTerminal, terminalCursorBetween, terminalCursors, textSpan } from '../../src/timeline/terminal-focus';
import { viewRect } from '../../src/timeline/view';
import type { ZoomWindow } from '../../src/timeline/zoom-windows';
import { makeCapture } from '../helpers/capture';

/** A 60x20 grid of 20x40 cells whose top-left is at (300, 100): 1200 px wide. */
const GRID = { type: 'terminal', tMs: 100, x: 300, y: 100, cols: 60, rows: 20, cellWidth: 20, cellHeight: 40 } as const;
const cur = (tMs: number, row: number, col: number, lineStart = 0, lineEnd = col): CaptureEvent => ({
  type: 'terminal_cursor',
  tMs,
  row,
  col,
  lineStart,
  lineEnd,
});
const screen = { width: 1920, height: 1080 };

describe('terminal cursors', () => {
  it('pairs each cursor event with the grid before it; events before any grid are dropped', () => {
    const other = { ...GRID, tMs: 900, x: 0 };
    const got = terminalCursors([cur(50, 0, 2), GRID, cur(200, 1, 4), other, cur(1000, 2, 0)]);
    expect(got.map((g) => [g.cursor.tMs, g.grid.x])).toEqual([
      [200, 300],
      [1000, 0],
    ]);
  });

  it.each([
    { name: 'the first cursor event in the range', from: 150, to: 400, which: 'first' as const, want: { x: 300 + 4.5 * 20, y: 100 + 1.5 * 40 } },
    { name: 'the last one in the range', from: 150, to: 400, which: 'last' as const, want: { x: 300 + 5.5 * 20, y: 100 + 1.5 * 40 } },
    { name: 'none in the range', from: 600, to: 900, which: 'first' as const, want: null },
  ])('cursor between: $name', ({ from, to, which, want }) => {
    const cursors = terminalCursors([GRID, cur(200, 1, 4), cur(300, 1, 5), cur(500, 2, 0)]);
    expect(terminalCursorBetween(cursors, from, to, which)).toEqual(want);
  });

  it.each<{ name: string; events: CaptureEvent[]; want: { from: number; to: number } | null }>([
    { name: 'nothing', events: [GRID], want: null },
    { name: 'one typed line: from its start to past the cursor', events: [GRID, cur(200, 0, 9, 0, 9)], want: { from: 300, to: 500 } },
    { name: 'the widest of several lines', events: [GRID, cur(200, 0, 9), cur(300, 1, 0, 0, 30), cur(400, 2, 0, 0, 12)], want: { from: 300, to: 900 } },
    { name: 'indented text only: from the indent', events: [GRID, cur(200, 5, 30, 4, 30)], want: { from: 380, to: 920 } },
    { name: 'text past the cursor counts', events: [GRID, cur(200, 1, 3, 0, 12)], want: { from: 300, to: 540 } },
    { name: "never past the grid's right edge", events: [GRID, cur(200, 0, 59, 0, 60)], want: { from: 300, to: 1500 } },
  ])('text span: $name', ({ events, want }) => {
    const span = textSpan(terminalCursors(events));
    expect(span && { from: span.from, to: span.to }).toEqual(want);
  });
});

describe('framing a terminal', () => {
  const window = (startMs: number, endMs: number, terminal = true): ZoomWindow => ({
    startMs,
    endMs,
    level: 2,
    triggers: [{ tMs: startMs + 300, x: 5, y: 5, terminal }],
  });
  // Landscape: the view at zoom 1 is the whole 1920-px-wide screen.
  it.each([
    // 10 columns + 2 of margin = 240 px: 1920 / 240 = 8, capped at the style's 2.
    { name: "a short line: the style's level", lineEnd: 10, level: 2 },
    // 60 + 2 columns = 1240 px: 1920 / 1240 = 1.55, so the whole line stays in view.
    { name: 'a full-width line: as much as still shows it whole', lineEnd: 60, level: 1920 / 1240 },
    // 45 + 2 = 940 px: 2.04 → 2.
    { name: 'just narrow enough for 2x', lineEnd: 45, level: 2 },
    // The cursor after column 50 counts: 51 + 2 columns = 1060 px.
    { name: '50 columns', lineEnd: 50, level: 1920 / 1060 },
  ])('$name', ({ lineEnd, level }) => {
    const cursors = terminalCursors([GRID, cur(1000, 3, lineEnd, 0, lineEnd)]);
    const { windows } = frameTerminal({ cursors, windows: [window(500, 2000)], screen, viewAspect: 16 / 9 });
    expect(windows[0]!.level).toBeCloseTo(level, 6);
  });

  it("in TikTok's near-square view (1350 px wide at zoom 1) a full 60-column line allows only 1.09x", () => {
    const cursors = terminalCursors([GRID, cur(1000, 3, 60, 0, 60)]);
    const { windows } = frameTerminal({ cursors, windows: [window(500, 2000)], screen, viewAspect: 1.25 });
    expect(windows[0]!.level).toBeCloseTo(1350 / 1240, 6);
  });

  it('text wider than the view: no zoom at all', () => {
    const wide = { ...GRID, cellWidth: 40 };
    const cursors = terminalCursors([wide, cur(1000, 3, 50, 0, 50)]);
    const { windows } = frameTerminal({ cursors, windows: [window(500, 2000)], screen, viewAspect: 16 / 9 });
    expect(windows[0]!.level).toBe(1);
  });

  it("places points at the text's centre sideways (inside windows) or the grid's centre (outside), at the cursor's row", () => {
    const cursors = terminalCursors([GRID, cur(200, 0, 2), cur(1000, 3, 20, 0, 20), cur(1500, 4, 0, 0, 40), cur(5000, 6, 2)]);
    const click = window(3000, 4000, false);
    const { windows, points } = frameTerminal({ cursors, windows: [window(900, 2000), click], screen, viewAspect: 16 / 9 });
    const centre = (300 + 300 + 40 * 20) / 2; // the widest text: row 4, columns 0 to 40
    expect(points.map((p) => [p.tMs, p.x, p.y])).toEqual([
      [200, 900, 120],
      [1000, centre, 240],
      [1500, centre, 280],
      [5000, 900, 360],
    ]);
    expect(windows[0]!.triggers[0]).toMatchObject({ x: centre, y: 5 });
    // A window with no terminal activity in it is left alone.
    expect(windows[1]).toEqual(click);
  });
});

describe('automatic zoom in a terminal', () => {
  // A click into the terminal, a command typed on row 10 (cols 2..30), Enter at 3.9 s, output
  // rows 11..16 until the prompt comes back at 7 s; later, output arrives on its own at 9 s.
  const typing = Array.from({ length: 28 }, (_, i) => cur(2000 + i * 60, 10, 3 + i, 0, 3 + i));
  const output = Array.from({ length: 6 }, (_, i) => cur(4200 + i * 450, 11 + i, 0, 0, i === 5 ? 0 : 24));
  const events = (
    [
      GRID,
      { type: 'click', tMs: 500, x: 400, y: 120, button: 'left' },
      { type: 'type', tMs: 2000, endMs: 3700, text: 'x'.repeat(28) },
      ...typing,
      { type: 'key', tMs: 3900, key: 'Enter' },
      ...output,
      cur(7000, 17, 2, 0, 2),
      { type: 'command', tMs: 3900, endMs: 7000, command: 'x'.repeat(28), exitCode: 0 },
      cur(9000, 18, 0, 0, 10),
    ] as CaptureEvent[]
  ).sort((a, b) => a.tMs - b.tMs);
  const capture = makeCapture(events, { durationMs: 14_000 });

  it('typing zooms at the terminal cursor (not at the pointer); the command holds it until the prompt; lone output triggers too', () => {
    const t = zoomTriggers(capture, true).map((x) => [x.tMs, x.endMs, x.x, x.y, x.terminal ?? false]);
    expect(t.slice(0, 3)).toEqual([
      [500, undefined, 400, 120, false],
      [2000, 3700, 300 + 3.5 * 20, 100 + 10.5 * 40, true],
      [3900, 7000, 300 + 30.5 * 20, 100 + 10.5 * 40, true],
    ]);
    // Output after the typing's echo (which may last 500 ms past the typing): each cursor event
    // is a trigger (they merge into one window).
    expect(t.slice(3).map((x) => x[0])).toEqual([4650, 5100, 5550, 6000, 6450, 7000, 9000]);
    expect(zoomTriggers(capture, false).map((x) => x.tMs)).toEqual([500]);
  });

  it('the camera shows the whole typed line while typing, follows the output down, and zooms out after', () => {
    const fps = 30;
    const tl = buildTimeline({ capture, fps, viewAspect: 16 / 9 });
    const view = (ms: number) => {
      const f = Math.round((ms * fps) / 1000);
      return { zoom: tl.camera.zoom[f]!, rect: viewRect({ zoom: tl.camera.zoom[f]!, x: tl.camera.x[f]!, y: tl.camera.y[f]! }, capture.screen, 16 / 9) };
    };
    const inside = (r: { x: number; y: number; width: number; height: number }, x: number, y: number) =>
      x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height;
    // One window from the click to after the output; the widest line is 31 columns: 1920 / 660 ≥ 2.
    expect(tl.zoomWindows).toHaveLength(1);
    expect(tl.zoomWindows[0]!.level).toBe(2);
    // Late in the typing: zoomed in, the line from the prompt to the cursor in view.
    const late = view(3600);
    expect(late.zoom).toBeGreaterThan(1.9);
    expect(inside(late.rect, 300, 100 + 10.5 * 40)).toBe(true);
    expect(inside(late.rect, 300 + 31 * 20, 100 + 10.5 * 40)).toBe(true);
    // Output: still zoomed in at 6.6 s (the command runs), the newest output row in view.
    const out = view(6600);
    expect(out.zoom).toBeGreaterThan(1.9);
    expect(inside(out.rect, 310, 100 + 16.5 * 40)).toBe(true);
    // Long after the last output, out again.
    expect(view(13_500).zoom).toBeLessThan(1.05);
  });
});

describe('framing a terminal near the screen edge', () => {
  // A 960x540 screen, the grid near its left edge (11x22 px cells at x = 40): the prompt typed on
  // row 0, then output. Edge snap used to move the view right of the text's centre, cutting the
  // prompt's first column ("$ echo" showed as "s echo").
  const grid = { type: 'terminal', tMs: 0, x: 40, y: 60, cols: 30, rows: 8, cellWidth: 11, cellHeight: 22 } as const;
  const typing = Array.from({ length: 16 }, (_, i) => cur(300 + i * 30, 0, 3 + i, 0, 3 + i));
  const events = (
    [
      grid,
      { type: 'type', tMs: 300, endMs: 780, text: 'echo hello world' },
      ...typing,
      { type: 'key', tMs: 900, key: 'Enter' },
      cur(950, 1, 11, 0, 11),
      cur(1000, 2, 2, 0, 2),
      { type: 'command', tMs: 900, endMs: 1000, command: 'echo hello world', exitCode: 0 },
    ] as CaptureEvent[]
  ).sort((a, b) => a.tMs - b.tMs);
  it.each([
    ['Landscape (16:9)', 16 / 9],
    ['TikTokSplit (near-square)', 1.15],
  ])('%s: every zoomed frame shows the prompt from its first column to the end of the line', (_name, viewAspect) => {
    const capture = makeCapture(events, { durationMs: 3000, screen: { width: 960, height: 540 } });
    const tl = buildTimeline({ capture, fps: 30, viewAspect });
    let zoomed = 0;
    for (let f = 0; f < tl.camera.zoom.length; f++) {
      const zoom = tl.camera.zoom[f]!;
      if (zoom < 1.5) continue;
      zoomed++;
      const r = viewRect({ zoom, x: tl.camera.x[f]!, y: tl.camera.y[f]! }, capture.screen, viewAspect);
      expect(r.x, `frame ${f}`).toBeLessThanOrEqual(40);
      expect(r.x + r.width, `frame ${f}`).toBeGreaterThanOrEqual(40 + 19 * 11);
    }
    expect(zoomed).toBeGreaterThan(10);
  });
});
