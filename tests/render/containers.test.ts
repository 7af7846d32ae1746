// encodeContainer on a small synthetic MP4 made here with ffmpeg (no display): each container's
// codecs, size and length as ffprobe reads them, a GIF's loop count in its bytes, the size limit's
// steps, the palette's colours, and the errors.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStackLine, ScreenplayError } from '../../src/errors';
import { encodeContainer, GIF_MIN_FPS, GIF_MIN_WIDTH, nextReduction, type ContainerOptions } from '../../src/render/containers';
import { skipWithout } from '../helpers/requires';

const skip = skipWithout('encoding GIF and WebM', ['ffmpeg', 'ffprobe']);

/** The clip's two flat areas (right half, top and bottom), as RGB. */
const BLUE = [0x33, 0x66, 0xcc] as const;
const LIGHT = [0xf0, 0xf0, 0xf0] as const;
const W = 480;
const H = 272;
/** The clip's length (s): long enough for a 1 s cut to shorten it; short, as every test encodes it (mostly VP9 and GIF). */
const DURATION_S = 1.5;
const DURATION_MS = DURATION_S * 1000;

let dir: string;
let clip: string;
let silent: string;

/** DURATION_S at 30 fps, 480x272: a moving test pattern on the left, two flat colours on the right; a 440 Hz tone (AAC) unless `audio` is false. */
const makeClip = (out: string, audio: boolean) => {
  const hex = (c: readonly number[]) => `0x${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  const r = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${W / 2}x${H}:rate=30:duration=${DURATION_S}`,
      '-f',
      'lavfi',
      '-i',
      `color=c=${hex(BLUE)}:size=${W / 2}x${H / 2}:rate=30:duration=${DURATION_S}`,
      '-f',
      'lavfi',
      '-i',
      `color=c=${hex(LIGHT)}:size=${W / 2}x${H / 2}:rate=30:duration=${DURATION_S}`,
      ...(audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${DURATION_S}`] : []),
      '-filter_complex',
      '[1][2]vstack[r];[0][r]hstack,format=yuv420p[v]',
      '-map',
      '[v]',
      ...(audio ? ['-map', '3:a', '-c:a', 'aac'] : []),
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      out,
    ],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
};

/** ffprobe's streams of a file: codec names by type. */
const streams = (file: string): { video: string | undefined; audio: string | undefined } => {
  const r = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name', '-of', 'json', file], { encoding: 'utf8' });
  const s = (JSON.parse(r.stdout) as { streams: Array<{ codec_type: string; codec_name: string }> }).streams;
  return { video: s.find((x) => x.codec_type === 'video')?.codec_name, audio: s.find((x) => x.codec_type === 'audio')?.codec_name };
};

/** The RGB of pixel (x, y) of frame `n` of a video. */
const pixel = (file: string, n: number, x: number, y: number, width: number, height: number): number[] => {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 64 << 20,
  });
  expect(r.stdout.length).toBe(width * height * 3);
  const at = (y * width + x) * 3;
  return [r.stdout[at]!, r.stdout[at + 1]!, r.stdout[at + 2]!];
};

/** MD5 of a file's video packets (a stream copy keeps it). */
const videoPacketsMd5 = (file: string): string =>
  spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v', '-c', 'copy', '-f', 'md5', '-'], { encoding: 'utf8' }).stdout.trim();

/** An MP4's top-level box types, in order. */
const topBoxes = (file: string): string[] => {
  const b = fs.readFileSync(file);
  const types: string[] = [];
  for (let at = 0; at + 8 <= b.length;) {
    const size = b.readUInt32BE(at);
    types.push(b.toString('latin1', at + 4, at + 8));
    if (size < 8) break;
    at += size;
  }
  return types;
};

/** A GIF's NETSCAPE2.0 loop count, or null when it has no such extension (it plays once). */
const gifLoopCount = (file: string): number | null => {
  const b = fs.readFileSync(file);
  const at = b.indexOf('NETSCAPE2.0', 0, 'latin1');
  if (at < 0) return null;
  // "NETSCAPE2.0", then a sub-block of 3 bytes: 1, then the count as 16-bit little-endian.
  expect([b[at + 11], b[at + 12]]).toEqual([3, 1]);
  return b.readUInt16LE(at + 13);
};

const files = () => fs.readdirSync(dir).sort();

beforeAll(() => {
  if (skip) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-containers-test-'));
  clip = path.join(dir, 'clip.mp4');
  silent = path.join(dir, 'silent.mp4');
  makeClip(clip, true);
  makeClip(silent, false);
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// Each encode is quick alone (under 2 s), but the machine may be shared: generous time limits.
describe.skipIf(skip)('encodeContainer', { timeout: 120_000 }, () => {
  it.each<{ name: string; input: () => string; opts: ContainerOptions; video: string; audio: string | undefined; size: [number, number]; fps: number }>([
    { name: 'mp4, copied', input: () => clip, opts: { container: 'mp4' }, video: 'h264', audio: 'aac', size: [480, 272], fps: 30 },
    {
      name: 'mp4, 320 px at 15 fps',
      input: () => clip,
      opts: { container: 'mp4', width: 320, fps: 15 },
      video: 'h264',
      audio: 'aac',
      size: [320, 182],
      fps: 15,
    },
    { name: 'webm', input: () => clip, opts: { container: 'webm' }, video: 'vp9', audio: 'opus', size: [480, 272], fps: 30 },
    { name: 'webm, no audio, 240 px', input: () => silent, opts: { container: 'webm', width: 240 }, video: 'vp9', audio: undefined, size: [240, 136], fps: 30 },
    { name: 'gif (15 fps by default)', input: () => clip, opts: { container: 'gif' }, video: 'gif', audio: undefined, size: [480, 272], fps: 15 },
    {
      name: 'gif, 301 px at 10 fps',
      input: () => clip,
      opts: { container: 'gif', width: 301, fps: 10 },
      video: 'gif',
      audio: undefined,
      size: [301, 171],
      fps: 10,
    },
  ])('$name: codecs, size, rate and length as ffprobe reads them', async ({ input, opts, video, audio, size, fps }) => {
    const out = path.join(dir, `case.${opts.container}`);
    const r = await encodeContainer(input(), out, opts);
    expect(streams(out)).toEqual({ video, audio });
    expect([r.width, r.height]).toEqual(size);
    expect(r.fps).toBeCloseTo(fps, 0);
    expect(r.durationMs).toBeGreaterThan(DURATION_MS - 100);
    expect(r.durationMs).toBeLessThan(DURATION_MS + 100);
    expect(r.bytes).toBe(fs.statSync(out).size);
    expect(r.notes).toEqual([]);
    expect(files().filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('mp4: copies the streams when nothing changes, with the index (moov) before the media (faststart)', async () => {
    const out = path.join(dir, 'copied.mp4');
    await encodeContainer(clip, out, { container: 'mp4' });
    expect(videoPacketsMd5(out)).toBe(videoPacketsMd5(clip));
    const boxes = topBoxes(out);
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
  });

  it.each<ContainerOptions['container']>(['mp4', 'webm', 'gif'])('%s: maxDurationMs cuts the video there and says so', async (container) => {
    const out = path.join(dir, `cut.${container}`);
    const r = await encodeContainer(clip, out, { container, maxDurationMs: 1000 });
    expect(r.durationMs).toBeGreaterThanOrEqual(950);
    expect(r.durationMs).toBeLessThanOrEqual(1100);
    expect(r.notes).toEqual([`cut at 1.00 s (the input is ${DURATION_S.toFixed(2)} s)`]);
    const longer = await encodeContainer(clip, out, { container, maxDurationMs: 60_000 });
    expect(longer.notes).toEqual([]);
    expect(longer.durationMs).toBeGreaterThan(DURATION_MS - 100);
  });

  it('says when a width or rate above the input is asked for, and keeps the input', async () => {
    const r = await encodeContainer(clip, path.join(dir, 'wide.mp4'), { container: 'mp4', width: 1000, fps: 60 });
    expect([r.width, r.height, r.fps]).toEqual([480, 272, 30]);
    expect(r.notes).toEqual(['width 1000 px is wider than the input (480 px): kept at 480 px', "60 fps is more than the input's 30 fps: kept at 30 fps"]);
  });

  it.each([
    { loop: undefined, count: 0 },
    { loop: 0, count: 0 },
    { loop: 3, count: 3 },
    { loop: -1, count: null },
  ])('gif: loop $loop is written as NETSCAPE2.0 count $count', async ({ loop, count }) => {
    const out = path.join(dir, 'loop.gif');
    await encodeContainer(clip, out, { container: 'gif', width: 160, maxDurationMs: 500, ...(loop === undefined ? {} : { loop }) });
    expect(gifLoopCount(out)).toBe(count);
  });

  it.each([
    { name: 'default (full, no dithering, rectangle)', gif: {} },
    { name: 'bayer:5', gif: { dither: 'bayer' as const, bayerScale: 5 } },
    { name: 'sierra2_4a', gif: { dither: 'sierra2_4a' as const } },
    { name: 'diff statistics', gif: { statsMode: 'diff' as const } },
  ])('gif palette ($name): the flat colour areas come out within 12 levels of their colour', async ({ gif }) => {
    const out = path.join(dir, 'palette.gif');
    await encodeContainer(clip, out, { container: 'gif', maxDurationMs: 1000, gif });
    for (const n of [0, 12]) {
      for (const [colour, y] of [
        [BLUE, H / 4],
        [LIGHT, (3 * H) / 4],
      ] as const) {
        const got = pixel(out, n, (3 * W) / 4, y, W, H);
        got.forEach((v, i) => expect(Math.abs(v - colour[i]!), `frame ${n}: ${got} for ${colour}`).toBeLessThanOrEqual(12));
      }
    }
  });

  it('gif over maxBytes: steps the frame rate down, then the width, at most 3 times, and keeps the last when still over', async () => {
    const out = path.join(dir, 'tight.gif');
    const r = await encodeContainer(clip, out, { container: 'gif', maxBytes: 1000 });
    expect(r.notes).toHaveLength(4);
    expect(r.notes[0]).toMatch(/^0\.\d\d MB is over 0\.00 MB: frame rate 15 → 10 fps$/);
    expect(r.notes[1]).toMatch(/: width 480 → 240 px$/);
    expect(r.notes[2]).toMatch(/: width 240 → 160 px$/);
    expect(r.notes[3]).toMatch(/^still 0\.\d\d MB, over the limit of 0\.00 MB, after 3 reductions: kept this one \(160x91, 10 fps\)$/);
    expect([r.width, r.height, r.fps]).toEqual([160, 91, 10]);
    expect(r.bytes).toBeGreaterThan(1000);
    expect(files().filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('gif over a reachable maxBytes: ends under it', async () => {
    const out = path.join(dir, 'fits.gif');
    const first = await encodeContainer(clip, out, { container: 'gif' });
    const maxBytes = Math.round(first.bytes * 0.5);
    const r = await encodeContainer(clip, out, { container: 'gif', maxBytes });
    expect(r.bytes).toBeLessThanOrEqual(maxBytes);
    expect(r.notes.length).toBeGreaterThanOrEqual(1);
    expect(r.notes.length).toBeLessThanOrEqual(3);
    expect(r.notes.every((n) => / is over /.test(n))).toBe(true);
  });

  it.each<ContainerOptions['container']>(['mp4', 'webm'])('%s over a reachable maxBytes: a video bitrate that fits', async (container) => {
    const out = path.join(dir, `fits.${container}`);
    const first = await encodeContainer(clip, out, { container });
    const maxBytes = Math.round(first.bytes * 0.5);
    const r = await encodeContainer(clip, out, { container, maxBytes });
    expect(r.notes[0]).toMatch(/ is over .*: video bitrate constant quality → \d+ kbit\/s$/);
    expect(r.bytes).toBeLessThanOrEqual(maxBytes);
  });
});

describe.skipIf(skip)('encodeContainer errors', () => {
  /** The error encodeContainer rejects with. */
  const failure = async (input: string, out: string, opts: ContainerOptions): Promise<ScreenplayError> => {
    const err = await encodeContainer(input, out, opts).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ScreenplayError);
    const e = err as ScreenplayError;
    expect(e.message.split('\n').some(isStackLine)).toBe(false);
    return e;
  };

  it('a missing input: a runtime error naming it', async () => {
    const missing = path.join(dir, 'missing.mp4');
    const e = await failure(missing, path.join(dir, 'x.gif'), { container: 'gif' });
    expect(e.code).toBe('runtime');
    expect(e.message).toBe(`encoding ${path.join(dir, 'x.gif')} as GIF: cannot read the input video ${missing}: ENOENT`);
  });

  it("an input that is not a video: a runtime error with ffprobe's words", async () => {
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'not a video');
    const e = await failure(text, path.join(dir, 'x.webm'), { container: 'webm' });
    expect(e.code).toBe('runtime');
    expect(e.message).toMatch(new RegExp(`^encoding .*x\\.webm as WEBM: ffprobe cannot read ${text.replace(/[.]/g, '\\.')}: .*Invalid data`));
  });

  it('ffmpeg failing: a runtime error with its last lines; the old file stays and no temporary file is left', async () => {
    const out = path.join(dir, 'kept.gif');
    fs.writeFileSync(out, 'old');
    const before = files();
    const e = await failure(clip, out, { container: 'gif', gif: { dither: 'bayer', bayerScale: 9 } });
    expect(e.code).toBe('runtime');
    expect(e.message).toMatch(/^encoding .*kept\.gif as GIF: ffmpeg failed \(exit \d+\): .*bayer_scale/);
    expect(fs.readFileSync(out, 'utf8')).toBe('old');
    expect(files()).toEqual(before);
  });

  it("an output folder that does not exist: ffmpeg's words", async () => {
    const e = await failure(clip, path.join(dir, 'nowhere', 'x.mp4'), { container: 'mp4' });
    expect(e.message).toMatch(/ffmpeg failed \(exit \d+\): .*No such file or directory/);
  });

  it('the process exiting mid-encode: ffmpeg is ended and no hidden file is left', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'exit-'));
    const script = path.join(sub, 'exit.mts');
    const module = path.resolve('src/render/containers.ts');
    // encodeContainer spawns ffmpeg before its first await; the process exits on the next turn.
    fs.writeFileSync(
      script,
      `import { encodeContainer } from ${JSON.stringify(module)};\nvoid encodeContainer(${JSON.stringify(clip)}, ${JSON.stringify(path.join(sub, 'x.webm'))}, { container: 'webm' });\nsetImmediate(() => process.exit(3));\n`,
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(3);
    await new Promise((done) => setTimeout(done, 1000));
    expect(fs.readdirSync(sub)).toEqual(['exit.mts']);
  });

  it.each<{ opts: ContainerOptions; message: string }>([
    { opts: { container: 'avi' as 'mp4' }, message: 'container must be mp4, webm or gif, but got avi' },
    { opts: { container: 'gif', width: 0 }, message: 'width must be a positive integer, but got 0' },
    { opts: { container: 'gif', width: 320.5 }, message: 'width must be a positive integer, but got 320.5' },
    { opts: { container: 'gif', fps: -1 }, message: 'fps must be a positive number, but got -1' },
    { opts: { container: 'gif', maxBytes: Number.NaN }, message: 'maxBytes must be a positive integer, but got NaN' },
    { opts: { container: 'mp4', maxDurationMs: 0 }, message: 'maxDurationMs must be a positive number, but got 0' },
    { opts: { container: 'gif', loop: -2 }, message: 'loop must be -1 (play once), 0 (forever) or a repeat count up to 65535, but got -2' },
  ])('invalid options: $message', async ({ opts, message }) => {
    const e = await failure(clip, path.join(dir, 'x.out'), opts);
    expect(e.code).toBe('invalid-input');
    expect(e.message).toBe(`encodeContainer: ${message}`);
  });
});

describe('nextReduction', () => {
  const src = { width: 960, height: 540, fps: 30, hasAudio: true };
  it.each([
    {
      name: 'gif: the rate first, by a quarter at least',
      a: { width: 640, height: 360, fps: 15 },
      bytes: 12e6,
      max: 10e6,
      want: { width: 640, height: 360, fps: 11 },
    },
    {
      name: 'gif: the rate as far as the overshoot says, not under the floor',
      a: { width: 640, height: 360, fps: 15 },
      bytes: 40e6,
      max: 10e6,
      want: { width: 640, height: 360, fps: GIF_MIN_FPS },
    },
    {
      name: 'gif: then the width by the square root of the overshoot',
      a: { width: 640, height: 360, fps: 10 },
      bytes: 20e6,
      max: 10e6,
      want: { width: 430, height: 242, fps: 10 },
    },
    { name: 'gif: by 15 % at least', a: { width: 640, height: 360, fps: 10 }, bytes: 10.5e6, max: 10e6, want: { width: 544, height: 306, fps: 10 } },
    { name: 'gif: by half at most', a: { width: 640, height: 360, fps: 10 }, bytes: 100e6, max: 10e6, want: { width: 320, height: 180, fps: 10 } },
    {
      name: 'gif: never under the narrowest',
      a: { width: 200, height: 113, fps: 10 },
      bytes: 100e6,
      max: 10e6,
      want: { width: GIF_MIN_WIDTH, height: 90, fps: 10 },
    },
  ])('$name', ({ a, bytes, max, want }) => {
    expect(nextReduction('gif', src, a, bytes, max, 15_000)?.attempt).toEqual(want);
  });

  it('gif: nothing left at the narrowest and slowest', () => {
    expect(nextReduction('gif', src, { width: GIF_MIN_WIDTH, height: 90, fps: GIF_MIN_FPS }, 2e6, 1e6, 15_000)).toBeNull();
  });

  it.each([
    // 8 MB over 10 s: 8e6 * 8 * 0.92 / 10 s = 5888 kbit/s, less the audio.
    { container: 'mp4' as const, kbps: undefined, want: 5888 - 160 },
    { container: 'webm' as const, kbps: undefined, want: 5888 - 96 },
    // Already at a bitrate: lowered by the overshoot (8/10 * 0.92).
    { container: 'webm' as const, kbps: 4000, want: 2944 },
  ])('$container at $kbps kbit/s, 10 MB over 8 MB in 10 s: $want kbit/s', ({ container, kbps, want }) => {
    const a = { width: 960, height: 540, fps: 30, ...(kbps ? { videoKbps: kbps } : {}) };
    const next = nextReduction(container, src, a, 10e6, 8e6, 10_000);
    expect(next?.attempt.videoKbps).toBe(want);
    expect(next?.note).toBe(`10.00 MB is over 8.00 MB: video bitrate ${kbps ? `${kbps} kbit/s` : 'constant quality'} → ${want} kbit/s`);
  });
});
