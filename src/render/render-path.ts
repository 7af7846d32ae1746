/**
 * Which way a render makes its frames, and what both ways share: the browser Remotion opened, the
 * bundle, the selected composition and the port of Remotion's server.
 *   still      one frame, drawn by Chromium (render-browser.ts renderStillInBrowser)
 *   composite  Remotion draws the static layers once, ffmpeg composites the recording, cursor,
 *              ripples, avatar sprites and libass captions per frame (render-composite-path.ts)
 *   browser    Chromium draws every frame, as Studio shows it (render-browser.ts renderVideoInBrowser)
 */
import type { ChromiumOptions, openBrowser, selectComposition } from '@remotion/renderer';

export const CHROMIUM_OPTIONS: ChromiumOptions = { enableMultiProcessOnLinux: true };

/** What a path draws with: Remotion's bundle, the selected composition (its props computed), the browser and the port its server listens on. */
export type RemotionSession = {
  serveUrl: string;
  composition: Awaited<ReturnType<typeof selectComposition>>;
  browser: Awaited<ReturnType<typeof openBrowser>>;
  browserExecutable: string | null;
  port: number;
};

export type RenderPath = 'still' | 'composite' | 'browser';

/**
 * The path a render takes. A still always takes the browser's; a video takes `renderer` when
 * given, else the composite path, unless the avatar is a clip of its own (`avatarProvider`
 * "video": only the browser plays it), which then says so in `notice`.
 */
export const chooseRenderPath = (opts: {
  still: boolean;
  renderer?: 'composite' | 'browser';
  avatarProvider?: string;
}): { path: RenderPath; notice?: string } => {
  if (opts.still) return { path: 'still' };
  const videoAvatar = opts.avatarProvider === 'video';
  if (opts.renderer) return { path: opts.renderer };
  // The fast path composites the built-in avatar from sprites; an avatar clip of your own plays in the browser path.
  return videoAvatar ? { path: 'browser', notice: 'the avatar is a video clip: rendering in the browser' } : { path: 'composite' };
};
