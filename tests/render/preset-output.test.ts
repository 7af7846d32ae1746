/**
 * The pure parts of writing presets (src/render/preset-output.ts): which layouts are rendered and
 * where (one per layout), captions retimed for a fitted video, YouTube chapter lines.
 */
import { describe, expect, it } from 'vitest';
import { OUTPUT_PRESETS, resolvePresets } from '../../src/output-presets';
import { chapterFiles } from '../../src/render/chapter-files';
import { layoutRenders, presetChapterNotes, presetChapters, readChapterVtt, retimeSubtitles } from '../../src/render/preset-output';
import { warnsYouTubeChapters } from '../../src/render/render';

describe('layoutRenders: one render per layout', () => {
  it.each([
    [[], ['tiktok', 'shorts', 'reels'], [['tiktok', '/o/.presets/tiktok.mp4', false]]],
    [['landscape'], ['x', 'youtube', 'github-gif'], [['landscape', '/o/landscape.mp4', true]]],
    [
      ['square'],
      ['tiktok', 'x', 'linkedin', 'youtube'],
      [
        ['square', '/o/square.mp4', true],
        ['tiktok', '/o/.presets/tiktok.mp4', false],
        ['landscape', '/o/.presets/landscape.mp4', false],
        ['portrait', '/o/.presets/portrait.mp4', false],
      ],
    ],
  ] as const)('formats %j, presets %j', (formats, presets, want) => {
    expect(layoutRenders(formats, resolvePresets(presets), '/o').map((l) => [l.format, l.file, l.named])).toEqual(want);
  });
});

const SRT = '1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:02,500 --> 00:00:04,000\nthere\n\n3\n00:00:15,000 --> 00:00:16,000\nlate\n';
const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n\n00:00:14.500 --> 00:00:16.000\nacross the cut\n';

describe('retimeSubtitles', () => {
  it.each([
    ['as it is', SRT, { kind: 'none' } as const, SRT],
    [
      'sped up 2x',
      SRT,
      { kind: 'speed', factor: 2, atMs: 30_000 } as const,
      '1\n00:00:00,500 --> 00:00:01,000\nHello\n\n2\n00:00:01,250 --> 00:00:02,000\nthere\n\n3\n00:00:07,500 --> 00:00:08,000\nlate\n',
    ],
    [
      'cut at 15 s: the cue at 15 s goes, numbers close up',
      SRT,
      { kind: 'trim', atMs: 15_000, fadeMs: 500 } as const,
      '1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:02,500 --> 00:00:04,000\nthere\n',
    ],
    [
      'a WebVTT cue across the cut ends at it',
      VTT,
      { kind: 'trim', atMs: 15_000, fadeMs: 500 } as const,
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n\n00:00:14.500 --> 00:00:15.000\nacross the cut\n',
    ],
  ])('%s', (_n, text, fit, want) => {
    expect(retimeSubtitles(text, fit)).toBe(want);
  });
});

describe("presetChapters: chapters on a fitted preset's clock, written by chapterFiles", () => {
  const chapters = [
    { startMs: 800, title: 'Intro' },
    { startMs: 30_000, title: 'Install  the CLI' },
    { startMs: 95_000, title: 'Deploy' },
    { startMs: 3_700_000, title: 'Later' },
  ];
  const lines = (fit: Parameters<typeof presetChapters>[1], durationMs: number) =>
    chapterFiles(presetChapters(chapters, fit), 0, durationMs)!.txt.trim().split('\n');
  it.each([
    [
      'as it is: the first at 0:00, hours when past one',
      { kind: 'none' } as const,
      4_000_000,
      ['0:00 Intro', '0:30 Install the CLI', '1:35 Deploy', '1:01:40 Later'],
    ],
    ['sped up 1.1x', { kind: 'speed', factor: 1.1, atMs: 3_600_000 } as const, 3_600_000, ['0:00 Intro', '0:27 Install the CLI', '1:26 Deploy', '56:03 Later']],
    ['cut at 2:20: the one after goes', { kind: 'trim', atMs: 140_000, fadeMs: 500 } as const, 140_000, ['0:00 Intro', '0:30 Install the CLI', '1:35 Deploy']],
  ])('%s', (_n, fit, durationMs, want) => {
    expect(lines(fit, durationMs)).toEqual(want);
  });

  it("fewer than three left: YouTube's rule is a warning", () => {
    const files = chapterFiles(presetChapters(chapters, { kind: 'trim', atMs: 60_000, fadeMs: 500 }), 0, 60_000)!;
    expect(files.txt).toBe('0:00 Intro\n0:30 Install the CLI\n');
    expect(files.warnings.join(' ')).toMatch(/at least 3/);
  });

  it('reads back the chapters.vtt a render writes', () => {
    const vtt = chapterFiles(chapters, 0, 4_000_000)!.vtt;
    expect(readChapterVtt(vtt)).toEqual([
      { title: 'Intro', startMs: 0 },
      { title: 'Install the CLI', startMs: 30_000 },
      { title: 'Deploy', startMs: 95_000 },
      { title: 'Later', startMs: 3_700_000 },
    ]);
  });

  it('only youtube writes chapters', () => {
    expect(
      Object.values(OUTPUT_PRESETS)
        .filter((p) => p.chapters)
        .map((p) => p.name),
    ).toEqual(['youtube']);
  });
});

describe('YouTube chapter warnings: said once, where YouTube plays the video', () => {
  const warnings = ['YouTube shows chapters only when there are at least 3, but this video has 2: add chapter steps'];
  it.each([
    ['kept as rendered: the render said it', { kind: 'none' } as const, []],
    ['sped up: chapters moved, said again', { kind: 'speed', factor: 1.5, atMs: 60_000 } as const, warnings],
    ['cut: chapters dropped, said again', { kind: 'trim', atMs: 60_000, fadeMs: 500 } as const, warnings],
  ])('%s', (_n, fit, want) => expect(presetChapterNotes(warnings, fit)).toEqual(want));

  it.each([
    ['Landscape', true],
    ['TikTokSplit', false],
    ['Square', false],
    ['Portrait', false],
  ])('render of %s warns: %s', (id, want) => expect(warnsYouTubeChapters(id)).toBe(want));
});
