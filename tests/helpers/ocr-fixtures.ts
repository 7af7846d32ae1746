/**
 * The OCR fixtures (tests/targets/fixtures/ocr/, made by scripts/make-ocr-fixtures.ts): three
 * 1920x1080 screenshots (dashboard, terminal, dialog) and their visible labels of 12 px or more
 * with true boxes (screen px). PNGs are decoded with ffmpeg into RGBA pixels.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Box, Pixels } from '../../src/targets/types';

export const OCR_FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'targets', 'fixtures', 'ocr');
export const OCR_FIXTURES = ['dashboard', 'terminal', 'dialog'] as const;
export type OcrFixtureName = (typeof OCR_FIXTURES)[number];
export type Label = { text: string; box: Box };

/** A fixture's screen (RGBA, 1920x1080) and labels. */
export const loadOcrFixture = (name: OcrFixtureName): { screen: Pixels; labels: Label[] } => {
  const data = execFileSync('ffmpeg', ['-v', 'error', '-i', path.join(OCR_FIXTURE_DIR, `${name}.png`), '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
    maxBuffer: 1 << 26,
  });
  return {
    screen: { width: 1920, height: 1080, channels: 4, data, order: 'rgb' },
    labels: JSON.parse(fs.readFileSync(path.join(OCR_FIXTURE_DIR, `${name}.json`), 'utf8')) as Label[],
  };
};

/**
 * The label with this text (the first, or the nth of duplicates, 1-based); for a phrase of
 * several word labels in a row (the terminal's labels are words), their joint box.
 */
export const label = (labels: readonly Label[], text: string, nth = 1): Label => {
  const l = labels.filter((x) => x.text === text)[nth - 1];
  if (l) return l;
  const words = text.split(' ');
  for (let i = 0; i + words.length <= labels.length; i++) {
    const run = labels.slice(i, i + words.length);
    if (run.every((r, j) => r.text === words[j] && r.box.y === run[0]!.box.y)) {
      const x1 = Math.max(...run.map((r) => r.box.x + r.box.width));
      return { text, box: { ...run[0]!.box, width: x1 - run[0]!.box.x } };
    }
  }
  throw new Error(`no label "${text}" #${nth} in the fixture`);
};

export const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
