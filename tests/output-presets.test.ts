/**
 * The platform presets (src/output-presets.ts): the table, overrides, the duration rule, sizes,
 * safe zones, and the script's `output.presets` as validate and plan report it (errors and
 * warnings at file:line:col, expected vs found). Pure: nothing renders.
 */
import { describe, expect, it } from 'vitest';
import { OUTPUT_FORMATS } from '../src/formats';
import {
  estimateBytes,
  fitDuration,
  MAX_SPEEDUP,
  OUTPUT_PRESETS,
  outputFormats,
  PRESET_NAMES,
  presetFitNotes,
  presetSize,
  resolvePreset,
  resolvePresets,
  safeRect,
} from '../src/output-presets';
import { estimateVideoMs } from '../src/dsl/estimate-duration';
import { compile } from './dsl/helpers';

const MB = 1024 * 1024;

describe('the preset table', () => {
  it.each([
    // name, format, container, file, max duration (ms), max bytes, width, fps, chapters
    ['tiktok', 'tiktok', 'mp4', 'tiktok.mp4', 600_000, 4096 * MB, null, null, false],
    ['shorts', 'tiktok', 'mp4', 'shorts.mp4', 180_000, null, null, null, false],
    ['reels', 'tiktok', 'mp4', 'reels.mp4', 180_000, 4096 * MB, null, null, false],
    ['x', 'landscape', 'mp4', 'x.mp4', 140_000, 512 * MB, null, null, false],
    ['linkedin', 'portrait', 'mp4', 'linkedin.mp4', 600_000, 5120 * MB, null, null, false],
    ['youtube', 'landscape', 'mp4', 'youtube.mp4', null, null, null, null, true],
    ['github-gif', 'landscape', 'gif', 'github.gif', 15_000, 10 * MB, 800, 15, false],
    ['web', 'landscape', 'webm', 'web.webm', null, null, 1280, null, false],
  ] as const)(
    '%s: %s layout, %s as %s, ≤ %s ms, ≤ %s bytes, width %s, fps %s, chapters %s',
    (name, format, container, file, maxMs, maxBytes, width, fps, chapters) => {
      expect(OUTPUT_PRESETS[name]).toMatchObject({ name, format, container, file, maxDurationMs: maxMs, maxBytes, width, fps, chapters });
    },
  );

  it('lists every preset once, each with its own file', () => {
    expect(Object.keys(OUTPUT_PRESETS)).toEqual([...PRESET_NAMES]);
    const files = PRESET_NAMES.map((n) => OUTPUT_PRESETS[n].file);
    expect(new Set(files).size).toBe(files.length);
  });

  it.each(['tiktok', 'shorts', 'reels'] as const)('%s: 9:16 with a safe zone inside the frame that leaves at least half of each side', (name) => {
    const p = OUTPUT_PRESETS[name];
    expect(OUTPUT_FORMATS[p.format].aspect).toBe('9:16');
    const z = p.safeZone!;
    const { width, height } = OUTPUT_FORMATS[p.format].size;
    expect(z.left + z.right).toBeLessThan(width / 2);
    expect(z.top + z.bottom).toBeLessThan(height / 2);
    expect(Math.min(z.top, z.right, z.bottom, z.left)).toBeGreaterThan(0);
  });

  it('only the 9:16 presets have safe zones; only the GIF loops', () => {
    expect(PRESET_NAMES.filter((n) => OUTPUT_PRESETS[n].safeZone)).toEqual(['tiktok', 'shorts', 'reels']);
    expect(PRESET_NAMES.filter((n) => OUTPUT_PRESETS[n].loop !== null)).toEqual(['github-gif']);
  });
});

