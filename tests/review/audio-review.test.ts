/**
 * The audio checks on real files: a capture dir with one narration line (1 s to 3.5 s), and
 * "videos" made with ffmpeg from its recording (scaled to a 0.25 Landscape frame) with an audio
 * track that is silent, past full scale, or a clean tone (lavfi sine is 1/8 of full scale: volume=12 clips, volume=2 is -6 dBFS). The PCM is decoded by ffmpeg, as in
 * a review of a render.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CaptureLog } from '../../src/capture-log';
import { reviewVideo } from '../../src/review/review-video';
import { cursorPath } from '../helpers/capture';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-review-audio-'));
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=s=1920x1080:r=30:d=5',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-g',
    '30',
    path.join(dir, 'recording.mp4'),
  ]);
  fs.mkdirSync(path.join(dir, 'narration'));
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=300:d=2.5', path.join(dir, 'narration', 'hello.wav')]);
  fs.writeFileSync(
    path.join(dir, 'narration', 'narration.json'),
    JSON.stringify({
      version: 1,
      provider: 'espeak',
      lines: [
        {
          id: 'hello',
          text: 'Hello there',
          audio: 'hello.wav',
          durationMs: 2500,
          words: [
            { text: 'Hello', startMs: 0, endMs: 1200 },
            { text: 'there', startMs: 1200, endMs: 2400 },
          ],
        },
      ],
    }),
  );
  const log: CaptureLog = {
    version: 1,
    recording: 'recording.mp4',
    screen: { width: 1920, height: 1080 },
    fps: 30,
    durationMs: 5000,
    pointer: 'recorded',
    events: [
      { type: 'step', id: '1', action: 'say', tMs: 1000, endMs: 3500, source: 'voice.yaml:3:5' },
      { type: 'say', id: 'hello', tMs: 1000, endMs: 3500 },
      { type: 'step', id: '2', action: 'click', tMs: 3500, endMs: 5000, source: 'voice.yaml:4:5' },
      ...cursorPath({ x: 500, y: 500 }, { x: 900, y: 500 }, 3600, 3900),
      { type: 'click', tMs: 4000, x: 900, y: 500, button: 'left' },
    ],
  };
  fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The recording at 480x270 with `audio` (a lavfi source) as 16-bit PCM, in Matroska. */
const video = (name: string, audio: string): string => {
  const out = path.join(dir, `${name}.mkv`);
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-i',
    path.join(dir, 'recording.mp4'),
    '-f',
    'lavfi',
    '-i',
    audio,
    '-vf',
    'scale=480:270',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-c:a',
    'pcm_s16le',
    '-t',
    '5',
    out,
  ]);
  return out;
};

it.each([
  ['silent audio', 'anullsrc=r=48000:cl=stereo', ['audio-silent']],
  ['a tone past full scale', 'sine=f=440:r=48000,volume=12', ['audio-clipping']],
  ['a clean tone', 'sine=f=440:r=48000,volume=2', []],
])(
  '%s where the line is said',
  async (name, audio, checks) => {
    const report = await reviewVideo({ captureDir: dir, video: video(name.replace(/\W+/g, '-'), audio), format: 'landscape' });
    const found = report.findings.filter((f) => f.check.startsWith('audio-'));
    expect(found.map((f) => f.check)).toEqual(checks);
    for (const f of found) {
      expect(f).toMatchObject({ step: '1', source: 'voice.yaml:3:5' });
      expect(f.fromMs).toBeGreaterThanOrEqual(1000);
      expect(f.toMs).toBeLessThanOrEqual(3500);
    }
  },
  60_000,
);

it('an untrusted capture dir naming a recording outside itself is refused (exit 1), and nothing is written', async () => {
  const { main } = await import('../../src/cli/main');
  const bad = path.join(dir, 'bad');
  fs.mkdirSync(bad);
  const log = JSON.parse(fs.readFileSync(path.join(dir, 'capture.json'), 'utf8')) as CaptureLog;
  fs.writeFileSync(path.join(bad, 'capture.json'), JSON.stringify({ ...log, recording: '../recording.mp4' }));
  expect(await main(['review', bad])).toBe(1);
  expect(fs.readdirSync(bad)).toEqual(['capture.json']);
});
