import { OUTPUT_FORMATS } from '../../formats';
import { z } from 'zod';
import { color, DEFAULT_STYLE, paddingSchema, styleSchema } from '../shared/style-schema';

export const tiktokSplitSchema = z.object({
  /** A capture dir under public/, or an http(s) URL of one. */
  capture: z.string().min(1).describe('The capture to show: a folder under public/, or an http(s) URL of one.').default('samples/ink-deploy'),
  title: z.string().describe('The headline in the lower half.').default('Deploy a Next.js app from your terminal'),
  subtitle: z.string().describe('A line under the title (empty: none).').default('One command. Live in seconds.'),
  brand: z.string().describe('A small line above the title, in the accent colour (empty: none).').default('ink · ml.ink'),
  accent: color('The colour of the brand line.').default('#67e8f9'),
  // Tighter padding by default (a narrow frame); a partial style keeps it.
  style: styleSchema.extend({ padding: paddingSchema.default(0.045) }).default({ ...DEFAULT_STYLE, padding: 0.045 }),
});
export type TikTokSplitProps = z.infer<typeof tiktokSplitSchema>;

/** The composition's frame (px): the formats registry's. */
export const TIKTOK_SIZE = OUTPUT_FORMATS.tiktok.size;
/** Every prop at its default; src/Root.tsx writes the same values out (tests/studio/root-defaults.test.ts). */
export const tiktokSplitDefaults: TikTokSplitProps = tiktokSplitSchema.parse({});
