import { describe, expect, it } from 'vitest';
import { chapterFiles, youtubeTime } from '../../src/render/chapter-files';

const ch = (title: string, s: number) => ({ title, startMs: s * 1000 });

describe('chapter files', () => {
  it.each([
    { ms: 0, want: '0:00' },
    { ms: 9_999, want: '0:09' },
    { ms: 61_000, want: '1:01' },
    { ms: 3_725_000, want: '1:02:05' },
  ])('youtubeTime($ms) = $want', ({ ms, want }) => expect(youtubeTime(ms)).toBe(want));

  it.each<{ name: string; chapters: Array<{ title: string; startMs: number }>; offset?: number; duration: number; txt: string | null; warnings: number }>([
    {
      name: 'three long chapters from 0:00: no warning',
      chapters: [ch('Intro', 0), ch('Add the MCP server', 12), ch('Deploy', 40)],
      duration: 60_000,
      txt: '0:00 Intro\n0:12 Add the MCP server\n0:40 Deploy\n',
      warnings: 0,
    },
    {
      name: 'a first chapter after 0:00 gets an Intro before it',
      chapters: [ch('Setup', 15), ch('Deploy', 40)],
      duration: 60_000,
      txt: '0:00 Intro\n0:15 Setup\n0:40 Deploy\n',
      warnings: 0,
    },
    {
      name: 'a first chapter after a title card (less than 10 s in) starts the video itself',
      chapters: [ch('Intro', 2.5), ch('Setup', 15), ch('Deploy', 40)],
      duration: 60_000,
      txt: '0:00 Intro\n0:15 Setup\n0:40 Deploy\n',
      warnings: 0,
    },
    {
      name: 'a first chapter in the first second is at 0:00',
      chapters: [ch('Start', 0.4), ch('B', 20), ch('C', 40)],
      duration: 60_000,
      txt: '0:00 Start\n0:20 B\n0:40 C\n',
      warnings: 0,
    },
    { name: 'too few chapters, and short ones, warn', chapters: [ch('A', 0), ch('B', 5)], duration: 12_000, txt: '0:00 A\n0:05 B\n', warnings: 3 },
    {
      name: 'two chapters in one second: the later stays',
      chapters: [ch('A', 0), ch('B', 0.2), ch('C', 20), ch('D', 40)],
      duration: 60_000,
      txt: '0:00 B\n0:20 C\n0:40 D\n',
      warnings: 0,
    },
    {
      name: 'a part of the video: chapters on its clock, those outside it dropped',
      chapters: [ch('A', 0), ch('B', 30), ch('C', 50), ch('D', 100)],
      offset: 30_000,
      duration: 40_000,
      txt: '0:00 B\n0:20 C\n',
      warnings: 1,
    },
    { name: 'no chapters: no files', chapters: [], duration: 60_000, txt: null, warnings: 0 },
  ])('$name', ({ chapters, offset, duration, txt, warnings }) => {
    const files = chapterFiles(chapters, offset ?? 0, duration);
    expect(files?.txt ?? null).toBe(txt);
    expect(files?.warnings.length ?? 0).toBe(warnings);
  });

  it('writes WebVTT chapter cues, each to the next chapter or the end', () => {
    expect(chapterFiles([ch('Intro', 0), ch('Deploy', 12.5)], 0, 61_000)?.vtt).toBe(
      'WEBVTT\n\nchapter-1\n00:00:00.000 --> 00:00:12.500\nIntro\n\nchapter-2\n00:00:12.500 --> 00:01:01.000\nDeploy\n',
    );
  });
});
