/** The script's top level and primitive definitions (zod, pure). Steps are checked per action. */
import { z } from 'zod';
import { FORMAT_NAMES, OUTPUT_FORMATS } from '../formats';
import { PRESET_NAMES, presetEntrySchema, presetFileClashes, presetsProblems } from '../output-presets';
import { didYouMean } from './did-you-mean';
import { zPath } from './script-paths';
import { pronounceMap } from './lexicon';

/** The output formats a script may name (src/formats.ts). */
export const FORMATS = FORMAT_NAMES;

/** The screen sizes a stage may have, in px per side (a phone's 320 to 8K's 7680). */
export const STAGE_SCREEN_MIN = 320;
export const STAGE_SCREEN_MAX = 7680;
/** An environment variable's name. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const got = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : (JSON.stringify(v) ?? 'nothing'));
const side = z
  .number({ error: (iss) => `must be a whole number of px, but got ${got(iss.input)}` })
  .int()
  .min(STAGE_SCREEN_MIN)
  .max(STAGE_SCREEN_MAX);
const SCREEN_TEXT = /^\s*(\d{1,5})\s*x\s*(\d{1,5})\s*$/;
/** `1920x1080`, or `{ width: 1920, height: 1080 }`, in px. */
const stageScreen = z.union(
  [
    z.string().refine(
      (v) => {
        const m = SCREEN_TEXT.exec(v);
        return !!m && [m[1], m[2]].every((n) => Number(n) >= STAGE_SCREEN_MIN && Number(n) <= STAGE_SCREEN_MAX);
      },
      { error: (iss) => `must be a size like "1920x1080" (width x height, ${STAGE_SCREEN_MIN} to ${STAGE_SCREEN_MAX} px each), but got ${got(iss.input)}` },
    ),
    z.object({ width: side, height: side }).strict(),
  ],
  { error: (iss) => `must be a size like "1920x1080" or { width: 1920, height: 1080 }, but got ${got(iss.input)}` },
);

/**
 * The desktop a take is performed on (src/stage/types.ts StageSpec): its screen size, the
 * environment and folder of setup commands, terminals, runs and the browser, the setup commands
 * run before recording, and the virtual desktop's background colour.
 */
export const stageSchema = z
  .object({
    screen: stageScreen.optional(),
    env: z
      .record(
        z.string().regex(ENV_NAME, {
          error: (iss) => `must be an environment variable name (letters, digits and _, not starting with a digit), but got ${got(iss.input)}`,
        }),
        z.union([z.string().max(10_000), z.number()], { error: (iss) => `must be a text value, but got ${got(iss.input)}` }),
      )
      .optional(),
    cwd: zPath('dir').optional(),
    setup: z.array(z.string().min(1, 'must be a shell command line, not empty').max(10_000)).max(100).optional(),
    background: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, { error: (iss) => `must be a colour like "#2b3042", but got ${got(iss.input)}` })
      .optional(),
  })
  .strict();

/**
 * `output.music`: a music bed under the whole video (src/render/narration-audio.ts Music): a
 * project file (any audio ffmpeg reads), its volume 0–1 (0.3), and how far it ducks under the
 * voice: true (to 0.25 of its volume), false, or the fraction 0–1 it keeps. docs/music.md.
 */
const DUCK_RANGE = 'must be true, false or a number from 0 to 1 (the part of its volume the music keeps under the voice)';
export const musicSchema = z
  .object({
    file: zPath('file').describe('The music file (mp3, wav, m4a, ogg, flac…), relative to this script; looped as long as the video runs.'),
    volume: z
      .number()
      .min(0, 'must be a number from 0 to 1')
      .max(1, 'must be a number from 0 to 1')
      .optional()
      .describe("The music's volume, 0 to 1 (default 0.3)."),
    duck: z
      .union([z.boolean(), z.number().min(0, DUCK_RANGE).max(1, DUCK_RANGE)], {
        error: (iss) => `must be true, false or a number from 0 to 1 (the part of its volume the music keeps under the voice), but got ${got(iss.input)}`,
      })
      .optional()
      .describe('Lower the music under the voice: true (default: to 0.25 of its volume, −12 dB), false, or the part 0–1 of its volume it keeps.'),
  })
  .strict();

