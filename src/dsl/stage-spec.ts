/**
 * The script's `stage:` block (already checked against stageSchema) as a StageSpec, defaults
 * filled in: screen 1920x1080, no env, no setup, background #2b3042. Pure.
 */
/** The default stage screen, in px. */
export const DEFAULT_STAGE_SCREEN = { width: 1920, height: 1080 } as const;
/** The default virtual desktop background. */
export const DEFAULT_STAGE_BACKGROUND = '#2b3042';

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

type StageBlock = {
  screen?: string | { width: number; height: number };
  env?: Record<string, string | number>;
  cwd?: string;
  setup?: string[];
  setupSources?: string[];
  background?: string;
};

/** `"1920x1080"` or `{ width, height }` → `{ width, height }` in px. */
const screenOf = (v: StageBlock['screen']): { width: number; height: number } => {
  if (typeof v === 'string') {
    const [w, h] = v.split('x').map((n) => Number(n.trim()));
    return { width: w as number, height: h as number };
  }
  return v ? { width: v.width, height: v.height } : { ...DEFAULT_STAGE_SCREEN };
};

/** The StageSpec of a validated `stage:` block (undefined: the defaults). */
export const stageSpecOf = (block: unknown): StageSpec => {
  const b = (block ?? {}) as StageBlock;
  return {
    screen: screenOf(b.screen),
    env: Object.fromEntries(Object.entries(b.env ?? {}).map(([k, v]) => [k, String(v)])),
    ...(b.cwd !== undefined ? { cwd: b.cwd } : {}),
    setup: [...(b.setup ?? [])],
    ...(b.setupSources ? { setupSources: [...b.setupSources] } : {}),
    background: b.background ?? DEFAULT_STAGE_BACKGROUND,
  };
};
