import { render } from './src/render/render';
const [comp, f0, f1, out] = process.argv.slice(2);
const range: [number, number] = [Number(f0), Number(f1)];
for (const renderer of ['browser', 'composite'] as const) {
  const t = Date.now();
  await render({ composition: comp as 'TikTokSplit', publicCapture: 'samples/ink-deploy', out: `${out}-${renderer}.mp4`, frameRange: range, scale: 0.5, renderer } as never);
  console.log(renderer, Date.now() - t, 'ms');
}
