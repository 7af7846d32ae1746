/**
 * Applies a script's render-only settings (title, style, avatar) to a capture dir that make
 * re-uses: the pictures and clips they name are copied in again and capture.json (and the
 * header of events.jsonl, which finalise rebuilds capture.json from) names them. Each step
 * event's `source` is pointed at the step's line in the script as it is now (a comment added
 * above moves it). Nothing that the take recorded changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plan } from '../dsl';
import { captureAvatar, captureStyle } from '../capture/run-capture';
import { runtimeError } from '../errors';
import { AVATAR_DIR, BACKGROUND_DIR, CAPTURE_JSON, EVENTS_JSONL } from '../capture-log/capture-dir-files';

const RENDER_FIELDS = ['title', 'style', 'avatar'] as const;

/**
 * Also kept current, but not a restyle (the picture does not read it; keys.ts leaves it out of
 * the picture key): the presets as written (output.presets), which `screenplay render DIR --out`
 * makes; a new override must not leave the capture dir naming the old one.
 */
const KEPT_FIELDS = ['presets'] as const;

const withSettings = (obj: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> => {
  const out = { ...obj };
  for (const k of [...RENDER_FIELDS, ...KEPT_FIELDS]) {
    if (fields[k] === undefined || fields[k] === null) delete out[k];
    else out[k] = fields[k];
  }
  return out;
};

/**
 * Rewrites `captureDir`'s title, style and avatar (and the presets it names) from `plan` (project paths relative to
 * `rootDir`). Returns true when the title, style or avatar changed (not when only step lines moved).
 * @throws ScreenplayError invalid-input when a file the style or avatar names is not in the
 *   project; runtime when capture.json cannot be read or written
 */
export const restyleCapture = (
  captureDir: string,
  plan: Plan,
  rootDir: string,
  sourceOf: (step: Plan['steps'][number]) => string = (st) => `${st.source.file}:${st.source.line}:${st.source.column}`,
): boolean => {
  const sources = new Map(plan.steps.map((st) => [st.id, sourceOf(st)]));
  const repoint = (e: Record<string, unknown>) =>
    e.type === 'step' && typeof e.id === 'string' && sources.has(e.id) ? { ...e, source: sources.get(e.id) } : e;
  for (const d of [AVATAR_DIR, BACKGROUND_DIR]) fs.rmSync(path.join(captureDir, d), { recursive: true, force: true });
  const fields = {
    title: plan.title ?? undefined,
    style: captureStyle(plan, rootDir, captureDir),
    avatar: captureAvatar(plan, rootDir, captureDir) ?? undefined,
    presets: (plan.settings.output as { presets?: unknown[] } | undefined)?.presets?.length
      ? (plan.settings.output as { presets: unknown[] }).presets
      : undefined,
  };
  const file = path.join(captureDir, CAPTURE_JSON);
  let before: string;
  try {
    before = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw runtimeError(`could not read ${file}: ${(err as Error).message}`, err);
  }
  const parsed = JSON.parse(before) as Record<string, unknown>;
  const settingsBefore = JSON.stringify(RENDER_FIELDS.map((k) => parsed[k] ?? null));
  const log = withSettings(parsed, fields);
  const settingsChanged = JSON.stringify(RENDER_FIELDS.map((k) => log[k] ?? null)) !== settingsBefore;
  if (Array.isArray(log.events)) log.events = (log.events as Record<string, unknown>[]).map(repoint);
  const after = `${JSON.stringify(log)}\n`;
  const events = path.join(captureDir, EVENTS_JSONL);
  if (fs.existsSync(events)) {
    const text = fs.readFileSync(events, 'utf8');
    const nl = text.indexOf('\n');
    const head = JSON.parse(nl < 0 ? text : text.slice(0, nl)) as Record<string, unknown>;
    const rest = nl < 0 ? [] : text.slice(nl + 1).split('\n');
    const lines = rest.map((l) => {
      if (!l.includes('"step"')) return l;
      try {
        return JSON.stringify(repoint(JSON.parse(l) as Record<string, unknown>));
      } catch {
        return l; // a torn last line stays as it is
      }
    });
    if (head.type === 'header') fs.writeFileSync(events, [JSON.stringify(withSettings(head, fields)), ...lines].join('\n'));
  }
  if (after !== before) fs.writeFileSync(file, after);
  return settingsChanged;
};
