import React from 'react';
import { AbsoluteFill, useCurrentFrame } from 'remotion';
import { timelineAt } from '../../timeline/build-timeline';
import { Background } from '../shared/Background';
import { FONT_FAMILY, ensureFonts } from '../shared/fonts';
import type { SplitLayout } from '../shared/layout';
import type { WithComputed } from '../shared/metadata';
import { MissingComputed } from '../shared/MissingComputed';
import { ScreenStage } from '../shared/ScreenStage';
import { WindowChrome } from '../shared/WindowChrome';
import type { TikTokSplitProps } from './schema';

ensureFonts();

/** The lower half. Static for now; later compositions put the avatar and captions here. */
const Panel: React.FC<{ layout: SplitLayout; title: string; subtitle: string; brand: string; accent: string; unit: number }> = ({
  layout,
  title,
  subtitle,
  brand,
  accent,
  unit,
}) => (
  <div
    style={{
      position: 'absolute',
      left: layout.panel.x,
      top: layout.panel.y,
      width: layout.panel.width,
      height: layout.panel.height,
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'center',
      gap: 28 * unit,
      color: '#fff',
    }}
  >
    <div style={{ fontSize: 30 * unit, fontWeight: 600, color: accent, letterSpacing: 2 * unit, textTransform: 'uppercase' }}>{brand}</div>
    <div style={{ fontSize: 76 * unit, fontWeight: 800, lineHeight: 1.08, textShadow: `0 ${4 * unit}px ${24 * unit}px rgba(0,0,0,0.35)` }}>{title}</div>
    <div style={{ fontSize: 40 * unit, fontWeight: 400, color: 'rgba(255,255,255,0.8)' }}>{subtitle}</div>
  </div>
);

export const TikTokSplit: React.FC<WithComputed<TikTokSplitProps, SplitLayout>> = ({ style, title, subtitle, brand, accent, computed }) => {
  const frame = useCurrentFrame();
  if (!computed) return <MissingComputed />;
  const { layout, timeline } = computed;
  const unit = (layout.panel.x * 2 + layout.stage.width) / 1080;
  return (
    <AbsoluteFill style={{ fontFamily: FONT_FAMILY }}>
      <Background background={style.background} />
      <WindowChrome rect={layout.window} radius={layout.radius} barHeight={layout.barHeight} shadow={style.shadow} />
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
      <Panel layout={layout} title={title} subtitle={subtitle} brand={brand} accent={accent} unit={unit} />
    </AbsoluteFill>
  );
};
