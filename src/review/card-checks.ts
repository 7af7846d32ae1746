/**
 * card-outside-frame: each title card's, end card's, chapter banner's and hook's text, logo and
 * QR code must lie inside the frame, less a safe-zone inset (a platform's UI over the video:
 * the merger of presets passes each platform's). Pure: reads the frame model's card layers
 * (frame/cards.ts), the same boxes both render paths draw.
 */
import { cardLayers } from '../frame/cards';
import type { ReviewFinding } from './types';
import type { ReviewInput } from './review-input';

/** Output px kept clear at each edge of the frame (a platform's safe zone); 0: the frame's edge. */
export type SafeInset = { top: number; right: number; bottom: number; left: number };
export const NO_INSET: SafeInset = { top: 0, right: 0, bottom: 0, left: 0 };

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Every card element (text, logo, QR code) outside the frame less `inset` (output px), one
 * finding each, at the card's time.
 */
export const checkCardsInFrame = (input: Pick<ReviewInput, 'frame' | 'computed'>, inset: SafeInset = NO_INSET): ReviewFinding[] => {
  const { frame } = input;
  const safe = { x0: inset.left, y0: inset.top, x1: frame.width - inset.right, y1: frame.height - inset.bottom };
  const findings: ReviewFinding[] = [];
  for (const layer of cardLayers({ cards: input.computed.cards, size: frame })) {
    for (const e of layer.elements) {
      if (e.type === 'rect') continue;
      const b = e.box;
      const over = { left: safe.x0 - b.x, top: safe.y0 - b.y, right: b.x + b.width - safe.x1, bottom: b.y + b.height - safe.y1 };
      const worst = Math.max(over.left, over.top, over.right, over.bottom);
      if (worst <= 0.5) continue;
      const what = e.type === 'text' ? `"${e.lines.join(' ')}"` : e.type === 'image' ? 'the logo' : 'the QR code';
      const edge = (Object.entries(over) as Array<[string, number]>).sort((a, c) => c[1] - a[1])[0]![0];
      findings.push({
        check: 'card-outside-frame',
        severity: 'warning',
        fromMs: round1(layer.fromMs),
        toMs: round1(layer.toMs),
        message: `${layer.kind === 'hook' ? 'the hook' : layer.kind === 'chapter' ? 'a chapter banner' : `the ${layer.kind} card`}: ${what} reaches ${Math.round(worst)} px past the ${edge} of the ${inset === NO_INSET ? 'frame' : 'safe zone'}`,
        fix: `shorten the ${layer.kind === 'chapter' ? 'chapter title' : layer.kind === 'hook' ? 'hook' : 'text'} (${what.length > 40 ? `${what.slice(0, 40)}…"` : what})`,
        measured: { overPx: Math.round(worst), x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) },
      });
    }
  }
  return findings;
};
