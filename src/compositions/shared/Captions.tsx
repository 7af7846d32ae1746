import React from 'react';
import { useCurrentFrame, useVideoConfig } from 'remotion';
import { captionLines } from '../../timeline/caption-lines';
import { captionAt, type CaptionPage } from '../../timeline/captions';
import { CAPTION_FONT_STACK, CAPTION_LINE_HEIGHT, captionLineEm, hexRgb, type CaptionBox } from '../../frame/caption-box';
import type { Style } from './style-schema';

const hexAlpha = (hex: string, a: number) => `rgba(${hexRgb(hex).join(', ')}, ${a})`;

/**
 * The caption page showing now, the word being spoken in the highlight colour: the lines of
 * caption-lines.ts (as libass gets them), in the page's direction (right to left for Hebrew and
 * Arabic), never taller than the box's lines.
 */
export const Captions: React.FC<{ pages: CaptionPage[]; box: CaptionBox; style: Style['captions'] }> = ({ pages, box, style }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  if (!style.enabled) return null;
  const at = captionAt(pages, (frame * 1000) / fps);
  if (!at) return null;
  const page = pages[at.page]!;
  const lines = captionLines(page.words, captionLineEm(box));
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
        dir={page.dir ?? 'ltr'}
        style={{
          fontFamily: CAPTION_FONT_STACK,
          fontWeight: 700,
          fontSize: box.fontSize,
          lineHeight: CAPTION_LINE_HEIGHT,
          color: style.color,
          background: style.boxOpacity > 0 ? hexAlpha(style.box, style.boxOpacity) : 'transparent',
          padding: `${box.padY}px ${box.padX}px`,
          borderRadius: box.radius,
          textAlign: 'center',
          unicodeBidi: 'isolate',
          // The estimate of line widths is generous; should a line still not fit, it wraps
          // (between any characters) rather than leave the box, and the box keeps its lines.
          overflowWrap: 'anywhere',
          maxHeight: box.maxLines * box.fontSize * CAPTION_LINE_HEIGHT + 2 * box.padY,
          overflow: 'hidden',
        }}
      >
        {lines.map((runs, l) => (
          <div key={l}>
            {runs.map((r, i) => (
              <span key={i} style={{ color: r.word === at.word ? style.highlight : style.color }}>
                {r.space ? ' ' : ''}
                {r.text}
              </span>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
};
