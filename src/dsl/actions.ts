/**
 * Every built-in action, once: its schema (the long form), its short form, whether it wraps
 * steps, and one line for the docs. The compiler, the JSON Schema and the README's table all
 * read this table; executors (capture) will be keyed by the same names. Pure.
 */
import { z } from 'zod';
import { colourProblem } from './colours';
import { formatDuration } from './duration';
import { zDuration, zImage } from './fields';
import { checkKeyChord, checkTypableText } from './keys';
import { zPath } from './script-paths';
import { sessionNameProblem } from './session-name';
import { checkTarget, TARGET_KINDS, targetFields, zConfidence, zOffset, zPageUrl, zRegion, zTarget } from './targets';

export { zDuration, zImage };

/** Typing speed in words per minute, 10 to 400: it sets the delay between keys (a slower one would wait past the timers' limit). */
const wpm = () => z.number().min(10).max(400);

const region = zRegion();
const offset = zOffset();
const confidence = zConfidence();
/** Text a keyboard types: refused before recording when a character has no key (see checkTypableText). */
const typable = (allow: string) =>
  z.string().superRefine((t, ctx) => {
    const m = checkTypableText(t, allow);
    if (m) ctx.addIssue({ code: 'custom', message: m });
  });

/**
 * An object whose keys are all optional but `keep` (keys with a default: their parsed value is
 * never undefined, so the parsed type says so). The keys stay in the order written.
 */
const partialExcept = <S extends z.ZodRawShape, K extends keyof S & string>(shape: S, ...keep: K[]) =>
  z.object(
    Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, (keep as string[]).includes(k) ? v : z.optional(v)])) as {
      [P in keyof S]: P extends K ? S[P] : z.ZodOptional<S[P]>;
    },
  );

/** A recorded session's name: a plain file name (sessions/NAME.cast), see sessionNameProblem. */
const sessionName = () =>
  z.string().superRefine((n, ctx) => {
    const m = sessionNameProblem(n);
    if (m) ctx.addIssue({ code: 'custom', message: m });
  });

const innerSteps = z.array(z.unknown()).min(1, 'must list at least one step');

/** A brand colour: #rgb, #rgba, #rrggbb, #rrggbbaa or a CSS colour name (colours.ts, the one rule). */
const colour = () =>
  z.string({ error: (iss) => colourProblem(iss.input) ?? 'must be a colour' }).superRefine((v, ctx) => {
    const m = colourProblem(v);
    if (m) ctx.addIssue({ code: 'custom', message: m });
  });
/** Text on a card: one line or two, at most 120 characters. */
const cardLine = () => z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters (a card shows a line or two)');
/**
 * Why `v` is not a web address an end card may show and encode, or null: an http(s) URL with a
 * host (`https://ml.ink/docs`). A bare domain is refused with the https:// form to write instead.
 */
