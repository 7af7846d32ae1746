/**
 * Measures the OCR choices on the fixtures (tests/targets/fixtures/ocr/): tesseract.js vs
 * Debian's tesseract CLI (one thread, like the WebAssembly worker; a process per read, as the
 * CLI has no server mode), page segmentation 3 (auto) vs 11 (sparse), scale 1x vs 2x,
 * Tesseract's Otsu vs Sauvola binarisation (and both, lines merged), a second pass on the
 * inverted picture. For each: the time to read the full 1920x1080 dashboard and a 400x120
 * region of it (median of RUNS), and the recall per fixture (labels matched by matchText with
 * a box overlapping the true box, every pass always read). The last row is the finder as
 * shipped, asked for each label. Prints one table; note the machine's load with it.
 *
 * Run: npx tsx scripts/measure-ocr-engines.ts   (RUNS=5 by default; ONLY=substring of a row's name)
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { encodePgm, prepareImage, type Prepared } from '../src/targets/ocr/prepare-image';
import { matchText, type OcrLine } from '../src/targets/ocr/match-text';
import { createTextFinder, mergePasses } from '../src/targets/ocr/text-finder';
import { startTesseractJs, toScreenBox, type OcrEngine, type PageSegMode, type Threshold } from '../src/targets/ocr/tesseract-js';
import type { Box, Pixels } from '../src/targets/types';
import { loadOcrFixture, OCR_FIXTURES, overlaps } from '../tests/helpers/ocr-fixtures';

const FIXTURES = OCR_FIXTURES;
const RUNS = Number(process.env.RUNS ?? 5);

const loadFixture = loadOcrFixture;

/** Debian's tesseract CLI: the PGM on stdin, TSV on stdout. */
const startCli = (psm: PageSegMode): OcrEngine => ({
  read: (p: Prepared, threshold: Threshold = 'otsu') =>
    new Promise((resolve, reject) => {
      const proc = spawn(
        'tesseract',
        ['stdin', 'stdout', '--psm', psm, '-l', 'eng', '--dpi', '96', '-c', `thresholding_method=${threshold === 'otsu' ? 0 : 2}`, 'tsv'],
        { env: { ...process.env, OMP_THREAD_LIMIT: '1' } },
      );
      let out = '';
      proc.stdout.on('data', (d) => (out += d));
      proc.on('error', reject);
      proc.on('close', () => {
        const lines = new Map<string, OcrLine>();
        for (const row of out.split('\n').slice(1)) {
          const c = row.split('\t');
          if (c[0] !== '5' || !c[11]?.trim()) continue;
          const key = c.slice(1, 5).join('.');
          const [l, t, w, h] = c.slice(6, 10).map(Number) as [number, number, number, number];
          if (!lines.has(key)) lines.set(key, { words: [] });
          lines.get(key)!.words.push({ text: c[11].trim(), confidence: Number(c[10]), box: toScreenBox(p, { x0: l, y0: t, x1: l + w, y1: t + h }) });
        }
        resolve([...lines.values()]);
      });
      proc.stdin.end(encodePgm(p.image));
    }),
  close: async () => undefined,
});

type Variant = { engine: 'tesseract.js' | 'tesseract CLI'; psm: PageSegMode; scale: number; invert?: boolean; thresholds: Threshold[] };

