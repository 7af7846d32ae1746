/** Builders for synthetic capture logs (pure data). */
import type { CaptureEvent, CaptureLog, CursorEvent } from '../../src/capture-log';

export const makeCapture = (events: CaptureEvent[], opts: Partial<CaptureLog> = {}): CaptureLog => ({
  version: 1,
  recording: 'recording.mp4',
  screen: { width: 1920, height: 1080 },
  fps: 30,
  durationMs: 10_000,
  ...opts,
  events: [...events].sort((a, b) => a.tMs - b.tMs),
});

/** Cursor samples at 60 Hz moving linearly from a to b over [t0, t1]. */
export const cursorPath = (a: { x: number; y: number }, b: { x: number; y: number }, t0: number, t1: number, hz = 60): CursorEvent[] => {
  const out: CursorEvent[] = [];
  const n = Math.max(1, Math.round(((t1 - t0) / 1000) * hz));
  for (let i = 0; i <= n; i++) {
    const u = i / n;
    out.push({ type: 'cursor', tMs: t0 + (t1 - t0) * u, x: a.x + (b.x - a.x) * u, y: a.y + (b.y - a.y) * u });
  }
  return out;
};
