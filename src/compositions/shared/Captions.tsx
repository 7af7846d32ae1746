import React from 'react';
import { CAPTION_FONT_STACK, hexRgb } from '../../frame/caption-box';
import { CODE_FONT_STACK, type StyledCaption, type StyledRun } from '../../frame/caption-style';
import type { Style } from './style-schema';

const hexAlpha = (hex: string, a: number) => `rgba(${hexRgb(hex).join(', ')}, ${a})`;

/** A run's text: in the monospace font when it is a technical term, and filled (karaoke) from its start side. */
const Run: React.FC<{ run: StyledRun; caption: StyledCaption; style: Style['captions'] }> = ({ run, caption, style }) => {
  const font = run.code ? { fontFamily: CODE_FONT_STACK } : {};
  const partial = run.fill > 0 && run.fill < 1;
  const cut = `${((1 - run.fill) * 100).toFixed(3)}%`;
  return (
    <>
      {run.space ? ' ' : ''}
      <span style={{ ...font, position: partial ? 'relative' : undefined, color: run.fill >= 1 ? style.highlight : style.color }}>
        {run.text}
        {partial ? (
          // The same text over it in the highlight colour, clipped to the part said (the start side: the left, the right in RTL).
          <span
            aria-hidden
            style={{
              position: 'absolute',
              left: 0,
              top: 0,
              whiteSpace: 'nowrap',
              color: style.highlight,
              clipPath: caption.dir === 'rtl' ? `inset(0 0 0 ${cut})` : `inset(0 ${cut} 0 0)`,
            }}
          >
            {run.text}
          </span>
        ) : null}
      </span>
    </>
  );
};

/**
 * The caption page showing now, as the frame model styled it (frame/caption-style.ts): its lines
 * as the model broke them (libass gets the same), in the page's direction (right to left for
 * Hebrew and Arabic). clean and karaoke: one box, its bottom edge and height the model's, as wide
 * as its longest line; pop: no box, an outline, growing in; boxed: each line in the model's box.
 */
export const Captions: React.FC<{ caption: StyledCaption; style: Style['captions'] }> = ({ caption, style }) => {
  const { box } = caption;
  const text = {
    fontFamily: CAPTION_FONT_STACK,
    fontWeight: 700,
    fontSize: caption.fontSize,
    textAlign: 'center' as const,
    unicodeBidi: 'isolate' as const,
  };
  if (caption.backing === 'line') {
    return (
      <>
        {caption.styled.map((line, l) => (
          <React.Fragment key={l}>
            <div
              style={{
                position: 'absolute',
                left: line.box.x,
                top: line.box.y,
                width: line.box.width,
                height: line.box.height,
                borderRadius: caption.radius,
                background: style.boxOpacity > 0 ? hexAlpha(style.box, style.boxOpacity) : 'transparent',
              }}
            />
            <div
              dir={caption.dir}
              style={{
                ...text,
                position: 'absolute',
                left: box.x,
                width: box.width,
                top: line.box.y,
                lineHeight: `${line.box.height}px`,
                whiteSpace: 'nowrap',
              }}
            >
              {line.runs.map((r, i) => (
                <Run key={i} run={r} caption={caption} style={style} />
              ))}
            </div>
          </React.Fragment>
        ))}
      </>
    );
  }
  const outline = caption.backing === 'outline';
  return (
    <div
      style={{
        position: 'absolute',
        left: box.x,
        width: box.width,
        top: box.y,
        height: box.height,
        display: 'flex',
        justifyContent: 'center',
        ...(caption.scale !== 1 ? { transform: `scale(${caption.scale})`, transformOrigin: '50% 50%' } : {}),
      }}
    >
      <div
        dir={caption.dir}
        style={{
          ...text,
          lineHeight: `${caption.lineHeight}px`,
          color: style.color,
          background: !outline && style.boxOpacity > 0 ? hexAlpha(style.box, style.boxOpacity) : 'transparent',
          padding: `${caption.padY}px ${caption.padX}px`,
          borderRadius: caption.radius,
          // pop: an outline of the box colour round the letters (a stroke twice as wide, painted under the fill: libass's \bord).
          ...(outline ? { WebkitTextStroke: `${2 * caption.outline}px ${style.box}`, paintOrder: 'stroke fill' } : {}),
          // The estimate of line widths is generous; should a line still not fit, it wraps
          // (between any characters) rather than leave the box, and the box keeps its lines.
          overflowWrap: 'anywhere',
          height: box.height,
          boxSizing: 'border-box',
          overflow: outline ? 'visible' : 'hidden',
        }}
      >
        {caption.preset === 'clean'
          ? caption.lines.map((runs, l) => (
              // clean: exactly as before presets (a render of it does not change).
              <div key={l}>
                {runs.map((r, i) => (
                  <span key={i} style={{ color: r.word === caption.word ? style.highlight : style.color }}>
                    {r.space ? ' ' : ''}
                    {caption.styled[l]?.runs[i]?.code ? <span style={{ fontFamily: CODE_FONT_STACK }}>{r.text}</span> : r.text}
                  </span>
                ))}
              </div>
            ))
          : caption.styled.map((line, l) => (
              <div key={l}>
                {line.runs.map((r, i) => (
                  <Run key={i} run={r} caption={caption} style={style} />
                ))}
              </div>
            ))}
      </div>
    </div>
  );
};
