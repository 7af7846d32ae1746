/**
 * `import … from 'screenplay/compositions'`: the Remotion compositions, their prop schemas (zod),
 * defaults and metadata functions, for a designer's own Remotion project:
 *
 *   <Composition id={OUTPUT_FORMATS.landscape.composition} component={Landscape} schema={landscapeSchema}
 *     calculateMetadata={calculateLandscapeMetadata} defaultProps={{ ...your props }}
 *     {...LANDSCAPE_SIZE} fps={30} durationInFrames={300} />
 *
 * (an id written as a string literal, and defaultProps as an object literal, let Studio save
 * a designer's changes into the file), or `<ScreenplayCompositions />` for all four as `screenplay render` draws them. Sizes are px;
 * duration and fps come from the capture (calculateMetadata), the ones given are placeholders.
 */
export { Root as ScreenplayCompositions } from '../Root';
export { Landscape } from './landscape/Landscape';
export { LANDSCAPE_SIZE, landscapeDefaults, landscapeSchema, type LandscapeProps } from './landscape/schema';
export { calculateLandscapeMetadata } from './landscape/calculate-metadata';
export { TikTokSplit } from './tiktok-split/TikTokSplit';
export { TIKTOK_SIZE, tiktokSplitDefaults, tiktokSplitSchema, type TikTokSplitProps } from './tiktok-split/schema';
export { calculateTikTokSplitMetadata } from './tiktok-split/calculate-metadata';
export { SQUARE_SIZE, squareDefaults, squareSchema, type SquareProps } from './square/schema';
export { calculateSquareMetadata } from './square/calculate-metadata';
export { PORTRAIT_SIZE, portraitDefaults, portraitSchema, type PortraitProps } from './portrait/schema';
export { calculatePortraitMetadata } from './portrait/calculate-metadata';
export { OUTPUT_FORMATS, COMPOSITIONS, type CompositionName } from '../formats';
