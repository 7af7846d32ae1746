/**
 * The one tokeniser of narration text: words are the script's whitespace-separated words, and a
 * phrase (or caption sentence) breaks only at punctuation followed by whitespace or the end.
 */
import { describe, expect, it } from 'vitest';
import { phrases } from '../../src/narration/espeak';
import { breakAfter, isPunctuationOnly, phraseWords, splitWords } from '../../src/narration/speech-text';
import { alignmentToWords, lineWords } from '../../src/narration/words';
import { captionPages } from '../../src/timeline/captions';

/** Text that must be ONE phrase: no break inside any of its words. */
const WHOLE = [
  { kind: 'the issue’s example', text: 'Version 2.5 costs $1,500 a year at ml.ink' },
  { kind: 'decimal', text: 'It is 3.14 times faster' },
  { kind: 'negative decimal', text: 'It drops -0.5 degrees' },
  { kind: 'thousands separator', text: 'We served 1,000,000 requests' },
  { kind: 'euro thousands', text: 'It costs €1.299,95 today' },
  { kind: 'no-break space thousands', text: 'It costs 10\u00a0000 dollars' },
  { kind: 'version', text: 'Install v1.2.3 from npm' },
  { kind: 'semver range', text: 'It needs node >=18.17.0 or later' },
  { kind: 'domain', text: 'Go to mcp.ml.ink now' },
  { kind: 'URL with path and query', text: 'Open https://ml.ink/docs?x=1&y=2 in a browser' },
  { kind: 'URL with port', text: 'It listens on http://127.0.0.1:3000/mcp for you' },
  { kind: 'e-mail address', text: 'Write to founder@ml.ink any time' },
  { kind: 'file name', text: 'Edit next.config.js and save' },
  { kind: 'time', text: 'We ship at 10:30 every day' },
  { kind: 'ratio', text: 'Use a 16:9 frame here' },
  { kind: 'title abbreviation', text: 'Dr. Smith and Mr. Jones agree' },
  { kind: 'Latin abbreviation', text: 'Pick a host e.g. Vercel or Fly' },
  { kind: 'dotted acronym', text: 'It runs in the U.S. and the U.K. today' },
  { kind: 'initial', text: 'Ask J. R. Smith about it' },
  { kind: 'No. before a number', text: 'It is No. 1 on the list' },
  { kind: 'etc. before a lower-case word', text: 'Logs and metrics etc. are kept' },
  { kind: 'ellipsis inside a word', text: 'Wait...what happened' },
  { kind: 'em dash inside a word', text: 'It is fast—really fast' },
  { kind: 'hyphenated and apostrophes', text: "Let's deploy a state-of-the-art app" },
  { kind: 'quotes around words', text: 'Type "npm run dev" and wait' },
  { kind: 'brackets around words', text: 'Open the panel (the left one) now' },
];

/** Text with breaks: the phrases it must make. */
const SPLIT = [
  { kind: 'sentences', text: 'One line. Two lines.', want: ['One line.', 'Two lines.'] },
  { kind: 'clauses', text: "That's it: one command, and Claude can deploy.", want: ["That's it:", 'one command,', 'and Claude can deploy.'] },
  { kind: 'ellipsis then question', text: 'Wait... what?! Yes', want: ['Wait...', 'what?!', 'Yes'] },
  { kind: 'Unicode ellipsis', text: 'So… it works', want: ['So…', 'it works'] },
  { kind: 'decimal at the end of a sentence', text: 'Version 2.5. Then 3.0', want: ['Version 2.5.', 'Then 3.0'] },
  { kind: 'domain at the end of a sentence', text: 'Go to ml.ink. It is fast', want: ['Go to ml.ink.', 'It is fast'] },
  { kind: 'a quote closing after a comma', text: '"Hello," she said', want: ['"Hello,"', 'she said'] },
  { kind: 'a bracket closing after a full stop', text: '(It works.) Then ship', want: ['(It works.)', 'Then ship'] },
  { kind: 'e.g. followed by a comma', text: 'Pick one, e.g., Vercel', want: ['Pick one,', 'e.g.,', 'Vercel'] },
  { kind: 'etc. ending a sentence', text: 'Logs, metrics, etc. Then ship', want: ['Logs,', 'metrics,', 'etc.', 'Then ship'] },
  { kind: 'a lone em dash stays with the phrase before it', text: 'It is fast — really fast', want: ['It is fast —', 'really fast'] },
  { kind: 'a dash at the end of a word', text: 'It is fast— really', want: ['It is fast—', 'really'] },
  { kind: 'a leading dash joins the first phrase', text: '— and then it ran', want: ['— and then it ran'] },
  { kind: 'No. as a word', text: 'Did it fail? No. It shipped', want: ['Did it fail?', 'No.', 'It shipped'] },
  { kind: 'newlines and tabs are whitespace', text: 'First line.\n\tSecond line', want: ['First line.', 'Second line'] },
  { kind: 'no punctuation at all', text: 'no punctuation at all', want: ['no punctuation at all'] },
];

describe('phrases: one phrase for text with no break', () => {
  it.each(WHOLE)('$kind: $text', ({ text }) => {
    expect(phrases(text)).toEqual([splitWords(text).join(' ')]);
  });
});

