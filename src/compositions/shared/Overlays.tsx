/**
 * Callouts, the speed-up badge and keycaps, drawn where overlay-layout.ts puts them (the
 * composite path burns the same items in with libass).
 */
import React from 'react';
import { useCurrentFrame, useVideoConfig } from 'remotion';
import { overlaysAt, type Overlays as OverlayItems } from '../../timeline/overlays';
import { viewRect } from '../../timeline/view';
import type { Timeline } from '../../timeline/build-timeline';
import { cameraAt } from '../../timeline/camera';
import { textDirection } from '../../timeline/script-text';
import { CAPTION_FONT_STACK } from '../../frame/caption-box';
import type { ScreenLayout } from '../../frame/layout';
import { badgeCentre, calloutDotRadius, calloutGeometry, keycapCentres, onStage, overlayMetrics, rectOnStage, textWidth } from '../../frame/overlay-layout';

const box: React.CSSProperties = { position: 'absolute', fontFamily: CAPTION_FONT_STACK, fontWeight: 700, color: '#ffffff', whiteSpace: 'pre', display: 'flex', alignItems: 'center', justifyContent: 'center' };

export const OVERLAY_BG = 'rgba(15,23,42,0.88)';
export const CALLOUT_BG = '#fde047';
export const CALLOUT_TEXT = '#111827';

export const Overlays: React.FC<{ overlays: OverlayItems; timeline: Timeline; layout: ScreenLayout }> = ({ overlays, timeline, layout }) => {
  const frame = useCurrentFrame();
  const { width, height } = useVideoConfig();
  const m = overlayMetrics({ width, height });
  const now = overlaysAt(overlays, (frame * 1000) / timeline.fps);
  const view = viewRect(cameraAt(timeline.camera, frame), timeline.screen, layout.viewAspect);
  const h = m.fontSize + 2 * m.padY;
  return (
    <>
      {now.badges.map((b, i) => {
        const c = badgeCentre(layout.stage, b.text, m);
        const w = textWidth(b.text, m.fontSize) + 2 * m.padX;
        return <div key={`b${i}`} dir={textDirection(b.text)} style={{ ...box, left: c.x - w / 2, top: c.y - h / 2, width: w, height: h, fontSize: m.fontSize, background: OVERLAY_BG, borderRadius: m.padY }}>{b.text}</div>;
      })}
      {now.keycaps.flatMap((k, i) =>
        keycapCentres(layout.stage, k.keys, m).map((c, j) => (
          <div key={`k${i}-${j}`} dir={textDirection(c.text)} style={{ ...box, left: c.x - c.width / 2, top: c.y - h / 2, width: c.width, height: h, fontSize: m.fontSize, background: OVERLAY_BG, borderRadius: m.padY, boxShadow: `inset 0 -${m.padY / 2}px 0 rgba(255,255,255,0.18)` }}>
            {c.text}
          </div>
        )),
      )}
      {now.callouts.map((c, i) => {
        const spot = onStage(c, view, layout.stage);
        if (!spot) return null;
        const { box: r, from, tip } = calloutGeometry(spot, c.box ? rectOnStage(c.box, view, layout.stage) : null, c.text, m, layout.stage);
        const dot = calloutDotRadius(m);
        return (
          <React.Fragment key={`c${i}`}>
            <svg style={{ position: 'absolute', left: 0, top: 0, width, height, overflow: 'visible' }}>
              <line x1={tip.x} y1={tip.y} x2={from.x} y2={from.y} stroke={CALLOUT_BG} strokeWidth={m.fontSize * 0.12} />
              <circle cx={tip.x} cy={tip.y} r={dot} fill={CALLOUT_BG} stroke={CALLOUT_TEXT} strokeWidth={m.fontSize * 0.06} />
            </svg>
            <div dir={textDirection(c.text)} style={{ ...box, left: r.x, top: r.y, width: r.width, height: r.height, fontSize: m.fontSize, background: CALLOUT_BG, color: CALLOUT_TEXT, borderRadius: m.padY }}>{c.text}</div>
          </React.Fragment>
        );
      })}
    </>
  );
};
