/**
 * The talking avatar, wherever the composition placed it: the built-in presenter, or the user's
 * own clip (each line's part of it played while the line is spoken, its last picture held in
 * between), both round.
 */
import React from 'react';
import { Video } from '@remotion/media';
import { Freeze, Sequence, useCurrentFrame } from 'remotion';
import { frameAt } from '../../../base/time';
import type { DrawnAvatar } from '../../../frame/model';
import type { ComputedAvatar } from '../metadata';
import { BuiltInAvatar } from './BuiltInAvatar';

const VideoAvatar: React.FC<{ avatar: ComputedAvatar; fps: number; x: number; y: number; size: number }> = ({ avatar, fps, x, y, size }) => {
  const frame = useCurrentFrame();
  const video = avatar.video;
  if (!video) return null;
  const toFrame = (ms: number) => frameAt(ms, fps);
  // Between lines: the last picture of the line before (or the first line's first picture).
  const before = [...video.segments].reverse().find((s) => toFrame(s.startMs + s.durationMs) <= frame);
  const hold = before ? toFrame(before.offsetMs + before.durationMs) - 1 : toFrame(video.segments[0]?.offsetMs ?? 0);
  const circle: React.CSSProperties = {
    position: 'absolute',
    left: x,
    top: y,
    width: size,
    height: size,
    borderRadius: '50%',
    overflow: 'hidden',
    boxShadow: `0 ${size * 0.04}px ${size * 0.12}px rgba(0,0,0,0.35)`,
    border: `${Math.max(2, size * 0.014)}px solid rgba(255,255,255,0.9)`,
  };
  const fill: React.CSSProperties = { width: '100%', height: '100%', objectFit: 'cover' };
  const speaking = video.segments.find((s) => frame >= toFrame(s.startMs) && frame < toFrame(s.startMs + s.durationMs));
  return (
    <div style={circle}>
      {speaking ? (
        <Sequence from={toFrame(speaking.startMs)} durationInFrames={toFrame(speaking.durationMs)} layout="none">
          <Video src={video.src} trimBefore={toFrame(speaking.offsetMs)} muted style={fill} />
        </Sequence>
      ) : (
        <Freeze frame={hold}>
          <Video src={video.src} muted style={fill} />
        </Freeze>
      )}
    </div>
  );
};

/** The avatar where the frame model puts it: the built-in presenter's layers, or the user's clip in its circle. */
export const Avatar: React.FC<{ avatar: ComputedAvatar; drawn: DrawnAvatar; fps: number; color: string }> = ({ avatar, drawn, fps, color }) => {
  if (avatar.provider === 'video') return <VideoAvatar avatar={avatar} fps={fps} x={drawn.at.x} y={drawn.at.y} size={drawn.size} />;
  return (
    <BuiltInAvatar
      x={drawn.at.x}
      y={drawn.at.y}
      size={drawn.size}
      accent={color}
      frame={{ eyes: drawn.eyes, mouth: drawn.mouth, bob: drawn.bob / drawn.size }}
    />
  );
};
