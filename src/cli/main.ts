/**
 * `screenplay` command line. The only place that catches errors and sets the exit code:
 * 0 success, 1 invalid input, 2 runtime failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errorLine, invalidInput, isStackLine, ScreenplayError } from '../errors';
import { checkCaptureDir, PROJECT_ROOT, render } from '../render/render';
import { COMPOSITIONS, DEFAULT_FORMATS, FORMAT_COMPOSITION, FORMAT_NAMES, type CompositionName } from '../formats';
import { finaliseCommand } from './finalise-command';
import { makeCommand } from './make-command';
import { mcpCommand } from './mcp-command';
import { progressLine } from './progress';
import { printErr, printOut } from './print';
import { reviewCommand } from './review-command';
import { captureCommand, rehearseCommand, narrateCommand, planCommand, schemaCommand, validateCommand } from './script-commands';
import { formatFileName } from '../capture-log/capture-dir-files';

const USAGE = `screenplay: turn a script into a finished product-demo video

Usage:
  screenplay validate FILE [--json]        check a script; every error as FILE:LINE:COL
  screenplay plan FILE [--json]            the expanded steps, as a tree (nothing runs)
  screenplay schema [--for FILE] [--out F] the JSON Schema of the script format
  screenplay make FILE --out DIR [--recapture] [--rerender] [--display :N | --on-my-desktop] [--scale N] [--renderer composite|browser] [--no-review]
                                           the whole loop: narrate, capture (on its own virtual stage), render every format, review;
                                           re-uses what is unchanged (the capture when the steps are, each video when its inputs are)
  screenplay narrate FILE --out DIR        synthesise every say line (cached) into narration.json
  screenplay capture FILE --out DIR [--display :N | --on-my-desktop] [--recorder ffmpeg|obs] [--record-pointer] [--countdown 3s]
                                           perform the script and record it: on a fresh virtual stage (Xvfb, the
                                           script's stage.screen) by default; --display :N records that X display,
                                           --on-my-desktop your own ($DISPLAY)
  screenplay rehearse FILE --screenshot PNG [--through STEP_ID|all] [--display :N | --on-my-desktop] [--words]
                                           the stage after its setup (and the steps through STEP_ID, or all), unrecorded,
                                           as a PNG; --words prints the text on screen (OCR) as JSON
  screenplay finalise CAPTURE_DIR           recover a capture whose screenplay was killed (no capture.json) so it renders
  screenplay render CAPTURE_DIR --out DIR                 every format the script names (output.formats) as DIR/<format>.mp4
  screenplay render CAPTURE_DIR --composition NAME --out PATH [--still FRAME] [--scale N] [--renderer composite|browser] [--music FILE] [--music-volume 0.3]
  screenplay review DIR [--capture CAPTURE_DIR] [--json]
                                           check rendered videos (DIR/<format>.mp4 beside DIR/capture/, or a capture dir):
                                           <format>.review.json + <format>.contact-sheet.png each, DIR/review.json over all
  screenplay demo [--out DIR]
  screenplay mcp [--print-config] [--root DIR]
                                           an MCP server over stdio for agents, for the project in the current folder (or DIR)
                                           (--print-config: the JSON Claude Code / Claude Desktop / Cursor take)
  screenplay help

Compositions: ${COMPOSITIONS.join(', ')} (formats ${FORMAT_NAMES.join(', ')})
Renderers: composite (default: Remotion draws the static layers, ffmpeg composites each frame)
           browser (Chromium draws every frame, exactly as Studio shows it)
Exit codes: 0 success, 1 invalid input, 2 runtime failure.`;

const parseNumber = (flag: string, value: string | undefined, integer: boolean): number | undefined => {
  if (value === undefined) return undefined;
  // Decimal only: Number() would read "" as 0 and "0x10" as 16.
  const n = /^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0) {
    throw invalidInput(`--${flag}: expected ${integer ? 'a whole number' : 'a number'} ≥ 0, but got "${value}"`);
  }
  return n;
};

const renderCommand = async (args: string[]): Promise<void> => {
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
  if (!input) throw invalidInput('render: expected a capture dir, but got none\n\n' + USAGE);
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
  if (values.music && !fs.existsSync(values.music)) throw invalidInput(`--music: expected an audio file, but ${values.music} does not exist`);
  const musicVolume = parseNumber('music-volume', values['music-volume'], false);
  if (musicVolume !== undefined && (musicVolume < 0 || musicVolume > 1))
    throw invalidInput(`--music-volume: expected a number from 0 to 1, but got ${musicVolume}`);
  // Without --composition: every format the script names (output.formats), into --out as a folder.
  const jobs: Array<[CompositionName, string]> = values.composition
    ? [[values.composition as CompositionName, path.resolve(values.out)]]
    : (checkCaptureDir(dir).formats ?? DEFAULT_FORMATS).map((f) => [FORMAT_COMPOSITION[f], path.join(path.resolve(values.out as string), formatFileName(f))]);
  for (const [composition, out] of jobs) {
    const progress = progressLine(composition);
    const result = await render({
      composition,
      captureDir: dir,
      ...(values.music ? { music: { file: path.resolve(values.music), ...(musicVolume !== undefined ? { volume: musicVolume } : {}) } } : {}),
      out,
      still,
      scale: parseNumber('scale', values.scale, false),
      ...(renderer ? { renderer } : {}),
      onProgress: progress.update,
    });
    progress.done(
      `wrote ${path.relative(process.cwd(), out) || out} (${result.width}x${result.height}, ${still === undefined ? `${result.durationInFrames} frames at ${result.fps} fps, ` : ''}${(result.renderMs / 1000).toFixed(1)} s)`,
    );
  }
};

export const DEMO_SAMPLE = 'samples/ink-deploy';

const demoCommand = async (args: string[]): Promise<void> => {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const outDir = path.resolve(values.out ?? path.join(PROJECT_ROOT, 'out'));
  // Every format, as demo-<format>.mp4.
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
};

/** The error's stack and its causes' (SCREENPLAY_DEBUG=1 only). */
const debugStack = (err: unknown): string => {
  const out: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    out.push(depth ? `caused by: ${(e as Error).stack ?? String(e)}` : ((e as Error).stack ?? String(e)));
  }
  return out.join('\n');
};

