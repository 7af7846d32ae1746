/**
 * The recording clock: frame 0 is ffmpeg's first frame, whose wall time ffmpeg reports.
 * A colour flip made at a known wall time must show in the frame that time maps to (±1).
 */
import { probeColourSpace, RECORDING_COLOUR_FILTER } from '../../src/media/probe';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFfmpegStart, screenRecordingArgs, startScreenRecording } from '../../src/capture/ffmpeg-recorder';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { DESKTOP, skipWithout } from '../helpers/requires';

const skip = skipWithout('x11grab recording on Xvfb', DESKTOP);

describe('parseFfmpegStart', () => {
  it.each([
    {
      name: 'reads the x11grab input start',
      text: "Input #0, x11grab, from ':99':\n  Duration: N/A, start: 1795643654.961487, bitrate: 221184 kb/s",
      want: 1795643654961.487,
    },
    { name: 'ignores an output start', text: "Output #0, mp4, to 'x.mp4':\n  Duration: N/A, start: 12.5", want: null },
    { name: 'nothing yet', text: 'ffmpeg version 5.1.6', want: null },
  ])('$name', ({ text, want }) => {
    const got = parseFfmpegStart(text);
    if (want === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 2);
  });

  it.each([
    {
      name: 'reads the avfoundation input start',
      text: "Input #0, avfoundation, from '1:none':\n  Duration: N/A, start: 1795643654.5, bitrate: N/A",
      want: 1795643654500,
    },
    {
      name: 'reads the gdigrab input start',
      text: "Input #0, gdigrab, from 'desktop':\n  Duration: N/A, start: 1795643654.25, bitrate: 1 kb/s",
      want: 1795643654250,
    },
  ])('$name', ({ text, want }) => expect(parseFfmpegStart(text)).toBeCloseTo(want, 2));

  it.each([
    {
      platform: 'linux' as const,
      display: ':5',
      want: /-f x11grab -framerate 30 -video_size 640x360 -draw_mouse 0 -i :5\.0\+0,0 -vf fps=30:round=near,scale=out_color_matrix=bt601:out_range=tv,format=yuv420p /,
      pointer: false,
    },
    { platform: 'linux' as const, display: ':5', want: /-draw_mouse 1 -i :5\.0\+0,0/, pointer: true },
    {
      platform: 'darwin' as const,
      display: '1',
      want: /-f avfoundation -use_wallclock_as_timestamps 1 -framerate 30 -capture_cursor 0 -capture_mouse_clicks 0 -pixel_format uyvy422 -i 1:none -vf scale=640:360,fps=30:round=near,scale=out_color_matrix=bt601:out_range=tv,format=yuv420p /,
      pointer: false,
    },
    {
      platform: 'win32' as const,
      display: '',
      want: /-f gdigrab -use_wallclock_as_timestamps 1 -framerate 30 -draw_mouse 0 -offset_x 0 -offset_y 0 -video_size 640x360 -i desktop -vf fps=30:round=near,scale=out_color_matrix=bt601:out_range=tv,format=yuv420p /,
      pointer: false,
    },
  ])('$platform (pointer $pointer): wall-clock timestamps, constant frame rate by nearest frame, fragmented MP4', ({ platform, display, want, pointer }) => {
    const args = screenRecordingArgs({ platform, display, width: 640, height: 360, fps: 30, out: 'x.mp4', pointer }).join(' ');
    expect(args).toMatch(want);
    expect(args).toMatch(/-fps_mode passthrough -c:v libx264 .* -g 30 -movflags \+frag_keyframe\+empty_moov\+default_base_moof -flush_packets 1 -y x\.mp4$/);
  });

  it.each([
    { size: [1366, 768], pad: null },
    { size: [1281, 721], pad: 'format=gbrp,pad=1282:722:0:0,fillborders=right=1:bottom=1:mode=smear' },
    { size: [801, 601], pad: 'format=gbrp,pad=802:602:0:0,fillborders=right=1:bottom=1:mode=smear' },
    { size: [2560, 1600], pad: null },
    { size: [641, 360], pad: 'format=gbrp,pad=642:360:0:0,fillborders=right=1:bottom=0:mode=smear' },
  ])('a $size.0 x $size.1 screen: padded to even sides at the right and bottom ($pad)', ({ size, pad }) => {
    const [width, height] = size as [number, number];
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const vf = screenRecordingArgs({ platform, display: ':5', width, height, fps: 30, out: 'x.mp4' })
        .join(' ')
        .match(/-vf (\S+)/)?.[1];
      expect(vf).toMatch(
        pad ? new RegExp(`fps=30:round=near,${pad},${RECORDING_COLOUR_FILTER}$`) : new RegExp(`fps=30:round=near,${RECORDING_COLOUR_FILTER}$`),
      );
    }
  });
});

describe.skipIf(skip)('x11grab recording on Xvfb', () => {
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
    const rec = startScreenRecording({ display: desktop.display, width: 320, height: 240, fps: 30, out });
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
    // The recording says how its colours were converted (BT.601), so Chromium reads them as ffmpeg does,
    // and pure red from the screen is pure red in it.
    expect(probeColourSpace(out)).toEqual({ codec: 'h264', colourSpace: 'smpte170m' });
    const red = spawnSync(
      'ffmpeg',
      ['-v', 'error', '-sseof', '-0.2', '-i', out, '-frames:v', '1', '-vf', 'crop=8:8:100:100', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
      { maxBuffer: 1 << 20 },
    ).stdout;
    expect([red[0]! >= 250, red[1]! <= 4, red[2]! <= 4]).toEqual([true, true, true]);
    const frameMs = 1000 / 30;
    // The flip happened between `before` and `after`; its frame is the first whose time is past it.
    expect(firstRed * frameMs).toBeGreaterThanOrEqual(before - origin - frameMs);
    expect(firstRed * frameMs).toBeLessThanOrEqual(after - origin + 2 * frameMs);
  });
});
