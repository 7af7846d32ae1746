/**
 * Technical terms (narration/code-terms.ts): which words are drawn in the monospace font, that
 * backticks are neither shown (captions, SRT, VTT) nor spoken (what espeak-ng is sent), and that
 * a line with backticks is timed word for word like the same line without them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeWords, isCodeTerm, withoutCodeMarks } from '../../src/narration/code-terms';
import { createElevenLabsProvider } from '../../src/narration/elevenlabs';
import { createEspeakProvider } from '../../src/narration/espeak';
import { FAKE_KEY, startFakeElevenLabs } from '../helpers/fake-elevenlabs';
import { captionPages, toSrt, toVtt } from '../../src/timeline/captions';
import { VOICE, skipWithout } from '../helpers/requires';

describe('isCodeTerm: by pattern', () => {
  it.each([
    // URLs, e-mail addresses, paths, options, file names: code.
    ['https://ml.ink/docs', true],
    ['http://127.0.0.1:8080/x?y=1', true],
    ['(https://ml.ink).', true],
    ['www.example.com', true],
    ['hi@ml.ink', true],
    ['/etc/hosts', true],
    ['./deploy.sh,', true],
    ['../src', true],
    ['~/.config', true],
    ['C:\\Users', true],
    ['--force', true],
    ['--dry-run=true', true],
    ['package.json', true],
    ['deploy.yaml.', true],
    ['"index.ts"', true],
    ['server.js', true],
    ['.env', true],
    ['.gitignore', true],
    // Prose: domains, product names, versions, numbers, abbreviations, a slash between words, dashes.
    ['ml.ink', false],
    ['example.com', false],
    ['Next.js', false],
    ['v1.2.3', false],
    ['2.5', false],
    ['e.g.', false],
    ['U.S.', false],
    ['and/or', false],
    ['/', false],
    ['—', false],
    ['-5', false],
    ['end.', false],
    ['deploy', false],
  ])('%s → %s', (word, want) => expect(isCodeTerm(word)).toBe(want));
});

describe('codeWords: backticks', () => {
  it.each([
    {
      text: 'Run `npm i` now',
      want: [
        ['Run', false],
        ['npm', true],
        ['i', true],
        ['now', false],
      ],
    },
    {
      text: 'Open `ml.ink` today.',
      want: [
        ['Open', false],
        ['ml.ink', true],
        ['today.', false],
      ],
    },
    {
      text: 'Type `ls`, then `cd src`.',
      want: [
        ['Type', false],
        ['ls,', true],
        ['then', false],
        ['cd', true],
        ['src.', true],
      ],
    },
    {
      text: 'An ` alone',
      want: [
        ['An', false],
        ['', false],
        ['alone', true],
      ],
    },
    {
      text: 'see https://ml.ink now',
      want: [
        ['see', false],
        ['https://ml.ink', true],
        ['now', false],
      ],
    },
  ])('$text', ({ text, want }) => expect(codeWords(text.split(' ')).map((w) => [w.text, w.code])).toEqual(want));

  it('without patterns only backticked words are terms', () =>
    expect(codeWords(['see', 'https://ml.ink', '`x`'], { patterns: false }).map((w) => w.code)).toEqual([false, false, true]));

  it('withoutCodeMarks keeps the words and their order', () => expect(withoutCodeMarks('Run `npm i` and `ls`.')).toBe('Run npm i and ls.'));
});

describe('captions: backticks not shown, terms marked', () => {
  const words = ['Run', '`npm', 'i`', 'at', 'https://ml.ink.'].map((text, i) => ({ text, startMs: i * 300, endMs: i * 300 + 250 }));
  it.each([
    { codeTerms: true, want: [false, true, true, false, true] },
    { codeTerms: false, want: [false, false, false, false, false] },
  ])('codeTerms $codeTerms', ({ codeTerms, want }) => {
    const pages = captionPages([{ startMs: 0, words }], { codeTerms });
    const all = pages.flatMap((p) => p.words);
    expect(all.map((w) => w.text)).toEqual(['Run', 'npm', 'i', 'at', 'https://ml.ink.']);
    expect(all.map((w) => w.code === true)).toEqual(want);
    for (const text of [toSrt(pages), toVtt(pages)]) {
      expect(text).not.toContain('`');
      // (VTT has each word's time before it.)
      expect(text).toMatch(/Run (<[\d:.]+>)?npm (<[\d:.]+>)?i /);
    }
  });
  it('a word that was only a backtick is dropped, the others keep their times', () => {
    const pages = captionPages([{ startMs: 0, words: ['Run', '`', 'ls', '`'].map((text, i) => ({ text, startMs: i * 100, endMs: i * 100 + 90 })) }]);
    expect(pages.flatMap((p) => p.words).map((w) => [w.text, w.startMs])).toEqual([
      ['Run', 0],
      ['ls', 200],
    ]);
  });
});

describe.skipIf(skipWithout('the espeak-ng voice', VOICE))('the offline voice is not sent the backticks', () => {
  it('a line with backticks sounds exactly like the line without them, its words as written and timed alike', { timeout: 60_000 }, async () => {
    const voice = createEspeakProvider();
    const marked = await voice.synthesize({ text: 'Run `npm i` now.' });
    const plain = await voice.synthesize({ text: 'Run npm i now.' });
    expect(marked.audio.equals(plain.audio)).toBe(true);
    expect(marked.words.map((w) => w.text)).toEqual(['Run', '`npm', 'i`', 'now.']);
    expect(marked.words.map((w) => [w.startMs, w.endMs])).toEqual(plain.words.map((w) => [w.startMs, w.endMs]));
  });
});

describe.skipIf(skipWithout('ElevenLabs against a local server', VOICE))('ElevenLabs is not sent the backticks', () => {
  let fake: Awaited<ReturnType<typeof startFakeElevenLabs>>;
  beforeAll(async () => {
    fake = await startFakeElevenLabs();
  });
  afterAll(async () => {
    await fake?.close();
  });
  it('the text, the previous and the next line without them; the words come back as written, each timed', { timeout: 60_000 }, async () => {
    const voice = createElevenLabsProvider({ apiKey: FAKE_KEY, baseUrl: fake.baseUrl, voice: 'Rachel', maxRetries: 0 });
    const r = await voice.synthesize({ text: 'Run `npm i` now.', previousText: 'Open `ls`.', nextText: 'Then `cd src`.' });
    expect(fake.tts.at(-1)!.body).toMatchObject({ text: 'Run npm i now.', previous_text: 'Open ls.', next_text: 'Then cd src.' });
    expect(r.words.map((w) => w.text)).toEqual(['Run', '`npm', 'i`', 'now.']);
    for (const w of r.words) expect(w.endMs).toBeGreaterThan(w.startMs);
  });
});
