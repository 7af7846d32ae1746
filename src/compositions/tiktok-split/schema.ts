import { OUTPUT_FORMATS } from '../../formats';
import { zColor } from '@remotion/zod-types';
import { z } from 'zod';
import { DEFAULT_STYLE, styleSchema } from '../shared/style-schema';

export const tiktokSplitSchema = z.object({
  /** A capture dir under public/, or an http(s) URL of one. */
  capture: z.string().min(1).default('samples/ink-deploy'),
  title: z.string().default('Deploy a Next.js app from your terminal'),
  subtitle: z.string().default('One command. Live in seconds.'),
  brand: z.string().default('ink · ml.ink'),
  accent: zColor().default('#67e8f9'),
  // Tighter padding by default (a narrow frame); a partial style keeps it.
  style: styleSchema.extend({ padding: z.number().min(0).max(0.3).default(0.045) }).default({ ...DEFAULT_STYLE, padding: 0.045 }),
});
export type TikTokSplitProps = z.infer<typeof tiktokSplitSchema>;

/** The composition's frame (px): the formats registry's. */
export const TIKTOK_SIZE = OUTPUT_FORMATS.tiktok.size;
export const tiktokSplitDefaults: TikTokSplitProps = tiktokSplitSchema.parse({});
