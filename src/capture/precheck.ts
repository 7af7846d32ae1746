/**
 * What capture checks before it records anything, so a run fails in seconds rather than
 * half-way through a take: every image the plan uses exists and decodes, the display answers,
 * ffmpeg is there. Every problem is reported, each naming the step's source line.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Plan } from '../dsl';
import { installHint, missingCommands } from '../system-tools';

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
}): PrecheckProblem[] => {
  const problems: PrecheckProblem[] = [];
  for (const { image, source } of planImages(opts.plan)) {
    const file = path.join(opts.rootDir, image);
    if (!fs.existsSync(file)) {
      problems.push({ source, message: `expected the image ${image} to exist, but it does not` });
      continue;
    }
    // ffprobe reads almost anything (a text file is a "tty" video): ask for a picture codec.
    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' });
    if (probe.status !== 0 || !/^(png|mjpeg|bmp|webp|gif),[1-9]\d*,[1-9]\d*/.test(probe.stdout.trim())) {
      problems.push({ source, message: `expected ${image} to be a picture (PNG or JPEG), but it could not be read` });
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
    problems.push({ source: at, message: `open_terminal needs ${terminalTools.join(', ')}, which ${terminalTools.length === 1 ? 'is' : 'are'} not installed (${installHint(terminalTools)})` });
  }
  if (process.platform === 'linux') {
    const display = opts.display ?? process.env.DISPLAY;
    if (!display) problems.push({ source: 'capture', message: 'expected an X display to perform on (set DISPLAY or pass --display :N), but none is set' });
    else if (spawnSync('xdpyinfo', ['-display', display], { stdio: 'ignore' }).status !== 0) {
      problems.push({ source: 'capture', message: `expected the X display ${display} to answer, but it does not` });
    }
  }
  return problems;
};
