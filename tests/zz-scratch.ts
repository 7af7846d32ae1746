import fs from 'node:fs';
import path from 'node:path';
import { render } from '../src/render/render';
import { addSilentNarration, makeSyntheticCapture, extractFrame } from '../tests/helpers/synthetic';
const dir = makeSyntheticCapture(3);
const log = JSON.parse(fs.readFileSync(path.join(dir, 'capture.json'), 'utf8'));
log.events = log.events.filter((e: any) => e.type !== 'click');
log.events.push({ type: 'mark', kind: 'callout', tMs: 0, endMs: 3000, x: 120, y: 120, text: 'לחץ כאן 🚀' });
log.title = 'Ship 🚀 ✅ 东京 שלום';
fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
const he = 'שלום עולם, React 2.5 היא ספרייה.'.split(' ');
const zh = '我们今天在东京发布新版本欢迎大家来试用这是一个很长的句子用来测试字幕的分页和换行功能是否正常工作我们希望它不会超出画面的边界谢谢大家的支持再见朋友们明天见';
addSilentNarration(dir, [
  { id: 'he', tMs: 0, words: he.map((t, i) => ({ text: t, startMs: i * 150, endMs: i * 150 + 140 })) },
  { id: 'zh', tMs: 1500, words: [{ text: zh, startMs: 0, endMs: 1400 }] },
]);
(async () => {
for (const renderer of ['composite', 'browser'] as const) {
  const out = path.join('/tmp/rtl', `${renderer}.mp4`);
  await render({ composition: 'Landscape', captureDir: dir, out, scale: 0.25, renderer, frameRange: [0, 60], props: { style: { edit: { idle: { enabled: false }, typing: { enabled: false } } } }, onProgress: (p) => { if (/warn/.test(p.stage)) console.log(p.stage); } });
  for (const f of [1, 6, 46]) extractFrame(out, f, `/tmp/rtl/${renderer}-${f}.png`);
}
console.log(dir);
})();
