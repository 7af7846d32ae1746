/**
 * Targets checked against the screen (pure). The pointer cannot leave the screen: a click at
 * (1700, 300) on a 1280x720 screen lands at (1279, 300), on something else. So a point or region
 * outside the screen is an error naming it and the screen, never a silent clamp: before
 * recording where the plan gives it literally (exit 1), at the step where it is computed (an
 * image's offset, a relative move) otherwise.
 */
import type { Plan, PlanStep } from './compile';

export type ScreenSize = { width: number; height: number };
export type ScreenPoint = { x: number; y: number };
export type ScreenRegion = ScreenPoint & { width: number; height: number };

/** Pixel coordinates a point may take on a screen: x in 0…width−1, y in 0…height−1. */
const range = (screen: ScreenSize) => `x 0 to ${screen.width - 1}, y 0 to ${screen.height - 1}`;

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100));

/**
 * Why a point is off the screen, or null when it is on it (0 ≤ x ≤ width−1, 0 ≤ y ≤ height−1,
 * in screen px).
 * @param what names the point in the message, e.g. "click target" or "drag.to"
 */
export const pointProblem = (p: ScreenPoint, screen: ScreenSize, what: string): string | null => {
  if (p.x >= 0 && p.y >= 0 && p.x <= screen.width - 1 && p.y <= screen.height - 1) return null;
  return `${what} (${fmt(p.x)}, ${fmt(p.y)}) is outside the ${screen.width}x${screen.height} screen: a point must be within ${range(screen)}`;
};

/**
 * Why a region is not wholly on the screen, or null when it is (x ≥ 0, y ≥ 0,
 * x + width ≤ screen width, y + height ≤ screen height, in screen px).
 */
export const regionProblem = (r: ScreenRegion, screen: ScreenSize, what: string): string | null => {
  if (r.x >= 0 && r.y >= 0 && r.x + r.width <= screen.width && r.y + r.height <= screen.height) return null;
  return `${what} (x ${fmt(r.x)}, y ${fmt(r.y)}, ${fmt(r.width)}x${fmt(r.height)}) is not inside the ${screen.width}x${screen.height} screen: it must lie within x 0 to ${screen.width}, y 0 to ${screen.height}`;
};

/**
 * Throws (an Error the capture runner turns into a step error) when `p` is off the screen.
 * @returns p, for chaining
 */
export const requireOnScreen = (p: ScreenPoint, screen: ScreenSize, what: string): ScreenPoint => {
  const problem = pointProblem(p, screen, what);
  if (problem) throw new Error(problem);
  return p;
};

type Args = Record<string, unknown>;
const isNum = (v: unknown): v is number => typeof v === 'number';
/** A literal point in args (x and y, no image): the image's offset is known only once found. */
const literal = (a: unknown): ScreenPoint | null => {
  const o = a as Args | undefined;
  return o && isNum(o.x) && isNum(o.y) && o.image === undefined ? { x: o.x, y: o.y } : null;
};
const literalRegion = (a: unknown): ScreenRegion | null => {
  const r = a as Args | undefined;
  return r && isNum(r.x) && isNum(r.y) && isNum(r.width) && isNum(r.height) ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
};

/**
 * The points and regions a step's args give literally, each with its name for messages:
 * move, click, scroll, zoom and callout at x/y (a callout's `at` too); drag's from and to;
 * wait_for_image's and blur's region. (A relative move, an image and an image's offset are checked when the step runs.)
 */
export const literalTargets = (action: string, args: Args): Array<{ what: string; point?: ScreenPoint; region?: ScreenRegion }> => {
  const out: Array<{ what: string; point?: ScreenPoint; region?: ScreenRegion }> = [];
  const point = (what: string, v: unknown) => {
    const p = literal(v);
    if (p) out.push({ what, point: p });
  };
  switch (action) {
    case 'move':
    case 'click':
    case 'scroll':
    case 'zoom':
      point(`${action} target`, args);
      break;
    case 'callout':
      point('callout target', args.at ?? args);
      break;
    case 'drag':
      point('drag start (from)', args.from);
      point('drag end (to)', args.to);
      break;
    case 'wait_for_image':
    case 'blur': {
      const r = literalRegion(args.region);
      if (r) out.push({ what: `${action} region`, region: r });
      break;
    }
  }
  return out;
};

export type BoundsProblem = { source: string; message: string };

const sourceOf = (s: Pick<PlanStep, 'source'>) => `${s.source.file}:${s.source.line}:${s.source.column}`;

/**
 * Every literal target of a plan (steps and marks) that is off `screen`, each naming the step's
 * source (file:line:col), the point or region, and the screen's size. Empty when all are on it.
 */
export const planBoundsProblems = (plan: Pick<Plan, 'steps' | 'marks'>, screen: ScreenSize): BoundsProblem[] => {
  const problems: BoundsProblem[] = [];
  const check = (action: string, args: Args, source: string) => {
    for (const t of literalTargets(action, args)) {
      const message = t.point ? pointProblem(t.point, screen, t.what) : t.region ? regionProblem(t.region, screen, t.what) : null;
      if (message) problems.push({ source, message });
    }
  };
  for (const s of plan.steps) check(s.action, s.args, sourceOf(s));
  for (const m of plan.marks) check(m.kind, m.args, sourceOf(m));
  return problems;
};
