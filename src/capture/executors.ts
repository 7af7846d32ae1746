/**
 * One executor per action: the table is typed by the action list (`ExecutorTable`, keyed by
 * action name), so an action without an executor cannot ship, and each executor takes its
 * action's parsed args (`ActionArgs<N>`, from the action's schema): the defaults are the schema's,
 * none is set here.
 */
import type { ActionName, PlanStep } from '../dsl';
import type { ActionArgs } from '../dsl/actions';
import type { CaptureEvent } from '../capture-log';
import type { DesktopDriver } from './desktop/nut-driver';
import type { Pixels } from './image-search/find-template';
import { knownSecrets } from '../secrets';
import { isWebUrl } from '../dsl/targets';
import { runtimeError } from '../errors';
import { targetFromArgs } from '../targets/from-args';
import type { BrowserSession, Pointer, ResolvedTarget, Target } from '../targets/types';
import { openTerminal, type Terminal } from './terminal';
import type { OutputFormatName } from '../formats';
import { requireOnScreen } from '../dsl/screen-bounds';
import { cardMark } from './card-mark';
import { recordSession, replaySession, session } from './session-steps';

export type CaptureContext = {
  driver: DesktopDriver;
  display: string;
  /** Logs an event whose times are wall-clock ms. */
  log: (event: CaptureEvent) => void;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /**
   * Finds a target on screen or in the browser's page (src/targets/resolve.ts: waits up to its
   * timeout; a miss throws a runtime error naming the step) and checks its point is on the screen
   * (an Error naming `what`, e.g. "click target", otherwise). Logs nothing.
   */
  resolve: (target: Target, what: string) => Promise<ResolvedTarget>;
  /** The browser open_browser opened (closed at the end of the take), or null. */
  browser: BrowserSession | null;
  /** Narration length of a line (by its id, from the narration made before recording), in ms. */
  sayDurationMs: (id: string) => number;
  terminal: Terminal | null;
  /** A folder the plan names (project-relative) as an absolute realpath, checked inside the project; throws otherwise. */
  folder: (dir: string) => string;
  /** A file the plan names (project-relative) as an absolute realpath, checked inside the project; throws otherwise. */
  file: (p: string) => string;
  /** The screen's size and the formats the video is made for (terminal placement and font size). */
  screen: { width: number; height: number };
  formats: readonly OutputFormatName[];
  /** Output length when the last command started: wait_for_text looks from there on. */
  outputMark: number;
  step: PlanStep;
  /** The stage's environment (terminals, the browser) and folder (terminals start there); default screenplay's own. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Prints a line for the person running the capture (a warning, a file saved); default: nothing. */
  notice?: (line: string) => void;
  /** `session` steps record again even where their session exists (capture --record-sessions). */
  recordSessions?: boolean;
};

/**
 * Performs one step of action `N`: `args` are the step's args as the action's schema parsed them
 * (compileScript: defaults filled in, durations in ms, paths project-relative).
 */
export type Executor<N extends ActionName> = (args: ActionArgs<N>, ctx: CaptureContext) => Promise<void>;
/** One executor per action, each typed by its action's args: a missing one or a wrong signature is a compile error. */
export type ExecutorTable = { [N in ActionName]: Executor<N> };

/**
 * Resolves the target in `args` (ctx.resolve) and logs it as a `target` event, just before the
 * pointer goes there; answers the point to go to (screen px).
 */
const aim = async (args: TargetArgs, ctx: CaptureContext, what: string): Promise<{ x: number; y: number }> => {
  const r = await ctx.resolve(targetOf(args, what), what);
  logTarget(ctx, r);
  return r.point;
};

/** The args of a step or a part of one (drag's ends, a callout's `at`) that may name a target. */
type TargetArgs = Parameters<typeof targetFromArgs>[0];

/** The target `args` name; one is required (the schema makes sure: this throws only on a plan made by hand). */
const targetOf = (args: TargetArgs, what: string): Target => {
  const target = targetFromArgs(args);
  if (!target) throw new Error(`${what}: the step names no target`);
  return target;
};

/** Logs a resolved target's box (its label never holds a known secret: the resolver scrubs it). */
const logTarget = (ctx: CaptureContext, r: ResolvedTarget) =>
  ctx.log({ type: 'target', tMs: ctx.now(), ...r.box, source: r.source, label: r.label.slice(0, 500) });

