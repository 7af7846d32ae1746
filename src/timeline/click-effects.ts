/**
 * Click effects: a ripple at each click. The build lists clicks with their frames and, for
 * every frame, the index of the latest click at or before it, so a frame finds its active
 * ripples by walking back over a handful of clicks. Pure.
 */
import { CLICK_EFFECT } from './presets';
import { msAt } from '../base/time';

export type ClickMark = { tMs: number; x: number; y: number; button: 'left' | 'right' | 'middle' };
export type ClickEffects = { clicks: ClickMark[]; lastClickAtFrame: number[] };
/** An active ripple; `index` is its click's index in `clicks`. */
export type Ripple = { index: number; x: number; y: number; button: ClickMark['button']; progress: number };

export const buildClickEffects = (clicks: readonly ClickMark[], durationInFrames: number, fps: number): ClickEffects => {
  const sorted = [...clicks].sort((a, b) => a.tMs - b.tMs);
  const lastClickAtFrame: number[] = [];
  let k = -1;
  for (let f = 0; f < durationInFrames; f++) {
    const t = msAt(f, fps);
    while (k + 1 < sorted.length && (sorted[k + 1] as ClickMark).tMs <= t) k++;
    lastClickAtFrame.push(k);
  }
  return { clicks: sorted, lastClickAtFrame };
};

export const ripplesAt = (effects: ClickEffects, frame: number, fps: number, rippleMs: number = CLICK_EFFECT.rippleMs): Ripple[] => {
  const f = Math.min(Math.max(0, Math.floor(frame)), effects.lastClickAtFrame.length - 1);
  const t = msAt(frame, fps);
  const out: Ripple[] = [];
  for (let k = effects.lastClickAtFrame[f] ?? -1; k >= 0; k--) {
    const c = effects.clicks[k] as ClickMark;
    const age = t - c.tMs;
    if (age > rippleMs) break;
    if (age >= 0) out.push({ index: k, x: c.x, y: c.y, button: c.button, progress: age / rippleMs });
  }
  return out;
};
