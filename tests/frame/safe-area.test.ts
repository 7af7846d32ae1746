/**
 * Overlays inside every 9:16 preset's safe zone at once (src/frame/safe-area.ts): one TikTokSplit
 * render is shared by tiktok, shorts and reels, so its chapter banners, hook, cards' text, logos
 * and QR codes, speed badges, keycaps and callouts must all sit inside overlaySafeArea, at every
 * render size, with long, right-to-left, CJK and emoji text; and review's safeZoneChecks then
 * finds nothing for them. Other frames keep the whole frame (nothing moves there).
 */
import { describe, expect, it } from 'vitest';
import type { Rect, Size } from '../../src/base/geometry';
import type { CardData } from '../../src/capture-log/schema';
import { computeMetadata, type MetadataSpec } from '../../src/compositions/shared/metadata';
import { tiktokSplitMetadata } from '../../src/compositions/tiktok-split/calculate-metadata';
import { tiktokSplitDefaults } from '../../src/compositions/tiktok-split/schema';
import { cardLayers } from '../../src/frame/cards';
import { tiktokSplitLayout, type ScreenLayout } from '../../src/frame/layout';
import { overlayArea, overlaysAtFrame, projectionAt, type FrameModel } from '../../src/frame/model';
import { overlayMetrics } from '../../src/frame/overlay-layout';
import { centredWidth, clampInto, intersectRect, overlaySafeArea } from '../../src/frame/safe-area';
import { OUTPUT_PRESETS, safeRect, strictestSafeZone } from '../../src/output-presets';
import { stepSpans, type ReviewInput } from '../../src/review/review-input';
import { safeZoneChecks } from '../../src/review/safe-zone-checks';
import { buildCardTrack } from '../../src/timeline/cards';
import type { Overlays } from '../../src/timeline/overlays';
import type { Timeline } from '../../src/timeline/build-timeline';
import { keycapsOf as keysOfChord } from '../../src/timeline/overlays';
import { makeCapture } from '../helpers/capture';

const VERTICAL = ['tiktok', 'shorts', 'reels'] as const;
const SIZES: Size[] = [
  { width: 1080, height: 1920 },
  { width: 540, height: 960 },
  { width: 720, height: 1280 },
];
/** Less than this past an edge is rounding (review's tolerance). */
const TOL = 1;
const inside = (box: Rect, area: Rect): boolean =>
  box.x >= area.x - TOL && box.y >= area.y - TOL && box.x + box.width <= area.x + area.width + TOL && box.y + box.height <= area.y + area.height + TOL;

const LONG = 'A very long title that goes on and on about deploying many applications to many clouds every single day of the week';
const TEXTS = {
  long: LONG,
  rtl: 'פריסה של היישום שלך לייצור בפקודה אחת בלבד היום',
  cjk: '用一个命令把你的应用程序部署到生产环境中今天就开始吧朋友们',
  emoji: '🚀 Ship it 🎉 deploy 🔥 from your terminal ✨ today 🙌',
  word: 'Supercalifragilisticexpialidociousdeploymentpipelineorchestrator',
} as const;
const LONG_URL = 'https://example.com/a/very/long/path/to/the/documentation/of/the/deploy/command?with=query&and=more';

const mark = (tMs: number, endMs: number, card: CardData) => ({ type: 'mark' as const, kind: 'card' as const, tMs, endMs, holdMs: endMs - tMs, card });
const chapter = (tMs: number, text: string) => ({ type: 'mark' as const, kind: 'chapter' as const, tMs, text });

/** A card track with every card kind showing `text` (title, subtitle, hook, chapter, call to action) and a long URL. */
const trackOf = (text: string) =>
  buildCardTrack({
    durationMs: 20_000,
    events: [
      mark(0, 3000, { kind: 'title', title: text, subtitle: text, hook: text, hookMs: 6000, logo: 'data:image/png;base64,AA==' }),
      chapter(4000, text),
      mark(16_000, 20_000, { kind: 'end', title: text, cta: text, url: LONG_URL, qr: true, logo: 'data:image/png;base64,AA==' }),
    ],
  });

/** What a card layer draws over the picture: all but a full-frame card's background. */
const drawnBoxes = (size: Size, text: string) =>
  cardLayers({ cards: trackOf(text), size }).flatMap((l) =>
    l.elements.filter((e, i) => !((l.kind === 'title' || l.kind === 'end') && i === 0)).map((e) => ({ kind: l.kind, type: e.type, box: e.box })),
  );

