import React from 'react';

/** An expanding, fading ring at a click. `progress` runs 0 → 1 over the ripple's life. */
export const ClickRipple: React.FC<{ x: number; y: number; radius: number; progress: number; color?: string }> = ({
  x,
  y,
  radius,
  progress,
  color = 'rgba(255,255,255,0.9)',
}) => {
  const eased = 1 - (1 - progress) ** 3;
  const r = radius * (0.25 + 0.75 * eased);
  return (
    <div
      style={{
        position: 'absolute',
        left: x - r,
        top: y - r,
        width: 2 * r,
        height: 2 * r,
        borderRadius: '50%',
        border: `${Math.max(1.5, radius * 0.09)}px solid ${color}`,
        background: 'rgba(255,255,255,0.12)',
        opacity: 1 - progress,
        boxShadow: '0 0 0 1px rgba(0,0,0,0.15)',
      }}
    />
  );
};
