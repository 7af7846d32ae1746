/**
 * Cards and chapters on the video's clock (pure): the title and end cards (each spans the hold
 * it added to the time map), the chapter marks, each chapter's banner (shown briefly, after any
 * card covering its moment), and the hook (a title card's line over the first seconds of 9:16
 * videos). Built from the retimed capture log (retime.ts puts each card mark on its hold).
 */
import type { CaptureLog, CardData } from '../capture-log/schema';

/** How long a chapter's title shows over the video (ms). */
export const CHAPTER_BANNER_MS = 1800;

/** A title or end card: it shows on [startMs, endMs) of the video. */
export type CardSpan = { kind: 'title' | 'end'; startMs: number; endMs: number; card: CardData };
/** A chapter: it starts at `startMs`; its banner shows on [bannerFromMs, bannerToMs). */
export type Chapter = { title: string; startMs: number; bannerFromMs: number; bannerToMs: number };
/** The hook line of 9:16 videos, on [0, endMs). */
export type Hook = { text: string; endMs: number };

export type CardTrack = { cards: CardSpan[]; chapters: Chapter[]; hook: Hook | null; durationMs: number };

type Mark = Extract<CaptureLog['events'][number], { type: 'mark' }>;

/** The cards, chapters and hook of a capture log already on the video's clock (retimeCaptureLog). */
export const buildCardTrack = (log: Pick<CaptureLog, 'events' | 'durationMs'>): CardTrack => {
  const marks = log.events.filter((e): e is Mark => e.type === 'mark');
  const cards: CardSpan[] = marks
    .filter((m) => m.kind === 'card' && m.card && m.endMs !== undefined && m.endMs > m.tMs)
    .map((m) => ({ kind: m.card!.kind, startMs: m.tMs, endMs: m.endMs as number, card: m.card! }));
  const covering = (t: number) => cards.find((c) => t >= c.startMs && t < c.endMs);
  const chapters: Chapter[] = marks
    .filter((m) => m.kind === 'chapter' && m.text)
    .map((m) => {
      // A banner never shows under a card: it waits for the card (and the cards right after it) to end.
      let from = m.tMs;
      for (let c = covering(from); c; c = covering(from)) from = c.endMs;
      return { title: m.text as string, startMs: m.tMs, bannerFromMs: from, bannerToMs: Math.min(log.durationMs, from + CHAPTER_BANNER_MS) };
    })
    .sort((a, b) => a.startMs - b.startMs);
  // A banner gives way to the next one (two never show at once).
  chapters.forEach((c, i) => {
    const next = chapters[i + 1];
    if (next) c.bannerToMs = Math.max(c.bannerFromMs, Math.min(c.bannerToMs, next.bannerFromMs));
  });
  const hooked = cards.find((c) => c.card.hook && (c.card.hookMs ?? 0) > 0);
  const hook = hooked ? { text: hooked.card.hook as string, endMs: Math.min(log.durationMs, hooked.card.hookMs as number) } : null;
  return { cards, chapters, hook, durationMs: log.durationMs };
};

/**
 * Where the title and end cards are on the video's clock (ms), in order: what music fades at.
 * @param computed anything holding a card track (a composition's computed metadata); none: []
 */
export const cardSpans = (computed: { cards?: CardTrack | undefined }): Array<{ startMs: number; endMs: number; kind: 'title' | 'end' }> =>
  (computed.cards?.cards ?? []).map((c) => ({ startMs: c.startMs, endMs: c.endMs, kind: c.kind }));
