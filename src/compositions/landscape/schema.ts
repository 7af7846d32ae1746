import { OUTPUT_FORMATS } from '../../formats';
import { z } from 'zod';
import { DEFAULT_STYLE, styleSchema } from '../shared/style-schema';

export const landscapeSchema = z.object({
  /** A capture dir under public/, or an http(s) URL of one. */
  capture: z.string().min(1).describe('The capture to show: a folder under public/, or an http(s) URL of one.').default('samples/ink-deploy'),
  /** Shown in the window's title bar. */
  title: z.string().describe("Shown in the window's title bar.").default('Ink — deploy my-app'),
  style: styleSchema.default(DEFAULT_STYLE),
});
export type LandscapeProps = z.infer<typeof landscapeSchema>;

/** The composition's frame (px): the formats registry's. */
export const LANDSCAPE_SIZE = OUTPUT_FORMATS.landscape.size;
/** Every prop at its default; src/Root.tsx writes the same values out (tests/studio/root-defaults.test.ts). */
export const landscapeDefaults: LandscapeProps = landscapeSchema.parse({});
