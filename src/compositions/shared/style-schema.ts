/** What a designer sets about the look: zod, so Studio shows it as controls. */
import { zColor } from '@remotion/zod-types';
import { z } from 'zod';
import { editStyleSchema } from '../../timeline/auto-edit';
import { motionBlurStyleSchema } from '../../timeline/motion-blur';
import { overlayStyleSchema } from '../../timeline/overlays';
import { timelineStyleSchema } from '../../timeline/build-timeline';

export const backgroundSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('gradient'),
    from: zColor(),
    to: zColor(),
    angle: z.number().min(0).max(360),
  }),
  z.object({ type: z.literal('solid'), color: zColor() }),
  z.object({
    type: z.literal('image'),
    /** A path under public/ or an http(s) URL. */
    src: z.string().min(1),
  }),
]);
export type BackgroundStyle = z.infer<typeof backgroundSchema>;

export const DEFAULT_BACKGROUND: BackgroundStyle = { type: 'gradient', from: '#1e1b4b', to: '#0e7490', angle: 135 };

export const styleSchema = z.object({
  background: backgroundSchema.default(DEFAULT_BACKGROUND),
  /** Space around the screen, as a fraction of the frame's shorter side. */
  padding: z.number().min(0).max(0.3).default(0.06),
  /** Corner radius, in px of a 1080-wide frame (scaled with the frame). */
  cornerRadius: z.number().min(0).max(80).default(18),
  /** Strength of the drop shadow, 0 to 1. */
  shadow: z.number().min(0).max(1).default(0.55),
  /** A window title bar above the screen. */
  windowFrame: z.boolean().default(true),
  /** Cursor size relative to a 32 px pointer on the recorded screen. */
  cursorSize: z.number().min(0.3).max(4).default(1),
  clickRipple: z.boolean().default(true),
  /** Word-highlighted captions from the narration (when the capture dir has one). */
  captions: z
    .object({
      enabled: z.boolean().default(true),
      /** Text size in px of a 1080-wide frame (scaled with the frame). */
      fontSize: z.number().min(16).max(160).default(54),
      color: zColor().default('#ffffff'),
      /** The word being spoken. */
      highlight: zColor().default('#facc15'),
      /** The box behind the text, and how opaque it is (0: no box). */
      box: zColor().default('#0b0b14'),
      boxOpacity: z.number().min(0).max(1).default(0.72),
      /** Most words on a page. */
      maxWords: z.number().int().min(1).max(12).default(6),
    })
    .default({ enabled: true, fontSize: 54, color: '#ffffff', highlight: '#facc15', box: '#0b0b14', boxOpacity: 0.72, maxWords: 6 }),
  motion: timelineStyleSchema.default(timelineStyleSchema.parse({})),
  /** Callouts, the speed-up badge and the keystroke overlay. */
  overlays: overlayStyleSchema.default(overlayStyleSchema.parse({})),
  /** Automatic tightening: idle stretches and long typing sped up (or idle cut). */
  edit: editStyleSchema.default(editStyleSchema.parse({})),
  /** Motion blur on fast camera moves (off: it costs render time; see the benchmark). */
  motionBlur: motionBlurStyleSchema.default(motionBlurStyleSchema.parse({})),
  /** The talking avatar, shown when the capture has narration. */
  avatar: z
    .object({
      /** builtin: the drawn presenter, driven by the voice; video: a clip of your own (see `video`); none: no avatar. */
      provider: z.enum(['builtin', 'video', 'none']).default('builtin'),
      /** A video file in the capture dir (e.g. "avatar/avatar.mp4") whose speech matches the narration lines played back to back. */
      video: z.string().optional(),
      /** The avatar's main colour (shirt and bubble). */
      color: zColor().default('#38bdf8'),
      /** Landscape: the bubble's diameter as a fraction of the frame's height. */
      bubbleSize: z.number().min(0.08).max(0.5).default(0.24),
    })
    .default({ provider: 'builtin', color: '#38bdf8', bubbleSize: 0.24 }),
});
export type Style = z.infer<typeof styleSchema>;
export type StyleInput = z.input<typeof styleSchema>;

export const DEFAULT_STYLE: Style = styleSchema.parse({});
