/**
 * npm run bench: renders 300 frames of TikTokSplit at full size (1080x1920) from the bundled
 * sample, and runs the ffmpeg command that does the equivalent work (crop following the same
 * camera, scale, composite onto the background, encode with the same codec settings), side
 * by side in the same run. Prints a table and writes bench/results.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCaptureLogText } from '../src/capture-log';
import { tiktokSplitLayout } from '../src/frame/layout';
import { tiktokSplitDefaults, TIKTOK_SIZE } from '../src/compositions/tiktok-split/schema';
import { getBundle, PROJECT_ROOT, render } from '../src/render/render';
import { buildTimeline } from '../src/timeline/build-timeline';
import { motionBlurRanges, motionBlurSamples, motionBlurStyleSchema } from '../src/timeline/motion-blur';
import { retimeCaptureLog } from '../src/timeline/retime';
import { timeMapFromLog } from '../src/timeline/time-map';
import { viewRect } from '../src/timeline/view';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 300);
const SAMPLE = path.join(PROJECT_ROOT, 'public', 'samples', 'ink-deploy');
const CRF = 20;
const PRESET = 'veryfast';

/** Peak resident memory of this process and all its descendants (Chromium, ffmpeg). */
const memorySampler = () => {
  let peak = 0;
  const sample = () => {
    try {
      const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);
      const children = new Map<number, number[]>();
      const rss = new Map<number, number>();
      for (const [pid, ppid, kb] of rows) {
        rss.set(pid, kb);
        children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      }
      let total = 0;
      const stack = [process.pid];
      while (stack.length) {
        const pid = stack.pop() as number;
        total += rss.get(pid) ?? 0;
        stack.push(...(children.get(pid) ?? []));
      }
      peak = Math.max(peak, total * 1024);
    } catch {
      /* ps can race with exiting processes */
    }
  };
  const timer = setInterval(sample, 250);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
    reset: () => {
      peak = 0;
    },
  };
};

