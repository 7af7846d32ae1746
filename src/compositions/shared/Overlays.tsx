/**
 * Callouts, the speed-up badge and keycaps: a drawer of the frame model's overlays (the
 * composite path burns the same items in with libass).
 */
import React from 'react';
import type { DrawnOverlays } from '../../frame/model';
import { OVERLAY_COLORS, type OverlayMetrics } from '../../frame/overlay-layout';
import { CAPTION_FONT_STACK, hexRgb } from '../../frame/caption-box';
import { absoluteRect } from './rect-style';

const label: React.CSSProperties = {
  fontFamily: CAPTION_FONT_STACK,
  fontWeight: 700,
  color: OVERLAY_COLORS.label.text,
  whiteSpace: 'pre',
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
};

const OVERLAY_BG = `rgba(${hexRgb(OVERLAY_COLORS.label.back).join(', ')}, ${OVERLAY_COLORS.label.backOpacity})`;
const CALLOUT_BG = OVERLAY_COLORS.callout.back;
const CALLOUT_TEXT = OVERLAY_COLORS.callout.text;

export const Overlays: React.FC<{ overlays: DrawnOverlays; metrics: OverlayMetrics; frame: { width: number; height: number } }> = ({
  overlays,
  metrics: m,
  frame,
}) => (
  <>
    {overlays.badges.map((b, i) => (
      <div key={`b${i}`} dir={b.dir} style={{ ...absoluteRect(b.box), ...label, fontSize: m.fontSize, background: OVERLAY_BG, borderRadius: m.padY }}>
        {b.text}
      </div>
    ))}
    {overlays.keycaps.map((k, i) => (
      <div
        key={`k${i}`}
        dir={k.dir}
        style={{
          ...absoluteRect(k.box),
          ...label,
          fontSize: m.fontSize,
          background: OVERLAY_BG,
          borderRadius: m.padY,
          boxShadow: `inset 0 -${m.padY / 2}px 0 rgba(255,255,255,0.18)`,
        }}
      >
        {k.text}
      </div>
    ))}
    {overlays.callouts.map((c, i) => (
      <React.Fragment key={`c${i}`}>
        <svg style={{ position: 'absolute', left: 0, top: 0, width: frame.width, height: frame.height, overflow: 'visible' }}>
          <line x1={c.tip.x} y1={c.tip.y} x2={c.from.x} y2={c.from.y} stroke={CALLOUT_BG} strokeWidth={m.fontSize * 0.12} />
          <circle cx={c.tip.x} cy={c.tip.y} r={c.dot} fill={CALLOUT_BG} stroke={CALLOUT_TEXT} strokeWidth={m.fontSize * 0.06} />
        </svg>
        <div dir={c.dir} style={{ ...absoluteRect(c.box), ...label, fontSize: m.fontSize, background: CALLOUT_BG, color: CALLOUT_TEXT, borderRadius: m.padY }}>
          {c.text}
        </div>
      </React.Fragment>
    ))}
  </>
);
