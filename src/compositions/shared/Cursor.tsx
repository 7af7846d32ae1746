import React from 'react';

/** An arrow pointer, tip at (x, y), `size` px tall. Drawn in SVG: crisp at any zoom, no filters. */
export const Cursor: React.FC<{ x: number; y: number; size: number; opacity: number }> = ({ x, y, size, opacity }) => {
  if (opacity <= 0) return null;
  return (
    <svg
      viewBox="0 0 24 32"
      width={size * 0.75}
      height={size}
      style={{
        position: 'absolute',
        left: 0,
        top: 0,
        overflow: 'visible',
        opacity,
        transform: `translate(${x}px, ${y}px)`,
      }}
    >
      <path d="M2.5 3.5 L2.5 26.5 L8.6 20.8 L12.7 30 L17 28.1 L13 19.1 L21.5 19.1 Z" fill="rgba(0,0,0,0.28)" transform="translate(1.2 1.6)" />
      <path d="M1 1 L1 25 L7.3 19.1 L11.5 28.6 L15.9 26.7 L11.8 17.4 L20.5 17.4 Z" fill="#fff" stroke="#111" strokeWidth={1.6} strokeLinejoin="round" />
    </svg>
  );
};
