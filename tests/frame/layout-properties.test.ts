/**
 * Layout that never collides (issue 19): over the allowed prop ranges (caption font size
 * 16–160, padding 0–0.3, window frame on and off) and screens of many shapes, for every
 * composition, through the same computeMetadata the render uses:
 * - nothing drawn leaves the frame (stage, window, caption box at its tallest, panel, avatar);
 * - the caption box never overlaps the avatar or the panel (brand, title, subtitle);
 * - in TikTokSplit, captions, the panel and the avatar stay out of TikTok's own UI.
 */
import { describe, expect, it } from 'vitest';
import type { Rect, Size } from '../../src/base/geometry';
import { landscapeMetadata } from '../../src/compositions/landscape/calculate-metadata';
import { computeMetadata, type MetadataSpec } from '../../src/compositions/shared/metadata';
import { squareMetadata } from '../../src/compositions/square/calculate-metadata';
import { portraitMetadata } from '../../src/compositions/portrait/calculate-metadata';
import { tiktokSplitMetadata } from '../../src/compositions/tiktok-split/calculate-metadata';
import { captionBoxRect } from '../../src/frame/caption-box';
import { MIN_PANEL, panelText, TIKTOK_SAFE, type ScreenLayout, type SplitLayout } from '../../src/frame/layout';
import { makeCapture } from '../helpers/capture';
import type { Narration } from '../../src/narration/schema';

type AnySpec = MetadataSpec<{ capture: string; style: never }, ScreenLayout>;
const SPECS: Array<[string, AnySpec]> = [
  ['Landscape', landscapeMetadata as unknown as AnySpec],
  ['TikTokSplit', tiktokSplitMetadata as unknown as AnySpec],
  ['Square', squareMetadata as unknown as AnySpec],
  ['Portrait', portraitMetadata as unknown as AnySpec],
];
const SCREENS: Size[] = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
  { width: 2560, height: 1080 },
  { width: 1080, height: 1080 },
  { width: 1080, height: 1920 },
  { width: 801, height: 599 },
];
const FONT_SIZES = [16, 40, 54, 80, 110, 140, 160];
const PADDINGS = [0, 0.06, 0.15, 0.3];

// One line of narration, so captions show (their box and the panels' room for them).
const narration: Narration = {
  version: 1,
  provider: 'espeak',
  lines: [
    {
      id: 'a',
      text: 'Deploy it in one command',
      audio: 'a.wav',
      durationMs: 2000,
      words: ['Deploy', 'it', 'in', 'one', 'command'].map((text, i) => ({ text, startMs: i * 400, endMs: i * 400 + 350 })),
    },
  ],
};

/** Long panel texts in several scripts (the props have no length limit). */
const LONG_TEXTS = {
  brand: 'ink · ml.ink · https://ml.ink/docs?x=1 · 🦑🦑🦑 a very long brand line',
  title: 'Déployer avec Ink — 部署到生产环境 🚀 ثم أضف نطاقًا مخصصًا واحدًا جديدًا supercalifragilistic',
  subtitle: 'כך מוסיפים דומיין מותאם אישית תוך דקה אחת בלבד, no kidding, a really long subtitle here',
};

const inside = (r: Rect, frame: Size, slack = 0.5) =>
  r.x >= -slack && r.y >= -slack && r.x + r.width <= frame.width + slack && r.y + r.height <= frame.height + slack;
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const show = (r: Rect) => `(${r.x.toFixed(1)}, ${r.y.toFixed(1)}, ${r.width.toFixed(1)}x${r.height.toFixed(1)})`;

