import { OUTPUT_FORMATS } from '../../formats';
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

/** The composition's frame (px): the formats registry's. */
export const LANDSCAPE_SIZE = OUTPUT_FORMATS.landscape.size;
export const landscapeDefaults: LandscapeProps = landscapeSchema.parse({});
