/**
 * The real browser open_browser runs, found before anything is recorded (precheck) and again
 * when the window opens: REMOTION_BROWSER_EXECUTABLE unless it names a headless shell (which
 * shows no window), else the system Chromium / Chrome (src/render/browser.ts keeps the list).
 */
import path from 'node:path';
import { findBrowser } from '../../render/browser';
import list from '../../system-packages.json' with { type: 'json' };
import { packageRoot } from '../../util/package-root';

/** Where scripts/chromium-offline lives. */
const PROJECT_ROOT = packageRoot();

/**
 * The browser's executable path, or null when none is installed. Throws an Error (one line)
 * when REMOTION_BROWSER_EXECUTABLE names a file that is not executable.
 */
export const findCaptureBrowser = (env: NodeJS.ProcessEnv = process.env): string | null => {
  const e = { ...env };
  if (e.REMOTION_BROWSER_EXECUTABLE && /headless/i.test(path.basename(e.REMOTION_BROWSER_EXECUTABLE))) delete e.REMOTION_BROWSER_EXECUTABLE;
  return findBrowser(PROJECT_ROOT, e)?.browser ?? null;
};

/** How to install a browser on this platform, from system-packages.json's browser entry: `apt-get install chromium` on Linux. */
export const browserInstallHint = (): string => {
  const p = (list.packages as Array<{ debian: string; brew?: string; winget?: string; browser?: boolean }>).find((x) => x.browser);
  if (!p) return 'install Chromium or Google Chrome';
  if (process.platform === 'darwin' && p.brew) return `brew install ${p.brew}`;
  if (process.platform === 'win32' && p.winget) return `winget install ${p.winget}`;
  return `apt-get install ${p.debian}`;
};
