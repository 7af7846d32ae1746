/**
 * The capture log: the contract between capture and the timeline (DESIGN.md, "Capture dir").
 * Times are milliseconds on the recording's clock: 0 is the recording's first frame.
 * Pure: no Node I/O, no React.
 */
import { z } from 'zod';
import { FORMAT_NAMES } from '../formats';
import { presetEntrySchema } from '../output-presets';

const ms = z.number().finite().min(0);

/** The longest recording a capture dir may describe: 6 hours, in ms (bounds the work a render does). */
export const MAX_DURATION_MS = 6 * 60 * 60 * 1000;

/** A recording's length in ms: more than 0, at most MAX_DURATION_MS. */
export const durationMsSchema = z
  .number()
  .finite()
  .gt(0, { error: (iss) => `must be more than 0 ms, but got ${String(iss.input)}` })
  .max(MAX_DURATION_MS, { error: (iss) => `must be at most ${MAX_DURATION_MS} ms (6 h), but got ${String(iss.input)}` });
const px = z.number().finite();

/**
 * The most events a capture log may hold: a 6-hour capture (MAX_DURATION_MS) sampling the
 * cursor at 60 Hz logs 1,296,000 cursor events; the rest (keys, steps, terminal cursor moves)
 * fit in the margin. Bounds the work (and memory) a render spends reading one.
 */
export const MAX_EVENTS = 2_000_000;
/** The most clicks per second of recording (on average over durationMs; a fast human clicks under 10/s). */
export const MAX_CLICKS_PER_SECOND = 20;
/** The most `key` events per second of recording (on average; typed text is one `type` event). */
export const MAX_KEYS_PER_SECOND = 50;
/** The most events of all kinds per second of recording (on average; the pointer is sampled at 60 Hz). */
export const MAX_EVENTS_PER_SECOND = 250;
/** How far outside the screen a coordinate or size may be: this many screen widths (x) or heights (y). */
export const MAX_SCREENS_AWAY = 10;

export const cursorEventSchema = z.object({ tMs: ms, type: z.literal('cursor'), x: px, y: px });

export const clickEventSchema = z.object({
  tMs: ms,
  type: z.literal('click'),
  x: px,
  y: px,
  button: z.enum(['left', 'right', 'middle']).default('left'),
  double: z.boolean().optional(),
});

export const keyEventSchema = z.object({ tMs: ms, type: z.literal('key'), key: z.string().min(1) });

/** Typed text. Secret text is never logged: only its length (`secret: true, length`). */
export const typeEventSchema = z
  .object({
    tMs: ms,
    type: z.literal('type'),
    text: z.string().optional(),
    secret: z.literal(true).optional(),
    length: z.number().int().min(0).optional(),
    endMs: ms,
  })
  .superRefine((e, ctx) => {
    if (e.secret) {
      if (e.text !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['text'], message: 'must be absent when secret is true (a secret is logged by its length only)' });
      }
      if (e.length === undefined) {
        ctx.addIssue({ code: 'custom', path: ['length'], message: "must be the secret text's length, but got nothing" });
      }
    } else if (e.text === undefined) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'must be the typed text (or set secret: true and length), but got nothing' });
    }
  });

export const scrollEventSchema = z.object({
  tMs: ms,
  type: z.literal('scroll'),
  x: px,
  y: px,
  dx: z.number().finite(),
  dy: z.number().finite(),
});

export const markKinds = ['speedup', 'cut', 'zoom', 'callout', 'blur', 'hide_cursor', 'card', 'chapter'] as const;

/** A CSS colour a card may use: a hex colour or a plain name (nothing a style attribute could be broken out of). */
const cssColour = z.string().regex(/^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30})$/, 'must be a hex colour (#0b1020) or a colour name');
const cardText = z.string().max(300);

/**
 * A title or end card as captured (`mark` kind `card`): what it shows. The logo is embedded as a
 * data URL (the capture read it from the project), so a capture dir stays self-contained.
 */