describe('overrides', () => {
  it.each([
    [
      { maxSeconds: 20, width: 640 },
      { maxDurationMs: 20_000, width: 640, fps: 15, maxBytes: 10 * MB },
    ],
    [
      { maxMB: 5, fps: 10, loop: 3 },
      { maxDurationMs: 15_000, width: 800, fps: 10, maxBytes: 5 * MB, loop: 3 },
    ],
    [{}, { maxDurationMs: 15_000, width: 800, fps: 15, maxBytes: 10 * MB, loop: 0 }],
  ])('github-gif with %j', (over, want) => {
    expect(resolvePreset('github-gif', over)).toMatchObject(want);
  });

  it('a list of names and maps resolves in its order', () => {
    expect(resolvePresets(['tiktok', { 'github-gif': { maxSeconds: 20 } }, { youtube: {} }]).map((p) => [p.name, p.maxDurationMs])).toEqual([
      ['tiktok', 600_000],
      ['github-gif', 20_000],
      ['youtube', null],
    ]);
  });

  it.each([
    [{ formats: ['square'] as const, presets: ['tiktok', 'shorts', 'x'] as const }, ['square', 'tiktok', 'landscape']],
    [{ presets: ['reels', 'linkedin'] as const }, ['tiktok', 'portrait']],
    [{ formats: ['landscape'] as const }, ['landscape']],
    [undefined, ['landscape']],
  ])('the layouts %j needs: %j (presets of one layout share it)', (output, want) => {
    expect(outputFormats(output as never, ['landscape'])).toEqual(want);
  });
});

describe('fitting a limit: as it is up to the limit, sped up to 1.15x, else cut with a fade', () => {
  it.each([
    [100_000, 140_000, { kind: 'none' }],
    [140_000, 140_000, { kind: 'none' }],
    [150_000, 140_000, { kind: 'speed', factor: 1.072, atMs: 140_000 }],
    [161_000, 140_000, { kind: 'speed', factor: 1.15, atMs: 140_000 }],
    [161_200, 140_000, { kind: 'trim', atMs: 140_000, fadeMs: 500 }],
    // Less than a frame over (a 15.03 s video against 15 s): the last frame cut, not "sped up 1.00x".
    [15_030, 15_000, { kind: 'trim', atMs: 15_000, fadeMs: 0 }],
    [40_000, 15_000, { kind: 'trim', atMs: 15_000, fadeMs: 500 }],
    [600, 500, { kind: 'trim', atMs: 500, fadeMs: 250 }],
    [999_999, null, { kind: 'none' }],
  ])('%i ms against %s ms: %j', (ms, max, want) => {
    expect(fitDuration(ms, max)).toEqual(want);
  });

  it('a speed-up never passes MAX_SPEEDUP and always fits', () => {
    for (let ms = 140_034; ms < 140_000 * MAX_SPEEDUP; ms += 997) {
      const fit = fitDuration(ms, 140_000);
      expect(fit.kind).toBe('speed');
      if (fit.kind === 'speed') {
        expect(fit.factor).toBeLessThanOrEqual(MAX_SPEEDUP);
        expect(ms / fit.factor).toBeLessThanOrEqual(140_000);
      }
    }
  });
});

