/**
 * Text on any screen (OCR): the matching rules on hand-made words (pure), then the real
 * TextFinder (tesseract.js) on the fixture screenshots (tests/targets/fixtures/ocr/).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTextFinder, OcrInputError } from '../../src/targets/ocr';
import { matchText, seenLines, type OcrLine } from '../../src/targets/ocr/match-text';
import { clipRegion, prepareImage } from '../../src/targets/ocr/prepare-image';
import { stripBorders } from '../../src/targets/ocr/text-finder';
import type { Box, Pixels, TextFinder } from '../../src/targets/types';
import { label, loadOcrFixture, OCR_FIXTURES, overlaps, type Label, type OcrFixtureName } from '../helpers/ocr-fixtures';
import { skipWithout } from '../helpers/requires';

const word = (text: string, x: number, y: number, width: number, height = 12) => ({ text, confidence: 90, box: { x, y, width, height } });
const LINES: OcrLine[] = [
  { words: [word('Add', 100, 50, 30), word('domain', 136, 50, 60), word('Redeploy', 240, 50, 80)] },
  { words: [word('sk_live_51Habc', 100, 80, 140)] },
  { words: [word('Add', 100, 110, 30), word('domain', 136, 110, 60)] },
  // OCR reading a monospace "demo.example.com" with spaces after the dots (seen in a real take).
  { words: [word('demo.', 100, 140, 50), word('example.', 156, 140, 80), word('com', 242, 140, 30)] },
  { words: [word('Project', 100, 170, 70), word('storefront', 176, 170, 100)] },
];

describe('matchText (pure)', () => {
  it.each([
    // query, exact, boxes expected
    [
      'add domain',
      false,
      [
        { x: 100, y: 50, width: 96, height: 12 },
        { x: 100, y: 110, width: 96, height: 12 },
      ],
    ],
    [
      '  Add\n domain ',
      true,
      [
        { x: 100, y: 50, width: 96, height: 12 },
        { x: 100, y: 110, width: 96, height: 12 },
      ],
    ],
    ['add domain', true, []],
    ['Add dom', true, []],
    // Inside one word: the word's box narrowed to the characters (7 of 14 → the left half).
    ['sk_live', false, [{ x: 100, y: 80, width: 70, height: 12 }]],
    // `_` and space are the same in the default match (monospace underscores read as gaps).
    ['sk live', false, [{ x: 100, y: 80, width: 70, height: 12 }]],
    ['sk live', true, []],
    // A phrase spanning the middle of two words: from inside the first to inside the second.
    ['main redep', false, [{ x: 156, y: 50, width: 134, height: 12 }]],
    // Across two lines: never.
    ['Redeploy sk_live', false, []],
    ['domain Add', false, []],
    ['', false, []],
    // Spacing is OCR's guess: the default match ignores it (the whole dotted name, first word to last).
    ['demo.example.com', false, [{ x: 100, y: 140, width: 172, height: 12 }]],
    ['example.com', false, [{ x: 156, y: 140, width: 116, height: 12 }]],
    ['demo.example.com', true, []],
    // A space between letters separates words: "Project storefront" does not hold "Projects".
    ['Projects', false, []],
    ['project   STOREFRONT', false, [{ x: 100, y: 170, width: 176, height: 12 }]],
    ['Déployer 🚀 İstanbul', false, []],
  ] as const)('%j (exact %s)', (query, exact, boxes) => {
    expect(matchText(LINES, query, { exact }).map((c) => c.box)).toEqual(boxes);
  });

  it('labels a match with the text read and scores it by confidence (0–1)', () => {
    expect(matchText(LINES, 'ADD DOMAIN')[0]).toEqual({ box: { x: 100, y: 50, width: 96, height: 12 }, label: 'text "Add domain"', score: 0.9 });
  });

  it('reports one match per place when two passes read the same words', () => {
    expect(matchText([...LINES, { words: [word('Add', 101, 51, 30), word('domain', 137, 50, 60)] }], 'add domain')).toHaveLength(2);
  });

  it('lists every line seen with its box, in reading order', () => {
    expect(seenLines([LINES[2]!, LINES[0]!])).toEqual([
      { text: 'Add domain Redeploy', box: { x: 100, y: 50, width: 220, height: 12 } },
      { text: 'Add domain', box: { x: 100, y: 110, width: 96, height: 12 } },
    ]);
  });

  it('drops border-only words and cuts borders off word edges', () => {
    const lines = stripBorders([{ words: [word('|', 90, 50, 4), word('[ERROR', 100, 50, 60), word('ok]', 170, 50, 30)] }]);
    expect(lines[0]!.words.map((w) => [w.text, w.box.x, w.box.width])).toEqual([
      ['ERROR', 110, 50],
      ['ok', 170, 20],
    ]);
  });
});

describe('prepareImage (pure)', () => {
  const px = (order: 'rgb' | 'bgr', channels: 3 | 4): Pixels => ({
    width: 2,
    height: 1,
    channels,
    order,
    data: Uint8Array.from(channels === 4 ? [255, 0, 0, 0, 0, 0, 255, 0] : [255, 0, 0, 0, 0, 255]),
  });

  it('reads grey with the channel order (red and blue differ in luma) and ignores alpha 0 (X grabs)', () => {
    expect([...prepareImage(px('rgb', 4)).image.data]).toEqual([76, 28]);
    expect([...prepareImage(px('bgr', 4)).image.data]).toEqual([28, 76]);
    expect([...prepareImage(px('rgb', 3)).image.data]).toEqual([76, 28]);
  });

  it('clips a region partly outside the screen, refuses one wholly outside or empty', () => {
    expect(clipRegion({ width: 100, height: 50 }, { x: 80, y: -10, width: 40, height: 30 })).toEqual({ x: 80, y: 0, width: 20, height: 20 });
    expect(() => clipRegion({ width: 100, height: 50 }, { x: 200, y: 0, width: 40, height: 30 })).toThrow(
      'the region (200, 0 40x30) is outside the screen (100x50)',
    );
    expect(() => clipRegion({ width: 100, height: 50 }, { x: 0, y: 0, width: 0, height: 30 })).toThrow(OcrInputError);
  });

  it('refuses a screen whose data is short or which is too big, and caps the scaled picture', () => {
    expect(() => prepareImage({ width: 10, height: 10, channels: 4, data: new Uint8Array(10) })).toThrow(
      "the screen's data must hold 10x10x4 bytes, but has 10",
    );
    expect(() => prepareImage({ width: 9000, height: 10, channels: 1, data: new Uint8Array(90_000) })).toThrow('at most 8192 px per side');
    const big = { width: 4000, height: 2500, channels: 1 as const, data: new Uint8Array(10_000_000) };
    expect(prepareImage(big, { scale: 2 }).scale).toBe(1);
  });
});

const skip = skipWithout('OCR on the fixture screenshots', ['ffmpeg']);

/** Within a few px of the truth: left and right edges within 3 px, vertical centre within 4 px (OCR boxes hug the ink; DOM boxes include the line's ascent and descent). */
const near = (found: Box, truth: Box) => {
  expect(Math.abs(found.x - truth.x), `left ${found.x} vs ${truth.x}`).toBeLessThanOrEqual(3);
  expect(Math.abs(found.x + found.width - (truth.x + truth.width)), `right ${found.x + found.width} vs ${truth.x + truth.width}`).toBeLessThanOrEqual(3);
  expect(Math.abs(found.y + found.height / 2 - (truth.y + truth.height / 2)), `centre y`).toBeLessThanOrEqual(4);
};

