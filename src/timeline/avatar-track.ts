/**
 * The built-in avatar's performance, per frame (pure): which mouth and which eyes it shows and
 * how its head bobs. Computed once with the timeline; each frame is then an O(1) lookup.
 *
 * - Mouth: while a line is spoken, from the line's own mouth data (narration.json `mouth`):
 *   openness in MOUTH_OPEN_STEPS steps and shape (round, middle, wide); between lines a resting
 *   smile. Lines narrated before mouth data existed fall back to their word times.
 * - Eyes: blinks every 2.2–5.5 s (seeded, so every render is the same), 160 ms each; between
 *   lines, after a moment, the avatar looks up at the screen (listening), and back when it speaks.
 * - Head: a slow idle sway, plus a small nod with the voice.
 *
 * Mouths and eyes are indexes of drawn variants: the browser draws the variant, the fast render
 * path picks the same variant from a sprite sheet, so both show the same picture.
 */
import type { Word } from '../narration/words';
import { seededRandom } from '../util/seeded-random';

export const MOUTH_OPEN_STEPS = 6;
export const MOUTH_SHAPES = 3;
/** Mouth variants: open step × shape, then the resting smile. */
export const MOUTH_VARIANTS = MOUTH_OPEN_STEPS * MOUTH_SHAPES + 1;
export const MOUTH_REST = MOUTH_VARIANTS - 1;
/** Eye variants: looking ahead open, half-closed, closed; looking up open, half-closed. */
export const EYES = { open: 0, half: 1, closed: 2, upOpen: 3, upHalf: 4 } as const;
export const EYE_VARIANTS = 5;

export const mouthVariant = (open: number, wide: number): number =>
  Math.min(MOUTH_OPEN_STEPS - 1, Math.round(open * (MOUTH_OPEN_STEPS - 1))) * MOUTH_SHAPES + Math.min(MOUTH_SHAPES - 1, Math.round(wide * (MOUTH_SHAPES - 1)));
export const mouthOf = (variant: number): { open: number; wide: number } | null =>
  variant === MOUTH_REST ? null : { open: Math.floor(variant / MOUTH_SHAPES) / (MOUTH_OPEN_STEPS - 1), wide: (variant % MOUTH_SHAPES) / (MOUTH_SHAPES - 1) };

export type AvatarLine = { startMs: number; durationMs: number; mouth?: { hopMs: number; open: number[]; wide: number[] }; words?: Word[] };

export type AvatarTrack = {
  fps: number;
  mouth: number[];
  eyes: number[];
  /** Head offset, as a fraction of the avatar's size (positive is down). */
  bob: number[];
};

const BLINK_MS = 160;
/** How long after a line the avatar starts looking at the screen. */
const LOOK_UP_AFTER_MS = 700;

/** Openness at `t` ms into a line without mouth data: open on words, with a syllable rhythm. */
const fromWords = (words: readonly Word[], t: number): number => {
  const w = words.find((x) => t >= x.startMs && t < x.endMs);
  if (!w) return 0;
  const u = (t - w.startMs) / 180;
  return 0.35 + 0.45 * Math.abs(Math.sin(Math.PI * u));
};

export const buildAvatarTrack = (opts: { lines: readonly AvatarLine[]; durationInFrames: number; fps: number; seed?: number }): AvatarTrack => {
  const { fps, durationInFrames } = opts;
  const lines = [...opts.lines].sort((a, b) => a.startMs - b.startMs);
  const random = seededRandom(opts.seed ?? 7);
  const blinks: number[] = [];
  const endMs = (durationInFrames / fps) * 1000;
  for (let t = 900 + random() * 1500; t < endMs; t += 2200 + random() * 3300) blinks.push(t);
  const mouth: number[] = [];
  const eyes: number[] = [];
  const bob: number[] = [];
  let li = 0;
  let lastEnd = -Infinity;
  let nod = 0;
  let bi = 0;
  for (let f = 0; f < durationInFrames; f++) {
    const t = (f / fps) * 1000;
    while (li < lines.length && t >= (lines[li] as AvatarLine).startMs + (lines[li] as AvatarLine).durationMs) {
      lastEnd = (lines[li] as AvatarLine).startMs + (lines[li] as AvatarLine).durationMs;
      li++;
    }
    const line = lines[li] && t >= (lines[li] as AvatarLine).startMs ? (lines[li] as AvatarLine) : null;
    let open = 0;
    if (line) {
      const at = t - line.startMs;
      if (line.mouth && line.mouth.open.length) {
        const h = Math.min(line.mouth.open.length - 1, Math.floor(at / line.mouth.hopMs));
        open = line.mouth.open[h] as number;
        mouth.push(mouthVariant(open, line.mouth.wide[h] as number));
      } else {
        open = fromWords(line.words ?? [], at);
        mouth.push(mouthVariant(open, 0.5));
      }
    } else mouth.push(MOUTH_REST);
    nod += (open - nod) * 0.35;
    while (bi < blinks.length && (blinks[bi] as number) + BLINK_MS < t) bi++;
    const sinceBlink = bi < blinks.length ? t - (blinks[bi] as number) : -1;
    const blink = sinceBlink >= 0 && sinceBlink < BLINK_MS ? (sinceBlink < 50 || sinceBlink >= 110 ? 'half' : 'closed') : 'open';
    const up = !line && lines.length > 0 && t - lastEnd > LOOK_UP_AFTER_MS;
    eyes.push(blink === 'closed' ? EYES.closed : blink === 'half' ? (up ? EYES.upHalf : EYES.half) : up ? EYES.upOpen : EYES.open);
    bob.push(Math.round((0.01 * Math.sin((2 * Math.PI * t) / 3400) + 0.012 * nod) * 10000) / 10000);
  }
  return { fps, mouth, eyes, bob };
};

export type AvatarFrame = { mouth: number; eyes: number; bob: number };
export const avatarAt = (track: AvatarTrack, frame: number): AvatarFrame => {
  const f = Math.max(0, Math.min(track.mouth.length - 1, frame));
  return { mouth: track.mouth[f] ?? MOUTH_REST, eyes: track.eyes[f] ?? EYES.open, bob: track.bob[f] ?? 0 };
};
