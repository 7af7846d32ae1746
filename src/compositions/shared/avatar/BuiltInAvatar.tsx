/**
 * The built-in avatar: a drawn presenter in the brand's colours, in a round bubble. It speaks
 * with the narration (mouth variants from the avatar track), blinks, sways a little and looks
 * up at the screen between lines. Drawn as SVG in layers (see avatar-geometry.ts) so the fast
 * render path can place the same layers as sprites.
 */
import React from 'react';
import { EYES, mouthOf } from '../../../timeline/avatar-track';
import type { AvatarFrame } from '../../../timeline/avatar-track';
import type { Rect } from '../../../timeline/view';
import type { AvatarSheet } from '../layers';
import { AVATAR_VIEW, EYES_RECT, HEAD_RECT, MOUTH_RECT } from '../../../frame/avatar-geometry';

export type AvatarColors = { accent: string; skin: string; hair: string; shirt: string };
export const avatarColors = (accent: string): AvatarColors => ({ accent, skin: '#f6d2b3', hair: '#2b2f45', shirt: accent });

const INK = '#1d2230';
const LIP = '#4a1622';

/** The bubble, the shoulders and the neck: everything that does not move. */
export const AvatarFrameLayer: React.FC<{ colors: AvatarColors; id: string }> = ({ colors, id }) => (
  <>
    <defs>
      <radialGradient id={`${id}-bg`} cx="50%" cy="35%" r="75%">
        <stop offset="0%" stopColor="#ffffff" stopOpacity={0.55} />
        <stop offset="45%" stopColor={colors.accent} stopOpacity={0.9} />
        <stop offset="100%" stopColor="#14213d" />
      </radialGradient>
      <clipPath id={`${id}-clip`}>
        <circle cx={50} cy={50} r={49} />
      </clipPath>
    </defs>
    <circle cx={50} cy={50} r={49} fill={`url(#${id}-bg)`} />
    <g clipPath={`url(#${id}-clip)`}>
      <rect x={43} y={58} width={14} height={18} rx={4} fill="#e3b794" />
      <path d="M12,102 C12,80 28,70 50,70 C72,70 88,80 88,102 Z" fill={colors.shirt} />
      <path d="M12,102 C12,80 28,70 50,70 C72,70 88,80 88,102 Z" fill="#000" opacity={0.22} />
      <path d="M41,70 L50,80 L59,70" fill="none" stroke="#ffffff" strokeOpacity={0.85} strokeWidth={2.2} strokeLinejoin="round" />
    </g>
    <circle cx={50} cy={50} r={48.6} fill="none" stroke="#ffffff" strokeOpacity={0.9} strokeWidth={1.4} />
  </>
);

/** Head, ears, hair, brows, nose, cheeks: no eyes, no mouth (they are drawn on top). */
export const AvatarHeadLayer: React.FC<{ colors: AvatarColors }> = ({ colors }) => (
  <>
    <circle cx={25.5} cy={43} r={4.6} fill={colors.skin} />
    <circle cx={74.5} cy={43} r={4.6} fill={colors.skin} />
    <ellipse cx={50} cy={41} rx={25} ry={27} fill={colors.skin} />
    <path d="M24.5,40 C22,17 36,8.5 51,9.5 C67,10.5 79,20 75.5,40 C72,29 64,22.5 50,23 C38,23.5 29,29 24.5,40 Z" fill={colors.hair} />
    <path d="M33.5,31.5 Q39,28.6 44.5,31" fill="none" stroke={colors.hair} strokeWidth={2.1} strokeLinecap="round" />
    <path d="M55.5,31 Q61,28.6 66.5,31.5" fill="none" stroke={colors.hair} strokeWidth={2.1} strokeLinecap="round" />
    <path d="M50,41.5 Q47.6,47.4 50.4,48.6" fill="none" stroke="#c98f6b" strokeWidth={1.3} strokeLinecap="round" />
    <circle cx={33.5} cy={50.5} r={4.2} fill="#f08a8a" opacity={0.3} />
    <circle cx={66.5} cy={50.5} r={4.2} fill="#f08a8a" opacity={0.3} />
  </>
);

const Eye: React.FC<{ cx: number; variant: number }> = ({ cx, variant }) => {
  const cy = 40;
  if (variant === EYES.closed)
    return <path d={`M${cx - 5},${cy} Q${cx},${cy + 3.4} ${cx + 5},${cy}`} fill="none" stroke={INK} strokeWidth={1.6} strokeLinecap="round" />;
  const half = variant === EYES.half || variant === EYES.upHalf;
  const up = variant === EYES.upOpen || variant === EYES.upHalf;
  const ry = half ? 2.6 : 5.4;
  const py = up ? cy - 1.8 : cy + 0.4;
  return (
    <>
      <ellipse cx={cx} cy={cy} rx={5} ry={ry} fill="#ffffff" />
      <ellipse cx={cx + 0.3} cy={half ? cy : py} rx={3} ry={Math.min(3, ry)} fill={INK} />
      {!half && <circle cx={cx + 1.4} cy={py - 1.2} r={0.9} fill="#ffffff" />}
      {half && <path d={`M${cx - 5.4},${cy - 1} Q${cx},${cy - 4.2} ${cx + 5.4},${cy - 1}`} fill="none" stroke={INK} strokeWidth={1.2} strokeLinecap="round" />}
    </>
  );
};

