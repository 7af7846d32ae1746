import React from 'react';
import { AbsoluteFill, Img } from 'remotion';
import type { CardElement, DrawnCard } from '../../frame/cards';
import { FONT_FAMILY } from './fonts';

/** The monospace face of URLs on cards. */
const MONO_FAMILY = "'JetBrains Mono', 'DejaVu Sans Mono', monospace";

/** A QR code's modules as one SVG path (a unit square per dark module). */
const qrPath = (size: number, modules: readonly boolean[]): string => {
  let d = '';
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (modules[r * size + c]) d += `M${c} ${r}h1v1h-1z`;
  return d;
};

/** One element of a card, at the place the frame model gave it (frame/cards.ts). */
export const CardElementView: React.FC<{ e: CardElement }> = ({ e }) => {
  const box: React.CSSProperties = { position: 'absolute', left: e.box.x, top: e.box.y, width: e.box.width, height: e.box.height };
  switch (e.type) {
    case 'rect':
      return <div style={{ ...box, background: e.fill, borderRadius: e.radius, opacity: e.opacity ?? 1 }} />;
    case 'image':
      return <Img src={e.src} style={{ ...box, objectFit: 'contain' }} />;
    case 'qr':
      return (
        <svg style={box} viewBox={`0 0 ${e.size} ${e.size}`} shapeRendering="crispEdges">
          <rect x={0} y={0} width={e.size} height={e.size} fill={e.light} />
          <path d={qrPath(e.size, e.modules)} fill={e.dark} />
        </svg>
      );
    case 'text':
      return (
        <div
          style={{
            ...box,
            // Centred text may be a little wider than the model's estimate: it grows both ways.
            ...(e.align === 'center' ? { left: e.box.x - e.box.width, width: e.box.width * 3 } : {}),
            fontFamily: e.mono ? MONO_FAMILY : FONT_FAMILY,
            fontSize: e.fontSize,
            lineHeight: `${e.lineHeight}px`,
            fontWeight: e.weight,
            color: e.color,
            opacity: e.opacity ?? 1,
            textAlign: e.align,
            whiteSpace: 'pre',
            direction: e.dir ?? 'ltr',
          }}
        >
          {e.lines.map((l, i) => (
            <div key={i}>{l}</div>
          ))}
        </div>
      );
  }
};

/** The cards showing now (frame/cards.ts's cardsAt), each at its opacity, bottom first. */
export const Cards: React.FC<{ cards: readonly DrawnCard[] }> = ({ cards }) => (
  <>
    {cards.map((c) => (
      <AbsoluteFill key={c.layer} style={{ opacity: c.opacity }}>
        {c.elements.map((e, i) => (
          <CardElementView key={i} e={e} />
        ))}
      </AbsoluteFill>
    ))}
  </>
);
