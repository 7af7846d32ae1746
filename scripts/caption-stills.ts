/**
 * The stills of docs/captions.md: one per caption preset, of the bundled sample capture
 * (public/samples/ink-deploy) in the TikTokSplit format (1080x1920) at half size, at the same
 * moment of speech (the middle of a page's second word: karaoke is half-way through filling it,
 * pop's page has finished growing), drawn by the browser path (what Studio shows).
 * Each PNG is reduced to 256 colours (ffmpeg palettegen / paletteuse) to stay small.
 *
 * One more, `code` (docs/images/captions-code.png): technical terms in the monospace font. The
 * sample's narration has none, so a copy of the sample is made with its second line's words
 * replaced (CODE_WORDS, one for one, each keeping its time; a still has no sound) and shown in
 * the clean preset, the moment its third word ("deploy") is spoken.
 *
 *   npx tsx scripts/caption-stills.ts [preset… | code]   (default: every preset and code) → docs/images/captions-<name>.png
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
/** The words that replace the sample's second line ("Then add a custom domain in the dashboard."), one for one. */
const CODE_WORDS = ['Run', '`ink', 'deploy`', '~/my-app,', 'then', 'open', 'app.ml.ink', 'now.'];

/** A copy of the sample whose second narration line says CODE_WORDS (removed by the caller). */
const codeSample = (tmp: string): string => {
  const dir = path.join(tmp, 'code-sample');
  fs.cpSync(path.join(ROOT, 'public', SAMPLE), dir, { recursive: true });
  const file = path.join(dir, 'narration', 'narration.json');
  const narration = JSON.parse(fs.readFileSync(file, 'utf8')) as Narration;
  const line = narration.lines[1]!;
  if (line.words.length !== CODE_WORDS.length) throw new Error(`${SAMPLE}: its second line has ${line.words.length} words, expected ${CODE_WORDS.length}`);
  line.words = line.words.map((w, i) => ({ ...w, text: CODE_WORDS[i]! }));
  line.text = CODE_WORDS.join(' ');
  fs.writeFileSync(file, JSON.stringify(narration, null, 2));
  return dir;
};

/**
 * The frame to show for `preset`, from the composition's own metadata: the middle of the first
 * page's second word, or with `word`, of the first page holding that word (there, its middle).
 */
const frameFor = (preset: CaptionPresetName, dir = path.join(ROOT, 'public', SAMPLE), word?: string): number => {
  const log = JSON.parse(fs.readFileSync(path.join(dir, 'capture.json'), 'utf8')) as CaptureLog;
  const narration = JSON.parse(fs.readFileSync(path.join(dir, 'narration', 'narration.json'), 'utf8')) as Narration;
  const spec = tiktokSplitMetadata as unknown as MetadataSpec<{ capture: string; style: Style }, ScreenLayout>;
  const parsed = spec.schema.parse({ capture: SAMPLE, style: { ...(log.style as object), captions: { preset } } });
  const { computed, fps } = computeMetadata(spec, { parsed, log, recordingSrc: '', narration });
  const page = computed.narration.pages.find((p) => (word ? p.words.some((w) => w.text === word) : p.words.length >= 2));
  if (!page) throw new Error(`${SAMPLE}: no caption page ${word ? `with "${word}"` : 'of two words'}`);
  const w = word ? page.words.find((x) => x.text === word)! : page.words[1]!;
  return Math.round((((w.startMs + w.endMs) / 2) * fps) / 1000);
};

const main = async () => {
  const names: readonly string[] = [...CAPTION_PRESET_NAMES, 'code'];
  const asked = process.argv.slice(2);
  const bad = asked.filter((p) => !names.includes(p));
  if (bad.length) {
    process.stderr.write(`caption-stills: unknown still ${bad.join(', ')}: expected one of ${names.join(', ')}\n`);
    process.exit(1);
  }
  const stills = asked.length ? asked : names;
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'caption-stills-'));
  try {
    for (const name of stills) {
      const preset: CaptionPresetName = name === 'code' ? 'clean' : (name as CaptionPresetName);
      const captureDir = name === 'code' ? codeSample(tmp) : path.join(ROOT, 'public', SAMPLE);
      const frame = name === 'code' ? frameFor(preset, captureDir, 'deploy') : frameFor(preset);
      const raw = path.join(tmp, `${name}.png`);
      const log = JSON.parse(fs.readFileSync(path.join(captureDir, 'capture.json'), 'utf8')) as CaptureLog;
      await render({
        composition: 'TikTokSplit',
        ...(name === 'code' ? { captureDir } : { publicCapture: SAMPLE }),
        props: { style: { ...(log.style as object), captions: { preset } } },
        still: frame,
        scale: SCALE,
        out: raw,
      });
      const out = path.join(OUT_DIR, `captions-${name}.png`);
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
