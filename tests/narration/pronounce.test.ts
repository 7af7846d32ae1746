/**
 * Words said right, the pure half: which written words a pronunciation matches, the text the
 * voice is asked to say, the way back from spoken word times to the written words, the cache
 * key's share, phonemes for espeak-ng, and ElevenLabs' dictionary rules.
 */
import { describe, expect, it } from 'vitest';
import {
  cmuToEspeak,
  ipaToEspeak,
  makeLexicon,
  matchWord,
  pronunciationKey,
  pronunciationsOf,
  respell,
  writtenWords,
  type Pronunciation,
} from '../../src/narration/pronounce';
import { respelledLineWords, type CharacterAlignment, type Word } from '../../src/narration/words';
import { splitWords } from '../../src/narration/speech-text';
import { cacheKey } from '../../src/narration/narrate';
import { dictionaryRules } from '../../src/narration/elevenlabs';
import type { VoiceProvider } from '../../src/narration/provider';

const ENTRIES: Pronunciation[] = [
  { word: 'MCP', say: 'M C P' },
  { word: 'ml.ink', say: 'M L dot ink' },
  { word: 'ml', say: 'M L' },
  { word: 'kubectl', say: 'cube control' },
  { word: 'Kubernetes', say: 'koo-ber-net-eez' },
  { word: 'SQLite', say: 'sequel light' },
  { word: 'gif', espeak: "g'If" },
  { word: 'and/or', say: 'or' },
];
const LEX = makeLexicon(ENTRIES);

describe('matchWord', () => {
  it.each([
    { written: 'MCP', word: 'MCP', prefix: '', tail: '' },
    { written: 'MCP,', word: 'MCP', prefix: '', tail: ',' },
    { written: 'MCP.', word: 'MCP', prefix: '', tail: '.' },
    { written: "MCP's", word: 'MCP', prefix: '', tail: "'s" },
    { written: 'MCP’s', word: 'MCP', prefix: '', tail: '’s' },
    { written: '(MCP)', word: 'MCP', prefix: '(', tail: ')' },
    { written: '"MCP!"', word: 'MCP', prefix: '"', tail: '!"' },
    { written: 'ml.ink', word: 'ml.ink', prefix: '', tail: '' },
    { written: 'ml.ink,', word: 'ml.ink', prefix: '', tail: ',' },
    { written: 'ml.ink.', word: 'ml.ink', prefix: '', tail: '.' },
    { written: 'ml,', word: 'ml', prefix: '', tail: ',' },
    { written: 'kubectl', word: 'kubectl', prefix: '', tail: '' },
    { written: 'Kubectl', word: 'kubectl', prefix: '', tail: '', why: 'a lower-case word matches in any case' },
    { written: 'KUBECTL:', word: 'kubectl', prefix: '', tail: ':' },
  ])('$written matches $word', ({ written, word, prefix, tail }) => {
    expect(matchWord(LEX, written)).toEqual({ prefix, tail, entry: expect.objectContaining({ word }) });
  });

  it.each([
    { written: 'mcp', why: 'a word with a capital matches only as written' },
    { written: 'Mcp', why: 'the same' },
    { written: 'kubernetes', why: 'Kubernetes is written with a capital' },
    { written: 'MCPs', why: 'a plural is another word' },
    { written: 'html', why: 'never part of a word' },
    { written: 'xml.ink', why: 'never the end of a word' },
    { written: 'ml.inks', why: 'never the start of a word' },
    { written: 'ml.ink/docs', why: 'a path is another word' },
    { written: 'MCP2', why: 'a digit is no punctuation' },
    { written: '', why: 'no word' },
  ])('$written does not match ($why)', ({ written }) => {
    expect(matchWord(LEX, written)).toBeNull();
  });
});

