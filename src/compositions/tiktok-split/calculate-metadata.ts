import { OUTPUT_FORMATS } from '../../formats';
import { fixedPlacement } from '../../frame/avatar-placement';
import { captionFloor, panelAvatarSpot, panelBelowCaptions, tiktokSplitLayout } from '../../frame/layout';
import { makeCalculateMetadata, type MetadataSpec } from '../shared/metadata';
import { centredWidth, overlaySafeArea } from '../../frame/safe-area';
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
  // On the seam between the screen and the panel, centred, as wide as every 9:16 preset's safe
  // zone allows (overlaySafeArea: TikTok's, Shorts' and Reels' insets, TikTok's rail the nearest
  // side: 800 px at 1080 wide).
  // Never lower than the safe area's bottom (Reels' 672 px band) nor into the panel's least room.
  captionAnchor: (layout, frame) => {
    const safe = overlaySafeArea(frame);
    return { y: layout.seamY, maxWidth: centredWidth(safe, frame.width / 2), maxBottom: Math.min(captionFloor(layout, frame, GAP), safe.y + safe.height) };
  },
  // Captions grow upward from the seam; the avatar and the title start below them.
  clearOfCaptions: (layout, captions) => panelBelowCaptions(layout, captions.bottom, GAP),
  // Below the screen, at the panel's left; the title beside it.
  avatarPlacement: (layout, timeline) => {
    const spot = panelAvatarSpot(layout.panel);
    return fixedPlacement(spot, spot.size, timeline.durationInFrames);
  },
};

export const calculateTikTokSplitMetadata = makeCalculateMetadata(tiktokSplitMetadata);
