/**
 * A whole take on a real desktop (Xvfb + openbox), recorded by ffmpeg with the system pointer
 * drawn in: a terminal gets a command full of shifted symbols that writes a file, the pointer
 * clicks spread-out points, and an image that a window shows only later is waited for and
 * clicked. Then the checks: the file holds exactly what was typed, the log has every event, and
 * the pointer found in the decoded frames is where the log says, with the time error in ms.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLogText, type CaptureEvent } from '../../src/capture-log';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { TERMINAL, skipWithout } from '../helpers/requires';

const skip = skipWithout('a take on a real desktop', TERMINAL);

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'screenplay.mjs');
const BUTTON = path.join(ROOT, 'examples', 'assets', 'open-site-button.png'); // 116x40
const W = 1280;
const H = 720;
const BACKGROUND = { hex: '#3070b0', gray: Math.round(0.299 * 0x30 + 0.587 * 0x70 + 0.114 * 0xb0) };
const SYMBOLS = `sym $@#{}|~'"`;
const SPREAD = [
  { x: 250, y: 620 },
  { x: 1180, y: 110 },
  { x: 760, y: 660 },
  { x: 1200, y: 640 },
];

type Point = { x: number; y: number };

/** The logged pointer position at time t (linear between samples). */
const logPositionAt = (samples: Array<{ tMs: number } & Point>, t: number): Point | null => {
  if (samples.length === 0 || t < samples[0]!.tMs || t > samples.at(-1)!.tMs) return null;
  let lo = 0;
  let hi = samples.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]!.tMs <= t) lo = mid;
    else hi = mid;
  }
  const a = samples[lo]!;
  const b = samples[hi]!;
  const k = b.tMs === a.tMs ? 0 : (t - a.tMs) / (b.tMs - a.tMs);
  return { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k };
};

/**
 * The pointer in a grey frame, searched near where the log puts it: the compact cluster of
 * pixels far from the plain background. Null where the pointer is over a window (not plain
 * background around it) or not found.
 */
