/**
 * The narration in a rendered video: each clip delayed to its start and mixed (ffmpeg), with
 * optional background music ducked under the voice, the picture copied as it is; and .srt /
 * .vtt files beside the video.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { invalidInput, runtimeError } from '../errors';
import { CARD_GAIN, envelopeExpression, musicEnvelope, type CardSpan } from './music-envelope';
import { probeDurationMs } from '../media/probe';
import { toSrt, toVtt, type CaptionPage } from '../timeline/captions';

export type Music = {
  file: string;
  /** 0–1, before ducking (default MUSIC_VOLUME). */
  volume?: number;
  /**
   * Ducking under the voice: true (default) lowers the music to DUCK_LEVEL of its volume while a
   * narration line plays, a number 0–1 to that fraction of its volume (0.25 ≈ −12 dB, 0: silent),
   * false not at all.
   */
  duck?: boolean | number;
};

/** The music's volume when none is given. */
export const MUSIC_VOLUME = 0.3;
/** How far `duck: true` lowers the music under the voice: to this fraction of its volume (≈ −12 dB). */
export const DUCK_LEVEL = 0.25;

/** The fraction of its volume the music keeps under the voice: 1 when it is not ducked. */
export const duckLevel = (duck: Music['duck']): number =>
  duck === false ? 1 : duck === true || duck === undefined ? DUCK_LEVEL : Math.min(1, Math.max(0, duck));

/**
 * Why `file` cannot be the music bed (one line), or null when it can: ffprobe must read it and
 * find an audio stream in it. Any sample rate, channel count or length plays (it is resampled to
 * 48 kHz stereo and looped).
 */
export const musicFileProblem = (file: string): string | null => {
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  if (r.error) return `could not run ffprobe to read ${file} (${r.error.message})`;
  if (r.status !== 0) {
    const why =
      r.stderr
        .trim()
        .split('\n')
        .pop()
        ?.replace(/^.*?: /, '') || 'it is not a media file ffmpeg can read';
    return `expected an audio file (mp3, wav, m4a, ogg, flac…), but ${file} cannot be read as one (${why})`;
  }
  if (!/audio/.test(r.stdout)) return `expected an audio file (mp3, wav, m4a, ogg, flac…), but ${file} has no sound in it`;
  return null;
};

/** musicFileProblem as an invalid-input error (exit 1), `what` naming where the file was given ("--music", "output.music.file"). */
export const checkMusicFile = (file: string, what: string): void => {
  if (!fs.existsSync(file)) throw invalidInput(`${what}: expected an audio file, but ${file} does not exist`);
  const problem = musicFileProblem(file);
  if (problem) throw invalidInput(`${what}: ${problem}`);
};

/**
 * One sound to mix: its file and start (ms, on the video's clock); its length (ms; read from the
 * file when not given), and `ducks: false` for one the music does not duck under (a click).
 */
export type MixClip = { file: string; startMs: number; durationMs?: number; ducks?: boolean };

/**
 * Mixes the narration (and optional background music) into the video; the picture is copied as
 * it is. The music is resampled to 48 kHz stereo, looped, and shaped by musicEnvelope: a fade in
 * at the start, a fade out at the end, a rise under each card in `cards`, and under every clip
 * that `ducks` (all but clicks) a dip to duckLevel(music.duck) of its volume.
 * @param cards title and end cards on the video's clock (ms), [] when there are none
 * @throws ScreenplayError invalid-input when the music file is missing or holds no sound; runtime when ffmpeg fails
 */
