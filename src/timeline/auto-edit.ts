/**
 * Automatic tightening (pure): stretches where nothing happens — no input and no pixel change —
 * are sped up (or cut), and long bursts of typing are sped up, as set in `style.edit`. Never
 * while narration plays (a voice is not sped up, and the picture under it should not race), and
 * a little of each stretch stays at normal speed at both ends, so the viewer sees it settle.
 */
import { z } from 'zod';
import type { CaptureLog } from '../capture-log/schema';
import type { SpeedRange, TimeRange } from './time-map';
import { studioStep } from '../base/studio-step';

export const editStyleSchema = z.object({
  idle: z
    .object({
      enabled: z.boolean().describe('Tighten stretches where nothing happens.').default(true),
      /** Stretches with no input and no pixel change longer than this are tightened. */
      afterMs: z
        .number()
        .min(300)
        .check(studioStep(10))
        .describe('Stretches with no input and no pixel change longer than this (ms) are tightened.')
        .default(1500),
      /** Sped up this much… */
      factor: z.number().min(1.5).max(64).check(studioStep(0.25)).describe('How many times faster an idle stretch plays.').default(6),
      /** …or removed. */
      cut: z.boolean().describe('Cut idle stretches out instead of speeding them up.').default(false),
    })
    .describe('Stretches with no input and no pixel change.')
    .default({ enabled: true, afterMs: 1500, factor: 6, cut: false }),
  typing: z
    .object({
      enabled: z.boolean().describe('Speed up long bursts of typing.').default(true),
      /** Bursts of typing longer than this are sped up… */
      afterMs: z.number().min(500).check(studioStep(10)).describe('Bursts of typing longer than this (ms) are sped up.').default(5000),
      factor: z.number().min(1.5).max(16).check(studioStep(0.25)).describe('How many times faster long typing plays.').default(2),
    })
    .describe('Long bursts of typing.')
    .default({ enabled: true, afterMs: 5000, factor: 2 }),
  /** Kept at normal speed at both ends of a tightened stretch. */
  keepMs: z.number().min(0).check(studioStep(10)).describe('Kept at normal speed (ms) at both ends of a tightened stretch.').default(500),
  /** A dissolve this long across every cut (the script's and the automatic ones); 0 for hard cuts. */
  crossfadeMs: z.number().min(0).max(2000).check(studioStep(10)).describe('A dissolve this long (ms) across every cut; 0 for hard cuts.').default(300),
});
export type EditStyle = z.infer<typeof editStyleSchema>;
export type EditStyleInput = z.input<typeof editStyleSchema>;

/**
 * `ranges` less the `busy` spans (each closed: a busy point at t splits a range at t), in O((ranges
 * + busy) log busy): each range (in the order given) becomes its pieces of positive length, in time
 * order, that no busy span touches inside. Ranges of no length (or reversed) give none.
 */
export const subtract = (ranges: readonly TimeRange[], busy: readonly TimeRange[]): TimeRange[] => {
  // The busy spans merged: sorted, disjoint, each ending before the next starts.
  const merged: TimeRange[] = [];
  for (const b of [...busy].filter((x) => x.toMs >= x.fromMs).sort((x, y) => x.fromMs - y.fromMs)) {
    const last = merged[merged.length - 1];
    if (last && b.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, b.toMs);
    else merged.push({ fromMs: b.fromMs, toMs: b.toMs });
  }
  const out: TimeRange[] = [];
  for (const r of ranges) {
    if (r.toMs <= r.fromMs) continue;
    // The first merged span that ends after the range starts.
    let lo = 0;
    let hi = merged.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((merged[mid] as TimeRange).toMs > r.fromMs) hi = mid;
      else lo = mid + 1;
    }
    let cur = r.fromMs;
    for (let i = lo; i < merged.length && (merged[i] as TimeRange).fromMs < r.toMs; i++) {
      const m = merged[i] as TimeRange;
      if (m.fromMs > cur) out.push({ fromMs: cur, toMs: m.fromMs });
      cur = Math.max(cur, m.toMs);
    }
    if (cur < r.toMs) out.push({ fromMs: cur, toMs: r.toMs });
  }
  return out;
};

export const autoEditRanges = (log: CaptureLog, input: EditStyleInput = {}): { speedups: SpeedRange[]; cuts: TimeRange[] } => {
  const style = editStyleSchema.parse(input);
  const speech: TimeRange[] = log.events.filter((e) => e.type === 'say').map((e) => ({ fromMs: e.tMs, toMs: (e as { endMs: number }).endMs }));
  const speedups: SpeedRange[] = [];
  const cuts: TimeRange[] = [];
  const shrink = (r: TimeRange): TimeRange => ({ fromMs: r.fromMs + style.keepMs, toMs: r.toMs - style.keepMs });
  if (style.idle.enabled && log.stills) {
    // Input: every event a person made (pointer, clicks, keys, typing as a span).
    const busy: TimeRange[] = [...speech];
    for (const e of log.events) {
      if (e.type === 'cursor' || e.type === 'click' || e.type === 'key' || e.type === 'scroll') busy.push({ fromMs: e.tMs, toMs: e.tMs });
      else if (e.type === 'type') busy.push({ fromMs: e.tMs, toMs: e.endMs });
    }
    const idle = subtract(
      log.stills.map((s) => ({ ...s })),
      busy,
    )
      .filter((r) => r.toMs - r.fromMs >= style.idle.afterMs)
      .map(shrink)
      .filter((r) => r.toMs > r.fromMs);
    if (style.idle.cut) cuts.push(...idle);
    else speedups.push(...idle.map((r) => ({ ...r, factor: style.idle.factor })));
  }
  if (style.typing.enabled) {
    for (const e of log.events) {
      if (e.type !== 'type' || e.endMs - e.tMs < style.typing.afterMs) continue;
      for (const r of subtract([shrink({ fromMs: e.tMs, toMs: e.endMs })], speech)) {
        if (r.toMs - r.fromMs >= 500) speedups.push({ ...r, factor: style.typing.factor });
      }
    }
  }
  return { speedups, cuts };
};
