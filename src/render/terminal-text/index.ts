/**
 * Sharp terminal text (issue 23): the recorded terminal drawn again from its session, at any
 * scale. readTerminalSession reads a take's terminal (its look and its asciicast),
 * snapshotsAt replays the cast to the screens shown at given recording times, and
 * rasteriseTerminal draws those screens to PNG sprites (headless Chromium, drawGrid).
 */
export { DEJAVU_MONO, inferFontPx, lookFromEvent, themeFromCastHeader, xtermCell, type TerminalColours, type TerminalEvent, type TerminalLook } from './look';
export { MAX_CAST_BYTES, MAX_CAST_EVENTS, MAX_GRID, parseCast, readTerminalSession, type TerminalSession } from './session';
export { paletteColour, snapshotsAt, type CellRun, type GridSnapshot } from './snapshot';
export { drawGrid, type GridFonts, type GridPlacement } from './draw-grid';
export {
  fontconfigFallbacks,
  MAX_SPRITE_PX,
  RASTER_BROWSER_FLAGS,
  rasteriseTerminal,
  terminalFontFaces,
  type RasteriseOptions,
  type RasterJob,
} from './rasterise';
export { cellWidth, unicode14Provider } from './unicode-width';
