import { describe, expect, it } from 'vitest';
import { chapterFiles } from '../../src/render/chapter-files';
import { readChapterVtt, retimeSubtitles } from '../../src/render/preset-output';
import { captionPages, toSrt, toVtt } from '../../src/timeline/captions';
import { escapeSrtText, escapeVttText, isCueTimeLine, unescapeVttText } from '../../src/timeline/subtitle-text';

const HOSTILE = [
  { name: 'arrow, ampersand and tags', text: 'Setup --> Deploy & <b>Q&A</b>', vtt: 'Setup --&gt; Deploy &amp; &lt;b&gt;Q&amp;A&lt;/b&gt;' },
  { name: 'shell and JSX', text: 'Run `a && b` <App/>', vtt: 'Run `a &amp;&amp; b` &lt;App/&gt;' },
  { name: 'an entity written as text', text: 'write &amp; literally', vtt: 'write &amp;amp; literally' },
  { name: 'a fake time line', text: '00:00:01.000 --> 00:00:09.000', vtt: '00:00:01.000 --&gt; 00:00:09.000' },
  { name: 'plain words', text: 'Live in seconds.', vtt: 'Live in seconds.' },
];

describe('escapeVttText / unescapeVttText', () => {
  it.each(HOSTILE)('$name', ({ text, vtt }) => {
    const escaped = escapeVttText(text);
    expect(escaped).toBe(vtt);
    expect(escaped).not.toMatch(/[<>]|-->/);
    expect(unescapeVttText(escaped)).toBe(text);
  });
  it.each([
    ['&nbsp;', '\u00a0'],
    ['&#65;&#x42;', 'AB'],
    ['&unknown;', '&unknown;'],
  ])('decodes %s', (s, want) => expect(unescapeVttText(s)).toBe(want));
});

describe('escapeSrtText', () => {
  it.each(HOSTILE)('$name: no tag can start, no arrow, same letters once the joiners are removed', ({ text }) => {
    const s = escapeSrtText(text);
    expect(s).not.toMatch(/<[a-z/!]/i);
    expect(s).not.toContain('-->');
    expect(s.replace(/\u2060/g, '')).toBe(text);
  });
});

describe('isCueTimeLine', () => {
  it.each([
    ['00:00:01.000 --> 00:00:02.000', true],
    ['00:00:01,000 --> 00:00:02,000', true],
    ['00:01.000 --> 00:02.000 align:start', true],
    ['Setup --> Deploy', false],
    ['chapter-1', false],
  ])('%s → %s', (line, want) => expect(isCueTimeLine(line)).toBe(want));
});

describe('hostile words in caption files', () => {
  const say = (text: string) => {
    const words = text.split(' ').map((w, i) => ({ text: w, startMs: 1000 + i * 300, endMs: 1250 + i * 300 }));
    return captionPages([{ startMs: 0, words }]);
  };
  it.each(HOSTILE)('$name: VTT escaped, SRT defused, both survive a retime', ({ text }) => {
    const pages = say(text);
    const vtt = toVtt(pages);
    const body = vtt.split('\n').filter((l) => l && l !== 'WEBVTT' && !isCueTimeLine(l));
    for (const l of body) expect(l.replace(/<\d\d:\d\d:\d\d\.\d{3}>/g, '')).not.toMatch(/[<>]|-->/);
    const srt = toSrt(pages);
    expect(srt.split('\n').filter(isCueTimeLine)).toHaveLength(pages.length);
    // Retimed (2x), every cue is still there with its text, and times halved.
    const fit = { kind: 'speed', factor: 2, atMs: 60_000 } as const;
    const rv = retimeSubtitles(vtt, fit);
    expect(rv.split('\n').filter(isCueTimeLine)).toHaveLength(pages.length);
    expect(rv).toContain('00:00:00.500 --> ');
    const rs = retimeSubtitles(srt, fit);
    expect(rs.split('\n').filter(isCueTimeLine)).toHaveLength(pages.length);
    expect(rs.replace(/\u2060/g, '')).toContain(text.split(' ')[0]!);
  });
});

describe('hostile chapter titles', () => {
  it.each(HOSTILE)('$name: chapters.vtt escaped and read back as written', ({ text }) => {
    const chapters = [
      { title: 'Intro', startMs: 0 },
      { title: text, startMs: 20_000 },
      { title: 'End', startMs: 40_000 },
    ];
    const files = chapterFiles(chapters, 0, 60_000)!;
    const cue = files.vtt.split('\n\n')[2]!.split('\n');
    expect(cue[2]).toBe(escapeVttText(text));
    expect(readChapterVtt(files.vtt).map((c) => c.title)).toEqual(['Intro', text, 'End']);
    // Retimed (cut at 30 s) and read back: still the written title, nothing invented from it.
    const cut = retimeSubtitles(files.vtt, { kind: 'trim', atMs: 30_000, fadeMs: 500 });
    expect(readChapterVtt(cut)).toEqual([
      { title: 'Intro', startMs: 0 },
      { title: text, startMs: 20_000 },
    ]);
  });
});
