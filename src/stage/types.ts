/**
 * The stage a take is performed on: the script's `stage:` block (what the desktop must be) and
 * the desktop screenplay got for it (a fresh virtual one it started, or a display it was given).
 */

/** The script's `stage:` block after compile (plan.settings.stage), defaults filled in. */
export type StageSpec = {
  /** The screen in px (`screen: 1920x1080`); default 1920x1080. A virtual stage is started at this size. */
  screen: { width: number; height: number };
  /**
   * Environment variables for setup commands, terminals, `run` steps and the browser. A value may
   * use `${NAME}` for screenplay's own environment (`PATH: ./bin:${PATH}`); a value naming a
   * project folder is not rewritten (use `cwd`-relative paths in commands).
   */
  env: Record<string, string>;
  /** Project-relative folder that setup commands and terminals start in (default: the folder screenplay was run in, as terminals always did). */
  cwd?: string;
  /** Shell command lines run in order in `cwd` before recording starts; each must exit 0. */
  setup: string[];
  /** Where each setup command is written ("file:line:col", project-relative), for errors; same order as `setup`. */
  setupSources?: string[];
  /** The virtual desktop's background colour (#rrggbb); default #2b3042. */
  background?: string;
};

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
