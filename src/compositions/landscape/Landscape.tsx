import React from 'react';
import type { ScreenLayout } from '../../frame/layout';
import type { WithComputed } from '../shared/metadata';
import { MissingComputed } from '../shared/MissingComputed';
import { Scene } from '../shared/Scene';
import { ensureFonts } from '../shared/fonts';
import type { LandscapeProps } from './schema';

ensureFonts();

export const Landscape: React.FC<WithComputed<LandscapeProps, ScreenLayout>> = ({ style, title, computed, layer, sprites, terminalSprites }) => {
  if (!computed) return <MissingComputed />;
  return <Scene layer={layer ?? 'all'} sprites={sprites} terminalSprites={terminalSprites} style={style} computed={computed} title={title} />;
};
