/** narration.json (DESIGN.md "Narration"): one clip per `say` line, word times relative to the clip. */
import { z } from 'zod';

export const wordSchema = z.object({ text: z.string().min(1), startMs: z.number().min(0), endMs: z.number().min(0) });

export const narrationLineSchema = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  /** The clip's file name, beside narration.json. */
  audio: z.string().min(1),
  durationMs: z.number().positive(),
  words: z.array(wordSchema),
  /** How the mouth moves (per hop of hopMs, 0–1): what the built-in avatar speaks with. */
  mouth: z.object({ hopMs: z.number().positive(), open: z.array(z.number().min(0).max(1)), wide: z.array(z.number().min(0).max(1)) }).optional(),
});

export const narrationSchema = z.object({
  version: z.literal(1),
  provider: z.enum(['elevenlabs', 'espeak']),
  lines: z.array(narrationLineSchema),
});

export type NarrationLine = z.infer<typeof narrationLineSchema>;
export type Narration = z.infer<typeof narrationSchema>;
