/**
 * voice.pronounce and voice.lexicon in scripts: checked at validate time with file:line:col,
 * the lexicon file (YAML, JSON or W3C PLS) read, merged and bounded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, messages } from './helpers';
import { lexiconFromPls, MAX_PRONUNCIATIONS } from '../../src/dsl/lexicon';
import { loadScript } from '../../src/cli/load-script';
import { compileScript } from '../../src/dsl';

const script = (voice: string) => `title: t\nvoice:\n${voice}\nsteps:\n  - say: Add the MCP server from ml.ink\n`;
const voiceOf = (r: ReturnType<typeof compile>) => r.plan?.settings.voice as { pronunciations?: unknown[] } | undefined;

describe('voice.pronounce', () => {
  it('is merged into voice.pronunciations (without positions: moving a line changes no sound); unused entries are fine', () => {
    const r = compile({
      'main.yaml': script(
        '  pronounce:\n    MCP: M C P\n    ml.ink: "M L dot ink"\n    unused: never said\n    kubectl: { say: cube control, espeak: "k\'ju:b" }',
      ),
    });
    expect(messages(r)).toEqual([]);
    expect(voiceOf(r)?.pronunciations).toEqual([
      { word: 'MCP', say: 'M C P' },
      { word: 'ml.ink', say: 'M L dot ink' },
      { word: 'unused', say: 'never said' },
      { word: 'kubectl', say: 'cube control', espeak: "k'ju:b" },
    ]);
  });

  it.each([
    { name: 'an empty value', voice: '  pronounce:\n    MCP: ""', want: /^main\.yaml:4:10 voice\.pronounce\.MCP: .*an empty text/ },
    { name: 'a number', voice: '  pronounce:\n    MCP: 3', want: /^main\.yaml:4:10 voice\.pronounce\.MCP: must be what the voice says instead .* but got 3/ },
    { name: 'a list', voice: '  pronounce:\n    MCP: [M, C, P]', want: /^main\.yaml:4:10 voice\.pronounce\.MCP: must be what the voice says instead/ },
    { name: 'no value', voice: '  pronounce:\n    MCP:', want: /^main\.yaml:4:\d+ voice\.pronounce\.MCP: must be what the voice says instead/ },
    { name: 'punctuation only', voice: '  pronounce:\n    MCP: "..."', want: /^main\.yaml:4:10 voice\.pronounce\.MCP: / },
    { name: 'a map with nothing to say', voice: '  pronounce:\n    MCP: {}', want: /^main\.yaml:4:10 voice\.pronounce\.MCP: / },
    { name: 'an unknown key in a map', voice: '  pronounce:\n    MCP: { sound: x }', want: /^main\.yaml:4:\d+ voice\.pronounce\.MCP/ },
    { name: 'a key with a space', voice: '  pronounce:\n    "Visual Studio": V S', want: /^main\.yaml:4:\d+ voice\.pronounce.*one written word \(no spaces\)/ },
    { name: 'a value too long', voice: `  pronounce:\n    MCP: ${'a'.repeat(400)}`, want: /^main\.yaml:4:10 voice\.pronounce\.MCP: .*at most 300/ },
  ])('refuses $name, naming file:line:col', ({ voice, want }) => {
    const r = compile({ 'main.yaml': script(voice) });
    expect(r.plan).toBeNull();
    expect(messages(r).join('\n')).toMatch(want);
  });

  it(`holds at most ${MAX_PRONUNCIATIONS} words`, () => {
    const many = Array.from({ length: MAX_PRONUNCIATIONS + 1 }, (_, i) => `    w${i}: x`).join('\n');
    expect(messages(compile({ 'main.yaml': script(`  pronounce:\n${many}`) })).join('\n')).toMatch(/at most 2000 words/);
  });
});

describe('voice.lexicon', () => {
  const withLexicon = (file: string, text: string, pronounce = '') =>
    compile({ 'main.yaml': script(`  lexicon: ${file}${pronounce ? `\n  pronounce:\n${pronounce}` : ''}`), [file]: text });

  it('reads a YAML map; pronounce wins for the same word', () => {
    const r = withLexicon('words.yaml', 'MCP: em see pee\nkubectl: { say: cube control }\n', '    MCP: M C P');
    expect(messages(r)).toEqual([]);
    expect(voiceOf(r)?.pronunciations).toEqual([
      { word: 'kubectl', say: 'cube control' },
      { word: 'MCP', say: 'M C P' },
    ]);
  });

  it('reads a JSON map', () => {
    const r = withLexicon('words.json', '{ "ml.ink": "M L dot ink" }');
    expect(voiceOf(r)?.pronunciations).toEqual([{ word: 'ml.ink', say: 'M L dot ink' }]);
  });

  it.each([
    { name: 'an empty value', file: 'w.yaml', text: 'MCP: M C P\nml.ink: ""\n', want: /^w\.yaml:2:9 : ml\.ink: .*an empty text/ },
    { name: 'a number', file: 'w.yaml', text: 'MCP: 7\n', want: /^w\.yaml:1:6 : MCP: must be what the voice says instead .*but got 7/ },
    { name: 'a bad map value', file: 'w.yaml', text: 'MCP:\n  say: 7\n', want: /^w\.yaml:2:8 : MCP\.say: / },
    { name: 'not a map', file: 'w.yaml', text: '- MCP\n', want: /^w\.yaml:1:1 : expected a lexicon: a map/ },
    { name: 'broken YAML', file: 'w.yaml', text: 'MCP: [\n', want: /^w\.yaml:\d+:\d+ : YAML: / },
    {
      name: 'an unknown format',
      file: 'w.txt',
      text: 'MCP M C P',
      want: /^main\.yaml:3:12 voice\.lexicon: expected a lexicon file ending in \.yaml, \.yml, \.json or \.pls/,
    },
  ])('refuses $name, naming file:line:col', ({ file, text, want }) => {
    const r = withLexicon(file, text);
    expect(r.plan).toBeNull();
    expect(messages(r).join('\n')).toMatch(want);
  });

  it('must be inside the project', () => {
    const r = compile({ 'main.yaml': script('  lexicon: ../outside.yaml') });
    expect(messages(r).join('\n')).toMatch(/^main\.yaml:3:12 voice\.lexicon: .*outside|leaves/);
  });

  it('a missing file is named', () => {
    const r = compile({ 'main.yaml': script('  lexicon: nowhere.yaml') });
    expect(messages(r).join('\n')).toMatch(/^main\.yaml:3:12 voice\.lexicon: expected the lexicon file "nowhere\.yaml" to be loaded/);
  });
});

const PLS = `<?xml version="1.0" encoding="UTF-8"?>
<!-- screenplay's words -->
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
  <lexeme>
    <grapheme>MCP</grapheme>
    <alias>M C P</alias>
  </lexeme>
  <lexeme>
    <grapheme>tomato</grapheme>
    <grapheme>Tomato</grapheme>
    <phoneme>təˈmeɪtoʊ</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>kubectl</grapheme>
    <phoneme alphabet="x-cmu">K Y UW1 B K AH0 N T R OW1 L</phoneme>
  </lexeme>
  <lexeme><grapheme>R&amp;D</grapheme><alias><![CDATA[R and D]]></alias></lexeme>
</lexicon>
`;

describe('PLS lexicons', () => {
  it('reads aliases, IPA and CMU phonemes, several graphemes, entities and CDATA', () => {
    expect(lexiconFromPls('w.pls', PLS)).toEqual({
      problems: [],
      entries: [
        { word: 'MCP', say: 'M C P', source: 'w.pls:5:5' },
        { word: 'tomato', ipa: 'təˈmeɪtoʊ', source: 'w.pls:9:5' },
        { word: 'Tomato', ipa: 'təˈmeɪtoʊ', source: 'w.pls:10:5' },
        { word: 'kubectl', cmu: 'K Y UW1 B K AH0 N T R OW1 L', source: 'w.pls:14:5' },
        { word: 'R&D', say: 'R and D', source: 'w.pls:17:11' },
      ],
    });
  });

  it('is read through voice.lexicon', () => {
    const r = compile({ 'main.yaml': script('  lexicon: words.pls'), 'words.pls': PLS });
    expect(messages(r)).toEqual([]);
    expect(voiceOf(r)?.pronunciations).toHaveLength(5);
  });

  it.each([
    { name: 'a DOCTYPE (entities are never expanded)', text: '<!DOCTYPE lexicon [<!ENTITY x "y">]>\n<lexicon/>', want: /^w\.pls:1:1 PLS: expected no DOCTYPE/ },
    { name: 'another root', text: '<html></html>', want: /^w\.pls:1:1 PLS: expected the root element <lexicon>, but found <html>/ },
    { name: 'a tag left open', text: '<lexicon>\n  <lexeme>\n', want: /^w\.pls:2:3 PLS: expected <\/lexeme>, but the file ends first/ },
    {
      name: 'a wrong closing tag',
      text: '<lexicon><lexeme></lexicon>',
      want: /^w\.pls:1:18 PLS: expected <\/lexeme> \(opened at 1:10\), but found <\/lexicon>/,
    },
    {
      name: 'an unknown entity',
      text: '<lexicon><lexeme><grapheme>a&nbsp;b</grapheme></lexeme></lexicon>',
      want: /^w\.pls:1:\d+ PLS: expected one of XML's five entities/,
    },
    {
      name: 'a lexeme without alias or phoneme',
      text: '<lexicon>\n<lexeme><grapheme>MCP</grapheme></lexeme></lexicon>',
      want: /^w\.pls:2:1 PLS: expected a <lexeme> to have an <alias> or a <phoneme>/,
    },
    {
      name: 'a lexeme without grapheme',
      text: '<lexicon><lexeme><alias>x</alias></lexeme></lexicon>',
      want: /^w\.pls:1:10 PLS: expected a <lexeme> to have a <grapheme>/,
    },
    {
      name: 'an empty alias',
      text: '<lexicon><lexeme><grapheme>MCP</grapheme><alias></alias></lexeme></lexicon>',
      want: /^w\.pls:1:\d+ PLS: .*an empty text|w\.pls:1:\d+ PLS: must be/,
    },
    {
      name: 'an unknown alphabet',
      text: '<lexicon alphabet="sampa"><lexeme><grapheme>a</grapheme><phoneme>x</phoneme></lexeme></lexicon>',
      want: /PLS: expected the phoneme alphabet "ipa" or "x-cmu", but found "sampa"/,
    },
    {
      name: 'a grapheme of two words',
      text: '<lexicon><lexeme><grapheme>Visual Studio</grapheme><alias>x</alias></lexeme></lexicon>',
      want: /PLS: the grapheme must be one written word/,
    },
    { name: 'text outside the root', text: 'hello <lexicon/>', want: /^w\.pls:1:1 PLS: expected only markup outside/ },
    { name: 'nothing', text: '', want: /^w\.pls:1:1 PLS: expected a PLS lexicon/ },
  ])('refuses $name, naming file:line:col', ({ text, want }) => {
    const r = lexiconFromPls('w.pls', text);
    expect(r.problems.map((p) => `${p.pos.file}:${p.pos.line}:${p.pos.column} ${p.message}`).join('\n')).toMatch(want);
  });

  it('bounds nesting', () => {
    const deep = `<lexicon>${'<a>'.repeat(40)}${'</a>'.repeat(40)}</lexicon>`;
    expect(lexiconFromPls('w.pls', deep).problems[0]?.message).toMatch(/nested at most 16 deep/);
  });
});

describe('the CLI loads the lexicon with the script, confined to the project', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-lexicon-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads it from disk', async () => {
    fs.writeFileSync(path.join(dir, 'package.json'), '{}');
    fs.mkdirSync(path.join(dir, 'words'));
    fs.writeFileSync(path.join(dir, 'words', 'lex.pls'), PLS);
    fs.writeFileSync(path.join(dir, 'video.yaml'), script('  lexicon: words/lex.pls\n  pronounce:\n    ml.ink: M L dot ink'));
    const r = compileScript(await loadScript(path.join(dir, 'video.yaml')));
    expect(r.errors).toEqual([]);
    expect((r.plan?.settings.voice as { pronunciations: Array<{ word: string }> }).pronunciations.map((p) => p.word)).toEqual([
      'MCP',
      'tomato',
      'Tomato',
      'kubectl',
      'R&D',
      'ml.ink',
    ]);
  });

  it('refuses a link out of the project, never reading it', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-outside-'));
    fs.writeFileSync(path.join(outside, 'secret.yaml'), 'MCP: leaked\n');
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'link.yaml'));
    fs.writeFileSync(path.join(dir, 'video2.yaml'), script('  lexicon: link.yaml'));
    const loaded = await loadScript(path.join(dir, 'video2.yaml'));
    expect(Object.values(loaded.files).some((t) => typeof t === 'string' && t.includes('leaked'))).toBe(false);
    const r = compileScript(loaded);
    expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`).join('\n')).toMatch(/^video2\.yaml:3:12 .*(outside|leaves)/);
    fs.rmSync(outside, { recursive: true, force: true });
  });
});
