import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAME, estimateCell, fitGrid, terminalPlacement } from '../../src/capture/terminal-layout';
import { TERMINAL_THEMES, xtermThemeArgs } from '../../src/capture/terminal-themes';

describe('terminal placement for the output formats', () => {
  it.each([
    // Landscape: as wide as the screen's aspect allows at 88 % of its height (950 x 16/9 = 1689).
    { formats: ['landscape'] as const, screen: { width: 1920, height: 1080 }, fontSize: 18, area: { x: 116, y: 65, width: 1689, height: 950 } },
    { formats: ['tiktok'] as const, screen: { width: 1920, height: 1080 }, fontSize: 26, area: { x: 366, y: 65, width: 1188, height: 950 } },
    { formats: ['square'] as const, screen: { width: 1920, height: 1080 }, fontSize: 24, area: { x: 438, y: 65, width: 1045, height: 950 } },
    // Several formats: the narrowest view and the largest font, so it reads in each.
    { formats: ['landscape', 'tiktok'] as const, screen: { width: 1920, height: 1080 }, fontSize: 26, area: { x: 366, y: 65, width: 1188, height: 950 } },
    { formats: [] as const, screen: { width: 1920, height: 1080 }, fontSize: 18, area: { x: 116, y: 65, width: 1689, height: 950 } },
    // The font scales with the screen's height.
    { formats: ['landscape'] as const, screen: { width: 1280, height: 720 }, fontSize: 12, area: { x: 77, y: 43, width: 1127, height: 634 } },
    { formats: ['tiktok'] as const, screen: { width: 3840, height: 2160 }, fontSize: 52, area: { x: 732, y: 130, width: 2376, height: 1901 } },
  ])('$formats on $screen.width x $screen.height', ({ formats, screen, fontSize, area }) => {
    expect(terminalPlacement(screen, formats)).toEqual({ fontSize, area });
  });
});

describe('fitting the grid', () => {
  it.each([
    // (1000 - 2 - 2 - 32) / 10 = 96.4 columns; (500 - 40 - 2 - 32) / 20 = 21.3 rows.
    { name: 'whole cells only', area: { x: 0, y: 0, width: 1000, height: 500 }, cell: { width: 10, height: 20 }, want: { cols: 96, rows: 21 } },
    {
      name: 'the remainder is split around the window',
      area: { x: 100, y: 50, width: 1005, height: 509 },
      cell: { width: 10, height: 20 },
      want: { cols: 96, rows: 21 },
    },
    {
      name: 'never fewer than 20 columns and 5 rows',
      area: { x: 0, y: 0, width: 100, height: 100 },
      cell: { width: 30, height: 60 },
      want: { cols: 20, rows: 5 },
    },
  ])('$name', ({ area, cell, want }) => {
    const g = fitGrid(area, cell, 16);
    expect({ cols: g.cols, rows: g.rows }).toEqual(want);
    const outerW = g.cols * cell.width + 32 + DEFAULT_FRAME.left + DEFAULT_FRAME.right;
    const outerH = g.rows * cell.height + 32 + DEFAULT_FRAME.top + DEFAULT_FRAME.bottom;
    if (outerW <= area.width) {
      // Centred in the area, within a pixel.
      expect(Math.abs(g.x - area.x - (area.x + area.width - (g.x + outerW)))).toBeLessThanOrEqual(1);
      expect(Math.abs(g.y - area.y - (area.y + area.height - (g.y + outerH)))).toBeLessThanOrEqual(1);
    } else {
      expect([g.x, g.y]).toEqual([0, 0]);
    }
  });

  it.each([
    [13, 11, 21],
    [20, 17, 33],
    [28, 23, 46],
    [36, 30, 59],
  ])('cell estimate at %i pt is within a pixel of what xterm showed (%i x %i)', (size, w, h) => {
    const c = estimateCell(size);
    expect(Math.abs(c.width - w)).toBeLessThanOrEqual(1);
    expect(Math.abs(c.height - h)).toBeLessThanOrEqual(1);
  });
});

describe('themes', () => {
  it.each(Object.entries(TERMINAL_THEMES))('%s: 16 ANSI colours, each readable on the background', (_name, theme) => {
    expect(theme.ansi).toHaveLength(16);
    const lum = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
        number,
        number,
        number,
      ];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a: string, b: string) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
    expect(contrast(theme.foreground, theme.background)).toBeGreaterThan(7);
    // Colours 1–6 and 9–14 carry meaning (errors, diffs, paths): WCAG's 3:1 for large text at least.
    for (const i of [1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14])
      expect(contrast(theme.ansi[i]!, theme.background), `colour ${i} ${theme.ansi[i]}`).toBeGreaterThan(3);
    const args = xtermThemeArgs(theme);
    expect(args.filter((a) => a === '-xrm')).toHaveLength(16);
    expect(args).toContain(`*VT100.color11: ${theme.ansi[11]}`);
  });
});
