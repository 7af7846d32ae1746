import { Video } from '@remotion/media';
import React, { useCallback, useRef } from 'react';
import { Freeze, Img, Sequence } from 'remotion';
import { frameSpan } from '../../base/time';
import type { Screen } from '../../capture-log/schema';
import type { DrawnFrame } from '../../frame/model';
import { blendLayers, heldFrameRecMs, isHold, isIdentity, type CutBlend, type TimeMap } from '../../timeline/time-map';
import { recordingFrameAt } from '../../timeline/recording-clock';
import { ClickRipple } from './ClickRipple';
import { Cursor } from './Cursor';
import { absoluteRect, stageBorderRadius } from './rect-style';

/**
 * The recording, seen through the camera, with the cursor and click ripples: a drawer of the
 * frame model's projection, blurs, dissolve, motion blur, cursor and ripples (frame/model.ts).
 * The video layer has a fixed size (the recording at zoom 1) and moves by transform only.
 */
export const ScreenStage: React.FC<{
  drawn: DrawnFrame;
  radius: number;
  /** Round only the bottom corners (a title bar sits above). */
  squareTop: boolean;
  screen: Screen;
  /** The recording's frame size when larger than the screen (padded to even sides right and bottom); absent: the screen's. */
  recordingSize?: Screen;
  src: string;
  /** The recording's first frame's presentation time (ms, recording-clock.ts): event time t shows the recording at recordingStartMs + t. */
  recordingStartMs?: number;
  /** Speed-ups and cuts: which part of the recording plays when (absent: all of it, as recorded). */
  timeMap?: TimeMap;
  /** Dissolves across the time map's cuts. */
  blends?: readonly CutBlend[];
  fps?: number;
  /** The sharp terminal layer's picture for this frame (stage-sized, laid at the stage's corner under the cursor); null: none. */
  terminal?: { src: string; width: number; height: number } | null;
}> = ({ drawn, radius, squareTop, screen, recordingSize, src, recordingStartMs = 0, timeMap, blends = [], fps = 30, terminal = null }) => {
  const { projection: pr, cursor, dissolve } = drawn;
  // Motion blur: each decoded frame of the recording is drawn once per moment of the shutter,
  // through that moment's camera (relative to this frame's), averaged on a canvas over the video.
  const blurCanvas = useRef<HTMLCanvasElement>(null);
  const samples = useRef(drawn.motion);
  samples.current = drawn.motion;
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
  const { view, k, k0 } = pr;
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
        ...absoluteRect(pr.stage),
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
            const [from, to] = frameSpan(s.outFromMs, s.outToMs, fps);
            if (to > from && isHold(s))
              // A card's hold: the frame before it, held (what the composite path's fps filter repeats).
              return (
                <Sequence key={`hold${s.outFromMs}`} from={from} durationInFrames={to - from} layout="none">
                  <Freeze frame={0}>
                    <Video src={src} muted trimBefore={recordingFrameAt(heldFrameRecMs(timeMap, s, fps), fps, recordingStartMs)} style={videoBox} />
                  </Freeze>
                </Sequence>
              );
            return to > from ? (
              <Sequence key={s.recFromMs} from={from} durationInFrames={to - from} layout="none">
                <Video
                  src={src}
                  muted
                  trimBefore={recordingFrameAt(s.recFromMs, fps, recordingStartMs)}
                  playbackRate={s.factor}
                  onVideoFrame={onVideoFrame}
                  style={videoBox}
                />
              </Sequence>
            ) : null;
          })
        ) : (
          <Video
            src={src}
            muted
            trimBefore={recordingStartMs > 0 ? recordingFrameAt(0, fps, recordingStartMs) : undefined}
            onVideoFrame={onVideoFrame}
            style={videoBox}
          />
        )}
        <canvas ref={blurCanvas} style={{ ...videoBox, display: drawn.motion ? 'block' : 'none' }} />
        {blends.flatMap((b, i) =>
          // Each side of a cut held at its edge and laid over the other side, fading (see CutBlend).
          blendLayers(b, fps).map(({ side, start, end, recMs }) =>
            end > start ? (
              <Sequence key={`${side}${i}`} from={start} durationInFrames={end - start} layout="none">
                <div style={{ position: 'absolute', inset: 0, opacity: dissolve && dissolve.blend === i && dissolve.side === side ? dissolve.opacity : 0 }}>
                  <Freeze frame={0}>
                    <Video src={src} muted trimBefore={recordingFrameAt(recMs, fps, recordingStartMs)} style={videoBox} />
                  </Freeze>
                </div>
              </Sequence>
            ) : null,
          ),
        )}
        {drawn.blurs.map((b, i) => (
          // Privacy: whatever shows there is blurred (as strongly as the composite path's box blur).
          <div
            key={`blur${i}`}
            style={{
              position: 'absolute',
              left: b.area.x * k0,
              top: b.area.y * k0,
              width: b.area.width * k0,
              height: b.area.height * k0,
              backdropFilter: `blur(${b.radius * k0 * 0.8}px)`,
            }}
          />
        ))}
      </div>
      {terminal ? (
        // The terminal's text drawn at this frame's exact transform (frame/terminal-layer.ts): no scaling, pixel for pixel.
        <Img src={terminal.src} style={{ position: 'absolute', left: 0, top: 0, width: terminal.width, height: terminal.height }} />
      ) : null}
      {drawn.ripples.map((r, i) => (
        <ClickRipple key={i} x={r.centre.x} y={r.centre.y} radius={r.radius} progress={r.progress} />
      ))}
      {cursor ? <Cursor x={cursor.tip.x} y={cursor.tip.y} size={cursor.height} opacity={cursor.opacity} /> : null}
    </div>
  );
};
