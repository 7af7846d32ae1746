/**
 * Words said right, end to end: "Add the MCP server from ml.ink" with pronounce { MCP: "M C P",
 * "ml.ink": "M L dot ink" } is SPOKEN as the respelling (espeak-ng, real, is asked for exactly
 * that: a wrapper on PATH logs what it is given; ElevenLabs, through the real SDK against the
 * local server, gets a pronunciation dictionary, or the respelled text when the dictionary
 * cannot be made) and CAPTIONED as written (narration.json, SRT, VTT), each caption word timed
 * over the span of the words said for it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chooseVoice, narrate, type SayLine } from '../../src/narration';
import { createEspeakProvider } from '../../src/narration/espeak';
import { createElevenLabsProvider } from '../../src/narration/elevenlabs';
import { makeLexicon, respell } from '../../src/narration/pronounce';
import { alignmentToWords } from '../../src/narration/words';
import { captionPages, toSrt, toVtt } from '../../src/timeline/captions';
import { FAKE_KEY, startFakeElevenLabs } from '../helpers/fake-elevenlabs';
import { VOICE, skipWithout } from '../helpers/requires';

const skip = skipWithout('pronunciations with the offline voice and the local ElevenLabs', VOICE);

const WRITTEN = 'Add the MCP server from ml.ink';
const SPOKEN = 'Add the M C P server from M L dot ink';
const PRONOUNCE = { MCP: 'M C P', 'ml.ink': 'M L dot ink' };
const LINE: SayLine = { id: 'add', text: WRITTEN, source: 'video.yaml:5:5' };

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-pronounce-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A VTT time stamp. */
const vttStamp = (ms: number) => new Date(Math.round(ms)).toISOString().slice(11, 23);
/**
 * The SRT and VTT of one line's words; `vttText` is the VTT without its per-word time stamps
 * (each checked: "<00:00:00.416>MCP" says when MCP starts).
 */
const subtitles = (words: Array<{ text: string; startMs: number; endMs: number }>) => {
  const pages = captionPages([{ startMs: 0, words }]);
  const vtt = toVtt(pages);
  for (const w of words.slice(1)) expect(vtt).toContain(`<${vttStamp(w.startMs)}>${w.text}`);
  return { srt: toSrt(pages), vtt: vtt.replace(/<[^>]+>/g, '') };
};
/** A caption word's span must be the span of the spoken words that stand for it. */
const span = (ws: Array<{ startMs: number; endMs: number }>) => ({ startMs: ws[0]!.startMs, endMs: ws.at(-1)!.endMs });