describe('overlaySafeArea', () => {
  it.each([
    { size: { width: 1080, height: 1920 }, want: { x: 65, y: 269, width: 875, height: 979 } },
    { size: { width: 540, height: 960 }, want: { x: 32.5, y: 134.5, width: 437.5, height: 489.5 } },
    { size: { width: 720, height: 1280 }, want: { x: 65 * (2 / 3), y: 269 * (2 / 3), width: 875 * (2 / 3), height: 979 * (2 / 3) } },
    // Formats without a preset safe zone: the whole frame (nothing placed there moves).
    { size: { width: 1920, height: 1080 }, want: { x: 0, y: 0, width: 1920, height: 1080 } },
    { size: { width: 480, height: 270 }, want: { x: 0, y: 0, width: 480, height: 270 } },
    { size: { width: 1080, height: 1080 }, want: { x: 0, y: 0, width: 1080, height: 1080 } },
    { size: { width: 1080, height: 1350 }, want: { x: 0, y: 0, width: 1080, height: 1350 } },
    { size: { width: 1000, height: 300 }, want: { x: 0, y: 0, width: 1000, height: 300 } },
  ])('$size.width x $size.height', ({ size, want }) => {
    const got = overlaySafeArea(size);
    for (const k of ['x', 'y', 'width', 'height'] as const) expect(got[k], k).toBeCloseTo(want[k], 6);
  });

  it.each(SIZES.flatMap((size) => VERTICAL.map((preset) => ({ size, preset }))))('inside $preset at $size.width x $size.height', ({ size, preset }) => {
    expect(inside(overlaySafeArea(size), safeRect(OUTPUT_PRESETS[preset], size)!)).toBe(true);
  });

  it('is the intersection: each side as far in as the strictest preset puts it', () => {
    expect(strictestSafeZone('tiktok')).toEqual({ top: 269, right: 140, bottom: 672, left: 65 });
  });

  it.each([
    { name: 'inside stays', box: { x: 10, y: 10, width: 5, height: 5 }, want: { x: 10, y: 10 } },
    { name: 'past the right and top', box: { x: 98, y: -4, width: 5, height: 5 }, want: { x: 95, y: 0 } },
    { name: 'wider than the area: centred', box: { x: 0, y: 50, width: 120, height: 5 }, want: { x: -10, y: 50 } },
  ])('clampInto: $name', ({ box, want }) => {
    expect(clampInto(box, { x: 0, y: 0, width: 100, height: 100 })).toMatchObject(want);
  });

  it('intersectRect and centredWidth', () => {
    expect(intersectRect({ x: 0, y: 0, width: 100, height: 100 }, { x: 50, y: 20, width: 100, height: 10 })).toEqual({ x: 50, y: 20, width: 50, height: 10 });
    // Disjoint: the first rectangle, unchanged.
    expect(intersectRect({ x: 0, y: 0, width: 10, height: 10 }, { x: 50, y: 50, width: 10, height: 10 })).toEqual({ x: 0, y: 0, width: 10, height: 10 });
    expect(centredWidth({ x: 65, y: 0, width: 875, height: 1 }, 540)).toBe(800);
  });
});

describe('cards, banners and the hook stay inside the safe area', () => {
  const cases = SIZES.flatMap((size) => Object.entries(TEXTS).map(([name, text]) => ({ size, name, text })));
  it.each(cases)('$name text at $size.width x $size.height', ({ size, text }) => {
    const area = overlaySafeArea(size);
    const boxes = drawnBoxes(size, text);
    expect(new Set(boxes.map((b) => b.kind))).toEqual(new Set(['title', 'end', 'chapter', 'hook']));
    expect(boxes.some((b) => b.type === 'qr')).toBe(true);
    for (const b of boxes) expect(inside(b.box, area), `${b.kind} ${b.type} ${JSON.stringify(b.box)} in ${JSON.stringify(area)}`).toBe(true);
  });

  it('a landscape frame keeps its banner 4 % from the top left, as before', () => {
    const banner = cardLayers({ cards: trackOf('Install'), size: { width: 1920, height: 1080 } }).find((l) => l.kind === 'chapter')!;
    expect(banner.elements[0]!.box).toMatchObject({ x: Math.round(1920 * 0.04), y: Math.round(1080 * 0.04) });
  });
});

/** A frame model for TikTokSplit at `size`, the camera showing the whole 1920x1080 screen, with `overlays`. */
const modelAt = (size: Size, overlays: Overlays): FrameModel => {
  const layout = tiktokSplitLayout(size, tiktokSplitDefaults.style);
  const timeline = {
    fps: 30,
    screen: { width: 1920, height: 1080 },
    camera: { zoom: [1], x: [960], y: [540], focusX: [960], focusY: [540] },
  } as unknown as Timeline;
  return { overlays, timeline, layout, size, overlay: overlayMetrics(size) } as unknown as FrameModel;
};

