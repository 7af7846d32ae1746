import { OUTPUT_FORMATS } from '../../formats';
import { fixedPlacement } from '../../frame/avatar-placement';
import { captionFloor, panelAvatarSpot, panelBelowCaptions, squareLayout } from '../../frame/layout';
import { makeCalculateMetadata, type MetadataSpec } from '../shared/metadata';
import { SQUARE_SIZE, squareSchema } from './schema';
import type { SquareProps } from './schema';
import type { SplitLayout } from '../../frame/layout';

/** Between the captions and the panel (px). */
const GAP = 20 * (SQUARE_SIZE.width / 1080);

/** Square's layout, captions and avatar (what calculateMetadata and `screenplay review` both use). */
export const squareMetadata: MetadataSpec<SquareProps, SplitLayout> = {
  composition: OUTPUT_FORMATS.square.composition,
  size: SQUARE_SIZE,
  schema: squareSchema,
  layout: (frame, capture, props) => squareLayout(frame, capture.screen, props.style),
  captionAnchor: (layout, frame) => ({ y: layout.seamY, maxBottom: captionFloor(layout, frame, GAP) }),
  // Captions grow upward from the seam; the avatar and the title start below them.
  clearOfCaptions: (layout, captions) => panelBelowCaptions(layout, captions.bottom, GAP),
  avatarPlacement: (layout, timeline) => {
    const spot = panelAvatarSpot(layout.panel);
    return fixedPlacement(spot, spot.size, timeline.durationInFrames);
  },
};

export const calculateSquareMetadata = makeCalculateMetadata(squareMetadata);
