/** The script's top level and primitive definitions (zod, pure). Steps are checked per action. */
import { z } from 'zod';
import { zPath } from './script-paths';

export const FORMATS = ['landscape', 'tiktok', 'square'] as const;

export const topLevelSchemas = {
  title: z.string().min(1),
  output: z.object({ formats: z.array(z.enum(FORMATS)).min(1).optional() }).strict(),
  /**
   * Checked against the compositions' style schema at render time; here only what names a file
   * (background.src: a picture in the project, or an http(s) URL).
   */
  style: z.looseObject({ background: z.looseObject({ src: zPath('file').optional() }).optional() }),
  voice: z
    .object({ provider: z.enum(['elevenlabs', 'espeak']).optional(), voice: z.string().optional(), model: z.string().optional(), settings: z.record(z.string(), z.unknown()).optional() })
    .strict(),
  avatar: z
    .object({ provider: z.enum(['builtin', 'video', 'heygen']).optional(), image: zPath('file').optional(), video: zPath('file').optional(), avatarId: z.string().optional(), settings: z.record(z.string(), z.unknown()).optional() })
    .strict(),
  /** How `screenplay capture` records: the recorder (the CLI's --recorder wins), frame rate, OBS's address. */
  capture: z
    .object({
      recorder: z.enum(['ffmpeg', 'obs']).optional(),
      fps: z.number().int().min(10).max(120).optional(),
      /** Record the system pointer as it is, instead of screenplay's smoothed cursor drawn at render time. */
      recordPointer: z.boolean().optional(),
      obs: z
        .object({
          url: z.string().regex(/^wss?:\/\/\S+$/, 'a WebSocket URL like "ws://127.0.0.1:4455"').optional(),
          /** The name of the environment variable holding the password: the password itself never goes in a script. */
          passwordEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  import: z.array(zPath('file')),
  primitives: z.record(z.string(), z.unknown()),
  steps: z.array(z.unknown()),
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