/**
 * The target of a mark (zoom, callout): the point it is about and the box of what was found
 * there (width, height; none for a literal point, which has no size), or the pointer's position
 * when none is named.
 */
const markTarget = async (target: Target | null, ctx: CaptureContext, what: string): Promise<{ x: number; y: number; width?: number; height?: number }> => {
  if (!target) return ctx.driver.position();
  const r = await ctx.resolve(target, what);
  // A box is logged by its centre and size (the timeline reads it centred on x, y); a point has no size.
  return r.source === 'point' ? r.point : { x: r.box.x + r.box.width / 2, y: r.box.y + r.box.height / 2, width: r.box.width, height: r.box.height };
};

/** A page to open: a local URL as written, or a project file as its checked absolute realpath (the browser makes it a file:// URL). */
const pageUrl = (url: string, ctx: CaptureContext): string => (isWebUrl(url) ? url : ctx.file(url));

/** The pointer, as the browser uses it to scroll an element into view on camera (moves and wheel turns logged like a step's). */
const pointerFor = (ctx: CaptureContext): Pointer => ({
  moveTo: (p) => moveTo(p, ctx),
  scroll: async (dx, dy) => {
    const at = await ctx.driver.position();
    await ctx.driver.scroll(dx, dy);
    ctx.log({ type: 'scroll', tMs: ctx.now(), x: at.x, y: at.y, dx, dy });
  },
  position: () => ctx.driver.position(),
});

const needBrowser = (ctx: CaptureContext): BrowserSession => {
  if (!ctx.browser) throw new Error(`"${ctx.step.action}" needs a browser: open one first with open_browser`);
  return ctx.browser;
};

/** Logs where the pointer is (read back from the desktop), never where it was asked to go. */
const logCursor = (ctx: CaptureContext) => (p: { x: number; y: number }, t: number) => ctx.log({ type: 'cursor', tMs: t, x: p.x, y: p.y });

const moveTo = async (to: { x: number; y: number }, ctx: CaptureContext, opts: { durationMs?: number; speed?: number } = {}) => {
  await ctx.driver.moveTo(to, { ...opts, onSample: logCursor(ctx) });
};

/** Logs a click where the pointer really is when the button goes down. */
const logClick = async (ctx: CaptureContext, button: 'left' | 'right' | 'middle', double = false) => {
  const at = await ctx.driver.position();
  ctx.log({ type: 'click', tMs: ctx.now(), x: at.x, y: at.y, button, ...(double ? { double: true } : {}) });
};

const needTerminal = (ctx: CaptureContext): Terminal => {
  if (!ctx.terminal) throw new Error(`"${ctx.step.action}" needs a terminal: open one first with open_terminal`);
  return ctx.terminal;
};

/** The last lines the terminal shows (for errors): what a person would see on screen. */
const lastLines = (term: Terminal, n = 8): string => {
  const lines = term.screenLines();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-n).join('\n');
};

/** Types `text` at `wpm` words per minute; a secret one is masked in the terminal and logged by its length only. */
const typeText = async (text: string, ctx: CaptureContext, wpm: number, secret = false) => {
  const t0 = ctx.now();
  // A secret typed into the terminal is echoed there: the terminal records it masked.
  if (secret) {
    ctx.terminal?.addSecret(text);
    ctx.terminal?.setMasked(true);
  }
  try {
    await ctx.driver.type(text, { wpm, secret });
  } finally {
    if (secret && ctx.terminal) {
      await ctx.sleep(150); // the last characters' echo
      ctx.terminal.setMasked(false);
    }
  }
  // Secret text is never logged: only its length.
  ctx.log(secret ? { type: 'type', tMs: t0, endMs: ctx.now(), secret: true, length: text.length } : { type: 'type', tMs: t0, endMs: ctx.now(), text });
};

const press = async (key: string, ctx: CaptureContext, repeat = 1) => {
  for (let i = 0; i < repeat; i++) {
    await ctx.driver.press(key);
    ctx.log({ type: 'key', tMs: ctx.now(), key });
    if (i < repeat - 1) await ctx.sleep(60);
  }
};