describe('respell', () => {
  it.each([
    { name: 'the issue’s line', text: 'Add the MCP server from ml.ink', say: 'Add the M C P server from M L dot ink', groups: [1, 1, 3, 1, 1, 4] },
    { name: 'longer respelling at the line’s start', text: 'MCP is here', say: 'M C P is here', groups: [3, 1, 1] },
    { name: 'at the line’s end with punctuation', text: 'Run kubectl.', say: 'Run cube control.', groups: [1, 2] },
    { name: 'shorter respelling (two written characters → one word)', text: 'this and/or that', say: 'this or that', groups: [1, 1, 1] },
    { name: 'adjacent entries', text: 'MCP ml.ink kubectl', say: 'M C P M L dot ink cube control', groups: [3, 4, 2] },
    { name: 'repeated', text: 'MCP, MCP, MCP!', say: 'M C P, M C P, M C P!', groups: [3, 3, 3] },
    { name: 'possessive', text: "MCP's tools", say: "M C P's tools", groups: [3, 1] },
    { name: 'quoted', text: 'say "ml.ink," twice', say: 'say "M L dot ink," twice', groups: [1, 4, 1] },
    { name: 'longest wins: ml.ink over ml', text: 'ml and ml.ink', say: 'M L and M L dot ink', groups: [2, 1, 4] },
    { name: 'whitespace kept as written', text: 'MCP\n  then\tml', say: 'M C P\n  then\tM L', groups: [3, 1, 2] },
    { name: 'nothing matches: the same text', text: 'Nothing to change here.', say: 'Nothing to change here.', groups: [1, 1, 1, 1] },
    { name: 'RTL text is unaffected', text: 'שלום MCP עולם', say: 'שלום M C P עולם', groups: [1, 3, 1] },
    { name: 'CJK without spaces is one word: unaffected', text: '使用MCP服务器', say: '使用MCP服务器', groups: [1] },
    { name: 'a lone dash stays a word', text: 'MCP — fast', say: 'M C P — fast', groups: [3, 1, 1] },
    { name: 'an empty line', text: '', say: '', groups: [] },
  ])('$name', ({ text, say, groups }) => {
    const r = respell(text, LEX);
    expect(r.text).toBe(say);
    expect(r.groups).toEqual(groups);
    // The invariant the timing rests on: the spoken words are the groups, in order.
    expect(splitWords(r.text).length).toBe(groups.reduce((a, b) => a + b, 0));
    expect(r.groups.length).toBe(splitWords(text).length);
  });

  it('lists each entry used once, in order of first use', () => {
    expect(respell('ml.ink MCP ml.ink', LEX).used.map((e) => e.word)).toEqual(['ml.ink', 'MCP']);
  });

  it('gives espeak-ng its phoneme input where an entry has phonemes, and the respelling where it has none', () => {
    expect(respell('A gif, then MCP.', LEX, 'espeak').text).toBe("A [[g'If]], then M C P.");
    // The plain voice has no respelling for gif: it says the word as written.
    expect(respell('A gif', LEX, 'say').text).toBe('A gif');
    const ipaOnly = makeLexicon([{ word: 'tomato', ipa: 'təˈmeɪtoʊ' }]);
    expect(respell('tomato soup', ipaOnly, 'espeak').text).toBe("[[t@'meItoU]] soup");
  });

  it('reads pronounce as written when compile has not merged it', () => {
    expect(pronunciationsOf({ pronounce: { MCP: ' M  C P ', kubectl: { say: 'cube control' } } })).toEqual([
      { word: 'MCP', say: 'M C P' },
      { word: 'kubectl', say: 'cube control' },
    ]);
    expect(pronunciationsOf(undefined)).toEqual([]);
  });
});

const w = (text: string, startMs: number, endMs: number): Word => ({ text, startMs, endMs });

describe('writtenWords: each written word spans its spoken words', () => {
  it.each([
    {
      name: 'longer: three spoken words for one',
      written: ['the', 'MCP', 'server'],
      groups: [1, 3, 1],
      spoken: [w('the', 0, 100), w('M', 120, 200), w('C', 210, 300), w('P', 310, 420), w('server', 450, 800)],
      want: [w('the', 0, 100), w('MCP', 120, 420), w('server', 450, 800)],
    },
    {
      name: 'at start and end',
      written: ['MCP', 'and', 'ml.ink'],
      groups: [3, 1, 4],
      spoken: [w('M', 0, 10), w('C', 10, 20), w('P', 20, 30), w('and', 40, 60), w('M', 70, 80), w('L', 80, 90), w('dot', 90, 120), w('ink', 120, 160)],
      want: [w('MCP', 0, 30), w('and', 40, 60), w('ml.ink', 70, 160)],
    },
    { name: 'shorter: one for one', written: ['and/or'], groups: [1], spoken: [w('or', 5, 50)], want: [w('and/or', 5, 50)] },
    {
      name: 'adjacent groups',
      written: ['MCP', 'kubectl'],
      groups: [3, 2],
      spoken: [w('M', 0, 10), w('C', 10, 20), w('P', 20, 30), w('cube', 30, 60), w('control', 60, 120)],
      want: [w('MCP', 0, 30), w('kubectl', 30, 120)],
    },
  ])('$name', ({ written, groups, spoken, want }) => {
    expect(writtenWords(written, groups, spoken)).toEqual(want);
  });

  it('refuses spoken words that are not the groups’ count', () => {
    expect(writtenWords(['MCP'], [3], [w('M', 0, 1)])).toBeNull();
    expect(writtenWords(['a', 'b'], [1], [w('a', 0, 1)])).toBeNull();
  });
});

/** An alignment with each character lasting 50 ms. */
const even = (text: string, step = 0.05): CharacterAlignment => ({
  characters: [...text],
  startSeconds: [...text].map((_, i) => i * step),
  endSeconds: [...text].map((_, i) => (i + 1) * step),
});
const zeroed = (text: string): CharacterAlignment => ({ characters: [...text], startSeconds: [...text].map(() => 0), endSeconds: [...text].map(() => 0) });

