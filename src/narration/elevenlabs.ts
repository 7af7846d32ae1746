/**
 * ElevenLabs through its official SDK (`@elevenlabs/elevenlabs-js`): text-to-speech with
 * timestamps, so every line comes back with its audio (MP3) and a character alignment that
 * becomes word timings. The voice may be a name (looked up once in the account's voices) or an
 * id; the previous and next lines are passed for continuity. ELEVENLABS_BASE_URL points the SDK
 * elsewhere (a proxy; the tests' local server). The API key never reaches a log or an error.
 * Pronunciations (pronounce.ts) become a pronunciation dictionary made once (add-from-rules,
 * remembered in the user's cache by its rules' hash) whose locator goes with every request; when
 * it cannot be made, the text goes respelled instead (a notice says so once). Either way the
 * caption words are the written ones (words.ts respelledLineWords).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import { runtimeError, ScreenplayError } from '../errors';
import { cacheDir } from '../util/cache-dir';
import { respell, type Lexicon, type Pronunciation } from './pronounce';
import { knownSecrets, scrubText } from '../secrets';
import type { Synthesis, SynthesisRequest, VoiceProvider } from './provider';
import { withoutCodeMarks } from './code-terms';
import { splitWords } from './speech-text';
import { respelledLineWords } from './words';

export type ElevenLabsOptions = {
  apiKey: string;
  baseUrl?: string;
  /** A voice name ("Rachel") or id. */
  voice?: string;
  model?: string;
  settings?: Record<string, unknown>;
  timeoutSeconds?: number;
  maxRetries?: number;
  /** The script's pronunciations: made into an ElevenLabs pronunciation dictionary, or sent respelled in the text when that fails. */
  pronunciations?: Lexicon;
  /** Where made dictionaries are remembered (by content): default the user's cache, elevenlabs/. */
  dictionaryCacheDir?: string;
};

/** The models that read phoneme rules (the others skip the word: ElevenLabs' docs). */
export const PHONEME_MODELS: ReadonlySet<string> = new Set(['eleven_flash_v2', 'eleven_turbo_v2', 'eleven_monolingual_v1']);

/** A rule of ElevenLabs' add-from-rules request, as the SDK takes it. */
export type DictionaryRule =
  | { type: 'alias'; stringToReplace: string; alias: string; caseSensitive: boolean; wordBoundaries: true }
  | { type: 'phoneme'; stringToReplace: string; phoneme: string; alphabet: 'ipa' | 'cmu-arpabet'; caseSensitive: boolean; wordBoundaries: true };

/**
 * The dictionary rules for `entries` with `model` (pure): a phoneme rule where the entry gives
 * IPA or CMU and the model reads phonemes, else an alias rule from its respelling; an entry
 * with neither for this model is `skipped` (it is said as written). A word written all in lower
 * case matches in any case (pronounce.ts), so its rule is not case-sensitive.
 */
export const dictionaryRules = (entries: readonly Pronunciation[], model: string): { rules: DictionaryRule[]; skipped: string[] } => {
  const rules: DictionaryRule[] = [];
  const skipped: string[] = [];
  for (const e of entries) {
    const base = { stringToReplace: e.word, caseSensitive: e.word !== e.word.toLowerCase(), wordBoundaries: true as const };
    if ((e.ipa || e.cmu) && PHONEME_MODELS.has(model)) {
      rules.push({ type: 'phoneme', ...base, phoneme: (e.ipa ?? e.cmu)!, alphabet: e.ipa ? 'ipa' : 'cmu-arpabet' });
    } else if (e.say) rules.push({ type: 'alias', ...base, alias: e.say });
    else skipped.push(e.word);
  }
  return { rules, skipped };
};

/** The SDK, imported on the first request (it takes over a second to load; a command that never narrates with ElevenLabs never pays that). */
let sdk: typeof import('@elevenlabs/elevenlabs-js') | undefined;
const loadSdk = async () => (sdk ??= await import('@elevenlabs/elevenlabs-js'));

export const DEFAULT_VOICE = 'Rachel';
export const DEFAULT_MODEL = 'eleven_multilingual_v2';

const detail = (body: unknown): { status?: string; message?: string } => {
  const d = (body as { detail?: unknown } | undefined)?.detail;
  if (typeof d === 'string') return { message: d };
  if (Array.isArray(d)) return { status: 'validation_error', message: d.map((x) => (x as { msg?: string }).msg ?? JSON.stringify(x)).join('; ') };
  if (d && typeof d === 'object') return d as { status?: string; message?: string };
  return {};
};