describe('phrases: breaks only at punctuation followed by whitespace or the end', () => {
  it.each(SPLIT)('$kind: $text', ({ text, want }) => {
    expect(phrases(text)).toEqual(want);
    // The phrases' words are the script's words, in order.
    expect(phraseWords(text).flat()).toEqual(splitWords(text));
  });
});

describe('splitWords', () => {
  it.each([
    { text: 'Version 2.5 costs $1,500 a year at ml.ink', want: ['Version', '2.5', 'costs', '$1,500', 'a', 'year', 'at', 'ml.ink'] },
    { text: '  leading and  double  spaces ', want: ['leading', 'and', 'double', 'spaces'] },
    { text: '10\u00a0000 and 5\u202fkm stay whole', want: ['10\u00a0000', 'and', '5\u202fkm', 'stay', 'whole'] },
    { text: 'ideographic\u3000space splits', want: ['ideographic', 'space', 'splits'] },
    { text: '', want: [] },
  ])('$text', ({ text, want }) => expect(splitWords(text)).toEqual(want));
});

describe('breakAfter', () => {
  it.each([
    { word: '2.5', want: null },
    { word: '$1,500', want: null },
    { word: 'ml.ink', want: null },
    { word: 'https://ml.ink/docs?x=1', want: null },
    { word: 'founder@ml.ink', want: null },
    { word: '10:30', want: null },
    { word: 'v1.2.3', want: null },
    { word: 'Dr.', next: 'Smith', want: null },
    { word: 'U.S.', next: 'Army', want: null },
    { word: 'e.g.', next: 'Vercel', want: null },
    { word: '(e.g.', next: 'Vercel', want: null },
    { word: 'etc.', next: 'are', want: null },
    { word: 'etc.', next: 'Then', want: 'sentence' },
    { word: 'Inc.', want: 'sentence' },
    { word: 'No.', next: '5', want: null },
    { word: 'No.', next: 'It', want: 'sentence' },
    { word: 'ml.ink.', want: 'sentence' },
    { word: '2.5.', want: 'sentence' },
    { word: 'done!', want: 'sentence' },
    { word: 'really?"', want: 'sentence' },
    { word: 'it.)', want: 'sentence' },
    { word: 'it:', want: 'sentence' },
    { word: 'it;', want: 'sentence' },
    { word: 'Wait...', want: 'sentence' },
    { word: 'So…', want: 'sentence' },
    { word: 'one,', want: 'clause' },
    { word: '"Hello,"', want: 'clause' },
    { word: 'fast—', want: 'clause' },
    { word: '—', want: 'clause' },
    { word: '–', want: 'clause' },
    { word: '"', want: null },
  ])('$word (next: $next) → $want', ({ word, next, want }) => expect(breakAfter(word, next)).toBe(want));
});

describe('isPunctuationOnly', () => {
  it.each([
    { word: '—', want: true },
    { word: '...', want: true },
    { word: '"', want: true },
    { word: '$5', want: false },
    { word: '🚀', want: false },
    { word: '+', want: false },
    { word: 'é', want: false },
  ])('$word → $want', ({ word, want }) => expect(isPunctuationOnly(word)).toBe(want));
});

describe('caption words are the script’s words', () => {
  /** An alignment with each character lasting `step` seconds. */
  const even = (text: string, step = 0.05) => ({
    characters: [...text],
    startSeconds: [...text].map((_, i) => i * step),
    endSeconds: [...text].map((_, i) => (i + 1) * step),
  });
  it.each([...WHOLE, ...SPLIT])('$kind: $text', ({ text }) => {
    expect(alignmentToWords(even(text)).map((w) => w.text)).toEqual(splitWords(text));
    expect(lineWords(text, even(text)).map((w) => w.text)).toEqual(splitWords(text));
  });
});

describe('caption pages end at sentences, never inside a word or after an abbreviation', () => {
  /** Words 300 ms apart, no pause between them. */
  const page = (text: string) =>
    captionPages([{ startMs: 0, words: splitWords(text).map((w, i) => ({ text: w, startMs: i * 300, endMs: i * 300 + 280 })) }], { maxWords: 12 }).map((p) =>
      p.words.map((w) => w.text).join(' '),
    );
  it.each([
    { text: 'Version 2.5 costs $1,500 a year at ml.ink', want: ['Version 2.5 costs $1,500 a year at ml.ink'] },
    { text: 'Ask Dr. Smith or mail hi@ml.ink at 10:30', want: ['Ask Dr. Smith or mail hi@ml.ink at 10:30'] },
    { text: 'It runs in the U.S. and e.g. Canada', want: ['It runs in the U.S. and e.g. Canada'] },
    { text: 'Go to ml.ink. It is fast', want: ['Go to ml.ink.', 'It is fast'] },
    { text: 'Logs, metrics, etc. Then ship it', want: ['Logs, metrics, etc.', 'Then ship it'] },
    { text: 'Are you ready? Open https://ml.ink/docs?x=1 now', want: ['Are you ready?', 'Open https://ml.ink/docs?x=1 now'] },
  ])('$text', ({ text, want }) => expect(page(text)).toEqual(want));
});
