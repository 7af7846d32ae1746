import React from 'react';
import { AbsoluteFill, Img, staticFile } from 'remotion';
import { isUrl } from './capture-source';
import type { BackgroundStyle } from './style-schema';

/** Static: drawn the same on every frame. */
export const Background: React.FC<{ background: BackgroundStyle }> = ({ background }) => {
  if (background.type === 'image') {
    return (
      <AbsoluteFill>
        <Img src={isUrl(background.src) ? background.src : staticFile(background.src)} style={{ width: '100%', height: '100%', objectFit: 'cover' }} />
      </AbsoluteFill>
    );
  }
  const css = background.type === 'solid' ? background.color : `linear-gradient(${background.angle}deg, ${background.from}, ${background.to})`;
  return <AbsoluteFill style={{ background: css }} />;
};
