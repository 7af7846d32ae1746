/**
 * The registry of output formats and compositions (src/formats.ts): today's names, ids and
 * sizes, the places that take their list from it, and a scan of src/ for a list written out
 * again by hand. Pure: nothing renders.
 */
import fs from 'node:fs';
import path from 'node:path';
import { linesMatching, SRC } from './helpers/source-lines';
import { describe, expect, it } from 'vitest';
import { captureLogSchema, eventsHeaderSchema } from '../src/capture-log';
import { LANDSCAPE_SIZE } from '../src/compositions/landscape/schema';
import { SQUARE_SIZE } from '../src/compositions/square/schema';
import { PORTRAIT_SIZE } from '../src/compositions/portrait/schema';
import { TIKTOK_SIZE } from '../src/compositions/tiktok-split/schema';
import { FORMATS, topLevelSchemas } from '../src/dsl/script-schema';
import { COMPOSITION_SIZE, COMPOSITIONS, DEFAULT_FORMATS, FORMAT_COMPOSITION, FORMAT_NAMES, OUTPUT_FORMATS } from '../src/formats';

describe('the formats', () => {
  it("are landscape, tiktok, square and portrait, drawn by Landscape, TikTokSplit, Square and Portrait at today's sizes", () => {
    expect(FORMAT_NAMES).toEqual(['landscape', 'tiktok', 'square', 'portrait']);
    expect(COMPOSITIONS).toEqual(['Landscape', 'TikTokSplit', 'Square', 'Portrait']);
    expect(FORMAT_COMPOSITION).toEqual({ landscape: 'Landscape', tiktok: 'TikTokSplit', square: 'Square', portrait: 'Portrait' });
    expect(COMPOSITION_SIZE).toEqual({
      Landscape: { width: 1920, height: 1080 },
      TikTokSplit: { width: 1080, height: 1920 },
      Square: { width: 1080, height: 1080 },
      Portrait: { width: 1080, height: 1350 },
    });
    expect(DEFAULT_FORMATS).toEqual(['landscape']);
  });

  it('are the sizes the compositions declare', () => {
    expect(COMPOSITION_SIZE.Landscape).toEqual(LANDSCAPE_SIZE);
    expect(COMPOSITION_SIZE.TikTokSplit).toEqual(TIKTOK_SIZE);
    expect(COMPOSITION_SIZE.Square).toEqual(SQUARE_SIZE);
    expect(COMPOSITION_SIZE.Portrait).toEqual(PORTRAIT_SIZE);
  });

  it.each(FORMAT_NAMES)('%s: its aspect is its size, reduced', (name) => {
    const { size, aspect } = OUTPUT_FORMATS[name];
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    const g = gcd(size.width, size.height);
    expect(aspect).toBe(`${size.width / g}:${size.height / g}`);
  });

  it('the script schema, the capture log and the events header accept exactly these', () => {
    expect(FORMATS).toEqual(FORMAT_NAMES);
    const output = topLevelSchemas.output;
    expect(output.safeParse({ formats: [...FORMAT_NAMES] }).success).toBe(true);
    expect(output.safeParse({ formats: ['vertical'] }).success).toBe(false);
    const header = { type: 'header', version: 1, recording: 'recording.mp4', screen: { width: 1920, height: 1080 }, fps: 30 };
    expect(eventsHeaderSchema.safeParse({ ...header, formats: [...FORMAT_NAMES] }).success).toBe(true);
    expect(eventsHeaderSchema.safeParse({ ...header, formats: ['vertical'] }).success).toBe(false);
    const log = { version: 1, recording: 'recording.mp4', screen: { width: 1920, height: 1080 }, fps: 30, durationMs: 1000, events: [] };
    expect(captureLogSchema.safeParse(log).success).toBe(true);
    expect(captureLogSchema.safeParse({ ...log, formats: [...FORMAT_NAMES] }).success).toBe(true);
    expect(captureLogSchema.safeParse({ ...log, formats: ['vertical'] }).success).toBe(false);
  });

  it('the registry is pure data: it imports types only (the DSL imports it without Remotion or React)', () => {
    const text = fs.readFileSync(path.join(SRC, 'formats.ts'), 'utf8');
    const imports = text.split('\n').filter((l) => /^\s*import\b/.test(l));
    expect(imports.every((l) => /^import type /.test(l))).toBe(true);
  });
});

/** Every .ts/.tsx file under src/, relative to it. */

/** Where the lists may be spelled out: the registry alone. */
const ALLOWED = (file: string) => file === 'formats.ts';

/**
 * Root.tsx's `id="…"` lines: Studio saves a designer's props only into a <Composition> whose id is a
 * string literal (docs/studio.md), so Root.tsx spells the ids out, checked equal to the registry's.
 */
const ROOT_ID = /^Root\.tsx:\d+: id="(\w+)"$/;

describe('no list of formats or compositions written out again', () => {
  it("no quoted composition id outside the registry (but for Root.tsx's id literals)", () => {
    const hits = linesMatching(ALLOWED, (line) => /['"`](Landscape|TikTokSplit|Square|Portrait)['"`]/.test(line));
    expect(hits.filter((h) => !ROOT_ID.test(h))).toEqual([]);
  });

  it("Root.tsx's id literals are the registry's compositions, in its order", () => {
    const ids = linesMatching(ALLOWED, (line) => /^\s*id=/.test(line))
      .filter((h) => h.startsWith('Root.tsx:'))
      .map((h) => ROOT_ID.exec(h)?.[1] ?? h);
    expect(ids).toEqual(COMPOSITIONS);
  });

  it('no enumeration of the format names, nor the default format list, outside the registry', () => {
    const hits = linesMatching(ALLOWED, (line) =>
      // Two names in one list: 'landscape' | 'tiktok', ['landscape', 'tiktok', …], "landscape, tiktok, square";
      // or the default written out again: ['landscape'].
      /['"]?landscape['"]?\s*[,|]\s*['"]?tiktok\b|\[\s*['"]landscape['"]\s*\]/.test(line),
    );
    expect(hits).toEqual([]);
  });
});
