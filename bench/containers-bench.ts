/**
 * GIF and WebM settings measured on a real render (issue 22): for each candidate, the file's size,
 * its SSIM against the source at the same size and frame rate (ffmpeg's ssim filter, all planes,
 * 1 = identical), the wall time and the CPU time of the encode (ffmpeg's, read from
 * /proc/self/stat: the cost without the other load on the machine). The defaults in
 * src/render/containers.ts (GIF_SETTINGS, WEBM_SETTINGS) are chosen from this table
 * (docs/containers.md). Prints the tables and writes bench/results-containers.json.
 *
 * Run alone: `tsx bench/containers-bench.ts [VIDEO.mp4]`. Without VIDEO it renders the bundled
 * sample (public/samples/ink-deploy) at --scale 0.5 (960x540) into out/bench/ first.
 * `--only gif|webm|mp4` measures one container's candidates.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeContainer, GIF_SETTINGS, WEBM_SETTINGS, type ContainerOptions, type GifSettings, type WebmSettings } from '../src/render/containers';
import { markdownTable } from './timeline-bench';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'out', 'bench');

/** One candidate: a name and the options it passes to encodeContainer. */
type Candidate = { name: string; opts: ContainerOptions };

/** One measured candidate. */
export type ContainerBenchRow = {
  name: string;
  container: ContainerOptions['container'];
  width: number;
  height: number;
  fps: number;
  durationMs: number;
  bytes: number;
  ssim: number;
  psnr: number;
  wallS: number;
  cpuS: number;
};

/** This process's reaped children's CPU time (s), Linux only (0 elsewhere). */
const childCpuS = (): number => {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // After "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
};

/**
 * The SSIM (all planes; 1 = identical) and PSNR (dB, all planes; banding and dithering noise lower
 * it more than they lower SSIM) of `encoded` against `source` brought to the same size, frame
 * rate and length (lanczos scale, fps filter), both compared in yuv444p.
 */
export const qualityAgainst = (
  encoded: string,
  source: string,
  r: { width: number; height: number; fps: number; durationMs: number },
): { ssim: number; psnr: number } => {
  const t = (r.durationMs / 1000).toFixed(3);
  const ref = `fps=${r.fps},scale=${r.width}:${r.height}:flags=lanczos,format=yuv444p,setpts=PTS-STARTPTS,split[b1][b2]`;
  const enc = `fps=${r.fps},format=yuv444p,setpts=PTS-STARTPTS,split[a1][a2]`;
  const p = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-t',
      t,
      '-i',
      encoded,
      '-t',
      t,
      '-i',
      source,
      '-lavfi',
      `[0:v]${enc};[1:v]${ref};[a1][b1]ssim;[a2][b2]psnr`,
      '-f',
      'null',
      '-',
    ],
    { encoding: 'utf8', maxBuffer: 16 << 20 },
  );
  const ssim = /SSIM .*All:([\d.]+)/.exec(p.stderr);
  const psnr = /PSNR .*average:([\d.]+|inf)/.exec(p.stderr);
  if (!ssim || !psnr) throw new Error(`quality of ${encoded}: ${p.stderr.trim().split('\n').pop()}`);
  return { ssim: Number(ssim[1]), psnr: psnr[1] === 'inf' ? Infinity : Number(psnr[1]) };
};

