/**
 * Every built-in action, once: its schema (the long form), its short form, whether it wraps
 * steps, and one line for the docs. The compiler, the JSON Schema and the README's table all
 * read this table; executors (capture) will be keyed by the same names. Pure.
 */
import { z } from 'zod';
import { parseDuration } from './duration';
import { checkKeyChord, checkTypableText } from './keys';
import { zPath } from './script-paths';

/**
 * A duration string ("2s", "500ms"); validated with a helpful message, converted to ms. Any value
 * reaches parseDuration (a zod union would answer a bare "Invalid input" for .nan, .inf, a list or
 * a missing value); the type says what a script should give.
 */
export const zDuration = () =>
  z
    .custom<string | number>(() => true)
    .superRefine((v, ctx) => {
      const r = parseDuration(v);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
    })
    .transform((v) => {
      const r = parseDuration(v);
      return r.ok ? r.ms : 0;
    })
    .meta({ screenplay: 'duration' });

/** Typing speed in words per minute, 10 to 400: it sets the delay between keys (a slower one would wait past the timers' limit). */
const wpm = () => z.number().min(10).max(400);

/** A path to an image, relative to the file that names it (resolved inside the project). */
export const zImage = () => zPath('file');

const point = { x: z.number(), y: z.number() };
const region = z.object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() }).strict();
const offset = z.object(point).strict();
const confidence = z.number().min(0).max(1);
/** Text a keyboard types: refused before recording when a character has no key (see checkTypableText). */
const typable = (allow: string) =>
  z.string().superRefine((t, ctx) => {
    const m = checkTypableText(t, allow);
    if (m) ctx.addIssue({ code: 'custom', message: m });
  });

const innerSteps = z.array(z.unknown()).min(1, 'must list at least one step');

const hasTarget = (v: { x?: number; y?: number; image?: string }) => (v.x !== undefined && v.y !== undefined) !== (v.image !== undefined);
const targetMessage = 'needs one target: x and y (a point in screen pixels), or image (a picture to find on screen)';

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
    summary: 'Move the pointer along a human-like path to a point, an image, or by an offset.',
    schema: z
      .object({ ...point, image: zImage(), by: offset, offset, duration: zDuration(), speed: z.number().positive(), confidence, timeout: zDuration() })
      .partial()
      .strict()
      .refine((v) => [v.x !== undefined && v.y !== undefined, v.image !== undefined, v.by !== undefined].filter(Boolean).length === 1, {
        message: 'needs exactly one of: x and y, image, or by',
      }),
    short: str('image'),
    example: 'move: { x: 960, y: 540, duration: 600ms }',
  },
  click: {
    summary: 'Click at a point or on an image (its centre, or an offset from it).',
    schema: z
      .object({
        ...point,
        image: zImage(),
        offset,
        button: z.enum(['left', 'right', 'middle']),
        double: z.boolean(),
        confidence,
        timeout: zDuration(),
      })
      .partial()
      .strict()
      .refine(hasTarget, { message: targetMessage }),
    short: str('image'),
    example: 'click: { image: assets/deploy-button.png, timeout: 10s }',
  },
  drag: {
    summary: 'Press at one point or image and release at another.',
    schema: z
      .object({
        from: z.object({ ...point, image: zImage() }).partial().strict().refine(hasTarget, { message: targetMessage }),
        to: z.object({ ...point, image: zImage() }).partial().strict().refine(hasTarget, { message: targetMessage }),
        duration: zDuration().optional(),
        button: z.enum(['left', 'right', 'middle']).optional(),
      })
      .strict(),
    example: 'drag: { from: { x: 100, y: 200 }, to: { x: 600, y: 200 } }',
  },
  scroll: {
    summary: 'Scroll by lines (dy down, dx right), optionally at a point first.',
    schema: z.object({ dx: z.number(), dy: z.number(), ...point }).partial().strict(),
    short: (v) => (typeof v === 'number' ? { dy: v } : null),
    example: 'scroll: { dy: 5 }',
  },
  type: {
    summary: 'Type text at a natural cadence; secret text is never logged or shown.',
    schema: z.object({ text: typable('\n\t'), wpm: wpm().optional(), secret: z.boolean().optional() }).strict(),
    short: str('text'),
    example: 'type: "npm run dev"',
  },
  press: {
    summary: 'Press a key or a chord like Ctrl+Shift+P, optionally several times.',
    schema: z
      .object({ key: z.string().superRefine((k, ctx) => { const m = checkKeyChord(k); if (m) ctx.addIssue({ code: 'custom', message: m }); }), repeat: z.number().int().min(1).max(100).optional() })
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
    schema: z.object({ command: typable('\t').min(1), timeout: zDuration().optional(), allowFailure: z.boolean().optional(), wpm: wpm().optional() }).strict(),
    short: str('command'),
    example: 'run: npm install',
  },
  wait_for_text: {
    summary: 'Wait until text (or a regex) appears in the terminal.',
    schema: z
      .object({ text: z.string().min(1), regex: z.string().min(1), timeout: zDuration() })
      .partial()
      .strict()
      .refine((v) => (v.text === undefined) !== (v.regex === undefined), { message: 'needs either text or regex' }),
    short: str('text'),
    example: 'wait_for_text: { text: "Added", timeout: 15s }',
  },
  say: {
    summary: 'Speak a narration line; by default the next steps wait until it ends.',
    schema: z
      .object({
        // Something a voice can say: whitespace or punctuation alone gives no audio to time.
        text: z.string().min(1).refine((t) => /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(t), 'must have words to speak (a letter, digit or emoji), but has none'),
        id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -').optional(),
        wait: z.boolean().optional(),
      })
      .strict(),
    short: str('text'),
    example: 'say: Let\'s give Claude Code a deploy button.',
  },
  zoom: {
    summary: 'Zoom to a level for a while, at a point or an image (overrides the automatic zoom).',
    schema: z.object({ level: z.number().min(1).max(6), hold: zDuration(), ...point, image: zImage() }).partial().strict(),
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
    summary: 'Show a text bubble with an arrow at a point or image, for a while.',
    schema: z
      .object({ text: z.string().min(1), ...point, image: zImage(), duration: zDuration() })
      .partial({ x: true, y: true, image: true, duration: true })
      .strict()
      .refine(hasTarget, { message: targetMessage }),
    example: 'callout: { text: "Your live URL", x: 1200, y: 80, duration: 3s }',
  },
  blur: {
    summary: 'Blur a region or an image\'s area while the wrapped steps run (privacy).',
    schema: z
      .object({ region: region.optional(), image: zImage().optional(), steps: innerSteps })
      .strict()
      .refine((v) => (v.region === undefined) !== (v.image === undefined), { message: 'needs either region or image' }),
    wraps: true,
    example: 'blur: { region: { x: 0, y: 0, width: 400, height: 80 }, steps: [ { type: { text: hunter2, secret: true } } ] }',
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
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];
export const isAction = (name: string): name is ActionName => Object.hasOwn(ACTIONS, name);
