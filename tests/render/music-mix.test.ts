/**
 * The music bed mixed for real (ffmpeg): a 13 kHz tone as music (above anything the "voice", a
 * 440 Hz tone, has) under a voice clip, measured in windows over time in the band above 12 kHz:
 * quiet at 0, full after the fade in, ducked under the voice by the asked amount, louder under a
 * card, fading at the end. Music files of other rates, mono, a 0.3 s loop, and files that are no
 * audio at all. And review's audio checks on a ducked bed: nothing to report.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScreenplayError } from '../../src/errors';
import { checkMusicFile, muxNarration, type Music } from '../../src/render/narration-audio';
import type { CardSpan } from '../../src/render/music-envelope';
import { analyseAudio, probeVideo } from '../../src/review/media';
import { audioFindings } from '../../src/review/media-checks';

const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
const VIDEO_MS = 8000;
const VOICE_AT = 2500;
const VOICE_MS = 3000;

let dir: string;
let video: string;
let voice: string;
let tone: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-music-'));
  video = path.join(dir, 'video.mp4');
  ffmpeg('-f', 'lavfi', '-i', `color=c=gray:s=160x90:r=10:d=${VIDEO_MS / 1000}`, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', video);
  voice = path.join(dir, 'voice.wav');
  ffmpeg('-f', 'lavfi', '-i', `sine=frequency=440:duration=${VOICE_MS / 1000}:sample_rate=24000`, '-af', 'volume=2', '-ac', '1', voice);
  tone = path.join(dir, 'tone.wav');
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=13000:duration=2:sample_rate=48000', '-ac', '2', tone); // shorter than the video: it loops
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Mean level (dB) of the band above 12 kHz (the music alone) in [from, to) ms of `file`. */
const musicLevel = (file: string, fromMs: number, toMs: number): number => {
  const r = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-ss',
      String(fromMs / 1000),
      '-t',
      String((toMs - fromMs) / 1000),
      '-i',
      file,
      '-af',
      'highpass=f=12000,highpass=f=12000,volumedetect',
      '-f',
      'null',
      '-',
    ],
    { encoding: 'utf8' },
  );
  const m = /mean_volume: (-?[\d.]+|-inf) dB/.exec(r.stderr);
  return m?.[1] === '-inf' ? -120 : Number(m?.[1]);
};

/** RMS level (dB) of each 50 ms window of `file` (all of its sound), from one ffmpeg pass. */
const windowLevels = (file: string): number[] => {
  const r = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-i',
      file,
      '-af',
      'aresample=48000,asetnsamples=n=2400:p=0,astats=metadata=1:reset=1,ametadata=print:key=lavfi.astats.Overall.RMS_level:file=-',
      '-f',
      'null',
      '-',
    ],
    { encoding: 'utf8' },
  );
  return [...r.stdout.matchAll(/RMS_level=(-?[\d.]+|-inf)/g)].map((m) => (m[1] === '-inf' ? -120 : Number(m[1])));
};

let n = 0;
/** The test video mixed with `music` (and the voice at VOICE_AT unless `withVoice` is false). */
const mix = (music: Music, opts: { cards?: CardSpan[]; withVoice?: boolean } = {}): string => {
  const out = path.join(dir, `out-${n++}.mp4`);
  fs.copyFileSync(video, out);
  muxNarration({
    video: out,
    clips: opts.withVoice === false ? [] : [{ file: voice, startMs: VOICE_AT }],
    durationMs: VIDEO_MS,
    music,
    ...(opts.cards ? { cards: opts.cards } : {}),
  });
  return out;
};

