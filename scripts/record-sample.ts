/**
 * Records the bundled sample capture (public/samples/ink-deploy/): a real Xvfb desktop with
 * openbox, an xterm running a (stand-in) `ink deploy`, and Chromium showing a dashboard page;
 * xdotool moves, clicks and types with human-like paths and cadence while ffmpeg x11grab
 * records. Every event is logged on the recording's clock (frame 0 = ffmpeg's first frame).
 *
 *   npm run sample:record [-- --out public/samples/ink-deploy]
 *
 * Needs: Xvfb, openbox, xterm, xdotool, chromium, ffmpeg (Debian packages).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEventsJsonl, finaliseCaptureLog } from '../src/capture-log';
import { EventLogWriter } from '../src/capture/event-log';
import { startScreenRecording } from '../src/capture/ffmpeg-recorder';
import { probeDurationMs } from '../src/capture/finalise-capture-dir';
import { startVirtualDesktop } from '../src/capture/xvfb';

const here = path.dirname(fileURLToPath(import.meta.url));
const outArg = process.argv.indexOf('--out');
const outDir = path.resolve(outArg > 0 ? (process.argv[outArg + 1] as string) : path.join(here, '..', 'public', 'samples', 'ink-deploy'));
const W = 1920;
const H = 1080;
const FPS = 30;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

const main = async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-sample-'));
  const desktop = await startVirtualDesktop({ width: W, height: H, background: '#2b3042' });
  const env = { ...process.env, DISPLAY: desktop.display, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  const children: ChildProcess[] = [];
  const xdo = (...args: string[]) => {
    const r = spawnSync('xdotool', args, { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`xdotool ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  try {
    // The terminal: a clean prompt, the stand-in ink CLI on PATH.
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin);
    fs.copyFileSync(path.join(here, 'sample-assets', 'ink'), path.join(bin, 'ink'));
    fs.copyFileSync(path.join(here, 'sample-assets', 'curl-stub'), path.join(bin, 'curl'));
    fs.chmodSync(path.join(bin, 'ink'), 0o755);
    fs.chmodSync(path.join(bin, 'curl'), 0o755);
    const rc = path.join(work, 'bashrc');
    fs.writeFileSync(
      rc,
      `export PATH=${bin}:$PATH\nexport PS1='\\[\\e[38;5;111m\\]~/my-app\\[\\e[0m\\] \\[\\e[38;5;213m\\]$\\[\\e[0m\\] '\nunset HISTFILE\ncd ${work}\nclear\n`,
    );
    children.push(
      spawn(
        'xterm',
        ['-geometry', '68x38+40+50', '-fa', 'DejaVu Sans Mono', '-fs', '15', '-bg', '#11131c', '-fg', '#d8dee9',
          '-b', '14', '-T', 'Terminal — my-app', '-e', 'bash', '--rcfile', rc, '-i'],
        { env, stdio: 'ignore' },
      ),
    );
    // The dashboard: a real Chromium window.
    children.push(
      spawn(
        '/usr/bin/chromium',
        ['--no-sandbox', '--test-type', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', `--user-data-dir=${path.join(work, 'chrome')}`,
          '--disable-background-networking', '--disable-component-update', '--disable-sync', '--password-store=basic',
          '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
          '--window-position=980,50', '--window-size=900,980', `--app=file://${path.join(here, 'sample-assets', 'ink-dashboard.html')}`],
        { env, stdio: 'ignore' },
      ),
    );
    // Wait for both windows.
    for (const name of ['Terminal', 'Ink']) {
      const deadline = Date.now() + 30_000;
      while (spawnSync('xdotool', ['search', '--name', name], { env }).status !== 0) {
        if (Date.now() > deadline) throw new Error(`window "${name}" did not appear`);
        await sleep(200);
      }
    }
    await sleep(2500);

    fs.mkdirSync(outDir, { recursive: true });
    const raw = path.join(work, 'raw.mp4');
    const log = new EventLogWriter(path.join(outDir, 'events.jsonl'), { recording: 'recording.mp4', screen: { width: W, height: H }, fps: FPS });
    xdo('mousemove', String(W / 2), String(H / 2));
    const rec = startScreenRecording({ display: desktop.display, width: W, height: H, fps: FPS, out: raw });
    log.setOrigin(await rec.firstFrameWallMs);
    let pos = { x: W / 2, y: H / 2 };
    log.log({ type: 'cursor', tMs: now(), ...pos });
    let stepNo = 0;
    const step = async (action: string, fn: () => Promise<void>) => {
      const t0 = now();
      await fn();
      log.log({ type: 'step', id: `s${++stepNo}`, action, tMs: t0, endMs: now() });
    };
    /** Human-like move: eased, slightly arced, duration from distance, sampled at 60 Hz. */
    const move = (x: number, y: number) =>
      step('move', async () => {
        const from = pos;
        const dist = Math.hypot(x - from.x, y - from.y);
        const duration = Math.min(1100, 280 + dist * 0.45);
        const arc = Math.min(60, dist * 0.08) * (x > from.x ? -1 : 1);
        const nx = -(y - from.y) / (dist || 1);
        const ny = (x - from.x) / (dist || 1);
        const t0 = now();
        for (;;) {
          const u = Math.min(1, (now() - t0) / duration);
          const e = u < 0.5 ? 4 * u * u * u : 1 - (-2 * u + 2) ** 3 / 2;
          const bow = Math.sin(Math.PI * e) * arc;
          pos = { x: Math.round(from.x + (x - from.x) * e + nx * bow), y: Math.round(from.y + (y - from.y) * e + ny * bow) };
          xdo('mousemove', String(pos.x), String(pos.y));
          log.log({ type: 'cursor', tMs: now(), ...pos });
          if (u >= 1) break;
          await sleep(16);
        }
      });
    const click = () =>
      step('click', async () => {
        xdo('click', '1');
        log.log({ type: 'click', tMs: now(), ...pos, button: 'left' });
        await sleep(120);
      });
    const type = (text: string) =>
      step('type', async () => {
        const t0 = now();
        for (const ch of text) {
          xdo('type', '--delay', '0', ch);
          await sleep(55 + Math.random() * 60);
        }
        log.log({ type: 'type', tMs: t0, endMs: now(), text });
      });
    const press = (key: string, xkey: string) =>
      step('press', async () => {
        xdo('key', xkey);
        log.log({ type: 'key', tMs: now(), key });
      });

    await sleep(900);
    await move(240, 140); // the terminal, by its prompt
    await click();
    await sleep(300);
    await type('ink deploy --prod');
    await sleep(250);
    await press('Enter', 'Return');
    await sleep(5200); // the deploy runs: no input (an idle stretch)
    await move(1062, 201); // dashboard: Deployments
    await click();
    await sleep(700);
    await move(1420, 207); // the newest deployment
    await click();
    await sleep(1200);
    await move(1046, 249); // Domains
    await click();
    await sleep(600);
    await move(1500, 234); // the domain field
    await click();
    await type('demo.ml.ink');
    await sleep(300);
    await move(1292, 292); // Add domain
    await click();
    await sleep(1500);
    await move(1790, 1002); // "Open site" in the dashboard's footer
    await click();
    await sleep(900);
    await move(300, 346); // back to the terminal, at the new prompt
    await click();
    await type('curl -s https://demo.ml.ink | head -3');
    await press('Enter', 'Return');
    await sleep(1800);

    await rec.stop();
    const sample = path.join(outDir, 'recording.mp4');
    const enc = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', raw, '-c:v', 'libx264', '-preset', 'slow', '-crf', '27',
      '-tune', 'stillimage', '-g', String(FPS), '-pix_fmt', 'yuv420p', '-r', String(FPS), '-movflags', '+faststart', '-an', '-y', sample]);
    if (enc.status !== 0) throw new Error(`ffmpeg encode failed: ${enc.stderr}`);
    const durationMs = probeDurationMs(sample);
    if (durationMs === null) throw new Error(`could not read the duration of ${sample}`);
    log.close(durationMs);
    const result = finaliseCaptureLog(readEventsJsonl(fs.readFileSync(log.file, 'utf8')));
    if (!result.ok) throw new Error(`capture log invalid: ${JSON.stringify(result.problems)}`);
    fs.writeFileSync(path.join(outDir, 'capture.json'), `${JSON.stringify(result.log)}\n`);
    const clicks = result.log.events.filter((e) => e.type === 'click').length;
    const size = fs.statSync(sample).size;
    console.log(`sample: ${outDir}\n  ${(durationMs / 1000).toFixed(1)} s, ${result.log.events.length} events, ${clicks} clicks, ${(size / 1e6).toFixed(2)} MB`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await desktop.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
};

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
