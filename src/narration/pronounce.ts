/**
 * Words said right (pure): the script's pronunciations (src/dsl/lexicon.ts) applied to what a
 * voice is asked to say, and the way back from the spoken words to the written ones, so
 * captions keep the script's words with the times the voice said them.
 *
 * Matching: a pronunciation's word matches a whole written word (speech-text.ts's words: runs
 * between whitespace), after any opening quotes or brackets, and before an optional possessive
 * ('s or ’s) and any trailing punctuation: "MCP", "(MCP)", "MCP's", "ml.ink," all match. A word
 * written with a capital letter matches only as written (MCP: not "mcp"); a word written all in
 * lower case matches in any case (kubectl: "Kubectl", "KUBECTL"). Where several words could
 * match ("ml" and "ml.ink" in "ml.ink,"), the longest wins. A pronunciation never matches part
 * of a word ("ml" is not found in "html").
 */
import type { Pronunciation } from '../dsl/lexicon';
import { splitWords } from './speech-text';
import type { Word } from './words';

export type { Pronunciation } from '../dsl/lexicon';

/** A lexicon ready for matching: by exact word, and by lower-case word for all-lower-case entries. */
export type Lexicon = { entries: readonly Pronunciation[]; exact: Map<string, Pronunciation>; folded: Map<string, Pronunciation>; longest: number };

/** Opening quotes and brackets, and a technical term's opening backtick (code-terms.ts). */
const OPENERS = /^["'“‘«(\[{¿¡`]+/u;
/** What may follow a matched word inside the same written word: a closing backtick, a possessive, then punctuation. */
const TAIL = /^`?(?:['’]s)?[\p{P}`]*$/u;

/** A Lexicon of `entries` (later entries win for the same word). */
export const makeLexicon = (entries: readonly Pronunciation[]): Lexicon => {
  const exact = new Map<string, Pronunciation>();
  const folded = new Map<string, Pronunciation>();
  for (const e of entries) {
    if (e.word === e.word.toLowerCase()) folded.set(e.word, e);
    else exact.set(e.word, e);
  }
  return { entries, exact, folded, longest: Math.max(0, ...entries.map((e) => e.word.length)) };
};

/** The pronunciations of a voice setting: compile's merged `pronunciations`, else `pronounce` as written (a map of word → respelling). */
export const pronunciationsOf = (voice: { pronunciations?: unknown; pronounce?: unknown } | undefined): Pronunciation[] => {
  if (Array.isArray(voice?.pronunciations)) return voice.pronunciations as Pronunciation[];
  const p = voice?.pronounce;
  if (!p || typeof p !== 'object') return [];
  return Object.entries(p as Record<string, unknown>).flatMap(([word, v]): Pronunciation[] =>
    typeof v === 'string' ? [{ word, say: v.replace(/\s+/gu, ' ').trim() }] : v && typeof v === 'object' ? [{ word, ...(v as object) }] : [],
  );
};

/** The match inside one written word: what comes before the matched word (openers), the entry, and what comes after (possessive, punctuation). */
export type WordMatch = { prefix: string; entry: Pronunciation; tail: string };

/** The pronunciation that matches `written` (one written word), or null. */
export const matchWord = (lex: Lexicon, written: string): WordMatch | null => {
  if (lex.entries.length === 0) return null;
  const prefix = OPENERS.exec(written)?.[0] ?? '';
  const rest = written.slice(prefix.length);
  for (let n = Math.min(rest.length, lex.longest); n > 0; n--) {
    const tail = rest.slice(n);
    if (!TAIL.test(tail)) continue;
    const cand = rest.slice(0, n);
    const entry = lex.exact.get(cand) ?? lex.folded.get(cand.toLowerCase());
    if (entry) return { prefix, entry, tail };
  }
  return null;
};

/**
 * How a voice says an entry: `say` the respelling; `espeak` espeak-ng's phoneme input (each
 * phoneme word in [[ ]]) where the entry gives espeak phonemes, or IPA/CMU it can convert, else
 * the respelling.
 */
