/**
 * make with output.music, on a kept capture (a synthetic one with a narration line, so no take
 * is needed): the music is mixed into the video; a music change keeps the capture and the
 * picture and mixes only the sound again; the command line's music wins over the script's; a
 * music file that holds no sound stops `screenplay make` before the take (exit 1, no stack).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScript, type Plan } from '../../src/dsl';
import { captureKey } from '../../src/make/keys';
import { make, type MakeProgress } from '../../src/make/make';
import { narrate } from '../../src/narration';
import { createEspeakProvider } from '../../src/narration/espeak';
import { makeSyntheticCapture } from '../helpers/synthetic';
import { VOICE, skipWithout } from '../helpers/requires';

const skip = skipWithout('make with music (the offline voice)', VOICE);
const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');
const SAY_AT = 1500;

const script = (music: string) => `title: Music test
output: { formats: [landscape]${music ? `, music: ${music}` : ''} }
steps:
  - say: "Ship it today."
`;

describe.skipIf(skip)('make with music', () => {
  let root: string;
  let out: string;
  let video: string;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-make-music-'));
    out = path.join(root, 'out');
    video = path.join(out, 'landscape.mp4');
    fs.mkdirSync(path.join(root, 'music'));
    spawnSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=13000:duration=2:sample_rate=48000', path.join(root, 'music', 'bed.wav')]);
    // Another bed, 12 dB quieter.
    spawnSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=13000:duration=1:sample_rate=44100',
      '-af',
      'volume=0.25',
      path.join(root, 'other.wav'),
    ]);
    fs.writeFileSync(path.join(root, 'notes.mp3'), 'not audio\n');
    // The kept take: a synthetic capture dir with one narration line, as make's OUT/capture.
    const cap = makeSyntheticCapture(6);
    const r = await narrate([{ id: 'intro', text: 'Ship it today.', source: 'video.yaml:4:5' }], {
      provider: createEspeakProvider(),
      outDir: path.join(cap, 'narration'),
    });
    const log = JSON.parse(fs.readFileSync(path.join(cap, 'capture.json'), 'utf8'));
    log.events.push({ type: 'say', id: 'intro', tMs: SAY_AT, endMs: SAY_AT + r.narration.lines[0]!.durationMs });
    fs.writeFileSync(path.join(cap, 'capture.json'), JSON.stringify(log));
    fs.mkdirSync(out);
    fs.cpSync(cap, path.join(out, 'capture'), { recursive: true });
    fs.rmSync(cap, { recursive: true, force: true });
  }, 120_000);
  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const planOf = (text: string): Plan => {
    fs.writeFileSync(path.join(root, 'video.yaml'), text);
    const r = compileScript({ entry: 'video.yaml', files: { 'video.yaml': text }, root: '' });
    if (!r.plan) throw new Error(JSON.stringify(r.errors));
    return r.plan;
  };
  /** make on the kept capture (its key written as the last make's); returns the render lines it reported. */
  const run = async (text: string, music?: { file?: string; volume?: number }) => {
    const plan = planOf(text);
    const manifestFile = path.join(out, 'make.json');
    const manifest = fs.existsSync(manifestFile) ? JSON.parse(fs.readFileSync(manifestFile, 'utf8')) : { version: 1 };
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, captureKey: captureKey(plan, root) }));
    const lines: string[] = [];
    const r = await make({
      plan,
      rootDir: root,
      outDir: out,
      voice: createEspeakProvider(),
      scale: 0.25,
      review: false,
      ...(music ? { music } : {}),
      onProgress: (p: MakeProgress) => lines.push(`${p.stage}: ${p.line}`),
    });
    expect(r.capture.reused).toBe(true);
    return { lines, video: r.videos[0]! };
  };
  /** Mean level (dB) above 12 kHz (the 13 kHz music; the voice has nothing there) from 1 s to 1.5 s before the end. */
  const musicLevel = (): number => {
    const r = spawnSync(
      'ffmpeg',
      ['-hide_banner', '-ss', '1', '-t', '3.5', '-i', video, '-af', 'highpass=f=12000,highpass=f=12000,volumedetect', '-f', 'null', '-'],
      { encoding: 'utf8' },
    );
    const m = /mean_volume: (-?[\d.]+|-inf) dB/.exec(r.stderr);
    return !m || m[1] === '-inf' ? -120 : Number(m[1]);
  };
  const pictureHash = () =>
    spawnSync('ffmpeg', ['-v', 'error', '-i', video, '-map', '0:v', '-c', 'copy', '-f', 'md5', '-'], { encoding: 'utf8' }).stdout.trim();

  it('mixes output.music in; a music change keeps the picture and mixes the sound again; the command line wins', { timeout: 900_000 }, async () => {
    let t0 = Date.now();
    const first = await run(script(''));
    const renderMs = Date.now() - t0;
    expect(first.video.reused).toBe(false);
    const silent = musicLevel();
    const picture = pictureHash();

    t0 = Date.now();
    const withMusic = await run(script('{ file: music/bed.wav, volume: 0.5 }'));
    const remixMs = Date.now() - t0;
    expect(withMusic.lines.join('\n')).toMatch(/^render: landscape: only the music changed; the picture of \S*landscape\.mp4 is kept, its sound mixed again$/m);
    expect(pictureHash()).toBe(picture);
    const half = musicLevel();

    const quieter = await run(script('{ file: music/bed.wav, volume: 0.125 }'));
    expect(quieter.lines.some((l) => /only the music changed/.test(l))).toBe(true);
    const eighth = musicLevel();

    const again = await run(script('{ file: music/bed.wav, volume: 0.125 }'));
    expect(again.video.reused).toBe(true);

    // The command line's volume wins over the script's; its file too.
    await run(script('{ file: music/bed.wav, volume: 0.125 }'), { volume: 0.5 });
    const flagged = musicLevel();
    await run(script('{ file: music/bed.wav, volume: 0.5 }'), { file: path.join(root, 'other.wav') });
    const otherFile = musicLevel();
    expect(pictureHash()).toBe(picture);
    console.log(
      `make: no music ${silent.toFixed(1)} dB, volume 0.5 ${half.toFixed(1)} dB, volume 0.125 ${eighth.toFixed(1)} dB, the flag's 0.5 over the script's 0.125 ${flagged.toFixed(1)} dB, the flag's file ${otherFile.toFixed(1)} dB (above 12 kHz); the first make rendered in ${renderMs} ms, the music change took ${remixMs} ms`,
    );
    expect(silent).toBeLessThan(-60); // the voice and the codec leave about −70 dB up there
    expect(half).toBeGreaterThan(-45);
    expect(half - eighth).toBeGreaterThan(12 - 1.5); // a quarter of the volume: −12 dB
    expect(half - eighth).toBeLessThan(12 + 1.5);
    expect(Math.abs(flagged - half)).toBeLessThan(1);
    expect(half - otherFile).toBeGreaterThan(12 - 1.5);
    expect(half - otherFile).toBeLessThan(12 + 1.5);

    // No music again: the picture kept, the music gone.
    await run(script(''));
    expect(musicLevel()).toBeLessThan(-60);
    expect(pictureHash()).toBe(picture);
  });

  it('screenplay make: a music file that holds no sound is exit 1 before the take, naming the field', { timeout: 120_000 }, () => {
    fs.writeFileSync(path.join(root, 'bad.yaml'), script('{ file: notes.mp3 }'));
    const env = { ...process.env, ELEVENLABS_API_KEY: '' } as NodeJS.ProcessEnv;
    delete env.DISPLAY;
    const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, 'make', ...args], { cwd: root, env, encoding: 'utf8', timeout: 100_000 });
    const bad = cli('bad.yaml', '--out', path.join(root, 'out-bad'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/output\.music\.file: expected an audio file \(mp3, wav, m4a, ogg, flac…\), but \S*notes\.mp3 cannot be read as one/);
    expect(bad.stderr).not.toMatch(/make \[\d\/4|\n\s+at /);
    const flag = cli('video.yaml', '--out', path.join(root, 'out-bad'), '--music', 'notes.mp3');
    expect(flag.status).toBe(1);
    expect(flag.stderr).toMatch(/--music: expected an audio file/);
  });
});
