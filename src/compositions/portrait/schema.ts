import { OUTPUT_FORMATS } from '../../formats';
import { tiktokSplitSchema, type TikTokSplitProps } from '../tiktok-split/schema';

/** Portrait takes the same props as TikTokSplit and Square (title, subtitle, brand, accent, style). */
export const portraitSchema = tiktokSplitSchema;
export type PortraitProps = TikTokSplitProps;
/** The composition's frame (px): the formats registry's (4:5, 1080x1350). */
export const PORTRAIT_SIZE = OUTPUT_FORMATS.portrait.size;
export const portraitDefaults: PortraitProps = portraitSchema.parse({});
