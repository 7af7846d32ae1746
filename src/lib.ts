/**
 * `import … from 'screenplay'`: the library surface. Light on purpose (the DSL, the timeline,
 * the formats): a TypeScript script that imports `defineScript` loads no render, capture or
 * narration code. `render` loads the render stack when it is first called.
 *
 * The Remotion compositions and their prop schemas are `screenplay/compositions`.
 */
import type { RenderOptions, RenderResult } from './render/render';

export * from './dsl';
export { loadScript, findProjectRoot, type LoadedScript } from './cli/load-script';
export * from './timeline';
export { OUTPUT_FORMATS, COMPOSITIONS, FORMAT_NAMES, FORMAT_COMPOSITION, DEFAULT_FORMATS, type CompositionName, type OutputFormatName } from './formats';
export { ScreenplayError } from './errors';
export type { RenderOptions, RenderResult, RenderProgress } from './render/render';

/**
 * Renders a capture dir (or a still of it) with one composition: `render({ composition:
 * OUTPUT_FORMATS.landscape.composition, captureDir: 'captures/x', out: 'out/x.mp4' })`. Loads the render stack (Remotion's
 * bundler and renderer, ffmpeg) on first use. See RenderOptions for every option; resolves to
 * the output's path, size (px), frame count and fps. Throws a ScreenplayError (`exitCode` 1 for
 * bad input such as a missing capture dir, 2 for a failed render).
 */
export const render = async (opts: RenderOptions): Promise<RenderResult> => (await import('./render/render')).render(opts);

/** The compositions' prop schemas (zod) and defaults, without the React components (those are `screenplay/compositions`, for a bundler). */
export { landscapeSchema, landscapeDefaults, LANDSCAPE_SIZE, type LandscapeProps } from './compositions/landscape/schema';
export { tiktokSplitSchema, tiktokSplitDefaults, TIKTOK_SIZE, type TikTokSplitProps } from './compositions/tiktok-split/schema';
export { squareSchema, squareDefaults, SQUARE_SIZE, type SquareProps } from './compositions/square/schema';
export { portraitSchema, portraitDefaults, PORTRAIT_SIZE, type PortraitProps } from './compositions/portrait/schema';
