import { spawn, spawnSync } from 'node:child_process';
import { parseFfmpegStart } from './src/capture/ffmpeg-recorder';
import { startVirtualDesktop } from './src/capture/xvfb';
const W = 1280, H = 720;
const d = await startVirtualDesktop({ width: W, height: H, windowManager: false, background: '#000000' });
process.env.DISPLAY = d.display;
const { mouse, Point } = await import('@nut-tree-fork/nut-js');
mouse.config.autoDelayMs = 0;
await mouse.setPosition(new Point(50, 100));
const out = '/tmp/vfr.mkv';
const p = spawn('ffmpeg', ['-hide_banner', '-f', 'x11grab', '-framerate', '30', '-video_size', `${W}x${H}`, '-draw_mouse', '1', '-i', `${d.display}.0+0,0`, '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '16', '-pix_fmt', 'yuv420p', '-fps_mode', process.env.VS ?? 'passthrough', '-copyts', '-y', out], { stdio: ['pipe', 'pipe', 'pipe'] });
let err = ''; const origin: number = await new Promise((res) => p.stderr.on('data', (c) => { err += c; const s = parseFfmpegStart(err); if (s) res(s); }));
const flips: number[] = [];
for (let k = 0; k < 10; k++) {
  await new Promise((r) => setTimeout(r, 400 + k * 37));
  const b = performance.timeOrigin + performance.now();
  await mouse.setPosition(new Point(k % 2 ? 50 : 1000, 100));
  const a = performance.timeOrigin + performance.now();
  flips.push((a + b) / 2);
}
await new Promise((r) => setTimeout(r, 500));
p.stdin.write('q'); await new Promise((r) => p.once('exit', r)); await d.stop();
const pts = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', out], { encoding: 'utf8' }).stdout.trim().split('\n').filter((l) => l.trim()).map((l) => Number(l.split(',')[0]));
const raw = spawnSync('ffmpeg', ['-v', 'error', '-i', out, '-fps_mode', 'passthrough', '-vf', 'crop=640:60:640:80', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 1 << 28 });
const fb = 640 * 60; const right: boolean[] = [];
for (let f = 0; f * fb < raw.stdout.length; f++) { let m = 0; for (let i = 0; i < fb; i++) m = Math.max(m, raw.stdout[f * fb + i]!); right.push(m > 60); }
const ch = right.flatMap((r, i) => (i > 0 && r !== right[i - 1] ? [i] : []));
const startAbs = pts[0]! * 1000; // with -copyts, pts are absolute wall seconds
console.log('frames', pts.length, raw.stdout.length, 'pts0', pts[0], 'origin', origin, 'gaps>40ms', pts.slice(1).filter((t, i) => (t - pts[i]!) * 1000 > 40).length);
console.log(process.env.VS ?? 'passthrough', 'errors by pts', ch.map((c, i) => Math.round(pts[c]! * 1000 - flips[i]!)).join(' '));
process.exit(0);
