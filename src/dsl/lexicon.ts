/**
 * Pronunciations (pure): the entries of `voice.pronounce` and of a lexicon file (`voice.lexicon`:
 * a YAML or JSON map like `pronounce`, or a W3C PLS 1.0 file, the format ElevenLabs accepts),
 * checked and bounded, every problem positioned at file:line:col. What the voices do with them
 * lives in src/narration/pronounce.ts; docs/pronunciation.md is the user's page.
 */
import { z } from 'zod';
import type { LNode, Pos } from './located';

/**
 * One pronunciation: the written `word` (one word, no whitespace; matched as
 * src/narration/pronounce.ts says) and how to say it: `say` (a respelling in words, "M C P"),
 * and/or phonemes in IPA (`ipa`), CMU Arpabet (`cmu`) or espeak-ng's own notation (`espeak`).
 * `source`: where it is written ("file:line:col").
 */
export type Pronunciation = { word: string; say?: string; ipa?: string; cmu?: string; espeak?: string; source?: string };

/** Bounds: entries in all, a word's length, a respelling's or phoneme string's length (characters). */
export const MAX_PRONUNCIATIONS = 2000;
export const MAX_WORD_LENGTH = 100;
export const MAX_SAY_LENGTH = 300;
/** The largest lexicon file read (bytes). */
export const MAX_LEXICON_BYTES = 1024 * 1024;

const got = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : (JSON.stringify(v) ?? 'nothing'));

/** A written word a pronunciation replaces: one word (no whitespace), at most MAX_WORD_LENGTH characters, something to say in it. */
export const pronounceWord = z
  .string()
  .max(MAX_WORD_LENGTH, `must be one word of at most ${MAX_WORD_LENGTH} characters`)
  .refine((w) => w.length > 0 && !/\s/u.test(w), { error: (iss) => `must be one written word (no spaces), but got ${got(iss.input)}` })
  .refine((w) => /[\p{L}\p{N}\p{S}]/u.test(w), { error: (iss) => `must be a word with letters or digits, but got ${got(iss.input)}` });

const said = (v: unknown) => (v === '' ? 'an empty text' : typeof v === 'string' && v.trim() === '' ? 'only spaces' : got(v));
const sayText = z
  .string({ error: (iss) => `must be what the voice says instead (words like "M C P"), but got ${said(iss.input)}` })
  .max(MAX_SAY_LENGTH, `must be at most ${MAX_SAY_LENGTH} characters`)
  .refine((s) => /[\p{L}\p{N}]/u.test(s), { error: (iss) => `must be what the voice says instead (words like "M C P"), but got ${said(iss.input)}` });
const phonemeText = (what: string) =>
  z
    .string({ error: (iss) => `must be phonemes in ${what}, but got ${got(iss.input)}` })
    .max(MAX_SAY_LENGTH, `must be at most ${MAX_SAY_LENGTH} characters`)
    .refine((s) => s.trim() !== '' && !/[[\]<>]/u.test(s.replace(/^\s*\[\[|\]\]\s*$/gu, '')), {
      error: (iss) => `must be phonemes in ${what} (no brackets or < >), but got ${got(iss.input)}`,
    });

/**
 * A pronunciation's value: the respelling ("M C P"), or a map of `say`, `ipa`, `cmu`, `espeak`
 * (at least one).
 */
const pronounceObject = z
  .object({
    say: sayText.optional(),
    ipa: phonemeText('IPA').optional(),
    cmu: phonemeText('CMU Arpabet').optional(),
    espeak: phonemeText("espeak-ng's notation").optional(),
  })
  .strict()
  .refine((o) => o.say !== undefined || o.ipa !== undefined || o.cmu !== undefined || o.espeak !== undefined, {
    error: 'needs one of say (a respelling), ipa, cmu or espeak (phonemes)',
  });
export const pronounceValue = z.union([sayText, pronounceObject], {
  error: (iss) =>
    `must be what the voice says instead (a respelling like "M C P") or { say, ipa, cmu, espeak }, but got ${iss.input === '' ? 'an empty text' : got(iss.input)}`,
});

