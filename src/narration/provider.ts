/**
 * A voice: synthesises one line into an audio clip with its exact duration and word timings.
 * ElevenLabs (online) and espeak-ng (offline) implement it; the cache key says everything that
 * changes the sound, so a line is synthesised again only when one of those changes.
 */
import type { Lexicon } from './pronounce';
import type { Word } from './words';

export type SynthesisRequest = { text: string; previousText?: string; nextText?: string };
/**
 * A line's clip: audio, its length (ms), its words timed in ms from the clip's start, and what
 * the provider found wrong with its own timings (`timingProblems`, in words; narrate then
 * re-times the words from the audio and warns).
 */
export type Synthesis = {
  audio: Buffer;
  ext: 'mp3' | 'wav';
  durationMs: number;
  /** The line's WRITTEN words (the script's), timed where the voice said them. */
  words: Word[];
  timingProblems?: string[];
  /** The text the voice was asked to say (pronunciations applied; src/narration/pronounce.ts). */
  spoken?: string;
  /** Things the user should hear about once (a pronunciation dictionary that could not be made), in words. */
  notices?: string[];
};

export type VoiceProvider = {
  readonly name: 'elevenlabs' | 'espeak';
  /** What changes the sound besides the text: voice, model, settings. */
  readonly identity: { voice: string; model: string; settings: Record<string, unknown> };
  /** The script's pronunciations, applied to what the voice is asked to say (the cache key holds those each line uses). */
  readonly pronunciations?: Lexicon;
  synthesize: (req: SynthesisRequest) => Promise<Synthesis>;
};
