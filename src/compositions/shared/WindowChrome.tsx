import React from 'react';
import type { Rect } from '../../timeline/view';
import { textDirection } from '../../timeline/script-text';
import { absoluteRect } from './rect-style';

/** The static window around the screen: shadow, rounded corners, title bar. */
export const WindowChrome: React.FC<{ rect: Rect; radius: number; barHeight: number; shadow: number; title?: string }> = ({
  rect,
  radius,
  barHeight,
  shadow,
  title,
}) => {
  const dot = barHeight * 0.3;
  return (
    <div
      style={{
        ...absoluteRect(rect),
        borderRadius: radius,
        background: '#171a24',
        boxShadow: shadow > 0 ? `0 ${rect.width * 0.012}px ${rect.width * 0.035}px rgba(0,0,0,${0.55 * shadow}), 0 0 0 1px rgba(255,255,255,0.08)` : undefined,
      }}
    >
      {barHeight > 0 ? (
        <div style={{ height: barHeight, display: 'flex', alignItems: 'center', paddingLeft: barHeight * 0.45, gap: dot * 0.7 }}>
          {['#ff5f57', '#febc2e', '#28c840'].map((c) => (
            <div key={c} style={{ width: dot, height: dot, borderRadius: dot, background: c }} />
          ))}
          {title ? (
            <div
              dir={textDirection(title)}
              style={{
                position: 'absolute',
                left: 0,
                right: 0,
                textAlign: 'center',
                color: 'rgba(255,255,255,0.55)',
                fontSize: barHeight * 0.36,
                fontWeight: 600,
                pointerEvents: 'none',
              }}
            >
              {title}
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
};
