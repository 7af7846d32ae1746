/**
 * The stills of docs/captions.md: one per caption preset, of the bundled sample capture
 * (public/samples/ink-deploy) in the TikTokSplit format (1080x1920) at half size, at the same
 * moment of speech (the middle of a page's second word: karaoke is half-way through filling it,
 * pop's page has finished growing), drawn by the browser path (what Studio shows).
 * Each PNG is reduced to 256 colours (ffmpeg palettegen / paletteuse) to stay small.
 *
 *   npx tsx scripts/caption-stills.ts [preset…]     (default: every preset) → docs/images/captions-<preset>.png
 *
 * Exit 1 for an unknown preset, 2 when a render fails.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaptureLog } from '../src/capture-log';
import { computeMetadata, type MetadataSpec } from '../src/compositions/shared/metadata';
import type { Style } from '../src/compositions/shared/style-schema';
import { tiktokSplitMetadata } from '../src/compositions/tiktok-split/calculate-metadata';
import type { ScreenLayout } from '../src/frame/layout';
import { CAPTION_PRESET_NAMES, type CaptionPresetName } from '../src/frame/caption-style';
import type { Narration } from '../src/narration/schema';
import { render } from '../src/render/render';

const ROOT = path.join(import.meta.dirname, '..');
const SAMPLE = 'samples/ink-deploy';
const OUT_DIR = path.join(ROOT, 'docs', 'images');
const SCALE = 0.5;

/** The frame to show for `preset`: the middle of the first page's second word, from the composition's own metadata. */
const frameFor = (preset: CaptionPresetName): number => {
  const dir = path.join(ROOT, 'public', SAMPLE);
  const log = JSON.parse(fs.readFileSync(path.join(dir, 'capture.json'), 'utf8')) as CaptureLog;
  const narration = JSON.parse(fs.readFileSync(path.join(dir, 'narration', 'narration.json'), 'utf8')) as Narration;
  const spec = tiktokSplitMetadata as unknown as MetadataSpec<{ capture: string; style: Style }, ScreenLayout>;
  const parsed = spec.schema.parse({ capture: SAMPLE, style: { ...(log.style as object), captions: { preset } } });
  const { computed, fps } = computeMetadata(spec, { parsed, log, recordingSrc: '', narration });
  const page = computed.narration.pages.find((p) => p.words.length >= 2);
  if (!page) throw new Error(`${SAMPLE}: no caption page of two words`);
  const w = page.words[1]!;
  return Math.round((((w.startMs + w.endMs) / 2) * fps) / 1000);
};

const main = async () => {
  const asked = process.argv.slice(2);
  const bad = asked.filter((p) => !(CAPTION_PRESET_NAMES as readonly string[]).includes(p));
  if (bad.length) {
    process.stderr.write(`caption-stills: unknown preset ${bad.join(', ')}: expected one of ${CAPTION_PRESET_NAMES.join(', ')}\n`);
    process.exit(1);
  }
  const presets = (asked.length ? asked : CAPTION_PRESET_NAMES) as CaptionPresetName[];
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'caption-stills-'));
  try {
    for (const preset of presets) {
      const frame = frameFor(preset);
      const raw = path.join(tmp, `${preset}.png`);
      const log = JSON.parse(fs.readFileSync(path.join(ROOT, 'public', SAMPLE, 'capture.json'), 'utf8')) as CaptureLog;
      await render({
        composition: 'TikTokSplit',
        publicCapture: SAMPLE,
        props: { style: { ...(log.style as object), captions: { preset } } },
        still: frame,
        scale: SCALE,
        out: raw,
      });
      const out = path.join(OUT_DIR, `captions-${preset}.png`);
      execFileSync('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-i',
        raw,
        '-vf',
        'split[a][b];[a]palettegen=max_colors=256:stats_mode=full[p];[b][p]paletteuse=dither=none',
        out,
      ]);
      process.stdout.write(`${path.relative(ROOT, out)}: frame ${frame}, ${Math.round(fs.statSync(out).size / 1024)} KB\n`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
};

main().catch((err: unknown) => {
  process.stderr.write(`caption-stills: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
