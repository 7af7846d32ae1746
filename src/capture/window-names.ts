/**
 * The X names screenplay's own windows carry, so a window manager can tell them apart: the
 * virtual desktop's openbox draws them without a title bar (src/stage/virtual-desktop.ts).
 */

/** The X resource name screenplay's terminal windows carry (xterm -name). */
export const TERMINAL_WINDOW_NAME = 'screenplay-terminal';
/** The X class screenplay's browser windows carry (chromium --class). */
export const BROWSER_WINDOW_CLASS = 'screenplay-browser';
