/**
 * The terminal's window on the X display: a themed xterm, named so the virtual desktop's window
 * manager draws it without a title bar, that runs the relay to screenplay's pty; and where it is
 * on screen once mapped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { TERMINAL_BORDER_PX, windowHoldsGrid, type WindowRect } from './terminal-screen';
import { xtermThemeArgs, type TerminalTheme } from './terminal-themes';
import { TERMINAL_WINDOW_NAME } from './window-names';

/**
 * Starts xterm on `display` titled `title`, `cols` x `rows` cells in `fontFamily` at `fontSize`
 * points, its frame's top-left at (`x`, `y`) (screen px), running `command` (sh -c). UTF-8
 * whatever screenplay's own locale: the window's keys (é, Привет, 东京, 🚀) reach the shell as typed.
 */
export const launchTerminalWindow = (opts: {
  display: string;
  title: string;
  fontFamily: string;
  fontSize: number;
  cols: number;
  rows: number;
  x: number;
  y: number;
  theme: TerminalTheme;
  command: string;
}): ChildProcess => {
  const env = { ...process.env, DISPLAY: opts.display, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  return spawn(
    'xterm',
    [
      '-T',
      opts.title,
      '-name',
      TERMINAL_WINDOW_NAME,
      '-fa',
      opts.fontFamily,
      '-fs',
      String(opts.fontSize),
      '-geometry',
      `${opts.cols}x${opts.rows}+${opts.x}+${opts.y}`,
      ...xtermThemeArgs(opts.theme),
      '-b',
      String(TERMINAL_BORDER_PX),
      '-u8',
      '-e',
      'sh',
      '-c',
      opts.command,
    ],
    { env, stdio: 'ignore' },
  );
};

/**
 * The window titled exactly `title`: its X id and its rectangle on screen (its inside, without the
 * window manager's frame; screen px); null when there is none yet. xwininfo's absolute position is
 * used: xdotool's getwindowgeometry is off by the frame under openbox.
 */
export const windowGeometry = (display: string, title: string): ({ id: number } & WindowRect) | null => {
  const env = { ...process.env, DISPLAY: display };
  const name = `^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  const id = spawnSync('xdotool', ['search', '--name', name], { env, encoding: 'utf8' }).stdout.trim().split('\n')[0];
  if (!id) return null;
  const r = spawnSync('xwininfo', ['-id', id], { env, encoding: 'utf8' });
  const get = (k: string) => Number(new RegExp(`${k}:\\s+(-?\\d+)`).exec(r.stdout)?.[1]);
  const g = { id: Number(id), x: get('Absolute upper-left X'), y: get('Absolute upper-left Y'), width: get('Width'), height: get('Height') };
  return r.status === 0 && Object.values(g).every(Number.isFinite) ? g : null;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits up to `timeoutMs` for the window titled `title` to be mapped wide enough for `cols` columns; null when it was not. */
export const waitForTerminalWindow = async (display: string, title: string, cols: number, timeoutMs: number): Promise<({ id: number } & WindowRect) | null> => {
  let win = windowGeometry(display, title);
  for (const deadline = Date.now() + timeoutMs; !win || !windowHoldsGrid(win, cols); win = windowGeometry(display, title)) {
    if (Date.now() > deadline) return null;
    await sleep(50);
  }
  return win;
};
