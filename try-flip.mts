import { spawnSync } from 'node:child_process';
import { startScreenRecording } from './src/capture/ffmpeg-recorder';
import { startVirtualDesktop } from './src/capture/xvfb';
const W = Number(process.env.W ?? 320), H = Number(process.env.H ?? 240);
const d = await startVirtualDesktop({ width: W, height: H, windowManager: false, background: '#000000' });
const out = '/tmp/flip.mp4';
const rec = startScreenRecording({ display: d.display, width: W, height: H, fps: 30, out });
const origin = await rec.firstFrameWallMs;
const flips: number[] = [];
for (let k = 0; k < 8; k++) {
  await new Promise((r) => setTimeout(r, 400 + k * 37));
  const b = performance.timeOrigin + performance.now();
  spawnSync('xsetroot', ['-solid', k % 2 ? '#000000' : '#ff0000'], { env: { ...process.env, DISPLAY: d.display } });
  const a = performance.timeOrigin + performance.now();
  flips.push((a + b) / 2 - origin);
}
await new Promise((r) => setTimeout(r, 500));
await rec.stop(); await d.stop();
const raw = spawnSync('ffmpeg', ['-v', 'error', '-i', out, '-vf', 'scale=1:1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 24 });
const red: boolean[] = []; for (let i = 0; i + 2 < raw.stdout.length; i += 3) red.push(raw.stdout[i]! > 128);
const ch = red.flatMap((r, i) => (i > 0 && r !== red[i - 1] ? [i] : []));
console.log(W, H, 'errors', ch.map((c, i) => Math.round(c * 1000 / 30 - flips[i]!)).join(' '));
spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', out, '-c', 'copy', '-movflags', '+faststart', '/tmp/flip2.mp4']);
const raw2 = spawnSync('ffmpeg', ['-v', 'error', '-i', '/tmp/flip2.mp4', '-vf', 'scale=1:1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 24 });
const red2: boolean[] = []; for (let i = 0; i + 2 < raw2.stdout.length; i += 3) red2.push(raw2.stdout[i]! > 128);
const ch2 = red2.flatMap((r, i) => (i > 0 && r !== red2[i - 1] ? [i] : []));
console.log('remuxed errors', ch2.map((c, i) => Math.round(c * 1000 / 30 - flips[i]!)).join(' '), red.length, red2.length);
