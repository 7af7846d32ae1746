import { execFileSync } from 'node:child_process';
import { findTemplate, type Pixels } from '/work/wt/templates/src/capture/image-search/find-template';
import { loadOpenCv } from '/work/wt/templates/src/capture/image-search/opencv';
const R = '/work/wt/templates';
const B = `${R}/examples/assets/open-site-button.png`;
const rgba = (args: string[], width: number, height: number): Pixels => ({ width, height, channels: 4, data: execFileSync('ffmpeg', ['-v', 'error', ...args, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 1 << 26 }) });
const cv = await loadOpenCv();
const screen = rgba(['-ss', '20', '-i', `${R}/public/samples/ink-deploy/recording.mp4`], 1920, 1080);
const cases: Array<[string, Pixels]> = [
  ['plain', rgba(['-i', B], 116, 40)],
  ['rounded-margin', rgba(['-i', '/tmp/tpl/rounded-margin.png'], 140, 64)],
  ['tab (neg?)', rgba(['-i', `${R}/examples/assets/deployments-tab.png`], 180, 44)],
];
for (const s of [0.8, 1.25, 1.5, 1.75, 2, 0.5, 2.5]) {
  const w = Math.round(116 * s), h = Math.round(40 * s);
  cases.push([`x${s}`, rgba(['-i', B, '-vf', `scale=${w}:${h}:flags=lanczos`], w, h)]);
}
for (const [name, n] of cases) {
  const t: number[] = [];
  let r;
  for (let i = 0; i < 5; i++) { const t0 = performance.now(); r = findTemplate(cv, screen, n); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b);
  console.log(name.padEnd(16), JSON.stringify(r!.best), r!.match ? 'FOUND' : 'no', `${t[2]!.toFixed(1)} ms`);
}
process.exit(0);
