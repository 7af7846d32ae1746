/**
 * A step's compiled args (the script's target fields; durations already in ms) as a Target, the
 * shape the resolver takes. Pure.
 */
import type { Box, Point, Target, TargetQuery } from './types';

type Args = Record<string, unknown>;
const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The query the args name, or null when they name none (a scroll or zoom where the pointer is). */
export const queryOf = (a: Args): TargetQuery | null => {
  if (num(a.x) && num(a.y)) return { kind: 'point', x: a.x, y: a.y };
  if (str(a.image)) return { kind: 'image', image: a.image, ...(num(a.confidence) ? { confidence: a.confidence } : {}) };
  if (str(a.text)) return { kind: 'text', text: a.text };
  if (str(a.selector)) return { kind: 'selector', selector: a.selector };
  if (str(a.role)) return { kind: 'role', role: a.role, ...(str(a.name) ? { name: a.name } : {}) };
  if (str(a.label)) return { kind: 'label', label: a.label };
  if (str(a.testId)) return { kind: 'testId', testId: a.testId };
  return null;
};

const box = (v: unknown): Box | undefined => {
  const b = v as Partial<Box> | undefined;
  return b && num(b.x) && num(b.y) && num(b.width) && num(b.height) ? { x: b.x, y: b.y, width: b.width, height: b.height } : undefined;
};
const point = (v: unknown): Point | undefined => {
  const p = v as Partial<Point> | undefined;
  return p && num(p.x) && num(p.y) ? { x: p.x, y: p.y } : undefined;
};

/**
 * The target in `args` (with its options: nth, near, region, exact, timeout in ms, offset), or
 * null when there is none.
 */
export const targetFromArgs = (args: Args): Target | null => {
  const q = queryOf(args);
  if (!q) return null;
  const near = args.near && typeof args.near === 'object' ? targetFromArgs(args.near as Args) : null;
  const region = box(args.region);
  const offset = point(args.offset);
  return {
    ...q,
    ...(num(args.nth) ? { nth: args.nth } : {}),
    ...(near ? { near } : {}),
    ...(region ? { region } : {}),
    ...(typeof args.exact === 'boolean' ? { exact: args.exact } : {}),
    ...(num(args.timeout) ? { timeoutMs: args.timeout } : {}),
    ...(offset ? { offset } : {}),
  };
};