export const cardSchema = z
  .object({
    kind: z.enum(['title', 'end']),
    title: cardText.optional(),
    subtitle: cardText.optional(),
    cta: cardText.optional(),
    url: z.string().max(2048).optional(),
    qr: z.boolean().optional(),
    logo: z
      .string()
      .max(3_000_000)
      .regex(/^data:image\/(png|jpeg|webp|gif|svg\+xml);base64,[A-Za-z0-9+/=]+$/, 'must be a data URL of an image')
      .optional(),
    background: cssColour.optional(),
    color: cssColour.optional(),
    accent: cssColour.optional(),
    /** 9:16 only: a line shown over the video's first `hookMs`. */
    hook: cardText.optional(),
    hookMs: z.number().finite().min(0).max(60_000).optional(),
  })
  .strict();
export type CardData = z.infer<typeof cardSchema>;

export const markEventSchema = z.object({
  tMs: ms,
  type: z.literal('mark'),
  kind: z.enum(markKinds),
  endMs: ms.optional(),
  factor: z.number().positive().optional(),
  level: z.number().min(1).optional(),
  x: px.optional(),
  y: px.optional(),
  width: z.number().positive().optional(),
  height: z.number().positive().optional(),
  text: z.string().optional(),
  /** A card: the recording is held this long (video ms) at tMs; see time-map.ts's holds. */
  holdMs: z.number().finite().min(0).max(60_000).optional(),
  card: cardSchema.optional(),
});

export const sayEventSchema = z.object({
  tMs: ms,
  type: z.literal('say'),
  id: z.string().min(1),
  endMs: ms,
});

export const stepEventSchema = z.object({
  tMs: ms,
  type: z.literal('step'),
  id: z.string().min(1),
  action: z.string().min(1),
  endMs: ms,
  source: z.string().optional(),
  /** Set on the step the take stopped in: it failed (its error, masked and cut to 500 characters) or was interrupted (Ctrl-C, SIGTERM). */
  outcome: z.enum(['failed', 'interrupted']).optional(),
  error: z.string().max(500).optional(),
});

/**
 * A terminal opened: where its character grid is on screen. Cell (col, row) covers
 * x + col * cellWidth … and y + row * cellHeight … (screen pixels).
 */
export const terminalEventSchema = z.object({
  tMs: ms,
  type: z.literal('terminal'),
  title: z.string().optional(),
  x: px,
  y: px,
  cols: z.number().int().positive(),
  rows: z.number().int().positive(),
  cellWidth: z.number().positive(),
  cellHeight: z.number().positive(),
  /**
   * How the window draws its text (optional: logs before issue 23 lack them): the font family
   * xterm was given, its size in points as given to xterm (`-fs`), and the theme's name
   * (src/capture/terminal-themes.ts). The terminal's asciicast (terminal.cast) starts at this
   * event's tMs: its time 0 is this event.
   */
  fontFamily: z.string().min(1).max(200).optional(),
  fontSize: z.number().finite().positive().max(1000).optional(),
  theme: z.string().min(1).max(100).optional(),
});

/**
 * The terminal's cursor moved (row and column in the grid of the last `terminal` event), with
 * the extent of the text on its row: columns lineStart (first non-blank) to lineEnd (after the
 * last non-blank), both equal to col on an empty row.
 */
export const terminalCursorEventSchema = z.object({
  tMs: ms,
  type: z.literal('terminal_cursor'),
  row: z.number().int().min(0),
  col: z.number().int().min(0),
  lineStart: z.number().int().min(0),
  lineEnd: z.number().int().min(0),
});

/** A command run in the terminal: from Enter (tMs) to the prompt's return (endMs), and how it exited. */
export const commandEventSchema = z.object({
  tMs: ms,
  type: z.literal('command'),
  command: z.string(),
  endMs: ms,
  exitCode: z.number().int(),
});

/**
 * A target a step resolved (issue 17): the box on screen (screen px) the step acted on, and how
 * it was found. Logged when the target is found, just before the pointer goes there; the
 * timeline frames a click's zoom on the box that holds the click. `label` names it for people
 * ("button \"Deploy\"", "text \"Add domain\"", "deploy@2x.png"); never secret text.
 */