export type SpeechMode = 'say' | 'espeak';

/** The spoken words for `entry` in `mode`, or null when it gives nothing this voice can say (the written word stays). */
export const spokenFor = (entry: Pronunciation, mode: SpeechMode): string[] | null => {
  if (mode === 'espeak') {
    const ph =
      entry.espeak ?? (entry.say === undefined ? ((entry.ipa && ipaToEspeak(entry.ipa)) ?? (entry.cmu && cmuToEspeak(entry.cmu)) ?? undefined) : undefined);
    if (ph)
      return ph
        .split(/\s+/u)
        .filter(Boolean)
        .map((p) => `[[${p}]]`);
  }
  return entry.say ? entry.say.split(/\s+/u).filter(Boolean) : null;
};

/**
 * A line as the voice is asked to say it: `text` (the written text with each matched word
 * replaced, whitespace between words kept as written; the same string when nothing matched),
 * `groups` (for each written word, speech-text.ts's splitWords of `written`, how many spoken
 * words stand for it, in order) and `used` (the entries that matched, each once, in order of
 * first use).
 */
export type Respelled = { text: string; groups: number[]; used: Pronunciation[] };

/** `written` as the voice says it with `lex` (see Respelled). */
export const respell = (written: string, lex: Lexicon, mode: SpeechMode = 'say'): Respelled => {
  const groups: number[] = [];
  const used: Pronunciation[] = [];
  if (lex.entries.length === 0) return { text: written, groups: splitWords(written).map(() => 1), used };
  // Words and the whitespace between them, as written (splitWords' separators).
  const parts = written.split(/([^\S\u00a0\u2007\u202f]+)/u);
  const text = parts
    .map((part, i) => {
      if (i % 2 === 1 || part === '') return part;
      const m = matchWord(lex, part);
      const spoken = m && spokenFor(m.entry, mode);
      if (!m || !spoken) {
        groups.push(1);
        return part;
      }
      if (!used.includes(m.entry)) used.push(m.entry);
      groups.push(spoken.length);
      const words = [...spoken];
      words[0] = m.prefix + words[0]!;
      words[words.length - 1] += m.tail;
      return words.join(' ');
    })
    .join('');
  return { text, groups, used };
};

/**
 * The written words timed from the spoken ones: written word i takes the span of its group of
 * spoken words (the first one's start to the last one's end). `spoken` must be timed words of
 * the respelled text, in order: when their count is not the groups' total, null.
 */
export const writtenWords = (written: readonly string[], groups: readonly number[], spoken: readonly Word[]): Word[] | null => {
  if (groups.length !== written.length || groups.reduce((a, b) => a + b, 0) !== spoken.length) return null;
  let at = 0;
  return written.map((text, i) => {
    const g = spoken.slice(at, at + groups[i]!);
    at += groups[i]!;
    return { text, startMs: g[0]!.startMs, endMs: Math.max(...g.map((w) => w.endMs)) };
  });
};

/**
 * What of the lexicon changes the sound of `text` (for the narration cache key): the entries
 * that match in it, each as [word, say, ipa, cmu, espeak], sorted. Empty when none does, so a
 * line without pronunciations keeps its key.
 */
export const pronunciationKey = (lex: Lexicon, text: string): unknown[] =>
  respell(text, lex)
    .used.map((e) => [e.word, e.say ?? null, e.ipa ?? null, e.cmu ?? null, e.espeak ?? null])
    .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));

// ---------------------------------------------------------------------------------------------
// Phonemes for espeak-ng: IPA and CMU Arpabet in its own notation (American English).

