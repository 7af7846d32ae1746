import React from 'react';
import { Audio } from '@remotion/media';
import { AbsoluteFill, Sequence, useCurrentFrame } from 'remotion';
import { Captions } from './Captions';
import { timelineAt } from '../../timeline/build-timeline';
import { motionBlurSamples } from '../../timeline/motion-blur';
import { Background } from './Background';
import { ClickRipple } from './ClickRipple';
import { Cursor } from './Cursor';
import { FONT_FAMILY } from './fonts';
import { LAYER_SEQUENCE, RIPPLE_STEPS, SPRITE_PAD, sheetCell, type RenderLayer, type SpriteSheets } from './layers';
import type { ScreenLayout } from '../../frame/layout';
import { absoluteRect, stageBorderRadius } from './rect-style';
import { ScreenStage } from './ScreenStage';
import type { Style } from './style-schema';
import { WindowChrome } from './WindowChrome';
import { Avatar } from './avatar/Avatar';
import { AvatarSheetLayer } from './avatar/BuiltInAvatar';
import type { Computed } from './metadata';
import { Overlays } from './Overlays';

/**
 * Everything a composition shows: background, window, the screen seen through the camera, and
 * whatever the composition adds (`children`, drawn on top: panel, title…). `layer` draws one
 * layer only, for the fast render path (see layers.ts).
 */
export const Scene: React.FC<{
  layer: RenderLayer;
  style: Style;
  /** What calculateMetadata derived: layout, timeline, recording, narration, captions, avatar, time map, overlays. */
  computed: Computed<ScreenLayout>;
  title?: string;
  /** The sprite sheets to draw (the sheet layers only). */
  sprites?: SpriteSheets;
  children?: React.ReactNode;
}> = ({ layer: requested, style, computed, title, sprites, children }) => {
  const { layout, timeline, recordingSrc, narration, captionBox, avatar, timeMap, blends, overlays } = computed;
  const frame = useCurrentFrame();
  const layer: RenderLayer = requested === 'sequence' ? (LAYER_SEQUENCE[frame] ?? 'under') : requested;
  const squareTop = layout.barHeight > 0;
  if (layer === 'avatar-sheet') {
    return sprites?.avatar ? <AvatarSheetLayer sheet={sprites.avatar} accent={style.avatar.color} /> : null;
  }
  if (layer === 'cursor-sheet' || layer === 'ripple-sheet') {
    if (!sprites) return null;
    if (layer === 'cursor-sheet') {
      const sheet = sprites.cursor;
      return (
        <>
          {sheet.items.map((height, i) => {
            const at = sheetCell(sheet, i);
            return <Cursor key={i} x={at.x + SPRITE_PAD} y={at.y + SPRITE_PAD} size={height} scale={1} opacity={1} />;
          })}
        </>
      );
    }
    const sheet = sprites.ripple;
    return (
      <>
        {sheet.items.map(([radius, step], i) => {
          const at = sheetCell(sheet, i);
          return (
            <ClickRipple
              key={i}
              x={at.x + sheet.cell.width / 2}
              y={at.y + sheet.cell.height / 2}
              radius={radius}
              progress={step / (RIPPLE_STEPS - 1)}
            />
          );
        })}
      </>
    );
  }
  if (layer === 'stage-mask') {
    return (
      <AbsoluteFill style={{ background: '#000' }}>
        <div style={{ ...absoluteRect(layout.stage), background: '#fff', borderRadius: stageBorderRadius(layout.radius, squareTop) }} />
      </AbsoluteFill>
    );
  }
  return (
    <AbsoluteFill style={{ fontFamily: FONT_FAMILY }}>
      <Background background={style.background} />
      <WindowChrome rect={layout.window} radius={layout.radius} barHeight={layout.barHeight} shadow={style.shadow} title={title} />
      {layer === 'all' ? (
        <ScreenStage
          rect={layout.stage}
          radius={layout.radius}
          squareTop={squareTop}
          screen={timeline.screen}
          recordingSize={timeline.recordingSize}
          viewAspect={layout.viewAspect}
          src={recordingSrc}
          recordingStartMs={computed.recordingStartMs ?? 0}
          timeMap={timeMap}
          blends={blends}
          fps={timeline.fps}
          frame={timelineAt(timeline, frame)}
          cursorSize={style.cursorSize}
          clickRipple={style.clickRipple}
          motionSamples={motionBlurSamples(timeline.camera, frame, { screen: timeline.screen, viewAspect: layout.viewAspect, stageWidth: layout.stage.width, style: style.motionBlur })}
        />
      ) : null}
      {children}
      {layer === 'all' && avatar ? <Avatar avatar={avatar} fps={timeline.fps} color={style.avatar.color} /> : null}
      {layer === 'all' && overlays ? <Overlays overlays={overlays} timeline={timeline} layout={layout} /> : null}
      {layer === 'all' && narration ? (
        <>
          {narration.clips.map((c) => (
            <Sequence key={c.id} from={Math.round((c.startMs * timeline.fps) / 1000)} layout="none">
              <Audio src={c.src} />
            </Sequence>
          ))}
          {captionBox ? <Captions pages={narration.pages} box={captionBox} style={style.captions} /> : null}
        </>
      ) : null}
    </AbsoluteFill>
  );
};
