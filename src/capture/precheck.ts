/**
 * What capture checks before it records anything, so a run fails in seconds rather than
 * half-way through a take: every image the plan uses exists, decodes and has opaque pixels to
 * look for, the display answers, ffmpeg is there, and the terminal, keyboard and browser tools
 * the steps use are installed. Every problem is reported, each naming the step's source line.
 */
import { spawnSync } from 'node:child_process';
import type { z } from 'zod';
import { ACTIONS, type Plan } from '../dsl';
import { pathFields, pathValues } from '../dsl/script-paths';
import { topLevelSchemas } from '../dsl/script-schema';
import { planPath } from '../util/resolve-script-path';
import { templateNameScaleProblem, templateProblem, templateScaleFromName } from './image-search/find-template';
import { installHint, missingCommands } from '../system-tools';
import { browserInstallHint, findCaptureBrowser } from './browser/find-capture-browser';
import { replaySessionProblem } from './session-steps';

export type PrecheckProblem = { source: string; message: string };

/** Every image path in a plan (steps and the args of nested targets), with the step's source. */
export const planImages = (plan: Plan): Array<{ image: string; source: string; stepId: string }> => {
  const out: Array<{ image: string; source: string; stepId: string }> = [];
  const walk = (v: unknown, source: string, stepId: string) => {
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'image' && typeof x === 'string') out.push({ image: x, source, stepId });
      else walk(x, source, stepId);
    }
  };
  for (const s of plan.steps) walk(s.args, `${s.source.file}:${s.source.line}:${s.source.column}`, s.id);
  for (const m of plan.marks) walk(m.args, `${m.source.file}:${m.source.line}:${m.source.column}`, m.id);
  return out;
};

