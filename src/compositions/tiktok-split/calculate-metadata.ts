import { tiktokSplitLayout } from '../shared/layout';
import { makeCalculateMetadata } from '../shared/metadata';
import { TIKTOK_SIZE, tiktokSplitSchema } from './schema';

export const calculateTikTokSplitMetadata = makeCalculateMetadata({
  composition: 'TikTokSplit',
  size: TIKTOK_SIZE,
  schema: tiktokSplitSchema,
  layout: (frame, _capture, props) => tiktokSplitLayout(frame, props.style),
  // On the seam between the screen and the panel.
  captionAnchor: (layout) => ({ y: layout.seamY }),
});
