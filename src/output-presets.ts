/**
 * Platform presets (`output.presets`): for each platform, the layout (output format) it uses, the
 * container, the file it is written to, its limits (duration, bytes), the scale and frame rate,
 * the platform UI's safe zone and whether chapters are written. Pure data and pure functions: no
 * node: imports, no Remotion; the DSL, make, render and review read it. docs/presets.md is the
 * user's page.
 *
 * Safe zones are px insets of the preset's composition frame (1080x1920 for the 9:16 ones), from
 * the platforms' own guidance as published by third parties (none of them publishes numbers in
 * its API); see SAFE_ZONE_SOURCES. They are conservative: the UI varies by phone and app version.
 */
import { z } from 'zod';
import { didYouMean } from './dsl/did-you-mean';
import { OUTPUT_FORMATS, type OutputFormatName } from './formats';
import { formatFileName } from './capture-log/capture-dir-files';

/** The presets a script may name, in the order docs and errors list them. */
export const PRESET_NAMES = ['tiktok', 'shorts', 'reels', 'x', 'linkedin', 'youtube', 'github-gif', 'web'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** How a preset's file is encoded (src/render/containers.ts): H.264 + AAC, VP9 + Opus, or a GIF. */
export type PresetContainer = 'mp4' | 'webm' | 'gif';

/** Px insets of the composition frame that a platform's UI covers (top, right, bottom, left). */
export type Insets = { top: number; right: number; bottom: number; left: number };

/**
 * What a preset does with a video longer than its limit (fitDuration):
 * `speed-or-trim`: up to MAX_SPEEDUP faster when that fits, else cut at the limit with a fade.
 */
export type TooLong = 'speed-or-trim';

/** One preset, resolved (its defaults with the script's overrides applied). */
export type OutputPreset = {
  name: PresetName;
  /** The layout it is drawn in: presets of one format share one render. */
  format: OutputFormatName;
  container: PresetContainer;
  /** The file written in the out folder (`tiktok.mp4`, `github.gif`). */
  file: string;
  /** The longest the platform takes (ms); null: no limit. */
  maxDurationMs: number | null;
  /** The largest file the platform takes (bytes); null: no limit screenplay needs to watch. */
  maxBytes: number | null;
  /** Output width (px, even); null: the render's own (the composition's size at --scale). Never scales up. */
  width: number | null;
  /** Output frame rate; null: the render's own. Never raised. */
  fps: number | null;
  /** GIF: how many times it plays again (0: forever); null for video containers. */
  loop: number | null;
  /** Where the platform's UI covers the frame (px of the composition frame, at full size); null: nothing. */
  safeZone: Insets | null;
  /** Chapters written beside it (`<file base>.chapters.txt`, YouTube's description lines) when the script has chapter marks. */
  chapters: boolean;
  tooLong: TooLong;
};

/** A video at most this much faster fits a preset's limit by speeding up; longer ones are cut (fitDuration). */
export const MAX_SPEEDUP = 1.15;
/** The fade at a cut made to fit a preset's limit (ms), picture and sound. */
export const TRIM_FADE_MS = 500;

const MB = 1024 * 1024;
const MIN = 60_000;

/**
 * Where each safe zone's numbers come from (px of 1080x1920). All are the platforms' guidance as
 * reported by third-party guides; they differ by a few tens of px between guides and app versions.
 */
export const SAFE_ZONE_SOURCES: Record<'tiktok' | 'shorts' | 'reels', string> = {
  tiktok:
    'TikTok: top 150 (tabs), right 140 (the like/comment/share rail at x 940–1080), bottom 440 (caption, creator, sound), left 60 (phones crop the sides; TikTok Ads help "avoid being slightly cropped on the sides"): TikTok Ads Manager safe-zone guidance as reported by adfuseai.com and the claude-ads TikTok spec (2026)',
  shorts:
    'YouTube Shorts: bottom 480 (title, channel, subscribe: the lower 25 %), right 140 (like/dislike/comment/share column), top 140 (search and camera icons), left 60: youraithumbnailgenerator.com and webbannerexperts.com Shorts guides (2026)',
  reels:
    "Instagram Reels: top 14 % (269), bottom 35 % (672), sides 6 % (65): Meta Business Help Center's Reels ad safe zone, as reported by houseofmarketers.com and imagefactory.co.kr (2026)",
};

/**
 * The presets at their defaults. Durations and sizes are the platforms' upload limits (2026):
 * TikTok 10 min; Shorts 3 min; Reels 3 min; X 2:20 (140 s) for accounts without Premium;
 * LinkedIn 10 min (5 GB); YouTube none screenplay needs to mind; GitHub 10 MB per image in
 * issues, pull requests and READMEs, kept to 15 s so the loop reads as a glance. `web` is the
 * WebM (VP9 + Opus) a docs page or a landing page plays in a <video> tag, 1280 px wide.
 */
export const OUTPUT_PRESETS: Record<PresetName, OutputPreset> = {
  tiktok: {
    name: 'tiktok',
    format: 'tiktok',
    container: 'mp4',
    file: 'tiktok.mp4',
    maxDurationMs: 10 * MIN,
    maxBytes: 4096 * MB,
    width: null,
    fps: null,
    loop: null,
    safeZone: { top: 150, right: 140, bottom: 440, left: 60 },
    chapters: false,
    tooLong: 'speed-or-trim',
  },
  shorts: {
    name: 'shorts',
    format: 'tiktok',
    container: 'mp4',
    file: 'shorts.mp4',
    maxDurationMs: 3 * MIN,
    maxBytes: null,
    width: null,
    fps: null,
    loop: null,
    safeZone: { top: 140, right: 140, bottom: 480, left: 60 },
    chapters: false,
    tooLong: 'speed-or-trim',
  },
  reels: {
    name: 'reels',
    format: 'tiktok',
    container: 'mp4',
    file: 'reels.mp4',
    maxDurationMs: 3 * MIN,
    maxBytes: 4096 * MB,
    width: null,
    fps: null,
    loop: null,
    safeZone: { top: 269, right: 65, bottom: 672, left: 65 },
    chapters: false,
    tooLong: 'speed-or-trim',
  },
  x: {
    name: 'x',
    format: 'landscape',
    container: 'mp4',
    file: 'x.mp4',
    maxDurationMs: 140_000,
    maxBytes: 512 * MB,
    width: null,
    fps: null,
    loop: null,
    safeZone: null,
    chapters: false,
    tooLong: 'speed-or-trim',
  },
  linkedin: {
    name: 'linkedin',
    // 4:5 takes more of a phone's feed than 16:9 and still shows the screen wide (docs/presets.md).
    format: 'portrait',
    container: 'mp4',
    file: 'linkedin.mp4',
    maxDurationMs: 10 * MIN,
    maxBytes: 5120 * MB,
    width: null,
    fps: null,
    loop: null,
    safeZone: null,
    chapters: false,
    tooLong: 'speed-or-trim',
  },
  youtube: {
    name: 'youtube',
    format: 'landscape',
    container: 'mp4',
    file: 'youtube.mp4',
    maxDurationMs: null,
    maxBytes: null,
    width: null,
    fps: null,
    loop: null,
    safeZone: null,
    chapters: true,
    tooLong: 'speed-or-trim',
  },
  'github-gif': {
    name: 'github-gif',
    format: 'landscape',
    container: 'gif',
    file: 'github.gif',
    maxDurationMs: 15_000,
    maxBytes: 10 * MB,
    width: 800,
    fps: 15,
    loop: 0,
    safeZone: null,
    chapters: false,
    tooLong: 'speed-or-trim',
  },
  web: {
    name: 'web',
    format: 'landscape',
    container: 'webm',
    file: 'web.webm',
    maxDurationMs: null,
    maxBytes: null,
    width: 1280,
    fps: null,
    loop: null,
    safeZone: null,
    chapters: false,
    tooLong: 'speed-or-trim',
  },
};

/**
 * The insets every preset drawn in `format` keeps clear, together (each side's largest): what a
 * composition keeps its captions inside, since presets of one layout share one render. Zero
 * insets for a format no preset with a safe zone uses.
 */
export const strictestSafeZone = (format: OutputFormatName): Insets =>
  PRESET_NAMES.map((n) => OUTPUT_PRESETS[n])
    .filter((p) => p.format === format && p.safeZone)
    .reduce<Insets>(
      (a, p) => ({
        top: Math.max(a.top, p.safeZone!.top),
        right: Math.max(a.right, p.safeZone!.right),
        bottom: Math.max(a.bottom, p.safeZone!.bottom),
        left: Math.max(a.left, p.safeZone!.left),
      }),
      { top: 0, right: 0, bottom: 0, left: 0 },
    );

/** What a script may change of a preset (`presets: [{ github-gif: { maxSeconds: 20, width: 640 } }]`). */
export const presetOverridesSchema = z
  .object({
    maxSeconds: z
      .number({ error: (iss) => (iss.code === 'invalid_type' ? `must be a number of seconds, but got ${got(iss.input)}` : undefined) })
      .min(1, { error: (iss) => `must be at least 1 (second), but got ${got(iss.input)}` })
      .max(3600, { error: (iss) => `must be at most 3600 (seconds), but got ${got(iss.input)}` })
      .describe('The longest the video may be, in seconds: longer is sped up (at most 1.15x) or cut with a fade.')
      .optional(),
    maxMB: z
      .number({ error: (iss) => (iss.code === 'invalid_type' ? `must be a number of megabytes, but got ${got(iss.input)}` : undefined) })
      .positive({ error: (iss) => `must be more than 0 (MB), but got ${got(iss.input)}` })
      .max(5120, { error: (iss) => `must be at most 5120 (MB), but got ${got(iss.input)}` })
      .describe('The largest the file may be, in MB (1 MB = 1024 KiB): a larger one is encoded again smaller.')
      .optional(),
    width: z
      .number({ error: (iss) => (iss.code === 'invalid_type' ? `must be a whole, even number of px, but got ${got(iss.input)}` : undefined) })
      .int()
      .min(160, { error: (iss) => `must be at least 160 (px), but got ${got(iss.input)}` })
      .max(3840, { error: (iss) => `must be at most 3840 (px), but got ${got(iss.input)}` })
      .multipleOf(2, { error: (iss) => `must be even (the encoders need even sides), but got ${got(iss.input)}` })
      .describe('The output width in px (even); the height follows the aspect. Never larger than the render.')
      .optional(),
    fps: z
      .number({ error: (iss) => (iss.code === 'invalid_type' ? `must be a whole number of frames per second, but got ${got(iss.input)}` : undefined) })
      .int()
      .min(1, { error: (iss) => `must be at least 1 (fps), but got ${got(iss.input)}` })
      .max(60, { error: (iss) => `must be at most 60 (fps), but got ${got(iss.input)}` })
      .describe("Frames per second of the file; never more than the render's.")
      .optional(),
    loop: z
      .number({ error: (iss) => (iss.code === 'invalid_type' ? `must be a whole number, but got ${got(iss.input)}` : undefined) })
      .int()
      .min(0, { error: (iss) => `must be at least 0, but got ${got(iss.input)}` })
      .max(65535, { error: (iss) => `must be at most 65535, but got ${got(iss.input)}` })
      .describe('GIF only: how many times it plays again (0: forever).')
      .optional(),
  })
  .strict();
export type PresetOverrides = z.infer<typeof presetOverridesSchema>;

const got = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : (JSON.stringify(v) ?? 'nothing'));

