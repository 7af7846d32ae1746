/**
 * Validate-time warnings for card settings that would be silently ignored (pure): a hookDuration
 * without a hook, a hook with no 9:16 video to show it in; and cards that will not be where one
 * expects: a second title card, an end card that is not the last step (each shows mid-video).
 */
import type { Diagnostic, PlanStep } from './compile';
import { DEFAULT_FORMATS, OUTPUT_FORMATS } from '../formats';
import { namedFormats, resolvePresets, type PresetEntry } from '../output-presets';
import type { OutputFormatName } from '../formats';

/**
 * The warnings for the plan's card steps, each at its step (file:line:col).
 * @param output the entry's `output` setting as validated (undefined: none, so the default formats)
 */
export const lintCards = (steps: readonly PlanStep[], output: unknown): Diagnostic[] => {
  const out: Diagnostic[] = [];
  const warn = (s: PlanStep, message: string) => out.push({ ...s.source, path: '', message });
  const o = output as { formats?: OutputFormatName[]; presets?: PresetEntry[] } | undefined;
  const vertical = () => {
    const formats = [...namedFormats(o, DEFAULT_FORMATS), ...resolvePresets(o?.presets ?? []).map((p) => p.format)];
    return formats.some((f) => OUTPUT_FORMATS[f].aspect === '9:16');
  };
  const titles = steps.filter((s) => s.action === 'title_card');
  for (const s of titles) {
    if (s.args.hookDuration !== undefined && s.args.hook === undefined)
      warn(s, 'title_card has hookDuration but no hook: it sets how long the hook shows, so without one it is ignored');
    if (s.args.hook !== undefined && !vertical())
      warn(
        s,
        'title_card has a hook, but the script makes no 9:16 video (the tiktok format, or the tiktok, shorts or reels preset): the hook shows only there, so it is ignored',
      );
  }
  for (const s of titles.slice(1))
    warn(
      s,
      `a second title_card (the first is at ${titles[0]!.source.file}:${titles[0]!.source.line}): only one opens the video; this one shows full-frame where it stands, in the middle of the video`,
    );
  steps.forEach((s, i) => {
    if (s.action === 'end_card' && i !== steps.length - 1)
      warn(s, 'end_card is not the last step: it shows full-frame where it stands, in the middle of the video, not at its end');
  });
  return out;
};