export const main = async (argv: string[]): Promise<number> => {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'render':
        await renderCommand(rest);
        return 0;
      case 'demo':
        await demoCommand(rest);
        return 0;
      case 'validate':
        return await validateCommand(rest);
      case 'plan':
        return await planCommand(rest);
      case 'schema':
        return await schemaCommand(rest);
      case 'capture':
        return await captureCommand(rest);
      case 'rehearse':
        return await rehearseCommand(rest);
      case 'narrate':
        return await narrateCommand(rest);
      case 'make':
        return await makeCommand(rest);
      case 'finalise':
        return await finaliseCommand(rest);
      case 'mcp':
        return await mcpCommand(rest);
      case 'review':
        return await reviewCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        printOut(`${USAGE}\n`);
        return command === undefined ? 1 : 0;
      default:
        throw invalidInput(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (err) {
    // Never a stack trace, unless SCREENPLAY_DEBUG=1 asks for one (below the message).
    const debug = process.env.SCREENPLAY_DEBUG === '1' ? `\n${debugStack(err)}` : '';
    if (err instanceof ScreenplayError) {
      printErr(
        `\nerror: ${err.message
          .split('\n')
          .filter((l) => !isStackLine(l))
          .join('\n')}${debug}\n`,
      );
      return err.exitCode;
    }
    // parseArgs throws TypeErrors with codes for unknown or malformed flags.
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      printErr(`\nerror: ${(err as Error).message}\n\n${USAGE}\n`);
      return 1;
    }
    printErr(`\nerror: ${errorLine(err)}${debug}\n`);
    return 2;
  }
};

/**
 * Exits with `code` once stdout and stderr have handed everything written to them to the OS: a
 * pipe (`screenplay schema | jq`) takes 64 KiB at a time, and process.exit would drop the rest.
 */
export const exitWhenFlushed = async (code: number): Promise<never> => {
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((resolve) => s.write('', () => resolve()))));
  process.exit(code);
};

/**
 * A reader that closes early (`screenplay schema | head`) is not a failure: the EPIPE that the
 * next write meets ends the CLI quietly (exit 0) instead of with Node's stack. Call once, first.
 */
export const endQuietlyOnClosedPipe = (): void => {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
};

const isEntry = process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, '') === path.resolve(PROJECT_ROOT, 'src/cli/main');
if (isEntry) {
  endQuietlyOnClosedPipe();
  void main(process.argv.slice(2)).then(exitWhenFlushed);
}
