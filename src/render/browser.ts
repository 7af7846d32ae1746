/**
 * Finds the browser Remotion renders with. Order: REMOTION_BROWSER_EXECUTABLE, then a system
 * Chromium/Chrome (Debian's /usr/bin/chromium first). Where one is found on Linux we hand
 * Remotion our wrapper (scripts/chromium-offline), which adds the flags that keep Chromium's
 * background look-ups off the network. Where none exists we return null and Remotion falls
 * back to downloading its own headless shell (the only case where anything is downloaded).
 */
import fs from 'node:fs';
import path from 'node:path';

const SYSTEM_BROWSERS: Record<string, string[]> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium'],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
  win32: ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe'],
};

const isExecutable = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

export type BrowserChoice = {
  /** What the browser really is. */
  browser: string;
  /** What to pass to Remotion as browserExecutable (a wrapper on Linux). */
  executable: string;
  source: 'env' | 'system';
};

/** The wrapper script that starts Chromium with the offline flags. */
export const offlineWrapper = (projectRoot: string): string => path.join(projectRoot, 'scripts', 'chromium-offline');

/**
 * @param projectRoot where scripts/chromium-offline lives (remotion.config.ts passes the
 *   directory Remotion runs in; programmatic renders pass PROJECT_ROOT).
 */
export const findBrowser = (projectRoot: string, env: NodeJS.ProcessEnv = process.env): BrowserChoice | null => {
  const fromEnv = env.REMOTION_BROWSER_EXECUTABLE;
  let browser: string | null = null;
  let source: BrowserChoice['source'] = 'system';
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(`REMOTION_BROWSER_EXECUTABLE is set to "${fromEnv}", but that is not an executable file.`);
    }
    browser = fromEnv;
    source = 'env';
  } else {
    browser = (SYSTEM_BROWSERS[process.platform] ?? []).find(isExecutable) ?? null;
  }
  if (!browser) return null;
  const wrapper = offlineWrapper(projectRoot);
  if (process.platform === 'linux' && isExecutable(wrapper)) {
    // The wrapper execs SCREENPLAY_REAL_BROWSER with the offline flags.
    process.env.SCREENPLAY_REAL_BROWSER = browser;
    return { browser, executable: wrapper, source };
  }
  return { browser, executable: browser, source };
};
