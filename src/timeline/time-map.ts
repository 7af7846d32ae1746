/**
 * The time map (pure): which moment of the recording each moment of the video shows, built from
 * speed-ups and cuts. Everything that has a time — the video, the camera, the cursor, clicks,
 * captions, narration — is put on the video's clock through this one map, so nothing drifts.
 *
 * Rules:
 * - A cut removes its range. A speed-up inside a cut goes with it.
 * - Where speed-ups overlap, the faster one wins.
 * - Ranges are clamped to the recording; empty ones are ignored; touching ranges with the same
 *   factor become one segment.
 * - A hold (a title card, an end card) adds time: the recording stops at `atMs` for `durationMs`
 *   of video (a segment with factor 0 and recFromMs === recToMs), so everything after it shows
 *   later. A hold is never cut: one inside a cut stands where the cut is in the video. Holds at
 *   one moment follow each other in the order given.
 */
import type { CaptureLog } from '../capture-log/schema';
import { autoEditRanges, type EditStyleInput } from './auto-edit';
import { firstFrameFrom, frameMs } from '../base/time';

export type TimeRange = { fromMs: number; toMs: number };
export type SpeedRange = TimeRange & { factor: number };
/** The recording held still at `atMs` (recording time) for `durationMs` of video. */
export type Hold = { atMs: number; durationMs: number };

/**
 * A piece of the recording shown at one speed: [recFromMs, recToMs) plays as [outFromMs, outToMs).
 * A hold has factor 0 and recFromMs === recToMs: the recording stands still for its out range.
 */
export type Segment = {
  recFromMs: number;
  recToMs: number;
  outFromMs: number;
  outToMs: number;
  factor: number;
  /** A hold's index in the holds buildTimeMap was given. */
  hold?: number;
};
export type TimeMap = { recDurationMs: number; outDurationMs: number; segments: Segment[] };

const clampRange = (r: TimeRange, durationMs: number): TimeRange => ({
  fromMs: Math.max(0, Math.min(durationMs, r.fromMs)),
  toMs: Math.max(0, Math.min(durationMs, r.toMs)),
});

/** Whether a segment is a hold (the recording stands still while the video runs). */
export const isHold = (s: Segment): boolean => s.factor === 0;

/**
 * The time map of a recording `durationMs` long with these speed-ups, cuts and holds (all in
 * recording ms; hold durations in video ms). See the rules above.
 */
export const buildTimeMap = (opts: { durationMs: number; speedups?: readonly SpeedRange[]; cuts?: readonly TimeRange[]; holds?: readonly Hold[] }): TimeMap => {
  const { durationMs } = opts;
  const holds = (opts.holds ?? [])
    .map((h) => ({ atMs: Math.max(0, Math.min(durationMs, h.atMs)), durationMs: h.durationMs }))
    .filter((h) => h.durationMs > 0 && Number.isFinite(h.durationMs))
    .map((h, i) => ({ ...h, i }))
    .sort((a, b) => a.atMs - b.atMs || a.i - b.i);
  let nextHold = 0;
  const speedups = (opts.speedups ?? []).map((s) => ({ ...clampRange(s, durationMs), factor: s.factor })).filter((s) => s.toMs > s.fromMs && s.factor > 0);
  const cuts = (opts.cuts ?? []).map((c) => clampRange(c, durationMs)).filter((c) => c.toMs > c.fromMs);
  const points = [
    ...new Set([0, durationMs, ...speedups.flatMap((s) => [s.fromMs, s.toMs]), ...cuts.flatMap((c) => [c.fromMs, c.toMs]), ...holds.map((h) => h.atMs)]),
  ].sort((a, b) => a - b);
  const segments: Segment[] = [];
  let out = 0;
  // The holds at or before `at` not placed yet, held at recording time `rec` (a hold inside a
  // cut lands where the cut is: at the start of the next piece kept, or the end of the last).
  const placeHolds = (at: number, rec: number) => {
    for (; nextHold < holds.length && (holds[nextHold] as Hold).atMs <= at; nextHold++) {
      const h = holds[nextHold] as Hold & { i: number };
      segments.push({ recFromMs: rec, recToMs: rec, outFromMs: out, outToMs: out + h.durationMs, factor: 0, hold: h.i });
      out += h.durationMs;
    }
  };
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    const mid = (from + to) / 2;
    if (cuts.some((c) => mid > c.fromMs && mid < c.toMs)) continue;
    placeHolds(from, from);
    const factor = Math.max(1, ...speedups.filter((s) => mid > s.fromMs && mid < s.toMs).map((s) => s.factor));
    const len = (to - from) / factor;
    const last = segments[segments.length - 1];
    if (last && last.factor === factor && last.recToMs === from) {
      last.recToMs = to;
      last.outToMs = out + len;
    } else {
      segments.push({ recFromMs: from, recToMs: to, outFromMs: out, outToMs: out + len, factor });
    }
    out += len;
  }
  placeHolds(durationMs, segments.at(-1)?.recToMs ?? 0);
  return { recDurationMs: durationMs, outDurationMs: out, segments };
};

