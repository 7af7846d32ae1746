/**
 * Overlays on the video's clock (pure): callouts (the script's text bubbles, pointing at a spot
 * on the screen, following it through the camera), the speed-up badge ("4x" while a piece plays
 * faster) and the keystroke overlay (special keys and chords as keycaps; typed text grouped).
 * The browser path draws them with React, the composite path burns the same items in with libass.
 */
import { z } from 'zod';
import type { CaptureLog } from '../capture-log/schema';
import type { TimeMap } from './time-map';
import type { Rect } from './view';

export const overlayStyleSchema = z.object({
  /** Keystroke overlay: off, special keys and chords only, or those plus typed text. */
  keystrokes: z.enum(['off', 'keys', 'all']).describe('Keystroke overlay: off, special keys and chords only, or those plus typed text.').default('off'),
  /** A small "4x" badge while a piece plays faster (not under 0.6 s of video). */
  speedBadge: z.boolean().describe('A small "4x" badge while a piece plays faster (not under 0.6 s of video).').default(true),
  /** A soft click sound at every click. */
  clickSound: z.boolean().describe('A soft click sound at every click.').default(false),
});
export type OverlayStyle = z.infer<typeof overlayStyleSchema>;

/**
 * A callout: its text, the spot it points at (x, y) and, when the script gave a target, the
 * target's box (screen px; a mark's width and height, centred on its point): the bubble then
 * goes beside the box and points at its edge.
 */
export type Callout = { startMs: number; endMs: number; x: number; y: number; text: string; box?: Rect };
export type Badge = { startMs: number; endMs: number; text: string };
export type Keycap = { startMs: number; endMs: number; keys: string[] };
export type Overlays = { callouts: Callout[]; badges: Badge[]; keycaps: Keycap[] };

const KEY_HOLD_MS = 900;
const NAMES: Record<string, string> = {
  Enter: '⏎ Enter',
  Return: '⏎ Enter',
  Escape: 'Esc',
  Backspace: '⌫',
  Tab: '⇥ Tab',
  Up: '↑',
  Down: '↓',
  Left: '←',
  Right: '→',
  Space: 'Space',
  Control: 'Ctrl',
  Meta: '⌘',
};

/** A key name from the log ("Ctrl+Shift+P") → its keycaps (["Ctrl", "Shift", "P"]). */
export const keycapsOf = (key: string): string[] => key.split('+').map((k) => NAMES[k] ?? (k.length === 1 ? k.toUpperCase() : k));

export const buildOverlays = (log: CaptureLog, map: TimeMap, input: z.input<typeof overlayStyleSchema> = {}): Overlays => {
  const style = overlayStyleSchema.parse(input);
  const callouts: Callout[] = log.events.flatMap((e) =>
    e.type === 'mark' && e.kind === 'callout' && e.endMs !== undefined && e.x !== undefined && e.y !== undefined && e.text
      ? [
          {
            startMs: e.tMs,
            endMs: e.endMs,
            x: e.x,
            y: e.y,
            text: e.text,
            ...(e.width !== undefined && e.height !== undefined
              ? { box: { x: e.x - e.width / 2, y: e.y - e.height / 2, width: e.width, height: e.height } }
              : {}),
          },
        ]
      : [],
  );
  const badges: Badge[] = style.speedBadge
    ? map.segments
        .filter((s) => s.factor > 1 && s.outToMs - s.outFromMs >= 600)
        .map((s) => ({ startMs: s.outFromMs, endMs: s.outToMs, text: `${Number.isInteger(s.factor) ? s.factor : s.factor.toFixed(1)}x` }))
    : [];
  const keycaps: Keycap[] = [];
  if (style.keystrokes !== 'off') {
    for (const e of log.events) {
      if (e.type === 'key') keycaps.push({ startMs: e.tMs, endMs: e.tMs + KEY_HOLD_MS, keys: keycapsOf(e.key) });
      else if (e.type === 'type' && style.keystrokes === 'all') {
        // Secret text is never shown: only dots, as many as it had characters.
        const text = e.secret ? '•'.repeat(Math.min(12, e.length ?? 8)) : (e.text ?? '');
        if (text.trim()) keycaps.push({ startMs: e.tMs, endMs: e.endMs + KEY_HOLD_MS, keys: [text.length > 40 ? `${text.slice(0, 39)}…` : text] });
      }
    }
    // One row at a time: a newer item ends the one before it.
    keycaps.sort((a, b) => a.startMs - b.startMs);
    for (let i = 0; i + 1 < keycaps.length; i++) (keycaps[i] as Keycap).endMs = Math.min((keycaps[i] as Keycap).endMs, (keycaps[i + 1] as Keycap).startMs);
  }
  return { callouts, badges, keycaps: keycaps.filter((k) => k.endMs > k.startMs) };
};

export const overlaysAt = (o: Overlays, tMs: number): Overlays => ({
  callouts: o.callouts.filter((c) => tMs >= c.startMs && tMs < c.endMs),
  badges: o.badges.filter((b) => tMs >= b.startMs && tMs < b.endMs),
  keycaps: o.keycaps.filter((k) => tMs >= k.startMs && tMs < k.endMs),
});
