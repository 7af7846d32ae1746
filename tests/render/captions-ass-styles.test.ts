/**
 * The caption presets as ASS (render/captions-ass-styles.ts): the events each preset writes,
 * then through the real libass (ffmpeg's `ass` filter): karaoke's word half filled from its start
 * side (the left; the right on a right-to-left page), also when the rendered range starts in the
 * middle of the word; pop's page smaller as it appears; boxed's boxes where the model puts them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { styleSchema, type Style } from '../../src/compositions/shared/style-schema';
import { captionBox, captionLineEm } from '../../src/frame/caption-box';
import { POP_SCALE_IN_MS, presetFontSize, presetMaxWords, styleCaption, type CaptionPresetName } from '../../src/frame/caption-style';
import { captionModel, captionOf } from '../../src/frame/model';
import { captionsAss } from '../../src/render/captions-ass';
import { roundedRect } from '../../src/render/captions-ass-styles';
import { captionPages } from '../../src/timeline/captions';
import { readPixels, type Pixels } from '../helpers/synthetic';
import { skipWithout } from '../helpers/requires';

const frame = { width: 480, height: 270 };
const captionsOf = (preset: CaptionPresetName, more: Partial<Style['captions']> = {}) => styleSchema.parse({ captions: { preset, ...more } }).captions;
const boxOf = (captions: Style['captions']) => captionBox(frame, 'bottom', presetFontSize(captions));
const pagesOf = (captions: Style['captions'], texts: string[], spanMs = 1000) => {
  const box = boxOf(captions);
  return captionPages([{ startMs: 0, words: texts.map((text, i) => ({ text, startMs: i * spanMs, endMs: (i + 1) * spanMs - 100 })) }], {
    maxWords: presetMaxWords(captions),
    lineEm: captionLineEm(box),
    maxLines: box.maxLines,
    codeTerms: true,
  });
};
const assOf = (captions: Style['captions'], texts: string[], offsetMs = 0) =>
  captionsAss({ pages: pagesOf(captions, texts), frame, box: boxOf(captions), style: captions, offsetMs });
const events = (ass: string) => ass.split('\n').filter((l) => l.startsWith('Dialogue:'));
const textOf = (event: string) => event.slice(event.indexOf(',,0,0,0,,') + 9);

describe('the events each preset writes', () => {
  it('clean: as before presets, a technical term switched to the monospace font and back', () => {
    const got = events(assOf(captionsOf('clean'), ['Run', '`npm', 'i`', 'now']));
    expect(got).toHaveLength(4);
    expect(textOf(got[1]!)).toBe(
      '{\\an5\\pos(240,243)\\xbord8\\ybord4}\u200eRun {\\c&H0015CCFA}{\\fnDejaVu Sans Mono}npm{\\fnDejaVu Sans}{\\c&H00FFFFFF} {\\fnDejaVu Sans Mono}i{\\fnDejaVu Sans} now',
    );
    expect(got[0]).toContain(',Caption,');
  });

  it('karaoke: the words said before in the primary (highlight) colour, the spoken word a \\kf of its span, the rest one \\kf that never starts', () => {
    const got = events(assOf(captionsOf('karaoke'), ['Deploy', 'everything', 'now']));
    expect(got.map((e) => e.split(',').slice(1, 4).join(','))).toEqual([
      '0:00:00.00,0:00:01.00,CaptionKaraoke',
      '0:00:01.00,0:00:02.00,CaptionKaraoke',
      '0:00:02.00,0:00:03.40,CaptionKaraoke',
    ]);
    expect(textOf(got[1]!)).toMatch(/\}\u200eDeploy \{\\kf90\}everything\{\\kf999999\} now$/);
    expect(textOf(got[2]!)).toMatch(/\}\u200eDeploy everything \{\\kf90\}now$/);
  });

  it('karaoke: a range starting 350 ms into a word moves the fill’s clock back 35 cs', () => {
    const got = events(assOf(captionsOf('karaoke'), ['Deploy', 'everything', 'now'], 1350));
    expect(textOf(got[0]!)).toMatch(/\}\u200eDeploy \{\\k-35\}\{\\kf90\}everything\{\\kf999999\} now$/);
    expect(got[0]!.split(',')[1]).toBe('0:00:00.00');
  });

  it('karaoke, right to left: the spoken word a \\kf per character, in logical order, adding up to its span', () => {
    const got = events(assOf(captionsOf('karaoke'), ['שלום', 'עולם', 'יפה']));
    const text = textOf(got[1]!);
    expect(text).toContain('\u200fשלום {\\kf');
    const kf = [...text.matchAll(/\{\\kf(\d+)\}(.)/gu)].filter((m) => m[1] !== '999999');
    expect(kf.map((m) => m[2]).join('')).toBe('עולם');
    expect(kf.reduce((s, m) => s + Number(m[1]), 0)).toBe(90);
  });

  it('pop: an outline, no box; the page’s first event grows in over 120 ms (from where the range starts)', () => {
    const captions = captionsOf('pop');
    const ass = assOf(captions, ['Deploy', 'it', 'now']);
    expect(ass).toMatch(/Style: CaptionPop,DejaVu Sans,[\d.]+,&H00FFFFFF,&H00FFFFFF,&H00140B0B,&HFF140B0B,-1,0,0,0,100,100,0,0,1,/);
    const got = events(ass);
    // Two words a page at most: "Deploy it" then "now".
    expect(got).toHaveLength(3);
    expect(textOf(got[0]!)).toMatch(new RegExp(`\\\\fscx80\\\\fscy80\\\\bord[\\d.]+\\\\t\\(0,${POP_SCALE_IN_MS},\\\\fscx100\\\\fscy100\\\\bord[\\d.]+\\)`));
    expect(textOf(got[1]!)).not.toContain('\\fscx');
    expect(textOf(got[2]!)).toContain('\\t(0,120,');
    expect(textOf(events(assOf(captions, ['Deploy', 'it', 'now'], 50))[0]!)).toContain('\\t(-50,70,');
    expect(textOf(events(assOf(captions, ['Deploy', 'it', 'now'], 500))[0]!)).not.toContain('\\t(');
  });

  it('boxed: each page’s line boxes as drawings (the model’s rectangles), each line’s text on its own centre', () => {
    const captions = captionsOf('boxed');
    const texts = ['Deploying', 'to', 'production', 'takes', 'one', 'command.'];
    const pages = pagesOf(captions, texts);
    const box = boxOf(captions);
    const c = styleCaption(captionOf(captionModel(box, pages), 0, 0), pages[0], 0, captions);
    expect(c.styled).toHaveLength(2);
    const got = events(assOf(captions, texts));
    const drawings = got.filter((e) => e.includes(',CaptionBox,'));
    expect(drawings).toHaveLength(2);
    c.styled.forEach((line, i) => {
      expect(drawings[i]).toContain(`{\\an7\\pos(${Math.round(line.box.x * 100) / 100},${Math.round(line.box.y * 100) / 100})\\p1}`);
      expect(drawings[i]).toContain(roundedRect(line.box.width, line.box.height, c.radius));
    });
    const lines = got.filter((e) => e.includes(',CaptionLine,'));
    expect(lines).toHaveLength(2 * texts.length);
    expect(lines[1]).toContain(`\\pos(240,${Math.round(c.styled[1]!.centerY * 100) / 100})`);
  });

  it('roundedRect: a closed path within its rectangle', () => {
    const nums = roundedRect(100, 40, 8)
      .split(' ')
      .filter((t) => /^[\d.-]+$/.test(t))
      .map(Number);
    expect(Math.min(...nums)).toBe(0);
    expect(Math.max(...nums)).toBe(100);
    expect(roundedRect(100, 40, 8).startsWith('m 8 0')).toBe(true);
  });
});

const skip = skipWithout('caption presets through libass', ['ffmpeg', 'fc-list']);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-presets-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The ASS over black at `ms` (the rendered range's clock), as pixels. */
const draw = (ass: string, ms: number, name: string): Pixels => {
  // (A comma or space in the path would end the filter's argument.)
  const file = path.join(tmp, `${name.replace(/[^a-z0-9-]+/gi, '_')}.ass`);
  fs.writeFileSync(file, ass);
  const png = file.replace(/\.ass$/, `-${ms}.png`);
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=black:s=${frame.width}x${frame.height}:r=100:d=0.01`,
    '-vf',
    `setpts=PTS+${ms / 1000}/TB,ass=${file}`,
    '-frames:v',
    '1',
    png,
  ]);
  return readPixels(png);
};
/** The bounding box (px) of the pixels matching `match`. */
const bounds = (img: Pixels, match: (r: number, g: number, b: number) => boolean) => {
  const out = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const k = (y * img.width + x) * 3;
      if (!match(img.data[k]!, img.data[k + 1]!, img.data[k + 2]!)) continue;
      [out.minX, out.maxX, out.minY, out.maxY] = [Math.min(out.minX, x), Math.max(out.maxX, x + 1), Math.min(out.minY, y), Math.max(out.maxY, y + 1)];
    }
  return out;
};
const isYellow = (r: number, g: number, b: number) => r > 190 && g > 160 && b < 110;
const isWhite = (r: number, g: number, b: number) => r > 200 && g > 200 && b > 200;

describe.skipIf(skip)('caption presets through libass', () => {
  it.each([
    { name: 'left to right', texts: ['Go', 'everywhere', 'now'], offsetMs: 0, atMs: 1450 },
    { name: 'left to right, the range starting mid-word', texts: ['Go', 'everywhere', 'now'], offsetMs: 1300, atMs: 150 },
    { name: 'right to left', texts: ['שלום', 'ירושלים', 'יפה'], offsetMs: 0, atMs: 1450 },
  ])('karaoke, $name: the spoken word half filled, from its start side', { timeout: 60_000 }, ({ name, texts, offsetMs, atMs }) => {
    const captions = captionsOf('karaoke', { fontSize: 80 });
    const ass = assOf(captions, texts, offsetMs);
    // The spoken word alone lit (clean) shows where it is.
    const word = bounds(draw(assOf(captionsOf('clean', { fontSize: 80 }), texts, offsetMs), atMs, `${name}-clean`), isYellow);
    const img = draw(ass, atMs, name);
    let yellow = 0;
    let white = 0;
    let yellowX = 0;
    let whiteX = 0;
    for (let y = word.minY; y < word.maxY; y++)
      for (let x = word.minX; x < word.maxX; x++) {
        const k = (y * img.width + x) * 3;
        const [r, g, b] = [img.data[k]!, img.data[k + 1]!, img.data[k + 2]!];
        if (isYellow(r, g, b)) [yellow, yellowX] = [yellow + 1, yellowX + x];
        else if (isWhite(r, g, b)) [white, whiteX] = [white + 1, whiteX + x];
      }
    console.log(`karaoke ${name}: ${yellow} yellow px, ${white} white px in the word (${word.minX}–${word.maxX})`);
    expect(yellow / (yellow + white)).toBeGreaterThan(0.25);
    expect(yellow / (yellow + white)).toBeLessThan(0.75);
    const rtl = /[\u0590-\u05ff]/.test(texts[1]!);
    // Filled from the start side: the yellow part's middle on that side of the white part's.
    if (rtl) expect(yellowX / yellow).toBeGreaterThan(whiteX / white);
    else expect(yellowX / yellow).toBeLessThan(whiteX / white);
  });

  it('pop: the page as it appears is about 0.8 as wide as 120 ms later', { timeout: 60_000 }, () => {
    const ass = assOf(captionsOf('pop'), ['Deploy', 'it']);
    const at0 = bounds(draw(ass, 0, 'pop'), isWhite);
    const later = bounds(draw(ass, 300, 'pop'), isWhite);
    const ratio = (at0.maxX - at0.minX) / (later.maxX - later.minX);
    expect(ratio).toBeGreaterThan(0.74);
    expect(ratio).toBeLessThan(0.86);
  });

  it('boxed: each line’s box drawn where the model puts it', { timeout: 60_000 }, () => {
    const captions = captionsOf('boxed', { box: '#ff0000', boxOpacity: 1, fontSize: 40 });
    const texts = ['Deploying', 'to', 'production', 'takes', 'one', 'command.'];
    const pages = pagesOf(captions, texts);
    const box = boxOf(captions);
    const c = styleCaption(captionOf(captionModel(box, pages), 0, 0), pages[0], 0, captions);
    const img = draw(assOf(captions, texts), 100, 'boxed');
    const red = bounds(img, (r, g, b) => r > 200 && g < 60 && b < 60);
    const union = {
      minX: Math.min(...c.styled.map((l) => l.box.x)),
      maxX: Math.max(...c.styled.map((l) => l.box.x + l.box.width)),
      minY: c.styled[0]!.box.y,
      maxY: c.styled.at(-1)!.box.y + c.styled.at(-1)!.box.height,
    };
    for (const k of ['minX', 'maxX', 'minY', 'maxY'] as const) expect(Math.abs(red[k] - union[k])).toBeLessThan(2);
  });
});
