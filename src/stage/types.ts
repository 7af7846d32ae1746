/**
 * The stage a take is performed on: the script's `stage:` block (what the desktop must be) and
 * the desktop screenplay got for it (a fresh virtual one it started, or a display it was given).
 */

export type { StageSpec } from '../dsl/stage-spec';

/** Where a take is performed: a fresh virtual stage (default on Linux), or an existing X display. */
export type StageChoice = { kind: 'virtual' } | { kind: 'display'; display: string };

/** A stage ready for a take. */
export type Stage = {
  /** The X display (":93"); "" on macOS/Windows, where nut.js drives the user's own desktop. */
  display: string;
  /** Its size in px. */
  screen: { width: number; height: number };
  /** screenplay's environment with the stage's env applied (what terminals, runs and the browser get). */
  env: NodeJS.ProcessEnv;
  /** Absolute folder terminals and setup commands start in. */
  cwd: string;
  /** True when screenplay started this desktop (and stops it). */
  virtual: boolean;
  /** Stops what screenplay started (the virtual desktop); a no-op on a given display. Never throws. */
  stop: () => Promise<void>;
};
