/**
 * The pure review checks, table by table: synthetic capture logs through the same pipeline a
 * render uses (buildReviewInput → computeMetadata), each fault reported with its check, step,
 * source and range, and the same log without the fault reporting nothing above info.
 */
import { describe, expect, it } from 'vitest';
import { focusOnStage } from '../../src/frame/avatar-placement';
import type { CaptureEvent, CaptureLog } from '../../src/capture-log';
import type { OutputFormatName } from '../../src/formats';
import { buildReviewInput } from '../../src/review/load-review-input';
import { checkFocusHidden, checkNarration, checkSteps, checkTextTooSmall, checkZoomPastResolution, timelineChecks } from '../../src/review/timeline-checks';
import type { ReviewFinding } from '../../src/review/types';
import type { Narration } from '../../src/narration/schema';
import { cursorPath, makeCapture } from '../helpers/capture';

const step = (id: string, action: string, tMs: number, endMs: number): CaptureEvent => ({
  type: 'step',
  id,
  action,
  tMs,
  endMs,
  source: `demo.yaml:${Number(id) + 2}:5`,
});
const noEdit = { edit: { idle: { enabled: false }, typing: { enabled: false } } };
const log = (events: CaptureEvent[], opts: Partial<CaptureLog> = {}) => makeCapture(events, { durationMs: 8000, style: noEdit, ...opts });
const above = (fs: ReviewFinding[]) => fs.filter((f) => f.severity !== 'info');
const review = (l: CaptureLog, format: OutputFormatName, narration: Narration | null = null) => buildReviewInput(l, format, { narration });

const clickAt = (x: number, y: number, t = 3000): CaptureEvent[] => [
  ...cursorPath({ x: 960, y: 540 }, { x, y }, t - 600, t - 50),
  { type: 'click', tMs: t, x, y, button: 'left' },
];

describe('focus-hidden', () => {
  it.each([
    ["a click at the bottom right of the screen, under TikTok's right rail", 1880, 1000, 'tiktok' as const, "TikTok's right rail"],
    ['a click in the middle', 960, 540, 'tiktok' as const, null],
    ['the same bottom-right click in landscape (no platform UI)', 1880, 1000, 'landscape' as const, null],
  ])('%s', (_name, x, y, format, zone) => {
    const input = review(log([step('1', 'wait', 0, 2000), step('2', 'click', 2000, 4000), ...clickAt(x, y)]), format);
    const found = checkFocusHidden(input);
    if (zone === null) return expect(found).toEqual([]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ check: 'focus-hidden', severity: 'warning', step: '2', source: 'demo.yaml:4:5', fromMs: 3000, toMs: 3600 });
    expect(found[0]?.message).toContain(zone);
  });

  it('a click under the avatar bubble (Landscape) is reported, and not once the bubble is elsewhere', () => {
    const input = review(log([step('1', 'click', 0, 8000), ...clickAt(1500, 800)]), 'landscape');
    const frames = input.computed.timeline.durationInFrames;
    const f = Math.round((3000 * 30) / 1000);
    // The bubble as placement.ts would put it had it failed to move: over the click's focus.
    const placeAt = (cx: number, cy: number) => ({
      provider: 'builtin' as const,
      track: {} as never,
      placement: { size: 260, x: Array.from({ length: frames }, () => cx - 130), y: Array.from({ length: frames }, () => cy - 130) },
    });
    const at = { x: input.computed.layout.stage.x, y: input.computed.layout.stage.y };
    // The click's focus on the stage at the click's frame.
    const p = focusOnStage(input.computed.timeline, input.computed.layout.stage, f);
    const hidden = checkFocusHidden({ ...input, computed: { ...input.computed, avatar: placeAt(p.x, p.y) } });
    expect(hidden).toHaveLength(1);
    expect(hidden[0]).toMatchObject({ check: 'focus-hidden', step: '1', fromMs: 3000 });
    expect(hidden[0]?.message).toContain('the avatar');
    expect(checkFocusHidden({ ...input, computed: { ...input.computed, avatar: placeAt(at.x + 140, at.y + 140) } })).toEqual([]);
  });
});

