import React, { useState } from 'react';
import { AbsoluteFill, getRemotionEnvironment, getStaticFiles, Img, staticFile } from 'remotion';
import { isUrl } from './capture-source';
import type { BackgroundStyle } from './style-schema';

/**
 * What Studio's preview says about an image background, or null to show it: no `src` yet, or one
 * that failed to load (`failed`), named with its path under public/ ("no file public/x.png" when
 * Studio's list of public/'s files lacks it) or its URL. Loading is always tried first: a file
 * behind a symbolic link may be missing from Studio's list and still load.
 */
export const imageBackgroundProblem = (src: string | undefined, publicFiles: ReadonlyArray<{ name: string }>, failed: boolean): string | null => {
  if (src === undefined || src.trim() === '')
    return 'style.background is an image, but style.background.src names none yet: a path under public/ or an http(s) URL';
  if (!failed) return null;
  if (isUrl(src)) return `style.background.src: ${src} did not load`;
  const name = src.replace(/^\/+/, '');
  return publicFiles.some((f) => f.name === name)
    ? `style.background.src: public/${name} did not load (is it an image?)`
    : `style.background.src: no file public/${name}`;
};

/** Studio only: what is wrong with the background, over a striped stand-in, at the frame's top. */
const BackgroundNotice: React.FC<{ message: string }> = ({ message }) => (
  <AbsoluteFill style={{ background: 'repeating-linear-gradient(135deg, #3f1d1d 0 40px, #2a1414 40px 80px)' }}>
    <div
      role="alert"
      data-testid="background-notice"
      style={{
        position: 'absolute',
        zIndex: 1000,
        left: '2%',
        right: '2%',
        top: '2%',
        padding: '0.6em 1em',
        borderRadius: 12,
        background: 'rgba(127, 29, 29, 0.92)',
        color: '#fff',
        font: '600 28px/1.3 system-ui, sans-serif',
        overflowWrap: 'anywhere',
      }}
    >
      Background image: {message}
    </div>
  </AbsoluteFill>
);

/** Studio's preview of an image background: a message naming the image when it is missing or fails to load. */
const StudioImage: React.FC<{ src: string | undefined }> = ({ src }) => {
  const [failed, setFailed] = useState<string | null>(null);
  const url = src ? (isUrl(src) ? src : staticFile(src)) : null;
  const problem = imageBackgroundProblem(src, getStaticFiles(), url !== null && failed === url);
  if (problem !== null || url === null) return <BackgroundNotice message={problem ?? ''} />;
  return (
    <AbsoluteFill>
      <Img src={url} maxRetries={0} onError={() => setFailed(url)} style={{ width: '100%', height: '100%', objectFit: 'cover' }} />
    </AbsoluteFill>
  );
};

/**
 * Static: drawn the same on every frame. In Studio an image that is not there yet shows a message
 * with its path (the preview stays up); in a render it must load, or the render fails (Remotion's
 * Img cancels it; `screenplay render` checks a script's picture in Node first, exit 1).
 */
export const Background: React.FC<{ background: BackgroundStyle }> = ({ background }) => {
  if (background.type === 'image') {
    if (getRemotionEnvironment().isStudio) return <StudioImage src={background.src} />;
    if (!background.src) throw new Error('style.background is an image, but style.background.src names none');
    return (
      <AbsoluteFill>
        <Img src={isUrl(background.src) ? background.src : staticFile(background.src)} style={{ width: '100%', height: '100%', objectFit: 'cover' }} />
      </AbsoluteFill>
    );
  }
  const css = background.type === 'solid' ? background.color : `linear-gradient(${background.angle}deg, ${background.from}, ${background.to})`;
  return <AbsoluteFill style={{ background: css }} />;
};
