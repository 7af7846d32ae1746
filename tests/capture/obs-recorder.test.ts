/**
 * The OBS recorder against a real OBS Studio 29 (obs-websocket 5.1) running on its own Xvfb and
 * capturing another: the clock lines up within a frame, `screenplay capture --recorder obs`
 * records 5 s into a capture dir, and OBS going away mid-take keeps what it had recorded.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OBSWebSocket } from 'obs-websocket-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLogText } from '../../src/capture-log';
import { normaliseObsRecording, obsConnectionFromEnv, prepareObsRecorder, screenSourceFor } from '../../src/capture/obs-recorder';
import { RAW_RECORDING } from '../../src/capture-log/capture-dir-files';
import { exitGuardReady } from '../../src/capture/end-on-exit';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { obsUnavailable, startTestObs, type TestObs } from '../helpers/obs';
import { probe } from '../helpers/synthetic';

const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');

describe('OBS settings', () => {
  it.each([
    { name: 'defaults to the local server', env: {}, want: { url: 'ws://127.0.0.1:4455' } },
    {
      name: "screenplay's own variables",
      env: { SCREENPLAY_OBS_URL: 'ws://10.0.0.2:4455', SCREENPLAY_OBS_PASSWORD: 'x' },
      want: { url: 'ws://10.0.0.2:4455', password: 'x' },
    },
    { name: "obs-websocket's common variables", env: { OBS_WEBSOCKET_URL: 'ws://h:1', OBS_WEBSOCKET_PASSWORD: 'y' }, want: { url: 'ws://h:1', password: 'y' } },
    { name: "screenplay's win", env: { SCREENPLAY_OBS_URL: 'ws://a:1', OBS_WEBSOCKET_URL: 'ws://b:2' }, want: { url: 'ws://a:1' } },
  ])('connection: $name', ({ env, want }) => expect(obsConnectionFromEnv(env)).toEqual(want));

  it.each([
    { platform: 'debian', kinds: ['xshm_input'], want: { kind: 'xshm_input', settings: { advanced: true, server: ':7', screen: 0, show_cursor: false } } },
    { platform: 'windows', kinds: [], want: { kind: 'monitor_capture', settings: { capture_cursor: false } } },
    { platform: 'macos', kinds: ['screen_capture', 'display_capture'], want: { kind: 'screen_capture', settings: { type: 0, show_cursor: false } } },
    { platform: 'macos', kinds: ['display_capture'], want: { kind: 'display_capture', settings: { display: 0, show_cursor: false } } },
  ])('screen source on $platform with $kinds', ({ platform, kinds, want }) => expect(screenSourceFor(platform, ':7', kinds)).toEqual(want));

  it.each([
    { name: 'H.264 at the right rate is copied', codec: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p'], rate: 30, copied: true },
    { name: 'another codec is re-encoded', codec: ['-c:v', 'mpeg4'], rate: 30, copied: false },
    { name: 'another rate is re-encoded to the capture rate', codec: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p'], rate: 25, copied: false },
  ])('normalising a recording: $name', ({ codec, rate, copied }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-obs-norm-'));
    const src = path.join(dir, 'in.mkv');
    const made = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc=size=160x90:rate=${rate}:duration=1`,
      '-f',
      'lavfi',
      '-i',
      'sine=duration=1',
      ...codec,
      '-c:a',
      'aac',
      src,
    ]);
    expect(made.status).toBe(0);
    const out = path.join(dir, 'out.mp4');
    normaliseObsRecording(src, out, 30);
    const info = probe(out);
    expect(info).toMatchObject({ codec: 'h264', width: 160, height: 90, fps: '30/1' });
    const streams = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', out], { encoding: 'utf8' }).stdout.trim();
    expect(streams).toBe('video'); // no audio: narration is added at render time
    const encoder = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream_tags=encoder', '-of', 'csv=p=0', out], { encoding: 'utf8' }).stdout;
    if (!copied) expect(encoder).not.toMatch(/mpeg4/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

const skip = obsUnavailable();
if (skip) console.warn(`[skipped] OBS recorder tests with a real OBS: ${skip}`);

describe.skipIf(skip !== null)('recording through a real OBS', () => {
  let obs: TestObs;
  let desktop: VirtualDesktop;
  let dir: string;
  beforeAll(async () => {
    [obs, desktop] = await Promise.all([startTestObs(), startVirtualDesktop({ width: 640, height: 360, windowManager: true, background: '#000000' })]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-obs-'));
    await exitGuardReady(); // as capture does, before it prepares the recorder
  });
  afterAll(async () => {
    await obs?.stop();
    await desktop?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const env = () => ({ ...process.env, DISPLAY: desktop.display });

  it('lines the recording up with the wall clock within a frame', { timeout: 90_000 }, async () => {
    const out = path.join(dir, 'clock');
    fs.mkdirSync(out);
    spawnSync('xsetroot', ['-solid', '#000000'], { env: env() });
    const prepared = await prepareObsRecorder({
      display: desktop.display,
      width: 640,
      height: 360,
      fps: 30,
      outDir: out,
      connection: { url: obs.url, password: obs.password },
    });
    const rec = await prepared.start();
    const flips: number[] = [];
    for (let k = 0; k < 4; k++) {
      // The first flip waits longer: on busy cores OBS's first frames come late after "started"
      // (a flip at 600 ms was once before the first frame, and not seen at all).
      await new Promise((r) => setTimeout(r, (k === 0 ? 1500 : 600) + k * 77));
      const before = performance.timeOrigin + performance.now();
      spawnSync('xsetroot', ['-solid', k % 2 ? '#000000' : '#ff0000'], { env: env() });
      const after = performance.timeOrigin + performance.now();
      flips.push((before + after) / 2 - rec.firstFrameWallMs);
    }
    await new Promise((r) => setTimeout(r, 500));
    await rec.stop();
    const raw = spawnSync('ffmpeg', ['-v', 'error', '-i', path.join(out, RAW_RECORDING), '-vf', 'scale=1:1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
      maxBuffer: 1 << 24,
    });
    const red: boolean[] = [];
    for (let i = 0; i + 2 < raw.stdout.length; i += 3) red.push(raw.stdout[i]! > 128);
    const changes = red.flatMap((r, i) => (i > 0 && r !== red[i - 1] ? [i] : []));
    const frameMs = 1000 / 30;
    const errors = changes.map((c, i) => Math.round(c * frameMs - flips[i]!));
    console.log(
      `OBS clock: colour flips at ${flips.map(Math.round).join(', ')} ms showed in frames ${changes.join(', ')}; error ${errors.join(', ')} ms (a flip shows in the next frame: 0 to ${Math.round(frameMs)} ms is exact)`,
    );
    expect(changes).toHaveLength(4);
    // Quiet, the flips land within a frame (-40 to +31 ms, README). When the cores are busy
    // (the suite's other work, another agent), OBS's "started" event arrives later than its
    // first frame was taken, so the flips land early, all by the same amount: -45 and -66 to -76
    // ms measured, once -213 to -225 ms with the whole suite on two cores. What the recorder
    // owns is that the map is one constant offset (the frames are at their rate, none lost or
    // doubled): within two frames of each other; the offset itself within 8 frames early.
    for (const e of errors) {
      expect(e).toBeGreaterThanOrEqual(-8 * frameMs);
      expect(e).toBeLessThanOrEqual(2 * frameMs);
    }
    expect(Math.max(...errors) - Math.min(...errors)).toBeLessThanOrEqual(2 * frameMs);
    // OBS's own file was moved out of its folder, not left behind.
    expect(fs.readdirSync(obs.recordDir)).toEqual([]);
  });

  const capture = (script: string, out: string) => {
    const file = path.join(dir, 'obs.yaml');
    fs.writeFileSync(file, script);
    return spawn(process.execPath, [BIN, 'capture', file, '--out', out, '--countdown', '0s', '--recorder', 'obs', '--on-my-desktop'], {
      env: { ...env(), SCREENPLAY_OBS_URL: obs.url, SCREENPLAY_OBS_PASSWORD: obs.password },
    });
  };
  const finished = (p: ReturnType<typeof capture>) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      let stderr = '';
      p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      p.once('exit', (code) => resolve({ code, stderr }));
    });

  it('`screenplay capture --recorder obs` records 5 s into a capture dir', { timeout: 120_000 }, async () => {
    spawnSync('xsetroot', ['-solid', '#2060c0'], { env: env() });
    const out = path.join(dir, 'cli');
    const r = await finished(capture('steps:\n  - click: { x: 100, y: 100 }\n  - wait: 4s\n  - click: { x: 500, y: 300 }\n', out));
    expect(r.stderr).toMatch(/step 3\/3/);
    expect(r.code).toBe(0);
    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.log.complete).toBeUndefined();
    expect(read.log.durationMs).toBeGreaterThan(4500);
    expect(read.log.durationMs).toBeLessThan(9000);
    const clicks = read.log.events.filter((e) => e.type === 'click');
    expect(clicks.map((c) => [c.x, c.y])).toEqual([
      [100, 100],
      [500, 300],
    ]);
    expect(clicks[1]!.tMs - clicks[0]!.tMs).toBeGreaterThan(3900);
    const info = probe(path.join(out, 'recording.mp4'));
    expect(info).toMatchObject({ codec: 'h264', width: 640, height: 360, fps: '30/1' });
    // It shows the captured desktop (its blue background), not OBS's own window.
    const px = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-ss',
      '2',
      '-i',
      path.join(out, 'recording.mp4'),
      '-frames:v',
      '1',
      '-vf',
      'crop=2:2:320:40',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ]).stdout;
    expect(Math.abs(px[0]! - 0x20)).toBeLessThan(24);
    expect(Math.abs(px[1]! - 0x60)).toBeLessThan(24);
    expect(Math.abs(px[2]! - 0xc0)).toBeLessThan(24);
  });

  it('`screenplay capture` killed with SIGKILL mid-take: its exit guard stops OBS recording', { timeout: 120_000 }, async () => {
    const out = path.join(dir, 'killed');
    const p = capture('steps:\n  - wait: 1s\n  - wait: 60s\n', out);
    const exited = new Promise((r) => p.once('exit', r));
    await new Promise<void>((resolve) => p.stderr.on('data', (c: Buffer) => /step 2\/2/.test(c.toString()) && resolve()));
    const client = new OBSWebSocket();
    await client.connect(obs.url, obs.password);
    try {
      expect((await client.call('GetRecordStatus')).outputActive).toBe(true);
      p.kill('SIGKILL');
      await exited;
      const killedAt = Date.now();
      let active = true;
      while (active && Date.now() - killedAt < 10_000) {
        await new Promise((r) => setTimeout(r, 200));
        active = (await client.call('GetRecordStatus')).outputActive;
      }
      console.log(`OBS: recording ${active ? 'still active' : 'stopped'} ${Date.now() - killedAt} ms after screenplay was killed`);
      expect(active).toBe(false);
    } finally {
      await client.call('StopRecord').catch(() => undefined);
      await client.disconnect();
    }
  });

  it('OBS going away mid-take stops the capture with the step named, keeping what was recorded', { timeout: 120_000 }, async () => {
    const out = path.join(dir, 'gone');
    const p = capture('steps:\n  - wait: 1s\n  - wait: 20s\n', out);
    const result = finished(p);
    // Once the second step is running, OBS dies.
    await new Promise<void>((resolve) => p.stderr.on('data', (c: Buffer) => /step 2\/2/.test(c.toString()) && resolve()));
    await new Promise((r) => setTimeout(r, 2500));
    await obs.kill();
    const r = await result;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /the recording stopped: the connection to OBS closed.*\(the take stopped during step 2 \(wait\) at obs\.yaml:3:5; the step did not fail\)/,
    );
    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.log.complete).toBe(false);
    // What OBS had written when it died: its muxer buffers, so the last second or two is lost.
    expect(read.log.durationMs).toBeGreaterThan(500);
    expect(read.log.events.every((e) => e.tMs <= read.log.durationMs)).toBe(true);
    expect(probe(path.join(out, 'recording.mp4'))).toMatchObject({ codec: 'h264', width: 640, height: 360 });
  });
});
