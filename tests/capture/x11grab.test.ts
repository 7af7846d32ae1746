/**
 * The recording clock: frame 0 is ffmpeg's first frame, whose wall time ffmpeg reports.
 * A colour flip made at a known wall time must show in the frame that time maps to (±1).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFfmpegStart, startX11Recording, x11grabArgs } from '../../src/capture/ffmpeg-x11grab';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/capture/xvfb';

describe('parseFfmpegStart', () => {
  it.each([
    { name: 'reads the x11grab input start', text: "Input #0, x11grab, from ':99':\n  Duration: N/A, start: 1795643654.961487, bitrate: 221184 kb/s", want: 1795643654961.487 },
    { name: 'ignores an output start', text: "Output #0, mp4, to 'x.mp4':\n  Duration: N/A, start: 12.5", want: null },
    { name: 'nothing yet', text: 'ffmpeg version 5.1.6', want: null },
  ])('$name', ({ text, want }) => {
    const got = parseFfmpegStart(text);
    if (want === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 2);
  });

  it('records with wall-clock timestamps, without the pointer, at a constant frame rate', () => {
    const args = x11grabArgs({ display: ':5', width: 640, height: 360, fps: 30, out: 'x.mp4' });
    expect(args.join(' ')).toMatch(/-f x11grab -use_wallclock_as_timestamps 1 -framerate 30 -video_size 640x360 -draw_mouse 0 -i :5\.0\+0,0/);
    expect(args.join(' ')).toMatch(/-fps_mode cfr -r 30/);
  });
});

describe('x11grab recording on Xvfb', () => {
  let desktop: VirtualDesktop;
  let dir: string;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 320, height: 240, windowManager: false, background: '#000000' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-x11grab-'));
  });
  afterAll(async () => {
    await desktop?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a change made at a wall time shows within one frame of that time on the recording clock', { timeout: 60_000 }, async () => {
    const out = path.join(dir, 'rec.mp4');
    const rec = startX11Recording({ display: desktop.display, width: 320, height: 240, fps: 30, out });
    const origin = await rec.firstFrameWallMs;
    await new Promise((r) => setTimeout(r, 1200));
    const before = performance.timeOrigin + performance.now();
    spawnSync('xsetroot', ['-solid', '#ff0000'], { env: { ...process.env, DISPLAY: desktop.display } });
    const after = performance.timeOrigin + performance.now();
    await new Promise((r) => setTimeout(r, 800));
    await rec.stop();

    // Mean red of every frame (one byte per frame after scaling to 1x1).
    const raw = spawnSync('ffmpeg', ['-v', 'error', '-i', out, '-vf', 'scale=1:1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 24 });
    const frames: number[] = [];
    for (let i = 0; i + 2 < raw.stdout.length; i += 3) frames.push(raw.stdout[i]!);
    const firstRed = frames.findIndex((r) => r > 128);
    expect(firstRed).toBeGreaterThan(0);
    const frameMs = 1000 / 30;
    // The flip happened between `before` and `after`; its frame is the first whose time is past it.
    expect(firstRed * frameMs).toBeGreaterThanOrEqual(before - origin - frameMs);
    expect(firstRed * frameMs).toBeLessThanOrEqual(after - origin + 2 * frameMs);
  });
});