const presetNameSchema = z.enum(PRESET_NAMES);

/**
 * One entry of `output.presets`: a preset's name, or a one-key map from a name to its overrides.
 * Checked further by presetsProblems (one key, no preset twice, loop only on a GIF).
 */
export const presetEntrySchema = z.union(
  [
    presetNameSchema,
    z
      .object(
        Object.fromEntries(PRESET_NAMES.map((n) => [n, presetOverridesSchema.optional()])) as Record<PresetName, z.ZodOptional<typeof presetOverridesSchema>>,
      )
      .strict(),
  ],
  { error: (iss) => entryError(iss.input) },
);

/**
 * The union's one message (zod reports a wrong type inside the map as the whole union failing):
 * for a map from a preset to overrides, its first problem, named by its path; else what an entry is.
 */
const entryError = (input: unknown): string => {
  const expected = `must be a preset (${PRESET_NAMES.join(', ')}) or a map from one to its overrides ({ github-gif: { maxSeconds: 20 } })`;
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    for (const [key, over] of Object.entries(input)) {
      if (!(PRESET_NAMES as readonly string[]).includes(key)) continue;
      if (over === null || typeof over !== 'object' || Array.isArray(over))
        return `${key}: must be a map of overrides (maxSeconds, maxMB, width, fps, loop), but got ${got(over)}`;
      const issue = presetOverridesSchema.safeParse(over).error?.issues[0];
      if (issue) {
        const value = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], over);
        const tail = /but got/.test(issue.message) ? '' : `, but got ${got(value)}`;
        return `${[key, ...issue.path.map(String)].join('.')}: ${issue.message}${tail}`;
      }
    }
  }
  const near = typeof input === 'string' ? didYouMean(input, PRESET_NAMES) : '';
  return `${expected}, but got ${got(input)}${near}`;
};
export type PresetEntry = z.infer<typeof presetEntrySchema>;

