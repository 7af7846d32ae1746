/** Durations are strings with a unit: "500ms", "2s", "1.5s", "1m". Pure. */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

export const parseDuration = (value: unknown): DurationResult => {
  if (typeof value === 'number') {
    const s = Number.isFinite(value) ? value : 0;
    return {
      ok: false,
      message: `must be a duration with a unit, like "2s" or "500ms", but got the bare number ${value} (did you mean "${s >= 100 ? `${s}ms` : `${s}s`}"?)`,
    };
  }
  if (typeof value !== 'string') {
    return { ok: false, message: `must be a duration like "2s" or "500ms", but got ${value === null ? 'nothing' : typeof value}` };
  }
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m)\s*$/.exec(value);
  if (!m) {
    return { ok: false, message: `must be a duration like "2s", "1.5s", "500ms" or "1m", but got "${value}"` };
  }
  return { ok: true, ms: Math.round(Number(m[1]) * (UNITS[m[2] as string] as number)) };
};

export const formatDuration = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);
