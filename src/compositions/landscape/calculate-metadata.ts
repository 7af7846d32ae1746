import { OUTPUT_FORMATS } from '../../formats';
import { bubblePlacement } from '../../frame/avatar-placement';
import { landscapeLayout } from '../../frame/layout';
import { captionBoxHeight } from '../../frame/caption-box';
import { makeCalculateMetadata, type MetadataSpec } from '../shared/metadata';
import { LANDSCAPE_SIZE, landscapeSchema } from './schema';
import type { LandscapeProps } from './schema';
import type { ScreenLayout } from '../../frame/layout';

/** Landscape's layout, captions and avatar (what calculateMetadata and `screenplay review` both use). */
export const landscapeMetadata: MetadataSpec<LandscapeProps, ScreenLayout> = {
  composition: OUTPUT_FORMATS.landscape.composition,
  size: LANDSCAPE_SIZE,
  schema: landscapeSchema,
  layout: (frame, capture, props) => landscapeLayout(frame, capture.screen, props.style),
  captionAnchor: () => 'bottom',
  // A round bubble in a corner of the screen that moves away from the action.
  // Bottom corners stay above the captions (two lines of them at most).
  avatarPlacement: (layout, timeline, props, captions) =>
    bubblePlacement({
      timeline,
      stage: layout.stage,
      size: Math.round(props.style.avatar.bubbleSize * LANDSCAPE_SIZE.height),
      margin: Math.round(0.025 * LANDSCAPE_SIZE.height),
      bottomLimit: captions ? captions.bottom - captionBoxHeight(captions, captions.maxLines) : undefined,
    }),
};

export const calculateLandscapeMetadata = makeCalculateMetadata(landscapeMetadata);
