import React from 'react';
import { ensureFonts } from '../shared/fonts';
import { panelText, type SplitLayout } from '../../frame/layout';
import type { WithComputed } from '../shared/metadata';
import { MissingComputed } from '../shared/MissingComputed';
import { absoluteRect } from '../shared/rect-style';
import { Scene } from '../shared/Scene';
import { textDirection } from '../../timeline/script-text';
import type { TikTokSplitProps } from './schema';

ensureFonts();

/** The lower half: brand, title and subtitle (beside the avatar when there is one), as panelText fits them. */
const Panel: React.FC<{ layout: SplitLayout; title: string; subtitle: string; brand: string; accent: string; unit: number; besideAvatar: boolean }> = ({
  layout,
  title,
  subtitle,
  brand,
  accent,
  unit,
  besideAvatar,
}) => {
  const fit = panelText(layout.panel, { brand, title, subtitle }, unit, besideAvatar);
  return (
    <div
      style={{
        ...absoluteRect(fit.rect),
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'center',
        gap: fit.gap,
        color: '#fff',
        // Whatever the estimate missed wraps (between any characters) and is clipped, never drawn outside.
        overflow: 'hidden',
        overflowWrap: 'anywhere',
      }}
    >
      {brand ? (
        <div dir={textDirection(brand)} style={{ fontSize: fit.brand, fontWeight: 600, color: accent, letterSpacing: 2 * unit, textTransform: 'uppercase' }}>
          {brand}
        </div>
      ) : null}
      {title ? (
        <div
          dir={textDirection(title)}
          style={{ fontSize: fit.title, fontWeight: 800, lineHeight: 1.08, textShadow: `0 ${4 * unit}px ${24 * unit}px rgba(0,0,0,0.35)` }}
        >
          {title}
        </div>
      ) : null}
      {subtitle ? (
        <div dir={textDirection(subtitle)} style={{ fontSize: fit.subtitle, fontWeight: 400, color: 'rgba(255,255,255,0.8)' }}>
          {subtitle}
        </div>
      ) : null}
    </div>
  );
};

export const TikTokSplit: React.FC<WithComputed<TikTokSplitProps, SplitLayout>> = ({
  style,
  title,
  subtitle,
  brand,
  accent,
  computed,
  layer,
  sprites,
  terminalSprites,
}) => {
  if (!computed) return <MissingComputed />;
  const { layout } = computed;
  const unit = (layout.panel.x * 2 + layout.stage.width) / 1080;
  return (
    <Scene layer={layer ?? 'all'} sprites={sprites} terminalSprites={terminalSprites} style={style} computed={computed}>
      <Panel layout={layout} title={title} subtitle={subtitle} brand={brand} accent={accent} unit={unit} besideAvatar={computed.avatar !== null} />
    </Scene>
  );
};
