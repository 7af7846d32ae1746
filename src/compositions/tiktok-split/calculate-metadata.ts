import { OUTPUT_FORMATS } from '../../formats';
import { fixedPlacement } from '../../frame/avatar-placement';
import { captionFloor, panelAvatarSpot, panelBelowCaptions, TIKTOK_SAFE, tiktokSplitLayout } from '../../frame/layout';
import { makeCalculateMetadata, type MetadataSpec } from '../shared/metadata';
import { TIKTOK_SIZE, tiktokSplitSchema } from './schema';
import type { TikTokSplitProps } from './schema';
import type { SplitLayout } from '../../frame/layout';

/** Between the captions and the panel (px). */
const GAP = 20 * (TIKTOK_SIZE.width / 1080);

/** TikTokSplit's layout, captions and avatar (what calculateMetadata and `screenplay review` both use). */
export const tiktokSplitMetadata: MetadataSpec<TikTokSplitProps, SplitLayout> = {
  composition: OUTPUT_FORMATS.tiktok.composition,
  size: TIKTOK_SIZE,
  schema: tiktokSplitSchema,
  layout: (frame, _capture, props) => tiktokSplitLayout(frame, props.style),
  // On the seam between the screen and the panel.
  captionAnchor: (layout, frame) => ({ y: layout.seamY, maxWidth: frame.width * (1 - 2 * TIKTOK_SAFE.right), maxBottom: captionFloor(layout, frame, GAP) }),
  // Captions grow upward from the seam; the avatar and the title start below them.
  clearOfCaptions: (layout, captions) => panelBelowCaptions(layout, captions.bottom, GAP),
  // Below the screen, at the panel's left; the title beside it.
  avatarPlacement: (layout, timeline) => {
    const spot = panelAvatarSpot(layout.panel);
    return fixedPlacement(spot, spot.size, timeline.durationInFrames);
  },
};

export const calculateTikTokSplitMetadata = makeCalculateMetadata(tiktokSplitMetadata);