/** What went wrong, in words a user can act on (never the key). */
export const describeElevenLabsError = (err: unknown): string => {
  // No SDK loaded: no request was made, so this is no ElevenLabsError.
  if (sdk && err instanceof sdk.ElevenLabsError) {
    const { status, message } = detail(err.body);
    const said = message ? `: ${message}` : '';
    if (err.statusCode === undefined)
      return /timeout/i.test(err.message) ? 'ElevenLabs did not answer in time (timeout)' : `could not reach ElevenLabs: ${err.message}`;
    if (status === 'quota_exceeded') return `ElevenLabs quota exceeded (HTTP ${err.statusCode})${said}: the account has no characters left this period`;
    if (err.statusCode === 401) return `ElevenLabs rejected the API key (HTTP 401${status ? `, ${status}` : ''})${said}: check ELEVENLABS_API_KEY`;
    if (err.statusCode === 429) {
      return status === 'too_many_concurrent_requests'
        ? `ElevenLabs: too many concurrent requests (HTTP 429)${said}: the plan's concurrency limit was reached; try again or narrate fewer lines at once`
        : `ElevenLabs rate limit (HTTP 429${status ? `, ${status}` : ''})${said}: wait and run again (lines already made are cached)`;
    }
    if (err.statusCode === 422) return `ElevenLabs could not process the text (HTTP 422)${said}`;
    if (err.statusCode === 404) return `ElevenLabs: not found (HTTP 404)${said}: is the voice id right?`;
    return `ElevenLabs failed (HTTP ${err.statusCode})${said}`;
  }
  const m = (err as Error).message;
  return `ElevenLabs failed: ${m.length > 300 ? `${m.slice(0, 300)}…` : m}`;
};

/** Whether ElevenLabs refused a request for naming a pronunciation dictionary it does not have. */
const isMissingDictionary = (err: unknown): boolean =>
  !!sdk && err instanceof sdk.ElevenLabsError && (err.statusCode === 404 || err.statusCode === 400) && /dictionar/i.test(JSON.stringify(err.body ?? ''));

