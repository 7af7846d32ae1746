import { spawnSync } from 'node:child_process';
import { startScreenRecording } from './src/capture/ffmpeg-recorder';
import { startVirtualDesktop } from './src/capture/xvfb';
const W = 1280, H = 720;
const d = await startVirtualDesktop({ width: W, height: H, windowManager: false, background: '#000000' });
process.env.DISPLAY = d.display;
const { mouse, Point } = await import('@nut-tree-fork/nut-js');
mouse.config.autoDelayMs = 0;
await mouse.setPosition(new Point(50, 100));
const out = '/tmp/ptr.mp4';
const rec = startScreenRecording({ display: d.display, width: W, height: H, fps: 30, out, pointer: true });
const origin = await rec.firstFrameWallMs;
const flips: number[] = [];
for (let k = 0; k < 8; k++) {
  await new Promise((r) => setTimeout(r, 400 + k * 37));
  const b = performance.timeOrigin + performance.now();
  if (process.env.MODE === 'xdo') spawnSync('xdotool', ['mousemove', k % 2 ? '50' : '1000', '100']);
  else await mouse.setPosition(new Point(k % 2 ? 50 : 1000, 100));
  const a = performance.timeOrigin + performance.now();
  flips.push((a + b) / 2 - origin);
}
await new Promise((r) => setTimeout(r, 500));
await rec.stop();
const raw = spawnSync('ffmpeg', ['-v', 'error', '-i', out, '-vf', 'crop=640:60:640:80', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 1 << 28 });
const fb = 640 * 60; const right: boolean[] = [];
for (let f = 0; f * fb < raw.stdout.length; f++) { let m = 0; for (let i = 0; i < fb; i++) m = Math.max(m, raw.stdout[f * fb + i]!); right.push(m > 60); }
const ch = right.flatMap((r, i) => (i > 0 && r !== right[i - 1] ? [i] : []));
console.log(process.env.MODE ?? 'nut', 'pointer errors', ch.map((c, i) => Math.round(c * 1000 / 30 - flips[i]!)).join(' '), 'changes', ch.length);
process.exit(0);
