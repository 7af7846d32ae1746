/**
 * A plan's video length, estimated before anything runs (pure): what `validate` and `plan` warn
 * by when a preset's limit will not hold the video (lint-presets.ts). Rough by design: the real
 * length comes from the take (narration clips, commands, pages loading) and automatic tightening
 * shortens idle stretches; render and make measure the real one and act on it.
 */
import type { Plan } from './compile';

/** Speech rate for a say line's estimate: 2.6 words a second (about 155 a minute, a calm narrator), plus a breath. */
export const SAY_WORDS_PER_SECOND = 2.6;
const SAY_PAUSE_MS = 300;
/** A pointer action (move, click, drag, scroll, press) without a duration of its own. */
const POINTER_MS = 700;
/** Opening a terminal or a browser, loading a page, waiting for something to appear. */
const OPEN_MS = 1500;
const WAIT_FOR_MS = 1000;
/** A command's own run time is unknown: this much after it is typed. */
const RUN_MS = 1500;

const typingMs = (text: unknown, wpm: unknown): number => {
  const chars = typeof text === 'string' ? text.length : 0;
  const rate = typeof wpm === 'number' && wpm > 0 ? wpm : 70;
  // wpm counts 5-character words.
  return (chars / (rate * 5)) * 60_000;
};

/** One step's estimated length (ms), before marks. */
export const estimateStepMs = (step: Pick<Plan['steps'][number], 'action' | 'args'>): number => {
  const a = step.args;
  switch (step.action) {
    case 'wait':
      return typeof a.duration === 'number' ? a.duration : 0;
    case 'say': {
      if (a.wait === false) return 0;
      const words = typeof a.text === 'string' ? a.text.split(/\s+/).filter(Boolean).length : 0;
      return (words / SAY_WORDS_PER_SECOND) * 1000 + SAY_PAUSE_MS;
    }
    case 'type':
      return typingMs(a.text, a.wpm);
    case 'run':
      return typingMs(a.command, a.wpm) + RUN_MS;
    case 'move':
    case 'drag':
      return typeof a.duration === 'number' ? a.duration : POINTER_MS;
    case 'press':
      return POINTER_MS * (typeof a.repeat === 'number' ? Math.min(a.repeat, 5) : 1);
    case 'click':
    case 'scroll':
      return POINTER_MS;
    case 'open_terminal':
    case 'open_browser':
    case 'goto':
      return OPEN_MS;
    case 'wait_for_settled':
      return (typeof a.quiet === 'number' ? a.quiet : 0) + WAIT_FOR_MS;
    case 'wait_for_text':
    case 'wait_for':
    case 'wait_for_image':
      return WAIT_FOR_MS;
    default:
      // zoom, callout and marks take no time of their own.
      return 0;
  }
};

/**
 * The video's estimated length (ms): each step's estimate, the steps a `speedup` wraps divided
 * by its factor, the ones a `cut` wraps left out.
 */
export const estimateVideoMs = (plan: Pick<Plan, 'steps' | 'marks'>): number => {
  const index = new Map(plan.steps.map((s, i) => [s.id, i]));
  const scale = plan.steps.map(() => 1);
  for (const m of plan.marks) {
    const from = index.get(m.from);
    const to = index.get(m.to);
    if (from === undefined || to === undefined) continue;
    const k = m.kind === 'cut' ? 0 : m.kind === 'speedup' && typeof m.args.factor === 'number' ? 1 / m.args.factor : 1;
    for (let i = from; i <= to; i++) scale[i] = Math.min(scale[i]!, k);
  }
  return Math.round(plan.steps.reduce((sum, s, i) => sum + estimateStepMs(s) * scale[i]!, 0));
};