describe.skipIf(skip)('espeak-ng says the respelling, captions keep the written words', () => {
  let log: string;
  let savedPath: string | undefined;
  beforeAll(() => {
    // espeak-ng behind a wrapper that logs the text it is asked to say (its last argument).
    const real = spawnSync('sh', ['-c', 'command -v espeak-ng']).stdout.toString().trim();
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    log = path.join(dir, 'espeak.log');
    fs.writeFileSync(path.join(bin, 'espeak-ng'), `#!/bin/sh\nfor a; do last="$a"; done\nprintf '%s\\n' "$last" >> '${log}'\nexec '${real}' "$@"\n`, {
      mode: 0o755,
    });
    savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
  });
  afterAll(() => {
    process.env.PATH = savedPath;
  });
  beforeEach(() => fs.rmSync(log, { force: true }));

  it(
    'is asked to say "Add the M C P server from M L dot ink"; narration.json, SRT and VTT say "Add the MCP server from ml.ink"',
    { timeout: 60_000 },
    async () => {
      const { provider } = chooseVoice({ provider: 'espeak', pronounce: PRONOUNCE });
      const out = path.join(dir, 'espeak-narration');
      const r = await narrate([LINE], { provider, outDir: out });
      expect(r).toMatchObject({ synthesized: 1, cached: 0, warnings: [] });
      const asked = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
      // The phrase first, then each spoken word alone (for the word times); never the written words.
      expect(asked[0]).toBe(SPOKEN);
      expect(asked.slice(1)).toEqual(SPOKEN.split(' '));

      const line = JSON.parse(fs.readFileSync(path.join(out, 'narration.json'), 'utf8')).lines[0] as {
        text: string;
        words: Array<{ text: string; startMs: number; endMs: number }>;
      };
      expect(line.text).toBe(WRITTEN);
      expect(line.words.map((w) => w.text)).toEqual(WRITTEN.split(' '));
      const { srt, vtt } = subtitles(line.words);
      expect(srt).toContain(WRITTEN);
      expect(vtt).toContain(WRITTEN);
      expect(srt + vtt).not.toMatch(/M C P|dot ink/);

      // The same voice without pronunciations, given the respelling: its word times are the spoken words'.
      const plain = await createEspeakProvider().synthesize({ text: SPOKEN });
      const said = plain.words;
      expect(said.map((w) => w.text)).toEqual(SPOKEN.split(' '));
      expect(line.words[0]).toMatchObject(span(said.slice(0, 1)));
      expect(line.words[1]).toMatchObject(span(said.slice(1, 2)));
      expect(line.words[2]).toEqual({ text: 'MCP', ...span(said.slice(2, 5)) }); // M's start to P's end
      expect(line.words[3]).toMatchObject(span(said.slice(5, 6)));
      expect(line.words[5]).toEqual({ text: 'ml.ink', ...span(said.slice(7, 11)) }); // M's start to ink's end
      expect(line.words[2]!.endMs - line.words[2]!.startMs).toBeGreaterThan(300); // three letters said, not one word

      // A second run asks nothing; a pronunciation the line does not use keeps its clip.
      fs.rmSync(log, { force: true });
      const again = await narrate([LINE], {
        provider: chooseVoice({ provider: 'espeak', pronounce: { ...PRONOUNCE, kubectl: 'cube control' } }).provider,
        outDir: out,
      });
      expect(again).toMatchObject({ synthesized: 0, cached: 1 });
      expect(fs.existsSync(log)).toBe(false);
      // Changing one it uses makes the line again.
      const changed = await narrate([LINE], {
        provider: chooseVoice({ provider: 'espeak', pronounce: { ...PRONOUNCE, MCP: 'em see pee' } }).provider,
        outDir: out,
      });
      expect(changed).toMatchObject({ synthesized: 1, cached: 0 });
    },
  );

  it("speaks phonemes with espeak-ng's [[…]] input, and the word's time still maps back", { timeout: 60_000 }, async () => {
    const provider = createEspeakProvider({ pronunciations: makeLexicon([{ word: 'kubectl', espeak: "k'ju:b kVntr'oUl" }]) });
    const s = await provider.synthesize({ text: 'Run kubectl, then wait.' });
    expect(s.spoken).toBe("Run [[k'ju:b]] [[kVntr'oUl]], then wait.");
    expect(fs.readFileSync(log, 'utf8').split('\n')[0]).toBe("Run [[k'ju:b]] [[kVntr'oUl]],");
    // espeak-ng reads the brackets as phonemes: it says them, it does not spell "k ju b".
    const phon = spawnSync('espeak-ng', ['-q', '-x', '-v', 'en-us', '--', "[[k'ju:b]] [[kVntr'oUl]]"]).stdout.toString().trim();
    expect(phon).toBe("kj'u:b kVntr'oUl");
    expect(s.words.map((w) => w.text)).toEqual(['Run', 'kubectl,', 'then', 'wait.']);
    expect(s.words[1]!.endMs - s.words[1]!.startMs).toBeGreaterThan(400);
    expect(s.words[2]!.startMs).toBeGreaterThanOrEqual(s.words[1]!.endMs);
  });
});

type Fake = Awaited<ReturnType<typeof startFakeElevenLabs>>;

