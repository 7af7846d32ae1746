/**
 * Plain geometry shapes, shared by every stage of the pipeline (capture, timeline, frame model,
 * render). Which space a value lives in (screen, stage or output px) is up to its user; the
 * frame model (src/frame/spaces.ts) brands them where mixing spaces would be a silent bug.
 */

export type Size = { width: number; height: number };
export type Point = { x: number; y: number };
export type Rect = { x: number; y: number; width: number; height: number };