describe('text-too-small', () => {
  const target = (height: number): CaptureEvent[] => [
    { type: 'target', tMs: 2500, x: 200, y: 200, width: 60, height, source: 'text', label: 'text "Save"' },
    ...clickAt(230, 200 + height / 2),
  ];
  it.each([
    // No zoom (autoZoom off): 8 px text at about 0.83 output px per screen px in 9:16 is ~7 px.
    [8, 'tiktok' as const, false, true],
    [30, 'tiktok' as const, false, false],
    // Landscape at zoom 1 shows a 1920 screen at ~0.9: 12 px text is ~11 px, under 12.
    [12, 'landscape' as const, false, true],
    // The automatic zoom (level 2) makes the same text readable.
    [12, 'landscape' as const, true, false],
  ])('a %s px text box in %s (autoZoom %s): reported %s', (height, format, autoZoom, reported) => {
    const input = review(
      log([step('1', 'wait', 0, 2000), step('2', 'click', 2000, 4000), ...target(height)], { style: { ...noEdit, motion: { autoZoom } } }),
      format,
    );
    const found = checkTextTooSmall(input);
    expect(found.length > 0).toBe(reported);
    if (reported) {
      expect(found[0]).toMatchObject({ check: 'text-too-small', step: '2', source: 'demo.yaml:4:5', fromMs: 2500 });
      expect(Number(found[0]?.measured?.glyphPx)).toBeLessThan(format === 'tiktok' ? 14 : 12);
    }
  });

  it('a terminal with 10 px cells in 9:16 is too small while typing; with 28 px cells it is not', () => {
    const term = (cell: number): CaptureEvent[] => [
      { type: 'terminal', tMs: 100, x: 0, y: 0, cols: 80, rows: 24, cellWidth: cell * 0.5, cellHeight: cell },
      { type: 'terminal_cursor', tMs: 2100, row: 2, col: 4, lineStart: 0, lineEnd: 4 },
      { type: 'type', tMs: 2000, endMs: 3000, text: 'ls -la' },
      { type: 'terminal_cursor', tMs: 2900, row: 2, col: 10, lineStart: 0, lineEnd: 10 },
    ];
    const small = checkTextTooSmall(review(log([step('1', 'type', 1900, 3200), ...term(10)], { style: { ...noEdit, motion: { autoZoom: false } } }), 'tiktok'));
    expect(small).toHaveLength(1);
    expect(small[0]).toMatchObject({ check: 'text-too-small', step: '1', measured: expect.objectContaining({ cellHeightPx: 10 }) });
    expect(checkTextTooSmall(review(log([step('1', 'type', 1900, 3200), ...term(28)]), 'tiktok'))).toEqual([]);
  });
});

describe('zoom-past-resolution', () => {
  const zoom = (level: number): CaptureEvent[] => [
    step('1', 'zoom', 1000, 5000),
    { type: 'mark', kind: 'zoom', tMs: 1000, endMs: 5000, level, x: 960, y: 540 },
  ];
  it.each([
    [3, 'landscape' as const, 'warning'],
    [3, 'tiktok' as const, 'warning'],
    [2, 'landscape' as const, 'info'],
    [1.5, 'landscape' as const, null],
  ])('a %sx zoom in %s: %s', (level, format, severity) => {
    const found = checkZoomPastResolution(review(log(zoom(level), { style: { ...noEdit, motion: { autoZoom: false } } }), format));
    if (severity === null) return expect(found).toEqual([]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ check: 'zoom-past-resolution', severity, step: '1', source: 'demo.yaml:3:5' });
    if (severity === 'warning') expect(found[0]?.fix).toMatch(/^give this zoom step level: [\d.]+ or less/);
  });

  it('a zoom step that returns at once is still the one blamed, not the step after it', () => {
    const events: CaptureEvent[] = [
      step('1', 'open_terminal', 0, 900),
      step('2', 'zoom', 1000, 1001),
      step('3', 'say', 1001, 5000),
      { type: 'mark', kind: 'zoom', tMs: 1001, endMs: 5000, level: 3, x: 960, y: 540 },
    ];
    const found = checkZoomPastResolution(review(log(events, { style: { ...noEdit, motion: { autoZoom: false } } }), 'landscape'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ step: '2', severity: 'warning' });
  });

  it('the automatic camera zooming past the recording: the step that set it off, and the style to change', () => {
    const events: CaptureEvent[] = [step('1', 'click', 1000, 1500), { type: 'click', tMs: 1200, x: 960, y: 540, button: 'left' } as CaptureEvent];
    const found = checkZoomPastResolution(review(log(events, { style: { ...noEdit, motion: { zoomLevel: 3 } } }), 'landscape'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ step: '1', severity: 'warning' });
    expect(found[0]?.message).toMatch(/^the automatic zoom/);
    expect(found[0]?.fix).toMatch(/style\.motion\.zoomLevel to [\d.]+ or less/);
  });
});

