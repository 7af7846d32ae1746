import { OUTPUT_FORMATS } from '../../formats';
import { fixedPlacement } from '../../frame/avatar-placement';
import { captionFloor, panelAvatarSpot, panelBelowCaptions, TIKTOK_SAFE, tiktokSplitLayout } from '../../frame/layout';
import { makeCalculateMetadata, type MetadataSpec } from '../shared/metadata';
import { strictestSafeZone } from '../../output-presets';
import { TIKTOK_SIZE, tiktokSplitSchema } from './schema';
import type { TikTokSplitProps } from './schema';
import type { SplitLayout } from '../../frame/layout';

/** The room kept on each side of the captions (px of a frame `width` wide): the 9:16 presets' widest side inset, or TikTok's rail. */
const captionSide = (width: number): number => {
  const z = strictestSafeZone('tiktok');
  return Math.max(TIKTOK_SAFE.right * width, (Math.max(z.left, z.right) * width) / TIKTOK_SIZE.width);
};

/** Between the captions and the panel (px). */
const GAP = 20 * (TIKTOK_SIZE.width / 1080);

/** TikTokSplit's layout, captions and avatar (what calculateMetadata and `screenplay review` both use). */
export const tiktokSplitMetadata: MetadataSpec<TikTokSplitProps, SplitLayout> = {
  composition: OUTPUT_FORMATS.tiktok.composition,
  size: TIKTOK_SIZE,
  schema: tiktokSplitSchema,
  layout: (frame, _capture, props) => tiktokSplitLayout(frame, props.style),
  // On the seam between the screen and the panel, as wide as every 9:16 preset's safe zone allows
  // (TikTok's, Shorts' and Reels' side insets: output-presets.ts), and clear of TikTok's rail.
  captionAnchor: (layout, frame) => ({ y: layout.seamY, maxWidth: frame.width - 2 * captionSide(frame.width), maxBottom: captionFloor(layout, frame, GAP) }),
  // Captions grow upward from the seam; the avatar and the title start below them.
  clearOfCaptions: (layout, captions) => panelBelowCaptions(layout, captions.bottom, GAP),
  // Below the screen, at the panel's left; the title beside it.
  avatarPlacement: (layout, timeline) => {
    const spot = panelAvatarSpot(layout.panel);
    return fixedPlacement(spot, spot.size, timeline.durationInFrames);
  },
};

export const calculateTikTokSplitMetadata = makeCalculateMetadata(tiktokSplitMetadata);
