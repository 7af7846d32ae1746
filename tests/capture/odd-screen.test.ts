/**
 * Screens as they come, on Xvfb: an odd size (641x361, like 1281x721) is recorded padded to even
 * with its true size in capture.json; targets off the screen are step errors naming the point and
 * the screen; the log says where the pointer really is; a recorder that fails is quoted and
 * blamed, not the step that happened to run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLogText } from '../../src/capture-log';
import { prepareRecorder } from '../../src/capture/recorder';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { readCaptureDir } from '../../src/render/capture-dir';
import { DESKTOP, skipWithout } from '../helpers/requires';
import { probe } from '../helpers/synthetic';

const skip = skipWithout('capture on an odd-sized Xvfb screen', DESKTOP, ['xdotool']);
const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');

describe.skipIf(skip)('an odd-sized screen (641x361)', () => {
  let desktop: VirtualDesktop;
  let dir: string;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 641, height: 361, windowManager: false, background: '#ff0000' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-odd-'));
  });
  afterAll(async () => {
    await desktop?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  // capture runs in its own process: libnut keeps its X connection until the process exits.
  const capture = (name: string, script: string, env: NodeJS.ProcessEnv = {}) => {
    const file = path.join(dir, `${name}.yaml`);
    fs.writeFileSync(file, script);
    const out = path.join(dir, name);
    const r = spawnSync(process.execPath, [BIN, 'capture', file, '--out', out, '--countdown', '0s', '--on-my-desktop'], {
      env: { ...process.env, DISPLAY: desktop.display, ...env },
      encoding: 'utf8',
      timeout: 90_000,
    });
    return { ...r, out };
  };
  const pixel = (png: string, x: number, y: number) => {
    const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', png, '-vf', `crop=1:1:${x}:${y}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
    return [...raw];
  };

  it('records, keeps the true size in capture.json, and logs the click where the pointer is', { timeout: 120_000 }, async () => {
    const r = capture('ok', 'steps:\n  - move: { x: 300, y: 200, duration: 150ms }\n  - click: { x: 640, y: 360 }\n  - wait: 300ms\n');
    expect(r.stderr).not.toMatch(/failed|error/i);
    expect(r.status).toBe(0);
    const read = readCaptureLogText(fs.readFileSync(path.join(r.out, 'capture.json'), 'utf8'));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.log.screen).toEqual({ width: 641, height: 361 });
    expect(read.log.recordingSize).toEqual({ width: 642, height: 362 });
    expect(probe(path.join(r.out, 'recording.mp4'))).toMatchObject({ codec: 'h264', width: 642, height: 362 });
    // The screen's pixels keep their coordinates and colour up to the last column and row
    // (the padding repeats the edge, so 4:2:0's shared colour does not darken it).
    const png = path.join(dir, 'frame.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-sseof', '-0.2', '-i', path.join(r.out, 'recording.mp4'), '-frames:v', '1', png]);
    for (const [x, y] of [
      [0, 0],
      [640, 0],
      [0, 360],
      [640, 360],
      [320, 180],
    ] as const) {
      const [red, g, b] = pixel(png, x, y);
      expect(red).toBeGreaterThan(220);
      expect(g! + b!).toBeLessThan(60);
    }
    // The click is logged where the pointer is: xdotool reads it from the X server.
    const loc = execFileSync('xdotool', ['getmouselocation'], { env: { ...process.env, DISPLAY: desktop.display }, encoding: 'utf8' });
    const [, x, y] = /x:(\d+) y:(\d+)/.exec(loc)!.map(Number);
    const click = read.log.events.find((e) => e.type === 'click') as { x: number; y: number };
    expect(click).toMatchObject({ x, y });
    expect(click).toMatchObject({ x: 640, y: 360 });
    const cursors = read.log.events.filter((e) => e.type === 'cursor') as Array<{ x: number; y: number }>;
    for (const c of cursors) expect(c.x >= 0 && c.x <= 640 && c.y >= 0 && c.y <= 360).toBe(true);
    // The render reads it: the recording's size is the padded one, the screen the true one.
    expect(() => readCaptureDir(r.out)).not.toThrow();
    // A hand-edited capture.json without recordingSize names the missing field, not the screen.
    const json = JSON.parse(fs.readFileSync(path.join(r.out, 'capture.json'), 'utf8'));
    delete json.recordingSize;
    fs.writeFileSync(path.join(r.out, 'capture.json'), JSON.stringify(json));
    expect(() => readCaptureDir(r.out)).toThrow(
      /recordingSize must be given when the recording is the 641x361 screen padded to even sides \(642x362\), but it is missing/,
    );
  });

  it('refuses a click off the screen before recording (exit 1), naming the point and the screen', { timeout: 60_000 }, () => {
    const r = capture('off', 'steps:\n  - move: { x: 10, y: 10 }\n  - click: { x: 1700, y: 300 }\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('off.yaml:3:5: click target (1700, 300) is outside the 641x361 screen: a point must be within x 0 to 640, y 0 to 360');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
    expect(fs.existsSync(path.join(r.out, 'capture.json'))).toBe(false); // nothing was recorded
  });

  it('a target computed off the screen is a step error (exit 2); the recorder stops and the dir is finalised', { timeout: 90_000 }, () => {
    const r = capture('by', 'steps:\n  - move: { x: 600, y: 10, duration: 100ms }\n  - move: { by: { x: 500, y: 0 } }\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('by.yaml:3:5: step 2 (move) failed: move target (600, 10) + by (500, 0) (1100, 10) is outside the 641x361 screen');
    const read = readCaptureLogText(fs.readFileSync(path.join(r.out, 'capture.json'), 'utf8'));
    expect(read.ok && read.log.complete).toBe(false);
    expect(fs.existsSync(path.join(r.out, 'recording.mp4'))).toBe(true);
  });

  it('ffmpeg failing mid-take is quoted and blamed, not the running step', { timeout: 90_000 }, () => {
    // An ffmpeg that drops the padding: the encoder then fails the way it did before odd sizes were padded.
    const bin = fs.mkdtempSync(path.join(dir, 'bin-'));
    const real = execFileSync('bash', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(
      path.join(bin, 'ffmpeg'),
      `#!/bin/bash\nargs=()\nfor a in "$@"; do args+=("\${a/,format=gbrp,pad=*:mode=smear/}"); done\nexec ${real} "\${args[@]}"\n`,
      { mode: 0o755 },
    );
    const r = capture('nopad', 'steps:\n  - move: { x: 300, y: 200, duration: 1s }\n  - wait: 2s\n', { PATH: `${bin}:${process.env.PATH}` });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('libx264: width not divisible by 2 (641x361)');
    expect(r.stderr).toMatch(
      /the recording stopped: ffmpeg stopped recording on its own \(exit code 1\): libx264: width not divisible by 2 \(641x361\) \(the take stopped during step 1 \(move\) at nopad\.yaml:2:5; the step did not fail\)/,
    );
    expect(r.stderr).not.toContain('step 1 (move) failed');
  });

  it('ffmpeg that cannot start is quoted', { timeout: 30_000 }, async () => {
    const prepared = await prepareRecorder('ffmpeg', { display: ':4242', width: 641, height: 361, fps: 30, outDir: dir });
    await expect(prepared.start()).rejects.toThrow(/ffmpeg exited \(code 1\) before recording: x11grab: Cannot open display :4242/);
  });
});