/** The identity map of a recording (no speed-ups, no cuts). */
export const identityTimeMap = (durationMs: number): TimeMap => buildTimeMap({ durationMs });

export const isIdentity = (map: TimeMap): boolean => map.segments.length === 1 && map.segments[0]?.factor === 1 && map.outDurationMs === map.recDurationMs;

const findSegment = <K extends 'recFromMs' | 'outFromMs'>(map: TimeMap, key: K, t: number): Segment | undefined => {
  let lo = 0;
  let hi = map.segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((map.segments[mid] as Segment)[key] <= t) lo = mid;
    else hi = mid - 1;
  }
  return map.segments[lo];
};

/** The recording's time shown at video time `outMs`. */
export const outToRec = (map: TimeMap, outMs: number): number => {
  const s = findSegment(map, 'outFromMs', Math.max(0, outMs));
  if (!s) return outMs;
  return Math.min(s.recToMs, s.recFromMs + (Math.max(0, outMs) - s.outFromMs) * s.factor);
};

/**
 * The video time at which recording time `recMs` shows. A moment inside a cut maps to where the
 * cut is in the video (the end of what came before it).
 */
export const recToOut = (map: TimeMap, recMs: number): number => {
  const s = findSegment(map, 'recFromMs', recMs);
  if (!s) return 0;
  if (recMs >= s.recToMs) return s.outToMs;
  return s.outFromMs + (Math.max(s.recFromMs, recMs) - s.recFromMs) / s.factor;
};

/** Whether recording time `recMs` was cut. */
export const isCut = (map: TimeMap, recMs: number): boolean => {
  if (recMs < 0 || recMs > map.recDurationMs) return false;
  const s = findSegment(map, 'recFromMs', recMs);
  if (!s) return true;
  if (recMs < s.recFromMs) return true;
  return recMs > s.recToMs || (recMs === s.recToMs && s.recToMs < map.recDurationMs && !map.segments.some((x) => x.recFromMs === recMs && !isHold(x)));
};

/**
 * The time map of a capture: the speed-ups and cuts the script marked, plus the automatic ones
 * (`edit`, see auto-edit.ts; pass null for none). A cut the script marked wins over anything.
 */
export const timeMapFromLog = (log: CaptureLog, edit: EditStyleInput | null = {}): TimeMap => {
  const marks = log.events.filter((e): e is Extract<CaptureLog['events'][number], { type: 'mark' }> => e.type === 'mark' && e.endMs !== undefined);
  const auto = edit === null ? { speedups: [], cuts: [] } : autoEditRanges(log, edit);
  const speedups = [
    ...marks.filter((m) => m.kind === 'speedup' && (m.factor ?? 1) > 1).map((m) => ({ fromMs: m.tMs, toMs: m.endMs as number, factor: m.factor as number })),
    ...auto.speedups,
  ];
  const cuts = [...marks.filter((m) => m.kind === 'cut').map((m) => ({ fromMs: m.tMs, toMs: m.endMs as number })), ...auto.cuts];
  const voice = log.events
    .filter((e): e is Extract<CaptureLog['events'][number], { type: 'say' }> => e.type === 'say')
    .map((e) => ({ fromMs: e.tMs, toMs: e.endMs }));
  return keepVoiceToItsEnd(log.durationMs, speedups, cuts, voice, holdsOfLog(log));
};

