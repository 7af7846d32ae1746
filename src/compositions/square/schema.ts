import { OUTPUT_FORMATS } from '../../formats';
import { tiktokSplitSchema, type TikTokSplitProps } from '../tiktok-split/schema';

/** Square takes the same props as TikTokSplit (title, subtitle, brand, accent, style). */
export const squareSchema = tiktokSplitSchema;
export type SquareProps = TikTokSplitProps;
/** The composition's frame (px): the formats registry's. */
export const SQUARE_SIZE = OUTPUT_FORMATS.square.size;
export const squareDefaults: SquareProps = squareSchema.parse({});