/** `voice.pronounce`: written word → its pronunciation, at most MAX_PRONUNCIATIONS. */
export const pronounceMap = z
  .record(pronounceWord, pronounceValue)
  .refine((m) => Object.keys(m).length <= MAX_PRONUNCIATIONS, `must hold at most ${MAX_PRONUNCIATIONS} words`);

/** The entry of `word` whose value `v` passed pronounceValue. */
export const toPronunciation = (word: string, v: z.infer<typeof pronounceValue>, source?: string): Pronunciation => {
  const o = typeof v === 'string' ? { say: v } : v;
  const out: Pronunciation = { word };
  if (o.say !== undefined) out.say = o.say.replace(/\s+/gu, ' ').trim();
  if (o.ipa !== undefined) out.ipa = o.ipa.trim();
  if (o.cmu !== undefined) out.cmu = o.cmu.trim();
  if (o.espeak !== undefined)
    out.espeak = o.espeak
      .trim()
      .replace(/^\[\[|\]\]$/gu, '')
      .trim();
  if (source) out.source = source;
  return out;
};

export type LexiconProblem = { pos: Pos; message: string };
export type LexiconResult = { entries: Pronunciation[]; problems: LexiconProblem[] };

const at = (p: Pos) => `${p.file}:${p.line}:${p.column}`;

/**
 * A YAML/JSON lexicon (parsed with positions: src/dsl/located.ts): a map like `voice.pronounce`.
 * Problems are positioned at the key or value they are about.
 */
export const lexiconFromTree = (root: LNode): LexiconResult => {
  const problems: LexiconProblem[] = [];
  if (root.kind !== 'map')
    return { entries: [], problems: [{ pos: root.pos, message: 'expected a lexicon: a map of written words to what the voice says (MCP: "M C P")' }] };
  if (root.entries.length > MAX_PRONUNCIATIONS)
    return { entries: [], problems: [{ pos: root.pos, message: `expected at most ${MAX_PRONUNCIATIONS} words, but the lexicon has ${root.entries.length}` }] };
  const entries: Pronunciation[] = [];
  for (const e of root.entries) {
    const w = pronounceWord.safeParse(e.key);
    if (!w.success) {
      problems.push({ pos: e.keyPos, message: w.error.issues[0]!.message });
      continue;
    }
    const value = plainOf(e.value);
    // A map is checked as one, so a problem inside it is placed at its key.
    const v = e.value.kind === 'map' ? pronounceObject.safeParse(value) : pronounceValue.safeParse(value);
    if (!v.success) {
      const iss = v.error.issues[0]!;
      // An issue inside a map value is positioned at its key's value.
      const inner = iss.path.length && e.value.kind === 'map' ? e.value.entries.find((x) => x.key === iss.path[0]) : undefined;
      problems.push({ pos: inner?.value.pos ?? e.value.pos, message: `${e.key}${inner ? `.${inner.key}` : ''}: ${iss.message}` });
      continue;
    }
    entries.push(toPronunciation(e.key, v.data, at(e.keyPos)));
  }
  return { entries, problems };
};

const plainOf = (n: LNode): unknown => {
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') return n.items.map(plainOf);
  return Object.fromEntries(n.entries.map((e) => [e.key, plainOf(e.value)]));
};

// ---------------------------------------------------------------------------------------------
// PLS (W3C Pronunciation Lexicon Specification 1.0): a bounded reader of the subset lexicons use.

/** An XML element as the PLS reader sees it: name (without prefix), attributes, children, text, position. */
type XmlElement = { name: string; attrs: Record<string, string>; children: XmlElement[]; text: string; pos: Pos };

/** The most elements a PLS file may hold, and how deep they may nest. */
const MAX_XML_ELEMENTS = 50_000;
const MAX_XML_DEPTH = 16;

