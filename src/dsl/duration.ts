/** Durations are strings with a unit: "500ms", "2s", "1.5s", "1m". Pure. */

/**
 * A duration as a script writes it, for TypeScript authoring: a number and a unit, "500ms",
 * "2s", "1.5s", "1m". The type mirrors parseDuration's format (a bare number is refused); it is
 * wider in one way: `${number}` also takes "-1s" or "1e3s", which parseDuration refuses with a
 * message when the script is compiled.
 */
export type Duration = `${number}ms` | `${number}s` | `${number}m`;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/**
 * The longest duration a script may give, in ms: 24 hours (1440m). Every duration (waits, holds,
 * timeouts, --countdown) ends in a timer, and Node's timers fire after 1 ms when asked for more
 * than 2^31-1 ms (24.8 days); 24 hours stays well inside that and is more than any video needs.
 */
export const MAX_DURATION_MS = 24 * 60 * 60 * 1000;

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

/** Parses a duration string into whole ms (0 … MAX_DURATION_MS); a bare number, other text, or a longer duration is refused with a message. */
export const parseDuration = (value: unknown): DurationResult => {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    const yaml = Number.isNaN(value) ? '.nan (not a number)' : `${value > 0 ? '' : '-'}.inf (infinity)`;
    return { ok: false, message: `must be a duration with a unit, like "2s" or "500ms", but got ${yaml}` };
  }
  if (typeof value === 'number') {
    const s = Number.isFinite(value) && Math.abs(value) * 1000 <= MAX_DURATION_MS ? value : null;
    return {
      ok: false,
      message: `must be a duration with a unit, like "2s" or "500ms", but got the bare number ${value}${s === null ? '' : ` (did you mean "${s >= 100 ? `${s}ms` : `${s}s`}"?)`}`,
    };
  }
  if (typeof value !== 'string') {
    const found =
      value === undefined
        ? 'none (it is missing)'
        : value === null
          ? 'nothing'
          : Array.isArray(value)
            ? 'a list'
            : typeof value === 'object'
              ? 'a map'
              : `a ${typeof value}`;
    return { ok: false, message: `must be a duration with a unit, like "2s" or "500ms", but got ${found}` };
  }
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m)\s*$/.exec(value);
  if (!m) {
    return { ok: false, message: `must be a duration like "2s", "1.5s", "500ms" or "1m", but got "${clip(value)}"` };
  }
  const ms = Math.round(Number(m[1]) * (UNITS[m[2] as string] as number));
  // A number too long to be a double (a 310-digit count of seconds) reads as Infinity: refused like any other too-long one.
  if (!(ms <= MAX_DURATION_MS)) {
    return {
      ok: false,
      message: `must be at most 24 hours ("1440m"), but got "${clip(value.trim())}"${Number.isFinite(ms) ? ` (${(ms / 3_600_000).toFixed(1)} hours)` : ''}`,
    };
  }
  return { ok: true, ms };
};

const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

export const formatDuration = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);
