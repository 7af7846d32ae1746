import { landscapeLayout } from '../shared/layout';
import { makeCalculateMetadata } from '../shared/metadata';
import { LANDSCAPE_SIZE, landscapeSchema } from './schema';

export const calculateLandscapeMetadata = makeCalculateMetadata({
  composition: 'Landscape',
  size: LANDSCAPE_SIZE,
  schema: landscapeSchema,
  layout: (frame, capture, props) => landscapeLayout(frame, capture.screen, props.style),
  captionAnchor: () => 'bottom',
});