class XmlError extends Error {
  constructor(
    readonly pos: Pos,
    message: string,
  ) {
    super(message);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Parses the XML of a PLS file: elements, attributes, text, comments, CDATA, the XML declaration
 * and processing instructions. A DOCTYPE (and so any entity beyond the five predefined and
 * character references) is refused: nothing is expanded, nothing is fetched.
 */
const parseXml = (file: string, text: string): XmlElement => {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const posAt = (offset: number): Pos => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const decode = (s: string, offset: number): string =>
    s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]+);?/g, (m, name: string, i: number) => {
      if (!m.endsWith(';')) throw new XmlError(posAt(offset + i), `expected an entity reference to end with ";", but found ${JSON.stringify(m)}`);
      if (name.startsWith('#')) {
        const cp = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        if (!(cp > 0 && cp <= 0x10ffff)) throw new XmlError(posAt(offset + i), `expected a character reference, but found ${m}`);
        return String.fromCodePoint(cp);
      }
      const e = ENTITIES[name];
      if (e === undefined) throw new XmlError(posAt(offset + i), `expected one of XML's five entities (&amp; &lt; &gt; &quot; &apos;), but found ${m}`);
      return e;
    });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let count = 0;
  let i = 0;
  const NAME = /[A-Za-z_][\w.:-]*/y;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (chunk.trim() !== '') {
      if (!stack.length)
        throw new XmlError(posAt(i), `expected only markup outside the <lexicon> element, but found text ${JSON.stringify(chunk.trim().slice(0, 30))}`);
      stack.at(-1)!.text += decode(chunk, i);
    }
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) throw new XmlError(posAt(i), 'expected the comment to end with -->, but the file ends first');
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i);
      if (end < 0 || !stack.length) throw new XmlError(posAt(i), 'expected a CDATA section inside an element, ending with ]]>');
      stack.at(-1)!.text += text.slice(i + 9, end);
      i = end + 3;
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) throw new XmlError(posAt(i), 'expected the declaration to end with ?>, but the file ends first');
      i = end + 2;
    } else if (text.startsWith('<!', i)) {
      throw new XmlError(posAt(i), 'expected no DOCTYPE or entity declarations in a lexicon (they are not read)');
    } else if (text.startsWith('</', i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(text);
      const close = text.indexOf('>', i);
      const open = stack.pop();
      if (!m || close < 0 || text.slice(NAME.lastIndex, close).trim() !== '') throw new XmlError(posAt(i), 'expected a closing tag like </lexeme>');
      if (!open || local(m[0]) !== open.name)
        throw new XmlError(
          posAt(i),
          `expected ${open ? `</${open.name}> (opened at ${open.pos.line}:${open.pos.column})` : 'no closing tag'}, but found </${m[0]}>`,
        );
      i = close + 1;
    } else {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(text);
      if (!m) throw new XmlError(posAt(i), `expected an element name after "<", but found ${JSON.stringify(text.slice(i, i + 10))}`);
      const el: XmlElement = { name: local(m[0]), attrs: {}, children: [], text: '', pos: posAt(i) };
      if (++count > MAX_XML_ELEMENTS) throw new XmlError(el.pos, `expected at most ${MAX_XML_ELEMENTS} elements in a lexicon`);
      let j = NAME.lastIndex;
      const ATTR = /\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
      for (;;) {
        ATTR.lastIndex = j;
        const a = ATTR.exec(text);
        if (!a) break;
        el.attrs[a[1]!] = decode(a[2] ?? a[3] ?? '', j);
        j = ATTR.lastIndex;
      }
      const rest = /\s*(\/?)>/y;
      rest.lastIndex = j;
      const r = rest.exec(text);
      if (!r)
        throw new XmlError(
          posAt(j),
          `expected the <${m[0]}> tag to end with > (attributes as name="value"), but found ${JSON.stringify(text.slice(j, j + 20))}`,
        );
      i = rest.lastIndex;
      if (stack.length) stack.at(-1)!.children.push(el);
      else if (root) throw new XmlError(el.pos, 'expected one root element (<lexicon>), but found another');
      else root = el;
      if (!r[1]) {
        if (stack.length >= MAX_XML_DEPTH) throw new XmlError(el.pos, `expected elements nested at most ${MAX_XML_DEPTH} deep`);
        stack.push(el);
      }
    }
  }
  if (stack.length) throw new XmlError(stack.at(-1)!.pos, `expected </${stack.at(-1)!.name}>, but the file ends first`);
  if (!root) throw new XmlError(posAt(0), 'expected a PLS lexicon (<lexicon …>), but found no element');
  return root;
};

/** An element name without its namespace prefix. */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

