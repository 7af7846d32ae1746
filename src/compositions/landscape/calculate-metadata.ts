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
  avatarPlacement: (layout, timeline, props, captions) => {
    const margin = Math.round(0.025 * LANDSCAPE_SIZE.height);
    const bottomLimit = captions ? captions.bottom - captionBoxHeight(captions, captions.maxLines) : undefined;
    // As large as the style asks, but small enough that its bottom corners stay on the screen
    // above the captions (large captions on a small screen leave little room).
    const room = Math.min(layout.stage.y + layout.stage.height, bottomLimit ?? Infinity) - layout.stage.y - 2 * margin;
    const size = Math.max(
      Math.round(0.05 * LANDSCAPE_SIZE.height),
      Math.min(Math.round(props.style.avatar.bubbleSize * LANDSCAPE_SIZE.height), Math.floor(room)),
    );
    return bubblePlacement({ timeline, stage: layout.stage, size, margin, bottomLimit });
  },
};

export const calculateLandscapeMetadata = makeCalculateMetadata(landscapeMetadata);