describe.skipIf(skip)('TextFinder on the fixtures (tesseract.js)', () => {
  let finder: TextFinder;
  const fx = {} as Record<OcrFixtureName, { screen: Pixels; labels: Label[] }>;
  beforeAll(async () => {
    for (const n of OCR_FIXTURES) fx[n] = loadOcrFixture(n);
    finder = await createTextFinder();
  });
  afterAll(async () => {
    await finder?.close();
  });

  it.each([
    ['dashboard', 'Deployments'], // light on a dark header
    ['dashboard', 'Add domain'], // white on a blue button
    ['dashboard', 'Cancel'], // 12 px button
    ['dashboard', 'up 12% from yesterday'], // 12 px green, four words
    ['dashboard', 'Environment Variables'],
    ['terminal', 'deprecated'],
    ['terminal', 'working tree clean'],
    ['dialog', 'This action cannot be undone.'],
    ['dialog', 'OK', 1, true], // white on red: read as "oc" (a known miss, kept visible here)
  ] as [OcrFixtureName, string, number?, boolean?][])('%s: "%s" is found where it is', async (name, text, _n, knownMiss) => {
    const f = fx[name];
    const truth = label(f.labels, text).box;
    const r = await finder.find(f.screen, text);
    if (knownMiss) return expect(r.matches).toEqual([]);
    expect(r.matches).toHaveLength(1);
    near(r.matches[0]!.box, truth);
    expect(r.matches[0]!.label.toLowerCase()).toBe(`text "${text.toLowerCase()}"`);
  });

  it("terminal words are found too (grid truth: the word's cells)", async () => {
    const f = fx.terminal;
    // The cells are wider than the ink (the first and last cell's side bearings), so overlap is the test here.
    for (const text of ['npm', 'status', 'origin/main', 'STRIPE_KEY']) {
      const r = await finder.find(f.screen, text);
      expect(
        r.matches.some((c) => overlaps(c.box, label(f.labels, text).box)),
        text,
      ).toBe(true);
    }
  });

  it('reports duplicates, each in reading order (for nth)', async () => {
    const f = fx.dashboard;
    const edits = (await finder.find(f.screen, 'Edit')).matches;
    expect(edits).toHaveLength(3);
    edits.forEach((m, i) => near(m.box, label(f.labels, 'Edit', i + 1).box));
    const ready = (await finder.find(f.screen, 'Ready', { exact: true })).matches;
    expect(ready.map((m) => m.box.y)).toEqual([...ready.map((m) => m.box.y)].sort((a, b) => a - b));
    expect(ready).toHaveLength(2);
  });

  it('exact matches whole words, case and all; the default is a case-insensitive substring', async () => {
    const s = fx.dashboard.screen;
    expect((await finder.find(s, 'add DOMAIN')).matches).toHaveLength(1);
    expect((await finder.find(s, 'add DOMAIN', { exact: true })).matches).toHaveLength(0);
    expect((await finder.find(s, 'Add domain', { exact: true })).matches).toHaveLength(1);
    // "Domain" (the table header) exactly: not "Add domain" nor "domains".
    const exact = (await finder.find(s, 'Domain', { exact: true })).matches;
    expect(exact).toHaveLength(1);
    near(exact[0]!.box, label(fx.dashboard.labels, 'Domain').box);
    // The default finds it in "Add domain", "Domains", "Domain", "… 3 domains" too.
    expect((await finder.find(s, 'domain')).matches.length).toBeGreaterThanOrEqual(4);
  });

  it('a region restricts the search, clipped to the screen; a region off the screen is refused', async () => {
    const f = fx.dashboard;
    const second = label(f.labels, 'Edit', 2).box;
    const region = { x: second.x - 40, y: second.y - 10, width: 120, height: second.height + 20 };
    const r = await finder.find(f.screen, 'Edit', { region });
    expect(r.matches).toHaveLength(1);
    near(r.matches[0]!.box, second);
    // Half off the right edge: still finds the user's e-mail in the header's corner.
    const mail = label(f.labels, 'jane@acme.dev').box;
    const corner = await finder.find(f.screen, 'jane@acme.dev', { region: { x: mail.x - 20, y: 0, width: 400, height: 56 } });
    expect(corner.matches).toHaveLength(1);
    near(corner.matches[0]!.box, mail);
    await expect(finder.find(f.screen, 'Edit', { region: { x: 2000, y: 0, width: 100, height: 100 } })).rejects.toThrow(OcrInputError);
  });

  it('a missing phrase gives no match, and the lines seen (with boxes) include the real text nearby', async () => {
    const r = await finder.find(fx.dashboard.screen, 'Add domian');
    expect(r.matches).toEqual([]);
    const seen = r.seen.find((s) => s.text.includes('Add domain'));
    expect(seen).toBeDefined();
    expect(overlaps(seen!.box, label(fx.dashboard.labels, 'Add domain').box)).toBe(true);
    expect(r.seen.length).toBeGreaterThan(10);
  });

  it('a phrase across two lines is not matched, though each half is', async () => {
    const s = fx.dialog.screen;
    expect((await finder.find(s, 'deployments. This action')).matches).toEqual([]);
    expect((await finder.find(s, 'all of its deployments.')).matches).toHaveLength(1);
    expect((await finder.find(s, 'This action')).matches).toHaveLength(1);
    expect((await finder.find(fx.dashboard.screen, 'Analytics Environment')).matches).toEqual([]);
  });

  it('a non-ASCII query does not crash', async () => {
    for (const q of ['Déployer 🚀', 'İstanbul', '東京', '\u0000\u202e']) expect((await finder.find(fx.dashboard.screen, q)).matches).toEqual([]);
  });

  it('reads an X screen grab (BGRA, alpha 0) as opaque', async () => {
    const { screen } = fx.dashboard;
    const bgra = Buffer.alloc(screen.data.length);
    for (let i = 0; i < bgra.length; i += 4) {
      bgra[i] = screen.data[i + 2]!;
      bgra[i + 1] = screen.data[i + 1]!;
      bgra[i + 2] = screen.data[i]!;
      bgra[i + 3] = 0;
    }
    const r = await finder.find({ ...screen, data: bgra, order: 'bgr' }, 'Add domain');
    near(r.matches[0]!.box, label(fx.dashboard.labels, 'Add domain').box);
  });

  it('recall: at least 95 % of the visible labels of 12 px or more, over the three fixtures', async () => {
    let found = 0;
    let total = 0;
    const missed: string[] = [];
    for (const n of OCR_FIXTURES)
      for (const l of fx[n].labels) {
        total++;
        if ((await finder.find(fx[n].screen, l.text)).matches.some((m) => overlaps(m.box, l.box))) found++;
        else missed.push(`${n}: ${l.text}`);
      }
    expect(found / total, `missed: ${missed.join(', ')}`).toBeGreaterThanOrEqual(0.95);
  }, 300_000);
});