/** A problem with the list as a whole: the index of the entry, the path inside it, what is wrong. */
export type PresetProblem = { index: number; path: Array<string | number>; message: string };

/** What zod alone cannot say about a parsed `output.presets` list: one key per map, no preset twice, loop only on a GIF. */
export const presetsProblems = (entries: readonly PresetEntry[]): PresetProblem[] => {
  const problems: PresetProblem[] = [];
  const seen = new Map<PresetName, number>();
  entries.forEach((entry, index) => {
    const keys = typeof entry === 'string' ? [entry] : (Object.keys(entry) as PresetName[]);
    if (keys.length !== 1) {
      problems.push({
        index,
        path: [],
        message: `must name one preset per entry, but got ${keys.length === 0 ? 'none' : keys.join(' and ')} (write each as its own entry)`,
      });
      return;
    }
    const name = keys[0]!;
    const before = seen.get(name);
    if (before !== undefined)
      problems.push({ index, path: [], message: `names the preset "${name}" again (already output.presets[${before}]): each preset makes one file` });
    else seen.set(name, index);
    const over = typeof entry === 'string' ? undefined : entry[name];
    if (over?.loop !== undefined && OUTPUT_PRESETS[name].container !== 'gif')
      problems.push({ index, path: [name, 'loop'], message: `is for a GIF only, but "${name}" writes ${OUTPUT_PRESETS[name].container}` });
  });
  return problems;
};