describe('the music bed', () => {
  it('fades in, plays full, ducks 12 dB under the voice by default, comes back, fades out', { timeout: 60_000 }, () => {
    const out = mix({ file: tone, volume: 0.5 });
    const at = {
      start: musicLevel(out, 0, 150),
      fadingIn: musicLevel(out, 400, 600),
      full: musicLevel(out, 1200, 2300),
      ducked: musicLevel(out, VOICE_AT + 500, VOICE_AT + VOICE_MS - 200),
      after: musicLevel(out, 6150, 6450),
      fadingOut: musicLevel(out, 7100, 7400),
      end: musicLevel(out, 7850, 8000),
    };
    console.log(
      `music bed (volume 0.5, duck true): ${Object.entries(at)
        .map(([k, v]) => `${k} ${v.toFixed(1)} dB`)
        .join(', ')}`,
    );
    expect(at.start).toBeLessThan(at.full - 15);
    expect(at.fadingIn).toBeGreaterThan(at.start + 5);
    expect(at.fadingIn).toBeLessThan(at.full - 3);
    expect(at.ducked).toBeGreaterThan(at.full - 12 - 1.5);
    expect(at.ducked).toBeLessThan(at.full - 12 + 1.5);
    expect(at.after).toBeGreaterThan(at.full - 1.5);
    expect(at.fadingOut).toBeLessThan(at.full - 3);
    expect(at.end).toBeLessThan(at.full - 15);
    // The volume: 0.5 of the file's own level is 6 dB down.
    const source = musicLevel(tone, 0, 2000);
    expect(at.full).toBeGreaterThan(source - 6 - 1);
    expect(at.full).toBeLessThan(source - 6 + 1);
  });

  it.each([
    { duck: false, down: 0 },
    { duck: 0.5, down: 6 },
    { duck: 0.1, down: 20 },
  ])('duck: $duck lowers it $down dB under the voice', { timeout: 60_000 }, ({ duck, down }) => {
    const out = mix({ file: tone, volume: 0.5, duck });
    const full = musicLevel(out, 1200, 2300);
    const ducked = musicLevel(out, VOICE_AT + 500, VOICE_AT + VOICE_MS - 200);
    console.log(`duck ${duck}: full ${full.toFixed(1)} dB, under the voice ${ducked.toFixed(1)} dB`);
    expect(full - ducked).toBeGreaterThan(down - 1.5);
    expect(full - ducked).toBeLessThan(down + 1.5);
  });

  it('keeps the voice as it is (the music is mixed under it, not over)', { timeout: 60_000 }, () => {
    const voiceLevel = (file: string) => {
      const r = spawnSync(
        'ffmpeg',
        ['-hide_banner', '-ss', '3', '-t', '2', '-i', file, '-af', 'bandpass=f=440:width_type=q:w=4,volumedetect', '-f', 'null', '-'],
        { encoding: 'utf8' },
      );
      return Number(/mean_volume: (-?[\d.]+) dB/.exec(r.stderr)?.[1]);
    };
    const alone = path.join(dir, 'voice-alone.mp4');
    fs.copyFileSync(video, alone);
    muxNarration({ video: alone, clips: [{ file: voice, startMs: VOICE_AT }], durationMs: VIDEO_MS });
    const withMusic = mix({ file: tone, volume: 1 });
    expect(Math.abs(voiceLevel(withMusic) - voiceLevel(alone))).toBeLessThan(0.5);
  });

  it('rises 6 dB under a title card and an end card, and is ducked as the voice starts after the title', { timeout: 60_000 }, () => {
    const cards: CardSpan[] = [
      { startMs: 0, endMs: 2000, kind: 'title' },
      { startMs: 6000, endMs: VIDEO_MS, kind: 'end' },
    ];
    const out = mix({ file: tone, volume: 0.3 }, { cards });
    const plain = mix({ file: tone, volume: 0.3 });
    const title = musicLevel(out, 1100, 1400);
    const bed = musicLevel(plain, 1100, 1400);
    const afterTitle = musicLevel(out, 2050, 2400);
    const ducked = musicLevel(out, VOICE_AT + 500, VOICE_AT + VOICE_MS - 200);
    const endCard = musicLevel(out, 6400, 6600);
    console.log(
      `cards (volume 0.3): title ${title.toFixed(1)} dB (${bed.toFixed(1)} without), after it ${afterTitle.toFixed(1)}, under the voice ${ducked.toFixed(1)}, end card ${endCard.toFixed(1)}`,
    );
    expect(title - bed).toBeGreaterThan(6 - 1);
    expect(title - bed).toBeLessThan(6 + 1);
    expect(afterTitle).toBeLessThan(title - 4);
    expect(ducked).toBeLessThan(bed - 10);
    expect(endCard).toBeGreaterThan(bed + 4);
  });

  it('plays music alone (no narration) with the same fades', { timeout: 60_000 }, () => {
    const out = mix({ file: tone, volume: 0.5 }, { withVoice: false });
    const full = musicLevel(out, 2000, 6000);
    expect(musicLevel(out, 0, 150)).toBeLessThan(full - 15);
    expect(musicLevel(out, 7850, 8000)).toBeLessThan(full - 15);
    expect(full).toBeGreaterThan(musicLevel(tone, 0, 2000) - 6 - 1);
  });

  it.each([
    ['a mono 22.05 kHz file', ['-f', 'lavfi', '-i', 'sine=frequency=330:duration=2:sample_rate=22050', '-ac', '1'], 'mono.wav'],
    ['a 0.3 s loop', ['-f', 'lavfi', '-i', 'sine=frequency=330:duration=0.3:sample_rate=44100', '-ac', '2'], 'short.wav'],
    ['an MP3 at 32 kHz', ['-f', 'lavfi', '-i', 'sine=frequency=330:duration=3:sample_rate=32000', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '128k'], 'bed.mp3'],
  ])('plays %s for the whole video, 48 kHz stereo', { timeout: 60_000 }, (_name, args, name) => {
    const file = path.join(dir, name);
    ffmpeg(...args, file);
    const out = mix({ file, volume: 0.5, duck: false }, { withVoice: false });
    const streams = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,sample_rate,channels,duration', '-of', 'csv=p=0', out], {
      encoding: 'utf8',
    });
    expect(streams).toMatch(/audio,48000,2,8\.0/);
    // No gap where a loop wraps: every 50 ms from the fade in to the fade out holds the music.
    const levels = windowLevels(out);
    expect(levels.length).toBe(160);
    const between = levels.slice(1000 / 50, 6400 / 50);
    const full = Math.max(...between);
    console.log(`${_name}: ${full.toFixed(1)} dB at most, ${Math.min(...between).toFixed(1)} dB at least, in 50 ms windows from 1 s to 6.4 s`);
    expect(full).toBeGreaterThan(-35); // the tone (−21 dB RMS) at 0.5: −27 dB, −30 dB as mono spread over two channels
    expect(Math.min(...between)).toBeGreaterThan(full - 3);
  });
});

