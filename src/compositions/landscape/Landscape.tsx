import React from 'react';
import { AbsoluteFill, useCurrentFrame } from 'remotion';
import { timelineAt } from '../../timeline/build-timeline';
import { Background } from '../shared/Background';
import { FONT_FAMILY, ensureFonts } from '../shared/fonts';
import type { ScreenLayout } from '../shared/layout';
import type { WithComputed } from '../shared/metadata';
import { MissingComputed } from '../shared/MissingComputed';
import { ScreenStage } from '../shared/ScreenStage';
import { WindowChrome } from '../shared/WindowChrome';
import type { LandscapeProps } from './schema';

ensureFonts();

export const Landscape: React.FC<WithComputed<LandscapeProps, ScreenLayout>> = ({ style, title, computed }) => {
  const frame = useCurrentFrame();
  if (!computed) return <MissingComputed />;
  const { layout, timeline } = computed;
  return (
    <AbsoluteFill style={{ fontFamily: FONT_FAMILY }}>
      <Background background={style.background} />
      <WindowChrome rect={layout.window} radius={layout.radius} barHeight={layout.barHeight} shadow={style.shadow} title={title} />
      <ScreenStage
        rect={layout.stage}
        radius={layout.radius}
        squareTop={layout.barHeight > 0}
        screen={timeline.screen}
        viewAspect={layout.viewAspect}
        src={computed.recordingSrc}
        frame={timelineAt(timeline, frame)}
        cursorSize={style.cursorSize}
        clickRipple={style.clickRipple}
      />
    </AbsoluteFill>
  );
};