describe('narration', () => {
  const narration = (lines: Array<[string, number]>): Narration =>
    ({ lines: lines.map(([id, durationMs]) => ({ id, text: id, audio: `${id}.mp3`, durationMs, words: [] })) }) as unknown as Narration;
  it.each([
    [
      'two lines one after the other',
      [
        ['a', 0],
        ['b', 3000],
      ] as Array<[string, number]>,
      [],
    ],
    [
      'the second starting 1 s before the first ends',
      [
        ['a', 0],
        ['b', 1500],
      ] as Array<[string, number]>,
      ['narration-overlap'],
    ],
    [
      'a line ending after the video',
      [
        ['a', 0],
        ['b', 6500],
      ] as Array<[string, number]>,
      ['narration-past-end'],
    ],
  ])('%s', (_name, says, checks) => {
    const events: CaptureEvent[] = says.flatMap(([id, t], i) => [step(String(i + 1), 'say', t, t + 10), { type: 'say', id, tMs: t + 1, endMs: t + 2500 }]);
    const found = checkNarration(review(log(events), 'landscape', narration(says.map(([id]) => [id, 2500]))));
    expect(found.map((f) => f.check)).toEqual(checks);
    if (checks[0] === 'narration-overlap') expect(found[0]).toMatchObject({ step: '2', source: 'demo.yaml:4:5', measured: { overlapMs: 1000 } });
    if (checks[0] === 'narration-past-end') expect(found[0]).toMatchObject({ severity: 'error', step: '2', measured: { lostMs: 1001 } });
  });
});

it('steps that take no time (say with wait: false, zoom) keep their findings: not given to the step starting with them', () => {
  const events: CaptureEvent[] = [
    step('4', 'say', 1000, 1001),
    step('5', 'say', 1001, 1002),
    step('6', 'run', 1002, 6000),
    { type: 'say', id: '4', tMs: 1000, endMs: 4000 } as CaptureEvent,
    { type: 'say', id: '5', tMs: 1001, endMs: 3000 } as CaptureEvent,
  ];
  const found = checkNarration(review(log(events), 'landscape'));
  expect(found).toEqual([expect.objectContaining({ check: 'narration-overlap', step: '5', source: 'demo.yaml:7:5' })]);
});

describe('step-failed', () => {
  it('a capture without the stopped step logged (made before it was) names the last step that finished', () => {
    const found = checkSteps(review(log([step('1', 'click', 0, 2000), step('2', 'click', 2000, 8000)], { complete: false }), 'landscape'));
    expect(found).toEqual([expect.objectContaining({ check: 'step-failed', severity: 'error', step: '2', source: 'demo.yaml:4:5' })]);
    expect(found[0]?.message).toMatch(/stopped after step 2/);
  });
  it.each([
    ['failed', /^step 3 \(run\) failed: the command exited with 1$/, /^fix step 3 at demo\.yaml:5:5 as the error says/],
    ['interrupted', /^the take was interrupted during step 3 \(run\)/, /^nothing to fix in the script/],
  ] as const)('the step the take stopped in (%s) is the one named, not the one before it', (outcome, message, fix) => {
    const stopped = { ...step('3', 'run', 8000, 9000), outcome, error: 'the command exited with 1' } as CaptureEvent;
    const found = checkSteps(review(log([step('1', 'click', 0, 2000), step('2', 'click', 2000, 8000), stopped], { complete: false }), 'landscape'));
    expect(found).toEqual([expect.objectContaining({ check: 'step-failed', severity: 'error', step: '3', source: 'demo.yaml:5:5' })]);
    expect(found[0]?.message).toMatch(message);
    expect(found[0]?.fix).toMatch(fix);
  });
  it("a cut mark over a step's click reports the step; over a wait it does not", () => {
    const events = (cutFrom: number, cutTo: number): CaptureEvent[] => [
      step('1', 'wait', 0, 2000),
      step('2', 'click', 2000, 4000),
      ...clickAt(1000, 500),
      { type: 'mark', kind: 'cut', tMs: cutFrom, endMs: cutTo },
    ];
    expect(checkSteps(review(log(events(2500, 3500)), 'landscape'))).toEqual([
      expect.objectContaining({ check: 'step-failed', severity: 'warning', step: '2' }),
    ]);
    expect(checkSteps(review(log(events(500, 1500)), 'landscape'))).toEqual([]);
    // A step wholly inside the script's own cut (`cut: [open_terminal]`) was meant to go: nothing to report.
    expect(checkSteps(review(log(events(2000, 4000)), 'landscape'))).toEqual([]);
  });
});

it('a clean capture (a click in the middle, a terminal with readable text) reports nothing above info in any format', () => {
  const l = log([step('1', 'click', 0, 4000), ...clickAt(900, 500), step('2', 'wait', 4000, 8000)]);
  for (const format of ['landscape', 'tiktok', 'square'] as const) expect(above(timelineChecks(review(l, format)))).toEqual([]);
});
