import { describe, expect, it } from 'vitest';
import type { CardData } from '../../src/capture-log/schema';
import { CARD_FADE_MS, cardBoxesAt, cardLayers, cardsAt, isVertical, layerFrames, layerOpacity, qrModules, wrapText } from '../../src/frame/cards';
import { checkCardsInFrame } from '../../src/review/card-checks';
import { buildCardTrack, cardSpans, CHAPTER_BANNER_MS, type CardTrack } from '../../src/timeline/cards';
import { textWidth } from '../../src/frame/overlay-layout';

const mark = (tMs: number, endMs: number, card: CardData) => ({ type: 'mark' as const, kind: 'card' as const, tMs, endMs, holdMs: endMs - tMs, card });
const chapter = (tMs: number, text: string) => ({ type: 'mark' as const, kind: 'chapter' as const, tMs, text });

const TITLE: CardData = { kind: 'title', title: 'Deploy from Claude Code', subtitle: 'in sixty seconds', hook: 'Ship an app with one prompt', hookMs: 3000 };
const END: CardData = { kind: 'end', title: 'Ink', cta: 'Try it free today', url: 'https://ml.ink', qr: true };
const track = buildCardTrack({
  durationMs: 20_000,
  events: [mark(0, 2500, TITLE), chapter(0, 'Intro'), chapter(2600, 'Add the server'), chapter(9000, 'Deploy'), mark(17_000, 20_000, END)],
});

describe('card track', () => {
  it('puts each card on its span, and each chapter banner after any card over its moment', () => {
    expect(cardSpans({ cards: track })).toEqual([
      { startMs: 0, endMs: 2500, kind: 'title' },
      { startMs: 17_000, endMs: 20_000, kind: 'end' },
    ]);
    // Intro's banner waits for the title card, and gives way to the next chapter's.
    expect(track.chapters.map((c) => [c.title, c.startMs, c.bannerFromMs, c.bannerToMs])).toEqual([
      ['Intro', 0, 2500, 2600],
      ['Add the server', 2600, 2600, 2600 + CHAPTER_BANNER_MS],
      ['Deploy', 9000, 9000, 9000 + CHAPTER_BANNER_MS],
    ]);
    expect(track.hook).toEqual({ text: 'Ship an app with one prompt', endMs: 3000 });
    expect(cardSpans({})).toEqual([]);
  });
});

describe('card layers', () => {
  it.each([
    { name: 'before', t: -1, want: 0 },
    { name: 'at the start without a fade', t: 0, want: 1 },
    { name: 'in the fade out', t: 2500 - CARD_FADE_MS / 2, want: 0.5 },
    { name: 'at its end', t: 2500, want: 0 },
  ])('layerOpacity $name', ({ t, want }) => {
    expect(layerOpacity({ fromMs: 0, toMs: 2500, fadeInMs: 0, fadeOutMs: CARD_FADE_MS }, t)).toBeCloseTo(want, 6);
  });
  it('layerFrames: the frames whose time falls in the span', () => {
    expect(layerFrames({ fromMs: 1000, toMs: 2500 }, 30)).toEqual([30, 75]);
  });

  const SIZES = [
    { name: 'landscape', size: { width: 1920, height: 1080 }, hook: false },
    { name: '9:16', size: { width: 1080, height: 1920 }, hook: true },
    { name: 'square', size: { width: 1080, height: 1080 }, hook: false },
    { name: '4:5', size: { width: 1080, height: 1350 }, hook: false },
    { name: 'landscape at 0.25', size: { width: 480, height: 270 }, hook: false },
  ];
  it.each(SIZES)('$name: every element inside the frame, the hook only on 9:16', ({ size, hook }) => {
    const layers = cardLayers({ cards: track, size });
    expect(layers.map((l) => l.kind)).toEqual(['title', 'end', 'chapter', 'chapter', 'chapter', ...(hook ? ['hook'] : [])]);
    expect(isVertical(size)).toBe(hook);
    expect(checkCardsInFrame({ frame: size, computed: { cards: track } as never })).toEqual([]);
    // The end card shows its QR code of the URL, square.
    const qr = layers[1]!.elements.find((e) => e.type === 'qr');
    expect(qr?.type === 'qr' && qr.box.width === qr.box.height && qr.text === 'https://ml.ink').toBe(true);
  });

  it('long texts are wrapped and cut to stay in the frame, in every format', () => {
    const long = 'A very long title that goes on and on about deploying many applications to many clouds every single day of the week';
    const t = buildCardTrack({
      durationMs: 10_000,
      events: [mark(0, 2000, { kind: 'title', title: long, subtitle: long, hook: long, hookMs: 2000 }), chapter(3000, long)],
    });
    for (const { size } of SIZES) expect(checkCardsInFrame({ frame: size, computed: { cards: t } as never })).toEqual([]);
  });

  it('review: an element inside a safe-zone inset is reported with the edge it crosses', () => {
    const f = checkCardsInFrame({ frame: { width: 1080, height: 1920 }, computed: { cards: track } as never }, { top: 400, right: 0, bottom: 0, left: 0 });
    // The chapter banners and the hook (inside every 9:16 preset's safe area: from 285 px down, Reels' 269 and a margin) are under a 400 px top bar.
    expect(f.map((x) => x.check)).toContain('card-outside-frame');
    expect(f.every((x) => x.message.includes('top'))).toBe(true);
    expect(f.some((x) => x.message.includes('the hook'))).toBe(true);
  });

  it('cardsAt and cardBoxesAt: what shows at a frame, with its opacity and boxes', () => {
    const model = { cards: track, size: { width: 1080, height: 1920 }, timeline: { fps: 30 } };
    expect(cardsAt(model, 0).map((c) => [c.layer, c.opacity])).toEqual([
      [0, 1],
      [5, 1],
    ]);
    expect(cardsAt(model, 80).map((c) => c.layer)).toEqual([3, 5]); // 2.67 s: the second chapter's banner, fading in; the hook
    expect(cardBoxesAt(model, 0).map((b) => [b.kind, b.what])).toEqual([
      ['title', 'Deploy from Claude Code'],
      ['title', 'in sixty seconds'],
      ['hook', 'Ship an app with one prompt'],
    ]);
  });
});

