/**
 * Chapters beside a video: YouTube's chapter lines (`NAME.chapters.txt`, to paste into the
 * description) and WebVTT chapters (`NAME.chapters.vtt`, a `kind="chapters"` track). The lines
 * are pure (chapterFiles); writeChapterFiles writes them.
 */
import fs from 'node:fs';
import type { Chapter } from '../timeline/cards';
import { escapeVttText } from '../timeline/subtitle-text';

/** YouTube's rules for chapters in a description: the first at 0:00, at least 3, each at least 10 s. */
export const YOUTUBE_MIN_CHAPTERS = 3;
export const YOUTUBE_MIN_CHAPTER_MS = 10_000;

/** A time as YouTube writes it: m:ss, or h:mm:ss from an hour (whole seconds, rounded down). */
export const youtubeTime = (ms: number): string => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const pad = (v: number) => String(v).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
};

/** A WebVTT time: hh:mm:ss.mmm. */
const vttTime = (ms: number): string => {
  const t = Math.max(0, Math.round(ms));
  const pad = (v: number, n = 2) => String(v).padStart(n, '0');
  return `${pad(Math.floor(t / 3_600_000))}:${pad(Math.floor((t % 3_600_000) / 60_000))}:${pad(Math.floor((t % 60_000) / 1000))}.${pad(t % 1000, 3)}`;
};

/**
 * The chapter files of a video (or of the part of it rendered: frames from `offsetMs`, `durationMs`
 * long): chapters are put on its clock, those outside it dropped, the first moved to 0:00 when it
 * starts less than 10 s in (after a title card), else a chapter "Intro" added at 0:00 (YouTube
 * needs one there). `warnings` says where YouTube's
 * rules are not met (fewer than 3 chapters, one shorter than 10 s); null files: no chapters.
 */
export const chapterFiles = (
  chapters: ReadonlyArray<Pick<Chapter, 'title' | 'startMs'>>,
  offsetMs: number,
  durationMs: number,
): { txt: string; vtt: string; warnings: string[] } | null => {
  const inside = chapters
    .map((c) => ({ title: c.title.replace(/\s+/g, ' ').trim(), startMs: c.startMs - offsetMs }))
    .filter((c) => c.startMs < durationMs && c.startMs >= -500)
    .map((c) => ({ ...c, startMs: Math.max(0, c.startMs) }));
  if (inside.length === 0) return null;
  // Whole seconds, as YouTube reads them; two chapters in one second: the later one stays.
  const list: Array<{ title: string; startMs: number }> = [];
  for (const c of inside) {
    const last = list[list.length - 1];
    if (last && Math.floor(last.startMs / 1000) === Math.floor(c.startMs / 1000)) list[list.length - 1] = c;
    else list.push(c);
  }
  // YouTube needs a chapter at 0:00. A first chapter less than a chapter's shortest length in
  // (after a title card, say) starts the video itself; one later gets an "Intro" before it.
  if (Math.floor((list[0]?.startMs ?? 0) / 1000) > 0 && (list[0]?.startMs ?? 0) >= YOUTUBE_MIN_CHAPTER_MS) list.unshift({ title: 'Intro', startMs: 0 });
  list[0]!.startMs = 0;
  const warnings: string[] = [];
  if (list.length < YOUTUBE_MIN_CHAPTERS)
    warnings.push(`YouTube shows chapters only when there are at least ${YOUTUBE_MIN_CHAPTERS}, but this video has ${list.length}: add chapter steps`);
  list.forEach((c, i) => {
    const end = list[i + 1]?.startMs ?? durationMs;
    if (end - c.startMs < YOUTUBE_MIN_CHAPTER_MS)
      warnings.push(
        `chapter "${c.title}" at ${youtubeTime(c.startMs)} lasts ${((end - c.startMs) / 1000).toFixed(1)} s, but YouTube needs each chapter to last at least ${YOUTUBE_MIN_CHAPTER_MS / 1000} s`,
      );
  });
  const txt = list.map((c) => `${youtubeTime(c.startMs)} ${c.title}`).join('\n') + '\n';
  const vtt =
    'WEBVTT\n\n' +
    list
      .map((c, i) => {
        const end = Math.max(c.startMs + 1, list[i + 1]?.startMs ?? durationMs);
        return `chapter-${i + 1}\n${vttTime(c.startMs)} --> ${vttTime(end)}\n${escapeVttText(c.title)}\n`;
      })
      .join('\n');
  return { txt, vtt, warnings };
};

/** A video's chapter files' names: NAME.chapters.txt and NAME.chapters.vtt beside it. */
export const chapterFileNames = (video: string): { txt: string; vtt: string } => {
  const base = video.replace(/\.[^./]+$/, '');
  return { txt: `${base}.chapters.txt`, vtt: `${base}.chapters.vtt` };
};

/** Writes the chapter files beside `video` (none: nothing written); returns YouTube's warnings. */
export const writeChapterFiles = (
  video: string,
  chapters: ReadonlyArray<Pick<Chapter, 'title' | 'startMs'>>,
  offsetMs: number,
  durationMs: number,
): string[] => {
  const files = chapterFiles(chapters, offsetMs, durationMs);
  if (!files) return [];
  const names = chapterFileNames(video);
  fs.writeFileSync(names.txt, files.txt);
  fs.writeFileSync(names.vtt, files.vtt);
  return files.warnings;
};
