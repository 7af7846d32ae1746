import React from 'react';
import { ensureFonts } from '../shared/fonts';
import { panelAvatarSpot, type SplitLayout } from '../../frame/layout';
import type { WithComputed } from '../shared/metadata';
import { MissingComputed } from '../shared/MissingComputed';
import { absoluteRect } from '../shared/rect-style';
import { Scene } from '../shared/Scene';
import { textDirection } from '../../timeline/script-text';
import type { TikTokSplitProps } from './schema';

ensureFonts();

/** With an avatar at the panel's left, the title goes to its right. */
const textBesideAvatar = (panel: SplitLayout['panel'], unit: number): SplitLayout['panel'] => {
  const spot = panelAvatarSpot(panel);
  const left = spot.x + spot.size + 36 * unit;
  return { x: left, y: panel.y, width: panel.x + panel.width - left, height: panel.height };
};

/** The lower half: brand, title and subtitle (beside the avatar when there is one). */
const Panel: React.FC<{ layout: SplitLayout; title: string; subtitle: string; brand: string; accent: string; unit: number; besideAvatar: boolean }> = ({
  layout,
  title,
  subtitle,
  brand,
  accent,
  unit,
  besideAvatar,
}) => (
  <div
    style={{
      ...absoluteRect(besideAvatar ? textBesideAvatar(layout.panel, unit) : layout.panel),
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'center',
      gap: 28 * unit,
      color: '#fff',
    }}
  >
    {brand ? (
      <div dir={textDirection(brand)} style={{ fontSize: 30 * unit, fontWeight: 600, color: accent, letterSpacing: 2 * unit, textTransform: 'uppercase' }}>
        {brand}
      </div>
    ) : null}
    <div
      dir={textDirection(title)}
      style={{ fontSize: (besideAvatar ? 60 : 76) * unit, fontWeight: 800, lineHeight: 1.08, textShadow: `0 ${4 * unit}px ${24 * unit}px rgba(0,0,0,0.35)` }}
    >
      {title}
    </div>
    {subtitle ? (
      <div dir={textDirection(subtitle)} style={{ fontSize: 40 * unit, fontWeight: 400, color: 'rgba(255,255,255,0.8)' }}>
        {subtitle}
      </div>
    ) : null}
  </div>
);

export const TikTokSplit: React.FC<WithComputed<TikTokSplitProps, SplitLayout>> = ({ style, title, subtitle, brand, accent, computed, layer, sprites }) => {
  if (!computed) return <MissingComputed />;
  const { layout } = computed;
  const unit = (layout.panel.x * 2 + layout.stage.width) / 1080;
  return (
    <Scene layer={layer ?? 'all'} sprites={sprites} style={style} computed={computed}>
      <Panel layout={layout} title={title} subtitle={subtitle} brand={brand} accent={accent} unit={unit} besideAvatar={computed.avatar !== null} />
    </Scene>
  );
};
