/**
 * The script's avatar block, end to end through `screenplay render CAPTURE --out DIR`: every
 * format the script names is rendered; a HeyGen avatar is generated from the narration (a local
 * server speaking HeyGen's wire format) and plays in the bubble while lines are spoken; without
 * a key the built-in avatar speaks instead.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panelAvatarSpot, squareLayout } from '../../src/frame/layout';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { narrate } from '../../src/narration';
import { createEspeakProvider } from '../../src/narration/espeak';
import { HEYGEN_KEY, startFakeHeygen, type FakeHeygen } from '../helpers/fake-heygen';
import { extractFrame, makeSyntheticCapture, probe, readPixels, regionDiff } from '../helpers/synthetic';
import { VOICE, skipWithout } from '../helpers/requires';

const skip = skipWithout('the avatar source tests (narrated by the offline voice)', VOICE);

const run = promisify(execFile);
const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');
/** When the line is spoken (ms): early, so that a short capture holds it (the line takes about 2.5 s). */
const SAY_AT = 500;
/** The capture's length (s): the line and a little after it (every second of it is rendered in two formats). */
const CAPTURE_S = 3.2;

let capture: string;
let fake: FakeHeygen;
let sayEndMs = 0;
beforeAll(async () => {
  if (skip) return;
  fake = await startFakeHeygen();
  capture = makeSyntheticCapture(CAPTURE_S);
  const n = await narrate([{ id: 'intro', text: 'Ship it today, with one command.', source: 'video.yaml:3:5' }], {
    provider: createEspeakProvider(),
    outDir: path.join(capture, 'narration'),
  });
  const log = JSON.parse(fs.readFileSync(path.join(capture, 'capture.json'), 'utf8'));
  sayEndMs = SAY_AT + n.narration.lines[0]!.durationMs;
  expect(sayEndMs, 'the line ends inside the capture').toBeLessThan(CAPTURE_S * 1000);
  log.events.push({ type: 'say', id: 'intro', tMs: SAY_AT, endMs: sayEndMs });
  log.formats = ['square', 'tiktok'];
  log.avatar = { provider: 'heygen', avatarId: 'Daisy-inskirt-20220818' };
  fs.writeFileSync(path.join(capture, 'capture.json'), JSON.stringify(log));
}, 60_000);
afterAll(async () => {
  await fake?.close();
  if (capture) fs.rmSync(capture, { recursive: true, force: true });
});

describe.skipIf(skip)('avatar sources and formats', () => {
  it('renders each format the script names, with the HeyGen avatar speaking in the panel', { timeout: 300_000 }, async () => {
    const out = path.join(capture, 'videos');
    const r = await run(process.execPath, [BIN, 'render', capture, '--out', out, '--scale', '0.25'], {
      env: { ...process.env, HEYGEN_API_KEY: HEYGEN_KEY, HEYGEN_BASE_URL: fake.url },
      timeout: 280_000,
    });
    expect(r.stderr).toMatch(/the avatar is a video clip: rendering in the browser/);
    expect(
      fs
        .readdirSync(out)
        .filter((f) => f.endsWith('.mp4'))
        .sort(),
    ).toEqual(['square.mp4', 'tiktok.mp4']);
    expect(probe(path.join(out, 'square.mp4'))).toMatchObject({ width: 270, height: 270 });
    expect(probe(path.join(out, 'tiktok.mp4'))).toMatchObject({ width: 270, height: 480 });
    // One upload, one generation (the second format reused the cached video).
    expect(fake.requests.filter((q) => q.path === '/v2/video/generate')).toHaveLength(1);
    expect(fs.readdirSync(path.join(capture, 'avatar')).some((f) => /^heygen-[0-9a-f]{16}\.mp4$/.test(f))).toBe(true);

    // In the square video's avatar spot: the clip plays while the line is spoken (the picture
    // changes), and holds still before it.
    const layout = squareLayout({ width: 1080, height: 1080 }, { width: 480, height: 270 }, { ...DEFAULT_STYLE, padding: 0.045 });
    const spot = panelAvatarSpot(layout.panel);
    const k = 0.25;
    const inner = { x: (spot.x + spot.size * 0.3) * k, y: (spot.y + spot.size * 0.3) * k, width: spot.size * 0.4 * k, height: spot.size * 0.4 * k };
    const frame = (ms: number) => {
      const png = path.join(capture, `sq-${ms}.png`);
      extractFrame(path.join(out, 'square.mp4'), Math.round((ms * 30) / 1000), png);
      return readPixels(png);
    };
    const before1 = frame(150);
    const before2 = frame(400);
    const during1 = frame(SAY_AT + 300);
    const during2 = frame(SAY_AT + 900);
    const still = regionDiff(before1, before2, inner);
    const playing = regionDiff(during1, during2, inner);
    console.log(`HeyGen avatar in the square video: picture change ${still.toFixed(1)} before the line, ${playing.toFixed(1)} while it is spoken`);
    expect(still).toBeLessThan(2);
    expect(playing).toBeGreaterThan(8);
  });

  it('without a HeyGen key the built-in avatar speaks, and the render says so', { timeout: 200_000 }, async () => {
    const env = { ...process.env };
    delete env.HEYGEN_API_KEY;
    const still = path.join(capture, 'nokey.png');
    const r = await run(process.execPath, [BIN, 'render', capture, '--composition', 'Square', '--still', '45', '--out', still, '--scale', '0.25'], {
      env,
      timeout: 190_000,
    });
    expect(r.stderr).toMatch(/no HEYGEN_API_KEY, so the built-in avatar speaks instead/);
    expect(fs.existsSync(still)).toBe(true);
  });
});
