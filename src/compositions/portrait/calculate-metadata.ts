import { OUTPUT_FORMATS } from '../../formats';
import { fixedPlacement } from '../../frame/avatar-placement';
import { captionFloor, panelAvatarSpot, panelBelowCaptions, portraitLayout } from '../../frame/layout';
import { makeCalculateMetadata, type MetadataSpec } from '../shared/metadata';
import { PORTRAIT_SIZE, portraitSchema } from './schema';
import type { PortraitProps } from './schema';
import type { SplitLayout } from '../../frame/layout';

/** Between the captions and the panel (px). */
const GAP = 20 * (PORTRAIT_SIZE.width / 1080);

/** Portrait's layout, captions and avatar (what calculateMetadata and `screenplay review` both use): Square's, in a 4:5 frame. */
export const portraitMetadata: MetadataSpec<PortraitProps, SplitLayout> = {
  composition: OUTPUT_FORMATS.portrait.composition,
  size: PORTRAIT_SIZE,
  schema: portraitSchema,
  layout: (frame, capture, props) => portraitLayout(frame, capture.screen, props.style),
  captionAnchor: (layout, frame) => ({ y: layout.seamY, maxBottom: captionFloor(layout, frame, GAP) }),
  // Captions grow upward from the seam; the avatar and the title start below them.
  clearOfCaptions: (layout, captions) => panelBelowCaptions(layout, captions.bottom, GAP),
  avatarPlacement: (layout, timeline) => {
    const spot = panelAvatarSpot(layout.panel);
    return fixedPlacement(spot, spot.size, timeline.durationInFrames);
  },
};

export const calculatePortraitMetadata = makeCalculateMetadata(portraitMetadata);
