/**
 * Skipping tests whose system programs are missing, with the reason printed: a test file calls
 * `const skip = skipWithout('capture on a virtual desktop', DESKTOP)` at the top and wraps its
 * suites in `describe.skipIf(skip)`. `npm test` installs them on Debian/Ubuntu as root
 * (scripts/setup.mjs test); elsewhere these lines say what to install.
 */
import { installHint, missingCommands } from '../../src/system-tools';

/** A virtual X desktop: Xvfb, openbox and the X utilities the desktop helper runs. */
export const DESKTOP = ['Xvfb', 'openbox', 'xdpyinfo', 'xsetroot'] as const;
/** The terminal window open_terminal shows, on the virtual desktop. */
export const TERMINAL = [...DESKTOP, 'xterm', 'xdotool', 'xwininfo'] as const;
/** The offline voice. */
export const VOICE = ['espeak-ng'] as const;

/**
 * True (skip) when any of `commands` is not on PATH; then prints
 * `[skipped] WHAT: needs X, Y (apt-get install …)` once, so CI's log says why.
 */
export const skipWithout = (what: string, ...groups: ReadonlyArray<readonly string[]>): boolean => {
  const missing = missingCommands([...new Set(groups.flat())]);
  if (missing.length === 0) return false;
  console.warn(`[skipped] ${what}: needs ${missing.join(', ')}, not installed (${installHint(missing)})`);
  return true;
};
