import React from 'react';
import type { DrawnCaption } from '../../frame/model';
import { CAPTION_FONT_STACK, hexRgb } from '../../frame/caption-box';
import type { Style } from './style-schema';

const hexAlpha = (hex: string, a: number) => `rgba(${hexRgb(hex).join(', ')}, ${a})`;

/**
 * The caption page showing now (the frame model's caption), the word being spoken in the
 * highlight colour: its lines as the model broke them (libass gets the same), in the page's
 * direction (right to left for Hebrew and Arabic). The box's bottom edge and height are the
 * model's; it is as wide as its longest line, centred.
 */
export const Captions: React.FC<{ caption: DrawnCaption; style: Style['captions'] }> = ({ caption, style }) => {
  const { box } = caption;
  return (
    <div style={{ position: 'absolute', left: box.x, width: box.width, top: box.y, height: box.height, display: 'flex', justifyContent: 'center' }}>
      <div
        dir={caption.dir}
        style={{
          fontFamily: CAPTION_FONT_STACK,
          fontWeight: 700,
          fontSize: caption.fontSize,
          lineHeight: `${caption.lineHeight}px`,
          color: style.color,
          background: style.boxOpacity > 0 ? hexAlpha(style.box, style.boxOpacity) : 'transparent',
          padding: `${caption.padY}px ${caption.padX}px`,
          borderRadius: caption.radius,
          textAlign: 'center',
          unicodeBidi: 'isolate',
          // The estimate of line widths is generous; should a line still not fit, it wraps
          // (between any characters) rather than leave the box, and the box keeps its lines.
          overflowWrap: 'anywhere',
          height: box.height,
          boxSizing: 'border-box',
          overflow: 'hidden',
        }}
      >
        {caption.lines.map((runs, l) => (
          <div key={l}>
            {runs.map((r, i) => (
              <span key={i} style={{ color: r.word === caption.word ? style.highlight : style.color }}>
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
