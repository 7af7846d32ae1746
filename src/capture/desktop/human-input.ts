/**
 * How a person moves and types, as plain data (pure): pointer paths and keystrokes that the
 * desktop driver then performs. Seeded, so a capture can be replayed.
 */
import { seededRandom } from '../../util/seeded-random';

export type Point = { x: number; y: number };
export type PathSample = Point & { tMs: number };

/** A move's duration from its distance (Fitts-like): short hops are quick, long ones capped. */
export const moveDurationMs = (distancePx: number, speedPxPerS?: number): number =>
  speedPxPerS ? Math.max(80, (1000 * distancePx) / speedPxPerS) : Math.min(1100, 220 + 110 * Math.log2(1 + distancePx / 40));

const easeInOutCubic = (u: number): number => (u < 0.5 ? 4 * u * u * u : 1 - (-2 * u + 2) ** 3 / 2);

/**
 * A human-like path: eased (slow start, slow end), slightly arced to one side, sampled every
 * `stepMs`. Starts exactly at `from` and ends exactly at `to`.
 */
export const humanPath = (from: Point, to: Point, opts: { durationMs?: number; speed?: number; stepMs?: number; seed?: number } = {}): PathSample[] => {
  const dist = Math.hypot(to.x - from.x, to.y - from.y);
  const durationMs = opts.durationMs ?? moveDurationMs(dist, opts.speed);
  const stepMs = opts.stepMs ?? 1000 / 120;
  const rand = seededRandom(opts.seed ?? 1);
  const arc = Math.min(60, dist * 0.08) * (rand() < 0.5 ? -1 : 1) * (0.6 + 0.4 * rand());
  const nx = dist > 0 ? -(to.y - from.y) / dist : 0;
  const ny = dist > 0 ? (to.x - from.x) / dist : 0;
  const n = Math.max(1, Math.ceil(durationMs / stepMs));
  const out: PathSample[] = [];
  for (let i = 0; i <= n; i++) {
    const u = i / n;
    const e = easeInOutCubic(u);
    const bow = Math.sin(Math.PI * e) * arc;
    out.push({ tMs: u * durationMs, x: Math.round(from.x + (to.x - from.x) * e + nx * bow), y: Math.round(from.y + (to.y - from.y) * e + ny * bow) });
  }
  out[out.length - 1] = { tMs: durationMs, x: Math.round(to.x), y: Math.round(to.y) };
  return out;
};

/**
 * The key (as a name) and whether Shift is held, for one printable ASCII character on a US
 * layout. Symbols are typed as Shift + their base key: the nut.js fork's own `type` drops the
 * Shift on them ("$" arrives as "4").
 */
const SHIFTED: Record<string, string> = {
  '!': '1',
  '@': '2',
  '#': '3',
  $: '4',
  '%': '5',
  '^': '6',
  '&': '7',
  '*': '8',
  '(': '9',
  ')': '0',
  _: '-',
  '+': '=',
  '{': '[',
  '}': ']',
  '|': '\\',
  ':': ';',
  '"': "'",
  '<': ',',
  '>': '.',
  '?': '/',
  '~': '`',
};
const BASE_KEYS: Record<string, string> = {
  ' ': 'Space',
  '-': 'Minus',
  '=': 'Equal',
  '[': 'LeftBracket',
  ']': 'RightBracket',
  '\\': 'Backslash',
  ';': 'Semicolon',
  "'": 'Quote',
  ',': 'Comma',
  '.': 'Period',
  '/': 'Slash',
  '`': 'Grave',
  '\n': 'Enter',
  '\t': 'Tab',
};

export type KeyStroke = { key: string; shift: boolean };

export const keyForChar = (ch: string): KeyStroke | null => {
  if (/^[a-z]$/.test(ch)) return { key: ch.toUpperCase(), shift: false };
  if (/^[A-Z]$/.test(ch)) return { key: ch, shift: true };
  if (/^[0-9]$/.test(ch)) return { key: `Num${ch}`, shift: false };
  const base = SHIFTED[ch];
  if (base !== undefined) return { key: keyForChar(base)?.key ?? base, shift: true };
  const named = BASE_KEYS[ch];
  return named ? { key: named, shift: false } : null;
};

/** Names in scripts (`Ctrl`, `Enter`, `a`) → the driver's key names. */
const CHORD_NAMES: Record<string, string> = {
  ctrl: 'LeftControl',
  control: 'LeftControl',
  shift: 'LeftShift',
  alt: 'LeftAlt',
  meta: 'LeftSuper',
  cmd: 'LeftCmd',
  super: 'LeftSuper',
  enter: 'Enter',
  return: 'Return',
  tab: 'Tab',
  escape: 'Escape',
  esc: 'Escape',
  space: 'Space',
  backspace: 'Backspace',
  delete: 'Delete',
  insert: 'Insert',
  home: 'Home',
  end: 'End',
  pageup: 'PageUp',
  pagedown: 'PageDown',
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
  capslock: 'CapsLock',
};

/**
 * The keys to hold, in order, for a chord like `Ctrl+Shift+P` (validated by the DSL), by nut.js
 * key name on a US layout (macOS, Windows; X11 presses chords by keysym, keyboard-x11.ts).
 * Throws for a character with no US key.
 */
export const chordKeys = (chord: string): string[] => {
  if ([...chord].length === 1) {
    const k = keyForChar(chord);
    if (!k) throw new Error(`cannot press "${chord}" with this keyboard driver: it has no key on a US layout`);
    return [...(k.shift ? ['LeftShift'] : []), k.key];
  }
  const parts = chord.split('+');
  const out: string[] = [];
  for (const part of parts) {
    const lower = part.toLowerCase();
    if (CHORD_NAMES[lower]) out.push(CHORD_NAMES[lower] as string);
    else if (/^f([1-9]|1[0-2])$/.test(lower)) out.push(part.toUpperCase());
    else {
      const k = keyForChar(part.toLowerCase());
      if (!k) throw new Error(`cannot press "${chord}" with this keyboard driver: "${part}" has no key on a US layout`);
      out.push(k.key);
    }
  }
  return out;
};

/**
 * Delays between keystrokes for a cadence in words per minute (5 characters a word), with
 * jitter, a little longer after spaces and punctuation, as people type.
 */
export const typingDelays = (text: string, wpm = 60, seed = 1): number[] => {
  const rand = seededRandom(seed);
  const base = 60_000 / (wpm * 5);
  return [...text].map((ch) => {
    const pause = /[ .,;:!?]/.test(ch) ? 1.4 : 1;
    return Math.round(base * pause * (0.6 + 0.8 * rand()));
  });
};
