/**
 * A capture log put on the video's clock (pure): every event's times go through the time map.
 * Moments that were cut lose their events (a cursor sample, a click, a key); spans that were
 * partly cut keep what remains; narration keeps its length (a voice is never sped up), only its
 * start moves. The speed-up and cut marks are consumed; other marks are mapped like any span.
 * The result is an ordinary capture log, so the timeline, captions and narration need no change.
 */
import type { CaptureEvent, CaptureLog } from '../capture-log/schema';
import { holdMarks, holdSpans, QUIET_ACTIONS, isCut, isIdentity, recToOut, type TimeMap } from './time-map';

const round = (v: number) => Math.round(v * 10) / 10;

export const retimeCaptureLog = (log: CaptureLog, map: TimeMap): CaptureLog => {
  if (isIdentity(map)) return log;
  const events: CaptureEvent[] = [];
  // A card mark spans its hold (the k-th mark that holds, the hold given k-th); a chapter before
  // anything is done on screen starts the video.
  const cards = new Map(holdMarks(log).map((m, k) => [m, holdSpans(map).find((h) => h.hold === k)]));
  const firstAct = Math.min(...log.events.filter((e) => e.type === 'step' && !QUIET_ACTIONS.has(e.action)).map((e) => e.tMs));
  for (const e of log.events) {
    if (e.type === 'mark' && (e.kind === 'speedup' || e.kind === 'cut')) continue;
    if (e.type === 'mark' && cards.has(e)) {
      const h = cards.get(e);
      if (h) events.push({ ...e, tMs: round(h.outFromMs), endMs: round(h.outToMs) });
      continue;
    }
    if (e.type === 'mark' && e.kind === 'chapter' && Number.isFinite(firstAct) && e.tMs <= firstAct) {
      events.push({ ...e, tMs: 0 });
      continue;
    }
    const t = round(recToOut(map, e.tMs));
    if ('endMs' in e && e.endMs !== undefined) {
      // A span: kept when any of it remains.
      const end = e.type === 'say' ? t + (e.endMs - e.tMs) : round(recToOut(map, e.endMs));
      if (e.type !== 'say' && end <= t && isCut(map, e.tMs)) continue;
      events.push({ ...e, tMs: t, endMs: Math.max(t, end) } as CaptureEvent);
    } else if (e.type === 'terminal') {
      // Where the terminal's grid is stays true after a cut.
      events.push({ ...e, tMs: t });
    } else if (!isCut(map, e.tMs)) {
      events.push({ ...e, tMs: t } as CaptureEvent);
    }
  }
  return { ...log, durationMs: Math.max(1, round(map.outDurationMs)), events: events.sort((a, b) => a.tMs - b.tMs) };
};