describe.skipIf(skip || !fs.existsSync('/usr/bin/unshare'))('offline', () => {
  it('reads with no network at all (a new network namespace) and writes nothing to the working directory', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-offline-'));
    const scriptDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-offline-script-'));
    const scriptFile = path.join(scriptDir, 'read.mts');
    fs.writeFileSync(
      scriptFile,
      `
      import { createTextFinder } from ${JSON.stringify(path.resolve('src/targets/ocr/index.ts'))};
      import { loadOcrFixture } from ${JSON.stringify(path.resolve('tests/helpers/ocr-fixtures.ts'))};
      const f = await createTextFinder();
      const r = await f.find(loadOcrFixture('dashboard').screen, 'Add domain');
      await f.close();
      console.log(JSON.stringify(r.matches.length));`,
    );
    const tsx = path.resolve('node_modules/tsx/dist/esm/index.mjs');
    const probe = spawnSync('unshare', ['-rn', 'true']);
    if (probe.status !== 0) return console.warn('[skipped] offline OCR: unshare -rn is not allowed here');
    const r = spawnSync('unshare', ['-rn', process.execPath, '--import', tsx, scriptFile], { cwd, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('1');
    expect(fs.readdirSync(cwd)).toEqual([]);
    fs.rmSync(cwd, { recursive: true, force: true });
    fs.rmSync(scriptDir, { recursive: true, force: true });
  }, 90_000);
});
