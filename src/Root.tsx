import React from 'react';
import { Composition } from 'remotion';
import { OUTPUT_FORMATS } from './formats';
import { calculateLandscapeMetadata } from './compositions/landscape/calculate-metadata';
import { Landscape } from './compositions/landscape/Landscape';
import { LANDSCAPE_SIZE, landscapeDefaults, landscapeSchema } from './compositions/landscape/schema';
import { calculateTikTokSplitMetadata } from './compositions/tiktok-split/calculate-metadata';
import { TikTokSplit } from './compositions/tiktok-split/TikTokSplit';
import { TIKTOK_SIZE, tiktokSplitDefaults, tiktokSplitSchema } from './compositions/tiktok-split/schema';
import { calculateSquareMetadata } from './compositions/square/calculate-metadata';
import { SQUARE_SIZE, squareDefaults, squareSchema } from './compositions/square/schema';

// Duration and fps come from the capture (calculateMetadata); these are placeholders.
export const Root: React.FC = () => (
  <>
    <Composition
      id={OUTPUT_FORMATS.landscape.composition}
      component={Landscape}
      {...LANDSCAPE_SIZE}
      fps={30}
      durationInFrames={300}
      schema={landscapeSchema}
      defaultProps={landscapeDefaults}
      calculateMetadata={calculateLandscapeMetadata}
    />
    <Composition
      id={OUTPUT_FORMATS.tiktok.composition}
      component={TikTokSplit}
      {...TIKTOK_SIZE}
      fps={30}
      durationInFrames={300}
      schema={tiktokSplitSchema}
      defaultProps={tiktokSplitDefaults}
      calculateMetadata={calculateTikTokSplitMetadata}
    />
    {/* Square draws like TikTokSplit (screen on top, avatar and title below) in a 1:1 frame. */}
    <Composition
      id={OUTPUT_FORMATS.square.composition}
      component={TikTokSplit}
      {...SQUARE_SIZE}
      fps={30}
      durationInFrames={300}
      schema={squareSchema}
      defaultProps={squareDefaults}
      calculateMetadata={calculateSquareMetadata}
    />
  </>
);
