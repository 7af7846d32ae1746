/** `screenplay make FILE --out DIR`: the whole loop in one command, with one progress display. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from '../dsl';
import { invalidInput } from '../errors';
import { RECORDERS, type RecorderName } from '../capture/recorder';
import { shown } from '../util/shown-path';
import { make, type MakeProgress, type MakeResult, type MakeStage } from '../make/make';
import type { VoiceSettings } from '../narration';
import { scrub } from '../secrets';
import { captureVoice, compileFile, obsConnection, printDiagnostics, stageChoice, type CaptureSettings } from './script-commands';
import { findingsTable } from './review-command';
import { parseNumber } from './render-command';
import { checkMusicFile } from '../render/narration-audio';
import { printErr, printOut } from './print';
import { fmtEta } from './progress';
import { megabytes } from '../output-presets';

const STAGES: MakeStage[] = ['narrate', 'capture', 'render', 'review'];

const clock = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * One status line for the whole make, rewritten in place on a terminal: the stage (n/4), what it
 * is doing (step n/N, frames, fps, ETA) and the time since make started. Off a terminal (a log,
 * an MCP client reading stderr): one line per step, per stage change and every 10% of a render.
 * Warnings are lines of their own.
 */
export const makeProgressDisplay = (stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now) => {
  const t0 = now();
  let lastText = '';
  let lastShown = 0;
  let lastPercent = -1;
  return {
    update: (p: MakeProgress) => {
      const tag = `make [${STAGES.indexOf(p.stage) + 1}/${STAGES.length} ${p.stage}]`;
      if (p.warning) {
        stream.write(`${stream.isTTY ? '\r\x1b[2K' : ''}${scrub(`${tag} warning: ${p.line.replace(/^(.*?)warning: /, '$1')}`)}\n`);
        return;
      }
      let text = `${tag} ${p.line}`;
      let percent = -1;
      if (p.frames && p.frames.total > 0) {
        const f = p.frames;
        percent = Math.floor((100 * f.done) / f.total);
        text += `: ${f.done}/${f.total} frames (${percent}%), ${f.fps.toFixed(1)} fps, eta ${fmtEta(f.fps > 0 ? (f.total - f.done) / f.fps : 0)}`;
      }
      text += `  ${clock(now() - t0)}`;
      if (stream.isTTY) {
        if (now() - lastShown < 100 && percent >= 0 && percent < 100) return;
        lastShown = now();
        const width = stream.columns ?? 120;
        stream.write(`\r\x1b[2K${scrub(text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text)}`);
        return;
      }
      if (percent >= 0) {
        if (Math.floor(percent / 10) === Math.floor(lastPercent / 10) && percent !== 100) return;
        lastPercent = percent;
      } else if (text.replace(/ {2}\d+:\d\d$/, '') === lastText) return;
      lastText = text.replace(/ {2}\d+:\d\d$/, '');
      stream.write(`${scrub(text)}\n`);
    },
    /** Clears the status line (on a terminal) before the summary is printed. */
    end: () => {
      if (stream.isTTY) stream.write('\r\x1b[2K');
    },
  };
};

const rel = shown;

/** The summary make prints: where every file went. */
export const formatMakeSummary = (r: MakeResult, ms: number): string => {
  const lines = [`made ${rel(r.outDir)} in ${clock(ms)}`];
  const voice = r.narration.synthesized + r.narration.cached ? `; narration: ${r.narration.synthesized} synthesised, ${r.narration.cached} cached` : '';
  lines.push(
    `  capture   ${rel(r.capture.dir)}/ (${(r.capture.durationMs / 1000).toFixed(1)} s, ${r.capture.reused ? `re-used${r.capture.restyled ? ', restyled' : ''}` : 'recorded'}${voice})`,
  );
  for (const v of r.videos) {
    const rv = v.review;
    const c = rv?.report.counts;
    const review =
      rv && c ? `; review: ${c.error} error(s), ${c.warning} warning(s), ${c.info} info → ${rel(rv.json)}${rv.sheet ? `, ${rel(rv.sheet)}` : ''}` : '';
    lines.push(`  ${v.format.padEnd(9)} ${rel(v.file)} (${v.reused ? 're-used' : 'rendered'}${review})`);
  }
  for (const p of r.presets ?? []) {
    const w = p.written;
    const what = w
      ? `${w.width}x${w.height}, ${clock(w.durationMs)}, ${megabytes(w.bytes)}${w.fit.kind === 'none' ? '' : `, ${w.fit.kind === 'speed' ? `sped up ${w.fit.factor.toFixed(2)}x` : `cut at ${clock(w.fit.atMs)}`}`}`
      : 're-used';
    lines.push(`  ${p.preset.padEnd(9)} ${rel(p.file)} (${what})`);
  }
  if (r.review) lines.push(`  review    ${rel(r.review)}`);
  // What to fix: every error and warning, with its step, script line and fix (info stays in the files).
  const tables = r.videos
    .filter((v) => v.review)
    .map((v) => ({ format: v.format, findings: (v.review?.report.findings ?? []).filter((f) => f.severity !== 'info') }))
    .filter((t) => t.findings.length)
    .map((t) => findingsTable(t.format, t.findings).trimEnd());
  if (tables.length) lines.push('', 'to fix (errors and warnings; review.json has every finding):', ...tables);
  return lines.join('\n');
};