export const AvatarEyesLayer: React.FC<{ variant: number }> = ({ variant }) => (
  <>
    <Eye cx={39} variant={variant} />
    <Eye cx={61} variant={variant} />
  </>
);

export const AvatarMouthLayer: React.FC<{ variant: number }> = ({ variant }) => {
  const m = mouthOf(variant);
  const cx = 50;
  const cy = 57.5;
  if (!m) return <path d="M43.5,56 Q50,61.2 56.5,56" fill="none" stroke={LIP} strokeWidth={1.8} strokeLinecap="round" />;
  if (m.open === 0)
    return (
      <path
        d={`M${cx - 5 - m.wide * 1.5},${cy} Q${cx},${cy + 1.2} ${cx + 5 + m.wide * 1.5},${cy}`}
        fill="none"
        stroke={LIP}
        strokeWidth={1.7}
        strokeLinecap="round"
      />
    );
  const rx = (5.2 + 3.2 * m.wide) * (1 - 0.18 * m.open);
  const ry = 1.2 + 5.4 * m.open;
  return (
    <>
      <ellipse cx={cx} cy={cy} rx={rx} ry={ry} fill={LIP} />
      {m.open > 0.35 && <rect x={cx - rx * 0.62} y={cy - ry + 0.2} width={rx * 1.24} height={Math.min(2.2, ry * 0.4)} rx={0.8} fill="#ffffff" />}
      <ellipse cx={cx} cy={cy + ry * 0.55} rx={rx * 0.55} ry={ry * 0.38} fill="#e07080" />
    </>
  );
};

const svgStyle: React.CSSProperties = { position: 'absolute', overflow: 'visible' };

/** An SVG showing part of the avatar's drawing space (`view`) at `rect` on the page. */
const Svg: React.FC<{ rect: Rect; view: Rect; children: React.ReactNode }> = ({ rect, view, children }) => (
  <svg style={{ ...svgStyle, left: rect.x, top: rect.y, width: rect.width, height: rect.height }} viewBox={`${view.x} ${view.y} ${view.width} ${view.height}`}>
    {children}
  </svg>
);

/** The whole avatar, `size` px wide at (x, y), in one frame of its performance. */
export const BuiltInAvatar: React.FC<{ x: number; y: number; size: number; accent: string; frame: AvatarFrame; id?: string }> = ({
  x,
  y,
  size,
  accent,
  frame,
  id = 'avatar',
}) => {
  const colors = avatarColors(accent);
  const k = size / AVATAR_VIEW;
  const at = (r: Rect, dy = 0): Rect => ({ x: x + r.x * k, y: y + r.y * k + dy, width: r.width * k, height: r.height * k });
  const bob = frame.bob * size;
  const whole = { x: 0, y: 0, width: AVATAR_VIEW, height: AVATAR_VIEW };
  return (
    <>
      <Svg rect={at(whole)} view={whole}>
        <AvatarFrameLayer colors={colors} id={id} />
      </Svg>
      <Svg rect={at(HEAD_RECT, bob)} view={HEAD_RECT}>
        <AvatarHeadLayer colors={colors} />
      </Svg>
      <Svg rect={at(EYES_RECT, bob)} view={EYES_RECT}>
        <AvatarEyesLayer variant={frame.eyes} />
      </Svg>
      <Svg rect={at(MOUTH_RECT, bob)} view={MOUTH_RECT}>
        <AvatarMouthLayer variant={frame.mouth} />
      </Svg>
    </>
  );
};

/** The avatar sheet (fast render path): every layer and variant in its cell, transparent around. */
export const AvatarSheetLayer: React.FC<{ sheet: AvatarSheet; accent: string }> = ({ sheet, accent }) => {
  const colors = avatarColors(accent);
  const k = sheet.size / AVATAR_VIEW;
  const at = (cell: Rect, part: Rect): Rect => ({ x: cell.x, y: cell.y, width: part.width * k, height: part.height * k });
  const whole = { x: 0, y: 0, width: AVATAR_VIEW, height: AVATAR_VIEW };
  return (
    <>
      <Svg rect={at(sheet.frame, whole)} view={whole}>
        <AvatarFrameLayer colors={colors} id="sheet" />
      </Svg>
      <Svg rect={at(sheet.head, HEAD_RECT)} view={HEAD_RECT}>
        <AvatarHeadLayer colors={colors} />
      </Svg>
      {sheet.eyes.map((cell, i) => (
        <Svg key={`e${i}`} rect={at(cell, EYES_RECT)} view={EYES_RECT}>
          <AvatarEyesLayer variant={i} />
        </Svg>
      ))}
      {sheet.mouths.map((cell, i) => (
        <Svg key={`m${i}`} rect={at(cell, MOUTH_RECT)} view={MOUTH_RECT}>
          <AvatarMouthLayer variant={i} />
        </Svg>
      ))}
    </>
  );
};
