import { describe, expect, it } from 'vitest';
import { captionBox } from '../../src/frame/caption-box';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { assColor, captionsAss, overlayAss } from '../../src/render/captions-ass';
import type { FrameModel } from '../../src/frame/model';
import type { Overlays } from '../../src/timeline/overlays';
import { overlayMetrics, textWidth } from '../../src/frame/overlay-layout';
import type { Timeline } from '../../src/timeline/build-timeline';
import { captionPages } from '../../src/timeline/captions';
import { ZH78 } from '../helpers/world-text';

describe('assColor', () => {
  it.each([
    { hex: '#facc15', opacity: 1, want: '&H0015CCFA' },
    { hex: '#fff', opacity: 1, want: '&H00FFFFFF' },
    { hex: '#0b0b14', opacity: 0.72, want: '&H47140B0B' },
    { hex: '#000000', opacity: 0, want: '&HFF000000' },
  ])('$hex at $opacity → $want', ({ hex, opacity, want }) => expect(assColor(hex, opacity)).toBe(want));
});

describe('captionsAss', () => {
  const pages = captionPages([
    {
      startMs: 1000,
      words: [
        { text: 'Ship', startMs: 0, endMs: 300 },
        { text: '{it}', startMs: 400, endMs: 700 },
      ],
    },
  ]);
  const frame = { width: 1920, height: 1080 };
  const ass = captionsAss({ pages, frame, box: captionBox(frame, 'bottom', 54), style: DEFAULT_STYLE.captions, offsetMs: 500 });
  it('one event per spoken word, shifted to the rendered range, the word lit, braces made safe', () => {
    const events = ass.split('\n').filter((l) => l.startsWith('Dialogue:'));
    expect(events).toEqual([
      'Dialogue: 0,0:00:00.50,0:00:00.90,Caption,,0,0,0,,{\\an5\\pos(960,972)\\xbord32\\ybord16}\u200e{\\c&H0015CCFA}Ship{\\c&H00FFFFFF} (it)',
      'Dialogue: 0,0:00:00.90,0:00:01.70,Caption,,0,0,0,,{\\an5\\pos(960,972)\\xbord32\\ybord16}\u200eShip {\\c&H0015CCFA}(it){\\c&H00FFFFFF}',
    ]);
  });
  it("is made for the frame size, in the captions font at the browser's glyph size, one box per event (the outline transparent, the box in the back colour)", () => {
    expect(ass).toContain('PlayResX: 1920\nPlayResY: 1080');
    expect(ass).toMatch(/Style: Caption,DejaVu Sans,83\.81,&H00FFFFFF,&H00FFFFFF,&HFF140B0B,&H47140B0B,-1,0,0,0,100,100,0,0,4,/);
  });
});

