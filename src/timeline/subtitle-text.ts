/**
 * Cue text made safe for the subtitle files screenplay writes (captions .srt/.vtt, NAME.chapters.vtt),
 * and read back. One place, used by every writer and by our own parsers (preset-output.ts).
 *
 * WebVTT: cue text is HTML-like; `&`, `<`, `>` must be written `&amp;`, `&lt;`, `&gt;`, and a cue
 * must never contain "-->" (escaping `>` makes it "--&gt;"). unescapeVttText undoes it.
 *
 * SRT has no escape mechanism: players (VLC, mpv, most TVs) read `<b>`, `<i>`, `<u>`, `<font>` as
 * tags and show `&amp;` literally, so entities would be shown raw. We therefore keep the written
 * characters and break what a player or parser would misread with an invisible U+2060 WORD JOINER:
 * after each `<` (no tag can start) and inside "-->" (no time line can be faked). It looks the same.
 */

/** WebVTT cue text (one cue's words, no timestamps) with & < > escaped as &amp; &lt; &gt;. */
export const escapeVttText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The written text of escaped WebVTT cue text: &lt; &gt; &amp; (and &nbsp;, &lrm;, &rlm;, numeric refs) decoded; tags kept as written. */
export const unescapeVttText = (text: string): string =>
  text.replace(/&(amp|lt|gt|nbsp|lrm|rlm|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'nbsp') return '\u00a0';
    if (k === 'lrm') return '\u200e';
    if (k === 'rlm') return '\u200f';
    const n = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return Number.isFinite(n) && n <= 0x10ffff ? String.fromCodePoint(n) : `&${e};`;
  });

const WJ = '\u2060';
/** SRT cue text: every `<` followed by U+2060 (no tag), every "-->" written "--\u2060>" (no time line). See the module note. */
export const escapeSrtText = (text: string): string => text.replace(/</g, `<${WJ}`).replace(/-->/g, `--${WJ}>`);

/** A subtitle time line ("00:00:01.000 --> 00:00:02.500 …", SRT's comma or VTT's dot), as our parsers find it. */
export const isCueTimeLine = (line: string): boolean => /^\s*(\d{1,}:)?\d{2}:\d{2}[.,]\d{3}\s+-->\s+(\d{1,}:)?\d{2}:\d{2}[.,]\d{3}/.test(line);