export const topLevelSchemas = {
  title: z.string().min(1).describe("The video's title: it names the video (the compositions' title card) and heads the plan."),
  output: z
    .object({
      formats: z
        .array(
          z.enum(FORMATS, {
            error: (iss) =>
              `must be a format (${FORMATS.join(', ')}), but got ${got(iss.input)}${typeof iss.input === 'string' ? didYouMean(iss.input, FORMATS) : ''}`,
          }),
        )
        .min(1, 'must list at least one format')
        .superRefine((list, ctx) => {
          list.forEach((f, i) => {
            if (list.indexOf(f) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `names the format "${f}" twice (once is enough)` });
          });
        })
        .optional(),
      /** A music bed; a plain path is short for { file } (compile.ts rewrites it before this check). */
      music: musicSchema.optional(),
      presets: z
        .array(presetEntrySchema)
        .min(1, 'must list at least one preset')
        .superRefine((entries, ctx) => {
          for (const p of presetsProblems(entries)) ctx.addIssue({ code: 'custom', path: [p.index, ...p.path], message: p.message });
        })
        .describe(`Platform presets, each one more file in its own container and limits (docs/presets.md): ${PRESET_NAMES.join(', ')}.`)
        .optional(),
    })
    .strict()
    .superRefine((output, ctx) => {
      // Only once the list itself is valid (its entries are parsed).
      if (!output.presets || presetsProblems(output.presets).length) return;
      for (const p of presetFileClashes(output)) ctx.addIssue({ code: 'custom', path: ['presets', p.index, ...p.path], message: p.message });
    })
    .describe(
      `The videos to make: formats lists the output formats (${FORMAT_NAMES.map((f) => `${f} ${OUTPUT_FORMATS[f].size.width}x${OUTPUT_FORMATS[f].size.height}`).join(', ')}), presets the platforms (${PRESET_NAMES.join(', ')}); music a music bed under them (file, volume, duck).`,
    ),
  /**
   * Checked against the compositions' style schema at render time; here only what names a file
   * (background.src: a picture in the project, or an http(s) URL).
   */
  style: z
    .looseObject({ background: z.looseObject({ src: zPath('file').optional() }).optional() })
    .describe("The compositions' look (background, colours, fonts), checked against the compositions' style schema when rendering."),
  voice: z
    .object({
      provider: z.enum(['elevenlabs', 'espeak']).optional(),
      voice: z.string().optional(),
      model: z.string().optional(),
      settings: z.record(z.string(), z.unknown()).optional(),
      /** Written word → what the voice says instead (docs/pronunciation.md). */
      pronounce: pronounceMap
        .optional()
        .describe(
          'How words are said: written word → what the voice says instead ({ MCP: "M C P", kubectl: "cube control" }), or { say, ipa, cmu, espeak }. Captions keep the written words.',
        ),
      /** A lexicon file (YAML/JSON map like pronounce, or W3C PLS), read by compile.ts. */
      lexicon: zPath('file')
        .optional()
        .describe('A lexicon file in the project: a YAML/JSON map like pronounce, or a W3C PLS file (.pls) with alias and phoneme lexemes.'),
    })
    .strict()
    .describe(
      'The narration voice for say steps: provider (elevenlabs, or espeak offline), voice, model, settings, and how words are said (pronounce: { MCP: "M C P" }, lexicon: a YAML/JSON/PLS file).',
    ),
  avatar: z
    .object({
      provider: z.enum(['builtin', 'video', 'heygen']).optional(),
      image: zPath('file').optional(),
      video: zPath('file').optional(),
      avatarId: z.string().optional(),
      settings: z.record(z.string(), z.unknown()).optional(),
    })
    .strict()
    .describe('A presenter in a corner of the video: builtin (offline), a video clip, or heygen.'),
  /** How `screenplay capture` records: the recorder (the CLI's --recorder wins), frame rate, OBS's address. */
  capture: z
    .object({
      recorder: z.enum(['ffmpeg', 'obs']).optional(),
      fps: z.number().int().min(10).max(120).optional(),
      /** Record the system pointer as it is, instead of screenplay's smoothed cursor drawn at render time. */
      recordPointer: z.boolean().optional(),
      obs: z
        .object({
          url: z
            .string()
            .regex(/^wss?:\/\/\S+$/, 'a WebSocket URL like "ws://127.0.0.1:4455"')
            .optional(),
          /** The name of the environment variable holding the password: the password itself never goes in a script. */
          passwordEnv: z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
            .optional(),
        })
        .strict()
        .optional(),
    })
    .strict()
    .describe("How `screenplay capture` records: the recorder (ffmpeg or obs), the frame rate, OBS's address."),
  stage: stageSchema.describe('The desktop the take is performed on: screen size, environment, working folder, setup commands, background colour.'),
  import: z
    .array(zPath('import'))
    .describe(
      "Primitive libraries whose primitives this file uses: YAML files relative to this file inside the project, or an installed package's library by name (screenplay/terminal).",
    ),
  primitives: z
    .record(z.string(), z.unknown())
    .describe('Reusable steps defined here, by lower_snake_case name: used like built-in actions, in this file and in files that import it.'),
  steps: z.array(z.unknown()).describe('What happens, in order: one step per list item, its one key the action (or a primitive), its value the settings.'),
} as const;
export type TopLevelKey = keyof typeof topLevelSchemas;
export const TOP_LEVEL_KEYS = Object.keys(topLevelSchemas) as TopLevelKey[];

export const PARAM_TYPES = ['string', 'number', 'boolean', 'enum', 'duration'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export const paramSchema = z
  .object({
    type: z.enum(PARAM_TYPES),
    values: z.array(z.string()).min(1).optional(),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    description: z.string().optional(),
  })
  .strict()
  .refine((p) => (p.type === 'enum') === (p.values !== undefined), { message: 'an enum param lists its values (and only an enum has values)' });
export type ParamDef = z.infer<typeof paramSchema>;

export const primitiveSchema = z
  .object({
    description: z.string().min(1),
    params: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'param names are letters, digits and _'), paramSchema).optional(),
    steps: z.array(z.unknown()).min(1, 'must list at least one step'),
  })
  .strict();

export const PRIMITIVE_NAME = /^[a-z][a-z0-9_]*$/;
