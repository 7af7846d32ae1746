/**
 * `screenplay render CAPTURE_DIR --out DIR` (every format and platform preset the script names) or
 * `--composition NAME --out PATH [--still FRAME]`: videos, or one still as PNG, from a capture dir.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { invalidInput } from '../errors';
import { checkCaptureDir, renderMany, type RenderResult } from '../render/render';
import { checkMusicFile } from '../render/narration-audio';
import { commandTimings } from './timings';
import { COMPOSITIONS, DEFAULT_FORMATS, FORMAT_COMPOSITION, type CompositionName } from '../formats';
import { namedFormats, resolvePresets } from '../output-presets';
import { layoutRenders, presetLine, writePreset } from '../render/preset-output';
import { progressLine } from './progress';

/** A decimal number ≥ 0 from a flag's value (a whole one when `integer`); undefined when the flag is absent. @throws invalid-input naming the flag */
export const parseNumber = (flag: string, value: string | undefined, integer: boolean): number | undefined => {
  if (value === undefined) return undefined;
  // Decimal only: Number() would read "" as 0 and "0x10" as 16.
  const n = /^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0) {
    throw invalidInput(`--${flag}: expected ${integer ? 'a whole number' : 'a number'} ≥ 0, but got "${value}"`);
  }
  return n;
};

/** Runs `screenplay render` on its arguments (after "render"); returns the exit code. */
export const renderCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      composition: { type: 'string', short: 'c' },
      out: { type: 'string', short: 'o' },
      still: { type: 'string' },
      scale: { type: 'string' },
      renderer: { type: 'string' },
      music: { type: 'string' },
      'music-volume': { type: 'string' },
    },
  });
  const [input, ...extra] = positionals;
  if (!input) throw invalidInput('render: expected a capture dir, but got none (`screenplay render --help` shows its usage)');
  if (extra.length) throw invalidInput(`render: expected one capture dir, but got also ${extra.join(' ')}`);
  if (values.composition && !COMPOSITIONS.includes(values.composition as CompositionName)) {
    throw invalidInput(`--composition: expected one of ${COMPOSITIONS.join(', ')}, but got "${values.composition}"`);
  }
  if (!values.out) throw invalidInput('render: --out PATH is required');
  const dir = path.resolve(input);
  if (fs.existsSync(dir) && fs.statSync(dir).isFile()) {
    throw invalidInput(`${input}: expected a capture dir (a folder with capture.json and recording.mp4), but got a file`);
  }
  const still = parseNumber('still', values.still, true);
  const renderer = values.renderer;
  if (renderer !== undefined && renderer !== 'composite' && renderer !== 'browser') {
    throw invalidInput(`--renderer: expected composite or browser, but got "${renderer}"`);
  }
  if (!values.composition && still !== undefined) throw invalidInput('render: --still needs --composition (which one to draw)');
  if (values.music) checkMusicFile(path.resolve(values.music), '--music');
  const musicVolume = parseNumber('music-volume', values['music-volume'], false);
  if (musicVolume !== undefined && (musicVolume < 0 || musicVolume > 1))
    throw invalidInput(`--music-volume: expected a number from 0 to 1, but got ${musicVolume}`);
  if (musicVolume !== undefined && !values.music) throw invalidInput('--music-volume: there is no music to set the volume of (give --music FILE)');
  // Without --composition: every format the script names (output.formats, each once), into --out as a folder.
  if (!values.composition && fs.existsSync(values.out) && !fs.statSync(values.out).isDirectory()) {
    throw invalidInput(`--out: expected a folder for every format (or --composition NAME for one video), but ${values.out} is a file`);
  }
  // Without --composition: the formats the script names, and one render per layout its presets
  // need (presets of one layout share it), then each preset's file made from its layout's render.
  const outDir = path.resolve(values.out);
  const recorded = values.composition ? null : checkCaptureDir(dir);
  const presets = resolvePresets(recorded?.presets);
  const layouts = recorded ? layoutRenders([...new Set(namedFormats(recorded, DEFAULT_FORMATS))], presets, outDir) : [];
  const jobs: Array<[CompositionName, string]> = values.composition
    ? [[values.composition as CompositionName, outDir]]
    : layouts.map((l) => [FORMAT_COMPOSITION[l.format], l.file]);
  const timings = commandTimings('render');
  const names = jobs.map(([c]) => c);
  const progress = progressLine(names.join(', '));
  // Every format in one run: one browser at most, one ffmpeg decoding the recording once.
  const results = await renderMany(
    {
      jobs: jobs.map(([composition, out]) => ({ composition, out })),
      captureDir: dir,
      ...(values.music ? { music: { file: path.resolve(values.music), ...(musicVolume !== undefined ? { volume: musicVolume } : {}) } } : {}),
      scale: parseNumber('scale', values.scale, false),
      ...(renderer ? { renderer } : {}),
      onProgress: progress.update,
    },
    still,
  );
  timings.run(names, results);
  for (const result of results) {
    progress.done(
      `wrote ${path.relative(process.cwd(), result.out) || result.out} (${result.width}x${result.height}, ${still === undefined ? `${result.durationInFrames} frames at ${result.fps} fps, ` : ''}${(result.renderMs / 1000).toFixed(1)} s${results.length > 1 ? ' for all' : ''})${cacheNote(results)}`,
    );
  }
  for (const preset of presets) {
    const input = layouts.find((l) => l.format === preset.format)!.file;
    const written = await writePreset({ preset, input, outDir });
    progress.done(presetLine(written, (f) => path.relative(process.cwd(), f) || f));
  }
  timings.write();
  return 0;
};

/** " (from the render cache)" when no browser was needed, or what came from it. */
export const cacheNote = (results: readonly RenderResult[]): string => {
  if (results.length && results.every((r) => r.cached.metadata && r.cached.layers)) return ' (layers and timeline from the render cache)';
  return '';
};
