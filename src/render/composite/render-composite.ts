/**
 * Runs the fast render path: Remotion renders the static layers once, ffmpeg does every frame.
 */
import { renderFrames, type ChromiumOptions, type HeadlessBrowser } from '@remotion/renderer';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { VideoConfig } from 'remotion';
import { LAYER_SEQUENCE } from '../../compositions/shared/layers';
import type { Computed } from '../../compositions/shared/metadata';
import type { ScreenLayout } from '../../frame/layout';
import type { Style } from '../../compositions/shared/style-schema';
import { runtimeError } from '../../errors';
import { frameModel } from '../../frame/model';
import { compositeArgs, planHeldFrames, type CompositeInputs } from './ffmpeg-args';
import { planComposite } from './plan';

export type CompositeRenderOptions = {
  serveUrl: string;
  composition: VideoConfig;
  browser: HeadlessBrowser;
  browserExecutable: string | null;
  chromiumOptions: ChromiumOptions;
  /** The port of Remotion's server (loopback): the page's origin is http://localhost:port. Null: Remotion picks. */
  port: number | null;
  recording: string;
  out: string;
  frameRange: [number, number];
  crf: number;
  preset: string;
  /** The output's size (output-size.ts: even sides); the frame is resized to it at the end. */
  outputSize: { width: number; height: number };
  /** Captions to burn in, as ASS text made for the composition's size. */
  subtitlesAss?: string;
  onFrames?: (rendered: number, total: number) => void;
  onStage?: (stage: string) => void;
};

/** Runs ffmpeg; `onLine` gets each line it writes to stdout (its -progress output). Rejects naming `what` failed, with ffmpeg's last words. */
const runFfmpeg = (args: string[], what: string, onLine?: (line: string) => void): Promise<void> =>
  new Promise((resolve, reject) => {
    const proc = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let buffered = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) onLine?.(line);
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    proc.on('error', (err) => reject(runtimeError(`could not start ffmpeg: ${err.message}`, err)));
    proc.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(runtimeError(`${what} failed (exit ${code}): ${stderr.trim()}`));
    });
  });

/** One frame of the recording as a PNG: the first frame at or after `recMs` (less a hair for rounding). */
const extractFrame = async (recording: string, recMs: number, out: string): Promise<string> => {
  const at = (Math.max(0, recMs - 2) / 1000).toFixed(4);
  await runFfmpeg(
    ['-hide_banner', '-v', 'error', '-nostdin', '-y', '-ss', at, '-i', recording, '-frames:v', '1', out],
    `ffmpeg taking the frame at ${at} s of ${recording}`,
  );
  if (!fs.existsSync(out)) throw runtimeError(`ffmpeg took no frame at ${at} s of ${recording} (the recording is shorter)`);
  return out;
};

