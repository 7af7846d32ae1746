/**
 * FONT_LINE_EM is DejaVu Sans's own line height, read here from the font files both render paths
 * use (fontconfig finds the same files for Chromium and libass): libass sizes text so that
 * usWinAscent + usWinDescent equals the ASS Fontsize, the browser so that the em equals the CSS
 * font-size, so assFontSize must scale by exactly this ratio.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assFontSize, CAPTION_LINE_HEIGHT, FONT_LINE_EM } from '../../src/frame/caption-box';

const FILES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'];
const missing = FILES.filter((f) => !fs.existsSync(f));
if (missing.length) console.log(`skipped: the font metrics test needs fonts-dejavu-core (${missing.join(', ')} missing)`);

/** unitsPerEm (head), ascender/descender (hhea) and usWinAscent/usWinDescent (OS/2) of a TrueType file. */
const metrics = (file: string) => {
  const d = fs.readFileSync(file);
  const tables = new Map<string, number>();
  for (let i = 0; i < d.readUInt16BE(4); i++) tables.set(d.toString('latin1', 12 + 16 * i, 16 + 16 * i), d.readUInt32BE(20 + 16 * i));
  const head = tables.get('head')!;
  const hhea = tables.get('hhea')!;
  const os2 = tables.get('OS/2')!;
  return {
    unitsPerEm: d.readUInt16BE(head + 18),
    ascender: d.readInt16BE(hhea + 4),
    descender: d.readInt16BE(hhea + 6),
    winAscent: d.readUInt16BE(os2 + 74),
    winDescent: d.readUInt16BE(os2 + 76),
  };
};

describe.skipIf(missing.length > 0)('DejaVu Sans line height', () => {
  it.each(FILES)('%s: (usWinAscent + usWinDescent) / unitsPerEm = FONT_LINE_EM, and hhea agrees', (file) => {
    const m = metrics(file);
    expect((m.winAscent + m.winDescent) / m.unitsPerEm).toBe(FONT_LINE_EM);
    expect((m.ascender - m.descender) / m.unitsPerEm).toBe(FONT_LINE_EM);
  });
  it.each([
    { px: 72, ass: 83.81 },
    { px: 54, ass: 62.86 },
    { px: 16, ass: 18.63 },
  ])('assFontSize($px) = $ass; captions space lines by the same ratio', ({ px, ass }) => {
    expect(assFontSize(px)).toBe(ass);
    expect(CAPTION_LINE_HEIGHT).toBe(FONT_LINE_EM);
  });
});
