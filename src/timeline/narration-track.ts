/**
 * Where narration goes in the video (pure): each line's clip starts at its `say` event on the
 * video's clock (the log given is already retimed), and its words become caption pages. Nothing
 * outlasts the video (`log.durationMs`): a clip that would (a capture that stopped before its
 * last line ended, a cut or speed-up after a line started) is cut at the video's end, its
 * later words dropped, and no caption page stays up past the end.
 */
import type { CaptureLog } from '../capture-log';
import type { Narration } from '../narration/schema';
import { captionPages, type CaptionPage, type PagingOptions } from './captions';

export type NarrationClip = { id: string; audio: string; startMs: number; durationMs: number };
/** `shortened`: lines the video ends before (ms of each heard; 0: not at all), for a render warning. */
export type NarrationTrack = { clips: NarrationClip[]; pages: CaptionPage[]; shortened?: Array<{ id: string; heardMs: number; durationMs: number }> };

/** Pages cut at `endMs` (ms): a page starting at or after it is dropped, one running past it ends there. */
export const clampPages = (pages: CaptionPage[], endMs: number): CaptionPage[] =>
  pages
    .filter((p) => p.startMs < endMs)
    .map((p) => ({
      ...p,
      endMs: Math.min(p.endMs, endMs),
      words: p.words.filter((w) => w.startMs < endMs).map((w) => ({ ...w, endMs: Math.min(w.endMs, endMs) })),
    }));

/** `lineEm` and `maxLines`: the caption box's line width (em) and line count, for paging (captions.ts). */
export const buildNarrationTrack = (
  log: CaptureLog,
  narration: Narration | null,
  opts: Pick<PagingOptions, 'maxWords' | 'lineEm' | 'maxLines' | 'codeTerms'> = {},
): NarrationTrack => {
  if (!narration) return { clips: [], pages: [] };
  const byId = new Map(narration.lines.map((l) => [l.id, l]));
  const clips: NarrationClip[] = [];
  const shortened: NonNullable<NarrationTrack['shortened']> = [];
  const lines: Array<{ startMs: number; words: CaptionPage['words'] }> = [];
  for (const e of log.events) {
    if (e.type !== 'say' || !e.id) continue;
    const line = byId.get(e.id);
    if (!line) continue;
    const room = log.durationMs - e.tMs;
    if (room < line.durationMs - 1) shortened.push({ id: line.id, heardMs: Math.max(0, Math.round(room)), durationMs: line.durationMs });
    if (room <= 0) continue;
    clips.push({ id: line.id, audio: line.audio, startMs: e.tMs, durationMs: Math.min(line.durationMs, room) });
    lines.push({ startMs: e.tMs, words: line.words.filter((w) => w.startMs < room).map((w) => ({ ...w, endMs: Math.min(w.endMs, room) })) });
  }
  return { clips, pages: clampPages(captionPages(lines, opts), log.durationMs), ...(shortened.length ? { shortened } : {}) };
};