describe('captionsAss: text that is not left-to-right English', () => {
  const frame = { width: 1920, height: 1080 };
  const box = captionBox(frame, 'bottom', 54);
  const timed = (texts: string[]) => texts.map((text, i) => ({ text, startMs: i * 300, endMs: i * 300 + 250 }));
  const events = (pages: ReturnType<typeof captionPages>) =>
    captionsAss({ pages, frame, box, style: DEFAULT_STYLE.captions })
      .split('\n')
      .filter((l) => l.startsWith('Dialogue:'))
      .map((l) => l.slice(l.indexOf('}') + 1));
  it('every style lets libass find the direction over the whole line (Encoding -1), not per colour run', () => {
    const ass = captionsAss({
      pages: [],
      frame,
      box,
      style: DEFAULT_STYLE.captions,
      extra: { styles: ['Style: X,DejaVu Sans,20,&H0,&H0,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,7,0,0,0,-1'], events: [] },
    });
    const styles = ass.split('\n').filter((l) => l.startsWith('Style:'));
    expect(styles.length).toBeGreaterThan(1);
    for (const s of styles) expect(s.split(',').at(-1)).toBe('-1');
  });
  it.each([
    { name: 'Hebrew', words: ['שלום', 'עולם', 'יפה'], mark: '\u200f' },
    { name: 'Arabic', words: ['مرحبا', 'بالعالم', 'الجميل'], mark: '\u200f' },
    { name: 'Hebrew opening with a product name', words: ['React', 'היא', 'ספרייה', 'מעולה'], mark: '\u200f' },
    { name: 'English quoting a Hebrew word', words: ['Say', 'שלום', 'to', 'everyone'], mark: '\u200e' },
  ])('$name: one event per word, the page in logical order after its direction mark, only the colour moves', ({ words, mark }) => {
    const got = events(captionPages([{ startMs: 0, words: timed(words) }]));
    expect(got).toHaveLength(words.length);
    got.forEach((text, k) => {
      expect(text.startsWith(mark)).toBe(true);
      // Without the tags, every event is the same text in the same (logical) order.
      expect(text.slice(1).replace(/\{[^}]*\}/g, '')).toBe(words.join(' '));
      expect(text).toContain(`{\\c&H0015CCFA}${words[k]}{\\c&H00FFFFFF}`);
    });
  });
  it('78 Chinese characters: several pages, each in lines broken with \\N that fit the box', () => {
    const zh = ZH78;
    expect([...zh]).toHaveLength(78);
    const narrow = captionBox({ width: 480, height: 270 }, 'bottom', 54);
    const pages = captionPages([{ startMs: 0, words: [{ text: zh, startMs: 0, endMs: 7800 }] }], { lineEm: 8, maxLines: 2 });
    const ass = captionsAss({
      pages,
      frame: { width: 480, height: 270 },
      box: { ...narrow, maxWidth: 8 * narrow.fontSize + 2 * narrow.padX },
      style: DEFAULT_STYLE.captions,
    });
    const firstOfPage = ass
      .split('\n')
      .filter((l) => l.startsWith('Dialogue:'))
      .map((l) =>
        l
          .slice(l.indexOf('}') + 1)
          .replace(/\{[^}]*\}/g, '')
          .slice(1),
      );
    expect(pages.length).toBeGreaterThan(4);
    expect(new Set(firstOfPage).size).toBe(pages.length);
    for (const text of new Set(firstOfPage)) for (const line of text.split('\\N')) expect([...line].length).toBeLessThanOrEqual(8);
    expect([...new Set(firstOfPage)].join('').replace(/\\N/g, '')).toBe(zh);
  });
});

describe('overlayAss: text that is not left-to-right English', () => {
  const frame = { width: 1920, height: 1080 };
  const stage = { x: 100, y: 100, width: 1600, height: 900 };
  const fakeModel = (overlays: Overlays) =>
    ({
      overlays,
      timeline: { fps: 30 } as Timeline,
      layout: { stage, viewAspect: 16 / 9 },
      size: frame,
      overlay: overlayMetrics(frame),
    }) as unknown as FrameModel;
  const events = (badge: string, keys: string[]) =>
    overlayAss({
      model: fakeModel({ callouts: [], badges: [{ startMs: 0, endMs: 1000, text: badge }], keycaps: [{ startMs: 0, endMs: 1000, keys }] }),
      frameRange: [0, 29],
      offsetMs: 0,
    }).events.map((e) => e.slice(e.indexOf('}') + 1));
  it.each([
    { badge: '4x', keys: ['Ctrl', 'L'], want: ['\u200e4x', '\u200eCtrl', '\u200eL'] },
    { badge: 'מהיר ×4', keys: ['Ctrl', 'ש'], want: ['\u200fמהיר ×4', '\u200eCtrl', '\u200fש'] },
  ])('$badge, $keys: each text after the mark of its direction', ({ badge, keys, want }) => expect(events(badge, keys)).toEqual(want));
  it('every overlay style lets libass find the direction over the whole text (Encoding -1)', () => {
    const { styles } = overlayAss({ model: fakeModel({ callouts: [], badges: [], keycaps: [] }), frameRange: [0, 0], offsetMs: 0 });
    for (const st of styles) expect(st.split(',').at(-1)).toBe('-1');
  });
  it.each([
    { text: 'Deploy', em: 0.83 + 0.678 + 0.716 + 0.343 + 0.687 + 0.652 },
    { text: '部署', em: 2 },
    { text: '🚀 go', em: 1.2 + 0.348 + 0.716 + 0.687 },
  ])('a callout or keycap of "$text" is sized for its characters ($em em)', ({ text, em }) => {
    const m = overlayMetrics(frame);
    expect(textWidth(text, m.fontSize)).toBeCloseTo(em * m.fontSize, 5);
  });
});
