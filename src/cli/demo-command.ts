/** `screenplay demo [--out DIR]`: the bundled sample rendered in every format, into ./out by default. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { render } from '../render/render';
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
  const t0 = Date.now();
  for (const [composition, file] of jobs) {
    const progress = progressLine(composition);
    const result = await render({
      composition,
      publicCapture: DEMO_SAMPLE,
      // The sample is Ink's own video: its brand line (a script's video has none unless it asks).
      ...(composition === FORMAT_COMPOSITION.tiktok ? { props: { brand: 'ink · ml.ink' } } : {}),
      out: path.join(outDir, file),
      onProgress: progress.update,
    });
    progress.done(
      `wrote ${path.relative(process.cwd(), result.out)} (${result.width}x${result.height}, ${result.durationInFrames} frames, ${(result.renderMs / 1000).toFixed(0)} s)`,
    );
  }
  printErr(`demo: done in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  return 0;
};
