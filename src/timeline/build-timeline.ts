/**
 * buildTimeline: capture log + style → everything the picture needs, per frame. Computed once
 * (in calculateMetadata or before a render), O(events + frames); each frame is then looked up
 * in O(1) by timelineAt. Pure: no React, no I/O.
 */
import { z } from 'zod';
import type { CaptureLog } from '../capture-log/schema';
import { clampToScreen } from '../capture-log/pointer-bounds';
import { buildCameraTrack, cameraAt, type ActivityPoint, type CameraTrack } from './camera';
import { buildClickEffects, ripplesAt, type ClickEffects, type ClickMark, type Ripple } from './click-effects';
import { buildCursorTrack, cursorAt, type CursorFrame, type CursorTrack, type TimedPoint } from './cursor';
import { CAMERA_SPRING, CURSOR_SPRINGS, ZOOM } from './presets';
import { frameTerminal, terminalCursorBetween, terminalCursors, type GridCursor } from './terminal-focus';
import { computeZoomWindows, withMarkedZooms, type ZoomTrigger, type ZoomWindow } from './zoom-windows';
import { clickTargets } from './click-targets';
import { zoomLevelForBox } from './zoom-level-for-box';
import { baseViewSize, type Camera, type Rect, type Size } from './view';
import { frameAt, msAt } from '../base/time';
import { studioStep } from '../base/studio-step';

/** What a user sets about motion. The composition schemas embed it, so Studio shows it. */
export const timelineStyleSchema = z.object({
  autoZoom: z.boolean().describe('Zoom towards clicks and typing.').default(true),
  zoomLevel: z.number().min(1).max(6).check(studioStep(0.05)).describe('How far automatic zooms go in (1: not at all, 2: twice as big).').default(ZOOM.level),
  zoomOnTyping: z.boolean().describe('Zoom towards the text being typed, not only clicks.').default(true),
  edgeSnap: z
    .number()
    .min(0)
    .max(0.9)
    .check(studioStep(0.01))
    .describe("A zoom near the screen's edge keeps the edge in view (0: centre on the spot; higher: snap sooner).")
    .default(ZOOM.edgeSnap),
  cursorFeel: z.enum(['smooth', 'snappy', 'floaty']).describe("How the drawn cursor moves between the recording's positions.").default('smooth'),
  hideIdleCursor: z.boolean().describe('Fade the cursor out while it rests.').default(true),
});
export type TimelineStyle = z.infer<typeof timelineStyleSchema>;
export type BlurRegion = Rect & { startMs: number; endMs: number };
export type TimelineStyleInput = z.input<typeof timelineStyleSchema>;

export type Timeline = {
  version: 1;
  fps: number;
  durationInFrames: number;
  screen: CaptureLog['screen'];
  /**
   * The recording's frame size (px) when it is not the screen's: an odd-sized screen padded to
   * even sides on the right and bottom. The screen's pixels keep their coordinates.
   */
  recordingSize?: CaptureLog['screen'];
  viewAspect: number;
  zoomWindows: ZoomWindow[];
  camera: CameraTrack;
  /**
   * Per frame, the part of the screen the action occupies (screen px): the camera's focus, or in
   * a terminal the lines around the cursor, as wide as the text. What overlays keep clear of.
   */
  keepClear: { x0: number[]; x1: number[]; y0: number[]; y1: number[] };
  /** Privacy: regions of the screen blurred over a time range (blur marks). */
  blurs: BlurRegion[];
  cursor: CursorTrack;
  clickEffects: ClickEffects;
};

export type BuildTimelineOptions = {
  capture: CaptureLog;
  fps: number;
  /** Aspect (width / height) of the area the screen is shown in. */
  viewAspect: number;
  /**
   * That area's size in output px (layout.stage): bounds how far a target's box is zoomed
   * (zoomLevelForBox). Absent: as many output px as the zoom-1 view has screen px.
   */
  stage?: Size;
  style?: TimelineStyleInput;
};

/** How long after a burst of typing its echo may still arrive in the terminal. */
const ECHO_MS = 500;

/** How a click on a target's box is framed: the level for a box (screen px). */
export type BoxFraming = { levelFor: (box: Rect) => number };

