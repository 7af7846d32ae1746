/** What a designer sets about the look: zod, so Studio shows it as controls. */
import { zColor } from '@remotion/zod-types';
import { z } from 'zod';
import { editStyleSchema } from '../../timeline/auto-edit';
import { motionBlurStyleSchema } from '../../timeline/motion-blur';
import { overlayStyleSchema } from '../../timeline/overlays';
import { timelineStyleSchema } from '../../timeline/build-timeline';
import { studioStep } from '../../base/studio-step';
import { CAPTION_PRESET_NAMES } from '../../frame/caption-style';

/**
 * Help text of colour fields. Studio knows a colour field by zColor's description (its brand), so a
 * colour cannot carry a `.describe()` of its own: its help lives in this registry, which the props
 * reference (docs/studio.md) reads; Studio's panel shows none for colours.
 */
export const colorHelp = z.registry<{ help: string }>();
/** A colour field (Studio shows a colour picker) with its help text. */
export const color = (help: string) => zColor().register(colorHelp, { help });

export const backgroundSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('gradient'),
      from: color("The gradient's first colour."),
      to: color("The gradient's last colour."),
      angle: z.number().min(0).max(360).check(studioStep(1)).describe("The gradient's direction in degrees (0: upwards, 90: to the right)."),
    }),
    z.object({ type: z.literal('solid'), color: color('The background colour.') }),
    z.object({
      type: z.literal('image'),
      /** A path under public/ or an http(s) URL. */
      src: z.string().min(1).describe('The image: a path under public/ or an http(s) URL.'),
    }),
  ])
  .describe('Behind the screen: a gradient, one colour or an image.');
export type BackgroundStyle = z.infer<typeof backgroundSchema>;

export const DEFAULT_BACKGROUND: BackgroundStyle = { type: 'gradient', from: '#1e1b4b', to: '#0e7490', angle: 135 };

/** Space around the screen, as a fraction of the frame's shorter side (TikTokSplit sets its own default). */
export const paddingSchema = z
  .number()
  .min(0)
  .max(0.3)
  .check(studioStep(0.005))
  .describe("Space around the screen, as a fraction of the frame's shorter side.");