/** Every pass asked for (a threshold each, then the inverted picture), merged. */
const readAll = async (e: OcrEngine, screen: Pixels, v: Variant, region?: Box): Promise<OcrLine[]> => {
  const passes: OcrLine[][] = [];
  const picture = prepareImage(screen, { region, scale: v.scale });
  for (const t of v.thresholds) passes.push(await e.read(picture, t));
  if (v.invert) passes.push(await e.read(prepareImage(screen, { region, scale: v.scale, invert: true })));
  return mergePasses(passes);
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const VARIANTS: Variant[] = [
  { engine: 'tesseract.js', psm: '3', scale: 1, thresholds: ['otsu'] },
  { engine: 'tesseract.js', psm: '3', scale: 1, thresholds: ['otsu'], invert: true },
  { engine: 'tesseract.js', psm: '3', scale: 2, thresholds: ['otsu'] },
  { engine: 'tesseract.js', psm: '11', scale: 1, thresholds: ['otsu'] },
  { engine: 'tesseract.js', psm: '3', scale: 1, thresholds: ['sauvola'] },
  { engine: 'tesseract.js', psm: '3', scale: 1, thresholds: ['otsu', 'sauvola'] },
  { engine: 'tesseract CLI', psm: '3', scale: 1, thresholds: ['otsu'] },
  { engine: 'tesseract CLI', psm: '11', scale: 1, thresholds: ['otsu'] },
  { engine: 'tesseract CLI', psm: '3', scale: 1, thresholds: ['otsu', 'sauvola'] },
];
const only = process.env.ONLY;
const REGION = { x: 240, y: 250, width: 400, height: 120 };

const fixtures = FIXTURES.map((n) => ({ name: n, ...loadFixture(n) }));
const rows: string[] = [];
console.log(
  `load: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${os.cpus().length} cores`,
);
const row = async (name: string, readLines: (screen: Pixels, region?: Box) => Promise<OcrLine[]>) => {
  const recall: string[] = [];
  const misses: string[] = [];
  for (const f of fixtures) {
    const lines = await readLines(f.screen);
    const found = f.labels.filter((l) => matchText(lines, l.text).some((c) => overlaps(c.box, l.box)));
    recall.push(`${found.length}/${f.labels.length}`);
    misses.push(...f.labels.filter((l) => !found.includes(l)).map((l) => `${f.name}:${l.text}`));
  }
  const dash = fixtures[0]!.screen;
  const full: number[] = [];
  const region: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    await readLines(dash);
    full.push(performance.now() - t);
    t = performance.now();
    await readLines(dash, REGION);
    region.push(performance.now() - t);
  }
  const line = `| ${name} | ${median(full).toFixed(0)} | ${median(region).toFixed(0)} | ${recall.join(' | ')} |`;
  rows.push(line);
  console.log(line, '\n    missed:', misses.join(', '));
};

for (const v of VARIANTS) {
  const name = `${v.engine}, psm ${v.psm}, ${v.scale}x, ${v.thresholds.join(' + ')}${v.invert ? ' + inverted' : ''}`;
  if (only && !name.includes(only)) continue;
  const e = v.engine === 'tesseract.js' ? await startTesseractJs({ psm: v.psm }) : startCli(v.psm);
  await row(name, (screen, region) => readAll(e, screen, v, region));
  await e.close();
}
if (!only || 'finder'.includes(only)) {
  // The finder as shipped: Otsu, Sauvola only on a miss, a small region at 2x. Recall asks for each label.
  const finder = await createTextFinder();
  const recall: string[] = [];
  const misses: string[] = [];
  for (const f of fixtures) {
    let n = 0;
    for (const l of f.labels) {
      const r = await finder.find(f.screen, l.text);
      if (r.matches.some((c) => overlaps(c.box, l.box))) n++;
      else misses.push(`${f.name}:${l.text}`);
    }
    recall.push(`${n}/${f.labels.length}`);
  }
  const times = async (region?: Box) => {
    const ts: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await finder.find(fixtures[0]!.screen, 'Add domain', { region });
      ts.push(performance.now() - t);
    }
    return median(ts);
  };
  const line = `| **finder: tesseract.js, psm 3, otsu, sauvola on a miss, region ≤ 0.3 MP at 2x** ("Add domain") | ${(await times()).toFixed(0)} | ${(await times(REGION)).toFixed(0)} | ${recall.join(' | ')} |`;
  rows.push(line);
  console.log(line, '\n    missed:', misses.join(', '));
  await finder.close();
}
console.log(`\n| engine, preprocessing | full 1920x1080 ms | region 400x120 ms | ${FIXTURES.join(' | ')} |\n|---|---|---|---|---|---|\n${rows.join('\n')}`);
console.log(
  `load: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