export const targetEventSchema = z.object({
  tMs: ms,
  type: z.literal('target'),
  x: px,
  y: px,
  width: z.number().finite().positive(),
  height: z.number().finite().positive(),
  source: z.enum(['image', 'text', 'dom', 'point']),
  label: z.string().max(500).optional(),
});

export const scriptAvatarSchema = z.object({
  provider: z.enum(['builtin', 'video', 'heygen']).optional(),
  image: z.string().optional(),
  video: z.string().optional(),
  avatarId: z.string().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});
export type ScriptAvatar = z.infer<typeof scriptAvatarSchema>;

export const captureEventSchema = z.discriminatedUnion('type', [
  cursorEventSchema,
  clickEventSchema,
  keyEventSchema,
  typeEventSchema,
  scrollEventSchema,
  markEventSchema,
  sayEventSchema,
  stepEventSchema,
  terminalEventSchema,
  terminalCursorEventSchema,
  commandEventSchema,
  targetEventSchema,
]);

export const screenSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

export const captureLogSchema = z
  .object({
    version: z.literal(1),
    recording: z.string().min(1),
    screen: screenSchema,
    /**
     * The recording's frame size when it is not the screen's: H.264 needs even sizes, so a
     * screen of odd size (1281x721) is recorded padded black on the right and bottom
     * (1282x722). The screen's pixels keep their coordinates (top left at 0,0); renders show
     * only the screen. Each side is the screen's or one more. Absent: the screen's size.
     */
    recordingSize: screenSchema.optional(),
    fps: z.number().positive().max(240),
    durationMs: durationMsSchema,
    /**
     * "recorded": the system pointer is part of the recording (captured with recordPointer), so
     * the compositions draw no cursor of their own. Absent: screenplay draws it from the log.
     */
    pointer: z.enum(['drawn', 'recorded']).optional(),
    /** Where the recording stands still (no pixel change), measured from it; automatic tightening uses it. */
    stills: z.array(z.object({ fromMs: ms, toMs: ms })).optional(),
    /** The script's `style` block: renders start from it (props given to the render win). */
    style: z.record(z.string(), z.unknown()).optional(),
    /** The script's title: renders use it where no title is given. */
    title: z.string().optional(),
    /** The script's output formats: `screenplay render DIR --out OUT/` renders each. */
    formats: z.array(z.enum(FORMAT_NAMES)).optional(),
    /** The script's platform presets (output.presets, as written): `screenplay render DIR --out OUT/` writes each. */
    presets: z.array(presetEntrySchema).optional(),
    /** The script's avatar block (a clip or image it names is copied into the capture dir, and named relative to it). */
    avatar: scriptAvatarSchema.optional(),
    /** false when the capture was interrupted; absent means complete. */
    complete: z.boolean().optional(),
    events: z.array(captureEventSchema).max(MAX_EVENTS, {
      error: (iss) =>
        `must hold at most ${MAX_EVENTS} events (a 6 h capture at 60 Hz cursor sampling), but got ${Array.isArray(iss.input) ? iss.input.length : String(iss.input)}`,
    }),
  })
  .superRefine((log, ctx) => {
    // Clicks and keys: a bound per second of recording (each one costs the render work).
    const seconds = Math.max(1, log.durationMs / 1000);
    const allowed = Math.floor(MAX_EVENTS_PER_SECOND * seconds);
    const overType = (['click', 'key'] as const).some(
      (t) => log.events.filter((e) => e.type === t).length > Math.floor((t === 'click' ? MAX_CLICKS_PER_SECOND : MAX_KEYS_PER_SECOND) * seconds),
    );
    if (log.events.length > allowed && !overType) {
      ctx.addIssue({
        code: 'custom',
        path: ['events'],
        message: `must hold at most ${allowed} events (${MAX_EVENTS_PER_SECOND} per second of a ${Math.round(seconds * 10) / 10} s recording), but got ${log.events.length}`,
      });
    }
    // Still stretches lie inside the recording, and there are no more of them than frames.
    if (log.stills && log.stills.length > allowed) {
      ctx.addIssue({ code: 'custom', path: ['stills'], message: `must hold at most ${allowed} stretches, but got ${log.stills.length}` });
    }
    log.stills?.forEach((still, i) => {
      if (still.toMs > log.durationMs + 1000 || still.fromMs > still.toMs) {
        ctx.addIssue({
          code: 'custom',
          path: ['stills', i],
          message: `must be a stretch inside the recording (0 to ${log.durationMs} ms, fromMs ≤ toMs), but got ${still.fromMs} to ${still.toMs}`,
        });
      }
    });
    for (const [type, perSecond] of [
      ['click', MAX_CLICKS_PER_SECOND],
      ['key', MAX_KEYS_PER_SECOND],
    ] as const) {
      const count = log.events.reduce((k, e) => k + (e.type === type ? 1 : 0), 0);
      const limit = Math.floor(perSecond * seconds);
      if (count > limit) {
        ctx.addIssue({
          code: 'custom',
          path: ['events'],
          message: `must hold at most ${limit} ${type} events (${perSecond} per second of a ${Math.round(seconds * 10) / 10} s recording), but got ${count}`,
        });
      }
    }
    if (log.recordingSize) {
      const r = log.recordingSize;
      const ok = (side: number, screen: number) => side === screen || side === screen + 1;
      if (!ok(r.width, log.screen.width) || !ok(r.height, log.screen.height)) {
        ctx.addIssue({
          code: 'custom',
          path: ['recordingSize'],
          message: `must be the screen's size (${log.screen.width}x${log.screen.height}) or it padded by 1 px to even sides, but got ${r.width}x${r.height}`,
        });
      }
    }
    // Coordinates and sizes: on the screen, give or take MAX_SCREENS_AWAY screens.
    const { width: W, height: H } = log.screen;
    const far = (v: unknown, size: number) => typeof v === 'number' && Math.abs(v) > MAX_SCREENS_AWAY * size;
    log.events.forEach((event, i) => {
      for (const [key, size] of [
        ['x', W],
        ['y', H],
        ['width', W],
        ['height', H],
      ] as const) {
        const v = (event as Record<string, unknown>)[key];
        if (far(v, size)) {
          ctx.addIssue({
            code: 'custom',
            path: ['events', i, key],
            message: `must be within ±${MAX_SCREENS_AWAY * size} px (${MAX_SCREENS_AWAY} times the screen's ${key === 'x' || key === 'width' ? 'width' : 'height'}), but got ${String(v)}`,
          });
        }
      }
    });
    log.events.forEach((event, i) => {
      if ('endMs' in event && event.endMs !== undefined && event.endMs < event.tMs) {
        ctx.addIssue({
          code: 'custom',
          path: ['events', i, 'endMs'],
          message: `must not be before tMs (${event.tMs}), but got ${event.endMs}`,
        });
      }
      // (Against a durationMs that is itself wrong, every event would be flagged: that one problem is enough.)
      if (durationMsSchema.safeParse(log.durationMs).success && event.tMs > log.durationMs + 1000) {
        ctx.addIssue({
          code: 'custom',
          path: ['events', i, 'tMs'],
          message: `must be within the recording (durationMs ${log.durationMs}), but got ${event.tMs}`,
        });
      }
    });
  });

export type CaptureEvent = z.infer<typeof captureEventSchema>;
export type CursorEvent = z.infer<typeof cursorEventSchema>;
export type ClickEvent = z.infer<typeof clickEventSchema>;
export type TargetEvent = z.infer<typeof targetEventSchema>;
export type TerminalEvent = z.infer<typeof terminalEventSchema>;
export type TerminalCursorEvent = z.infer<typeof terminalCursorEventSchema>;
export type CaptureLog = z.infer<typeof captureLogSchema>;
export type CaptureLogInput = z.input<typeof captureLogSchema>;
export type Screen = z.infer<typeof screenSchema>;