/** The marks that hold the recording (cards), in the log's order. */
export const holdMarks = (log: CaptureLog): Array<Extract<CaptureLog['events'][number], { type: 'mark' }>> =>
  log.events.filter((e): e is Extract<CaptureLog['events'][number], { type: 'mark' }> => e.type === 'mark' && (e.holdMs ?? 0) > 0);

/**
 * The holds of a capture's card marks, in the log's order. A title card before anything is done
 * on screen holds at 0, an end card after the last thing done at the recording's end, so the
 * video does not show a moment of the recording before or after them.
 */
export const holdsOfLog = (log: CaptureLog): Hold[] => {
  const acts = log.events.filter((e) => e.type === 'step' && !QUIET_ACTIONS.has(e.action)).map((e) => e.tMs);
  const first = acts.length ? Math.min(...acts) : Infinity;
  const last = acts.length ? Math.max(...acts) : -Infinity;
  return holdMarks(log).map((m) => {
    const atMs = m.card?.kind === 'title' && m.tMs <= first ? 0 : m.card?.kind === 'end' && m.tMs >= last ? log.durationMs : m.tMs;
    return { atMs, durationMs: m.holdMs as number };
  });
};
/** The actions that put nothing on screen while capturing: cards and chapters (and narration). */
export const QUIET_ACTIONS: ReadonlySet<string> = new Set(['title_card', 'end_card', 'chapter', 'say']);

/**
 * The holds of a map on the video's clock, in order: where each starts and ends (ms) and the
 * recording time it holds.
 */
export const holdSpans = (map: TimeMap): Array<{ hold: number; outFromMs: number; outToMs: number; recMs: number }> =>
  map.segments.filter(isHold).map((s) => ({ hold: s.hold ?? 0, outFromMs: s.outFromMs, outToMs: s.outToMs, recMs: s.recFromMs }));

/**
 * The recording time a hold shows under its card: the last frame before it (what the composite
 * path's fps filter repeats across the gap), or the first frame when nothing comes before it.
 */
export const heldFrameRecMs = (map: TimeMap, segment: Segment, fps: number): number => {
  const i = map.segments.indexOf(segment);
  const before = map.segments
    .slice(0, Math.max(0, i))
    .reverse()
    .find((s) => !isHold(s));
  return before ? Math.max(before.recFromMs, before.recToMs - frameMs(fps) * before.factor) : segment.recFromMs;
};

/**
 * The time map of `speedups` and `cuts`, except that no narration line is cut short by the end
 * of the video. Narration plays at normal speed from where its `say` lands on the video's
 * clock, so a cut or a speed-up after (or around) the last line could end the video before the
 * line does (a last `say` with `wait: false` followed by a `cut` would be cut after a fraction
 * of a second). Then the edits stop at a recording time T, everything after it playing as
 * recorded: T is the latest (to 1 ms) at which every line still ends within the video. A
 * recording too short for its lines even without edits keeps every edit (the lines are
 * clamped at the end, narration-track.ts says so).
 * @param voice each line's recording time (ms): its say event and the end of its clip
 * @param holds cards: they add time and are never cut (buildTimeMap)
 */
