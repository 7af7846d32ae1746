/** `screenplay demo [--out DIR]`: the bundled sample rendered in every format, into ./out by default. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderMany } from '../render/render';
import { commandTimings } from './timings';
import { cacheNote } from './render-command';
import { FORMAT_COMPOSITION, FORMAT_NAMES, type CompositionName } from '../formats';
import { formatFileName } from '../capture-log/capture-dir-files';
import { progressLine } from './progress';
import { printErr } from './print';

/** The bundled sample capture, under the package's public/. */
export const DEMO_SAMPLE = 'samples/ink-deploy';

/**
 * Renders the sample as DIR/demo-<format>.mp4 for every format. DIR (--out) is relative to the
 * current folder, `out` when not given: never the package's own folder (it may be node_modules).
 * Returns the exit code.
 */
export const demoCommand = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const outDir = path.resolve(values.out ?? 'out');
  const jobs: Array<[CompositionName, string]> = FORMAT_NAMES.map((f) => [FORMAT_COMPOSITION[f], `demo-${formatFileName(f)}`]);
  const timings = commandTimings('demo');
  const progress = progressLine('demo');
  // Every format in one run: one browser at most, one ffmpeg decoding the sample once.
  const results = await renderMany({
    jobs: jobs.map(([composition, file]) => ({
      composition,
      out: path.join(outDir, file),
      // The sample is Ink's own video: its brand line (a script's video has none unless it asks).
      ...(composition === FORMAT_COMPOSITION.tiktok ? { props: { brand: 'ink · ml.ink' } } : {}),
    })),
    publicCapture: DEMO_SAMPLE,
    onProgress: progress.update,
  });
  timings.run(
    jobs.map(([c]) => c),
    results,
  );
  for (const result of results)
    progress.done(`wrote ${path.relative(process.cwd(), result.out)} (${result.width}x${result.height}, ${result.durationInFrames} frames)`);
  printErr(`demo: done in ${(results[0]!.renderMs / 1000).toFixed(0)} s${cacheNote(results)}\n`);
  timings.write();
  return 0;
};