/**
 * The stage's environment for a terminal's shell: without the terminal identity and locale
 * screenplay's own process had (the terminal sets its own: xterm-256color, C.UTF-8), unless the
 * stage changed them.
 */
const terminalEnv = (env: NodeJS.ProcessEnv): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    if (['TERM', 'COLORTERM', 'LANG', 'LC_ALL'].includes(k) && process.env[k] === v) continue;
    out[k] = v;
  }
  return out;
};

/** Marks are logged by the runner (it knows the ranges); their executors perform nothing. */
const markOnly = async (): Promise<void> => undefined;

export const EXECUTORS: ExecutorTable = {
  move: async (args, ctx) => {
    const how = { durationMs: args.duration, speed: args.speed };
    const by = args.by;
    if (by) {
      const from = await ctx.driver.position();
      const to = requireOnScreen({ x: from.x + by.x, y: from.y + by.y }, ctx.screen, `move target (${from.x}, ${from.y}) + by (${by.x}, ${by.y})`);
      return moveTo(to, ctx, how);
    }
    await moveTo(await aim(args, ctx, 'move target'), ctx, how);
  },
  click: async (args, ctx) => {
    const at = await aim(args, ctx, 'click target');
    await moveTo(at, ctx);
    const { button, double } = args;
    // The time and place the button went down: read before clicking (the click takes a while).
    const t = ctx.now();
    const real = await ctx.driver.position();
    await ctx.driver.click({ button, double });
    ctx.log({ type: 'click', tMs: t, x: real.x, y: real.y, button, ...(double ? { double: true } : {}) });
  },
  drag: async (args, ctx) => {
    // Both ends are found before the button goes down: a miss leaves nothing half-dragged.
    const from = await ctx.resolve(targetOf(args.from, 'drag start (from)'), 'drag start (from)');
    const to = await ctx.resolve(targetOf(args.to, 'drag end (to)'), 'drag end (to)');
    logTarget(ctx, from);
    await moveTo(from.point, ctx);
    await logClick(ctx, args.button);
    logTarget(ctx, to);
    await ctx.driver.drag(to.point, { durationMs: args.duration, button: args.button, onSample: logCursor(ctx) });
  },
  scroll: async (args, ctx) => {
    if (targetFromArgs(args)) await moveTo(await aim(args, ctx, 'scroll target'), ctx);
    const at = await ctx.driver.position();
    const { dx, dy } = args;
    await ctx.driver.scroll(dx, dy);
    ctx.log({ type: 'scroll', tMs: ctx.now(), x: at.x, y: at.y, dx, dy });
  },
  type: async (args, ctx) => typeText(args.text, ctx, args.wpm, args.secret),
  press: async (args, ctx) => {
    if (ctx.terminal && /^(Enter|Return)$/i.test(args.key)) {
      ctx.outputMark = ctx.terminal.output().length;
      ctx.terminal.noteEnter(); // a later `run` waits for the prompt that answers it
    }
    await press(args.key, ctx, args.repeat);
  },
  wait: async (args, ctx) => ctx.sleep(args.duration),
  wait_for_image: async (args, ctx) => {
    await ctx.resolve(targetOf(args, 'wait_for_image'), 'wait_for_image');
  },
  wait_for: async (args, ctx) => {
    if (typeof args.url === 'string') {
      const browser = needBrowser(ctx);
      const timeoutMs = args.timeout;
      if (!(await browser.waitForUrl(args.url, timeoutMs))) {
        const s = ctx.step.source;
        throw runtimeError(
          `${s.file}:${s.line}:${s.column}: the page's URL did not come to contain ${JSON.stringify(args.url)} within ${(timeoutMs / 1000).toFixed(1)} s; it is ${JSON.stringify(browser.url().slice(0, 200))}`,
        );
      }
      return;
    }
    await ctx.resolve(targetOf(args, 'wait_for target'), 'wait_for target');
  },
  open_browser: async (args, ctx) => {
    await ctx.browser?.close();
    ctx.browser = null;
    // Loaded only when a plan opens a browser (playwright-core is not needed otherwise).
    const { openBrowser } = await import('./browser/open-browser');
    const url = pageUrl(args.url, ctx);
    ctx.browser = await openBrowser({
      display: ctx.display,
      screen: ctx.screen,
      formats: ctx.formats,
      url,
      ...(args.x !== undefined ? { x: args.x } : {}),
      ...(args.y !== undefined ? { y: args.y } : {}),
      ...(args.width !== undefined ? { width: args.width } : {}),
      ...(args.height !== undefined ? { height: args.height } : {}),
      ...(args.theme !== undefined ? { theme: args.theme } : {}),
      pointer: pointerFor(ctx),
      now: ctx.now,
      ...(ctx.env ? { env: ctx.env } : {}),
    });
  },
  goto: async (args, ctx) => needBrowser(ctx).goto(pageUrl(args.url, ctx)),
  open_terminal: async (args, ctx) => {
    await ctx.terminal?.close();
    // Every secret known (API keys, the script's secret texts) is masked from the terminal's first byte.
    // The stage's folder and environment, the step's own cwd and env over them.
    const cwd = args.cwd !== undefined ? { cwd: ctx.folder(args.cwd) } : ctx.cwd ? { cwd: ctx.cwd } : {};
    const env = ctx.env ? { env: { ...terminalEnv(ctx.env), ...(args.env ?? {}) } } : {};
    ctx.terminal = await openTerminal({
      display: ctx.display,
      screen: ctx.screen,
      formats: ctx.formats,
      now: ctx.now,
      log: ctx.log,
      ...args,
      ...cwd,
      ...env,
      secrets: knownSecrets(),
    });
    ctx.outputMark = ctx.terminal.output().length;
    // Click into it just right of the prompt, as a person would: it takes the focus, and the
    // pointer rests where the typing will be.
    const g = ctx.terminal.geometry;
    const at = { x: Math.round(g.x + g.cellWidth * Math.min(g.cols - 1, 12)), y: Math.round(g.y + g.cellHeight * 0.5) };
    await moveTo(requireOnScreen(at, ctx.screen, "the terminal's prompt"), ctx);
    await logClick(ctx, 'left');
    await ctx.driver.click();
  },
  run: async (args, ctx) => {
    const term = needTerminal(ctx);
    const timeoutMs = args.timeout;
    // A command typed and entered before (type, press: Enter) may still be running: its prompt
    // comes first, or this command would be typed into it and its end taken for this one's.
    await term.waitForReady(timeoutMs).catch((err: Error) => {
      throw new Error(`could not run "${args.command}": ${err.message}. The terminal's last lines:\n${lastLines(term)}`);
    });
    await typeText(args.command, ctx, args.wpm);
    ctx.outputMark = term.output().length;
    const enter = term.noteEnter();
    await press('Enter', ctx);
    const entered = ctx.now();
    // The end of the command this Enter started: the first exit code after it.
    const code = await term.waitForCommand(enter, timeoutMs).catch((err: Error) => {
      throw new Error(`"${args.command}" did not finish: ${err.message}. The terminal's last lines:\n${lastLines(term)}`);
    });
    ctx.log({ type: 'command', tMs: entered, endMs: ctx.now(), command: args.command, exitCode: code });
    if (code !== 0 && !args.allowFailure) {
      const lines = term.output().slice(ctx.outputMark).trimEnd().split('\n').slice(-8).join('\n');
      throw new Error(`"${args.command}" exited with code ${code} (set allowFailure: true if that is expected). Its last lines:\n${lines}`);
    }
  },
  record_session: async (args, ctx) => recordSession(args, ctx, { type: (t, c, wpm) => typeText(t, c, wpm), press: (k, c) => press(k, c) }),
  replay_session: async (args, ctx) => replaySession(args, ctx, { type: (t, c, wpm) => typeText(t, c, wpm), press: (k, c) => press(k, c) }),
  session: async (args, ctx) => session(args, ctx, { type: (t, c, wpm) => typeText(t, c, wpm), press: (k, c) => press(k, c) }),
  wait_for_text: async (args, ctx) => {
    const term = needTerminal(ctx);
    const timeoutMs = args.timeout;
    const re = args.regex !== undefined ? new RegExp(args.regex) : null;
    const text = args.text ?? '';
    const from = ctx.outputMark;
    const seen = await term.waitForOutput((out) => (re ? re.test(out.slice(from)) : out.slice(from).includes(text)), timeoutMs);
    if (!seen) {
      throw new Error(
        `expected ${re ? `output matching /${args.regex}/` : `"${text}"`} in the terminal within ${(timeoutMs / 1000).toFixed(1)} s, but it did not appear. The terminal's last lines:\n${lastLines(term)}`,
      );
    }
  },
  wait_for_settled: async (args, ctx) => {
    // The terminal's screen (from its output) when one is open, else the screen's pixels.
    const region = args.region ?? (ctx.terminal ? 'terminal' : 'screen');
    const deadline = ctx.now() + args.timeout;
    const quiet = `${(args.quiet / 1000).toFixed(1)} s`;
    if (args.text) {
      const term = needTerminal(ctx);
      const text = args.text;
      const from = ctx.outputMark;
      if (!(await term.waitForOutput((out) => out.slice(from).includes(text), args.timeout))) {
        throw new Error(
          `expected "${text}" in the terminal within ${(args.timeout / 1000).toFixed(1)} s (then ${quiet} without change), but it did not appear. The terminal's last lines:\n${lastLines(term)}`,
        );
      }
    }
    const left = Math.max(1, deadline - ctx.now());
    if (region === 'terminal') {
      const term = needTerminal(ctx);
      await term.waitForSettled(args.quiet, left).catch((err: Error) => {
        throw new Error(`${err.message}. The terminal's last lines:\n${lastLines(term)}`);
      });
      return;
    }
    // The whole screen, grabbed with nut.js (loaded when first needed; DISPLAY names the X display on Linux).
    const { waitForScreenSettled } = await import('./screen-settle');
    const grab = async () => {
      const [{ screen }, { toPixels }] = await Promise.all([import('@nut-tree-fork/nut-js'), import('./image-search/nut-finder')]);
      return toPixels(await screen.grab());
    };
    await waitForScreenSettled({ grab, pointer: () => ctx.driver.position(), quietMs: args.quiet, timeoutMs: left, now: ctx.now, sleep: ctx.sleep });
  },
  say: async (args, ctx) => {
    const t0 = ctx.now();
    const id = args.id || ctx.step.id;
    const ms = ctx.sayDurationMs(id);
    ctx.log({ type: 'say', tMs: t0, endMs: t0 + ms, id });
    if (args.wait) await ctx.sleep(ms);
  },
  zoom: async (args, ctx) => {
    const at = await markTarget(targetFromArgs(args), ctx, 'zoom target');
    const t0 = ctx.now();
    // No level: a box is zoomed to fit (the timeline works it out), a point or the pointer to 2x.
    ctx.log({
      type: 'mark',
      kind: 'zoom',
      tMs: t0,
      endMs: t0 + args.hold,
      ...at,
      ...(args.level !== undefined ? { level: args.level } : 'width' in at ? {} : { level: 2 }),
    });
  },
  callout: async (args, ctx) => {
    // Its target is `at: { … }`, or inline x and y or image (its own `text` is the bubble's).
    const inline = args.at ?? { x: args.x, y: args.y, image: args.image };
    const at = await markTarget(targetFromArgs(inline), ctx, 'callout target');
    const t0 = ctx.now();
    ctx.log({ type: 'mark', kind: 'callout', tMs: t0, endMs: t0 + args.duration, text: args.text, ...at });
  },
  speedup: markOnly,
  cut: markOnly,
  blur: markOnly,
  hide_cursor: markOnly,
  // Cards show nothing while capturing: their mark holds the recording there (time-map.ts).
  title_card: async (args, ctx) => ctx.log(cardMark('title', args, ctx.now(), ctx.file)),
  end_card: async (args, ctx) => ctx.log(cardMark('end', args, ctx.now(), ctx.file)),
  chapter: async (args, ctx) => ctx.log({ type: 'mark', kind: 'chapter', tMs: ctx.now(), text: args.title }),
};

/**
 * Runs a plan step with its action's executor. The one place the plan's args (Record<string,
 * unknown>) are taken as the action's parsed args: compileScript made them with that schema.
 */
export const executeStep = async (step: PlanStep, ctx: CaptureContext): Promise<void> => {
  await (EXECUTORS[step.action] as (args: PlanStep['args'], ctx: CaptureContext) => Promise<void>)(step.args, ctx);
  // A replayed session got input other than the recorded one (replay_session): this step fails, if it is known by now.
  const failed = ctx.terminal?.failure();
  if (failed) throw new Error(failed);
};

export type { Pixels };
