/**
 * The virtual stage's desktop: Xvfb on a free display number, optionally with openbox as window
 * manager (screenplay's terminal and browser windows drawn without a title bar). The stage opens
 * one for a capture (open-stage.ts); tests, scripts and the benchmark open their own. Stopping it
 * ends both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireCommands } from '../system-tools';
import { endAfterExit, endOnExit } from '../capture/end-on-exit';
import { BROWSER_WINDOW_CLASS, TERMINAL_WINDOW_NAME } from '../capture/window-names';

export type VirtualDesktop = {
  display: string;
  width: number;
  height: number;
  /**
   * Ends the window manager and the X server. `xServerAfterExit`: the X server is left to end
   * once this process has exited (endAfterExit), for a display this process's libnut has
   * opened (its connection is closed at exit; a server gone before then ends the process with
   * an Xlib IO error, exit code 1).
   */
  stop: (opts?: { xServerAfterExit?: boolean }) => Promise<void>;
};

const displayInUse = (n: number): boolean => fs.existsSync(`/tmp/.X11-unix/X${n}`) || fs.existsSync(`/tmp/.X${n}-lock`);

export const findFreeDisplay = (from = 90, to = 400): number => {
  for (let n = from; n < to; n++) if (!displayInUse(n)) return n;
  throw new Error(`no free X display number between :${from} and :${to}`);
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  fs.writeFileSync(
    file,
    xml.replace(
      '</applications>',
      `  <application name="${TERMINAL_WINDOW_NAME}"><decor>no</decor></application>\n  <application class="${BROWSER_WINDOW_CLASS}"><decor>no</decor></application>\n</applications>`,
    ),
  );
  return file;
};

export const startVirtualDesktop = async (opts: {
  width: number;
  height: number;
  windowManager?: boolean;
  background?: string;
  /** Its own process group: a Ctrl-C at the terminal (sent to screenplay's group) leaves it running until stopped. */
  detached?: boolean;
}): Promise<VirtualDesktop> => {
  requireCommands(['Xvfb', 'xdpyinfo', ...(opts.windowManager !== false ? ['openbox'] : []), ...(opts.background ? ['xsetroot'] : [])], 'the virtual desktop');
  for (let attempt = 0; attempt < 5; attempt++) {
    const n = findFreeDisplay(90 + attempt * 7 + Math.floor(Math.random() * 50));
    const display = `:${n}`;
    const xvfb = spawn('Xvfb', [display, '-screen', '0', `${opts.width}x${opts.height}x24`, '-nolisten', 'tcp', '-noreset'], {
      stdio: 'ignore',
      ...(opts.detached ? { detached: true } : {}),
    });
    xvfb.on('error', () => undefined); // reported by waitForDisplay: the process never answers
    if (opts.detached) endOnExit(xvfb);
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
      const wm = spawn('openbox', ['--sm-disable', ...(config ? ['--config-file', config] : [])], {
        env,
        stdio: 'ignore',
        ...(opts.detached ? { detached: true } : {}),
      });
      wm.on('error', () => undefined); // checked on PATH above; a desktop without its window manager still records
      if (opts.detached) endOnExit(wm);
      children.push(wm);
      await sleep(400);
    }
    if (opts.background) spawnSync('xsetroot', ['-solid', opts.background], { env, stdio: 'ignore' });
    return {
      display,
      width: opts.width,
      height: opts.height,
      stop: async (how) => {
        for (const c of children.reverse()) await stopProcess(c);
        if (how?.xServerAfterExit) endAfterExit(xvfb);
        else await stopProcess(xvfb);
        if (config) fs.rmSync(path.dirname(config), { recursive: true, force: true });
      },
    };
  }
  throw new Error('could not start Xvfb');
};