export const keepVoiceToItsEnd = (
  durationMs: number,
  speedups: readonly SpeedRange[],
  cuts: readonly TimeRange[],
  voice: readonly TimeRange[],
  holds: readonly Hold[] = [],
): TimeMap => {
  const until = (t: number) =>
    buildTimeMap({
      durationMs,
      holds,
      speedups: speedups.map((s) => ({ ...s, toMs: Math.min(s.toMs, t) })),
      cuts: cuts.map((c) => ({ ...c, toMs: Math.min(c.toMs, t) })),
    });
  const fits = (map: TimeMap) => voice.every((v) => recToOut(map, v.fromMs) + (v.toMs - v.fromMs) <= map.outDurationMs + 0.5);
  const full = until(durationMs);
  if (voice.length === 0 || fits(full) || !fits(until(0))) return full;
  let lo = 0; // holds
  let hi = durationMs; // does not hold
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(until(mid))) lo = mid;
    else hi = mid;
  }
  return until(lo);
};

/**
 * A dissolve across a cut, on the video's clock. Nothing that was cut is ever shown: each side
 * holds its frame at the cut (the last frame before it, the first after it) while the other
 * side plays, so the video keeps the length the time map gives it.
 * - [fromMs, cutMs): the outgoing side plays; the incoming side's first frame (`afterRecMs`) is
 *   laid over it, fading in.
 * - [cutMs, toMs): the incoming side plays; the outgoing side's last frame (`beforeRecMs`) is
 *   laid over it, fading out.
 */
export type CutBlend = { fromMs: number; cutMs: number; toMs: number; beforeRecMs: number; afterRecMs: number };

/**
 * The dissolves of a map's cuts, `fadeMs` long (0: hard cuts). A dissolve is shortened where a
 * piece next to it is short (to half of that piece, so dissolves never overlap) and dropped when
 * that leaves less than a frame on either side. Cuts at the very start or end need none.
 */
export const cutBlends = (map: TimeMap, fadeMs: number, fps: number): CutBlend[] => {
  const oneFrameMs = frameMs(fps);
  const blends: CutBlend[] = [];
  if (fadeMs <= 0) return blends;
  for (let i = 0; i + 1 < map.segments.length; i++) {
    const a = map.segments[i] as Segment;
    const b = map.segments[i + 1] as Segment;
    if (b.recFromMs <= a.recToMs) continue; // a change of speed, not a cut
    if (isHold(a) || isHold(b)) continue; // a card covers the cut
    const half = Math.min(fadeMs / 2, (a.outToMs - a.outFromMs) / 2, (b.outToMs - b.outFromMs) / 2);
    if (half < oneFrameMs) continue;
    const cutMs = a.outToMs;
    blends.push({
      fromMs: cutMs - half,
      cutMs,
      toMs: cutMs + half,
      beforeRecMs: Math.max(a.recFromMs, a.recToMs - oneFrameMs * a.factor),
      afterRecMs: b.recFromMs,
    });
  }
  return blends;
};

/**
 * The two layers of a dissolve, on the video's frames: which held frame of the recording each
 * lays over the video, on frames [start, end) (a frame belongs where its time falls).
 */
export const blendLayers = (b: CutBlend, fps: number): Array<{ side: 'after' | 'before'; start: number; end: number; recMs: number }> => {
  const first = (ms: number) => firstFrameFrom(ms, fps);
  return [
    { side: 'after', start: first(b.fromMs), end: first(b.cutMs), recMs: b.afterRecMs },
    { side: 'before', start: first(b.cutMs), end: first(b.toMs), recMs: b.beforeRecMs },
  ];
};

/**
 * What a dissolve lays over the playing video at video time `outMs`: the held frame (recording
 * time) and its opacity; null outside dissolves. The incoming side's share rises linearly from 0
 * at `fromMs` to 1 at `toMs`.
 */
export const blendAt = (blends: readonly CutBlend[], outMs: number): { recMs: number; opacity: number; blend: number; side: 'after' | 'before' } | null => {
  const i = blends.findIndex((b) => outMs >= b.fromMs && outMs < b.toMs);
  if (i < 0) return null;
  const b = blends[i] as CutBlend;
  const incoming = (outMs - b.fromMs) / (b.toMs - b.fromMs);
  return outMs < b.cutMs
    ? { recMs: b.afterRecMs, opacity: incoming, blend: i, side: 'after' }
    : { recMs: b.beforeRecMs, opacity: 1 - incoming, blend: i, side: 'before' };
};
