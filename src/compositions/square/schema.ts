import { tiktokSplitSchema, type TikTokSplitProps } from '../tiktok-split/schema';

/** Square takes the same props as TikTokSplit (title, subtitle, brand, accent, style). */
export const squareSchema = tiktokSplitSchema;
export type SquareProps = TikTokSplitProps;
export const SQUARE_SIZE = { width: 1080, height: 1080 } as const;
export const squareDefaults: SquareProps = squareSchema.parse({});
