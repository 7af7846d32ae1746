/**
 * Safe zones (src/review/safe-zone-checks.ts): TikTokSplit's captions stay inside every 9:16
 * preset's safe zone at every allowed caption size; a callout near the top of the screen reaches
 * into Reels' top band (and says how far); the edges are measured on the frame model's boxes.
 */
import { describe, expect, it } from 'vitest';
import { computeMetadata, type MetadataSpec } from '../../src/compositions/shared/metadata';
import { tiktokSplitMetadata } from '../../src/compositions/tiktok-split/calculate-metadata';
import type { ScreenLayout } from '../../src/frame/layout';
import type { Narration } from '../../src/narration/schema';
import { OUTPUT_PRESETS } from '../../src/output-presets';
import { stepSpans, type ReviewInput } from '../../src/review/review-input';
import { overshoot, safeZoneChecks } from '../../src/review/safe-zone-checks';
import type { CaptureEvent } from '../../src/capture-log';
import { makeCapture } from '../helpers/capture';

type AnySpec = MetadataSpec<{ capture: string; style: never }, ScreenLayout>;
const spec = tiktokSplitMetadata as unknown as AnySpec;

const words = 'Deploy your application to production with one single command today friends'.split(' ');
const narration: Narration = {
  version: 1,
  provider: 'espeak',
  lines: [
    { id: 'a', text: words.join(' '), audio: 'a.wav', durationMs: 5000, words: words.map((text, i) => ({ text, startMs: i * 400, endMs: i * 400 + 350 })) },
  ],
};

const input = (fontSize: number, extra: CaptureEvent[] = []): ReviewInput => {
  const log = makeCapture([{ type: 'say', tMs: 500, endMs: 5500, id: 'a' }, ...extra], { durationMs: 6000 });
  const parsed = spec.schema.parse({ capture: 'x', style: { captions: { fontSize } } });
  const { computed } = computeMetadata(spec, { parsed, log, recordingSrc: 'x', narration });
  return {
    format: 'tiktok',
    frame: spec.size,
    computed,
    captionsShown: true,
    log,
    recordedLog: log,
    lineMs: new Map(),
    steps: stepSpans(log),
    durationMs: 6000,
  };
};

const ZONES = (['tiktok', 'shorts', 'reels'] as const).map((n) => ({ name: n, insets: OUTPUT_PRESETS[n].safeZone! }));

describe('safe zones of the 9:16 presets', () => {
  it.each([16, 54, 80, 110, 160])('captions at fontSize %i stay inside tiktok, shorts and reels', (fontSize) => {
    const r = input(fontSize);
    for (const zone of ZONES) expect(safeZoneChecks(r, zone), zone.name).toEqual([]);
  });

  it("a callout at the top of the screen stays inside every 9:16 preset's zone (overlaySafeArea)", () => {
    const callout: CaptureEvent = { type: 'mark', kind: 'callout', tMs: 1000, endMs: 3000, x: 960, y: 10, text: 'Your live URL' };
    const r = input(54, [callout]);
    for (const zone of ZONES) expect(safeZoneChecks(r, zone), zone.name).toEqual([]);
  });

  it("a zone stricter than every preset's reports the callout, with the band and how far", () => {
    const callout: CaptureEvent = { type: 'mark', kind: 'callout', tMs: 1000, endMs: 3000, x: 960, y: 10, text: 'Your live URL' };
    const r = input(54, [callout]);
    const strict = { name: 'strict', insets: { top: 600, right: 65, bottom: 672, left: 65 } };
    const [f] = safeZoneChecks(r, strict);
    expect(f).toMatchObject({ check: 'outside-safe-zone', severity: 'warning', fromMs: expect.any(Number) });
    expect(f!.message).toMatch(
      /^strict: the callout "Your live URL" reaches \d+ px into the top band that strict's UI covers \(safe zone: top 600, right 65, bottom 672, left 65 px of 1080x1920\)/,
    );
    expect(f!.fromMs).toBeGreaterThanOrEqual(800);
    expect(f!.toMs).toBeLessThanOrEqual(3400);
    expect(Number(f!.measured?.topPx)).toBeGreaterThan(10);
  });

  it.each([
    [
      { x: 100, y: 200, width: 50, height: 50 },
      { top: 0, right: 0, bottom: 0, left: 0 },
    ],
    [
      { x: 40, y: 200, width: 50, height: 50 },
      { top: 0, right: 0, bottom: 0, left: 20 },
    ],
    [
      { x: 100, y: 1500, width: 950, height: 100 },
      { top: 0, right: 30, bottom: 120, left: 0 },
    ],
    [
      { x: 100, y: 0, width: 50, height: 50 },
      { top: 150, right: 0, bottom: 0, left: 0 },
    ],
  ])('overshoot of %j past tiktok-like insets (150, 60, 440, 60): %j', (box, want) => {
    expect(overshoot(box, { width: 1080, height: 1920 }, { top: 150, right: 60, bottom: 440, left: 60 })).toEqual(want);
  });
});
