import { fixedPlacement } from '../shared/avatar/placement';
import { panelAvatarSpot, squareLayout } from '../shared/layout';
import { makeCalculateMetadata } from '../shared/metadata';
import { SQUARE_SIZE, squareSchema } from './schema';

export const calculateSquareMetadata = makeCalculateMetadata({
  composition: 'Square',
  size: SQUARE_SIZE,
  schema: squareSchema,
  layout: (frame, capture, props) => squareLayout(frame, capture.screen, props.style),
  captionAnchor: (layout) => ({ y: layout.seamY }),
  avatarPlacement: (layout, timeline) => {
    const spot = panelAvatarSpot(layout.panel);
    return fixedPlacement(spot, spot.size, timeline.durationInFrames);
  },
});