describe('respelledLineWords: caption words from an alignment of the respelled text', () => {
  const written = 'Add the MCP server from ml.ink';
  const r = respell(written, LEX);
  // "Add the M C P server from M L dot ink": M at char 8, P ends at char 13; M of "M L" at 26, ink ends at 37.
  const want = [w('Add', 0, 150), w('the', 200, 350), w('MCP', 400, 650), w('server', 700, 1000), w('from', 1050, 1250), w('ml.ink', 1300, 1850)];

  it('the respelled text sent: its alignment, mapped back through the groups', () => {
    expect(respelledLineWords(written, r, r.text, even(r.text)).words).toEqual(want);
  });
  it('the written text sent (a dictionary): a normalised alignment of the respelling, mapped back', () => {
    expect(respelledLineWords(written, r, written, zeroed(written), even(r.text)).words).toEqual(want);
  });
  it('the written text sent and timed by the service: its own times', () => {
    const own = respelledLineWords(written, r, written, even(written)).words;
    expect(own.map((x) => x.text)).toEqual(splitWords(written));
    expect(own[2]).toEqual(w('MCP', 400, 550));
  });
  it('no pronunciation in the line: as before', () => {
    const plain = respell('Hi there', LEX);
    expect(respelledLineWords('Hi there', plain, 'Hi there', even('Hi there')).words).toEqual([w('Hi', 0, 100), w('there', 150, 400)]);
  });
});

describe('the cache key', () => {
  const voice = (entries: Pronunciation[]): VoiceProvider => ({
    name: 'espeak',
    identity: { voice: 'en-us', model: 'espeak-ng', settings: {} },
    ...(entries.length ? { pronunciations: makeLexicon(entries) } : {}),
    synthesize: async () => {
      throw new Error('not called');
    },
  });
  it('holds the pronunciations a line uses, and only those', () => {
    const line = 'Add the MCP server';
    const none = cacheKey(voice([]), line);
    expect(cacheKey(voice([{ word: 'kubectl', say: 'cube control' }]), line)).toBe(none); // unused: same key
    const mcp = cacheKey(voice([{ word: 'MCP', say: 'M C P' }]), line);
    expect(mcp).not.toBe(none);
    expect(
      cacheKey(
        voice([
          { word: 'MCP', say: 'M C P' },
          { word: 'kubectl', say: 'cube control' },
        ]),
        line,
      ),
    ).toBe(mcp);
    expect(cacheKey(voice([{ word: 'MCP', say: 'em see pee' }]), line)).not.toBe(mcp); // changed: new key
    expect(cacheKey(voice([{ word: 'MCP', say: 'M C P', ipa: 'ɛm si pi' }]), line)).not.toBe(mcp);
  });
  it('lists the used entries sorted', () => {
    expect(pronunciationKey(LEX, 'ml.ink and MCP')).toEqual([
      ['MCP', 'M C P', null, null, null],
      ['ml.ink', 'M L dot ink', null, null, null],
    ]);
  });
});

describe('phonemes for espeak-ng', () => {
  it.each([
    { ipa: 'təˈmeɪtoʊ', want: "t@'meItoU" },
    { ipa: '/ˈkjuːb kənˈtroʊl/', want: "'kju:b k@n'troUl" },
    { ipa: 'ˈθɪŋk', want: "'TINk" },
    { ipa: 'dʒɪf', want: 'dZIf' },
  ])('IPA $ipa → $want', ({ ipa, want }) => {
    expect(ipaToEspeak(ipa)).toBe(want);
  });
  it('refuses an IPA symbol it does not know', () => {
    expect(ipaToEspeak('ʁ')).toBeNull();
  });
  it.each([
    { cmu: 'K Y UW1 B', want: "kj'u:b" },
    { cmu: 'T AH0 M EY1 T OW2', want: "t@m'eIt,oU" },
  ])('CMU $cmu → $want', ({ cmu, want }) => {
    expect(cmuToEspeak(cmu)).toBe(want);
  });
  it('refuses an unknown CMU symbol', () => {
    expect(cmuToEspeak('K XX')).toBeNull();
  });
});

describe("ElevenLabs' dictionary rules", () => {
  it('alias rules from respellings; phoneme rules where the model reads them; case-sensitive for words with capitals', () => {
    const entries: Pronunciation[] = [
      { word: 'MCP', say: 'M C P' },
      { word: 'kubectl', say: 'cube control' },
      { word: 'tomato', ipa: 'təˈmeɪtoʊ' },
      { word: 'gif', espeak: "g'If" },
    ];
    expect(dictionaryRules(entries, 'eleven_multilingual_v2')).toEqual({
      rules: [
        { type: 'alias', stringToReplace: 'MCP', alias: 'M C P', caseSensitive: true, wordBoundaries: true },
        { type: 'alias', stringToReplace: 'kubectl', alias: 'cube control', caseSensitive: false, wordBoundaries: true },
      ],
      skipped: ['tomato', 'gif'],
    });
    expect(dictionaryRules(entries, 'eleven_flash_v2').rules[2]).toEqual({
      type: 'phoneme',
      stringToReplace: 'tomato',
      phoneme: 'təˈmeɪtoʊ',
      alphabet: 'ipa',
      caseSensitive: false,
      wordBoundaries: true,
    });
  });
});
