/**
 * `screenplay make` with output.music: the music is mixed into the videos; a music change keeps
 * the take and the picture and mixes the sound again; --music wins over the script; a music file
 * that holds no sound stops make before the take (exit 1, no stack).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DESKTOP, TERMINAL, VOICE, skipWithout } from '../helpers/requires';

const skip = skipWithout('make with music on its own virtual stage', DESKTOP, TERMINAL, VOICE, ['ffmpeg']);
const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');

const script = (music: string) => `title: Music test
output: { formats: [landscape]${music ? `, music: ${music}` : ''} }
steps:
  - open_terminal: { title: music-test }
  - say: "Typing now."
  - type: echo made
  - press: Enter
  - wait: 3s
`;

describe.skipIf(skip)('screenplay make with music', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-make-music-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'video.yaml');
  const out = path.join(dir, 'out');
  const video = path.join(out, 'landscape.mp4');
  const env = { ...process.env, ELEVENLABS_API_KEY: '' } as NodeJS.ProcessEnv;
  delete env.DISPLAY;
  const make = (...extra: string[]) => {
    const r = spawnSync(process.execPath, [BIN, 'make', file, '--out', out, '--scale', '0.25', '--no-review', ...extra], {
      cwd: dir,
      env,
      encoding: 'utf8',
      timeout: 300_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  /** Mean level (dB) above 12 kHz (the 13 kHz music; the voice has nothing there) from 1.5 s to 1.5 s before the end. */
  const musicLevel = (): number => {
    const d = Number(spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', video], { encoding: 'utf8' }).stdout);
    const r = spawnSync(
      'ffmpeg',
      ['-hide_banner', '-ss', '1.5', '-t', String(d - 3), '-i', video, '-af', 'highpass=f=12000,highpass=f=12000,volumedetect', '-f', 'null', '-'],
      { encoding: 'utf8' },
    );
    const m = /mean_volume: (-?[\d.]+|-inf) dB/.exec(r.stderr);
    return !m || m[1] === '-inf' ? -120 : Number(m[1]);
  };
  const pictureHash = () =>
    spawnSync('ffmpeg', ['-v', 'error', '-i', video, '-map', '0:v', '-c', 'copy', '-f', 'md5', '-'], { encoding: 'utf8' }).stdout.trim();

  it('mixes output.music in, re-mixes only the sound when the music changes, lets --music win, refuses a file with no sound', { timeout: 900_000 }, () => {
    fs.mkdirSync(path.join(dir, 'music'));
    spawnSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=13000:duration=2:sample_rate=48000', path.join(dir, 'music', 'bed.wav')]);
    fs.writeFileSync(path.join(dir, 'notes.mp3'), 'not audio\n');

    fs.writeFileSync(file, script(''));
    const first = make();
    expect(first.code, first.err).toBe(0);
    const silent = musicLevel();
    const picture = pictureHash();
    const capMtime = fs.statSync(path.join(out, 'capture', 'recording.mp4')).mtimeMs;

    fs.writeFileSync(file, script('{ file: music/bed.wav, volume: 0.5 }'));
    const withMusic = make();
    expect(withMusic.code, withMusic.err).toBe(0);
    expect(withMusic.out).toMatch(/capture .*re-used/);
    expect(withMusic.err).toMatch(/landscape: only the music changed; the picture of \S*landscape\.mp4 is kept, its sound mixed again/);
    expect(fs.statSync(path.join(out, 'capture', 'recording.mp4')).mtimeMs).toBe(capMtime);
    expect(pictureHash()).toBe(picture);
    const half = musicLevel();

    fs.writeFileSync(file, script('{ file: music/bed.wav, volume: 0.125 }'));
    const quieter = make();
    expect(quieter.code, quieter.err).toBe(0);
    expect(quieter.err).toMatch(/only the music changed/);
    const eighth = musicLevel();

    const unchanged = make();
    expect(unchanged.out).toMatch(/landscape .*\(re-used/);

    // --music-volume wins over output.music's volume.
    const flagged = make('--music-volume', '0.5');
    expect(flagged.code, flagged.err).toBe(0);
    const flaggedLevel = musicLevel();
    console.log(
      `make: no music ${silent.toFixed(1)} dB, volume 0.5 ${half.toFixed(1)} dB, volume 0.125 ${eighth.toFixed(1)} dB, --music-volume 0.5 ${flaggedLevel.toFixed(1)} dB (above 12 kHz)`,
    );
    expect(silent).toBeLessThan(-70);
    expect(half).toBeGreaterThan(-45);
    expect(half - eighth).toBeGreaterThan(12 - 2.5); // a quarter of the volume: −12 dB (the dips under the voice weigh alike in both)
    expect(half - eighth).toBeLessThan(12 + 2.5);
    expect(Math.abs(flaggedLevel - half)).toBeLessThan(1);
    expect(pictureHash()).toBe(picture);

    // A music file that holds no sound: exit 1 before any take, naming the field.
    fs.writeFileSync(file, script('{ file: notes.mp3 }').replace('echo made', 'echo changed'));
    const bad = make();
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/output\.music\.file: expected an audio file \(mp3, wav, m4a, ogg, flac…\), but \S*notes\.mp3 cannot be read as one/);
    expect(bad.err).not.toMatch(/make \[2\/4 capture\]|at .*\.ts:\d+/);
    expect(fs.statSync(path.join(out, 'capture', 'recording.mp4')).mtimeMs).toBe(capMtime);
    const badFlag = make('--music', 'notes.mp3');
    expect(badFlag.code).toBe(1);
    expect(badFlag.err).toMatch(/--music: expected an audio file/);
  });
});
