import { describe, expect, it } from 'vitest';
import { captionBox } from '../../src/compositions/shared/caption-box';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { assColor, captionsAss } from '../../src/render/captions-ass';
import { captionPages } from '../../src/timeline/captions';

describe('assColor', () => {
  it.each([
    { hex: '#facc15', opacity: 1, want: '&H0015CCFA' },
    { hex: '#fff', opacity: 1, want: '&H00FFFFFF' },
    { hex: '#0b0b14', opacity: 0.72, want: '&H47140B0B' },
    { hex: '#000000', opacity: 0, want: '&HFF000000' },
  ])('$hex at $opacity → $want', ({ hex, opacity, want }) => expect(assColor(hex, opacity)).toBe(want));
});

describe('captionsAss', () => {
  const pages = captionPages([{ startMs: 1000, words: [{ text: 'Ship', startMs: 0, endMs: 300 }, { text: '{it}', startMs: 400, endMs: 700 }] }]);
  const frame = { width: 1920, height: 1080 };
  const ass = captionsAss({ pages, frame, box: captionBox(frame, 'bottom', 54), style: DEFAULT_STYLE.captions, offsetMs: 500 });
  it('one event per spoken word, shifted to the rendered range, the word lit, braces made safe', () => {
    const events = ass.split('\n').filter((l) => l.startsWith('Dialogue:'));
    expect(events).toEqual([
      'Dialogue: 0,0:00:00.50,0:00:00.90,Caption,,0,0,0,,{\\pos(960,972)}{\\c&H0015CCFA}Ship{\\c&H00FFFFFF} (it)',
      'Dialogue: 0,0:00:00.90,0:00:01.70,Caption,,0,0,0,,{\\pos(960,972)}Ship {\\c&H0015CCFA}(it){\\c&H00FFFFFF}',
    ]);
  });
  it('is made for the frame size, in the captions font, one box per line (the outline transparent, the box in the back colour)', () => {
    expect(ass).toContain('PlayResX: 1920\nPlayResY: 1080');
    expect(ass).toMatch(/Style: Caption,DejaVu Sans,\d+,&H00FFFFFF,&H00FFFFFF,&HFF140B0B,&H47140B0B,-1,0,0,0,100,100,0,0,4,/);
  });
});