export const cardUrlProblem = (v: string): string | null => {
  const shown = JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  let u: URL | null = null;
  try {
    u = new URL(v);
  } catch {
    u = null;
  }
  if (u && (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname && !/\s/.test(v)) return null;
  if (!u && /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(v)) return `must be an http(s) URL, but got ${shown} (write "https://${v}")`;
  return `must be an http(s) URL like "https://ml.ink", but got ${shown}`;
};
/** The URL an end card shows and encodes in its QR code: http(s) only, at most 300 characters. */
const cardUrl = () =>
  z
    .string()
    .trim()
    .min(1, 'must be an http(s) URL like "https://ml.ink", but got ""')
    .max(300, 'must be at most 300 characters (a QR code of it must stay readable)')
    .superRefine((v, ctx) => {
      const m = cardUrlProblem(v);
      if (m) ctx.addIssue({ code: 'custom', message: m });
    });
/** How long a card shows: 0.5 s to 30 s. */
const cardDuration = (def: string) =>
  zDuration()
    .refine((ms) => ms >= 500 && ms <= 30_000, { error: (iss) => `must be from 500ms to 30s, but got ${String(iss.input)} ms` })
    .prefault(def as never);
/** The look every card shares: a logo (a project image) and the brand's colours. */
const cardLook = () => ({ logo: zImage().optional(), background: colour().optional(), color: colour().optional(), accent: colour().optional() });

/** The target kinds `blur` takes: anything with an area (a point has none). */
const AREA_KINDS = TARGET_KINDS.filter((k) => k !== 'point');
/** What `wait_for` waits for: something on screen or in the page, or the page's URL. */
const WAIT_FOR_KINDS = ['image', 'text', 'selector', 'role', 'label', 'testId', 'url'] as const;

export type ActionDef = {
  summary: string;
  schema: z.ZodType;
  /** Turns a short form (a scalar or a list) into the long form; null when there is none. */
  short?: (value: unknown) => Record<string, unknown> | null;
  /** Wraps `steps`: becomes a mark over the step ids inside. */
  wraps?: boolean;
  example: string;
};

const str = (key: string) => (v: unknown) => (typeof v === 'string' ? { [key]: v } : null);
const stepsShort = (v: unknown) => (Array.isArray(v) ? { steps: v } : null);

export const ACTIONS = {
  move: {
    summary: 'Move the pointer along a human-like path to a target, or by an offset from where it is.',
    schema: z
      .object({ ...targetFields(), by: offset, duration: zDuration(), speed: z.number().positive() })
      .partial()
      .strict()
      .superRefine(checkTarget({ kinds: [...TARGET_KINDS, 'by'] })),
    short: str('image'),
    example: 'move: { text: Settings, duration: 600ms }',
  },
  click: {
    summary: 'Click a target (its centre, or an offset from it): a point, an image, text on screen, or a browser element.',
    schema: partialExcept(
      { ...targetFields(), button: z.enum(['left', 'right', 'middle']).default('left'), double: z.boolean().default(false) },
      'button',
      'double',
    )
      .strict()
      .superRefine(checkTarget({ kinds: TARGET_KINDS })),
    short: str('image'),
    example: 'click: { role: button, name: Deploy }',
  },
  drag: {
    summary: 'Press on one target and release on another.',
    schema: z
      .object({
        from: zTarget(),
        to: zTarget(),
        duration: zDuration().optional(),
        button: z.enum(['left', 'right', 'middle']).default('left'),
      })
      .strict(),
    example: 'drag: { from: { text: report.pdf }, to: { text: Uploads } }',
  },
  scroll: {
    summary: 'Scroll by lines (dy down, dx right), over a target first when one is given.',
    schema: partialExcept({ dx: z.number().default(0), dy: z.number().default(0), ...targetFields() }, 'dx', 'dy')
      .strict()
      .superRefine(checkTarget({ kinds: TARGET_KINDS, optional: true })),
    short: (v) => (typeof v === 'number' ? { dy: v } : null),
    example: 'scroll: { dy: 5 }',
  },
  type: {
    summary: 'Type text at a natural cadence; secret text is never logged or shown.',
    schema: z.object({ text: typable('\n\t'), wpm: wpm().default(70), secret: z.boolean().default(false) }).strict(),
    short: str('text'),
    example: 'type: "npm run dev"',
  },
  press: {
    summary: 'Press a key or a chord like Ctrl+Shift+P, optionally several times.',
    schema: z
      .object({
        key: z.string().superRefine((k, ctx) => {
          const m = checkKeyChord(k);
          if (m) ctx.addIssue({ code: 'custom', message: m });
        }),
        repeat: z.number().int().min(1).max(100).default(1),
      })
      .strict(),
    short: str('key'),
    example: 'press: Enter',
  },
  wait: {
    summary: 'Wait for a duration.',
    schema: z.object({ duration: zDuration() }).strict(),
    short: (v) => (typeof v === 'string' || typeof v === 'number' ? { duration: v } : null),
    example: 'wait: 2s',
  },
  wait_for_image: {
    summary: 'Wait until an image appears on screen (optionally in a region).',
    schema: z.object({ image: zImage(), timeout: zDuration().optional(), confidence: confidence.optional(), region: region.optional() }).strict(),
    short: str('image'),
    example: 'wait_for_image: { image: assets/dashboard.png, timeout: 15s }',
  },
  open_terminal: {
    summary: 'Open a clean, themed terminal window sized for the output format.',
    schema: z
      .object({
        theme: z.enum(['dark', 'light']),
        fontFamily: z.string(),
        fontSize: z.number().positive().max(96),
        cols: z.number().int().positive(),
        rows: z.number().int().positive(),
        /** The window's top-left corner on screen (screen px); default: placed for the output formats. */
        x: z.number().int().min(0).max(7680),
        y: z.number().int().min(0).max(4320),
        /** The folder the shell starts in, relative to the file that names it (inside the project). */
        cwd: zPath('dir'),
        env: z.record(z.string(), z.string()),
        shell: z.string(),
        prompt: z.string(),
        title: z.string(),
      })
      .partial()
      .strict(),
    short: (v) => (v === null || v === '' ? {} : null),
    example: 'open_terminal: { theme: dark, fontSize: 28 }',
  },
  run: {
    summary: 'Type a command in the terminal, press Enter, wait for the prompt; fails on a non-zero exit.',
    schema: z
      .object({ command: typable('\t').min(1), timeout: zDuration().prefault('60s'), allowFailure: z.boolean().default(false), wpm: wpm().default(70) })
      .strict(),
    short: str('command'),
    example: 'run: npm install',
  },
  wait_for_text: {
    summary: 'Wait until text (or a regex) appears in the terminal.',
    schema: partialExcept({ text: z.string().min(1), regex: z.string().min(1), timeout: zDuration().prefault('10s') }, 'timeout')
      .strict()
      .refine((v) => (v.text === undefined) !== (v.regex === undefined), {
        error: (iss) => ((iss.input as { text?: unknown })?.text !== undefined ? 'needs text or regex, not both' : 'needs either text or regex'),
      }),
    short: str('text'),
    example: 'wait_for_text: { text: "Added", timeout: 15s }',
  },
  record_session: {
    summary:
      'Start an interactive program in the terminal (type the command, press Enter) and record it, its output and the input typed into it, to sessions/NAME.cast next to the script.',
    schema: z.object({ name: sessionName(), command: typable('\t').min(1), wpm: wpm().default(70), timeout: zDuration().prefault('60s') }).strict(),
    example: 'record_session: { name: claude-ink, command: claude }',
  },
  replay_session: {
    summary:
      'Play a recorded session (sessions/NAME.cast) back in the terminal in place of its program: its output with its timing, each input waiting for the steps after it to type it again.',
    schema: z
      .object({
        name: sessionName(),
        /** What is typed to start it; default: the recorded command. */
        command: typable('\t').min(1).optional(),
        speed: z.number().positive().max(100).default(1),
        maxPause: zDuration().prefault('2s'),
        wpm: wpm().default(70),
        timeout: zDuration().prefault('60s'),
      })
      .strict(),
    short: str('name'),
    example: 'replay_session: { name: claude-ink, maxPause: 1s }',
  },
  session: {
    summary:
      'replay_session when sessions/NAME.cast exists (and capture has no --record-sessions), record_session otherwise: the same script records once and replays after.',
    schema: z
      .object({
        name: sessionName(),
        command: typable('\t').min(1),
        speed: z.number().positive().max(100).default(1),
        maxPause: zDuration().prefault('2s'),
        wpm: wpm().default(70),
        timeout: zDuration().prefault('60s'),
      })
      .strict(),
    example: 'session: { name: claude-ink, command: claude }',
  },
  wait_for_settled: {
    summary:
      "Wait until the terminal's screen (or the whole screen) has stopped changing for `quiet`: for programs that print no prompt when done, like AI agents.",
    schema: z
      .object({
        quiet: zDuration().prefault('1.5s').describe('How long nothing may change: more than 0, shorter than timeout.'),
        timeout: zDuration().prefault('120s').describe('The step fails when the screen has not settled by then.'),
        region: z
          .enum(['terminal', 'screen'])
          .optional()
          .describe("What is watched: the terminal's screen (from its output) or the whole screen (pixels); default: the terminal when one is open."),
        text: z.string().optional().describe('Text to wait for in the terminal first (from the last Enter on, as wait_for_text); "" for none.'),
      })
      .strict()
      .superRefine((v, ctx) => {
        if (v.quiet <= 0) ctx.addIssue({ code: 'custom', path: ['quiet'], message: 'must be more than 0, but got 0' });
        else if (v.quiet >= v.timeout)
          ctx.addIssue({
            code: 'custom',
            path: ['quiet'],
            message: `must be shorter than timeout (${formatDuration(v.timeout)}), but got ${formatDuration(v.quiet)}`,
          });
        if (v.text && v.region === 'screen') ctx.addIssue({ code: 'custom', path: ['text'], message: 'is read from the terminal, but region is screen' });
      }),
    short: (v) => (typeof v === 'string' || typeof v === 'number' ? { quiet: v } : null),
    example: 'wait_for_settled: { quiet: 2s, timeout: 90s }',
  },
  wait_for: {
    summary: "Wait until something shows: text on screen, an image, a browser element, or the page's URL.",
    schema: partialExcept(
      {
        image: zImage(),
        text: z.string().min(1).max(1000),
        selector: z.string().min(1).max(1000),
        role: targetFields().role,
        name: z.string().min(1).max(1000),
        label: z.string().min(1).max(1000),
        testId: z.string().min(1).max(1000),
        url: z.string().min(1).max(2048),
        timeout: zDuration().prefault('10s'),
        region,
        exact: z.boolean(),
        confidence,
      },
      'timeout',
    )
      .strict()
      .superRefine(checkTarget({ kinds: WAIT_FOR_KINDS })),
    example: 'wait_for: { text: "Deployed", timeout: 30s }',
  },
  open_browser: {
    summary: 'Open a browser window made for video (no tabs, no address bar, offline) at a local URL or a project file.',
    schema: z
      .object({
        url: zPageUrl(),
        /** The page area's top-left corner on screen (screen px); default: placed for the output formats, like open_terminal. */
        x: z.number().int().min(0).max(7680).optional(),
        y: z.number().int().min(0).max(4320).optional(),
        width: z.number().int().min(200).max(7680).optional(),
        height: z.number().int().min(200).max(4320).optional(),
        theme: z.enum(['light', 'dark']).optional(),
      })
      .strict(),
    short: str('url'),
    example: 'open_browser: { url: "http://localhost:3000", theme: dark }',
  },
  goto: {
    summary: 'Load another page in the browser (a local URL or a project file).',
    schema: z.object({ url: zPageUrl() }).strict(),
    short: str('url'),
    example: 'goto: http://localhost:3000/settings',
  },
  say: {
    summary: 'Speak a narration line; by default the next steps wait until it ends.',
    schema: z
      .object({
        // Something a voice can say: whitespace or punctuation alone gives no audio to time.
        text: z
          .string()
          .min(1)
          .refine((t) => /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(t), 'must have words to speak (a letter, digit or emoji), but has none'),
        id: z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -')
          .optional(),
        wait: z.boolean().default(true),
      })
      .strict(),
    short: str('text'),
    example: "say: Let's give Claude Code a deploy button.",
  },
  zoom: {
    summary: 'Zoom to a level for a while, on a target or where the pointer is (overrides the automatic zoom).',
    schema: partialExcept({ level: z.number().min(1).max(6), hold: zDuration().prefault('2s'), ...targetFields() }, 'hold')
      .strict()
      .superRefine(checkTarget({ kinds: TARGET_KINDS, optional: true })),
    short: (v) => (typeof v === 'number' ? { level: v } : null),
    example: 'zoom: { level: 2.2, hold: 2s }',
  },
  speedup: {
    summary: 'Speed up the steps it wraps in the final video.',
    schema: z.object({ factor: z.number().gt(1).max(64), badge: z.boolean().optional(), steps: innerSteps }).strict(),
    wraps: true,
    example: 'speedup: { factor: 4, steps: [ { run: npm install } ] }',
  },
  cut: {
    summary: 'Cut the steps it wraps out of the final video (they still run).',
    schema: z.object({ steps: innerSteps }).strict(),
    short: stepsShort,
    wraps: true,
    example: 'cut: [ { run: npm ci } ]',
  },
  callout: {
    summary: 'Show a text bubble with an arrow at a target (at: { … }, or x and y, or image), for a while.',
    schema: z
      .object({ text: z.string().min(1), at: zTarget(), x: z.number(), y: z.number(), image: zImage(), duration: zDuration().prefault('3s') })
      .partial({ at: true, x: true, y: true, image: true })
      .strict()
      .superRefine((v, ctx) => {
        const inline = v.x !== undefined || v.y !== undefined || v.image !== undefined;
        if (v.at !== undefined && inline) {
          ctx.addIssue({
            code: 'custom',
            path: [v.image !== undefined ? 'image' : v.x !== undefined ? 'x' : 'y'],
            message: 'needs one target: at: { … }, or x and y, or image, but got both at and an inline one',
          });
        } else if (v.at === undefined) {
          if (!inline) ctx.addIssue({ code: 'custom', message: 'needs a target for its arrow: at: { text: … } (any target), or x and y, or image' });
          else checkTarget({ kinds: ['point', 'image'] })({ x: v.x, y: v.y, image: v.image }, ctx);
        }
      }),
    example: 'callout: { text: "Your live URL", at: { text: vercel.app }, duration: 3s }',
  },
  blur: {
    summary: 'Blur a region, or the box of a target found when the wrapped steps start, while they run (privacy).',
    schema: z
      .object({ ...targetFields(), region })
      .partial()
      .extend({ steps: innerSteps })
      .strict()
      .superRefine(checkTarget({ kinds: AREA_KINDS, noneOk: (v) => v.region !== undefined, orElse: ', or a region to blur' })),
    wraps: true,
    example: 'blur: { text: "sk_live", steps: [ { wait: 3s } ] }',
  },
  title_card: {
    summary:
      'Show a full-frame title card (title, subtitle, logo, brand colours): it adds its duration to the video; a hook line can show over the start of 9:16 videos.',
    schema: z
      .object({
        title: cardLine(),
        subtitle: cardLine().optional(),
        ...cardLook(),
        duration: cardDuration('2.5s'),
        hook: cardLine().optional(),
        hookDuration: zDuration()
          .refine((ms) => ms >= 500 && ms <= 15_000, { error: (iss) => `must be from 500ms to 15s, but got ${String(iss.input)} ms` })
          .optional(),
      })
      .strict(),
    short: str('title'),
    example: 'title_card: { title: "Deploy from Claude Code", subtitle: "in 60 seconds", accent: "#7c5cff" }',
  },
  end_card: {
    summary: 'Show a full-frame end card: a call to action, a URL and its QR code, the logo. It adds its duration to the video.',
    schema: z
      .object({
        title: cardLine().optional(),
        cta: cardLine(),
        url: cardUrl().optional(),
        qr: z.boolean().optional(),
        ...cardLook(),
        duration: cardDuration('3s'),
      })
      .strict()
      .superRefine((v, ctx) => {
        if (v.qr === true && v.url === undefined) ctx.addIssue({ code: 'custom', path: ['qr'], message: 'needs a url to encode, but got none' });
      }),
    short: str('cta'),
    example: 'end_card: { cta: "Try it free", url: "https://ml.ink" }',
  },
  chapter: {
    summary: 'Start a chapter: its title shows briefly over the video and is written to NAME.chapters.txt (YouTube) and NAME.chapters.vtt.',
    schema: z.object({ title: cardLine() }).strict(),
    short: str('title'),
    example: 'chapter: Add the MCP server',
  },
  hide_cursor: {
    summary: 'Hide the cursor in the final video while the wrapped steps run.',
    schema: z.object({ steps: innerSteps }).strict(),
    short: stepsShort,
    wraps: true,
    example: 'hide_cursor: [ { press: Ctrl+L } ]',
  },
} as const satisfies Record<string, ActionDef>;

export type ActionName = keyof typeof ACTIONS;
/**
 * The args of a step of action `N` as its schema parses them (the plan's args): defaults filled
 * in, durations in ms, paths project-relative. Executors (src/capture/executors.ts) take these.
 */
export type ActionArgs<N extends ActionName> = z.output<(typeof ACTIONS)[N]['schema']>;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];
export const isAction = (name: string): name is ActionName => Object.hasOwn(ACTIONS, name);

