import { Video } from '@remotion/media';
import React, { useCallback, useRef } from 'react';
import { Freeze, Sequence, useCurrentFrame } from 'remotion';
import { blendAt, blendLayers, isIdentity, type CutBlend, type TimeMap } from '../../timeline/time-map';
import { blurRadius } from '../../timeline/blur';
import { recordingFrameAt } from '../../timeline/recording-clock';
import type { SampleTransform } from '../../timeline/motion-blur';
import type { Screen } from '../../capture-log/schema';
import type { TimelineFrame } from '../../timeline/build-timeline';
import { baseViewSize, viewRect, type Rect } from '../../timeline/view';
import { ClickRipple } from './ClickRipple';
import { Cursor } from './Cursor';
import { CURSOR_HEIGHT, RIPPLE_RADIUS } from './layers';
import { absoluteRect, stageBorderRadius } from './rect-style';

/**
 * The recording, seen through the camera. The video layer has a fixed size and moves by
 * transform only; the cursor is drawn on top in stage coordinates.
 */
export const ScreenStage: React.FC<{
  rect: Rect;
  radius: number;
  /** Round only the bottom corners (a title bar sits above). */
  squareTop: boolean;
  screen: Screen;
  /** The recording's frame size when larger than the screen (padded to even sides right and bottom); absent: the screen's. */
  recordingSize?: Screen;
  viewAspect: number;
  src: string;
  /** The recording's first frame's presentation time (ms, recording-clock.ts): event time t shows the recording at recordingStartMs + t. */
  recordingStartMs?: number;
  /** Speed-ups and cuts: which part of the recording plays when (absent: all of it, as recorded). */
  timeMap?: TimeMap;
  /** Dissolves across the time map's cuts. */
  blends?: readonly CutBlend[];
  fps?: number;
  frame: TimelineFrame;
  cursorSize: number;
  clickRipple: boolean;
  /** Motion blur: the moments of the shutter to draw, relative to this frame's view (null: sharp). */
  motionSamples?: readonly SampleTransform[] | null;
}> = ({ rect, radius, squareTop, screen, recordingSize, viewAspect, src, recordingStartMs = 0, timeMap, blends = [], fps = 30, frame, cursorSize, clickRipple, motionSamples = null }) => {
  const frameNo = useCurrentFrame();
  const held = blendAt(blends, (frameNo * 1000) / fps);
  // Motion blur: each decoded frame of the recording is drawn once per moment of the shutter,
  // through that moment's camera (relative to this frame's), averaged on a canvas over the video.
  const blurCanvas = useRef<HTMLCanvasElement>(null);
  const samples = useRef(motionSamples);
  samples.current = motionSamples;
  const onVideoFrame = useCallback(
    (image: CanvasImageSource) => {
      const canvas = blurCanvas.current;
      const moments = samples.current;
      if (!canvas || !moments) return;
      const { width, height } = image as { width: number; height: number };
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const px = width / (recordingSize ?? screen).width; // image px per screen px
      moments.forEach((m, i) => {
        ctx.globalAlpha = 1 / (i + 1); // a running mean
        ctx.setTransform(m.scale, 0, 0, m.scale, m.dx * px, m.dy * px);
        ctx.drawImage(image, 0, 0);
      });
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalAlpha = 1;
    },
    [screen.width, recordingSize],
  );
  const view = viewRect(frame.camera, screen, viewAspect);
  const k = rect.width / view.width;
  const k0 = rect.width / baseViewSize(screen, viewAspect).width;
  const { cursor } = frame;
  // The recording's frames at screen scale: a padded recording overhangs the screen's box by its
  // padding (right and bottom), so the screen's pixels stay where they are; the view never shows it.
  const videoBox: React.CSSProperties = {
    position: 'absolute',
    left: 0,
    top: 0,
    width: `${(100 * (recordingSize ?? screen).width) / screen.width}%`,
    height: `${(100 * (recordingSize ?? screen).height) / screen.height}%`,
  };
  return (
    <div
      style={{
        ...absoluteRect(rect),
        overflow: 'hidden',
        borderRadius: stageBorderRadius(radius, squareTop),
        background: '#000',
      }}
    >
      <div
        style={{
          position: 'absolute',
          left: 0,
          top: 0,
          width: screen.width * k0,
          height: screen.height * k0,
          transformOrigin: '0 0',
          transform: `translate(${-view.x * k}px, ${-view.y * k}px) scale(${k / k0})`,
        }}
      >
        {timeMap && !isIdentity(timeMap) ? (
          // One sequence per piece of the recording, at its speed: the video's clock is the time map's.
          timeMap.segments.map((s) => {
            const from = Math.round((s.outFromMs * fps) / 1000);
            const to = Math.round((s.outToMs * fps) / 1000);
            return to > from ? (
              <Sequence key={s.recFromMs} from={from} durationInFrames={to - from} layout="none">
                <Video src={src} muted trimBefore={recordingFrameAt(s.recFromMs, fps, recordingStartMs)} playbackRate={s.factor} onVideoFrame={onVideoFrame} style={videoBox} />
              </Sequence>
            ) : null;
          })
        ) : (
          <Video src={src} muted trimBefore={recordingStartMs > 0 ? recordingFrameAt(0, fps, recordingStartMs) : undefined} onVideoFrame={onVideoFrame} style={videoBox} />
        )}
        <canvas ref={blurCanvas} style={{ ...videoBox, display: motionSamples ? 'block' : 'none' }} />
        {blends.flatMap((b, i) =>
          // Each side of a cut held at its edge and laid over the other side, fading (see CutBlend).
          blendLayers(b, fps).map(({ side, start, end, recMs }) =>
            end > start ? (
              <Sequence key={`${side}${i}`} from={start} durationInFrames={end - start} layout="none">
                <div style={{ position: 'absolute', inset: 0, opacity: held && held.blend === i && held.side === side ? held.opacity : 0 }}>
                  <Freeze frame={0}>
                    <Video src={src} muted trimBefore={recordingFrameAt(recMs, fps, recordingStartMs)} style={videoBox} />
                  </Freeze>
                </div>
              </Sequence>
            ) : null,
          ),
        )}
        {frame.blurs.map((b, i) => (
          // Privacy: whatever shows there is blurred (as strongly as the composite path's box blur).
          <div
            key={`blur${i}`}
            style={{ position: 'absolute', left: b.x * k0, top: b.y * k0, width: b.width * k0, height: b.height * k0, backdropFilter: `blur(${blurRadius(b) * k0 * 0.8}px)` }}
          />
        ))}
        {clickRipple
          ? frame.ripples.map((r, i) => (
              <ClickRipple key={i} x={r.x * k0} y={r.y * k0} radius={RIPPLE_RADIUS * k0} progress={r.progress} />
            ))
          : null}
      </div>
      <Cursor
        x={(cursor.x - view.x) * k}
        y={(cursor.y - view.y) * k}
        size={CURSOR_HEIGHT * cursorSize * k}
        scale={cursor.scale}
        opacity={cursor.opacity}
      />
    </div>
  );
};
