/**
 * Platform presets at render time (`output.presets`, src/output-presets.ts): which layouts to
 * render and where (presets of one layout share one render), then for each preset its file made
 * from that render: the real duration measured, fitted to the preset's limit as the rule says
 * (sped up, or cut with a fade: fitDuration), encoded into its container (containers.ts), its
 * captions retimed beside it, and YouTube chapter lines when it writes chapters. Used by
 * `screenplay make` and `screenplay render DIR --out DIR`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { formatFileName } from '../capture-log/capture-dir-files';
import { runtimeError } from '../errors';
import type { OutputFormatName } from '../formats';
import { probeDurationMs } from '../media/probe';
import { clock, describeFit, fitDuration, megabytes, type DurationFit, type OutputPreset, type PresetName } from '../output-presets';
import { chapterFileNames, chapterFiles } from './chapter-files';
import { encodeContainer, probeVideoFile } from './containers';
import { isCueTimeLine, unescapeVttText } from '../timeline/subtitle-text';

/** Where a layout rendered only for presets goes, inside the out folder: `.presets/<format>.mp4`. */
export const PRESET_RENDER_DIR = '.presets';

/** One layout to render: its format, its file, and whether the script named it (`output.formats`) or only presets need it. */
export type LayoutRender = { format: OutputFormatName; file: string; named: boolean };

/**
 * The renders a script's output needs: each named format as OUT/<format>.mp4, then each layout a
 * preset needs that is not named as OUT/.presets/<format>.mp4 (one per layout, whatever the
 * number of presets on it).
 */
export const layoutRenders = (named: readonly OutputFormatName[], presets: readonly OutputPreset[], outDir: string): LayoutRender[] => {
  const out: LayoutRender[] = named.map((format) => ({ format, file: path.join(outDir, formatFileName(format)), named: true }));
  for (const p of presets) {
    if (out.some((r) => r.format === p.format)) continue;
    out.push({ format: p.format, file: path.join(outDir, PRESET_RENDER_DIR, formatFileName(p.format)), named: false });
  }
  return out;
};

/** A chapter mark on the video's clock (ms from its start) and its title. */
export type Chapter = { startMs: number; title: string };

/** A preset's file as written: where, how big, how long, and what was done to fit. */
export type WrittenPreset = {
  preset: PresetName;
  file: string;
  bytes: number;
  width: number;
  height: number;
  durationMs: number;
  /** The render's own length (ms), before fitting. */
  sourceMs: number;
  fit: DurationFit;
  /** What was done, in words, for stderr ("sped up 1.08x to fit 2:20", the encoder's notes). */
  notes: string[];
  /** Files written beside it: captions (.srt, .vtt), chapters (.chapters.txt, .chapters.vtt). */
  beside: string[];
};

const ffmpeg = (args: string[], what: string): void => {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  // Ctrl-C reaches ffmpeg too (one process group): say so, not an empty "ffmpeg failed". ffmpeg
  // traps SIGINT/SIGTERM and exits 255 ("received signal"); its errors exit 1.
  if (r.signal || r.status === 255) throw runtimeError(`${what}: interrupted (ffmpeg ended by ${r.signal ?? 'a signal'})`);
  if (r.status !== 0) throw runtimeError(`${what}: ffmpeg failed: ${(r.stderr ?? '').trim().split('\n').at(-1) || `exit ${r.status}`}`);
};

/**
 * `input` made to fit: sped up (setpts and atempo: the pitch kept) or cut with a fade to black
 * and silence, into `out` (H.264 + AAC). Nothing to do: returns `input` itself.
 */
export const applyFit = (input: string, out: string, fit: DurationFit, what: string): string => {
  if (fit.kind === 'none') return input;
  const audio = probeVideoFile(input, what).hasAudio;
  const enc = [
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '18',
    '-pix_fmt',
    'yuv420p',
    ...(audio ? ['-c:a', 'aac', '-b:a', '192k'] : []),
    '-movflags',
    '+faststart',
  ];
  if (fit.kind === 'speed') {
    const k = fit.factor;
    const graph = `[0:v]setpts=PTS/${k}[v]${audio ? `;[0:a]atempo=${k}[a]` : ''}`;
    ffmpeg(['-i', input, '-filter_complex', graph, '-map', '[v]', ...(audio ? ['-map', '[a]'] : []), '-t', String(fit.atMs / 1000), ...enc, out], what);
  } else {
    const end = fit.atMs / 1000;
    const from = (fit.atMs - fit.fadeMs) / 1000;
    const d = fit.fadeMs / 1000;
    // No fade for a cut of less than a frame (fitDuration's fadeMs 0).
    const fades = d > 0 ? ['-vf', `fade=t=out:st=${from}:d=${d}`, ...(audio ? ['-af', `afade=t=out:st=${from}:d=${d}`] : [])] : [];
    ffmpeg(['-i', input, '-t', String(end), ...fades, ...(audio ? [] : ['-an']), ...enc, out], what);
  }
  return out;
};

