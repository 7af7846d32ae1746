/**
 * The camera frames what was clicked, in a real render (issue 17): a 1920x1080 recording with a
 * small blue button and a wide green card, a capture log with a target event before each click.
 * At each zoom's hold the clicked box's width in the frame gives the zoom the render used: the
 * button is framed much tighter than the card, each at the level zoomLevelForBox gives.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureLog } from '../../src/capture-log';
import { landscapeLayout } from '../../src/frame/layout';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { render } from '../../src/render/render';
import { zoomLevelForBox } from '../../src/timeline/zoom-level-for-box';
import { cursorPath } from '../helpers/capture';
import { extractFrame, readPixels, type Pixels } from '../helpers/synthetic';

const SCREEN = { width: 1920, height: 1080 };
const BUTTON = { x: 1300, y: 300, width: 120, height: 44 };
const CARD = { x: 300, y: 600, width: 1100, height: 300 };
const SCALE = 0.25;
const mid = (b: typeof BUTTON) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-framing-'));
  const box = (b: typeof BUTTON, color: string) => `drawbox=x=${b.x}:y=${b.y}:w=${b.width}:h=${b.height}:color=${color}:t=fill`;
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=0x808080:s=1920x1080:r=30:d=6,${box(BUTTON, '0x1d4ed8')},${box(CARD, '0x16a34a')}`,
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-g',
    '30',
    path.join(dir, 'recording.mp4'),
  ]);
  const log: CaptureLog = {
    version: 1,
    recording: 'recording.mp4',
    screen: SCREEN,
    fps: 30,
    durationMs: 6000,
    events: [
      { type: 'target', tMs: 600, ...BUTTON, source: 'text', label: 'text "Deploy"' },
      ...cursorPath({ x: 960, y: 540 }, mid(BUTTON), 600, 950),
      { type: 'click', tMs: 1000, ...mid(BUTTON), button: 'left' },
      { type: 'target', tMs: 3000, ...CARD, source: 'dom', label: 'region "Usage"' },
      ...cursorPath(mid(BUTTON), mid(CARD), 3000, 3450),
      { type: 'click', tMs: 3500, ...mid(CARD), button: 'left' },
    ],
  };
  fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The horizontal extent (px) of the pixels matching a colour inside a rectangle (the stage, not the window's title bar with its green dot): the box's width in the frame. */
const extent = (img: Pixels, r: { x: number; y: number; width: number; height: number }, match: (r: number, g: number, b: number) => boolean): number => {
  let x0 = Infinity;
  let x1 = -Infinity;
  for (let y = Math.ceil(r.y); y < Math.floor(r.y + r.height); y++) {
    for (let x = Math.ceil(r.x); x < Math.floor(r.x + r.width); x++) {
      const i = (y * img.width + x) * 3;
      if (match(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!)) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
      }
    }
  }
  return x1 - x0 + 1;
};
const blue = (r: number, g: number, b: number) => b > 150 && r < 90 && g < 120;
const green = (r: number, g: number, b: number) => g > 120 && r < 80 && b < 120;

describe('framing clicked targets in a render', () => {
  it("a small button is framed tighter than a wide card, each at its box's level", { timeout: 240_000 }, async () => {
    const out = path.join(dir, 'framing.mp4');
    await render({ composition: 'Landscape', captureDir: dir, out, scale: SCALE, props: { style: { edit: { idle: { enabled: false } } } } });
    const stage = landscapeLayout({ width: 1920, height: 1080 }, SCREEN, DEFAULT_STYLE).stage;
    // Output px per screen px at zoom 1 (the stage shows the whole screen), at this scale.
    const k1 = (stage.width / SCREEN.width) * SCALE;
    const at = (ms: number) => {
      const png = path.join(dir, `frame-${ms}.png`);
      extractFrame(out, Math.round((ms * 30) / 1000), png);
      return readPixels(png);
    };
    const inStage = { x: stage.x * SCALE, y: stage.y * SCALE, width: stage.width * SCALE, height: stage.height * SCALE };
    const buttonZoom = extent(at(2500), inStage, blue) / (BUTTON.width * k1);
    const cardZoom = extent(at(5500), inStage, green) / (CARD.width * k1);
    const want = { button: zoomLevelForBox(BUTTON, SCREEN, stage), card: zoomLevelForBox(CARD, SCREEN, stage) };
    console.log(
      `framing: button at zoom ${buttonZoom.toFixed(2)} (rule ${want.button.toFixed(2)}), card at ${cardZoom.toFixed(2)} (rule ${want.card.toFixed(2)})`,
    );
    expect(buttonZoom).toBeGreaterThan(cardZoom * 1.6);
    expect(Math.abs(buttonZoom / want.button - 1)).toBeLessThan(0.05);
    expect(Math.abs(cardZoom / want.card - 1)).toBeLessThan(0.05);
  });
});
