import React from 'react';
import { useCurrentFrame, useVideoConfig } from 'remotion';
import { captionAt, type CaptionPage } from '../../timeline/captions';
import { CAPTION_FONT, hexRgb, type CaptionBox } from './caption-box';
import type { Style } from './style-schema';

const hexAlpha = (hex: string, a: number) => `rgba(${hexRgb(hex).join(', ')}, ${a})`;

/** The caption page showing now, the word being spoken in the highlight colour. */
export const Captions: React.FC<{ pages: CaptionPage[]; box: CaptionBox; style: Style['captions'] }> = ({ pages, box, style }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  if (!style.enabled) return null;
  const at = captionAt(pages, (frame * 1000) / fps);
  if (!at) return null;
  const page = pages[at.page]!;
  return (
    <div
      style={{
        position: 'absolute',
        left: box.centerX - box.maxWidth / 2,
        width: box.maxWidth,
        top: box.centerY,
        transform: 'translateY(-50%)',
        display: 'flex',
        justifyContent: 'center',
      }}
    >
      <div
        style={{
          fontFamily: `'${CAPTION_FONT}', sans-serif`,
          fontWeight: 700,
          fontSize: box.fontSize,
          lineHeight: 1.25,
          color: style.color,
          background: style.boxOpacity > 0 ? hexAlpha(style.box, style.boxOpacity) : 'transparent',
          padding: `${box.padY}px ${box.padX}px`,
          borderRadius: box.radius,
          textAlign: 'center',
        }}
      >
        {page.words.map((w, i) => (
          <span key={i} style={{ color: i === at.word ? style.highlight : style.color }}>
            {i > 0 ? ' ' : ''}
            {w.text}
          </span>
        ))}
      </div>
    </div>
  );
};