export const createElevenLabsProvider = (o: ElevenLabsOptions): VoiceProvider => {
  let clientMade: Promise<ElevenLabsClient> | null = null;
  const client = () =>
    (clientMade ??= loadSdk().then(
      ({ ElevenLabsClient }) =>
        new ElevenLabsClient({
          apiKey: o.apiKey,
          ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
          timeoutInSeconds: o.timeoutSeconds ?? 60,
          maxRetries: o.maxRetries ?? 2,
        }),
    ));
  const voice = o.voice ?? DEFAULT_VOICE;
  const model = o.model ?? DEFAULT_MODEL;
  let voiceId: Promise<string> | null = null;
  /** A voice id is 20 alphanumerics; anything else is a name to look up. */
  const resolveVoice = () =>
    (voiceId ??= (async () => {
      if (/^[A-Za-z0-9]{20}$/.test(voice)) return voice;
      const all = await (await client()).voices.getAll();
      const found = all.voices.find((v) => v.name?.toLowerCase() === voice.toLowerCase());
      if (!found) throw runtimeError(`ElevenLabs has no voice named "${voice}" in this account (it has ${all.voices.map((v) => v.name).join(', ') || 'none'})`);
      return found.voiceId;
    })());
  const lex = o.pronunciations && o.pronunciations.entries.length ? o.pronunciations : undefined;
  /**
   * The pronunciation dictionary, made once (remembered by its rules' hash in the cache folder,
   * so a later run re-uses it), or null with why (the respellings then go in the text).
   */
  type Dictionary = { locator: { pronunciationDictionaryId: string; versionId: string } | null; notices: string[]; remembered?: true };
  let dictionary: Promise<Dictionary> | null = null;
  /** `fresh`: make a new one even when one is remembered (the remembered one is gone from the account). */
  const ensureDictionary = (fresh = false): Promise<Dictionary> =>
    (dictionary ??= (async () => {
      const { rules, skipped } = dictionaryRules(lex!.entries, model);
      const notices = skipped.length
        ? [
            `ElevenLabs model ${model} does not read phoneme rules: ${skipped.join(', ')} said as written (give each a \`say\` respelling, or use ${[...PHONEME_MODELS][0]})`,
          ]
        : [];
      if (!rules.length) return { locator: null, notices };
      const hash = createHash('sha256')
        .update(JSON.stringify({ baseUrl: o.baseUrl ?? null, rules }))
        .digest('hex')
        .slice(0, 16);
      const dir = o.dictionaryCacheDir ?? cacheDir('elevenlabs');
      const file = path.join(dir, `dictionary-${hash}.json`);
      try {
        const known = fresh ? {} : (JSON.parse(fs.readFileSync(file, 'utf8')) as { id?: unknown; versionId?: unknown });
        if (typeof known.id === 'string' && typeof known.versionId === 'string')
          return { locator: { pronunciationDictionaryId: known.id, versionId: known.versionId }, notices, remembered: true };
      } catch {
        // Not made yet (or unreadable): made below.
      }
      try {
        const made = await (
          await client()
        ).pronunciationDictionaries.createFromRules({
          name: `screenplay-${hash}`,
          description: `screenplay's pronunciations (${rules.length} words)`,
          rules,
        });
        try {
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(file, `${JSON.stringify({ id: made.id, versionId: made.versionId, name: made.name })}\n`);
        } catch {
          // Not remembered: made again next run.
        }
        return { locator: { pronunciationDictionaryId: made.id, versionId: made.versionId }, notices };
      } catch (err) {
        const why = scrubText(describeElevenLabsError(err), [o.apiKey, ...knownSecrets()]);
        return {
          locator: null,
          notices: [...notices, `ElevenLabs: the pronunciation dictionary could not be made (${why}): the respellings are sent in the text instead`],
        };
      }
    })());
  return {
    name: 'elevenlabs',
    identity: { voice, model, settings: o.settings ?? {} },
    ...(lex ? { pronunciations: lex } : {}),
    synthesize: async (req: SynthesisRequest): Promise<Synthesis> => {
      try {
        const id = await resolveVoice();
        // Backticks (code-terms.ts) are marks, not speech: the voice is sent each word without
        // them (a word that was only backticks goes), and the caption words get them back.
        const writtenList = splitWords(req.text).filter((w) => withoutCodeMarks(w) !== '');
        const plain = writtenList.map(withoutCodeMarks).join(' ');
        let dict: Dictionary = lex ? await ensureDictionary() : { locator: null, notices: [] };
        // With the dictionary, the service applies the pronunciations to the written text; without
        // it, the text (and the continuity text) goes respelled.
        const respelled = lex ? respell(plain, lex) : { text: plain, groups: [] };
        const say = (t: string | undefined) => t && withoutCodeMarks(lex && !dict.locator ? respell(t, lex).text : t);
        const request = async () =>
          (await client()).textToSpeech.convertWithTimestamps(id, {
            text: say(plain)!,
            modelId: model,
            outputFormat: 'mp3_44100_128',
            ...(req.previousText ? { previousText: say(req.previousText) } : {}),
            ...(req.nextText ? { nextText: say(req.nextText) } : {}),
            ...(o.settings ? { voiceSettings: o.settings as never } : {}),
            ...(dict.locator ? { pronunciationDictionaryLocators: [dict.locator] } : {}),
          });
        let r;
        try {
          r = await request();
        } catch (err) {
          // A remembered dictionary the account does not have (deleted; another account's): made again, once.
          if (!dict.remembered || !isMissingDictionary(err)) throw err;
          dictionary = null;
          dict = await ensureDictionary(true);
          r = await request();
        }
        const sent = say(plain)!;
        const conv = (a: typeof r.alignment) =>
          a && { characters: a.characters, startSeconds: a.characterStartTimesSeconds, endSeconds: a.characterEndTimesSeconds };
        const mapped = respelledLineWords(plain, respelled, sent, conv(r.alignment), conv(r.normalizedAlignment));
        const words = mapped.words.length === writtenList.length ? mapped.words.map((w, i) => ({ ...w, text: writtenList[i]! })) : mapped.words;
        const problems = mapped.problems;
        const audio = Buffer.from(r.audioBase64, 'base64');
        const ends = [...(r.alignment?.characterEndTimesSeconds ?? []), ...(r.normalizedAlignment?.characterEndTimesSeconds ?? [])];
        const durationMs = Math.max(1, Math.round(Math.max(0, ...ends) * 1000), words.at(-1)?.endMs ?? 0);
        return { audio, ext: 'mp3', durationMs, words, timingProblems: problems, spoken: sent, ...(dict.notices.length ? { notices: dict.notices } : {}) };
      } catch (err) {
        // An error body may quote the key ("Invalid API key 'sk_…'"): no message carries it.
        const message = scrubText(err instanceof ScreenplayError ? err.message : describeElevenLabsError(err), [o.apiKey, ...knownSecrets()]);
        if (err instanceof ScreenplayError) throw new ScreenplayError(err.code, message, { cause: err.cause });
        throw runtimeError(message);
      }
    },
  };
};
