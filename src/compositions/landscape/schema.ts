import { z } from 'zod';
import { DEFAULT_STYLE, styleSchema } from '../shared/style-schema';

export const landscapeSchema = z.object({
  /** A capture dir under public/, or an http(s) URL of one. */
  capture: z.string().min(1).default('samples/ink-deploy'),
  /** Shown in the window's title bar. */
  title: z.string().default('Ink — deploy my-app'),
  style: styleSchema.default(DEFAULT_STYLE),
});
export type LandscapeProps = z.infer<typeof landscapeSchema>;

export const LANDSCAPE_SIZE = { width: 1920, height: 1080 } as const;
export const landscapeDefaults: LandscapeProps = landscapeSchema.parse({});