const findPointer = (gray: Buffer, near: Point): Point | null => {
  const r = 120;
  const x0 = Math.max(0, Math.round(near.x) - r);
  const y0 = Math.max(0, Math.round(near.y) - r);
  const x1 = Math.min(W - 1, Math.round(near.x) + r);
  const y1 = Math.min(H - 1, Math.round(near.y) + r);
  let n = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (Math.abs(gray[y * W + x]! - BACKGROUND.gray) < 45) continue;
      n++;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  const compact = maxX - minX < 32 && maxY - minY < 40;
  return n >= 15 && n <= 600 && compact ? { x: minX, y: minY } : null;
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

describe.skipIf(skip)('a take on a real desktop', () => {
  let desktop: VirtualDesktop;
  let dir: string;
  let viewer: ChildProcess | null = null;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: W, height: H, background: BACKGROUND.hex });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-take-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.copyFileSync(BUTTON, path.join(dir, 'assets', 'button.png'));
  });
  afterAll(async () => {
    viewer?.kill('SIGKILL');
    await desktop?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('types symbols exactly, clicks where told, finds a late image, and the pointer lines up with the log', { timeout: 180_000 }, async () => {
    const env = { ...process.env, DISPLAY: desktop.display };
    const typedFile = path.join(dir, 'typed.txt');
    const command = `echo "${SYMBOLS.replace(/["$]/g, (c) => `\\${c}`)}" > ${typedFile}`;
    const script = {
      title: 'A take',
      capture: { recordPointer: true },
      steps: [
        { open_terminal: { title: 'take-test', cols: 70, rows: 12, fontSize: 14 } },
        { type: command },
        { press: 'Enter' },
        { wait: '600ms' },
        ...SPREAD.map((p) => ({ click: p })),
        { wait_for_image: { image: 'assets/button.png', timeout: '20s' } },
        { click: { image: 'assets/button.png' } },
        { click: { x: 300, y: 420 } },
      ],
    };
    fs.writeFileSync(path.join(dir, 'take.json'), JSON.stringify(script, null, 2));
    const out = path.join(dir, 'out');
    const p = spawn(process.execPath, [BIN, 'capture', path.join(dir, 'take.json'), '--out', out, '--countdown', '0s', '--on-my-desktop'], { env });
    let stderr = '';
    p.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      // The picture appears only once the take is waiting for it.
      if (!viewer && /step 9\/11 \S+ wait_for_image/.test(stderr)) {
        viewer = spawn('sh', ['-c', `sleep 1.5; exec ffplay -loglevel error -noborder -left 900 -top 420 -loop 0 -i ${BUTTON}`], { env, stdio: 'ignore' });
      }
    });
    const code = await new Promise<number | null>((resolve) => p.once('exit', resolve));
    expect(stderr).toMatch(/step 11\/11/);
    expect(code).toBe(0);

    // The terminal received every symbol: the file holds exactly the text.
    expect(fs.readFileSync(typedFile, 'utf8')).toBe(`${SYMBOLS}\n`);

    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const { log } = read;
    expect(log.pointer).toBe('recorded');
    expect(log.complete).toBeUndefined();
    const of = <T extends CaptureEvent['type']>(t: T) => log.events.filter((e): e is Extract<CaptureEvent, { type: T }> => e.type === t);
    expect(of('step').map((s) => s.action)).toEqual([
      'open_terminal',
      'type',
      'press',
      'wait',
      'click',
      'click',
      'click',
      'click',
      'wait_for_image',
      'click',
      'click',
    ]);
    expect(of('type').map((t) => 'text' in t && t.text)).toEqual([command]);
    expect(of('key').map((k) => k.key)).toContain('Enter');
    // (open_terminal clicks into its window first, to focus it.)
    const clicks = of('click').filter((c) => c.tMs >= of('step')[4]!.tMs);
    expect(clicks).toHaveLength(6);
    expect(clicks.slice(0, 4).map((c) => ({ x: c.x, y: c.y }))).toEqual(SPREAD);
    expect(clicks[5]).toMatchObject({ x: 300, y: 420 });
    // The image click hit the picture's centre, wherever the window manager put the window.
    const geo = spawnSync('xdotool', ['search', '--name', 'open-site-button', 'getwindowgeometry', '--shell'], { env, encoding: 'utf8' }).stdout;
    const g = (k: string) => Number(new RegExp(`${k}=(\\d+)`).exec(geo)?.[1]);
    expect(Math.abs(clicks[4]!.x - (g('X') + 58))).toBeLessThanOrEqual(2);
    expect(Math.abs(clicks[4]!.y - (g('Y') + 20))).toBeLessThanOrEqual(2);
    // Each click's target was logged as a box just before the pointer went there (issue 17): the
    // picture's whole box for the image click, a small box round the point for the literal one.
    const targets = of('target').filter((t) => t.tMs >= of('step')[4]!.tMs);
    expect(targets.map((t) => t.source)).toEqual(['point', 'point', 'point', 'point', 'image', 'point']);
    const image = targets[4]!;
    expect(image).toMatchObject({ width: 116, height: 40, label: 'assets/button.png' });
    expect(Math.abs(image.x - g('X'))).toBeLessThanOrEqual(2);
    expect(Math.abs(image.y - g('Y'))).toBeLessThanOrEqual(2);
    expect(image.tMs).toBeLessThanOrEqual(clicks[4]!.tMs);
    // It really waited: the picture came 1.5 s after the wait began.
    const waited = of('step').find((s) => s.action === 'wait_for_image')!;
    expect(waited.endMs - waited.tMs).toBeGreaterThan(1200);
    // Every event is in time order where it should be and within the recording.
    for (const e of log.events) expect(e.tMs).toBeLessThanOrEqual(log.durationMs);
    const cursor = of('cursor').sort((a, b) => a.tMs - b.tMs);
    // While the pointer travels to each click it is sampled at 60 Hz or more (the sampler plus
    // the driver's own samples): median gap at most 17 ms, and no hole longer than 100 ms.
    for (const step of of('step').filter((s) => s.action === 'click')) {
      const during = cursor.filter((c) => c.tMs >= step.tMs && c.tMs <= step.endMs).map((c) => c.tMs);
      expect(during.length).toBeGreaterThan(5);
      const gaps = during.slice(1).map((t, i) => t - during[i]!);
      expect(median(gaps)).toBeLessThanOrEqual(17);
      expect(Math.max(...gaps)).toBeLessThan(100);
    }

    // The pointer in the decoded frames against the log, while the clicks move it.
    const grayFile = path.join(dir, 'frames.gray');
    const from = Math.max(0, of('step')[4]!.tMs - 100);
    const to = of('step')[7]!.endMs;
    const dec = spawnSync('ffmpeg', ['-v', 'error', '-i', path.join(out, 'recording.mp4'), '-f', 'rawvideo', '-pix_fmt', 'gray', '-y', grayFile]);
    expect(dec.status).toBe(0);
    const frameBytes = W * H;
    const frames = fs.statSync(grayFile).size / frameBytes;
    const frameMs = 1000 / log.fps;
    const fd = fs.openSync(grayFile, 'r');
    const seen: Array<{ tMs: number; at: Point }> = [];
    const buf = Buffer.alloc(frameBytes);
    for (let i = Math.floor(from / frameMs); i < Math.min(frames, Math.ceil(to / frameMs)); i++) {
      const near = logPositionAt(cursor, i * frameMs);
      if (!near) continue;
      fs.readSync(fd, buf, 0, frameBytes, i * frameBytes);
      const at = findPointer(buf, near);
      if (at) seen.push({ tMs: i * frameMs, at });
    }
    fs.closeSync(fd);
    expect(seen.length).toBeGreaterThan(40);

    // The time shift that best explains what the frames show (with the pointer image's
    // constant offset from its hotspot), searched in 1 ms steps.
    let best = { shiftMs: 0, residualPx: Infinity };
    for (let shift = -200; shift <= 200; shift++) {
      const d = seen.flatMap((s) => {
        const l = logPositionAt(cursor, s.tMs + shift);
        return l ? [{ x: s.at.x - l.x, y: s.at.y - l.y }] : [];
      });
      if (d.length < seen.length * 0.9) continue;
      const ox = median(d.map((v) => v.x));
      const oy = median(d.map((v) => v.y));
      const residual = d.reduce((sum, v) => sum + Math.hypot(v.x - ox, v.y - oy), 0) / d.length;
      if (residual < best.residualPx) best = { shiftMs: shift, residualPx: residual };
    }
    console.log(
      `pointer alignment: ${seen.length} frames with the pointer found; the log matches the picture best shifted by ${best.shiftMs} ms (one frame is ${frameMs.toFixed(1)} ms), mean residual ${best.residualPx.toFixed(1)} px`,
    );
    expect(Math.abs(best.shiftMs)).toBeLessThanOrEqual(frameMs);
    expect(best.residualPx).toBeLessThan(6);
  });
});
