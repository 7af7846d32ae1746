/**
 * runCapture: performs a compiled plan on a real desktop while ffmpeg records it, and writes
 * the capture dir (events.jsonl as it goes, capture.json and recording.mp4 at the end). A
 * failed step or Ctrl-C still stops the recorder cleanly and finalises the dir
 * ("complete": false), so nothing recorded is lost.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Plan, PlanMark } from '../dsl';
import { invalidInput, runtimeError, ScreenplayError } from '../errors';
import { startCursorSampler } from './cursor-sampler';
import { EventLogWriter } from './event-log';
import { EXECUTORS, type CaptureContext } from './executors';
import { startScreenRecording } from './ffmpeg-recorder';
import { finaliseCaptureDir, probeDurationMs, RAW_RECORDING } from './finalise-capture-dir';
import { loadOpenCv } from './image-search/opencv';
import { waitForImage } from './image-search/wait-for-image';
import { precheckCapture } from './precheck';
import { espeakDurationMs } from './say-duration';

export type CaptureOptions = {
  plan: Plan;
  /** Plan paths are relative to this folder. */
  rootDir: string;
  outDir: string;
  display: string;
  fps?: number;
  countdownMs?: number;
  onProgress?: (line: string) => void;
};

export type CaptureResult = { outDir: string; complete: boolean; steps: number; durationMs: number };

const screenSize = (display: string): { width: number; height: number } => {
  const r = spawnSync('xdpyinfo', ['-display', display], { encoding: 'utf8' });
  const m = /dimensions:\s+(\d+)x(\d+)/.exec(r.stdout);
  if (!m) throw runtimeError(`could not read the size of display ${display}`);
  return { width: Number(m[1]), height: Number(m[2]) };
};

const markEventFields = (m: PlanMark, region?: { x: number; y: number; width: number; height: number }) => ({
  kind: m.kind,
  ...(typeof m.args.factor === 'number' ? { factor: m.args.factor } : {}),
  ...(region ?? (m.args.region as object | undefined) ?? {}),
});

export const runCapture = async (opts: CaptureOptions): Promise<CaptureResult> => {
  const { plan, display } = opts;
  const problems = precheckCapture({ plan, rootDir: opts.rootDir, display });
  if (problems.length) throw invalidInput(`capture cannot start:\n${problems.map((p) => `${p.source}: ${p.message}`).join('\n')}`);
  const fps = opts.fps ?? 30;
  const screen = screenSize(display);
  process.env.DISPLAY = display; // libnut opens the display named here on first use
  const { createNutDriver } = await import('./desktop/nut-driver');
  const { toPixels } = await import('./image-search/nut-finder');
  const nut = await import('@nut-tree-fork/nut-js');
  const driver = await createNutDriver();
  const cv = await loadOpenCv();

  for (let s = Math.ceil((opts.countdownMs ?? 0) / 1000); s > 0; s--) {
    opts.onProgress?.(`recording in ${s}…`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  fs.mkdirSync(opts.outDir, { recursive: true });
  const writer = new EventLogWriter(path.join(opts.outDir, 'events.jsonl'), { recording: 'recording.mp4', screen, fps });
  const rec = startScreenRecording({ display, width: screen.width, height: screen.height, fps, out: path.join(opts.outDir, RAW_RECORDING) });
  writer.setOrigin(await rec.firstFrameWallMs);
  const now = () => performance.timeOrigin + performance.now();
  const sampler = startCursorSampler(driver.position, (p, t) => writer.log({ type: 'cursor', tMs: t, x: p.x, y: p.y }));

  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    opts.onProgress?.('interrupted: stopping the recorder and keeping what was recorded');
  };
  process.on('SIGINT', onSigint);
  const ctx: CaptureContext = {
    driver,
    display,
    log: (e) => writer.log(e),
    now,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    findImage: async (image, o) => {
      // imageResource() resolves names against the resource directory: the project root.
      nut.screen.config.resourceDirectory = opts.rootDir;
      const template = toPixels(await nut.imageResource(image));
      return waitForImage({
        cv,
        grab: async () => toPixels(await nut.screen.grab()),
        template,
        templateName: image,
        source: `${ctx.step.source.file}:${ctx.step.source.line}:${ctx.step.source.column}`,
        timeoutMs: o.timeoutMs ?? 10_000,
        confidence: o.confidence,
        region: o.region,
        debugDir: opts.outDir,
      });
    },
    sayDurationMs: (text) => espeakDurationMs(text),
    terminal: null,
    outputMark: 0,
    step: plan.steps[0] as CaptureContext['step'],
  };

  const markStart = new Map<string, number>();
  let failure: unknown = null;
  let done = 0;
  try {
    for (const [i, step] of plan.steps.entries()) {
      if (interrupted) break;
      ctx.step = step;
      const where = `${step.source.file}:${step.source.line}:${step.source.column}`;
      opts.onProgress?.(`step ${i + 1}/${plan.steps.length} ${step.id} ${step.action} (${where})`);
      const t0 = now();
      for (const m of plan.marks) if (m.from === step.id) markStart.set(m.id, t0);
      try {
        await EXECUTORS[step.action](step.args, ctx);
      } catch (err) {
        if (err instanceof ScreenplayError) throw err;
        throw runtimeError(`${where}: step ${step.id} (${step.action}) failed: ${(err as Error).message}`, err);
      }
      writer.log({ type: 'step', id: step.id, action: step.action, tMs: t0, endMs: now(), source: where });
      for (const m of plan.marks) {
        if (m.to === step.id) writer.log({ type: 'mark', tMs: markStart.get(m.id) ?? t0, endMs: now(), ...markEventFields(m) } as never);
      }
      done++;
    }
    // Let the last frame settle on screen before the recording stops.
    await ctx.sleep(500);
  } catch (err) {
    failure = err;
  } finally {
    process.off('SIGINT', onSigint);
    await sampler.stop();
    await rec.stop().catch(() => rec.process.kill('SIGKILL'));
    const complete = !failure && !interrupted;
    writer.close(complete ? probeDurationMs(path.join(opts.outDir, RAW_RECORDING)) : null);
    await ctx.terminal?.close();
  }
  const { log } = finaliseCaptureDir(opts.outDir);
  if (failure) throw failure;
  return { outDir: opts.outDir, complete: log.complete !== false, steps: done, durationMs: log.durationMs };
};
