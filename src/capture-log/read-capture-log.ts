import type { z } from 'zod';
import { formatJsonPath } from './json-path';
import { captureLogSchema, type CaptureLog } from './schema';

export type CaptureLogProblem = { path: string; message: string };

export type ReadCaptureLogResult = { ok: true; log: CaptureLog } | { ok: false; problems: CaptureLogProblem[] };

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
};

const valueAt = (root: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
};

const EVENT_TYPES = 'cursor, click, key, type, scroll, mark, say or step';

const flattenIssues = (issues: z.core.$ZodIssue[], root: unknown): CaptureLogProblem[] => {
  const out: CaptureLogProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_union') {
      // The event's `type` matched no event kind.
      const value = valueAt(root, issue.path);
      out.push({
        path: formatJsonPath(issue.path),
        message:
          issue.path[issue.path.length - 1] === 'type'
            ? `must be an event type (${EVENT_TYPES}), but got ${value === undefined ? 'nothing' : describe(value)}`
            : `must be a capture event, but got ${describe(value)}`,
      });
      continue;
    }
    const found = valueAt(root, issue.path);
    const message =
      issue.code === 'invalid_type'
        ? `must be ${issue.expected}, but got ${found === undefined ? 'nothing' : describe(found)}`
        : issue.code === 'unrecognized_keys'
          ? `has unexpected key(s) ${issue.keys.join(', ')}`
          : issue.message;
    out.push({ path: formatJsonPath(issue.path), message });
  }
  return out;
};

/** Validates parsed JSON against the capture-log contract, reporting every problem with its JSON path. */
export const readCaptureLog = (json: unknown): ReadCaptureLogResult => {
  const parsed = captureLogSchema.safeParse(json);
  if (parsed.success) {
    const events = [...parsed.data.events].sort((a, b) => a.tMs - b.tMs);
    return { ok: true, log: { ...parsed.data, events } };
  }
  return { ok: false, problems: flattenIssues(parsed.error.issues, json) };
};

/** Parses capture.json text; a JSON syntax error is reported as a problem at the root. */
export const readCaptureLogText = (text: string): ReadCaptureLogResult => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ path: '(root)', message: `is not valid JSON: ${(err as Error).message}` }] };
  }
  return readCaptureLog(json);
};

/** The most problems formatProblems lists; the rest are counted in one last line. */
export const MAX_SHOWN_PROBLEMS = 20;

export const formatProblems = (file: string, problems: CaptureLogProblem[]): string =>
  [
    ...problems.slice(0, MAX_SHOWN_PROBLEMS).map((p) => `${file}: ${p.path} ${p.message}`),
    ...(problems.length > MAX_SHOWN_PROBLEMS ? [`${file}: ${problems.length - MAX_SHOWN_PROBLEMS} more problems not shown (fix these and render again)`] : []),
  ].join('\n');
