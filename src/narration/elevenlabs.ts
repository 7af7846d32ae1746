/**
 * ElevenLabs through its official SDK (`@elevenlabs/elevenlabs-js`): text-to-speech with
 * timestamps, so every line comes back with its audio (MP3) and a character alignment that
 * becomes word timings. The voice may be a name (looked up once in the account's voices) or an
 * id; the previous and next lines are passed for continuity. ELEVENLABS_BASE_URL points the SDK
 * elsewhere (a proxy; the tests' local server). The API key never reaches a log or an error.
 */
import type { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import { runtimeError, ScreenplayError } from '../errors';
import { knownSecrets, scrubText } from '../secrets';
import type { Synthesis, SynthesisRequest, VoiceProvider } from './provider';
import { withoutCodeMarks } from './code-terms';
import { splitWords } from './speech-text';
import { alignedLineWords } from './words';

export type ElevenLabsOptions = {
  apiKey: string;
  baseUrl?: string;
  /** A voice name ("Rachel") or id. */
  voice?: string;
  model?: string;
  settings?: Record<string, unknown>;
  timeoutSeconds?: number;
  maxRetries?: number;
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
  return {
    name: 'elevenlabs',
    identity: { voice, model, settings: o.settings ?? {} },
    synthesize: async (req: SynthesisRequest): Promise<Synthesis> => {
      try {
        const id = await resolveVoice();
        // Backticks (code-terms.ts) are marks, not speech: the voice is sent the text without them.
        const said = withoutCodeMarks(req.text);
        const r = await (
          await client()
        ).textToSpeech.convertWithTimestamps(id, {
          text: said,
          modelId: model,
          outputFormat: 'mp3_44100_128',
          ...(req.previousText ? { previousText: withoutCodeMarks(req.previousText) } : {}),
          ...(req.nextText ? { nextText: withoutCodeMarks(req.nextText) } : {}),
          ...(o.settings ? { voiceSettings: o.settings as never } : {}),
        });
        const conv = (a: typeof r.alignment) =>
          a && { characters: a.characters, startSeconds: a.characterStartTimesSeconds, endSeconds: a.characterEndTimesSeconds };
        const aligned = alignedLineWords(said, conv(r.alignment), conv(r.normalizedAlignment));
        // Each word as written (its backticks kept: captions read them), timed as said.
        const written = splitWords(req.text).filter((w) => withoutCodeMarks(w) !== '');
        const words = aligned.words.map((w, i) => ({ ...w, text: written[i] ?? w.text }));
        const problems = aligned.problems;
        const audio = Buffer.from(r.audioBase64, 'base64');
        const ends = [...(r.alignment?.characterEndTimesSeconds ?? []), ...(r.normalizedAlignment?.characterEndTimesSeconds ?? [])];
        const durationMs = Math.max(1, Math.round(Math.max(0, ...ends) * 1000), words.at(-1)?.endMs ?? 0);
        return { audio, ext: 'mp3', durationMs, words, timingProblems: problems };
      } catch (err) {
        // An error body may quote the key ("Invalid API key 'sk_…'"): no message carries it.
        const message = scrubText(err instanceof ScreenplayError ? err.message : describeElevenLabsError(err), [o.apiKey, ...knownSecrets()]);
        if (err instanceof ScreenplayError) throw new ScreenplayError(err.code, message, { cause: err.cause });
        throw runtimeError(message);
      }
    },
  };
};
