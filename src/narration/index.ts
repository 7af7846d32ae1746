/** Narration: voices (ElevenLabs, espeak-ng), the cache, narration.json. */
import { createElevenLabsProvider } from './elevenlabs';
import { createEspeakProvider } from './espeak';
import type { VoiceProvider } from './provider';
import { makeLexicon, pronunciationsOf, type Pronunciation } from './pronounce';

export { narrate, sayLines, cacheKey, type SayLine, type NarrateResult } from './narrate';
export { narrationSchema, type Narration, type NarrationLine } from './schema';
export { lineWords, alignmentToWords, type Word } from './words';
export type { VoiceProvider } from './provider';

export { respell, makeLexicon, type Lexicon, type Pronunciation } from './pronounce';

/**
 * A script's `voice` as compiled: `pronunciations` are compile's merge of `pronounce` and the
 * lexicon file (src/dsl/compile.ts); `pronounce` alone (word → respelling) is read when they are absent.
 */
export type VoiceSettings = {
  provider?: 'elevenlabs' | 'espeak';
  voice?: string;
  model?: string;
  settings?: Record<string, unknown>;
  pronounce?: Record<string, unknown>;
  pronunciations?: Pronunciation[];
};

/**
 * The voice for a script: ElevenLabs when ELEVENLABS_API_KEY is set (unless the script asks for
 * espeak), else the offline voice, with a notice saying why.
 */
export const chooseVoice = (settings: VoiceSettings | undefined, env: NodeJS.ProcessEnv = process.env): { provider: VoiceProvider; notice: string | null } => {
  const s = settings ?? {};
  const entries = pronunciationsOf(s);
  const pron = entries.length ? { pronunciations: makeLexicon(entries) } : {};
  if (s.provider === 'espeak') return { provider: createEspeakProvider({ ...(s.voice ? { voice: s.voice } : {}), ...pron }), notice: null };
  const apiKey = env.ELEVENLABS_API_KEY;
  if (apiKey) {
    return {
      provider: createElevenLabsProvider({
        apiKey,
        ...(env.ELEVENLABS_BASE_URL ? { baseUrl: env.ELEVENLABS_BASE_URL } : {}),
        voice: s.voice,
        model: s.model,
        settings: s.settings,
        ...pron,
      }),
      notice: null,
    };
  }
  return {
    provider: createEspeakProvider(pron),
    notice: `ELEVENLABS_API_KEY is not set: using the offline voice (espeak-ng)${s.provider === 'elevenlabs' ? ' instead of ElevenLabs' : ''}`,
  };
};
