/**
 * A real OBS Studio for tests: it runs on its own Xvfb display (so its window is never in the
 * picture), with a fresh config whose obs-websocket server listens on a free port with a
 * password, and records into a temp folder. Software GL; proxies point at 127.0.0.1 so its
 * background update checks never leave the machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';

export type TestObs = {
  url: string;
  password: string;
  recordDir: string;
  log: () => string;
  /** Kills OBS at once (a crash), leaving its files. */
  kill: () => Promise<void>;
  /** Ends OBS and its display and removes its files. */
  stop: () => Promise<void>;
};

/** Why OBS cannot run here, or null when it can. */
export const obsUnavailable = (): string | null =>
  spawnSync('which', ['obs']).status === 0 ? null : 'OBS Studio is not installed (apt-get install obs-studio; .ci/run does)';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

export const startTestObs = async (): Promise<TestObs> => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-obs-'));
  const recordDir = path.join(home, 'recordings');
  const profile = path.join(home, 'config', 'obs-studio', 'basic', 'profiles', 'Screenplay');
  fs.mkdirSync(profile, { recursive: true });
  fs.mkdirSync(recordDir);
  const port = await freePort();
  const password = `pw-${Math.random().toString(36).slice(2, 10)}`;
  fs.writeFileSync(
    path.join(home, 'config', 'obs-studio', 'global.ini'),
    [
      '[General]',
      'FirstRun=true',
      'EnableAutoUpdates=false',
      '[Basic]',
      'Profile=Screenplay',
      'ProfileDir=Screenplay',
      'SceneCollection=Screenplay',
      'SceneCollectionFile=Screenplay',
      '[OBSWebSocket]',
      'FirstLoad=false',
      'ServerEnabled=true',
      `ServerPort=${port}`,
      'AlertsEnabled=false',
      'AuthRequired=true',
      `ServerPassword=${password}`,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(profile, 'basic.ini'),
    [
      '[General]',
      'Name=Screenplay',
      '[Output]',
      'Mode=Simple',
      '[SimpleOutput]',
      `FilePath=${recordDir}`,
      'RecFormat=mkv',
      'RecQuality=Small',
      'RecEncoder=x264',
      '',
    ].join('\n'),
  );
  let desktop: VirtualDesktop | null = await startVirtualDesktop({ width: 800, height: 600, windowManager: false });
  let obs: ChildProcess | null = null;
  let log = '';
  const end = async (signal: NodeJS.Signals) => {
    if (obs && obs.exitCode === null && obs.signalCode === null) {
      const exited = new Promise((r) => obs?.once('exit', r));
      obs.kill(signal);
      const timer = setTimeout(() => obs?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const stop = async () => {
    await end('SIGTERM');
    await desktop?.stop();
    desktop = null;
    fs.rmSync(home, { recursive: true, force: true });
  };
  try {
    obs = spawn('obs', ['--disable-shutdown-check', '--multi', '--disable-updater'], {
      env: {
        ...process.env,
        DISPLAY: desktop.display,
        XDG_CONFIG_HOME: path.join(home, 'config'),
        HOME: home,
        LIBGL_ALWAYS_SOFTWARE: '1',
        http_proxy: 'http://127.0.0.1:9',
        https_proxy: 'http://127.0.0.1:9',
        all_proxy: 'http://127.0.0.1:9',
        no_proxy: '127.0.0.1,localhost',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (c: Buffer) => (log = (log + c.toString()).slice(-20_000));
    obs.stdout?.on('data', keep);
    obs.stderr?.on('data', keep);
    const deadline = Date.now() + 60_000;
    while (!(await portOpen(port))) {
      if (obs.exitCode !== null) throw new Error(`OBS exited (${obs.exitCode}) before its WebSocket server started:\n${log.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`OBS's WebSocket server did not start within 60 s:\n${log.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `ws://127.0.0.1:${port}`, password, recordDir, log: () => log, kill: () => end('SIGKILL'), stop };
};
