/** A frame model for tests (frame/model.ts) from a timeline and a layout, nothing else drawn unless given. */
import { captionBox } from '../../src/frame/caption-box';
import type { ScreenLayout } from '../../src/frame/layout';
import { frameModel, type FrameInput, type FrameModel, type FrameStyle } from '../../src/frame/model';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import type { Timeline } from '../../src/timeline/build-timeline';

export const testModel = (
  opts: { timeline: Timeline; layout: ScreenLayout; frameSize: { width: number; height: number }; style?: Partial<FrameStyle> } & Partial<
    Omit<FrameInput, 'timeline' | 'layout'>
  >,
): FrameModel =>
  frameModel(
    {
      timeline: opts.timeline,
      layout: opts.layout,
      captionBox: opts.captionBox ?? captionBox(opts.frameSize, 'bottom', 54),
      narration: opts.narration ?? { pages: [] },
      avatar: opts.avatar ?? null,
      overlays: opts.overlays ?? { callouts: [], badges: [], keycaps: [] },
      ...(opts.blends ? { blends: opts.blends } : {}),
    },
    { ...DEFAULT_STYLE, ...opts.style },
    opts.frameSize,
  );