describe('wrapText and qrModules', () => {
  it.each([
    { text: 'short', lines: 1 },
    { text: 'one two three four five six seven eight nine ten', lines: 3 },
  ])('wraps "$text" in $lines line(s) within the width', ({ text, lines }) => {
    const got = wrapText(text, 40, 500, 3);
    expect(got).toHaveLength(lines);
    expect(got.join(' ')).toBe(text);
    for (const l of got) expect(textWidth(l, 40)).toBeLessThanOrEqual(500);
  });
  it('a word longer than the line is cut with …', () => {
    const [line] = wrapText('https://example.com/a/very/long/path/that/never/ends/and/ends/not', 40, 300, 1);
    expect(line?.endsWith('…')).toBe(true);
    expect(textWidth(line!, 40)).toBeLessThanOrEqual(300);
  });
  it.each([
    ['emoji', `a${'🚀'.repeat(60)}`],
    ['a family emoji (one grapheme of 7 code points)', '👨‍👩‍👧‍👦 '.repeat(40)],
    ['accents written as two code points', 'e\u0301'.repeat(80)],
    ['Arabic', 'مرحبا بكم في العرض التوضيحي '.repeat(8)],
  ])('%s: cut a whole grapheme at a time, never half a character', (_n, text) => {
    for (const l of wrapText(text, 40, 300, 2)) {
      expect(l).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(l).not.toMatch(/\u200d…|\u200d$/);
      expect(l.normalize('NFC')).not.toMatch(/^\u0301|e…\u0301/);
    }
  });
  it('right-to-left card text says so (it reads, and is cut, from the right)', () => {
    const size = { width: 1080, height: 1920 };
    const track = buildCardTrack({
      durationMs: 5000,
      events: [
        { type: 'mark', kind: 'card', tMs: 0, endMs: 2000, card: { kind: 'title', title: 'مرحبا بكم في العرض' } as unknown as CardData },
        { type: 'mark', kind: 'card', tMs: 3000, endMs: 5000, card: { kind: 'title', title: 'Hello there' } as unknown as CardData },
      ] as never,
    });
    const texts = cardLayers({ cards: track, size }).flatMap((l) => l.elements.filter((e) => e.type === 'text'));
    expect(texts.map((t) => (t as { dir?: string }).dir)).toEqual(['rtl', 'ltr']);
  });
  it('a QR code of a URL: a square of modules, some dark', () => {
    const q = qrModules('https://ml.ink');
    expect(q.modules).toHaveLength(q.size * q.size);
    expect(q.size).toBeGreaterThanOrEqual(21);
    expect(q.modules.filter(Boolean).length).toBeGreaterThan(q.size * 4);
  });
});
