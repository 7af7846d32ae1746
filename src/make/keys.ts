/**
 * What `screenplay make` may re-use, decided by content keys (SHA-256, hex):
 * - the capture key: everything that changes what is performed or how long it takes — the steps
 *   and marks (not their script lines: those are re-pointed in a kept capture), the settings a take reads
 *   (the layouts rendered — output formats and the presets' layouts — place the terminal; the voice
 *   sets each say step's length; capture, stage),
 *   and the bytes of every picture a step looks for. Style, avatar and title are not in it: they
 *   are applied to the kept capture dir and only the renders are made again.
 * - the render key of a format: the capture dir as render reads it (capture.json, narration.json,
 *   the files it names are in the dir and fixed by those), the format, the renderer, screenplay's
 *   version, and the music bed (its file's bytes, volume and duck: output.music or --music).
 *   Its picture key is the same less the music: when only the music changed, the picture is kept
 *   and only the sound is mixed again.
 * The music (output.music) is not in the capture key: it is mixed in after the take.
 * Secret text is hashed redacted (changing a password alone does not re-capture: `--recapture`).
 * The product being filmed is outside the script: when it changed, `--recapture`.
 */
import { ACTIONS, actionDefaults, type ActionName } from '../dsl/actions';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { redactPlan, type Plan } from '../dsl';
import { DEFAULT_FORMATS, FORMAT_NAMES, type OutputFormatName } from '../formats';
import { outputFormats, type PresetEntry } from '../output-presets';
import { SESSION_EXT, SESSIONS_DIR } from '../capture/session-cast';
import { AVATAR_DIR, BACKGROUND_DIR, CAPTURE_JSON, NARRATION_DIR, NARRATION_JSON, RECORDING } from '../capture-log/capture-dir-files';

/** Settings a take depends on (the rest, style/avatar/title, only shape the render). */
export const CAPTURE_SETTINGS = ['output', 'voice', 'capture', 'stage'] as const;
/** Keys of `output` that only the render or the preset step reads (left out of the capture key). */
export const RENDER_ONLY_OUTPUT = ['music'] as const;

/**
 * A setting as the capture key sees it. `output`: of formats and presets only the set of layouts
 * they render (outputFormats: the formats and each preset's layout), which is what the take reads
 * (run-capture.ts places the terminal and the browser for them: terminalPlacement takes the max
 * font size and the narrowest view of the set, so their order does not matter). A preset's
 * overrides, file name and limits are not in it: make's preset step has its own key (presetKey).
 * Other keys, less RENDER_ONLY_OUTPUT, as they are.
 */
const captureSetting = (name: (typeof CAPTURE_SETTINGS)[number], value: unknown): unknown => {
  if (name !== 'output' || !value || typeof value !== 'object') return value ?? null;
  const output = value as { formats?: OutputFormatName[]; presets?: PresetEntry[] };
  const skip = [...RENDER_ONLY_OUTPUT, 'formats', 'presets'] as readonly string[];
  const rest = Object.fromEntries(Object.entries(value).filter(([k]) => !skip.includes(k)));
  if (output.formats || output.presets) {
    const layouts = new Set(outputFormats(output, DEFAULT_FORMATS));
    rest.formats = FORMAT_NAMES.filter((f) => layouts.has(f));
  }
  return Object.keys(rest).length ? rest : null;
};

const sha = (data: string | Buffer): string => crypto.createHash('sha256').update(data).digest('hex');

/** A step's args less those equal to its action's defaults (dsl/actions.ts actionDefaults); args of a name that is no action, as they are. */
const withoutDefaults = (action: string, args: Record<string, unknown>): Record<string, unknown> => {
  if (!Object.hasOwn(ACTIONS, action)) return args;
  const defaults = actionDefaults(action as ActionName);
  return Object.fromEntries(Object.entries(args).filter(([k, v]) => !(k in defaults) || JSON.stringify(defaults[k]) !== JSON.stringify(v)));
};