export const makeCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      recapture: { type: 'boolean' },
      rerender: { type: 'boolean' },
      display: { type: 'string' },
      'on-my-desktop': { type: 'boolean' },
      recorder: { type: 'string' },
      renderer: { type: 'string' },
      scale: { type: 'string' },
      countdown: { type: 'string' },
      'no-review': { type: 'boolean' },
      music: { type: 'string' },
      'music-volume': { type: 'string' },
    },
  });
  const [file, ...extra] = positionals;
  if (!file) throw invalidInput('make: expected a script file, but got none');
  if (extra.length) throw invalidInput(`make: expected one script file, but got also ${extra.join(' ')}`);
  if (!values.out) throw invalidInput('make: --out DIR is required');
  if (values.recorder && !(RECORDERS as readonly string[]).includes(values.recorder))
    throw invalidInput(`--recorder: expected ${RECORDERS.join(' or ')}, but got "${values.recorder}"`);
  if (values.renderer !== undefined && values.renderer !== 'composite' && values.renderer !== 'browser')
    throw invalidInput(`--renderer: expected composite or browser, but got "${values.renderer}"`);
  let scale: number | undefined;
  if (values.scale !== undefined) {
    scale = /^(\d+\.?\d*|\.\d+)$/.test(values.scale) ? Number(values.scale) : NaN;
    if (!(scale > 0 && scale <= 1)) throw invalidInput(`--scale: expected a number above 0 and at most 1 (0.5 renders half size), but got "${values.scale}"`);
  }
  const countdown = parseDuration(values.countdown ?? '0s');
  if (!countdown.ok) throw invalidInput(`--countdown ${countdown.message}`);
  const stage = stageChoice(values, 'make');
  // --music and --music-volume win over the script's output.music.
  const musicVolume = parseNumber('music-volume', values['music-volume'], false);
  if (musicVolume !== undefined && musicVolume > 1) throw invalidInput(`--music-volume: expected a number from 0 to 1, but got ${musicVolume}`);
  if (values.music) checkMusicFile(path.resolve(values.music), '--music');
  const compiled = await compileFile(file);
  printDiagnostics(compiled);
  const plan = compiled.result.plan;
  if (!plan) return 1;
  if (musicVolume !== undefined && !values.music && !(plan.settings.output as { music?: unknown } | undefined)?.music)
    throw invalidInput('--music-volume: there is no music to set the volume of (give --music FILE, or output.music in the script)');
  const music = { ...(values.music ? { file: path.resolve(values.music) } : {}), ...(musicVolume !== undefined ? { volume: musicVolume } : {}) };
  const settings = (plan.settings.capture ?? {}) as CaptureSettings;
  const recorder = (values.recorder as RecorderName | undefined) ?? settings.recorder ?? 'ffmpeg';
  const display = makeProgressDisplay();
  const t0 = Date.now();
  let result: MakeResult;
  try {
    result = await make({
      plan,
      rootDir: compiled.loaded.rootDir,
      outDir: path.resolve(values.out),
      stage,
      recapture: values.recapture ?? false,
      rerender: values.rerender ?? false,
      voice: await captureVoice(plan.settings.voice as VoiceSettings | undefined, plan),
      recorder,
      ...(recorder === 'obs' ? { obs: await obsConnection(settings) } : {}),
      fps: settings.fps,
      recordPointer: settings.recordPointer ?? false,
      countdownMs: countdown.ms,
      ...(values.renderer ? { renderer: values.renderer as 'composite' | 'browser' } : {}),
      ...(scale ? { scale } : {}),
      review: !values['no-review'],
      ...(Object.keys(music).length ? { music } : {}),
      onProgress: display.update,
    });
  } finally {
    display.end();
  }
  printOut(`${formatMakeSummary(result, Date.now() - t0)}\n`);
  return 0;
};
