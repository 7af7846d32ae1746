/**
 * Cards in the frame model (pure, output px): the title card, the end card (call to action, URL,
 * QR code), chapter banners and the 9:16 hook, each as a list of plain elements (rectangles,
 * text blocks, images, a QR code) with an opacity per frame. Both render paths draw these and
 * nothing else: the React component (Cards.tsx) turns them into elements; the composite path
 * draws each card once as a transparent layer (the same component) and lays it over the video
 * during its frames at this opacity. Review reads the same boxes (cardBoxesAt).
 */
import QRCode from 'qrcode';
import type { Size } from '../base/geometry';
import { firstFrameFrom, msAt } from '../base/time';
import type { CardTrack } from '../timeline/cards';
import { area, type Area } from './spaces';
import { graphemes, textDirection, type TextDirection } from '../timeline/script-text';
import { textWidth } from './overlay-layout';
import { centredWidth, overlaySafeArea } from './safe-area';

/** Card colours when the script gives none. */
export const CARD_DEFAULTS = { background: '#0b1020', color: '#ffffff', accent: '#7c5cff' } as const;
/** How long a card fades in and out where it meets the video (ms); none at the video's ends. */
export const CARD_FADE_MS = 300;
/** How long a chapter banner and the hook fade (ms). */
export const BANNER_FADE_MS = 250;

/** A filled rectangle (radius in px; opacity 0–1 of the fill). */
export type CardRect = { type: 'rect'; box: Area<'output'>; fill: string; radius: number; opacity?: number };
/** A block of text: its lines, drawn one under another, aligned in the box. */
export type CardText = {
  type: 'text';
  box: Area<'output'>;
  lines: string[];
  fontSize: number;
  lineHeight: number;
  color: string;
  weight: 400 | 600 | 800;
  align: 'center' | 'left';
  mono?: boolean;
  opacity?: number;
  /** The text's base direction (script-text.ts textDirection): right-to-left lines read, and are cut, from the right. */
  dir?: TextDirection;
};
/** An image (a data URL), fitted into its box. */
export type CardImage = { type: 'image'; box: Area<'output'>; src: string };
/** A QR code: `size`×`size` modules (row-major, true: dark) drawn in `box` on a light square. */
export type CardQr = { type: 'qr'; box: Area<'output'>; size: number; modules: boolean[]; dark: string; light: string; text: string };
export type CardElement = CardRect | CardText | CardImage | CardQr;

/** One card layer: what it draws, when (video ms, [fromMs, toMs)) and how it fades. */
export type CardLayer = {
  kind: 'title' | 'end' | 'chapter' | 'hook';
  fromMs: number;
  toMs: number;
  fadeInMs: number;
  fadeOutMs: number;
  elements: CardElement[];
};
/** A card layer showing at a frame, at `opacity`; `layer` is its index in cardLayers. */
export type DrawnCard = { layer: number; opacity: number; elements: CardElement[] };

/** Whether a frame is 9:16 (the hook shows on these only). */
export const isVertical = (size: Size): boolean => size.height * 9 >= size.width * 16 * 0.98;