/** Every string under a key named `image` in the steps' args (the pictures a take looks for), sorted, unique. */
export const imagesOf = (plan: Plan): string[] => {
  const out = new Set<string>();
  const walk = (v: unknown, key: string | null): void => {
    if (typeof v === 'string') {
      if (key === 'image') out.add(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  for (const s of plan.steps) walk(s.args, null);
  return [...out].sort();
};

/**
 * The capture key of `plan` (project paths relative to `rootDir`). A picture that cannot be read
 * is hashed as missing: the capture then fails and says so itself.
 */
export const captureKey = (plan: Plan, rootDir: string): string => {
  const p = redactPlan(plan);
  const settings = Object.fromEntries(CAPTURE_SETTINGS.map((k) => [k, captureSetting(k, (p.settings as Record<string, unknown>)[k])]));
  const images = Object.fromEntries(
    imagesOf(p).map((img) => {
      try {
        return [img, sha(fs.readFileSync(path.resolve(rootDir, img)))];
      } catch {
        return [img, 'missing'];
      }
    }),
  );
  // A replayed session is part of the take: a newly recorded sessions/NAME.cast re-captures.
  const sessions = Object.fromEntries(
    p.steps
      .filter((s) => s.action === 'replay_session' || s.action === 'session')
      .map((s) => {
        const script = s.stack[0]?.use.file ?? s.source.file;
        const rel = path.posix.join(path.posix.dirname(script), SESSIONS_DIR, `${String(s.args.name)}${SESSION_EXT}`);
        return [rel, fileKey(path.resolve(rootDir, rel))];
      }),
  );
  // Positions are left out: a comment or blank line above a step moves it, not what it does.
  // The kept capture's step events are pointed at the new lines instead (restyle.ts).
  // Defaults are left out too: `wpm: 70` written or not is the same take (and keys made before
  // the defaults moved into the schema stay valid).
  const steps = p.steps.map((s) => ({ id: s.id, action: s.action, args: withoutDefaults(s.action, s.args), via: s.stack.map((f) => f.primitive) }));
  const marks = p.marks.map((m) => ({ id: m.id, kind: m.kind, args: withoutDefaults(m.kind, m.args), from: m.from, to: m.to }));
  return sha(JSON.stringify({ v: 2, entry: p.entry, steps, marks, settings, images, ...(Object.keys(sessions).length ? { sessions } : {}) }));
};

/** SHA-256 of a file's bytes, or "missing". */
const fileKey = (file: string): string => {
  try {
    return sha(fs.readFileSync(file));
  } catch {
    return 'missing';
  }
};

/** capture.json's key without the steps' script lines (a comment that moves them changes no picture) and without its presets. */
const captureJsonKey = (file: string): string => {
  try {
    const log = JSON.parse(fs.readFileSync(file, 'utf8')) as { events?: Array<Record<string, unknown>>; presets?: unknown };
    // The presets it names (output.presets as written) make the preset files, not the picture: each preset file has its own key.
    delete log.presets;
    if (Array.isArray(log.events)) log.events = log.events.map((e) => (e && e.type === 'step' ? { ...e, source: undefined } : e));
    return sha(JSON.stringify(log));
  } catch {
    return fileKey(file);
  }
};

/** The files directly in `dir` (sorted), each with its key; {} when there is no such folder. */
const folderKeys = (dir: string): Record<string, string> => {
  try {
    return Object.fromEntries(
      fs
        .readdirSync(dir)
        .sort()
        .map((f) => [f, fileKey(path.join(dir, f))]),
    );
  } catch {
    return {};
  }
};

/** What renderKey reads of the music bed: its file (absolute), volume and duck (src/render/narration-audio.ts Music). */
export type MusicKeyed = { file: string; volume?: number; duck?: boolean | number };

/** The music part of a render key: the file's bytes, its volume and duck ("none" without music). */
const musicKey = (music: MusicKeyed | string | null | undefined): unknown => {
  if (!music) return 'none';
  const m = typeof music === 'string' ? { file: music } : music;
  return { file: fileKey(m.file), volume: m.volume ?? null, duck: m.duck ?? null };
};

/**
 * The render key of one video: the capture dir as render reads it (capture.json, narration.json,
 * the recording's size, the avatar and background pictures copied in), the format, the renderer,
 * screenplay's version and the music bed (its file's bytes, volume and duck).
 */
export const renderKey = (
  captureDir: string,
  what: { format: string; renderer: string; version: string; scale?: number; music?: MusicKeyed | string | null },
): string => sha(JSON.stringify({ picture: pictureKey(captureDir, what), music: musicKey(what.music) }));

/** renderKey less the music: what the picture is made from (equal keys, equal pictures). */
export const pictureKey = (captureDir: string, what: { format: string; renderer: string; version: string; scale?: number }): string => {
  const recording = path.join(captureDir, RECORDING);
  return sha(
    JSON.stringify({
      v: 1,
      capture: captureJsonKey(path.join(captureDir, CAPTURE_JSON)),
      narration: fileKey(path.join(captureDir, NARRATION_DIR, NARRATION_JSON)),
      recording: fs.existsSync(recording) ? fs.statSync(recording).size : 0,
      avatar: folderKeys(path.join(captureDir, AVATAR_DIR)),
      background: folderKeys(path.join(captureDir, BACKGROUND_DIR)),
      format: what.format,
      renderer: what.renderer,
      version: what.version,
      scale: what.scale ?? 1,
    }),
  );
};