/**
 * A preset whose file is also a named format's (`presets: [tiktok]` with `formats: [tiktok]`: both
 * tiktok.mp4): the index of the preset entry and the message. Checked with the whole output block.
 */
export const presetFileClashes = (output: { formats?: readonly OutputFormatName[]; presets?: readonly PresetEntry[] }): PresetProblem[] =>
  resolvePresets(output.presets).flatMap((p, index) =>
    (output.formats ?? []).some((f) => formatFileName(f) === p.file)
      ? [
          {
            index,
            path: [],
            message: `writes ${p.file}, as output.formats' ${p.format} does: name the preset alone (its file is the ${p.format} video fitted to ${p.name})`,
          },
        ]
      : [],
  );

/** A preset with a script's overrides applied. */
export const resolvePreset = (name: PresetName, over: PresetOverrides = {}): OutputPreset => {
  const base = OUTPUT_PRESETS[name];
  return {
    ...base,
    ...(over.maxSeconds !== undefined ? { maxDurationMs: Math.round(over.maxSeconds * 1000) } : {}),
    ...(over.maxMB !== undefined ? { maxBytes: Math.round(over.maxMB * MB) } : {}),
    ...(over.width !== undefined ? { width: over.width } : {}),
    ...(over.fps !== undefined ? { fps: over.fps } : {}),
    ...(over.loop !== undefined ? { loop: over.loop } : {}),
  };
};