/**
 * The triggers of automatic zoom: clicks (a click on a logged target carries its box and the
 * level that frames it, when `framing` is given); typing bursts, at the terminal's cursor when the
 * typing shows up there, else at the last known pointer position; terminal commands, from
 * Enter until the prompt returns; and output arriving in a terminal outside typing.
 */
export const zoomTriggers = (
  capture: CaptureLog,
  withTyping: boolean,
  cursors: readonly GridCursor[] = terminalCursors(capture.events),
  framing?: BoxFraming,
): ZoomTrigger[] => {
  const triggers: ZoomTrigger[] = [];
  const boxes = framing ? clickTargets(capture.events) : new Map();
  let last = { x: capture.screen.width / 2, y: capture.screen.height / 2 };
  const typing: Array<[number, number]> = [];
  for (const e of capture.events) {
    if (e.type === 'cursor' || e.type === 'scroll') last = clampToScreen(e, capture.screen);
    else if (e.type === 'click') {
      last = clampToScreen(e, capture.screen);
      const box = boxes.get(e);
      triggers.push(box && framing ? { tMs: e.tMs, ...last, box, level: framing.levelFor(box) } : { tMs: e.tMs, ...last });
    } else if (e.type === 'type') {
      typing.push([e.tMs, e.endMs + ECHO_MS]);
      if (!withTyping) continue;
      const echo = terminalCursorBetween(cursors, e.tMs, Math.min(e.endMs, e.tMs + ECHO_MS));
      triggers.push(echo ? { tMs: e.tMs, endMs: e.endMs, ...echo, terminal: true } : { tMs: e.tMs, endMs: e.endMs, ...last });
    } else if (e.type === 'command' && withTyping) {
      const at = terminalCursorBetween(cursors, e.tMs - ECHO_MS, e.tMs, 'last');
      if (at) triggers.push({ tMs: e.tMs, endMs: e.endMs, ...at, terminal: true });
    }
  }
  if (withTyping) {
    for (const { cursor, grid } of cursors) {
      if (typing.some(([from, to]) => cursor.tMs >= from && cursor.tMs <= to)) continue;
      triggers.push({ tMs: cursor.tMs, x: grid.x + (cursor.col + 0.5) * grid.cellWidth, y: grid.y + (cursor.row + 0.5) * grid.cellHeight, terminal: true });
    }
  }
  return triggers.sort((a, b) => a.tMs - b.tMs);
};