const CHORD = keysOfChord('Ctrl+Shift+Alt+Meta+PageDown');
/** Callouts pointing near each corner and edge of what the camera shows (screen px), with and without a target box. */
const overlaysOf = (text: string, size: Size): Overlays => {
  const v = projectionAt(modelAt(size, { badges: [], keycaps: [], callouts: [] }), 30).view;
  const spots = [
    [v.x + 4, v.y + 4],
    [v.x + v.width - 4, v.y + 4],
    [v.x + 4, v.y + v.height - 4],
    [v.x + v.width - 4, v.y + v.height - 4],
    [v.x + v.width / 2, v.y + 2],
    [v.x + v.width - 10, v.y + v.height / 2],
  ];
  return {
    badges: [{ startMs: 0, endMs: 5000, text: '12x' }],
    keycaps: [{ startMs: 0, endMs: 5000, keys: CHORD }],
    callouts: spots.flatMap(([x, y], i) => [
      { startMs: 0, endMs: 5000, x: x!, y: y!, text: `${i} ${text}` },
      { startMs: 0, endMs: 5000, x: x!, y: y!, text: `${i} box ${text}`, box: { x: x! - 30, y: y! - 12, width: 60, height: 24 } },
    ]),
  };
};
const CORNERS = 6;

describe('badges, keycaps and callouts stay inside the safe area', () => {
  const cases = SIZES.flatMap((size) => Object.entries(TEXTS).map(([name, text]) => ({ size, name, text })));
  it.each(cases)('$name at $size.width x $size.height', ({ size, text }) => {
    const model = modelAt(size, overlaysOf(text, size));
    const o = overlaysAtFrame(model, 30);
    expect([o.badges.length, o.keycaps.length, o.callouts.length]).toEqual([1, CHORD.length, CORNERS * 2]);
    const area = overlaySafeArea(size);
    for (const d of [...o.badges, ...o.keycaps, ...o.callouts]) expect(inside(d.box, area), `"${d.text}" ${JSON.stringify(d.box)}`).toBe(true);
    // Within the stage too (overlayArea: the stage less the bands).
    for (const d of [...o.badges, ...o.keycaps]) expect(inside(d.box, overlayArea(model))).toBe(true);
    // A callout too long for the safe width is cut (…), never wider.
    const asked = model.overlays.callouts.map((c) => c.text);
    o.callouts.forEach((c, i) => {
      const want = asked[i]!;
      expect(c.text === want || (c.text.endsWith('…') && want.startsWith(c.text.slice(0, -1).trimEnd())), `${c.text} for ${want}`).toBe(true);
    });
    // The long texts do not fit 9:16's safe width on one line: cut.
    if (text.length > 60) expect(o.callouts.every((c) => c.text.endsWith('…'))).toBe(true);
  });

  it("the badge sits at the top right of the stage's safe part, the keycaps at its bottom left", () => {
    const model = modelAt({ width: 1080, height: 1920 }, overlaysOf('x', { width: 1080, height: 1920 }));
    const o = overlaysAtFrame(model, 30);
    const a = overlayArea(model);
    const m = model.overlay;
    expect(o.badges[0]!.box.x + o.badges[0]!.box.width).toBeCloseTo(a.x + a.width - m.margin, 6);
    expect(o.badges[0]!.box.y).toBeCloseTo(a.y + m.margin, 6);
    expect(o.keycaps[0]!.box.x).toBeCloseTo(a.x + m.margin, 6);
    expect(o.keycaps[0]!.box.y + o.keycaps[0]!.box.height).toBeCloseTo(a.y + a.height - m.margin, 6);
  });
});

type AnySpec = MetadataSpec<{ capture: string; style: never }, ScreenLayout>;
const spec = tiktokSplitMetadata as unknown as AnySpec;

/** A ReviewInput for TikTokSplit at 1080x1920 whose cards and overlays are `text`'s. */
const reviewInput = (text: string): ReviewInput => {
  const log = makeCapture([], { durationMs: 20_000 });
  const parsed = spec.schema.parse({ capture: 'x', style: {} });
  const { computed } = computeMetadata(spec, { parsed, log, recordingSrc: 'x', narration: { version: 1, provider: 'espeak', lines: [] } });
  const withOverlays = { ...computed, cards: trackOf(text), overlays: overlaysOf(text, spec.size) };
  return {
    format: 'tiktok',
    frame: spec.size,
    computed: withOverlays as typeof computed,
    captionsShown: true,
    log,
    recordedLog: log,
    lineMs: new Map(),
    steps: stepSpans(log),
    durationMs: 20_000,
  };
};

describe("review's safeZoneChecks find nothing", () => {
  it.each(VERTICAL.flatMap((preset) => Object.entries(TEXTS).map(([name, text]) => ({ preset, name, text }))))('$preset: $name text', ({ preset, text }) => {
    const r = reviewInput(text);
    expect(safeZoneChecks(r, { name: preset, insets: OUTPUT_PRESETS[preset].safeZone! })).toEqual([]);
  });
});