describe('a music file that is not music', () => {
  it.each([
    ['a text file', 'notes.mp3', 'hello, not audio\n', /cannot be read as one/],
    [
      'a picture',
      'cover.png',
      Buffer.from(
        '89504e470d0a1a0a0000000d49484452000000010000000108020000009077' + '53de0000000c4944415408d763f8ffff3f0005fe02fe0def46b80000000049454e44ae426082',
        'hex',
      ),
      /no sound in it|cannot be read/,
    ],
    ['an empty file', 'empty.wav', '', /cannot be read as one/],
  ])('%s: invalid input (exit 1) naming the file, before ffmpeg mixes', (_name, file, bytes, why) => {
    const f = path.join(dir, file);
    fs.writeFileSync(f, bytes);
    const out = path.join(dir, `bad-${file}.mp4`);
    fs.copyFileSync(video, out);
    let err: unknown;
    try {
      muxNarration({ video: out, clips: [], durationMs: VIDEO_MS, music: { file: f } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScreenplayError);
    expect((err as ScreenplayError).exitCode).toBe(1);
    expect((err as Error).message).toMatch(/^music: expected an audio file/);
    expect((err as Error).message).toContain(f);
    expect((err as Error).message).toMatch(why);
    expect((err as Error).message).not.toMatch(/\n\s+at /);
  });

  it('a silent video with picture only is refused too; a missing file says it does not exist', () => {
    expect(() => checkMusicFile(video, '--music')).toThrow(/--music: expected an audio file .* has no sound in it/);
    expect(() => checkMusicFile(path.join(dir, 'nope.mp3'), 'output.music.file')).toThrow(
      /output\.music\.file: expected an audio file, but .*nope\.mp3 does not exist/,
    );
  });
});

describe("review's audio checks on a ducked bed", () => {
  it('find nothing wrong: the bed under and around the voice is neither silence nor clipping', { timeout: 60_000 }, async () => {
    const out = mix({ file: tone, volume: 0.5 });
    const probe = probeVideo(out);
    const windows = await analyseAudio(out, probe);
    expect(windows.length).toBeGreaterThan(70);
    const findings = audioFindings(windows, [{ id: 'intro', startMs: VOICE_AT, durationMs: VOICE_MS }], [], probe.hasAudio);
    expect(findings).toEqual([]);
  });
});
