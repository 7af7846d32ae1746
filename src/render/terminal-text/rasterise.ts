/**
 * Rasterises terminal grids to PNG sprites in headless Chromium: one page, one <canvas>, the
 * glyphs drawn by drawGrid (draw-grid.ts) in the terminal's font (the system's DejaVu Sans Mono,
 * else the @fontsource copy shipped with screenplay), each sprite encoded in the page. Offline:
 * the browser resolves no host but localhost, and the page loads nothing but data: URLs.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { runtimeError } from '../../errors';
import { findBrowser } from '../browser';
import { drawGrid, type GridFonts } from './draw-grid';
import type { TerminalLook } from './look';
import type { GridSnapshot } from './snapshot';

/**
 * One sprite to draw: snapshot `snapshot` (an index into the snapshots given) at `scale` sprite
 * px per screen px, placed so screen point (sx, sy) lands at sprite px (sx * scale + dx,
 * sy * scale + dy); `width` x `height` sprite px (whole numbers, at most 16384 each); written as
 * PNG to `file`. The grid's rectangle is filled with the theme's background, the rest is
 * transparent.
 */
export type RasterJob = { snapshot: number; scale: number; dx: number; dy: number; width: number; height: number; file: string };

export type RasteriseOptions = {
  /** Called after each sprite written (done of total, duplicates counted). */
  onProgress?: (done: number, total: number) => void;
  /** Where to look for the browser's wrapper script (findBrowser); default the working directory. */
  projectRoot?: string;
  /** Pages drawing side by side (each its own renderer process); default min(4, CPUs − 1), at least 1. */
  pages?: number;
};

/** The launch flags: offline (no host resolved but localhost), quiet, no GPU. */
export const RASTER_BROWSER_FLAGS = [
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-dev-shm-usage',
];

/** The largest sprite side (px). */
export const MAX_SPRITE_PX = 16384;
/** Sprites drawn per round trip to a page, and their most pixels together (their PNGs travel back together). */
const BATCH = 8;
const BATCH_PIXELS = 16_000_000;

const FACES = [
  { key: 'regular', weight: 400, style: 'normal', local: ['', ' Book'], file: 'dejavu-mono-latin-400-normal.woff2' },
  { key: 'bold', weight: 700, style: 'normal', local: [' Bold'], file: 'dejavu-mono-latin-700-normal.woff2' },
  { key: 'italic', weight: 400, style: 'italic', local: [' Oblique', ' Italic'], file: 'dejavu-mono-latin-400-italic.woff2' },
  { key: 'boldItalic', weight: 700, style: 'italic', local: [' Bold Oblique', ' Bold Italic'], file: 'dejavu-mono-latin-700-italic.woff2' },
] as const;

/** The @fontsource/dejavu-mono files folder, or null when the package is not installed. */
const fontsourceDir = (): string | null => {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve('@fontsource/dejavu-mono/package.json')), 'files');
  } catch {
    return null;
  }
};

const cssString = (s: string) => `"${s.replace(/["\\\n]/g, (c) => (c === '\n' ? ' ' : `\\${c}`))}"`;

/**
 * The page's @font-face rules (family "screenplay-term", four faces: the system font by local()
 * name first, then the @fontsource copy for DejaVu Sans Mono), and the font-family lists drawGrid uses.
 */
export const terminalFontFaces = (family: string): { css: string; fonts: { regular: string; bold: string; italic: string; boldItalic: string } } => {
  const dir = /^dejavu sans mono$/i.test(family) ? fontsourceDir() : null;
  const rules = FACES.map((f) => {
    const postscript = family.replace(/\s+/g, '');
    const src = f.local.map((suffix) => `local(${cssString(family + suffix)})`);
    src.push(`local(${cssString(postscript + (f.key === 'regular' ? '' : f.key === 'bold' ? '-Bold' : f.key === 'italic' ? '-Oblique' : '-BoldOblique'))})`);
    const file = dir ? path.join(dir, f.file) : null;
    if (file && fs.existsSync(file)) src.push(`url(data:font/woff2;base64,${fs.readFileSync(file).toString('base64')}) format("woff2")`);
    return `@font-face { font-family: "screenplay-term"; font-weight: ${f.weight}; font-style: ${f.style}; src: ${src.join(', ')}; }`;
  });
  const list = `"screenplay-term", ${cssString(family)}, monospace`;
  return { css: rules.join('\n'), fonts: { regular: list, bold: list, italic: list, boldItalic: list } };
};

const fcMatch = (pattern: string): Promise<string | null> =>
  new Promise((resolve) =>
    execFile('fc-match', ['-f', '%{family[0]}', pattern], { timeout: 5000 }, (err, out) => resolve(err ? null : String(out).trim() || null)),
  );

