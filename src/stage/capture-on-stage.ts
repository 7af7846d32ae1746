/**
 * A take (or a rehearsal) on its stage: opens the stage the script declares (openStage), performs
 * the plan there (runCapture) and stops the stage on success, failure and Ctrl-C. What
 * `screenplay capture`, `rehearse` and `make` share.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCapture, type CaptureOptions, type CaptureResult } from '../capture/run-capture';
import { stageSpecOf } from '../dsl/stage-spec';
import { runtimeError } from '../errors';
import type { Plan } from '../dsl';
import { openStage } from './open-stage';
import type { Stage, StageChoice, StageSpec } from './types';

/** The plan's stage (plan.settings.stage; the defaults for a plan made without one). */
export const planStage = (plan: Plan): StageSpec => (plan.settings as { stage?: StageSpec }).stage ?? stageSpecOf(undefined);

/**
 * Runs `take` on the plan's stage, opened for `choice`; the stage is stopped afterwards in every
 * case. A Ctrl-C / SIGTERM while the stage opens (setup commands) stops it and throws a runtime
 * error; during the take, runCapture's own handling stops the recorder and keeps what was
 * recorded, and the stage stops after it.
 */
export const onStage = async <T>(
  plan: Plan,
  choice: StageChoice,
  opts: { rootDir: string; onProgress?: (line: string) => void },
  take: (stage: Stage) => Promise<T>,
): Promise<T> => {
  let stage: Stage | null = null;
  let interrupted: string | null = null;
  let taking = false;
  const abort = new AbortController();
  const onSignal = (sig: string) => {
    if (taking || interrupted) return; // runCapture handles it
    interrupted = sig;
    opts.onProgress?.(`${sig}: stopping the stage`);
    abort.abort();
    void stage?.stop();
  };
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((sig) => [sig, () => onSignal(sig)] as const);
  for (const [sig, h] of handlers) process.on(sig, h);
  try {
    try {
      // Without stage.cwd, the stage starts where screenplay was run (terminals always did).
      stage = await openStage(planStage(plan), choice, { ...opts, signal: abort.signal });
    } catch (err) {
      if (interrupted) throw runtimeError(`interrupted (${interrupted}) while the stage was being set up; nothing was recorded`, err);
      throw err;
    }
    if (interrupted) throw runtimeError(`interrupted (${interrupted}) while the stage was being set up; nothing was recorded`);
    taking = true;
    return await take(stage);
  } finally {
    for (const [sig, h] of handlers) process.off(sig, h);
    await stage?.stop();
  }
};

export type CaptureOnStageOptions = Omit<CaptureOptions, 'display' | 'env' | 'cwd' | 'rehearse'> & {
  /** Where to perform: a fresh virtual stage, or an X display. */
  choice: StageChoice;
};

/** `screenplay capture`: the plan performed and recorded on its stage (see onStage), into opts.outDir. */
export const captureOnStage = (opts: CaptureOnStageOptions): Promise<CaptureResult> => {
  const { choice, ...capture } = opts;
  return onStage(opts.plan, choice, opts, (stage) => runCapture({ ...capture, display: stage.display, env: stage.env, cwd: stage.cwd }));
};

export type RehearseOptions = {
  plan: Plan;
  rootDir: string;
  choice: StageChoice;
  /** How many of the plan's steps to perform (0: the stage just after setup). */
  steps: number;
  /** Where the PNG of the screen goes (absolute path). */
  screenshot: string;
  /** Also read the text on screen (OCR): each line and its box in screen px. */
  words?: boolean;
  onProgress?: (line: string) => void;
};

/**
 * `screenplay rehearse`: the stage opened, the first `steps` steps performed with no recorder and
 * no narration, the screen saved as a PNG; the stage stopped. Answers the lines of text read
 * (with `words`) and the screen's size in px.
 */
export const rehearseOnStage = (opts: RehearseOptions): Promise<{ steps: number; screen: { width: number; height: number }; words?: CaptureResult['words'] }> =>
  onStage(opts.plan, opts.choice, opts, async (stage) => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-rehearse-'));
    try {
      const r = await runCapture({
        plan: opts.plan,
        rootDir: opts.rootDir,
        outDir: scratch,
        display: stage.display,
        env: stage.env,
        cwd: stage.cwd,
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        rehearse: { steps: opts.steps, screenshot: opts.screenshot, ...(opts.words ? { words: true } : {}) },
      });
      return { steps: r.steps, screen: stage.screen, ...(r.words ? { words: r.words } : {}) };
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
