import { fixedPlacement } from '../../frame/avatar-placement';
import { panelAvatarSpot, tiktokSplitLayout } from '../../frame/layout';
import { makeCalculateMetadata, type MetadataSpec } from '../shared/metadata';
import { TIKTOK_SIZE, tiktokSplitSchema } from './schema';
import type { TikTokSplitProps } from './schema';
import type { SplitLayout } from '../../frame/layout';

/** TikTokSplit's layout, captions and avatar (what calculateMetadata and `screenplay review` both use). */
export const tiktokSplitMetadata: MetadataSpec<TikTokSplitProps, SplitLayout> = {
  composition: 'TikTokSplit',
  size: TIKTOK_SIZE,
  schema: tiktokSplitSchema,
  layout: (frame, _capture, props) => tiktokSplitLayout(frame, props.style),
  // On the seam between the screen and the panel.
  captionAnchor: (layout) => ({ y: layout.seamY }),
  // Below the screen, at the panel's left; the title beside it.
  avatarPlacement: (layout, timeline) => {
    const spot = panelAvatarSpot(layout.panel);
    return fixedPlacement(spot, spot.size, timeline.durationInFrames);
  },
};

export const calculateTikTokSplitMetadata = makeCalculateMetadata(tiktokSplitMetadata);
