/**
 * The timeline's cost on long takes (issue 21, item 5): for synthetic capture dirs of the sample
 * (bench/synthetic-capture.ts), in this process and without a browser, the time of each pure step a
 * TikTokSplit render runs before any pixel: reading capture.json (JSON + schema), the time map and
 * retimed log, buildTimeline alone (goal ≤ 100 ms on the 10-minute take), the whole metadata
 * pipeline (computeMetadata: timeline, captions, narration, avatar, overlays) and the composite's
 * plan (planComposite over every frame), each the best of a few runs, and the heap each one keeps.
 *
 * Run alone: `tsx bench/timeline-bench.ts [seconds…]` (default 60 600).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCaptureLogText, type CaptureLog } from '../src/capture-log';
import { computeMetadata } from '../src/compositions/shared/metadata';
import { tiktokSplitMetadata } from '../src/compositions/tiktok-split/calculate-metadata';
import { tiktokSplitSchema, TIKTOK_SIZE } from '../src/compositions/tiktok-split/schema';
import { frameModel } from '../src/frame/model';
import { narrationSchema, type Narration } from '../src/narration/schema';
import { planComposite } from '../src/render/composite/plan';
import { buildTimeline } from '../src/timeline/build-timeline';
import { retimeCaptureLog } from '../src/timeline/retime';
import { timeMapFromLog } from '../src/timeline/time-map';
import { describeCapture, syntheticCaptureDir } from './synthetic-capture';

/** One take's timings (ms, best of `runs`) and the heap the results hold (bytes, after a GC when exposed). */
export type TimelineBenchRow = {
  seconds: number;
  frames: number;
  events: number;
  cursorSamples: number;
  clicks: number;
  readMs: number;
  retimeMs: number;
  buildTimelineMs: number;
  metadataMs: number;
  planMs: number;
  /** The plan's sendcmd scripts, characters in all (what ffmpeg reads per render). */
  planScriptChars: number;
  /** Heap growth while holding the metadata and the plan (bytes); null without --expose-gc. */
  heapBytes: number | null;
};

/** The goal for buildTimeline on the 10-minute take (ms). */
export const BUILD_TIMELINE_GOAL_MS = 100;

const best = <T>(runs: number, fn: () => T): { ms: number; value: T } => {
  let ms = Infinity;
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, value: value as T };
};

const gc = (): boolean => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) return false;
  g();
  g();
  return true;
};

/** Times the pure steps on the synthetic take of `seconds` (see the file's docstring). */
export const timelineBench = (seconds: number, runs = 3): TimelineBenchRow => {
  const dir = syntheticCaptureDir(seconds);
  const about = describeCapture(dir);
  const text = fs.readFileSync(path.join(dir, 'capture.json'), 'utf8');
  const read = best(runs, () => readCaptureLogText(text));
  if (!read.value.ok) throw new Error(`${dir}/capture.json: ${read.value.problems[0]?.path} ${read.value.problems[0]?.message}`);
  const log: CaptureLog = read.value.log;
  const narration: Narration = narrationSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'narration', 'narration.json'), 'utf8')));
  const parsed = tiktokSplitSchema.parse({ capture: 'bench' });
  const retimed = best(runs, () => retimeCaptureLog(log, timeMapFromLog(log, parsed.style.edit)));
  const layout = tiktokSplitMetadata.layout(TIKTOK_SIZE, retimed.value, parsed);
  const timeline = best(runs, () =>
    buildTimeline({ capture: retimed.value, fps: retimed.value.fps, viewAspect: layout.viewAspect, stage: layout.stage, style: parsed.style.motion }),
  );
  const hasGc = gc();
  const heap0 = process.memoryUsage().heapUsed;
  const metadata = best(runs, () => computeMetadata(tiktokSplitMetadata, { parsed, log, recordingSrc: 'recording.mp4', narration }));
  const { computed, durationInFrames } = metadata.value;
  const plan = best(runs, () =>
    planComposite({ model: frameModel(computed, parsed.style, TIKTOK_SIZE), frameSize: TIKTOK_SIZE, frameRange: [0, durationInFrames - 1] }),
  );
  gc();
  const heapBytes = hasGc ? process.memoryUsage().heapUsed - heap0 : null;
  const p = plan.value;
  return {
    seconds: about.seconds,
    frames: durationInFrames,
    events: about.events,
    cursorSamples: about.cursor,
    clicks: about.clicks,
    readMs: read.ms,
    retimeMs: retimed.ms,
    buildTimelineMs: timeline.ms,
    metadataMs: metadata.ms,
    planMs: plan.ms,
    planScriptChars:
      p.main.length + p.cursor.length + p.ripples.reduce((n, r) => n + r.length, 0) + (p.avatar ? p.avatar.eyes.length + p.avatar.mouth.length : 0),
    heapBytes,
  };
};

/** The rows as a Markdown table. */
export const timelineTable = (rows: TimelineBenchRow[]): string => {
  const head = [
    'take',
    'frames',
    'events (cursor, clicks)',
    'read capture.json',
    'retime',
    'buildTimeline',
    'metadata (all)',
    'planComposite',
    'plan scripts',
    'heap held',
  ];
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const body = rows.map((r) => [
    `${r.seconds} s`,
    String(r.frames),
    `${r.events} (${r.cursorSamples}, ${r.clicks})`,
    ms(r.readMs),
    ms(r.retimeMs),
    ms(r.buildTimelineMs),
    ms(r.metadataMs),
    ms(r.planMs),
    `${(r.planScriptChars / 1e6).toFixed(1)} MB`,
    r.heapBytes === null ? '-' : `${(r.heapBytes / 2 ** 20).toFixed(0)} MB`,
  ]);
  return markdownTable([head, ...body]);
};

/** A Markdown table of rows of cells (the first row is the header). */
export const markdownTable = (rows: string[][]): string => {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(rows[0] ?? []), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const takes = process.argv.slice(2).length ? process.argv.slice(2).map(Number) : [60, 600];
  const rows = takes.map((s) => timelineBench(s));
  console.log(timelineTable(rows));
  const long = rows.find((r) => r.seconds === 600);
  if (long)
    console.log(
      `buildTimeline on the 10-minute take: ${long.buildTimelineMs.toFixed(1)} ms (goal ≤ ${BUILD_TIMELINE_GOAL_MS} ms: ${long.buildTimelineMs <= BUILD_TIMELINE_GOAL_MS ? 'met' : 'missed'})`,
    );
}