describe.skipIf(skip)('ElevenLabs gets a pronunciation dictionary (or the respelling), captions keep the written words', () => {
  let fake: Fake;
  beforeAll(async () => {
    fake = await startFakeElevenLabs();
  });
  afterAll(async () => fake?.close());
  beforeEach(() => fake.reset());
  const provider = (cache: string) =>
    createElevenLabsProvider({
      apiKey: FAKE_KEY,
      baseUrl: fake.baseUrl,
      voice: 'Rachel',
      maxRetries: 0,
      pronunciations: makeLexicon(Object.entries(PRONOUNCE).map(([word, say]) => ({ word, say }))),
      dictionaryCacheDir: cache,
    });

  it(
    'makes the dictionary once (remembered by content), sends its locator with the written text; caption words span their spoken words',
    { timeout: 60_000 },
    async () => {
      const cache = path.join(dir, 'dict-cache');
      const out = path.join(dir, 'el-dict');
      const r = await narrate([LINE, { ...LINE, id: 'again', text: 'MCP, again.' }], { provider: provider(cache), outDir: out });
      expect(r).toMatchObject({ synthesized: 2, warnings: [] });
      expect(fake.dictionaryRequests).toHaveLength(1);
      expect(fake.dictionaryRequests[0]!.body).toMatchObject({
        name: expect.stringMatching(/^screenplay-[0-9a-f]{16}$/),
        rules: [
          { type: 'alias', string_to_replace: 'MCP', alias: 'M C P', case_sensitive: true, word_boundaries: true },
          { type: 'alias', string_to_replace: 'ml.ink', alias: 'M L dot ink', case_sensitive: false, word_boundaries: true },
        ],
      });
      expect(fake.tts[0]!.body).toMatchObject({
        text: WRITTEN,
        pronunciation_dictionary_locators: [{ pronunciation_dictionary_id: 'dict0000000000000001', version_id: 'ver00000000000000001' }],
      });
      expect(fake.answers[0]!.spoken).toBe(SPOKEN); // the service said the respelling

      const line = JSON.parse(fs.readFileSync(path.join(out, 'narration.json'), 'utf8')).lines[0] as {
        words: Array<{ text: string; startMs: number; endMs: number }>;
      };
      expect(line.words.map((w) => w.text)).toEqual(WRITTEN.split(' '));
      const { srt, vtt } = subtitles(line.words);
      expect(srt).toContain(WRITTEN);
      expect(vtt).toContain(WRITTEN);
      // The spoken words, from the service's alignment of what it said.
      const a = fake.answers[0]!.normalized_alignment;
      const said = alignmentToWords({ characters: a.characters, startSeconds: a.character_start_times_seconds, endSeconds: a.character_end_times_seconds });
      expect(said.map((w) => w.text)).toEqual(SPOKEN.split(' '));
      expect(line.words[2]).toEqual({ text: 'MCP', ...span(said.slice(2, 5)) });
      expect(line.words[5]).toEqual({ text: 'ml.ink', ...span(said.slice(7, 11)) });

      // Another run (a new provider) finds the dictionary remembered: none is made again. The key is in no file.
      fake.reset();
      await provider(cache).synthesize({ text: 'The MCP way.' });
      expect(fake.dictionaryRequests).toHaveLength(0);
      expect(fake.tts[0]!.body.pronunciation_dictionary_locators).toEqual([
        { pronunciation_dictionary_id: 'dict0000000000000001', version_id: 'ver00000000000000001' },
      ]);
      for (const f of fs.readdirSync(cache)) expect(fs.readFileSync(path.join(cache, f), 'utf8')).not.toContain(FAKE_KEY);
    },
  );

  it('makes the dictionary again when the remembered one is gone from the account', { timeout: 60_000 }, async () => {
    const cache = path.join(dir, 'dict-cache-stale');
    // The first run remembers its dictionary; the account then loses it (a new local server).
    await provider(cache).synthesize({ text: 'MCP' });
    const [file] = fs.readdirSync(cache);
    fs.writeFileSync(path.join(cache, file!), JSON.stringify({ id: 'gone0000000000000000', versionId: 'gone-version' }));
    fake.reset();
    const s = await provider(cache).synthesize({ text: WRITTEN });
    expect(fake.tts.map((t) => t.body.pronunciation_dictionary_locators)).toEqual([
      [{ pronunciation_dictionary_id: 'gone0000000000000000', version_id: 'gone-version' }],
      [{ pronunciation_dictionary_id: expect.stringMatching(/^dict/), version_id: expect.stringMatching(/^ver/) }],
    ]);
    expect(fake.dictionaryRequests).toHaveLength(1);
    expect(s.words.map((w) => w.text)).toEqual(WRITTEN.split(' '));
    expect(JSON.parse(fs.readFileSync(path.join(cache, file!), 'utf8')).id).toMatch(/^dict/);
  });

  it('sends the respelled text when the dictionary cannot be made, saying so once; captions as written', { timeout: 60_000 }, async () => {
    fake.failDictionaryWith({ status: 500, body: { detail: { status: 'internal_error', message: 'dictionary service down' } } });
    const out = path.join(dir, 'el-fallback');
    const progress: string[] = [];
    const r = await narrate([LINE, { id: 'two', text: 'Then ml.ink deploys it.', source: 'video.yaml:6:5' }], {
      provider: provider(path.join(dir, 'dict-cache-2')),
      outDir: out,
      onProgress: (l) => progress.push(l),
    });
    expect(fake.dictionaryRequests).toHaveLength(1); // tried once, not per line
    expect(r.warnings).toEqual([
      expect.stringMatching(
        /^ElevenLabs: the pronunciation dictionary could not be made \(ElevenLabs failed \(HTTP 500\): dictionary service down\): the respellings are sent in the text instead$/,
      ),
    ]);
    expect(progress.filter((l) => l.includes('dictionary'))).toHaveLength(1);
    expect(fake.tts[0]!.body.text).toBe(SPOKEN);
    expect(fake.tts[0]!.body.pronunciation_dictionary_locators).toBeUndefined();
    expect(fake.tts[0]!.body.next_text).toBe('Then M L dot ink deploys it.'); // continuity text respelled too
    expect(fake.tts[1]!.body.text).toBe('Then M L dot ink deploys it.');

    const lines = JSON.parse(fs.readFileSync(path.join(out, 'narration.json'), 'utf8')).lines as Array<{
      words: Array<{ text: string; startMs: number; endMs: number }>;
    }>;
    expect(lines[0]!.words.map((w) => w.text)).toEqual(WRITTEN.split(' '));
    expect(lines[1]!.words.map((w) => w.text)).toEqual(['Then', 'ml.ink', 'deploys', 'it.']);
    const a = fake.answers[0]!.alignment; // the respelled text, as sent, with its own times
    const said = alignmentToWords({ characters: a.characters, startSeconds: a.character_start_times_seconds, endSeconds: a.character_end_times_seconds });
    expect(said.map((w) => w.text)).toEqual(SPOKEN.split(' '));
    expect(lines[0]!.words[2]).toEqual({ text: 'MCP', ...span(said.slice(2, 5)) });
    expect(lines[0]!.words[5]).toEqual({ text: 'ml.ink', ...span(said.slice(7, 11)) });
    expect(subtitles(lines[0]!.words).srt).toContain(WRITTEN);
    expect(
      respell(
        WRITTEN,
        makeLexicon([
          { word: 'MCP', say: 'M C P' },
          { word: 'ml.ink', say: 'M L dot ink' },
        ]),
      ).text,
    ).toBe(SPOKEN);
  });
});