export const styleSchema = z
  .object({
    background: backgroundSchema.default(DEFAULT_BACKGROUND),
    /** Space around the screen, as a fraction of the frame's shorter side. */
    padding: paddingSchema.default(0.06),
    /** Corner radius, in px of a 1080-wide frame (scaled with the frame). */
    cornerRadius: z.number().min(0).max(80).check(studioStep(1)).describe("The screen's corner radius, in px of a 1080-wide frame.").default(18),
    /** Strength of the drop shadow, 0 to 1. */
    shadow: z.number().min(0).max(1).check(studioStep(0.01)).describe('Strength of the drop shadow under the screen, 0 to 1.').default(0.55),
    /** A window title bar above the screen. */
    windowFrame: z.boolean().describe('A window title bar above the screen.').default(true),
    /** Cursor size relative to a 32 px pointer on the recorded screen. */
    cursorSize: z.number().min(0.3).max(4).check(studioStep(0.05)).describe('Cursor size relative to a 32 px pointer on the recorded screen.').default(1),
    clickRipple: z.boolean().describe('A ripple where the cursor clicks.').default(true),
    /** Word-highlighted captions from the narration (when the capture dir has one). */
    captions: z
      .object({
        enabled: z.boolean().describe('Show captions of the narration (when the capture has one).').default(true),
        /** The look (frame/caption-style.ts, docs/captions.md): clean, karaoke, pop or boxed. */
        preset: z
          .enum(CAPTION_PRESET_NAMES)
          .describe(
            'clean: the page in a box, the spoken word lit; karaoke: the spoken word filled as it is said; pop: one or two big words at a time; boxed: each line in its own box.',
          )
          .default('clean'),
        /** Text size in px of a 1080-wide frame (scaled with the frame). */
        fontSize: z.number().min(16).max(160).check(studioStep(1)).describe('Text size in px of a 1080-wide frame.').default(54),
        color: color("The captions' text colour.").default('#ffffff'),
        /** The word being spoken. */
        highlight: color('The colour of the word being spoken.').default('#facc15'),
        /** The box behind the text, and how opaque it is (0: no box). */
        box: color('The colour of the box behind the text.').default('#0b0b14'),
        boxOpacity: z.number().min(0).max(1).check(studioStep(0.01)).describe('How opaque the box behind the text is (0: no box).').default(0.72),
        /** Most words on a page. */
        maxWords: z.number().int().min(1).max(12).describe('Most words shown at once.').default(6),
        /** Technical terms (in backticks, URLs, paths, file names: narration/code-terms.ts) in the monospace font. */
        codeFont: z.boolean().describe('Technical terms (words in backticks, URLs, paths, file names) in the monospace font.').default(true),
      })
      .describe('Word-highlighted captions from the narration.')
      .default({
        enabled: true,
        preset: 'clean',
        fontSize: 54,
        color: '#ffffff',
        highlight: '#facc15',
        box: '#0b0b14',
        boxOpacity: 0.72,
        maxWords: 6,
        codeFont: true,
      }),
    motion: timelineStyleSchema.describe('Automatic zoom and the cursor.').default(timelineStyleSchema.parse({})),
    /** Callouts, the speed-up badge and the keystroke overlay. */
    overlays: overlayStyleSchema.describe('The speed-up badge, the keystroke overlay and click sounds.').default(overlayStyleSchema.parse({})),
    /** Automatic tightening: idle stretches and long typing sped up (or idle cut). */
    edit: editStyleSchema.describe('Automatic tightening: idle stretches and long typing sped up (or idle cut).').default(editStyleSchema.parse({})),
    /** The terminal (a take with a terminal session): its text drawn sharp when zoomed (docs/sharp-terminal-text.md). */
    terminal: z
      .object({
        /** Zoomed in, the terminal's text is drawn from the session at the video's resolution over the recorded pixels. */
        sharpText: z
          .boolean()
          .describe("Zoomed in, draw the terminal's text from the recorded session at the video's resolution (sharp) instead of enlarging the recorded pixels.")
          .default(true),
      })
      .describe('The terminal: sharp text when zoomed.')
      .default({ sharpText: true }),
    /** Motion blur on fast camera moves (off: it costs render time; see the benchmark). */
    motionBlur: motionBlurStyleSchema.describe('Motion blur on fast camera moves.').default(motionBlurStyleSchema.parse({})),
    /** The talking avatar, shown when the capture has narration. */
    avatar: z
      .object({
        /** builtin: the drawn presenter, driven by the voice; video: a clip of your own (see `video`); none: no avatar. */
        provider: z
          .enum(['builtin', 'video', 'none'])
          .describe('builtin: the drawn presenter; video: a clip of your own (see video); none: no avatar.')
          .default('builtin'),
        /** A video file in the capture dir (e.g. "avatar/avatar.mp4") whose speech matches the narration lines played back to back. */
        video: z.string().describe('With provider video: a clip in the capture dir (e.g. avatar/avatar.mp4) speaking the narration.').optional(),
        /** The avatar's main colour (shirt and bubble). */
        color: color("The avatar's main colour (shirt and bubble).").default('#38bdf8'),
        /** Landscape: the bubble's diameter as a fraction of the frame's height. */
        bubbleSize: z
          .number()
          .min(0.08)
          .max(0.5)
          .check(studioStep(0.01))
          .describe("Landscape: the avatar bubble's diameter as a fraction of the frame's height.")
          .default(0.24),
      })
      .describe('The talking avatar, shown when the capture has narration.')
      .default({ provider: 'builtin', color: '#38bdf8', bubbleSize: 0.24 }),
  })
  .describe('The look: background, screen, cursor, captions, motion, editing and avatar.');
export type Style = z.infer<typeof styleSchema>;
export type StyleInput = z.input<typeof styleSchema>;

export const DEFAULT_STYLE: Style = styleSchema.parse({});