export const renderComposite = async (opts: CompositeRenderOptions): Promise<void> => {
  const props = opts.composition.props as { computed?: Computed<ScreenLayout>; style: Style };
  const computed = props.computed;
  if (!computed) throw runtimeError(`${opts.composition.id}: calculateMetadata did not compute the timeline`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-composite-'));
  try {
    const frameSize = { width: opts.composition.width, height: opts.composition.height };
    // The same frame model the compositions draw from (Scene.tsx): the plan only translates it.
    const model = frameModel(computed, props.style, frameSize);
    const plan = planComposite({ model, frameSize, frameRange: opts.frameRange });
    // The static layers, as the frames of one short render (one page, not five).
    opts.onStage?.('drawing layers');
    const files = Object.fromEntries(LAYER_SEQUENCE.map((layer) => [layer, path.join(tmp, `${layer}.png`)])) as Record<(typeof LAYER_SEQUENCE)[number], string>;
    await renderFrames({
      composition: {
        ...opts.composition,
        durationInFrames: LAYER_SEQUENCE.length,
        props: { ...opts.composition.props, layer: 'sequence', sprites: plan.sprites },
      },
      serveUrl: opts.serveUrl,
      inputProps: {},
      outputDir: null,
      imageFormat: 'png',
      frameRange: [0, LAYER_SEQUENCE.length - 1],
      concurrency: 1,
      puppeteerInstance: opts.browser,
      browserExecutable: opts.browserExecutable,
      chromiumOptions: opts.chromiumOptions,
      port: opts.port,
      logLevel: 'error',
      onStart: () => undefined,
      onFrameUpdate: () => undefined,
      onFrameBuffer: (buffer, frame) => {
        const layer = LAYER_SEQUENCE[frame];
        if (layer) fs.writeFileSync(files[layer], buffer);
      },
    });
    const writeTmp = (name: string, text: string) => {
      const f = path.join(tmp, name);
      fs.writeFileSync(f, text);
      return f;
    };
    // Dissolves across cuts: each side's frame at the cut, taken from the recording.
    const held = planHeldFrames(computed.blends ?? [], plan.fps, opts.frameRange);
    const scripts = {
      held: held.map((h, i) => writeTmp(`held${i}.cmd`, h.opacity)),
      main: path.join(tmp, 'main.cmd'),
      cursor: path.join(tmp, 'cursor.cmd'),
      ripples: plan.ripples.map((_, i) => path.join(tmp, `ripple${i}.cmd`)),
      ...(plan.avatar ? { avatarEyes: writeTmp('avatar-eyes.cmd', plan.avatar.eyes), avatarMouth: writeTmp('avatar-mouth.cmd', plan.avatar.mouth) } : {}),
    };
    fs.writeFileSync(scripts.main, plan.main);
    fs.writeFileSync(scripts.cursor, plan.cursor);
    plan.ripples.forEach((text, i) => fs.writeFileSync(scripts.ripples[i]!, text));
    const heldFiles = await Promise.all(held.map((h, i) => extractFrame(opts.recording, h.recMs, path.join(tmp, `held${i}.png`))));
    const inputs: CompositeInputs = {
      recording: opts.recording,
      under: files.under,
      mask: files['stage-mask'],
      cursorSheet: files['cursor-sheet'],
      rippleSheet: files['ripple-sheet'],
      ...(plan.avatar ? { avatarSheet: files['avatar-sheet'] } : {}),
      held: heldFiles,
    };
    const args = compositeArgs({
      plan,
      inputs,
      scripts,
      startSeconds: opts.frameRange[0] / plan.fps,
      timeMap: computed.timeMap,
      startFrame: opts.frameRange[0],
      blurs: computed.timeline.blurs ?? [],
      held,
      // A recording padded to even sides (odd-sized screen) is cropped back to the screen first.
      ...(computed.capture.recordingSize ? { screen: computed.capture.screen } : {}),
      out: opts.out,
      crf: opts.crf,
      preset: opts.preset,
      filterThreads: Math.max(1, Math.min(4, os.cpus().length)),
      frameSize: { width: opts.composition.width, height: opts.composition.height },
      ...(opts.subtitlesAss ? { subtitles: writeTmp('captions.ass', opts.subtitlesAss) } : {}),
      outputSize: opts.outputSize,
    });
    if (process.env.SCREENPLAY_KEEP_LAYERS) fs.writeFileSync(path.join(tmp, 'ffmpeg-args.json'), JSON.stringify(args, null, 1));
    opts.onStage?.('compositing');
    await runFfmpeg(args, 'ffmpeg compositing', (line) => {
      const m = /^frame=(\d+)/.exec(line);
      if (m) opts.onFrames?.(Number(m[1]), plan.frames);
    });
    opts.onFrames?.(plan.frames, plan.frames);
  } finally {
    // SCREENPLAY_KEEP_LAYERS=1 keeps the layers and sendcmd scripts, for debugging a render.
    if (process.env.SCREENPLAY_KEEP_LAYERS) process.stderr.write(`layers kept in ${tmp}\n`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
};