export const buildTimeline = (opts: BuildTimelineOptions): Timeline => {
  const { capture, fps, viewAspect } = opts;
  const style = timelineStyleSchema.parse(opts.style ?? {});
  const durationMs = capture.durationMs;
  const durationInFrames = Math.max(1, frameAt(durationMs, fps));
  const events = [...capture.events].sort((a, b) => a.tMs - b.tMs);
  const samples: TimedPoint[] = [];
  const clicks: ClickMark[] = [];
  // The pointer cannot leave the screen: a position logged outside it is drawn at the edge
  // (render warns about it, see pointerOffScreenWarning), never outside the picture.
  for (const e of events) {
    if (e.type === 'cursor' || e.type === 'scroll') samples.push({ tMs: e.tMs, ...clampToScreen(e, capture.screen) });
    else if (e.type === 'click') clicks.push({ tMs: e.tMs, ...clampToScreen(e, capture.screen), button: e.button });
  }
  const cursors = terminalCursors(events);
  // Output px of the area the screen is shown in: the zoom on a target's box stops at 2 per screen px.
  const stage = opts.stage ?? baseViewSize(capture.screen, viewAspect);
  const framing: BoxFraming = { levelFor: (box) => zoomLevelForBox(box, capture.screen, stage) };
  const windows = style.autoZoom
    ? computeZoomWindows(zoomTriggers({ ...capture, events }, style.zoomOnTyping, cursors, framing), { durationMs, level: style.zoomLevel })
    : [];
  // Terminal activity: windows fitted to the text's width, points along the lines.
  const framed = frameTerminal({ cursors, windows, screen: capture.screen, viewAspect });
  // Zooms the script marked win over the automatic ones (also with autoZoom off). A mark with a
  // target's size (width, height: the box centred on its point) and no level frames that box.
  const marked = events.flatMap((e) => {
    if (e.type !== 'mark' || e.kind !== 'zoom' || e.endMs === undefined || e.x === undefined || e.y === undefined) return [];
    const box = e.width !== undefined && e.height !== undefined ? { x: e.x - e.width / 2, y: e.y - e.height / 2, width: e.width, height: e.height } : undefined;
    const level = e.level ?? (box ? framing.levelFor(box) : style.zoomLevel);
    return [{ startMs: e.tMs, endMs: e.endMs, level, at: { x: e.x, y: e.y }, ...(box ? { box } : {}) }];
  });
  const zoomWindows = marked.length ? withMarkedZooms(framed.windows, marked) : framed.windows;
  const activity: ActivityPoint[] = [...samples, ...clicks, ...framed.points].sort((a, b) => a.tMs - b.tMs);
  const camera = buildCameraTrack({
    screen: capture.screen,
    viewAspect,
    durationMs,
    fps,
    windows: zoomWindows,
    activity,
    spring: CAMERA_SPRING,
    edgeSnap: style.edgeSnap,
  });
  const spring = buildCursorTrack({
    samples,
    clicks,
    durationMs,
    fps,
    screenWidth: capture.screen.width,
    spring: CURSOR_SPRINGS[style.cursorFeel],
    hideWhenIdle: style.hideIdleCursor,
  });
  // The spring may overshoot a point at the edge by a hair: the drawn cursor stays on the screen.
  const { width: W, height: H } = capture.screen;
  const track = { ...spring, x: spring.x.map((v) => Math.min(Math.max(v, 0), W - 1)), y: spring.y.map((v) => Math.min(Math.max(v, 0), H - 1)) };
  // The recording already shows the system pointer: no second cursor on top of it. And where the
  // script says hide_cursor, none.
  const hidden = events.flatMap((e) => (e.type === 'mark' && e.kind === 'hide_cursor' && e.endMs !== undefined ? [[e.tMs, e.endMs] as const] : []));
  const cursor =
    capture.pointer === 'recorded'
      ? { ...track, opacity: track.opacity.map(() => 0) }
      : hidden.length
        ? { ...track, opacity: track.opacity.map((o, f) => (hidden.some(([a, b]) => msAt(f, fps) >= a && msAt(f, fps) <= b) ? 0 : o)) }
        : track;
  const keepClear: Timeline['keepClear'] = { x0: [], x1: [], y0: [], y1: [] };
  let wi = 0;
  for (let f = 0; f < camera.focusX.length; f++) {
    const t = msAt(f, fps);
    while (wi < zoomWindows.length && (zoomWindows[wi] as ZoomWindow).endMs < t) wi++;
    const w = zoomWindows[wi];
    const fx = camera.focusX[f] as number;
    const fy = camera.focusY[f] as number;
    const span = w && w.startMs <= t ? w.textSpan : undefined;
    keepClear.x0.push(span ? span.from : fx);
    keepClear.x1.push(span ? span.to : fx);
    keepClear.y0.push(span ? fy - 1.5 * span.cellHeight : fy);
    keepClear.y1.push(span ? fy + 1.5 * span.cellHeight : fy);
  }
  return {
    version: 1,
    fps,
    durationInFrames,
    screen: capture.screen,
    ...(capture.recordingSize ? { recordingSize: capture.recordingSize } : {}),
    viewAspect,
    zoomWindows,
    camera,
    keepClear,
    blurs: events.flatMap((e) =>
      e.type === 'mark' &&
      e.kind === 'blur' &&
      e.endMs !== undefined &&
      e.x !== undefined &&
      e.y !== undefined &&
      e.width !== undefined &&
      e.height !== undefined
        ? [{ startMs: e.tMs, endMs: e.endMs, x: e.x, y: e.y, width: e.width, height: e.height }]
        : [],
    ),
    cursor,
    clickEffects: buildClickEffects(clicks, durationInFrames, fps),
  };
};

export type TimelineFrame = { camera: Camera; cursor: CursorFrame; ripples: Ripple[]; blurs: Rect[] };

/** Everything one frame needs (blurs: the few marked regions, checked by time). */
export const timelineAt = (timeline: Timeline, frame: number): TimelineFrame => {
  const t = msAt(frame, timeline.fps);
  return {
    camera: cameraAt(timeline.camera, frame),
    cursor: cursorAt(timeline.cursor, frame),
    ripples: ripplesAt(timeline.clickEffects, frame, timeline.fps),
    blurs: (timeline.blurs ?? []).filter((b) => t >= b.startMs && t <= b.endMs),
  };
};
