/**
 * Gives an X window the keyboard focus and checks that it has it. `xdotool windowactivate --sync`
 * alone is not enough under load: the window manager may not have mapped or placed the window
 * yet, the request is then dropped, and keys typed next go to whatever had the focus (a CI run
 * on 2 busy cores typed a whole text into nothing this way). So: activate, then read the active
 * window back (`_NET_ACTIVE_WINDOW`, kept by the window manager) until it is this one, retrying
 * until `timeoutMs` has passed.
 */
import { spawnSync } from 'node:child_process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Focuses window `id` (an X window id) on X display `display` (":99"). Resolves true once the
 * window manager reports it active, false if it never did within `timeoutMs` (default 5000 ms)
 * or xdotool is missing. Never throws.
 */
export const focusWindow = async (display: string, id: number, timeoutMs = 5000): Promise<boolean> => {
  const env = { ...process.env, DISPLAY: display };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = Math.max(500, deadline - Date.now());
    const activate = spawnSync('xdotool', ['windowactivate', '--sync', String(id)], { env, timeout: Math.min(2000, left) });
    if (activate.error && (activate.error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    const active = spawnSync('xdotool', ['getactivewindow'], { env, encoding: 'utf8', timeout: 2000 });
    if (Number(active.stdout?.trim()) === id) return true;
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
};
