import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pixels } from '../../src/capture/image-search/find-template';
import { loadOpenCv, type CV } from '../../src/capture/image-search/opencv';
import { waitForImage } from '../../src/capture/image-search/wait-for-image';
import { ScreenplayError } from '../../src/errors';

const ROOT = path.join(__dirname, '..', '..');
const rgba = (args: string[], width: number, height: number): Pixels => ({
  width,
  height,
  channels: 4,
  data: execFileSync('ffmpeg', ['-v', 'error', ...args, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 1 << 26 }),
});
/** Frames of the first bundled sample (1 s and 22 s in), kept as fixtures so a re-recorded sample does not move them. */
const FRAME = (s: number) => path.join(ROOT, 'tests', 'capture', 'fixtures', `sample-screen-${s}s.png`);

let cv: CV;
let before: Pixels; // 1 s into the sample: no toast yet
let after: Pixels; // 22 s: the "Opening https://demo.ml.ink …" toast is up
let template: Pixels;
let dir: string;
beforeAll(async () => {
  cv = await loadOpenCv();
  before = rgba(['-i', FRAME(1)], 1920, 1080);
  after = rgba(['-i', FRAME(22)], 1920, 1080);
  template = rgba(['-i', FRAME(22), '-vf', 'crop=240:28:1610:910'], 240, 28);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-wait-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('waitForImage', () => {
  it('polls until the picture appears, then returns where it is', async () => {
    const frames = [before, before, after];
    let grabs = 0;
    let t = 0;
    const match = await waitForImage({
      cv,
      grab: async () => frames[Math.min(grabs++, frames.length - 1)] as Pixels,
      template,
      templateName: 'assets/toast.png',
      source: 'video.yaml:7:5',
      timeoutMs: 5000,
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
    });
    expect(grabs).toBe(3);
    expect(match).toMatchObject({ x: 1610, y: 910, width: 240, height: 28 });
  });

  it('on a timeout names the step and the best score, and saves the last screen and the template', async () => {
    let t = 0;
    const err = await waitForImage({
      cv,
      grab: async () => before,
      template,
      templateName: 'assets/toast.png',
      source: 'video.yaml:7:5',
      timeoutMs: 1000,
      confidence: 0.97,
      debugDir: dir,
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScreenplayError);
    expect((err as ScreenplayError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(
      /^video\.yaml:7:5: expected assets\/toast\.png on screen within 1\.0 s \(confidence 0\.97\), but the best match scored 0\.\d{3} at \(\d+, \d+\).*; saved the last screen and the template: /,
    );
    const screen = path.join(dir, 'not-found-toast-screen.png');
    const tpl = path.join(dir, 'not-found-toast-template.png');
    expect(fs.existsSync(screen) && fs.existsSync(tpl)).toBe(true);
    const size = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', screen], { encoding: 'utf8' }).trim();
    expect(size).toBe('1920,1080');
  });
});
