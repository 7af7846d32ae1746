import React, { useMemo } from 'react';
import { Audio } from '@remotion/media';
import { AbsoluteFill, Sequence, useCurrentFrame, useVideoConfig } from 'remotion';
import { frameAt as frameOfMs } from '../../base/time';
import { frameAt, frameModel } from '../../frame/model';
import type { ScreenLayout } from '../../frame/layout';
import { Captions } from './Captions';
import { Background } from './Background';
import { ClickRipple } from './ClickRipple';
import { Cursor } from './Cursor';
import { FONT_FAMILY } from './fonts';
import { LAYER_SEQUENCE, RIPPLE_STEPS, SPRITE_PAD, sheetCell, type RenderLayer, type SpriteSheets } from './layers';
import { absoluteRect, stageBorderRadius } from './rect-style';
import { ScreenStage } from './ScreenStage';
import type { Style } from './style-schema';
import { WindowChrome } from './WindowChrome';
import { Avatar } from './avatar/Avatar';
import { AvatarSheetLayer } from './avatar/BuiltInAvatar';
import type { Computed } from './metadata';
import { Overlays } from './Overlays';
import { Cards } from './Cards';
import { cardLayers, cardsAt } from '../../frame/cards';
import { terminalSpriteAt, type TerminalSprites } from '../../frame/terminal-layer';

/** Frame `frame`'s sharp terminal picture: its URL and size (stage px), or null (none prepared, or none on this frame). */
const terminalPicture = (sprites: TerminalSprites | undefined, frame: number): { src: string; width: number; height: number } | null => {
  const file = terminalSpriteAt(sprites, frame);
  return sprites?.base && file ? { src: `${sprites.base}/${file}`, width: sprites.width, height: sprites.height } : null;
};

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
  /** The sharp terminal layer's pictures (frame/terminal-layer.ts; absent: the recording only). */
  terminalSprites?: TerminalSprites;
  children?: React.ReactNode;
}> = ({ layer: requested, style, computed, title, sprites, terminalSprites, children }) => {
  const { layout, timeline, recordingSrc, narration, avatar, timeMap, blends } = computed;
  const frame = useCurrentFrame();
  const { width, height } = useVideoConfig();
  // The frame model: every drawn thing's geometry, the same the composite path draws.
  const model = useMemo(() => frameModel(computed, style, { width, height }), [computed, style, width, height]);
  const layer: RenderLayer = requested === 'sequence' ? (LAYER_SEQUENCE[frame] ?? 'under') : requested;
  const squareTop = layout.barHeight > 0;
  if (layer === 'cards') {
    const l = cardLayers(model)[frame];
    return l ? <Cards cards={[{ layer: frame, opacity: 1, elements: l.elements }]} /> : null;
  }
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
            return <Cursor key={i} x={at.x + SPRITE_PAD} y={at.y + SPRITE_PAD} size={height} opacity={1} />;
          })}
        </>
      );
    }
    const sheet = sprites.ripple;
    return (
      <>
        {sheet.items.map(([radius, step], i) => {
          const at = sheetCell(sheet, i);
          return <ClickRipple key={i} x={at.x + sheet.cell.width / 2} y={at.y + sheet.cell.height / 2} radius={radius} progress={step / (RIPPLE_STEPS - 1)} />;
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
  const drawn = layer === 'all' ? frameAt(model, frame) : null;
  return (
    <AbsoluteFill style={{ fontFamily: FONT_FAMILY }}>
      <Background background={style.background} />
      <WindowChrome rect={layout.window} radius={layout.radius} barHeight={layout.barHeight} shadow={style.shadow} title={title} />
      {drawn ? (
        <ScreenStage
          drawn={drawn}
          radius={layout.radius}
          squareTop={squareTop}
          screen={timeline.screen}
          recordingSize={timeline.recordingSize}
          src={recordingSrc}
          recordingStartMs={computed.recordingStartMs ?? 0}
          timeMap={timeMap}
          blends={blends}
          fps={timeline.fps}
          terminal={terminalPicture(terminalSprites, frame)}
        />
      ) : null}
      {children}
      {drawn && avatar && drawn.avatar ? <Avatar avatar={avatar} drawn={drawn.avatar} fps={timeline.fps} color={style.avatar.color} /> : null}
      {drawn ? <Overlays overlays={drawn.overlays} metrics={model.overlay} frame={{ width, height }} /> : null}
      {layer === 'all' && narration ? (
        <>
          {narration.clips.map((c) => (
            <Sequence key={c.id} from={frameOfMs(c.startMs, timeline.fps)} layout="none">
              <Audio src={c.src} />
            </Sequence>
          ))}
          {drawn?.caption ? <Captions caption={drawn.caption} style={style.captions} /> : null}
        </>
      ) : null}
      {drawn ? <Cards cards={cardsAt(model, frame)} /> : null}
    </AbsoluteFill>
  );
};
