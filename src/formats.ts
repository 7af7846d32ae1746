/**
 * The output formats a script can ask for (`output.formats`) and the Remotion composition that
 * makes each, with its frame size: the one list. The DSL's schema, the capture log's schema, the
 * CLI, make, review and the MCP server derive theirs from here, and so should src/Root.tsx and
 * each composition's `*_SIZE` (tests/formats.test.ts checks they agree until they import it).
 * Pure data: no React, no Remotion, no node: imports, so the DSL can import it.
 */
import type { Size } from './base/geometry';

/** One output format: the composition that draws it, its frame (px) and its aspect (width:height). */
export type OutputFormatSpec = {
  /** The Remotion composition's id (Root.tsx, `--composition`). */
  composition: string;
  /** The composition's frame in px, before `--scale` (src/render/output-size.ts). */
  size: Size;
  /** width:height, reduced ("16:9"). */
  aspect: string;
};

/** Every output format, in the order help, the schema and `screenplay demo` list them. */
export const OUTPUT_FORMATS = {
  landscape: { composition: 'Landscape', size: { width: 1920, height: 1080 }, aspect: '16:9' },
  tiktok: { composition: 'TikTokSplit', size: { width: 1080, height: 1920 }, aspect: '9:16' },
  square: { composition: 'Square', size: { width: 1080, height: 1080 }, aspect: '1:1' },
  portrait: { composition: 'Portrait', size: { width: 1080, height: 1350 }, aspect: '4:5' },
} as const satisfies Record<string, OutputFormatSpec>;

/** A script's output format's name (`output.formats`, the capture log's `formats`, `<format>.mp4`). */
export type OutputFormatName = keyof typeof OUTPUT_FORMATS;
/** The format names, for `z.enum`: landscape, tiktok, square, portrait. */
export const FORMAT_NAMES = Object.keys(OUTPUT_FORMATS) as [OutputFormatName, ...OutputFormatName[]];
/** What a script that names no `output.formats` gets. */
export const DEFAULT_FORMATS: readonly OutputFormatName[] = ['landscape'];

/** A composition's id. */
export type CompositionName = (typeof OUTPUT_FORMATS)[OutputFormatName]['composition'];
/** The compositions' ids (`--composition`), in the formats' order: Landscape, TikTokSplit, Square, Portrait. */
export const COMPOSITIONS = FORMAT_NAMES.map((f) => OUTPUT_FORMATS[f].composition) as [CompositionName, ...CompositionName[]];

/** The script's output formats and the compositions that make them. */
export const FORMAT_COMPOSITION = Object.fromEntries(FORMAT_NAMES.map((f) => [f, OUTPUT_FORMATS[f].composition])) as {
  [F in OutputFormatName]: (typeof OUTPUT_FORMATS)[F]['composition'];
};

/** Each composition's frame (px): what `--scale` multiplies (src/render/output-size.ts). */
export const COMPOSITION_SIZE = Object.fromEntries(FORMAT_NAMES.map((f) => [OUTPUT_FORMATS[f].composition, OUTPUT_FORMATS[f].size])) as Record<
  CompositionName,
  Size
>;
