import { spawnSync } from 'node:child_process';
import { startScreenRecording } from './src/capture/ffmpeg-recorder';
import { startVirtualDesktop } from './src/capture/xvfb';
const W = 320, H = 240;
const d = await startVirtualDesktop({ width: W, height: H, windowManager: false, background: '#000000' });
const env = { ...process.env, DISPLAY: d.display };
spawnSync('xdotool', ['mousemove', '50', '100'], { env });
const out = '/tmp/ptr.mp4';
const rec = startScreenRecording({ display: d.display, width: W, height: H, fps: 30, out, pointer: true });
const origin = await rec.firstFrameWallMs;
const flips: number[] = [];
for (let k = 0; k < 8; k++) {
  await new Promise((r) => setTimeout(r, 400 + k * 37));
  const b = performance.timeOrigin + performance.now();
  spawnSync('xdotool', ['mousemove', k % 2 ? '50' : '250', '100'], { env });
  const a = performance.timeOrigin + performance.now();
  flips.push((a + b) / 2 - origin);
}
await new Promise((r) => setTimeout(r, 500));
await rec.stop(); await d.stop();
// Is the pointer on the right half? mean of the right half's brightness per frame.
const raw = spawnSync('ffmpeg', ['-v', 'error', '-i', out, '-vf', 'crop=160:240:160:0,scale=1:1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 1 << 24 });
const right = [...raw.stdout].map((v) => v > 0);
const ch = right.flatMap((r, i) => (i > 0 && r !== right[i - 1] ? [i] : []));
console.log('pointer errors', ch.map((c, i) => Math.round(c * 1000 / 30 - flips[i]!)).join(' '), 'changes', ch.length);