describe('sizes', () => {
  it.each([
    [{ width: 800 }, { width: 1920, height: 1080 }, { width: 800, height: 450 }],
    [{ width: 800 }, { width: 480, height: 270 }, { width: 480, height: 270 }],
    [{ width: 640 }, { width: 1080, height: 1350 }, { width: 640, height: 800 }],
    [{ width: 642 }, { width: 1920, height: 1080 }, { width: 642, height: 362 }],
    [{ width: null }, { width: 1080, height: 1920 }, { width: 1080, height: 1920 }],
  ])('width %j of a %j render: %j (never larger, even sides)', (preset, rendered, want) => {
    expect(presetSize(preset, rendered)).toEqual(want);
  });

  it("the safe rect scales with the render: reels' at 0.25", () => {
    expect(safeRect(OUTPUT_PRESETS.reels, { width: 270, height: 480 })).toEqual({ x: 16.25, y: 67.25, width: 270 - 32.5, height: 480 - 67.25 - 168 });
    expect(safeRect(OUTPUT_PRESETS.x, { width: 1920, height: 1080 })).toBeNull();
  });

  it('a GIF is estimated from the sample (15 s at 800 px, 15 fps: about 4 MB); video containers are not', () => {
    const b = estimateBytes(OUTPUT_PRESETS['github-gif'], 15_000, { width: 1920, height: 1080 })!;
    expect(b / MB).toBeGreaterThan(3);
    expect(b / MB).toBeLessThan(5);
    // A quarter of the pixels, about a quarter of the bytes (400x226: the height rounded to even).
    expect(estimateBytes(resolvePreset('github-gif', { width: 400 }), 15_000, { width: 1920, height: 1080 })! / (b / 4)).toBeCloseTo(1, 1);
    expect(estimateBytes(OUTPUT_PRESETS.x, 15_000, { width: 1920, height: 1080 })).toBeNull();
  });

  it.each([
    ['x', 100_000, []],
    ['x', 150_000, [/longer than x's 2:20: it will be sped up 1\.07x to fit 2:20/]],
    ['x', 200_000, [/longer than x's 2:20: it will be cut at 2:20 with a 0\.5 s fade/]],
    ['github-gif', 10_000, []],
    ['youtube', 3_600_000, []],
  ] as const)('%s for %i ms says %j', (name, ms, want) => {
    const notes = presetFitNotes(OUTPUT_PRESETS[name], ms);
    expect(notes.length).toBe(want.length);
    want.forEach((re, i) => expect(notes[i]).toMatch(re));
  });

  it('a GIF that would pass its size says it will be made smaller', () => {
    const notes = presetFitNotes(resolvePreset('github-gif', { maxSeconds: 60, width: 1280, fps: 30 }), 60_000);
    expect(notes).toEqual([
      expect.stringMatching(/^the GIF about \d+ MB at 1280 px wide and 30 fps for 1:00, over its 10 MB: it will be encoded again smaller/),
    ]);
  });
});

const script = (output: string, steps = '  - wait: 5s\n') => compile({ 'main.yaml': `title: t\noutput:\n${output}\nsteps:\n${steps}` });
const lines = (ds: Array<{ file: string; line: number; column: number; path: string; message: string }>) =>
  ds.map((d) => `${d.file}:${d.line}:${d.column} ${d.path}: ${d.message}`);

describe('output.presets in a script', () => {
  it.each([
    [
      'a name that is no preset',
      '  presets: [tiktok, instagram]',
      /main\.yaml:3:21 output\.presets\[1\]: must be a preset \(tiktok, shorts, reels, x, linkedin, youtube, github-gif, web\) or a map from one to its overrides .*, but got "instagram"/,
    ],
    ['an unknown override', '  presets:\n    - github-gif: { speed: 2 }', /main\.yaml:4:21 output\.presets\[0\]\.github-gif\.speed: unknown key "speed"/],
    [
      'an odd width',
      '  presets:\n    - github-gif: { width: 641 }',
      /main\.yaml:4:28 output\.presets\[0\]\.github-gif\.width: must be even \(the encoders need even sides\), but got 641/,
    ],
    [
      'a width of the wrong type',
      '  presets:\n    - github-gif: { width: wide }',
      /main\.yaml:4:7 output\.presets\[0\]: github-gif\.width: must be a whole, even number of px, but got "wide"/,
    ],
    [
      'a fraction of a frame rate',
      '  presets:\n    - github-gif: { fps: 2.5 }',
      /main\.yaml:4:7 output\.presets\[0\]: github-gif\.fps: must be a whole number of frames per second, but got 2\.5/,
    ],
    [
      'a preset twice',
      '  presets: [x, tiktok, x]',
      /main\.yaml:3:24 output\.presets\[2\]: names the preset "x" again \(already output\.presets\[0\]\): each preset makes one file/,
    ],
    [
      'two presets in one map',
      '  presets:\n    - { x: {}, shorts: {} }',
      /main\.yaml:4:7 output\.presets\[0\]: must name one preset per entry, but got shorts and x/,
    ],
    [
      'a loop on an MP4',
      '  presets:\n    - youtube: { loop: 2 }',
      /main\.yaml:4:24 output\.presets\[0\]\.youtube\.loop: is for a GIF only, but "youtube" writes mp4/,
    ],
    ['an empty list', '  presets: []', /main\.yaml:3:12 output\.presets: must list at least one preset$/],
  ])('%s: an error at its place, expected vs found', (_name, output, want) => {
    const r = script(output);
    expect(r.plan).toBeNull();
    expect(lines(r.errors)).toEqual([expect.stringMatching(want)]);
  });

  it('a valid list compiles without warnings when the video fits', () => {
    const r = script(
      '  formats: [square]\n  presets: [tiktok, shorts, reels, x, linkedin, youtube, { github-gif: { maxSeconds: 20, width: 640, fps: 10, loop: 1, maxMB: 8 } }]',
    );
    expect(lines(r.errors)).toEqual([]);
    expect(lines(r.warnings)).toEqual([]);
    expect((r.plan!.settings.output as { presets: unknown[] }).presets).toHaveLength(7);
  });

  it.each([
    [
      'x, for a video about 2:30 (sped up)',
      '  presets: [tiktok, x]',
      '  - wait: 150s\n',
      [/main\.yaml:3:21 output\.presets\[1\]: x: the video is estimated at about 2:30, longer than x's 2:20: it will be sped up 1\.07x to fit 2:20/],
    ],
    [
      'x, for a video about 3:20 (cut)',
      '  presets: [x]',
      '  - wait: 200s\n',
      [/main\.yaml:3:13 output\.presets\[0\]: x: the video is estimated at about 3:20, longer than x's 2:20: it will be cut at 2:20 with a 0\.5 s fade/],
    ],
    [
      'a GIF for a 40 s video (cut), and one too big',
      '  presets:\n    - github-gif\n    - shorts',
      '  - wait: 40s\n',
      [/main\.yaml:4:7 output\.presets\[0\]: github-gif: the video is estimated at about 40 s, longer than github-gif's 15 s: it will be cut at 15 s/],
    ],
    [
      'a big GIF',
      '  presets:\n    - github-gif: { maxSeconds: 60, width: 1600, fps: 30 }',
      '  - wait: 50s\n',
      [
        /main\.yaml:4:7 output\.presets\[0\]: github-gif: the video is estimated at about 50 s, the GIF about \d+ MB at 1600 px wide and 30 fps for 50 s, over its 10 MB: it will be encoded again smaller/,
      ],
    ],
    ['a speedup mark counts at its speed', '  presets: [x]', '  - speedup: { factor: 4, steps: [ { wait: 400s } ] }\n', []],
  ])('%s: a warning at the preset, saying what render will do', (_name, output, steps, want) => {
    const r = script(output, steps);
    expect(lines(r.errors)).toEqual([]);
    expect(lines(r.warnings)).toEqual(want.map((re) => expect.stringMatching(re)));
  });
});

describe('the plan-time estimate', () => {
  it.each([
    ['a wait', [{ id: '1', action: 'wait', args: { duration: 2000 } }], [], 2000],
    ['a say of 13 words', [{ id: '1', action: 'say', args: { text: 'one two three four five six seven eight nine ten eleven twelve thirteen' } }], [], 5300],
    ['a say with wait: false', [{ id: '1', action: 'say', args: { text: 'a b c', wait: false } }], [], 0],
    ['70 characters typed at 70 wpm', [{ id: '1', action: 'type', args: { text: 'x'.repeat(70), wpm: 70 } }], [], 12000],
    [
      'a cut and a speedup',
      [
        { id: '1', action: 'wait', args: { duration: 4000 } },
        { id: '2', action: 'wait', args: { duration: 4000 } },
      ],
      [
        { kind: 'speedup', from: '1', to: '1', args: { factor: 4 } },
        { kind: 'cut', from: '2', to: '2', args: {} },
      ],
      1000,
    ],
  ])('%s: %i ms', (_n, steps, marks, want) => {
    expect(estimateVideoMs({ steps, marks } as never)).toBe(want);
  });
});
