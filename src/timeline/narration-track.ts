/**
 * Where narration goes in the video (pure): each line's clip starts at its `say` event on the
 * recording's clock, and its words become caption pages. (Speed-ups and cuts do not change the
 * video's clock yet; when they do, a clip keeps its own speed: narration is never sped up.)
 */
import type { CaptureLog } from '../capture-log';
import type { Narration } from '../narration/schema';
import { captionPages, type CaptionPage } from './captions';

export type NarrationClip = { id: string; audio: string; startMs: number; durationMs: number };
export type NarrationTrack = { clips: NarrationClip[]; pages: CaptionPage[] };

/** `lineEm` and `maxLines`: the caption box's line width (em) and line count, for paging (captions.ts). */
export const buildNarrationTrack = (log: CaptureLog, narration: Narration | null, opts: { maxWords?: number; lineEm?: number; maxLines?: number } = {}): NarrationTrack => {
  if (!narration) return { clips: [], pages: [] };
  const byId = new Map(narration.lines.map((l) => [l.id, l]));
  const clips: NarrationClip[] = [];
  const lines: Array<{ startMs: number; words: CaptionPage['words'] }> = [];
  for (const e of log.events) {
    if (e.type !== 'say' || !e.id) continue;
    const line = byId.get(e.id);
    if (!line) continue;
    clips.push({ id: line.id, audio: line.audio, startMs: e.tMs, durationMs: line.durationMs });
    lines.push({ startMs: e.tMs, words: line.words });
  }
  return { clips, pages: captionPages(lines, opts) };
};