/**
 * The values an action's schema fills in for a field left out (as parsed: durations in ms), e.g.
 * `{ key… }` → `{ repeat: 1 }` for press; {} for an action with no defaults.
 */
export const actionDefaults = (name: ActionName): Record<string, unknown> => {
  const shape = (ACTIONS[name].schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const r = field.safeParse(undefined);
    if (r.success && r.data !== undefined) out[key] = r.data;
  }
  return out;
};

/**
 * Names other tools (and LLM agents) use for an action, each with ours: an unknown action with
 * one of these names is answered "did you mean …" with the right one, whatever the spelling
 * distance. Lower case.
 */
export const ACTION_SYNONYMS: Record<string, ActionName> = {
  key: 'press',
  keys: 'press',
  keypress: 'press',
  key_press: 'press',
  hotkey: 'press',
  shortcut: 'press',
  chord: 'press',
  sleep: 'wait',
  pause: 'wait',
  delay: 'wait',
  write: 'type',
  input: 'type',
  type_text: 'type',
  enter_text: 'type',
  fill: 'type',
  tap: 'click',
  left_click: 'click',
  double_click: 'click',
  doubleclick: 'click',
  press_button: 'click',
  hover: 'move',
  move_mouse: 'move',
  mouse_move: 'move',
  moveto: 'move',
  move_to: 'move',
  narrate: 'say',
  speak: 'say',
  voice: 'say',
  voiceover: 'say',
  narration: 'say',
  caption: 'say',
  shell: 'run',
  exec: 'run',
  execute: 'run',
  command: 'run',
  cmd: 'run',
  run_command: 'run',
  bash: 'run',
  terminal: 'open_terminal',
  open_shell: 'open_terminal',
  new_terminal: 'open_terminal',
  browser: 'open_browser',
  open_url: 'open_browser',
  open_page: 'open_browser',
  visit: 'goto',
  navigate: 'goto',
  open: 'open_browser',
  url: 'goto',
  wait_until: 'wait_for',
  wait_for_idle: 'wait_for_settled',
  wait_for_quiet: 'wait_for_settled',
  wait_for_stable: 'wait_for_settled',
  wait_until_settled: 'wait_for_settled',
  wait_for_output_to_settle: 'wait_for_settled',
  settle: 'wait_for_settled',
  wait_for_element: 'wait_for',
  wait_for_selector: 'wait_for',
  expect: 'wait_for',
  zoom_in: 'zoom',
  focus: 'zoom',
  spotlight: 'callout',
  highlight: 'callout',
  annotate: 'callout',
  label: 'callout',
  tooltip: 'callout',
  fast_forward: 'speedup',
  speed_up: 'speedup',
  speed: 'speedup',
  timelapse: 'speedup',
  skip: 'cut',
  trim: 'cut',
  redact: 'blur',
  mask: 'blur',
  pixelate: 'blur',
  scroll_down: 'scroll',
  scroll_up: 'scroll',
  drag_and_drop: 'drag',
};