const PLS_ALPHABETS: Record<string, 'ipa' | 'cmu'> = { ipa: 'ipa', 'x-cmu': 'cmu', cmu: 'cmu', 'cmu-arpabet': 'cmu', 'x-cmu-arpabet': 'cmu' };

/**
 * A PLS lexicon: each <lexeme>'s <grapheme>s (one word each) with its <alias> (a respelling,
 * `say`) and/or <phoneme> (in the lexicon's or the phoneme's alphabet: "ipa", or CMU Arpabet
 * as "x-cmu"/"cmu-arpabet"). The first alias and the first phoneme of a lexeme count. Problems
 * are positioned at the element they are about.
 */
export const lexiconFromPls = (file: string, text: string): LexiconResult => {
  let root: XmlElement;
  try {
    root = parseXml(file, text);
  } catch (e) {
    if (e instanceof XmlError) return { entries: [], problems: [{ pos: e.pos, message: `PLS: ${e.message}` }] };
    throw e;
  }
  const problems: LexiconProblem[] = [];
  if (root.name !== 'lexicon')
    return { entries: [], problems: [{ pos: root.pos, message: `PLS: expected the root element <lexicon>, but found <${root.name}>` }] };
  const alphabet = root.attrs.alphabet ?? 'ipa';
  const entries: Pronunciation[] = [];
  for (const lx of root.children) {
    if (lx.name !== 'lexeme') continue; // <meta>, <metadata>
    const graphemes = lx.children.filter((c) => c.name === 'grapheme');
    const alias = lx.children.find((c) => c.name === 'alias');
    const phoneme = lx.children.find((c) => c.name === 'phoneme');
    if (!graphemes.length) {
      problems.push({ pos: lx.pos, message: 'PLS: expected a <lexeme> to have a <grapheme> (the written word), but it has none' });
      continue;
    }
    if (!alias && !phoneme) {
      problems.push({ pos: lx.pos, message: 'PLS: expected a <lexeme> to have an <alias> or a <phoneme>, but it has neither' });
      continue;
    }
    const value: Record<string, string> = {};
    let bad = false;
    if (alias) value.say = alias.text;
    if (phoneme) {
      const a = phoneme.attrs.alphabet ?? alphabet;
      const kind = PLS_ALPHABETS[a.toLowerCase()];
      if (!kind) {
        problems.push({ pos: phoneme.pos, message: `PLS: expected the phoneme alphabet "ipa" or "x-cmu", but found ${JSON.stringify(a)}` });
        bad = true;
      } else value[kind] = phoneme.text;
    }
    if (bad) continue;
    const v = pronounceValue.safeParse(value);
    if (!v.success) {
      const iss = v.error.issues[0]!;
      problems.push({ pos: (iss.path[0] === 'say' ? alias : phoneme)?.pos ?? lx.pos, message: `PLS: ${iss.message}` });
      continue;
    }
    for (const g of graphemes) {
      const word = g.text.trim();
      const w = pronounceWord.safeParse(word);
      if (!w.success) {
        problems.push({ pos: g.pos, message: `PLS: the grapheme ${w.error.issues[0]!.message}` });
        continue;
      }
      entries.push(toPronunciation(word, v.data, at(g.pos)));
    }
    if (entries.length > MAX_PRONUNCIATIONS) {
      problems.push({ pos: lx.pos, message: `PLS: expected at most ${MAX_PRONUNCIATIONS} words in a lexicon` });
      break;
    }
  }
  return { entries, problems };
};

/** The lexicon formats, by file extension. */
export const lexiconFormat = (file: string): 'map' | 'pls' | null => (/\.(ya?ml|json)$/i.test(file) ? 'map' : /\.(pls|xml)$/i.test(file) ? 'pls' : null);

/**
 * The entries of a script's voice: the lexicon's first, then `pronounce`'s (which win for the
 * same word). The result is what the voices get (src/narration/pronounce.ts).
 */
export const mergePronunciations = (lexicon: readonly Pronunciation[], pronounce: readonly Pronunciation[]): Pronunciation[] => {
  const byWord = new Map<string, Pronunciation>();
  for (const p of [...lexicon, ...pronounce]) {
    byWord.delete(p.word);
    byWord.set(p.word, p);
  }
  return [...byWord.values()];
};