const TIME = /(\d{2,}):(\d{2}):(\d{2})([.,])(\d{3})/g;
const parseTime = (h: string, m: string, s: string, ms: string) => ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms);
const formatTime = (t: number, sep: string) => {
  const ms = Math.max(0, Math.round(t));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${sep}${String(ms % 1000).padStart(3, '0')}`;
};

/**
 * SRT or WebVTT text retimed for a fitted video (pure): times divided by a speed-up's factor;
 * cues that start at or past the file's end (atMs) dropped and the last one ended at it. Cue blocks
 * are separated by blank lines; a block without a time line (the WEBVTT header, notes) is kept.
 */
export const retimeSubtitles = (text: string, fit: DurationFit): string => {
  if (fit.kind === 'none') return text;
  const blocks = text.replace(/\r\n/g, '\n').split(/\n{2,}/);
  const kept: string[] = [];
  for (const block of blocks) {
    const timeLine = block.split('\n').findIndex(isCueTimeLine);
    if (timeLine < 0) {
      kept.push(block);
      continue;
    }
    const lines = block.split('\n');
    const times = [...lines[timeLine]!.matchAll(TIME)].map((m) => ({ t: parseTime(m[1]!, m[2]!, m[3]!, m[5]!), sep: m[4]! }));
    if (times.length < 2) {
      kept.push(block);
      continue;
    }
    let [a, b] = [times[0]!.t, times[1]!.t];
    if (fit.kind === 'speed') [a, b] = [a / fit.factor, b / fit.factor];
    // The file ends at atMs (a cut, or a sped-up video held to its limit).
    if (a >= fit.atMs) continue;
    b = Math.min(b, fit.atMs);
    let i = 0;
    lines[timeLine] = lines[timeLine]!.replace(TIME, () => formatTime(i++ === 0 ? a : b, times[0]!.sep));
    kept.push(lines.join('\n'));
  }
  // SRT numbers its cues: renumber after drops.
  let n = 0;
  const renumbered = kept.map((block) => {
    const lines = block.split('\n');
    if (lines.length > 1 && /^\d+$/.test(lines[0]!.trim()) && isCueTimeLine(lines[1]!)) lines[0] = String(++n);
    return lines.join('\n');
  });
  return `${renumbered.join('\n\n').replace(/\n+$/, '')}\n`;
};

/**
 * Chapters on a fitted preset's clock (ms): sped-up videos move them earlier, a cut drops those
 * past it. The files' rules (0:00 first, YouTube's warnings) are chapterFiles' (chapter-files.ts).
 */
export const presetChapters = (chapters: readonly Chapter[], fit: DurationFit): Chapter[] =>
  [...chapters]
    .sort((a, b) => a.startMs - b.startMs)
    .filter((c) => fit.kind !== 'trim' || c.startMs < fit.atMs)
    .map((c) => ({ title: c.title, startMs: fit.kind === 'speed' ? c.startMs / fit.factor : c.startMs }));

/**
 * Which of YouTube's chapter warnings a preset's line repeats: none when the preset kept the
 * render's clock (fit none: the render of the Landscape layout already said them), all when its
 * fit (a trim or a speed-up) moved or dropped chapters, as the warnings are then new.
 */
export const presetChapterNotes = (warnings: readonly string[], fit: DurationFit): string[] => (fit.kind === 'none' ? [] : [...warnings]);

/** The chapters of a WebVTT chapters file (chapter-files.ts writes them beside each render): each cue's start (ms) and title. */
export const readChapterVtt = (text: string): Chapter[] =>
  text.split(/\r?\n\r?\n/).flatMap((block) => {
    const lines = block.split(/\r?\n/);
    const i = lines.findIndex(isCueTimeLine);
    const m = i >= 0 ? /^(\d+):(\d\d):(\d\d)\.(\d{3})\s*-->/.exec(lines[i]!.trim()) : null;
    const title = unescapeVttText(
      lines
        .slice(i + 1)
        .join(' ')
        .trim(),
    );
    return m && title ? [{ title, startMs: ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]) }] : [];
  });

/**
 * The hidden work files writePreset may leave in `outDir` if the process is killed: the fitted
 * copy (`.<name>.fit.mp4`), then the prefix of encodeContainer's temporary files (`.<file>.`…`.tmp`).
 */
export const presetWorkFiles = (outDir: string, preset: Pick<OutputPreset, 'name' | 'file'>): [fitted: string, tmpPrefix: string] => [
  path.join(outDir, `.${preset.name}.fit.mp4`),
  path.join(path.dirname(path.join(outDir, preset.file)), `.${path.basename(preset.file)}.`),
];

/**
 * Writes `preset`'s file into `outDir` from `input` (the render of its layout, with its .srt and
 * .vtt beside it): measures the render, fits it to the preset's limit, encodes the container,
 * retimes the captions beside it (not for a GIF: it has none), writes its chapter files (from
 * `chapters`, else the render's NAME.chapters.vtt) when the preset writes chapters.
 * @throws ScreenplayError runtime when the render cannot be measured or ffmpeg fails
 */
export const writePreset = async (opts: { preset: OutputPreset; input: string; outDir: string; chapters?: readonly Chapter[] }): Promise<WrittenPreset> => {
  const { preset, input, outDir } = opts;
  const what = `preset ${preset.name}`;
  const sourceMs = probeDurationMs(input);
  if (sourceMs === null) throw runtimeError(`${what}: could not measure ${input} (ffprobe could not read it)`);
  const fit = fitDuration(sourceMs, preset.maxDurationMs);
  const out = path.join(outDir, preset.file);
  const fitted = presetWorkFiles(outDir, preset)[0]!;
  try {
    const source = applyFit(input, fitted, fit, what);
    const encoded = await encodeContainer(source, out, {
      container: preset.container,
      ...(preset.maxBytes !== null ? { maxBytes: preset.maxBytes } : {}),
      ...(preset.width !== null ? { width: preset.width } : {}),
      ...(preset.fps !== null ? { fps: preset.fps } : {}),
      ...(preset.loop !== null ? { loop: preset.loop } : {}),
    });
    const notes: string[] = [];
    if (fit.kind !== 'none')
      notes.push(`${clock(sourceMs)} is longer than ${preset.name}'s ${clock(preset.maxDurationMs ?? 0)}: ${describeFit(fit, preset.maxDurationMs)}`);
    notes.push(...encoded.notes);
    if (preset.maxBytes !== null && encoded.bytes > preset.maxBytes)
      notes.push(
        `${megabytes(encoded.bytes)} is still over ${preset.name}'s ${megabytes(preset.maxBytes)}: shorten the video or lower the width (output.presets)`,
      );
    const beside: string[] = [];
    const base = out.replace(/\.[^.]+$/, '');
    if (preset.container !== 'gif') {
      for (const ext of ['srt', 'vtt']) {
        const src = input.replace(/\.[^.]+$/, `.${ext}`);
        if (!fs.existsSync(src)) continue;
        fs.writeFileSync(`${base}.${ext}`, retimeSubtitles(fs.readFileSync(src, 'utf8'), fit));
        beside.push(`${base}.${ext}`);
      }
    }
    const chaptersVtt = chapterFileNames(input).vtt;
    const chapters = opts.chapters ?? (fs.existsSync(chaptersVtt) ? readChapterVtt(fs.readFileSync(chaptersVtt, 'utf8')) : []);
    if (preset.chapters && chapters.length) {
      const files = chapterFiles(presetChapters(chapters, fit), 0, encoded.durationMs);
      if (files) {
        const names = chapterFileNames(out);
        fs.writeFileSync(names.txt, files.txt);
        fs.writeFileSync(names.vtt, files.vtt);
        beside.push(names.txt, names.vtt);
        notes.push(...presetChapterNotes(files.warnings, fit));
      }
    }
    return {
      preset: preset.name,
      file: out,
      bytes: encoded.bytes,
      width: encoded.width,
      height: encoded.height,
      durationMs: encoded.durationMs,
      sourceMs,
      fit,
      notes,
      beside,
    };
  } finally {
    fs.rmSync(fitted, { force: true });
  }
};

/** One line for stderr: "wrote x.mp4 (1920x1080, 2:20, 31 MB; 2:31 is longer than x's 2:20: sped up 1.08x to fit 2:20)". */
export const presetLine = (w: WrittenPreset, shown: (file: string) => string): string =>
  `${w.preset}: wrote ${shown(w.file)} (${w.width}x${w.height}, ${clock(w.durationMs)}, ${megabytes(w.bytes)}${w.notes.length ? `; ${w.notes.join('; ')}` : ''})`;
