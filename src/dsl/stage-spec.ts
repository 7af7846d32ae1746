/**
 * The script's `stage:` block (already checked against stageSchema) as a StageSpec, defaults
 * filled in: screen 1920x1080, no env, no setup, background #2b3042. Pure.
 */
import type { StageSpec } from '../stage/types';

/** The default stage screen, in px. */
export const DEFAULT_STAGE_SCREEN = { width: 1920, height: 1080 } as const;
/** The default virtual desktop background. */
export const DEFAULT_STAGE_BACKGROUND = '#2b3042';

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
