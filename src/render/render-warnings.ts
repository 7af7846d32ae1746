/**
 * What a render warns about before it draws a frame, once the composition's props are computed:
 * characters no installed font has (they would show as empty boxes), outline emoji, and
 * narration lines the video ends before.
 */
import type { Computed } from '../compositions/shared/metadata';
import type { ScreenLayout } from '../frame/layout';
import type { CaptionPage } from '../timeline/captions';
import type { Overlays } from '../timeline/overlays';
import { fontWarnings, installedFontCoverage, outlineEmojiWarning, uncoveredText, type DrawnText } from './font-coverage';

const clock = (ms: number) => `${Math.floor(ms / 60000)}:${((ms % 60000) / 1000).toFixed(1).padStart(4, '0')}`;

/**
 * Every text the video draws, named for a warning: the title, subtitle and brand (Chromium
 * draws them), caption pages, callouts, badges and keycaps (libass draws them in the composite
 * path, `libass`).
 */
export const drawnTexts = (
  props: Record<string, unknown>,
  computed: { narration?: { pages: CaptionPage[] }; overlays?: Overlays } | undefined,
  libass: boolean,
): DrawnText[] => {
  const texts: DrawnText[] = [];
  for (const key of ['title', 'subtitle', 'brand'] as const) {
    const v = props[key];
    if (typeof v === 'string' && v) texts.push({ where: `the ${key}`, text: v });
  }
  for (const p of computed?.narration?.pages ?? [])
    texts.push({ where: `the caption at ${clock(p.startMs)}`, text: p.words.map((w) => w.text).join(' '), libass });
  for (const c of computed?.overlays?.callouts ?? []) texts.push({ where: `the callout at ${clock(c.startMs)}`, text: c.text, libass });
  for (const b of computed?.overlays?.badges ?? []) texts.push({ where: `the badge at ${clock(b.startMs)}`, text: b.text, libass });
  for (const k of computed?.overlays?.keycaps ?? []) texts.push({ where: `the keycaps at ${clock(k.startMs)}`, text: k.keys.join(' '), libass });
  return texts;
};

/**
 * One line per warning, in the order shown: uncovered characters (or that fontconfig is missing),
 * outline emoji, then each narration line that runs past the end of the video.
 * @param props the composition's computed props; `libass`: whether libass draws the captions and overlays (the composite path)
 */
export const preRenderWarnings = (props: Record<string, unknown>, libass: boolean): string[] => {
  const computed = (props as { computed?: Computed<ScreenLayout> }).computed;
  const coverage = installedFontCoverage();
  const texts = drawnTexts(props, computed, libass);
  const lines = coverage
    ? fontWarnings(uncoveredText(texts, coverage))
    : ['warning: fontconfig (fc-list) is not installed: characters no font has are not reported'];
  const emoji = outlineEmojiWarning(texts);
  if (emoji) lines.push(emoji);
  // A line the video ends before (a hand-made or old capture shorter than its narration).
  for (const l of computed?.narration.shortened ?? []) {
    const said = l.heardMs > 0 ? `only its first ${(l.heardMs / 1000).toFixed(2)} s are heard` : 'it is not heard at all';
    lines.push(
      `say "${l.id}" (${(l.durationMs / 1000).toFixed(2)} s) runs past the end of the video: ${said}, and its captions stop there (capture records until the last line ends; this capture is shorter)`,
    );
  }
  return lines;
};
