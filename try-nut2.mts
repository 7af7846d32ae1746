import { spawnSync } from 'node:child_process';
import { startScreenRecording } from './src/capture/ffmpeg-recorder';
import { startVirtualDesktop } from './src/capture/xvfb';
const W = Number(process.env.W ?? 320), H = Number(process.env.H ?? 240);
const d = await startVirtualDesktop({ width: W, height: H, windowManager: false, background: '#000000' });
process.env.DISPLAY = d.display;
const { mouse, Point } = await import('@nut-tree-fork/nut-js');
mouse.config.autoDelayMs = 0;
await mouse.setPosition(new Point(20, 100));
const out = '/tmp/ptr.mp4';
const rec = startScreenRecording({ display: d.display, width: W, height: H, fps: 30, out, pointer: true });
const origin = await rec.firstFrameWallMs;
const now = () => performance.timeOrigin + performance.now() - origin;
const log: Array<[number, number]> = [];
await new Promise((r) => setTimeout(r, 500));
for (let rep = 0; rep < 3; rep++) {
  const t0 = now();
  for (;;) {
    const t = now() - t0; if (t > 1000) break;
    const x = rep % 2 ? 280 - 0.25 * t : 20 + 0.25 * t;
    await mouse.setPosition(new Point(Math.round(x), 100));
    log.push([now(), Math.round(x)]);
    await new Promise((r) => setTimeout(r, 8));
  }
}
await new Promise((r) => setTimeout(r, 300));
await rec.stop();
const raw = spawnSync('ffmpeg', ['-v', 'error', '-i', out, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 1 << 26 });
const fb = W * H; const n = raw.stdout.length / fb;
const at = (t: number) => { let i = 0; while (i < log.length - 1 && log[i + 1]![0] <= t) i++; const a = log[i]!, b = log[Math.min(i + 1, log.length - 1)]!; if (t < a[0] || t > b[0]) return null; const k = b[0] === a[0] ? 0 : (t - a[0]) / (b[0] - a[0]); return a[1] + (b[1] - a[1]) * k; };
const seen: Array<[number, number]> = [];
for (let f = 0; f < n; f++) { let minX = Infinity; for (let y = 80; y < 130; y++) for (let x = 0; x < W; x++) if (raw.stdout[f * fb + y * W + x]! > 60) minX = Math.min(minX, x); if (minX < Infinity) seen.push([f * 1000 / 30, minX]); }
let best = [0, Infinity];
for (let s = -150; s <= 150; s++) { const d = seen.flatMap(([t, x]) => { const l = at(t + s); return l === null ? [] : [x - l]; }); if (d.length < 50) continue; const m = d.sort((a, b) => a - b)[d.length >> 1]!; const r = d.reduce((q, v) => q + Math.abs(v - m), 0) / d.length; if (r < best[1]!) best = [s, r]; }
console.log('best shift', best, 'frames', seen.length);
process.exit(0);