export const precheckCapture = (opts: {
  plan: Plan;
  /** Plan paths are relative to this folder (the project root). */
  rootDir: string;
  display?: string;
  /** Where REMOTION_BROWSER_EXECUTABLE is read (default process.env). */
  env?: NodeJS.ProcessEnv;
}): PrecheckProblem[] => {
  const problems: PrecheckProblem[] = [];
  // Every path the schema marks goes through the one rule again (realpath inside the project,
  // exists) before anything is read: a link swapped in since validate is refused here.
  const check = (schema: z.ZodType, value: unknown, report: (at: string, message: string) => void) => {
    for (const field of pathFields(schema)) {
      for (const v of pathValues(value, field)) {
        const r = planPath(opts.rootDir, v.value, field.meta.kind);
        if (!r.ok) report(v.at.join('.'), r.message);
      }
    }
  };
  for (const s of [...opts.plan.steps.map((x) => ({ ...x, kind: x.action })), ...opts.plan.marks]) {
    const source = `${s.source.file}:${s.source.line}:${s.source.column}`;
    check(ACTIONS[s.kind].schema, s.args, (at, message) => problems.push({ source, message: `${at}: ${message}` }));
  }
  // Settings have no step: they are named by the entry and the field.
  for (const key of ['avatar', 'style'] as const) {
    check(topLevelSchemas[key], opts.plan.settings[key], (at, message) => problems.push({ source: `${opts.plan.entry}: ${key}.${at}`, message }));
  }
  const display = opts.display ?? process.env.DISPLAY;
  // One xdpyinfo (Linux): whether the display answers, and its size for templates larger than the screen.
  const info = process.platform === 'linux' && display ? spawnSync('xdpyinfo', ['-display', display], { encoding: 'utf8' }) : null;
  const dims = info?.status === 0 ? /dimensions:\s+(\d+)x(\d+) pixels/.exec(info.stdout) : null;
  const screen = dims ? { width: Number(dims[1]), height: Number(dims[2]) } : null;
  for (const { image, source } of planImages(opts.plan)) {
    const r = planPath(opts.rootDir, image, 'file');
    if (!r.ok) continue; // reported above
    const named = templateNameScaleProblem(image);
    if (named) {
      problems.push({ source, message: `expected ${image} to be a template, but ${named}` });
      continue;
    }
    const file = r.abs;
    // ffprobe reads almost anything (a text file is a "tty" video): ask for a picture codec.
    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' });
    const probed = /^(png|mjpeg|bmp|webp|gif),([1-9]\d*),([1-9]\d*)/.exec(probe.stdout.trim());
    if (probe.status !== 0 || !probed) {
      problems.push({ source, message: `expected ${image} to be a picture (PNG or JPEG), but it could not be read` });
      continue;
    }
    // Transparent pixels are ignored by the search: a picture with none opaque finds nothing.
    const width = Number(probed[2]);
    const height = Number(probed[3]);
    // Larger than the screen at its own scale: it cannot be on it (a HiDPI cut says so with @2x).
    const scale = templateScaleFromName(image);
    const size = screen;
    if (size && (width / scale > size.width || height / scale > size.height)) {
      const hint = scale === 1 ? ' (cut from a HiDPI screen? name it like button@2x.png)' : '';
      problems.push({
        source,
        message: `expected ${image} to fit on the ${size.width}x${size.height} screen, but it is ${width}x${height}${scale === 1 ? '' : ` at ${scale}x, ${Math.round(width / scale)}x${Math.round(height / scale)} on screen`}${hint}`,
      });
      continue;
    }
    const pixels = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
      maxBuffer: width * height * 4 + 1024,
    });
    if (pixels.status === 0 && pixels.stdout.length >= width * height * 4) {
      const problem = templateProblem({ width, height, channels: 4, data: pixels.stdout });
      if (problem) problems.push({ source, message: `expected ${image} to show something to look for, but ${problem}` });
    }
  }
  if (spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status !== 0) {
    problems.push({ source: 'capture', message: 'expected ffmpeg on PATH to record the screen, but it was not found' });
  }
  // The terminal window (Linux: xterm, placed and focused with xdotool and xwininfo).
  const terminal = opts.plan.steps.find((s) => s.action === 'open_terminal');
  const terminalTools = process.platform === 'linux' && terminal ? missingCommands(['xterm', 'xdotool', 'xwininfo']) : [];
  if (terminal && terminalTools.length) {
    const at = `${terminal.source.file}:${terminal.source.line}:${terminal.source.column}`;
    problems.push({
      source: at,
      message: `open_terminal needs ${terminalTools.join(', ')}, which ${terminalTools.length === 1 ? 'is' : 'are'} not installed (${installHint(terminalTools)})`,
    });
  }
  // Recorded sessions to replay: there and readable, before anything is recorded.
  for (const s of opts.plan.steps.filter((x) => x.action === 'replay_session')) {
    const problem = replaySessionProblem(opts.rootDir, s);
    if (problem) problems.push({ source: `${s.source.file}:${s.source.line}:${s.source.column}`, message: problem });
  }
  // The browser window (Linux: Chromium or Chrome, placed with xdotool and xwininfo, read with xprop).
  const browserStep = opts.plan.steps.find((s) => s.action === 'open_browser');
  if (browserStep && process.platform === 'linux') {
    const at = `${browserStep.source.file}:${browserStep.source.line}:${browserStep.source.column}`;
    let found: string | null = null;
    let why = '';
    try {
      found = findCaptureBrowser(opts.env ?? process.env);
    } catch (err) {
      why = (err as Error).message; // REMOTION_BROWSER_EXECUTABLE names no executable file
    }
    if (why) problems.push({ source: at, message: `open_browser needs Chromium or Google Chrome: ${why.replace(/\.$/, '')}` });
    else if (!found) problems.push({ source: at, message: `open_browser needs Chromium or Google Chrome, and neither is installed (${browserInstallHint()})` });
    const tools = missingCommands(['xdotool', 'xwininfo', 'xprop']);
    if (tools.length)
      problems.push({
        source: at,
        message: `open_browser needs ${tools.join(', ')}, which ${tools.length === 1 ? 'is' : 'are'} not installed (${installHint(tools)})`,
      });
  }
  // The keyboard (Linux: keysyms through xdotool, characters the layout lacks bound with xmodmap).
  const keys = opts.plan.steps.find((s) => s.action === 'type' || s.action === 'press' || s.action === 'run');
  const keyTools = process.platform === 'linux' && keys ? missingCommands(['xdotool', 'xmodmap']) : [];
  if (keys && keyTools.length) {
    const at = `${keys.source.file}:${keys.source.line}:${keys.source.column}`;
    problems.push({
      source: at,
      message: `${keys.action} needs ${keyTools.join(', ')} to send keys, which ${keyTools.length === 1 ? 'is' : 'are'} not installed (${installHint(keyTools)})`,
    });
  }
  if (process.platform === 'linux') {
    if (!display) problems.push({ source: 'capture', message: 'expected an X display to perform on (set DISPLAY or pass --display :N), but none is set' });
    else if (info?.status !== 0) {
      problems.push({ source: 'capture', message: `expected the X display ${display} to answer, but it does not` });
    } else if (keys) {
      // Keys are sent by keycode and level: with Caps Lock on, every letter arrives in the other case.
      const q = spawnSync('xset', ['-display', display, 'q'], { encoding: 'utf8' });
      if (q.status === 0 && /Caps Lock:\s*on/i.test(q.stdout)) {
        const at = `${keys.source.file}:${keys.source.line}:${keys.source.column}`;
        problems.push({
          source: at,
          message: `${keys.action} expects Caps Lock off on ${display}, but it is on: every letter would arrive in the other case (turn it off, e.g. xdotool key Caps_Lock)`,
        });
      }
    }
  }
  return problems;
};
