import { Video } from '@remotion/media';
import React from 'react';
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
  viewAspect: number;
  src: string;
  frame: TimelineFrame;
  cursorSize: number;
  clickRipple: boolean;
}> = ({ rect, radius, squareTop, screen, viewAspect, src, frame, cursorSize, clickRipple }) => {
  const view = viewRect(frame.camera, screen, viewAspect);
  const k = rect.width / view.width;
  const k0 = rect.width / baseViewSize(screen, viewAspect).width;
  const { cursor } = frame;
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
        <Video src={src} muted style={{ width: '100%', height: '100%' }} />
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