/** A script's `output.presets` (already valid: presetsProblems found nothing), resolved, in its order. */
export const resolvePresets = (entries: readonly PresetEntry[] | undefined): OutputPreset[] =>
  (entries ?? []).map((entry) => {
    if (typeof entry === 'string') return resolvePreset(entry);
    const [name, over] = Object.entries(entry)[0] as [PresetName, PresetOverrides | undefined];
    return resolvePreset(name, over ?? {});
  });

/** The formats a script names for their own videos (`<format>.mp4`): output.formats, else DEFAULT unless it names presets. */
export const namedFormats = (
  output: { formats?: readonly OutputFormatName[]; presets?: readonly PresetEntry[] } | undefined,
  fallback: readonly OutputFormatName[],
): OutputFormatName[] => [...(output?.formats ?? (output?.presets?.length ? [] : fallback))];

/**
 * The layouts a script's output needs: its formats (DEFAULT when it names neither formats nor
 * presets), then each preset's, each once. What the take is placed for and what is rendered.
 */
export const outputFormats = (
  output: { formats?: readonly OutputFormatName[]; presets?: readonly PresetEntry[] } | undefined,
  fallback: readonly OutputFormatName[],
): OutputFormatName[] => {
  return [...new Set([...namedFormats(output, fallback), ...resolvePresets(output?.presets).map((p) => p.format)])];
};

/**
 * How a video of `durationMs` is made to fit `maxDurationMs`: as it is, sped up by `factor` (and
 * held to `atMs`, the limit: the encoders' last frame and audio priming may add a few ms), or cut
 * at `atMs` with a fade.
 */
export type DurationFit = { kind: 'none' } | { kind: 'speed'; factor: number; atMs: number } | { kind: 'trim'; atMs: number; fadeMs: number };

/**
 * The rule (documented in docs/presets.md): a video within the limit stays as it is; one at
 * most MAX_SPEEDUP times too long is sped up just enough (picture and sound, pitch kept); a
 * longer one is cut at the limit, its last TRIM_FADE_MS fading to black and silence.
 */
export const fitDuration = (durationMs: number, maxDurationMs: number | null): DurationFit => {
  if (maxDurationMs === null || durationMs <= maxDurationMs) return { kind: 'none' };
  // Less than a frame of 30 fps over: the last frame goes, nothing is sped up or faded.
  if (durationMs - maxDurationMs < 34) return { kind: 'trim', atMs: maxDurationMs, fadeMs: 0 };
  const factor = durationMs / maxDurationMs;
  if (factor <= MAX_SPEEDUP) return { kind: 'speed', factor: Math.ceil(factor * 1000) / 1000, atMs: maxDurationMs };
  return { kind: 'trim', atMs: maxDurationMs, fadeMs: Math.min(TRIM_FADE_MS, maxDurationMs / 2) };
};

/** "2:20", "15 s", "10:00": a duration for a message. */
export const clock = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** What fitDuration's answer does, in words ("sped up 1.08x to 2:20", "cut at 0:15 with a 0.5 s fade"). */
export const describeFit = (fit: DurationFit, maxDurationMs: number | null): string =>
  fit.kind === 'none'
    ? 'kept as it is'
    : fit.kind === 'speed'
      ? `sped up ${fit.factor.toFixed(2)}x to fit ${clock(maxDurationMs ?? 0)}`
      : fit.fadeMs === 0
        ? `its last frame cut to fit ${clock(fit.atMs)}`
        : `cut at ${clock(fit.atMs)} with a ${(fit.fadeMs / 1000).toFixed(1)} s fade (more than ${MAX_SPEEDUP}x too long to speed up)`;