describe.skipIf(skip)('the CLI', () => {
  const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ELEVENLABS_API_KEY: '' } });

  it('validate: a bad entry exits 1 naming file:line:col (the lexicon file’s own lines too); narrate: captions as written', { timeout: 60_000 }, () => {
    const proj = path.join(dir, 'cli-project');
    fs.mkdirSync(proj, { recursive: true });
    fs.writeFileSync(path.join(proj, 'package.json'), '{}');
    fs.writeFileSync(path.join(proj, 'bad.yaml'), 'voice:\n  pronounce:\n    MCP: ""\n    ml.ink: 5\nsteps:\n  - say: hi\n');
    const bad = cli('validate', path.join(proj, 'bad.yaml'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(
      /bad\.yaml:3:10: error: must be what the voice says instead \(words like "M C P"\), but got an empty text {2}\[voice\.pronounce\.MCP\]/,
    );
    expect(bad.stderr).toMatch(/bad\.yaml:4:13: error: must be what the voice says instead .*but got 5 {2}\[voice\.pronounce\.ml\.ink\]/);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack

    fs.writeFileSync(path.join(proj, 'words.pls'), '<lexicon alphabet="ipa">\n  <lexeme>\n    <grapheme>MCP</grapheme>\n  </lexeme>\n</lexicon>\n');
    fs.writeFileSync(path.join(proj, 'lex.yaml'), 'voice:\n  provider: espeak\n  lexicon: words.pls\nsteps:\n  - say: hi\n');
    const badLexicon = cli('validate', path.join(proj, 'lex.yaml'));
    expect(badLexicon.status).toBe(1);
    expect(badLexicon.stderr).toMatch(/words\.pls:2:3: error: PLS: expected a <lexeme> to have an <alias> or a <phoneme>, but it has neither/);

    fs.writeFileSync(
      path.join(proj, 'words.pls'),
      '<lexicon alphabet="ipa">\n  <lexeme>\n    <grapheme>MCP</grapheme>\n    <alias>M C P</alias>\n  </lexeme>\n</lexicon>\n',
    );
    fs.writeFileSync(
      path.join(proj, 'lex.yaml'),
      `voice:\n  provider: espeak\n  lexicon: words.pls\n  pronounce:\n    ml.ink: M L dot ink\nsteps:\n  - say: ${WRITTEN}\n`,
    );
    expect(cli('validate', path.join(proj, 'lex.yaml')).status).toBe(0);
    const out = path.join(proj, 'out');
    const made = cli('narrate', path.join(proj, 'lex.yaml'), '--out', out);
    expect(made.status).toBe(0);
    expect(made.stdout).toContain(WRITTEN);
    const n = JSON.parse(fs.readFileSync(path.join(out, 'narration.json'), 'utf8')) as { lines: Array<{ text: string; words: Array<{ text: string }> }> };
    expect(n.lines[0]!.text).toBe(WRITTEN);
    expect(n.lines[0]!.words.map((w) => w.text)).toEqual(WRITTEN.split(' '));
  });
});
