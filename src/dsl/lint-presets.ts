/**
 * Validate-time warnings for `output.presets` (pure): a preset whose limits will not hold the
 * video as the plan estimates it (estimate-duration.ts) says so at its entry, and what render
 * will do about it (output-presets.ts presetFitNotes: speed up, cut, shrink).
 */
import type { Diagnostic, PlanMark, PlanStep } from './compile';
import { nodeAt, type LNode } from './located';
import { estimateVideoMs } from './estimate-duration';
import { clock, presetFitNotes, resolvePresets, type PresetEntry } from '../output-presets';

/**
 * A warning per preset entry that cannot hold the video, at the entry (file:line:col).
 * @param output the entry's `output` setting as validated (null/undefined: none)
 */
export const lintPresets = (entryNode: LNode | null, output: unknown, plan: { steps: PlanStep[]; marks: PlanMark[] }): Diagnostic[] => {
  const entries = (output as { presets?: PresetEntry[] } | undefined)?.presets;
  if (!entryNode || !entries?.length || plan.steps.length === 0) return [];
  const estimateMs = estimateVideoMs(plan);
  return resolvePresets(entries).flatMap((preset, i) => {
    const notes = presetFitNotes(preset, estimateMs);
    if (!notes.length) return [];
    const pos = nodeAt(entryNode, ['output', 'presets', i]).node.pos;
    return [
      {
        ...pos,
        path: `output.presets[${i}]`,
        message: `${preset.name}: the video is estimated at about ${clock(estimateMs)}, ${notes.join('; ')} (a rough estimate: render measures the real video and says what it did)`,
      },
    ];
  });
};