/** IPA → espeak-ng (en-us), longest symbols first. */
const IPA: Array<[string, string]> = [
  ['tʃ', 'tS'],
  ['dʒ', 'dZ'],
  ['eɪ', 'eI'],
  ['aɪ', 'aI'],
  ['ɔɪ', 'OI'],
  ['oʊ', 'oU'],
  ['əʊ', 'oU'],
  ['aʊ', 'aU'],
  ['ɪə', 'i@'],
  ['ɛə', 'e@'],
  ['ʊə', 'U@'],
  ['ɑː', 'A:'],
  ['ɔː', 'O:'],
  ['uː', 'u:'],
  ['iː', 'i:'],
  ['ɜː', '3:'],
  ['ɝ', '3:'],
  ['ɚ', '3'],
  ['ə', '@'],
  ['æ', 'a'],
  ['ɑ', 'A:'],
  ['ɒ', 'A:'],
  ['ɔ', 'O:'],
  ['ʊ', 'U'],
  ['u', 'u:'],
  ['i', 'i:'],
  ['ɪ', 'I'],
  ['ɛ', 'E'],
  ['e', 'e'],
  ['ʌ', 'V'],
  ['ɜ', '3:'],
  ['a', 'a'],
  ['o', 'o'],
  ['θ', 'T'],
  ['ð', 'D'],
  ['ʃ', 'S'],
  ['ʒ', 'Z'],
  ['ŋ', 'N'],
  ['ɹ', 'r'],
  ['r', 'r'],
  ['ɾ', 't'],
  ['ʔ', 't'],
  ['j', 'j'],
  ['ɡ', 'g'],
  ['g', 'g'],
  ['ˈ', "'"],
  ['ˌ', ','],
  ['ː', ':'],
  ['.', ''],
  ...'bdfhklmnpstvwz'.split('').map((c): [string, string] => [c, c]),
];

/** IPA (American English) in espeak-ng's notation, or null when it holds a symbol this table does not know. */
export const ipaToEspeak = (ipa: string): string | null => {
  const out: string[] = [];
  const s = ipa.normalize('NFC').replace(/^[/[]|[/\]]$/gu, '');
  let i = 0;
  while (i < s.length) {
    if (/\s/u.test(s[i]!)) {
      out.push(' ');
      i++;
      continue;
    }
    if (s[i] === "'") {
      out.push("'");
      i++;
      continue;
    }
    const hit = IPA.find(([k]) => s.startsWith(k, i));
    if (!hit) return null;
    out.push(hit[1]);
    i += hit[0].length;
  }
  const r = out.join('').replace(/\s+/gu, ' ').trim();
  return r === '' ? null : r;
};

/** CMU Arpabet (stress digits 0-2) → espeak-ng. */
const CMU: Record<string, string> = {
  AA: 'A:',
  AE: 'a',
  AH: 'V',
  AO: 'O:',
  AW: 'aU',
  AY: 'aI',
  B: 'b',
  CH: 'tS',
  D: 'd',
  DH: 'D',
  EH: 'E',
  ER: '3:',
  EY: 'eI',
  F: 'f',
  G: 'g',
  HH: 'h',
  IH: 'I',
  IY: 'i:',
  JH: 'dZ',
  K: 'k',
  L: 'l',
  M: 'm',
  N: 'n',
  NG: 'N',
  OW: 'oU',
  OY: 'OI',
  P: 'p',
  R: 'r',
  S: 's',
  SH: 'S',
  T: 't',
  TH: 'T',
  UH: 'U',
  UW: 'u:',
  V: 'v',
  W: 'w',
  Y: 'j',
  Z: 'z',
  ZH: 'Z',
};

/** CMU Arpabet ("K Y UW1 B") in espeak-ng's notation (one word), or null when a symbol is unknown. */
export const cmuToEspeak = (cmu: string): string | null => {
  const out: string[] = [];
  for (const sym of cmu.trim().toUpperCase().split(/\s+/u)) {
    const m = /^([A-Z]+)([012])?$/.exec(sym);
    const p = m && CMU[m[1]!];
    if (!p) return null;
    // Unstressed AH is a schwa.
    out.push(`${m[2] === '1' ? "'" : m[2] === '2' ? ',' : ''}${m[1] === 'AH' && m[2] === '0' ? '@' : p}`);
  }
  return out.length ? out.join('') : null;
};
