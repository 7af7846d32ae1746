// ffprobe and ffmpeg helpers on small clips made here with ffmpeg (no display).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeDurationMs, probeVideoSize } from '../../src/media/probe';
import { detectStills } from '../../src/media/stills';

let dir: string;
let video: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-media-test-'));
  video = path.join(dir, 'clip.mp4');
  // 1 s of a moving test pattern, then 2 s of one still picture (its first frame held), 320x180 at 10 fps.
  const r = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=10:duration=1',
      '-vf',
      'tpad=stop_mode=clone:stop_duration=2',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      video,
    ],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('probe', () => {
  it("reads a video's length (ms) and frame size (px)", () => {
    expect(probeDurationMs(video)).toBe(3000);
    expect(probeVideoSize(video)).toEqual({ width: 320, height: 180 });
  });
  it('says null for what ffprobe cannot read', () => {
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'not a video');
    expect(probeDurationMs(text)).toBeNull();
    expect(probeVideoSize(text)).toBeNull();
    expect(probeDurationMs(path.join(dir, 'missing.mp4'))).toBeNull();
  });
});

describe('detectStills', () => {
  it('finds the stretch where nothing moves, from the frame after the last change to the end', () => {
    const [still, ...more] = detectStills(video, 3000);
    expect(more).toEqual([]);
    expect(still!.fromMs).toBeGreaterThanOrEqual(900);
    expect(still!.fromMs).toBeLessThanOrEqual(1001);
    expect(still!.toMs).toBe(3000);
  });
  it('leaves out stretches shorter than minMs', () => {
    expect(detectStills(video, 3000, 2500)).toEqual([]);
  });
});
