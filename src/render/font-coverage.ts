/**
 * Which characters of a video's text no installed font has (effects: runs `fc-list` once per
 * process). Chromium and libass both find fonts through fontconfig, so a character missing from
 * every font fontconfig knows shows as an empty box ("tofu") in both render paths. libass draws
 * outline fonts only: text it draws (the composite path's captions and overlays) is checked
 * against those (Noto Color Emoji, a bitmap font, draws in Chromium only).
 */
import { spawnSync } from 'node:child_process';

/** Code point ranges [from, to] (inclusive) of the installed fonts: all of them, and those with outlines. */
export type FontCoverage = { all: Array<[number, number]>; outline: Array<[number, number]> };

/** fontconfig's charset text ("20-7e a0-17f 2010") → sorted ranges. */
export const parseCharset = (text: string): Array<[number, number]> =>
  text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((r): [number, number] => {
      const [a, b] = r.split('-');
      const from = parseInt(a!, 16);
      return [from, b === undefined ? from : parseInt(b, 16)];
    })
    .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));

/** Merges overlapping or touching ranges (sorted out). */
const merge = (ranges: Array<[number, number]>): Array<[number, number]> => {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
};

let cached: FontCoverage | null | undefined;
/** The installed fonts' coverage, from `fc-list`; null when fontconfig's fc-list is not installed. */
export const installedFontCoverage = (): FontCoverage | null => {
  if (cached !== undefined) return cached;
  const r = spawnSync('fc-list', ['--format', '%{outline}\t%{charset}\n'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) return (cached = null);
  const all: Array<[number, number]> = [];
  const outline: Array<[number, number]> = [];
  for (const line of r.stdout.split('\n')) {
    const [isOutline, charset] = line.split('\t');
    if (!charset) continue;
    const ranges = parseCharset(charset);
    all.push(...ranges);
    if (isOutline === 'True') outline.push(...ranges);
  }
  return (cached = { all: merge(all), outline: merge(outline) });
};

const covers = (ranges: Array<[number, number]>, cp: number): boolean => {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
};

/** Characters no font needs to draw: white space, controls, format marks (ZWJ, RLM), variation selectors. */
const INVISIBLE = /[\s\p{Cc}\p{Cf}\u{fe00}-\u{fe0f}\u{e0100}-\u{e01ef}]/u;

/** A piece of text the video draws, `where` in words ("the title", "captions at 0:03.2"), and whether libass draws it. */
export type DrawnText = { where: string; text: string; libass?: boolean };
export type Uncovered = { where: string; text: string; chars: string[] };

/**
 * The texts with characters no installed font covers (outline fonts only for `libass` texts),
 * each with those characters (once each, in order).
 */
export const uncoveredText = (texts: readonly DrawnText[], coverage: FontCoverage): Uncovered[] => {
  const out: Uncovered[] = [];
  for (const t of texts) {
    const ranges = t.libass ? coverage.outline : coverage.all;
    const chars = [...new Set([...t.text].filter((ch) => !INVISIBLE.test(ch) && !covers(ranges, ch.codePointAt(0)!)))];
    if (chars.length) out.push({ where: t.where, text: t.text, chars });
  }
  return out;
};

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
const clip = (t: string) => ([...t].length > 40 ? `${[...t].slice(0, 40).join('')}…` : t);

/**
 * Warning lines (at most `max`, then a count) for the characters that will show as empty boxes:
 * `warning: no installed font has U+E000 in the callout "Deploy ": it shows as an empty box …`.
 */
export const fontWarnings = (uncovered: readonly Uncovered[], max = 8): string[] => {
  const lines = uncovered.slice(0, max).map((u) => {
    const list = u.chars.map((c) => `${codePoint(c)} "${c}"`).join(', ');
    return `warning: no installed font has ${list} in ${u.where} ("${clip(u.text)}"): ${u.chars.length > 1 ? 'they show' : 'it shows'} as an empty box (fc-list ':charset=${u.chars[0]!.codePointAt(0)!.toString(16)}' lists the fonts that would)`;
  });
  if (uncovered.length > max) lines.push(`warning: and ${uncovered.length - max} more texts with characters no installed font has`);
  return lines;
};

/** Emoji shown as emoji (not ©, ™ or ✔ in text style): drawn in colour by Chromium, in outline by libass. */
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator}/u;

/**
 * One warning line when text libass draws has emoji (null when none): the composite path
 * draws them in outline (libass draws no colour fonts; flags as their two letters, ZWJ
 * sequences as their parts), where the browser path and Studio draw them in colour.
 */
export const outlineEmojiWarning = (texts: readonly DrawnText[]): string | null => {
  const hit = texts.filter((t) => t.libass && EMOJI.test(t.text));
  if (hit.length === 0) return null;
  const first = hit[0]!;
  const more = hit.length > 1 ? ` and ${hit.length - 1} more text${hit.length > 2 ? 's' : ''}` : '';
  return `warning: emoji in ${first.where} ("${clip(first.text)}")${more} are drawn in outline by the composite renderer (libass draws no colour fonts; a flag shows as its two letters): --renderer browser draws them in colour`;
};