/** A GIF's settings in a few words ("full + bayer:5 + rectangle"). */
const gifWords = (g: GifSettings): string => `${g.statsMode} + ${g.dither === 'bayer' ? `bayer:${g.bayerScale}` : g.dither} + ${g.diffMode}`;
const webmWords = (w: WebmSettings): string => `crf ${w.crf}, ${w.deadline}, cpu-used ${w.cpuUsed}`;
const same = (a: object, b: object): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A GIF candidate: 640 px wide, 15 fps (GIF_SETTINGS.fps), the first 15 s (github-gif's length) unless `more` says otherwise. */
const gif = (s: Partial<GifSettings>, more: Partial<ContainerOptions> = {}): Candidate => {
  const g = { ...GIF_SETTINGS, ...s };
  const extra = [more.fps ? `${more.fps} fps` : '', more.width ? `${more.width} px` : ''].filter(Boolean).join(', ');
  return {
    name: `gif ${gifWords(g)}${extra ? `, ${extra}` : ''}${same(g, GIF_SETTINGS) && !extra ? ' (default)' : ''}`,
    opts: { container: 'gif', width: 640, maxDurationMs: 15_000, ...more, gif: s },
  };
};
/** A WebM candidate: full size, the first 15 s. */
const webm = (s: Partial<WebmSettings>): Candidate => {
  const w = { ...WEBM_SETTINGS, ...s };
  return { name: `webm ${webmWords(w)}${same(w, WEBM_SETTINGS) ? ' (default)' : ''}`, opts: { container: 'webm', maxDurationMs: 15_000, webm: s } };
};

/** The candidates, each container's default first. */
export const candidates = (): Candidate[] =>
  [
    gif({}),
    ...(['full', 'diff'] as const).flatMap((statsMode) =>
      [
        { dither: 'bayer' as const, bayerScale: 5 },
        { dither: 'bayer' as const, bayerScale: 3 },
        { dither: 'bayer' as const, bayerScale: 2 },
        { dither: 'sierra2_4a' as const },
        { dither: 'none' as const },
      ].map((d) => gif({ statsMode, bayerScale: 5, ...d })),
    ),
    gif({ dither: 'sierra2_4a', diffMode: 'none' }),
    gif({}, { fps: 10 }),
    gif({}, { fps: 30 }),
    gif({}, { width: 480 }),
    gif({}, { width: 960 }),
    webm({}),
    ...[
      { deadline: 'good' as const, cpuUsed: 4, crf: 36 },
      { deadline: 'good' as const, cpuUsed: 5, crf: 36 },
      { deadline: 'realtime' as const, cpuUsed: 5, crf: 36 },
      { deadline: 'realtime' as const, cpuUsed: 6, crf: 36 },
      { deadline: 'realtime' as const, cpuUsed: 7, crf: 36 },
      { deadline: 'realtime' as const, cpuUsed: 8, crf: 36 },
      { deadline: 'good' as const, cpuUsed: 5, crf: 32 },
      { deadline: 'good' as const, cpuUsed: 5, crf: 40 },
      { deadline: 'realtime' as const, cpuUsed: 6, crf: 32 },
      { deadline: 'realtime' as const, cpuUsed: 6, crf: 40 },
    ].map(webm),
    { name: 'mp4 (H.264 again: cut at 15 s)', opts: { container: 'mp4', maxDurationMs: 15_000 } } satisfies Candidate,
  ]
    // The default is listed first, so its twin in the grid is dropped (same settings, same name without "(default)").
    .filter((c, i, all) => all.findIndex((d) => d.name.replace(' (default)', '') === c.name.replace(' (default)', '')) === i);

/** Encodes `source` with each candidate into OUT and measures it. */
export const containersBench = async (source: string, list: Candidate[]): Promise<ContainerBenchRow[]> => {
  fs.mkdirSync(OUT, { recursive: true });
  const rows: ContainerBenchRow[] = [];
  for (const [i, c] of list.entries()) {
    const out = path.join(OUT, `candidate-${i}.${c.opts.container}`);
    const cpu0 = childCpuS();
    const t0 = performance.now();
    const r = await encodeContainer(source, out, c.opts);
    const wallS = (performance.now() - t0) / 1000;
    const cpuS = childCpuS() - cpu0;
    const { ssim, psnr } = qualityAgainst(out, source, r);
    rows.push({
      name: c.name,
      container: c.opts.container,
      width: r.width,
      height: r.height,
      fps: r.fps,
      durationMs: r.durationMs,
      bytes: r.bytes,
      ssim,
      psnr,
      wallS,
      cpuS,
    });
    process.stderr.write(
      `${c.name}: ${(r.bytes / 1e6).toFixed(2)} MB, SSIM ${ssim.toFixed(4)}, PSNR ${psnr.toFixed(2)} dB, ${wallS.toFixed(1)} s (CPU ${cpuS.toFixed(1)} s)\n`,
    );
  }
  return rows;
};

/** The rows as a Markdown table. */
export const containersTable = (rows: ContainerBenchRow[]): string =>
  markdownTable([
    ['candidate', 'size', 'fps', 'length', 'bytes', 'MB per min', 'SSIM', 'PSNR', 'encode (wall)', 'encode (CPU)'],
    ...rows.map((r) => [
      r.name,
      `${r.width}x${r.height}`,
      String(r.fps),
      `${(r.durationMs / 1000).toFixed(1)} s`,
      r.bytes.toLocaleString('en-US'),
      ((r.bytes / 1e6) * (60_000 / r.durationMs)).toFixed(1),
      r.ssim.toFixed(4),
      `${r.psnr.toFixed(2)} dB`,
      `${r.wallS.toFixed(1)} s`,
      `${r.cpuS.toFixed(1)} s`,
    ]),
  ]);

/** The bundled sample rendered at half size (960x540) with the CLI, once. */
const renderSample = (): string => {
  const out = path.join(OUT, 'sample-landscape-960.mp4');
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(OUT, { recursive: true });
  const r = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'bin', 'screenplay.mjs'),
      'render',
      path.join(ROOT, 'public', 'samples', 'ink-deploy'),
      '--composition',
      'Landscape',
      '--scale',
      '0.5',
      '--out',
      out,
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`rendering the sample failed (exit ${r.status})`);
  return out;
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const source = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--only') ?? renderSample();
  const load0 = os.loadavg();
  process.stderr.write(`bench (containers): ${source}, ${os.cpus().length} cores, load ${load0.map((l) => l.toFixed(2)).join(' ')}\n`);
  const rows = await containersBench(
    source,
    candidates().filter((c) => !only || c.opts.container === only),
  );
  const load1 = os.loadavg();
  console.log(containersTable(rows));
  console.log(`\nload average (1 min) ${load0[0]!.toFixed(2)} before, ${load1[0]!.toFixed(2)} after, on ${os.cpus().length} cores`);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadBefore: load0, loadAfter: load1 },
    ffmpeg: spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' }).stdout.split('\n')[0],
    source,
    defaults: { gif: GIF_SETTINGS, webm: WEBM_SETTINGS },
    rows,
  };
  fs.writeFileSync(path.join(ROOT, 'bench', 'results-containers.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('wrote bench/results-containers.json');
}