/** Words broken into at most `maxLines` lines `maxWidth` px wide at `fontSize` (the last line ends in … when cut). */
export const wrapText = (text: string, fontSize: number, maxWidth: number, maxLines: number, mono = false): string[] => {
  const width = (t: string) => (mono ? graphemes(t).length * 0.6 * fontSize : textWidth(t, fontSize));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (width(next) <= maxWidth || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines.map((l) => fitLine(l, fontSize, maxWidth, width));
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = fitLine(`${kept[maxLines - 1]} ${lines.slice(maxLines).join(' ')}`, fontSize, maxWidth, width, true);
  return kept.map((l) => fitLine(l, fontSize, maxWidth, width));
};
/** A line cut (with …) to `maxWidth`, a whole grapheme at a time (an emoji, a family, an accent stay whole). */
const fitLine = (line: string, fontSize: number, maxWidth: number, width: (t: string) => number, cut = false): string => {
  if (!cut && width(line) <= maxWidth) return line;
  const gs = graphemes(line);
  let n = gs.length;
  while (n > 1 && width(`${gs.slice(0, n).join('')}…`) > maxWidth) n--;
  const s = gs.slice(0, n).join('');
  return cut || s !== line ? `${s.trimEnd()}…` : s;
};

/**
 * Where a card's content goes (output px): a column centred on `cx` (the frame's middle), text
 * at most `width` wide, the stack centred on `cy` and at most `maxHeight` tall. Inside the
 * frame's overlay safe area (safe-area.ts), a small margin in from it; in a frame without one,
 * the frame's middle 84 % wide and `heightShare` of its height, as always.
 */
type Column = { cx: number; cy: number; width: number; maxHeight: number };

/** Room kept between a card's content, a banner or the hook and the safe area's edge (px at 1080). */
const SAFE_MARGIN = 16;

const columnOf = (frame: Size, heightShare: number): Column => {
  const safe = overlaySafeArea(frame);
  const m = SAFE_MARGIN * unitOf(frame);
  const cx = frame.width / 2;
  return {
    cx,
    cy: safe.y + safe.height / 2,
    width: Math.min(frame.width * 0.84, centredWidth(safe, cx) - 2 * m),
    maxHeight: Math.min(frame.height * heightShare, safe.height - 2 * m),
  };
};

const unitOf = (frame: Size): number => Math.min(frame.width, frame.height) / 1080;

/** A piece of a vertical stack: its height and how to place it with its top at y. */
type Piece = { height: number; place: (y: number, k: number) => CardElement[] };

/** Pieces stacked with `gap`, centred on the column's middle, all scaled by k ≤ 1 so the stack fits its `maxHeight`. */
const stack = (pieces: Piece[], gap: number, col: Column): CardElement[] => {
  const total = (k: number) => pieces.reduce((h, p) => h + p.height * k, 0) + gap * k * Math.max(0, pieces.length - 1);
  const k = Math.min(1, col.maxHeight / Math.max(1, total(1)));
  let y = col.cy - total(k) / 2;
  const out: CardElement[] = [];
  for (const p of pieces) {
    out.push(...p.place(y, k));
    y += (p.height + gap) * k;
  }
  return out;
};

/** A centred text block as a stack piece, wrapped to the column's width. */
const textPiece = (col: Column, t: Omit<CardText, 'type' | 'box' | 'lines' | 'lineHeight'> & { text: string; maxLines: number }): Piece => {
  const lines = wrapText(t.text, t.fontSize, col.width, t.maxLines, t.mono);
  const lineHeight = t.fontSize * 1.2;
  const { text: _t, maxLines: _m, ...style } = t;
  return {
    height: lines.length * lineHeight,
    place: (y, k) => {
      const fontSize = t.fontSize * k;
      const w = Math.min(col.width, Math.max(...lines.map((l) => (t.mono ? graphemes(l).length * 0.6 * fontSize : textWidth(l, fontSize)))));
      return [
        {
          type: 'text',
          ...style,
          fontSize,
          lineHeight: lineHeight * k,
          lines,
          align: 'center',
          // Right-to-left text reads from the right: its cut (…) ends at the left.
          dir: textDirection(t.text),
          box: area('output', { x: col.cx - w / 2, y, width: w, height: lines.length * lineHeight * k }),
        },
      ];
    },
  };
};

/** A centred square (a logo, the QR code) as a stack piece, never wider than the column. */
const squarePiece = (col: Column, side: number, make: (box: Area<'output'>) => CardElement[]): Piece => {
  const s = Math.min(side, col.width);
  return { height: s, place: (y, k) => make(area('output', { x: col.cx - (s * k) / 2, y, width: s * k, height: s * k })) };
};

/** A QR code of `text` (error correction M), its modules row-major. */
export const qrModules = (text: string): { size: number; modules: boolean[] } => {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  return { size, modules: Array.from(qr.modules.data, (v) => v === 1) };
};

const full = (frame: Size) => area('output', { x: 0, y: 0, width: frame.width, height: frame.height });

/** The title card's elements: brand background, logo, title, accent rule, subtitle. */
export const titleCardElements = (card: CardTrack['cards'][number]['card'], frame: Size): CardElement[] => {
  const u = Math.min(frame.width, frame.height) / 1080;
  const color = card.color ?? CARD_DEFAULTS.color;
  const accent = card.accent ?? CARD_DEFAULTS.accent;
  const col = columnOf(frame, 0.86);
  const pieces: Piece[] = [];
  if (card.logo) pieces.push(squarePiece(col, 160 * u, (box) => [{ type: 'image', box, src: card.logo as string }]));
  if (card.title) pieces.push(textPiece(col, { text: card.title, fontSize: 84 * u, weight: 800, color, align: 'center', maxLines: 3 }));
  pieces.push({
    height: 10 * u,
    place: (y, k) => [
      { type: 'rect', fill: accent, radius: 5 * u * k, box: area('output', { x: col.cx - (120 * u * k) / 2, y, width: 120 * u * k, height: 10 * u * k }) },
    ],
  });
  if (card.subtitle) pieces.push(textPiece(col, { text: card.subtitle, fontSize: 44 * u, weight: 400, color, align: 'center', maxLines: 3, opacity: 0.85 }));
  return [{ type: 'rect', box: full(frame), fill: card.background ?? CARD_DEFAULTS.background, radius: 0 }, ...stack(pieces, 36 * u, col)];
};

/** The end card's elements: brand background, logo, title, call to action, QR code of the URL, the URL. */
export const endCardElements = (card: CardTrack['cards'][number]['card'], frame: Size): CardElement[] => {
  const u = Math.min(frame.width, frame.height) / 1080;
  const color = card.color ?? CARD_DEFAULTS.color;
  const accent = card.accent ?? CARD_DEFAULTS.accent;
  const col = columnOf(frame, 0.9);
  const pieces: Piece[] = [];
  if (card.logo) pieces.push(squarePiece(col, 120 * u, (box) => [{ type: 'image', box, src: card.logo as string }]));
  if (card.title) pieces.push(textPiece(col, { text: card.title, fontSize: 44 * u, weight: 600, color, align: 'center', maxLines: 2, opacity: 0.85 }));
  if (card.cta) pieces.push(textPiece(col, { text: card.cta, fontSize: 80 * u, weight: 800, color, align: 'center', maxLines: 3 }));
  if (card.url && card.qr !== false) {
    const qr = qrModules(card.url);
    pieces.push(
      squarePiece(col, 300 * u, (box) => {
        const pad = box.width * 0.06;
        return [
          { type: 'rect', box, fill: '#ffffff', radius: box.width * 0.04 },
          {
            type: 'qr',
            box: area('output', { x: box.x + pad, y: box.y + pad, width: box.width - 2 * pad, height: box.height - 2 * pad }),
            ...qr,
            dark: '#000000',
            light: '#ffffff',
            text: card.url as string,
          },
        ];
      }),
    );
  }
  if (card.url) pieces.push(textPiece(col, { text: card.url, fontSize: 40 * u, weight: 600, color: accent, align: 'center', maxLines: 2, mono: true }));
  return [{ type: 'rect', box: full(frame), fill: card.background ?? CARD_DEFAULTS.background, radius: 0 }, ...stack(pieces, 32 * u, col)];
};

/**
 * A chapter's banner: its title in a dark box with an accent edge, at the frame's top left (4 %
 * in from each edge), moved inside the frame's overlay safe area (safe-area.ts) where that is
 * further in, and cut (…) to end inside it.
 */
export const chapterBannerElements = (title: string, frame: Size, accent: string = CARD_DEFAULTS.accent): CardElement[] => {
  const u = unitOf(frame);
  const safe = overlaySafeArea(frame);
  const margin = SAFE_MARGIN * u;
  const fontSize = 40 * u;
  const [padX, padY, edge] = [24 * u, 16 * u, 8 * u];
  const x = Math.max(Math.round(frame.width * 0.04), Math.round(safe.x + margin));
  const y = Math.max(Math.round(frame.height * 0.04), Math.round(safe.y + margin));
  const maxText = Math.max(fontSize, Math.min(frame.width * 0.8, safe.x + safe.width - margin - x - edge - 2 * padX));
  const lines = wrapText(title, fontSize, maxText, 1);
  const w = Math.min(maxText, textWidth(lines[0] ?? '', fontSize));
  const h = fontSize * 1.2 + 2 * padY;
  return [
    { type: 'rect', box: area('output', { x, y, width: w + 2 * padX + edge, height: h }), fill: '#0f172a', radius: 10 * u, opacity: 0.9 },
    { type: 'rect', box: area('output', { x, y, width: edge, height: h }), fill: accent, radius: 0 },
    {
      type: 'text',
      box: area('output', { x: x + edge + padX, y: y + padY, width: w, height: fontSize * 1.2 }),
      lines,
      fontSize,
      lineHeight: fontSize * 1.2,
      color: '#ffffff',
      weight: 600,
      align: 'left',
      dir: textDirection(title),
    },
  ];
};

/**
 * The hook: big text in a dark box, centred across the upper part of a 9:16 frame (12 % down),
 * inside the frame's overlay safe area (safe-area.ts): below its top, no wider than it allows
 * around the frame's middle.
 */
export const hookElements = (text: string, frame: Size): CardElement[] => {
  const u = unitOf(frame);
  const safe = overlaySafeArea(frame);
  const margin = SAFE_MARGIN * u;
  const fontSize = 64 * u;
  const [padX, padY] = [32 * u, 24 * u];
  const cx = frame.width / 2;
  const maxText = Math.max(fontSize, Math.min(frame.width * 0.8, centredWidth(safe, cx) - 2 * margin - 2 * padX));
  const lines = wrapText(text, fontSize, maxText, 3);
  const w = Math.min(maxText, Math.max(...lines.map((l) => textWidth(l, fontSize))));
  const h = lines.length * fontSize * 1.2;
  const y = Math.max(Math.round(frame.height * 0.12), Math.round(safe.y + margin));
  const x = cx - w / 2;
  return [
    { type: 'rect', box: area('output', { x: x - padX, y, width: w + 2 * padX, height: h + 2 * padY }), fill: '#000000', radius: 18 * u, opacity: 0.78 },
    {
      type: 'text',
      box: area('output', { x, y: y + padY, width: w, height: h }),
      lines,
      fontSize,
      lineHeight: fontSize * 1.2,
      color: '#ffffff',
      weight: 800,
      align: 'center',
      dir: textDirection(text),
    },
  ];
};

const layersCache = new WeakMap<CardTrack, Map<string, CardLayer[]>>();

/**
 * Every card layer of a video, in drawing order (cards, then chapter banners, then the hook on
 * top), for a frame of `size`. Computed once per (track, size).
 */
export const cardLayers = (model: { cards?: CardTrack | undefined; size: Size }): CardLayer[] => {
  const track = model.cards;
  if (!track) return [];
  const bySize = layersCache.get(track) ?? new Map<string, CardLayer[]>();
  layersCache.set(track, bySize);
  const key = `${model.size.width}x${model.size.height}`;
  const hit = bySize.get(key);
  if (hit) return hit;
  const frame = model.size;
  const end = track.durationMs;
  const layers: CardLayer[] = track.cards.map((c) => ({
    kind: c.kind,
    fromMs: c.startMs,
    toMs: c.endMs,
    fadeInMs: c.startMs <= 0 ? 0 : CARD_FADE_MS,
    fadeOutMs: c.endMs >= end - 0.5 ? 0 : CARD_FADE_MS,
    elements: c.kind === 'title' ? titleCardElements(c.card, frame) : endCardElements(c.card, frame),
  }));
  const accent = track.cards.find((c) => c.card.accent)?.card.accent;
  for (const ch of track.chapters) {
    if (ch.bannerToMs <= ch.bannerFromMs) continue;
    layers.push({
      kind: 'chapter',
      fromMs: ch.bannerFromMs,
      toMs: ch.bannerToMs,
      fadeInMs: BANNER_FADE_MS,
      fadeOutMs: BANNER_FADE_MS,
      elements: chapterBannerElements(ch.title, frame, accent),
    });
  }
  if (track.hook && isVertical(frame)) {
    layers.push({ kind: 'hook', fromMs: 0, toMs: track.hook.endMs, fadeInMs: 0, fadeOutMs: BANNER_FADE_MS, elements: hookElements(track.hook.text, frame) });
  }
  bySize.set(key, layers);
  return layers;
};

/** A layer's opacity at video time `tMs` (0 outside it): a linear fade at each end it fades at. */
export const layerOpacity = (l: Pick<CardLayer, 'fromMs' | 'toMs' | 'fadeInMs' | 'fadeOutMs'>, tMs: number): number => {
  if (tMs < l.fromMs || tMs >= l.toMs) return 0;
  const a = l.fadeInMs > 0 ? (tMs - l.fromMs) / l.fadeInMs : 1;
  const b = l.fadeOutMs > 0 ? (l.toMs - tMs) / l.fadeOutMs : 1;
  return Math.max(0, Math.min(1, a, b));
};

/** A layer's frames [first, end): a frame belongs where its time falls. */
export const layerFrames = (l: Pick<CardLayer, 'fromMs' | 'toMs'>, fps: number): [number, number] => [
  firstFrameFrom(l.fromMs, fps),
  firstFrameFrom(l.toMs, fps),
];

/** The card layers showing at a frame, bottom first, each with its opacity (> 0). */
export const cardsAt = (model: { cards?: CardTrack | undefined; size: Size; timeline: { fps: number } }, frame: number): DrawnCard[] => {
  const tMs = msAt(frame, model.timeline.fps);
  const out: DrawnCard[] = [];
  cardLayers(model).forEach((l, layer) => {
    const opacity = layerOpacity(l, tMs);
    if (opacity > 0) out.push({ layer, opacity, elements: l.elements });
  });
  return out;
};

/**
 * What review checks: each text, image and QR code of the cards showing at a frame, with its box
 * in output px and what it shows.
 */
export const cardBoxesAt = (
  model: { cards?: CardTrack | undefined; size: Size; timeline: { fps: number } },
  frame: number,
): Array<{ kind: CardLayer['kind']; what: string; box: Area<'output'> }> =>
  cardsAt(model, frame).flatMap((d) => {
    const kind = cardLayers(model)[d.layer]?.kind ?? 'title';
    return d.elements.flatMap((e) =>
      e.type === 'text'
        ? [{ kind, what: e.lines.join(' '), box: e.box }]
        : e.type === 'image'
          ? [{ kind, what: 'logo', box: e.box }]
          : e.type === 'qr'
            ? [{ kind, what: `QR code of ${e.text}`, box: e.box }]
            : [],
    );
  });