export const muxNarration = (opts: { video: string; clips: MixClip[]; durationMs: number; music?: Music; cards?: readonly CardSpan[] }): void => {
  const clips = opts.clips.filter((c) => c.startMs < opts.durationMs);
  if (clips.length === 0 && !opts.music) return;
  if (opts.music) checkMusicFile(opts.music.file, 'music');
  const tmp = `${opts.video}.narrated${path.extname(opts.video)}`;
  const end = (opts.durationMs / 1000).toFixed(3);
  // A clip starting before the range is trimmed to the part inside it.
  const chains = clips.map((c, i) =>
    c.startMs >= 0
      ? `[${i + 1}:a]aresample=48000,adelay=${Math.round(c.startMs)}:all=1[a${i}]`
      : `[${i + 1}:a]aresample=48000,atrim=start=${(-c.startMs / 1000).toFixed(3)},asetpts=PTS-STARTPTS[a${i}]`,
  );
  const voice = clips.length
    ? `${clips.map((_, i) => `[a${i}]`).join('')}amix=inputs=${clips.length}:normalize=0:dropout_transition=0,apad,atrim=end=${end},aformat=channel_layouts=stereo`
    : '';
  const graph = [...chains];
  if (opts.music) {
    const volume = opts.music.volume ?? MUSIC_VOLUME;
    const level = duckLevel(opts.music.duck);
    const lines =
      level < 1
        ? clips.filter((c) => c.ducks !== false).map((c) => ({ startMs: c.startMs, endMs: c.startMs + (c.durationMs ?? probeDurationMs(c.file) ?? 0) }))
        : [];
    const envelope = musicEnvelope({
      durationMs: opts.durationMs,
      cards: opts.cards ?? [],
      // Under a card the music rises, never above the file's own level.
      cardGain: Math.max(1, Math.min(CARD_GAIN, 1 / Math.max(volume, 1e-6))),
      voice: lines,
      duckLevel: level,
    });
    // Timestamps counted from the samples (a loop, or a file that starts late, keeps the clock
    // the envelope reads), small frames so the envelope moves smoothly (10 ms steps).
    const music =
      `[${clips.length + 1}:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,asetpts=N/SR/TB,atrim=end=${end},asetnsamples=n=480:p=0,` +
      `volume='${volume.toFixed(3)}*(${envelopeExpression(envelope)})':eval=frame`;
    if (clips.length) graph.push(`${voice}[voice]`, `${music}[music]`, `[music][voice]amix=inputs=2:normalize=0:duration=longest,atrim=end=${end}[aout]`);
    else graph.push(`${music},apad,atrim=end=${end}[aout]`);
  } else graph.push(`${voice}[aout]`);
  const args = [
    '-v',
    'error',
    '-y',
    '-i',
    opts.video,
    ...clips.flatMap((c) => ['-i', c.file]),
    ...(opts.music ? ['-stream_loop', '-1', '-i', opts.music.file] : []),
    '-filter_complex',
    graph.join(';'),
    '-map',
    '0:v',
    '-map',
    '[aout]',
    '-c:v',
    'copy',
    '-c:a',
    'aac',
    '-b:a',
    '160k',
    '-movflags',
    '+faststart',
    tmp,
  ];
  const r = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (r.status !== 0) {
    fs.rmSync(tmp, { force: true });
    throw runtimeError(`mixing the narration${opts.music ? ' and the music' : ''} failed: ${r.stderr.trim().slice(-800)}`);
  }
  fs.renameSync(tmp, opts.video);
};

/**
 * video.mp4 → video.srt and video.vtt, on the rendered range's clock: pages shifted by
 * `offsetMs` (the range's first frame) and cut to [0, durationMs], so no cue starts before the
 * video or outlasts it.
 */
export const writeSubtitleFiles = (video: string, pages: CaptionPage[], offsetMs: number, durationMs: number): { srt: string; vtt: string } => {
  const inside = (ms: number) => Math.min(durationMs, Math.max(0, ms - offsetMs));
  const shifted = pages
    .filter((p) => p.endMs - offsetMs > 0 && p.startMs - offsetMs < durationMs)
    .map((p) => ({
      ...p,
      startMs: inside(p.startMs),
      endMs: inside(p.endMs),
      words: p.words.map((w) => ({ ...w, startMs: inside(w.startMs), endMs: inside(w.endMs) })),
    }));
  const base = video.replace(/\.[^./]+$/, '');
  const srt = `${base}.srt`;
  const vtt = `${base}.vtt`;
  fs.writeFileSync(srt, toSrt(shifted));
  fs.writeFileSync(vtt, toVtt(shifted));
  return { srt, vtt };
};

/** A soft, short click (filtered noise, 25 ms), written once per render. */
export const clickSound = (file: string): string => {
  const r = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'anoisesrc=d=0.025:c=pink:a=0.5:r=48000',
      '-af',
      'highpass=f=1500,lowpass=f=7000,afade=t=out:st=0:d=0.025',
      file,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw runtimeError(`could not make the click sound: ${r.stderr.trim()}`);
  return file;
};
