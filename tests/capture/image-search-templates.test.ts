/**
 * Image search with the templates people actually cut: transparent margins, rounded corners and
 * semi-transparent edges (design-tool exports), and templates cut at another display scale
 * (125 %, 175 %, 2x). Real pixels: the sample recording's frame and its "Open site" button,
 * resized by ffmpeg (lanczos), on the recording and on screens ffmpeg builds; plus templates
 * that are on no screen, which must not be found (no false hit from masking or the scale search).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTemplate, opaqueBox, TemplateError, templateProblem, templateScaleFromName, type Pixels } from '../../src/capture/image-search/find-template';
import { loadOpenCv, type CV } from '../../src/capture/image-search/opencv';
import { waitForImage, writePng } from '../../src/capture/image-search/wait-for-image';
import { ScreenplayError } from '../../src/errors';
import { seededRandom } from '../../src/util/seeded-random';

const ROOT = path.join(__dirname, '..', '..');
const BUTTON = path.join(ROOT, 'examples', 'assets', 'open-site-button.png'); // 116x40, at (1732, 982) at 20 s
const TAB = path.join(ROOT, 'examples', 'assets', 'deployments-tab.png'); // 180x44
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const rgba = (args: string[], width: number, height: number): Pixels => ({
  width,
  height,
  channels: 4,
  data: execFileSync('ffmpeg', ['-v', 'error', ...args, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 1 << 26 }),
});

/** The button resized by `s` (ffmpeg, lanczos), as a template cut at s × 100 % display scale. */
const button = (s = 1): Pixels => {
  const w = Math.round(116 * s);
  const h = Math.round(40 * s);
  return s === 1 ? rgba(['-i', BUTTON], w, h) : rgba(['-i', BUTTON, '-vf', `scale=${w}:${h}:flags=lanczos`], w, h);
};

/** A copy with alpha from `a(x, y)`; fully transparent pixels are black, as design tools export them. */
const withAlpha = (p: Pixels, a: (x: number, y: number) => number): Pixels => {
  const data = Buffer.from(p.data);
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const i = (y * p.width + x) * 4;
      data[i + 3] = Math.round(a(x, y));
      if (data[i + 3] === 0) data[i] = data[i + 1] = data[i + 2] = 0;
    }
  }
  return { ...p, data };
};

/** Rounded corners of radius r: outside transparent, a one-pixel anti-aliased rim half opaque. */
const rounded = (p: Pixels, r: number): Pixels =>
  withAlpha(p, (x, y) => {
    const dx = Math.max(0, r - x - 0.5, x + 0.5 - (p.width - r));
    const dy = Math.max(0, r - y - 0.5, y + 0.5 - (p.height - r));
    const d = Math.hypot(dx, dy) - r;
    return d <= -0.5 ? 255 : d >= 0.5 ? 0 : 255 * (0.5 - d);
  });

/** A transparent margin: left, top, right, bottom (px). */
const pad = (p: Pixels, l: number, t: number, r: number, b: number): Pixels => {
  const width = p.width + l + r;
  const height = p.height + t + b;
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < p.height; y++) Buffer.from(p.data).copy(data, ((y + t) * width + l) * 4, y * p.width * 4, (y + 1) * p.width * 4);
  return { width, height, channels: 4, data };
};

const crop = (p: Pixels, x: number, y: number, w: number, h: number): Pixels => {
  const data = Buffer.alloc(w * h * 4);
  for (let r = 0; r < h; r++) Buffer.from(p.data).copy(data, r * w * 4, ((y + r) * p.width + x) * 4, ((y + r) * p.width + x + w) * 4);
  return { width: w, height: h, channels: 4, data };
};

/** A ring of the given alpha, `w` px wide, at the template's edge (an exported outline). */
const edge = (p: Pixels, w: number, alpha: number): Pixels =>
  withAlpha(p, (x, y) => (x < w || y < w || x >= p.width - w || y >= p.height - w ? alpha : p.data[(y * p.width + x) * 4 + 3]!));

