/**
 * PLACEHOLDER until the browser (src/capture/browser/, issue 17) is merged: its real module
 * replaces this file. Only the signature is meant to last.
 */
import type { BrowserSession, OpenBrowserOptions } from '../../targets/types';

export const openBrowser = async (_opts: OpenBrowserOptions): Promise<BrowserSession> => {
  throw new Error('open_browser is not built yet (src/capture/browser/open-browser.ts is a placeholder)');
};