/** The output size of a preset's file (px, even sides) for a render of `rendered` size: its width, never larger. */
export const presetSize = (preset: Pick<OutputPreset, 'width'>, rendered: { width: number; height: number }): { width: number; height: number } => {
  if (preset.width === null || preset.width >= rendered.width) return rendered;
  const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));
  return { width: even(preset.width), height: even((preset.width * rendered.height) / rendered.width) };
};

/**
 * A preset's safe zone at an output size: the insets (px of the composition frame at full size)
 * scaled to `size` (a render at --scale). Null without a safe zone.
 */
export const safeRect = (preset: Pick<OutputPreset, 'safeZone' | 'format'>, size: { width: number; height: number }) => {
  if (!preset.safeZone) return null;
  const full = OUTPUT_FORMATS[preset.format].size;
  const kx = size.width / full.width;
  const ky = size.height / full.height;
  const z = preset.safeZone;
  return { x: z.left * kx, y: z.top * ky, width: size.width - (z.left + z.right) * kx, height: size.height - (z.top + z.bottom) * ky };
};

/**
 * A GIF's size measured on the bundled sample (docs/presets.md): 2.7 MB for 15 s of the Landscape
 * render at 800 px wide and 15 fps (palettegen per video, Bayer dithering), about 180 KB a
 * second. The estimate is half as much again (busier screens than the sample's terminal).
 */
export const GIF_BYTES_PER_SECOND_800_15 = 180_000 * 1.5;

/**
 * A preset's file size, estimated (bytes) for `durationMs` of video drawn at `size` (the
 * composition's): GIFs only (their size is what a platform refuses); null for video containers,
 * whose limits are far above what a demo reaches.
 */
export const estimateBytes = (
  preset: Pick<OutputPreset, 'container' | 'width' | 'fps'>,
  durationMs: number,
  size: { width: number; height: number },
): number | null => {
  if (preset.container !== 'gif') return null;
  const out = presetSize(preset, size);
  // Bytes grow with the pixels drawn: width x height, and frames per second.
  const pixels = (out.width * out.height) / (800 * 450);
  return Math.round(GIF_BYTES_PER_SECOND_800_15 * pixels * ((preset.fps ?? 30) / 15) * (durationMs / 1000));
};

/** "10 MB", "2.7 MB", "512 KB" (1 MB = 1024 KiB). */
export const megabytes = (bytes: number): string =>
  bytes >= MB ? `${(bytes / MB).toFixed(bytes >= 10 * MB ? 0 : 1).replace(/\.0$/, '')} MB` : `${Math.round(bytes / 1024)} KB`;

/**
 * What a preset will do to a video of `durationMs` (estimated or measured), in words (none when
 * it holds the video as it is): the duration fit ("longer than x's 2:20: it will be …"), and for
 * a GIF whether its size will need shrinking ("the GIF about 14 MB …"). For the warnings at
 * validate time.
 */
export const presetFitNotes = (preset: OutputPreset, durationMs: number): string[] => {
  const notes: string[] = [];
  const fit = fitDuration(durationMs, preset.maxDurationMs);
  if (fit.kind !== 'none') notes.push(`longer than ${preset.name}'s ${clock(preset.maxDurationMs ?? 0)}: it will be ${describeFit(fit, preset.maxDurationMs)}`);
  const keptMs = fit.kind === 'trim' ? fit.atMs : Math.min(durationMs, preset.maxDurationMs ?? durationMs);
  const bytes = estimateBytes(preset, keptMs, OUTPUT_FORMATS[preset.format].size);
  if (bytes !== null && preset.maxBytes !== null && bytes > preset.maxBytes) {
    const out = presetSize(preset, OUTPUT_FORMATS[preset.format].size);
    notes.push(
      `the GIF about ${megabytes(bytes)} at ${out.width} px wide and ${preset.fps ?? 30} fps for ${clock(keptMs)}, over its ${megabytes(preset.maxBytes)}: it will be encoded again smaller (fewer px, then fewer frames a second) until it fits`,
    );
  }
  return notes;
};