describe.each(SPECS)('%s: nothing collides at any allowed size', (name, spec) => {
  const cases = SCREENS.flatMap((screen) =>
    FONT_SIZES.flatMap((fontSize) => PADDINGS.flatMap((padding) => [true, false].map((windowFrame) => ({ screen, fontSize, padding, windowFrame })))),
  );
  it(`${cases.length} combinations of screen, caption size, padding and window frame`, () => {
    const problems: string[] = [];
    for (const c of cases) {
      const log = makeCapture([{ type: 'say', tMs: 500, endMs: 2500, id: 'a' }], { screen: c.screen, durationMs: 3000 });
      const parsed = spec.schema.parse({ capture: 'x', style: { padding: c.padding, windowFrame: c.windowFrame, captions: { fontSize: c.fontSize } } });
      const { computed } = computeMetadata(spec, { parsed, log, recordingSrc: 'x', narration });
      const where = `${name} screen ${c.screen.width}x${c.screen.height} fontSize ${c.fontSize} padding ${c.padding} frame ${c.windowFrame}`;
      const frame = spec.size;
      const layout = computed.layout as SplitLayout;
      const captions = captionBoxRect(computed.captionBox, computed.captionBox.maxLines);
      const avatar = computed.avatar;
      const check = (ok: boolean, what: string) => {
        if (!ok) problems.push(`${where}: ${what}`);
      };
      check(computed.captionBox.maxLines === 2, `room for two caption lines (got ${computed.captionBox.maxLines})`);
      check(inside(layout.stage, frame) && inside(layout.window, frame), `the screen ${show(layout.window)} leaves the frame`);
      check(inside(captions, frame), `the caption box ${show(captions)} leaves the frame`);
      check(
        Number.isInteger(layout.stage.x) && Number.isInteger(layout.stage.y) && layout.stage.width % 2 === 0 && layout.stage.height % 2 === 0,
        `the stage ${show(layout.stage)} is off the pixel grid`,
      );
      if (avatar) {
        for (let f = 0; f < avatar.placement.x.length; f += 15) {
          const a = { x: avatar.placement.x[f]!, y: avatar.placement.y[f]!, width: avatar.placement.size, height: avatar.placement.size };
          check(inside(a, frame), `the avatar ${show(a)} leaves the frame at frame ${f}`);
          check(!overlap(a, captions), `the avatar ${show(a)} meets the captions ${show(captions)} at frame ${f}`);
          if (name === 'Landscape')
            check(
              a.y >= layout.stage.y - 0.5 && a.y + a.height <= layout.stage.y + layout.stage.height + 0.5,
              `the bubble ${show(a)} leaves the screen ${show(layout.stage)} at frame ${f}`,
            );
        }
      } else problems.push(`${where}: no avatar`);
      if (layout.panel) {
        check(inside(layout.panel, frame), `the panel ${show(layout.panel)} leaves the frame`);
        check(!overlap(layout.panel, captions), `the panel (brand, title) ${show(layout.panel)} meets the captions ${show(captions)}`);
        // The panel's text, long in every language, fits its rectangle (which stays in the panel).
        const unit = frame.width / 1080;
        const fit = panelText(layout.panel, LONG_TEXTS, unit, true);
        check(
          fit.rect.x >= layout.panel.x - 0.5 && fit.rect.x + fit.rect.width <= layout.panel.x + layout.panel.width + 0.5,
          `the panel text ${show(fit.rect)} leaves the panel`,
        );
        check(fit.title > 0 && fit.title <= 60 * unit, `the title's size ${fit.title}`);
        check(layout.panel.height >= MIN_PANEL * frame.height - 1, `the panel has too little room (${layout.panel.height.toFixed(0)} px)`);
      }
      if (name === 'TikTokSplit') {
        const safe = {
          x: 0,
          y: TIKTOK_SAFE.top * frame.height,
          width: frame.width * (1 - TIKTOK_SAFE.right),
          height: frame.height * (1 - TIKTOK_SAFE.top - TIKTOK_SAFE.bottom),
        };
        check(inside({ ...captions, x: captions.x - safe.x, y: captions.y - safe.y }, safe), `the captions ${show(captions)} enter TikTok's UI`);
        check(inside({ ...layout.panel, x: layout.panel.x - safe.x, y: layout.panel.y - safe.y }, safe), `the panel ${show(layout.panel)} enters TikTok's UI`);
      }
    }
    expect(problems.slice(0, 12)).toEqual([]);
  });
});