let cv: CV;
let tmp: string;
let recording: Pixels; // the first sample at 20 s (fixtures/sample-screen-20s.png), 1920x1080: the button at (1732, 982) on a light bar
let dark: Pixels; // 1280x720 built by ffmpeg: the rounded button at (400, 300) on a dark page
let darkWithout: Pixels; // the same page without the button
beforeAll(async () => {
  cv = await loadOpenCv();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-templates-'));
  recording = rgba(['-i', path.join(ROOT, 'tests', 'capture', 'fixtures', 'sample-screen-20s.png')], 1920, 1080);
  const roundedPng = path.join(tmp, 'rounded.png');
  writePng(roundedPng, rounded(button(), 8));
  const text = fs.existsSync(FONT) ? `,drawtext=fontfile=${FONT}:text='Deploy settings':x=700:y=420:fontsize=28:fontcolor=white` : '';
  const page = (withButton: boolean) =>
    rgba(
      [
        ...['-f', 'lavfi', '-i', 'color=c=0x1e2230:s=1280x720', '-i', TAB, '-i', roundedPng],
        ...[
          '-filter_complex',
          `[0][1]overlay=100:100,drawbox=x=700:y=80:w=300:h=200:color=0x3a4050:t=fill${text}${withButton ? '[a];[a][2]overlay=400:300' : ''}`,
        ],
      ],
      1280,
      720,
    );
  dark = page(true);
  darkWithout = page(false);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('templates with transparency', () => {
  it('knows the opaque box of a template, and what cannot be searched for', () => {
    expect(opaqueBox(pad(button(), 12, 12, 12, 12))).toMatchObject({ x: 12, y: 12, width: 116, height: 40, transparentInside: 0 });
    expect(opaqueBox(button(0.5))).toMatchObject({ x: 0, y: 0, width: 58, height: 20 }); // no alpha: all opaque
    expect(templateProblem(button())).toBeNull();
    expect(templateProblem(withAlpha(button(), () => 0))).toBe(
      'every pixel of its 116x40 is transparent (alpha below 128 of 255), so there is nothing to look for',
    );
    expect(templateProblem(withAlpha(button(), () => 127))).toMatch(/^every pixel .* is transparent/); // the threshold: 128 counts, 127 does not
    expect(templateProblem(withAlpha(button(), () => 128))).toBeNull();
    expect(templateProblem(withAlpha(button(), (x, y) => (x < 3 && y < 3 ? 255 : 0)))).toBe(
      'only 9 of its pixels are opaque (alpha 128 of 255 or more), and the search needs 16',
    );
  });

  it('refuses a fully transparent template with a clear error, not a miss', () => {
    expect(() =>
      findTemplate(
        cv,
        recording,
        withAlpha(button(), () => 0),
      ),
    ).toThrow(TemplateError);
    expect(() =>
      findTemplate(
        cv,
        recording,
        withAlpha(button(), () => 0),
      ),
    ).toThrow(/every pixel of its 116x40 is transparent/);
  });

  it('wait_for_image names the step and the file for a fully transparent template', async () => {
    const err = await waitForImage({
      cv,
      grab: async () => recording,
      template: pad(
        withAlpha(button(), () => 0),
        2,
        2,
        2,
        2,
      ),
      templateName: 'assets/blank.png',
      source: 'video.yaml:4:5',
      timeoutMs: 1000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScreenplayError);
    expect((err as ScreenplayError).code).toBe('runtime');
    expect((err as Error).message).toBe(
      'video.yaml:4:5: expected assets/blank.png to show something to look for, but every pixel of its 120x44 is transparent (alpha below 128 of 255), so there is nothing to look for',
    );
  });
});

describe('templates people cut: found where they are', () => {
  type Row = {
    name: string;
    screen: () => Pixels;
    template: () => Pixels;
    at: { x: number; y: number };
    size?: { width: number; height: number };
    scale?: number;
    templateScale?: number;
  };
  const onRec = (name: string, template: () => Pixels, extra: Partial<Row> = {}): Row => ({
    name,
    screen: () => recording,
    template,
    at: { x: 1732, y: 982 },
    ...extra,
  });
  const rows: Row[] = [
    onRec('the opaque crop', () => button(), { size: { width: 116, height: 40 }, scale: 1 }),
    // The case: best 0.466 before masking.
    onRec('a 12 px transparent margin', () => pad(button(), 12, 12, 12, 12), { at: { x: 1720, y: 970 }, size: { width: 140, height: 64 }, scale: 1 }),
    onRec('an uneven margin (an icon with room for a shadow)', () => pad(button(), 4, 20, 30, 2), {
      at: { x: 1728, y: 962 },
      size: { width: 150, height: 62 },
    }),
    onRec('rounded corners (r 8) exported transparent black', () => rounded(button(), 8), { size: { width: 116, height: 40 }, scale: 1 }),
    onRec('rounded corners and a margin', () => pad(rounded(button(), 8), 10, 6, 10, 6), { at: { x: 1722, y: 976 } }),
    onRec('a 1 px semi-transparent edge (alpha 160: counted)', () => edge(button(), 1, 160)),
    onRec('a 2 px faint edge (alpha 60: ignored)', () => edge(button(), 2, 60), { size: { width: 116, height: 40 } }),
    onRec('the whole button at alpha 200', () => withAlpha(button(), () => 200)),
    // Cut at another display scale, found on the 100 % screen by the scale search.
    ...[0.8, 1.25, 1.5, 1.75, 2].map((s) => onRec(`cut at ${s * 100} %`, () => button(s), { size: { width: 116, height: 40 }, scale: 1 / s })),
    ...[1.25, 1.75].map((s) =>
      onRec(`cut at ${s * 100} % with rounded corners and a margin`, () => pad(rounded(button(s), 8 * s), 12, 12, 12, 12), {
        at: { x: 1732 - 12 / s, y: 982 - 12 / s },
      }),
    ),
    onRec('a @2x export declared as such', () => button(2), { templateScale: 2, size: { width: 116, height: 40 }, scale: 0.5 }),
    // On a dark page the rounded button's corners show the page, not the light bar it was cut from.
    {
      name: 'rounded corners on a dark page',
      screen: () => dark,
      template: () => rounded(button(), 8),
      at: { x: 400, y: 300 },
      size: { width: 116, height: 40 },
    },
    {
      name: 'rounded, margin, cut at 150 %, on a dark page',
      screen: () => dark,
      template: () => pad(rounded(button(1.5), 12), 9, 9, 9, 9),
      at: { x: 394, y: 294 },
    },
  ];
  it.each(rows)('$name', (row) => {
    const r = findTemplate(cv, row.screen(), row.template(), row.templateScale ? { templateScale: row.templateScale } : {});
    const where = JSON.stringify(r.best);
    expect(r.match, where).not.toBeNull();
    expect(Math.abs(r.match!.x - row.at.x), where).toBeLessThanOrEqual(2);
    expect(Math.abs(r.match!.y - row.at.y), where).toBeLessThanOrEqual(2);
    if (row.size) {
      expect(Math.abs(r.match!.width - row.size.width), where).toBeLessThanOrEqual(2);
      expect(Math.abs(r.match!.height - row.size.height), where).toBeLessThanOrEqual(2);
    }
    if (row.scale) expect(r.match!.scale, where).toBeCloseTo(row.scale, 1);
    expect(r.match!.score, where).toBeGreaterThan(0.95);
  });

  it('masking is what finds the rounded button on the dark page: the opaque crop scores lower there', () => {
    const masked = findTemplate(cv, dark, rounded(button(), 8), { scaleSearch: false });
    const opaque = findTemplate(cv, dark, button(), { scaleSearch: false });
    expect(masked.best!.score).toBeGreaterThan(0.99);
    expect(opaque.best!.score).toBeLessThan(masked.best!.score - 0.02);
  });

  it('with the scale search off, a template cut at 175 % is not found', () => {
    expect(findTemplate(cv, recording, button(1.75), { scaleSearch: false }).match).toBeNull();
  });
});

describe('templates that are not on screen are not found', () => {
  const rand = seededRandom(11);
  const noise = (w: number, h: number): Pixels => {
    const data = Buffer.alloc(w * h * 4);
    for (let i = 0; i < data.length; i++) data[i] = i % 4 === 3 ? 255 : Math.floor(rand() * 256);
    return { width: w, height: h, channels: 4, data };
  };
  const flat = (w: number, h: number, rgb: [number, number, number]): Pixels => {
    const data = Buffer.alloc(w * h * 4);
    for (let i = 0; i < w * h; i++) data.set([...rgb, 255], i * 4);
    return { width: w, height: h, channels: 4, data };
  };
  const rows: Array<{ name: string; screen: () => Pixels; template: () => Pixels }> = [
    { name: 'the button, on the page without it', screen: () => darkWithout, template: () => button() },
    { name: 'the rounded button with a margin, on the page without it', screen: () => darkWithout, template: () => pad(rounded(button(), 8), 12, 12, 12, 12) },
    ...[0.8, 1.25, 1.75, 2].map((s) => ({
      name: `the button cut at ${s * 100} % (rounded), on the page without it`,
      screen: () => darkWithout,
      template: () => rounded(button(s), 8 * s),
    })),
    {
      name: 'text from the dark page (rounded, margin), on the recording',
      screen: () => recording,
      template: () => pad(rounded(crop(darkWithout, 690, 414, 220, 40), 6), 8, 8, 8, 8),
    },
    { name: 'noise with rounded corners, on the recording', screen: () => recording, template: () => rounded(noise(100, 40), 10) },
    {
      name: 'a flat red rounded rectangle with a margin, on the recording',
      screen: () => recording,
      template: () => pad(rounded(flat(80, 30, [230, 20, 20]), 8), 6, 6, 6, 6),
    },
    {
      name: "only the button's corners (its middle transparent), on the page without it",
      screen: () => darkWithout,
      template: () => withAlpha(button(), (x, y) => (x > 20 && x < 96 ? 0 : 255)),
    },
  ];
  it.each(rows)('$name', (row) => {
    const r = findTemplate(cv, row.screen(), row.template());
    expect(r.match, JSON.stringify(r.best)).toBeNull();
    expect(r.best!.score).toBeLessThan(0.9);
  });
});

describe('a hit at another scale must score high to count (the false match of a take)', () => {
  // A frame of tests/capture/desktop-take.test.ts's recording before the button appears: a dark
  // terminal on a blue desktop. Shrunk to 0.36x, the button's outline scored 0.912 on the terminal's corner.
  it('the button is not "found" on a terminal corner at a small scale', () => {
    const screen = rgba(['-i', path.join(__dirname, 'fixtures', 'take-before-button.png')], 1280, 720);
    const r = findTemplate(cv, screen, button());
    expect(r.match, JSON.stringify(r.best)).toBeNull();
  });
});

describe('templateScaleFromName', () => {
  it.each([
    ['assets/button@2x.png', 2],
    ['assets/icon@1.5x.PNG', 1.5],
    ['assets/Button@3x.jpg', 3],
    ['assets/button.png', 1],
    ['assets/user@home.png', 1],
    ['assets/button@0x.png', 1],
  ])('%s → %d', (name, scale) => {
    expect(templateScaleFromName(name)).toBe(scale);
  });
});