/** fontconfig's pattern syntax escapes these with a backslash. */
const fcEscape = (s: string) => s.replace(/[\\\-:,]/g, (c) => `\\${c}`);

/**
 * Per character (grapheme) of `chars` that is not ASCII, the CSS family list to draw it in when
 * `family` lacks it: the family fontconfig falls back to for `family` with that character, as
 * xterm's Xft does (so an emoji is Symbola's outline where xterm drew that, not a colour one).
 * Characters `family` has, and every character where fc-match is missing, get no entry (the
 * browser's own fallback then).
 */
export const fontconfigFallbacks = async (family: string, chars: Iterable<string>): Promise<Record<string, string>> => {
  const todo = [...new Set(chars)].filter((c) => (c.codePointAt(0) ?? 0) >= 0x80);
  const out: Record<string, string> = {};
  const byCodePoint = new Map<number, Promise<string | null>>();
  const CONCURRENCY = 8;
  for (let i = 0; i < todo.length; i += CONCURRENCY) {
    await Promise.all(
      todo.slice(i, i + CONCURRENCY).map(async (c) => {
        const cp = c.codePointAt(0)!;
        if (!byCodePoint.has(cp)) byCodePoint.set(cp, fcMatch(`${fcEscape(family)}:charset=${cp.toString(16)}`));
        const found = await byCodePoint.get(cp)!;
        if (found && found.toLowerCase() !== family.toLowerCase()) out[c] = `${cssString(found)}, "screenplay-term", monospace`;
      }),
    );
    if (i === 0 && todo.length && Object.keys(out).length === 0 && (await byCodePoint.get(todo[0]!.codePointAt(0)!)) === null) return {}; // no fc-match
  }
  return out;
};

const checkJob = (job: RasterJob, i: number, snapshots: number) => {
  const bad = (what: string) => new Error(`rasteriseTerminal: job ${i} (${job.file}): ${what}`);
  if (!Number.isInteger(job.snapshot) || job.snapshot < 0 || job.snapshot >= snapshots)
    throw bad(`expected a snapshot index 0…${snapshots - 1}, but got ${job.snapshot}`);
  if (!(job.scale > 0) || !Number.isFinite(job.scale)) throw bad(`expected a positive scale, but got ${job.scale}`);
  if (!Number.isFinite(job.dx) || !Number.isFinite(job.dy)) throw bad(`expected finite dx, dy, but got ${job.dx}, ${job.dy}`);
  for (const k of ['width', 'height'] as const)
    if (!Number.isInteger(job[k]) || job[k] < 1 || job[k] > MAX_SPRITE_PX)
      throw bad(`expected ${k} to be a whole number 1…${MAX_SPRITE_PX}, but got ${job[k]}`);
};

/** The page's side: draws the jobs and returns their PNGs as base64. Plain JS once serialised (drawGrid is installed as window.drawGrid). */
type PageBatch = { look: TerminalLook; fonts: GridFonts; jobs: Omit<RasterJob, 'file'>[] };

/**
 * Draws each job's snapshot of the terminal `look` and writes it as PNG to its file (folders
 * must exist). Identical jobs (same snapshot and placement) are drawn once and copied.
 * @returns the files written, in the order of `jobs`
 * @throws Error naming the job when a job is malformed; ScreenplayError runtime (exit 2) when no
 *   Chromium is found or it fails to start or draw. The browser is always closed.
 */