const timeRemotion = async (renderer: 'composite' | 'browser', motionBlur = false) => {
  const out = path.join(os.tmpdir(), `screenplay-bench-${renderer}${motionBlur ? '-motion-blur' : ''}.mp4`);
  await getBundle(); // bundling is a one-off (and cached): not part of the render time
  const mem = memorySampler();
  const t0 = performance.now();
  await render({
    composition: 'TikTokSplit',
    publicCapture: 'samples/ink-deploy',
    out,
    renderer,
    frameRange: [0, FRAMES - 1],
    crf: CRF,
    x264Preset: PRESET,
    ...(motionBlur ? { props: { style: { motionBlur: { enabled: true } } } } : {}),
    onProgress: (p) => {
      if (p.stage === 'rendering' && p.renderedFrames % 100 === 0) process.stderr.write(`${renderer}: ${p.renderedFrames}/${p.totalFrames}\n`);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  return { out, seconds, fps: FRAMES / seconds, peakBytes: mem.stop() };
};

/** Mean absolute difference (0–255, per channel) between a browser still and a video frame. */
const compareStills = async (video: string, frames: number[]) => {
  const dir = path.join(PROJECT_ROOT, 'out', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  const rgb = (args: string[]) => execFileSync('ffmpeg', ['-v', 'error', ...args, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 28 });
  const results: Array<{ frame: number; meanAbsDiff: number }> = [];
  for (const frame of frames) {
    const still = path.join(dir, `browser-${frame}.png`);
    await render({ composition: 'TikTokSplit', publicCapture: 'samples/ink-deploy', out: still, still: frame });
    const fromVideo = path.join(dir, `composite-${frame}.png`);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', video, '-vf', `select=eq(n\\,${frame})`, '-frames:v', '1', fromVideo]);
    const a = rgb(['-i', still]);
    const b = rgb(['-i', fromVideo]);
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
    results.push({ frame, meanAbsDiff: sum / a.length });
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      still,
      '-i',
      fromVideo,
      '-filter_complex',
      'hstack,scale=1080:-2',
      path.join(dir, `compare-${frame}.png`),
    ]);
  }
  return results;
};

/** The sample's capture log, with TikTokSplit's default props and layout. */
const readSample = () => {
  const read = readCaptureLogText(fs.readFileSync(path.join(SAMPLE, 'capture.json'), 'utf8'));
  if (!read.ok) throw new Error('sample capture invalid');
  const props = tiktokSplitDefaults;
  return { log: read.log, props, layout: tiktokSplitLayout(TIKTOK_SIZE, props.style) };
};

/** Which of the benchmark's frames motion blur draws, and how many moments it draws on them (as the composition computes them). */
const motionBlurFrames = () => {
  const { log: recorded, props, layout } = readSample();
  const log = retimeCaptureLog(recorded, timeMapFromLog(recorded, props.style.edit));
  const timeline = buildTimeline({ capture: log, fps: log.fps, viewAspect: layout.viewAspect, style: props.style.motion });
  const opts = { screen: log.screen, viewAspect: layout.viewAspect, stageWidth: layout.stage.width, style: motionBlurStyleSchema.parse({ enabled: true }) };
  let frames = 0;
  let moments = 0;
  for (const [a, b] of motionBlurRanges(timeline.camera, opts)) {
    for (let f = a; f <= Math.min(b, FRAMES - 1); f++) {
      frames++;
      moments += motionBlurSamples(timeline.camera, f, opts)?.length ?? 0;
    }
  }
  return { frames, moments };
};

const timeFfmpeg = async () => {
  const { log, props, layout } = readSample();
  const timeline = buildTimeline({ capture: log, fps: log.fps, viewAspect: layout.viewAspect, style: props.style.motion });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-bench-'));
  const sw = Math.round(layout.stage.width / 2) * 2;
  const sh = Math.round(layout.stage.height / 2) * 2;
  // Per frame: scale the recording by the camera's zoom, then crop the stage out of it.
  // (ffmpeg 5.1's crop hangs when its size changes twice, so the size changes in scale.)
  const cmds: string[] = [];
  for (let f = 0; f < FRAMES; f++) {
    const r = viewRect({ zoom: timeline.camera.zoom[f]!, x: timeline.camera.x[f]!, y: timeline.camera.y[f]! }, log.screen, layout.viewAspect);
    const k = sw / r.width;
    const even = (v: number) => Math.max(2, Math.round(v / 2) * 2);
    const w = Math.max(sw, even(log.screen.width * k));
    const h = Math.max(sh, even(log.screen.height * k));
    const x = Math.min(w - sw, Math.max(0, Math.round(r.x * k)));
    const y = Math.min(h - sh, Math.max(0, Math.round(r.y * k)));
    cmds.push(`${(f / log.fps).toFixed(4)} scale@s w ${w}, scale@s h ${h}, crop@c x ${x}, crop@c y ${y};`);
  }
  fs.writeFileSync(path.join(dir, 'cmds.txt'), cmds.join('\n'));
  const bg = props.style.background.type === 'gradient' ? props.style.background : { from: '#1e1b4b', to: '#0e7490' };
  const out = path.join(os.tmpdir(), 'screenplay-bench-ffmpeg.mp4');
  const filter =
    `[0:v]sendcmd=f=${path.join(dir, 'cmds.txt')},scale@s=w=${log.screen.width}:h=${log.screen.height}:flags=bicubic,crop@c=w=${sw}:h=${sh}:x=0:y=0,format=yuv420p[screen];` +
    // The background is decoded once and repeated (as the composite path does), on the video's time base.
    `[1:v]format=yuv420p,loop=loop=-1:size=1:start=0,settb=1/${log.fps},setpts=N[bg];` +
    `[bg][screen]overlay=x=${Math.round(layout.stage.x)}:y=${Math.round(layout.stage.y)}:shortest=1,format=yuv420p[v]`;
  // The background is drawn once (not timed), as the compositions' static layers should be.
  const bgPng = path.join(dir, 'bg.png');
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `gradients=s=${TIKTOK_SIZE.width}x${TIKTOK_SIZE.height}:c0=${bg.from.replace('#', '0x')}:c1=${bg.to.replace('#', '0x')}:x0=0:y0=0:x1=${TIKTOK_SIZE.width}:y1=${TIKTOK_SIZE.height}:n=2`,
    '-frames:v',
    '1',
    bgPng,
  ]);
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-y',
    '-filter_complex_threads',
    String(Math.max(1, Math.min(4, os.cpus().length))),
    '-i',
    path.join(SAMPLE, log.recording),
    '-framerate',
    String(log.fps),
    '-i',
    bgPng,
    '-filter_complex',
    filter,
    '-map',
    '[v]',
    '-frames:v',
    String(FRAMES),
    '-c:v',
    'libx264',
    '-preset',
    PRESET,
    '-crf',
    String(CRF),
    '-pix_fmt',
    'yuv420p',
    out,
  ];
  const mem = memorySampler();
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const p = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}`))));
  });
  const seconds = (performance.now() - t0) / 1000;
  fs.rmSync(dir, { recursive: true, force: true });
  return { out, seconds, fps: FRAMES / seconds, peakBytes: mem.stop() };
};

const main = async () => {
  process.stderr.write(`bench: ${FRAMES} frames of TikTokSplit at ${TIKTOK_SIZE.width}x${TIKTOK_SIZE.height}, ${os.cpus().length} cores\n`);
  const ffmpeg = await timeFfmpeg();
  const composite = await timeRemotion('composite');
  const browser = process.env.BENCH_BROWSER === '0' ? null : await timeRemotion('browser');
  // Motion blur: what it costs in each path, against the same render without it.
  const withBlur = process.env.BENCH_MOTION_BLUR !== '0';
  const blurFrames = motionBlurFrames();
  const blurred = withBlur ? await timeRemotion('composite', true) : null;
  const browserBlurred = withBlur && browser ? await timeRemotion('browser', true) : null;
  const stillFrames = [0, 1, 2, 3, 4].map((i) => Math.round(((i + 0.5) * FRAMES) / 5));
  const stills = await compareStills(composite.out, stillFrames);
  const ratio = composite.fps / ffmpeg.fps;
  const gb = (b: number) => `${(b / 2 ** 30).toFixed(2)} GB`;
  const rows = [
    ['pipeline', 'frames', 'seconds', 'fps', 'peak memory'],
    ['screenplay (composite)', String(FRAMES), composite.seconds.toFixed(1), composite.fps.toFixed(2), gb(composite.peakBytes)],
    ...(browser ? [['screenplay (browser)', String(FRAMES), browser.seconds.toFixed(1), browser.fps.toFixed(2), gb(browser.peakBytes)]] : []),
    ...(blurred ? [['screenplay (composite, motion blur)', String(FRAMES), blurred.seconds.toFixed(1), blurred.fps.toFixed(2), gb(blurred.peakBytes)]] : []),
    ...(browserBlurred
      ? [['screenplay (browser, motion blur)', String(FRAMES), browserBlurred.seconds.toFixed(1), browserBlurred.fps.toFixed(2), gb(browserBlurred.peakBytes)]]
      : []),
    ['ffmpeg equivalent', String(FRAMES), ffmpeg.seconds.toFixed(1), ffmpeg.fps.toFixed(2), gb(ffmpeg.peakBytes)],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(rows[0]!));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
  console.log(`\nratio composite/ffmpeg: ${ratio.toFixed(3)}${browser ? `   (browser/ffmpeg: ${(browser.fps / ffmpeg.fps).toFixed(3)})` : ''}`);
  const cost = (base: { seconds: number }, b: { seconds: number }) => {
    const extra = b.seconds - base.seconds;
    return `${extra >= 0 ? '+' : ''}${extra.toFixed(1)} s (${((100 * extra) / base.seconds).toFixed(0)} %, ${blurFrames.frames ? ((extra * 1000) / blurFrames.frames).toFixed(0) : '-'} ms per blurred frame)`;
  };
  if (blurred) {
    console.log(
      `motion blur: ${blurFrames.frames} of ${FRAMES} frames blurred (${blurFrames.moments} moments drawn in the browser path); composite ${cost(composite, blurred)}${browser && browserBlurred ? `, browser ${cost(browser, browserBlurred)}` : ''}`,
    );
  }
  console.log(`stills, browser vs composite, mean abs diff (0-255): ${stills.map((s) => `frame ${s.frame}: ${s.meanAbsDiff.toFixed(2)}`).join(', ')}`);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGB: Math.round(os.totalmem() / 2 ** 30) },
    frames: FRAMES,
    size: TIKTOK_SIZE,
    codec: { codec: 'h264', crf: CRF, preset: PRESET },
    composite: { seconds: composite.seconds, fps: composite.fps, peakBytes: composite.peakBytes },
    browser: browser && { seconds: browser.seconds, fps: browser.fps, peakBytes: browser.peakBytes },
    motionBlur: blurred && {
      framesBlurred: blurFrames.frames,
      composite: { seconds: blurred.seconds, fps: blurred.fps, peakBytes: blurred.peakBytes },
      browser: browserBlurred && { seconds: browserBlurred.seconds, fps: browserBlurred.fps, peakBytes: browserBlurred.peakBytes },
    },
    ffmpeg: { seconds: ffmpeg.seconds, fps: ffmpeg.fps, peakBytes: ffmpeg.peakBytes },
    ratio,
    stills,
  };
  fs.mkdirSync(path.join(PROJECT_ROOT, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(PROJECT_ROOT, 'bench', 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('wrote bench/results.json; side-by-side stills in out/bench/');
};

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
