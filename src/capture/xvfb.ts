/**
 * A virtual desktop for recording and tests: Xvfb on a free display number, optionally with
 * openbox as window manager. Stopping it ends both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireCommands } from '../system-tools';
import { endAfterExit } from './end-on-exit';

export type VirtualDesktop = {
  display: string;
  width: number;
  height: number;
  stop: () => Promise<void>;
};

const displayInUse = (n: number): boolean =>
  fs.existsSync(`/tmp/.X11-unix/X${n}`) || fs.existsSync(`/tmp/.X${n}-lock`);

export const findFreeDisplay = (from = 90, to = 400): number => {
  for (let n = from; n < to; n++) if (!displayInUse(n)) return n;
  throw new Error(`no free X display number between :${from} and :${to}`);
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Displays this process has opened through a native input library (libnut), which holds them open until it exits. */
const heldDisplays = new Set<string>();

/**
 * Says that this process opened `display` with a native library that keeps the connection
 * until the process exits (nut.js): a virtual desktop on it then stops after the process has
 * exited (by the exit guard), not when asked — else Xlib ends the process with exit code 1.
 */
export const holdDisplay = (display: string): void => {
  heldDisplays.add(display);
};

const waitForDisplay = async (display: string, timeoutMs: number, proc: ChildProcess): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`Xvfb ${display} exited with code ${proc.exitCode}`);
    const r = spawnSync('xdpyinfo', ['-display', display], { stdio: 'ignore' });
    if (r.status === 0) return;
    await sleep(100);
  }
  throw new Error(`Xvfb ${display} did not come up within ${timeoutMs} ms`);
};

const stopProcess = async (proc: ChildProcess, timeoutMs = 3000): Promise<void> => {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
};

/** The X resource name screenplay's terminal windows carry (xterm -name). */
export const TERMINAL_WINDOW_NAME = 'screenplay-terminal';
/** The X class screenplay's browser windows carry (chromium --class). */
export const BROWSER_WINDOW_CLASS = 'screenplay-browser';

/**
 * openbox's default configuration plus two rules: screenplay's terminal and browser windows have
 * no title bar, as in a terminal (and a browser) made for video. On your own openbox desktop the same rule goes in
 * ~/.config/openbox/rc.xml. Null when openbox's default configuration is not where Debian puts it.
 */
const openboxConfig = (): string | null => {
  const base = '/etc/xdg/openbox/rc.xml';
  if (!fs.existsSync(base)) return null;
  const xml = fs.readFileSync(base, 'utf8');
  if (!xml.includes('</applications>')) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-openbox-'));
  const file = path.join(dir, 'rc.xml');
  fs.writeFileSync(file, xml.replace('</applications>', `  <application name="${TERMINAL_WINDOW_NAME}"><decor>no</decor></application>\n  <application class="${BROWSER_WINDOW_CLASS}"><decor>no</decor></application>\n</applications>`));
  return file;
};

export const startVirtualDesktop = async (opts: {
  width: number;
  height: number;
  windowManager?: boolean;
  background?: string;
}): Promise<VirtualDesktop> => {
  requireCommands(['Xvfb', 'xdpyinfo', ...(opts.windowManager !== false ? ['openbox'] : []), ...(opts.background ? ['xsetroot'] : [])], 'the virtual desktop');
  for (let attempt = 0; attempt < 5; attempt++) {
    const n = findFreeDisplay(90 + attempt * 7 + Math.floor(Math.random() * 50));
    const display = `:${n}`;
    const xvfb = spawn('Xvfb', [display, '-screen', '0', `${opts.width}x${opts.height}x24`, '-nolisten', 'tcp', '-noreset'], {
      stdio: 'ignore',
    });
    xvfb.on('error', () => undefined); // reported by waitForDisplay: the process never answers
    try {
      await waitForDisplay(display, 10_000, xvfb);
    } catch (err) {
      await stopProcess(xvfb);
      if (attempt === 4) throw err;
      continue;
    }
    const env = { ...process.env, DISPLAY: display };
    const children: ChildProcess[] = [];
    let config: string | null = null;
    if (opts.windowManager !== false) {
      config = openboxConfig();
      const wm = spawn('openbox', ['--sm-disable', ...(config ? ['--config-file', config] : [])], { env, stdio: 'ignore' });
      wm.on('error', () => undefined); // checked on PATH above; a desktop without its window manager still records
      children.push(wm);
      await sleep(400);
    }
    if (opts.background) spawnSync('xsetroot', ['-solid', opts.background], { env, stdio: 'ignore' });
    // Killed with screenplay (kill -9 included): the exit guard ends the desktop after it.
    const forget = [xvfb, ...children].filter((p) => p.pid !== undefined).map((p) => endAfterExit(p.pid as number));
    return {
      display,
      width: opts.width,
      height: opts.height,
      stop: async () => {
        if (config) fs.rmSync(path.dirname(config), { recursive: true, force: true });
        // Held open by libnut until this process exits: the exit guard ends the desktop then.
        if (heldDisplays.has(display)) return;
        for (const c of children.reverse()) await stopProcess(c);
        await stopProcess(xvfb);
        for (const f of forget) f();
      },
    };
  }
  throw new Error('could not start Xvfb');
};