export const rasteriseTerminal = async (
  look: TerminalLook,
  snapshots: readonly GridSnapshot[],
  jobs: readonly RasterJob[],
  opts: RasteriseOptions = {},
): Promise<string[]> => {
  jobs.forEach((j, i) => checkJob(j, i, snapshots.length));
  if (jobs.length === 0) return [];
  // Identical jobs are drawn once.
  const firstOf = new Map<string, number>();
  const unique: number[] = [];
  const sameAs = jobs.map((j, i) => {
    const key = JSON.stringify([j.snapshot, j.scale, j.dx, j.dy, j.width, j.height]);
    const first = firstOf.get(key);
    if (first !== undefined) return first;
    firstOf.set(key, i);
    unique.push(i);
    return i;
  });
  const choice = findBrowser(opts.projectRoot ?? process.cwd());
  if (!choice) throw runtimeError('sharp terminal text needs Chromium, but none was found (install chromium, or set REMOTION_BROWSER_EXECUTABLE)');
  const faces = terminalFontFaces(look.fontFamily);
  const used = new Set<string>();
  for (const i of new Set(jobs.map((j) => j.snapshot))) for (const row of snapshots[i]!.rows) for (const run of row) for (const c of run.chars) used.add(c);
  const fonts: GridFonts = { ...faces.fonts, fallback: await fontconfigFallbacks(look.fontFamily, used) };
  const css = faces.css;
  // Only the snapshots the jobs draw go to the pages.
  const sent = [...new Set(unique.map((i) => jobs[i]!.snapshot))];
  const slot = new Map(sent.map((snap, k) => [snap, k]));
  // Batches of up to BATCH jobs and BATCH_PIXELS sprite px, drawn by `pages` pages side by side.
  const batches: number[][] = [];
  for (const i of unique) {
    const last = batches[batches.length - 1];
    const px = (b: number[]) => b.reduce((n, k) => n + jobs[k]!.width * jobs[k]!.height, 0);
    if (last && last.length < BATCH && px(last) + jobs[i]!.width * jobs[i]!.height <= BATCH_PIXELS) last.push(i);
    else batches.push([i]);
  }
  const pages = Math.max(1, Math.min(opts.pages ?? Math.min(4, os.availableParallelism() - 1), batches.length));
  let browser: Browser | null = null;
  let done = 0;
  try {
    try {
      browser = await chromium.launch({ executablePath: choice.browser, headless: true, args: RASTER_BROWSER_FLAGS });
    } catch (err) {
      throw runtimeError(`could not start Chromium (${choice.browser}) to draw the terminal's text: ${(err as Error).message.split('\n')[0]}`, err);
    }
    const b = browser;
    const openPage = async () => {
      // A context each: a renderer process each, so pages draw and encode in parallel.
      const page = await (await b.newContext()).newPage();
      await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
      // esbuild's keepNames may wrap functions in __name(); the page needs it to be the identity.
      await page.setContent(
        `<!doctype html><html><head><style>${css}</style></head><body><canvas id="c"></canvas><script>window.__name = (f) => f;</script></body></html>`,
      );
      await page.evaluate(
        async ({ source, faces, snaps }) => {
          const w = window as unknown as Record<string, unknown>;
          w.drawGrid = new Function(`return (${source})`)();
          w.snaps = snaps;
          await Promise.all(faces.map((f) => document.fonts.load(f)));
          await document.fonts.ready;
        },
        {
          source: drawGrid.toString(),
          faces: [
            'normal 400 20px "screenplay-term"',
            'normal 700 20px "screenplay-term"',
            'italic 400 20px "screenplay-term"',
            'italic 700 20px "screenplay-term"',
          ],
          snaps: sent.map((i) => snapshots[i]!),
        },
      );
      return page;
    };
    let next = 0;
    const work = async () => {
      const page = await openPage();
      while (next < batches.length) {
        const batch = batches[next++]!;
        const arg: PageBatch = {
          look,
          fonts,
          jobs: batch.map((i) => ({
            snapshot: slot.get(jobs[i]!.snapshot)!,
            scale: jobs[i]!.scale,
            dx: jobs[i]!.dx,
            dy: jobs[i]!.dy,
            width: jobs[i]!.width,
            height: jobs[i]!.height,
          })),
        };
        // One canvas per page, reused; PNG encoding in the page (measured: faster than an OffscreenCanvas per sprite).
        const pngs = await page.evaluate((a: PageBatch) => {
          const w = window as unknown as { drawGrid: typeof drawGrid; snaps: GridSnapshot[] };
          const canvas = document.getElementById('c') as HTMLCanvasElement;
          return a.jobs.map((j) => {
            canvas.width = j.width; // also clears it
            canvas.height = j.height;
            w.drawGrid(canvas.getContext('2d')!, a.look, w.snaps[j.snapshot]!, { scale: j.scale, dx: j.dx, dy: j.dy }, a.fonts);
            const url = canvas.toDataURL('image/png');
            return url.slice(url.indexOf(',') + 1);
          });
        }, arg);
        batch.forEach((i, k) => {
          fs.writeFileSync(jobs[i]!.file, Buffer.from(pngs[k]!, 'base64'));
          opts.onProgress?.(++done, jobs.length);
        });
      }
    };
    await Promise.all(Array.from({ length: pages }, work));
  } catch (err) {
    if (err instanceof Error && err.name === 'ScreenplayError') throw err;
    throw runtimeError(`drawing the terminal's text in Chromium failed: ${(err as Error).message.split('\n')[0]}`, err);
  } finally {
    await browser?.close().catch(() => undefined);
  }
  jobs.forEach((j, i) => {
    if (sameAs[i] !== i) {
      fs.copyFileSync(jobs[sameAs[i]!]!.file, j.file);
      opts.onProgress?.(++done, jobs.length);
    }
  });
  return jobs.map((j) => j.file);
};
