/**
 * The composite path's ffmpeg command line (pure): inputs, the filtergraph that scales and crops
 * the recording by the plan's sendcmd scripts, lays the sprites, the held frames of dissolves
 * and the privacy blurs, rounds the stage with the mask and burns captions in.
 */
import { blurRadius } from '../../timeline/blur';
import type { BlurRegion } from '../../timeline/build-timeline';
import { blendAt, blendLayers, isIdentity, type CutBlend, type Segment, type TimeMap } from '../../timeline/time-map';
import type { CompositePlan } from './plan';
import { msAt } from '../../base/time';

/** Where an overlay goes when it shows nothing. */
const OFF = -100_000;

export type CompositeInputs = {
  recording: string;
  under: string;
  mask: string;
  cursorSheet: string;
  rippleSheet: string;
  avatarSheet?: string;
  /** The held frames of the dissolves (see planHeldFrames), as images, in the same order. */
  held?: string[];
};
export type CompositeScripts = { main: string; cursor: string; ripples: string[]; avatarEyes?: string; avatarMouth?: string; held?: string[] };

/**
 * One side of a dissolve across a cut (see CutBlend): the recording's frame at `recMs`, laid
 * over the re-timed recording on frames [first, end) of the render (counted from its first
 * frame), with an opacity per frame (`opacity`, a sendcmd script for colorchannelmixer@held<i>).
 */
export type HeldFrame = { recMs: number; first: number; end: number; opacity: string };

export const planHeldFrames = (blends: readonly CutBlend[], fps: number, frameRange: [number, number]): HeldFrame[] => {
  const [from, to] = frameRange;
  const held: HeldFrame[] = [];
  blends.forEach((b, i) => {
    for (const { side, start, end, recMs } of blendLayers(b, fps)) {
      const s = Math.max(start, from);
      const e = Math.min(end, to + 1);
      if (e <= s) continue;
      const name = `colorchannelmixer@held${held.length}`;
      const cmds: string[] = [];
      for (let f = s; f < e; f++) {
        const at = blendAt(blends, msAt(f, fps));
        const opacity = at && at.blend === i && at.side === side ? at.opacity : 0;
        cmds.push(`${Math.max(0, (f - from) / fps - 0.0005).toFixed(4)} ${name} aa ${opacity.toFixed(4)};`);
      }
      held.push({ recMs, first: s - from, end: e - from, opacity: cmds.join('\n') });
    }
  });
  return held;
};

/**
 * The recording put on the video's clock: frames of cut ranges dropped, each kept piece's
 * timestamps mapped through the time map (sped-up pieces run faster), then a constant frame
 * rate taking the nearest frame, and the frames before `startFrame` trimmed.
 */
export const retimeFilter = (map: TimeMap, fps: number, startFrame: number): string => {
  const s = (ms: number) => (ms / 1000).toFixed(4);
  const inside = (g: Segment) => `gte(T\\,${s(g.recFromMs)})*lt(T\\,${s(g.recToMs)})`;
  const keep = map.segments.map((g) => inside(g).replace(/T/g, 't')).join('+') || '0';
  let pts = '0';
  for (const g of [...map.segments].reverse()) pts = `if(${inside(g)}\\,${s(g.outFromMs)}+(T-${s(g.recFromMs)})/${g.factor}\\,${pts})`;
  const trim = startFrame > 0 ? `,trim=start_frame=${startFrame},setpts=PTS-STARTPTS` : '';
  // The last frame is held a moment, so the video's last frame exists even where the recording's
  // last kept piece ends between two frames.
  return `select='${keep}',setpts='(${pts})/TB',fps=${fps}:round=near,tpad=stop_mode=clone:stop_duration=0.2${trim}`;
};

/** ffmpeg's filtergraph syntax: quote a path for use as an option value. */
const quotePath = (p: string): string => `'${p.replace(/\\/g, '/').replace(/'/g, "'\\\\''").replace(/:/g, '\\:')}'`;

/** The ffmpeg command line for a plan (the scripts are files holding the plan's commands). */
export const compositeArgs = (opts: {
  plan: CompositePlan;
  inputs: CompositeInputs;
  scripts: CompositeScripts;
  startSeconds: number;
  out: string;
  crf: number;
  preset: string;
  frameSize: { width: number; height: number };
  /** The output's size; the frame is scaled to it at the end when it differs. */
  outputSize: { width: number; height: number };
  filterThreads?: number;
  /** Captions to burn in (an ASS file made for the frame size). */
  subtitles?: string;
  /** Speed-ups and cuts: the recording is re-timed onto the video's clock first (absent: as recorded). */
  timeMap?: TimeMap;
  /** With a time map: the first frame to render, on the video's clock. */
  startFrame?: number;
  /** Privacy: regions of the recording to blur, with their times on the video's clock. */
  blurs?: readonly BlurRegion[];
  /** Dissolves across cuts: held frames laid over the re-timed recording (inputs.held, scripts.held). */
  held?: readonly HeldFrame[];
  /**
   * The screen's size when the recording's frames are larger (an odd-sized screen recorded
   * padded to even sides, at the right and bottom): the recording is cropped to it first, so
   * every later stage sees exactly the screen.
   */
  screen?: { width: number; height: number };
}): string[] => {
  const { plan, inputs, scripts } = opts;
  const { stage, sprites } = plan;
  // Stills are decoded once and repeated by the loop filter, on the video's own time base so
  // their frames pair exactly with the recording's.
  const still = (i: number, fmt: string) => `[${i}:v]format=${fmt},loop=loop=-1:size=1:start=0,settb=1/${plan.fps},setpts=N`;
  const slots = scripts.ripples.length;
  const cc = sprites.cursor.cell;
  const rc = sprites.ripple.cell;
  const retime = opts.timeMap && !isIdentity(opts.timeMap) ? `${retimeFilter(opts.timeMap, plan.fps, opts.startFrame ?? 0)},` : '';
  const avatar = plan.avatar && inputs.avatarSheet && scripts.avatarEyes && scripts.avatarMouth ? plan.avatar : null;
  const held = opts.held && inputs.held && scripts.held ? opts.held : [];
  const heldInput = 4 + (slots > 0 ? 1 : 0) + (avatar ? 1 : 0);
  const pre: string[] = [];
  // After an input seek the first frame's time is a hair past 0 (6.5e-5 s measured), which would
  // leave the video's first frame without the screen: the seeked recording starts at 0.
  const seeked = opts.startSeconds > 0 && !retime ? 'setpts=PTS-STARTPTS,' : '';
  const unpad = opts.screen ? `crop=${opts.screen.width}:${opts.screen.height}:0:0,` : '';
  let rec = `[0:v]${unpad}${retime}${seeked}`;
  const blurs = opts.blurs ?? [];
  if (blurs.length || held.length) {
    pre.push(`${rec}null[rec]`);
    rec = '[rec]';
  }
  // Dissolves across cuts: each side's held frame over the other side, fading.
  const frameTime = (n: number) => ((n - 0.5) / plan.fps).toFixed(4);
  held.forEach((h, i) => {
    pre.push(
      `${still(heldInput + i, 'rgba')},sendcmd=f=${quotePath(scripts.held![i]!)},colorchannelmixer@held${i}=aa=0[held${i}]`,
      `${rec}[held${i}]overlay=x=0:y=0:shortest=1:enable='between(t,${frameTime(h.first)},${frameTime(h.end)})'[recheld${i}]`,
    );
    rec = `[recheld${i}]`;
  });
  // Privacy blurs, on the recording before the camera: what is blurred stays blurred at any zoom.
  if (blurs.length) {
    const start = (opts.startFrame ?? 0) / plan.fps;
    blurs.forEach((b, i) => {
      const ev = (v: number) => 2 * Math.floor(v / 2);
      const [x, y, w, h] = [ev(b.x), ev(b.y), Math.max(4, ev(b.width)), Math.max(4, ev(b.height))];
      const r = Math.min(blurRadius(b), Math.floor(Math.min(w, h) / 2) - 1);
      const cr = Math.max(1, Math.min(Math.floor(r / 2), Math.floor(Math.min(w, h) / 4) - 1));
      pre.push(
        `${rec}split[rba${i}][rbb${i}]`,
        `[rbb${i}]crop=${w}:${h}:${x}:${y},boxblur=luma_radius=${r}:luma_power=2:chroma_radius=${cr}:chroma_power=2[rbc${i}]`,
        `[rba${i}][rbc${i}]overlay=x=${x}:y=${y}:enable='between(t,${(b.startMs / 1000 - start).toFixed(3)},${(b.endMs / 1000 - start).toFixed(3)})'[recblur${i}]`,
      );
      rec = `[recblur${i}]`;
    });
  }
  const mb = plan.motionBlur;
  const camera = `sendcmd=f=${quotePath(scripts.main)},scale@screen=w=${plan.firstScale.width}:h=${plan.firstScale.height}:flags=bicubic`;
  const parts: string[] = [
    ...pre,
    ...(mb
      ? [
          `${rec}pad=w=iw+${2 * mb.pad}:h=ih+${2 * mb.pad}:x=${mb.pad}:y=${mb.pad}:color=black,${camera},crop@mbsrc=w=${stage.width + 2 * mb.margin}:h=${stage.height + 2 * mb.margin}:x=0:y=0,split[zstage][zmargin]`,
          `[zstage]crop@screen=w=${stage.width}:h=${stage.height}:x=${mb.margin}:y=${mb.margin}[s0]`,
        ]
      : [`${rec}${camera},crop@screen=w=${stage.width}:h=${stage.height}:x=0:y=0[s0]`]),
    `${still(1, 'yuv420p')}[under]`,
    `${still(2, 'gray')},crop=${stage.width}:${stage.height}:${stage.x}:${stage.y}[mask]`,
    `${still(3, 'rgba')},sendcmd=f=${quotePath(scripts.cursor)},crop@cursorcell=w=${cc.width}:h=${cc.height}:x=0:y=0,colorchannelmixer@cursorfade=aa=1[pointer]`,
  ];
  let cur = 's0';
  if (mb) {
    // Motion blur (see CompositePlan.motionBlur): each moment re-projected from the stage and its
    // margin, over the stage; mix averages the layers. Both only on blurred frames.
    const n = mb.moments;
    const [ew, eh] = [stage.width + 2 * mb.margin, stage.height + 2 * mb.margin];
    const enable = mb.ranges.map(([a, b]) => `between(t,${((a - 0.5) / plan.fps).toFixed(4)},${((b + 0.5) / plan.fps).toFixed(4)})`).join('+');
    parts.push(
      `[zmargin]split=${n - 1}${Array.from({ length: n - 1 }, (_, i) => `[mbb${i + 1}]`).join('')}`,
      `[s0]split=${n}[mbbase]${Array.from({ length: n - 1 }, (_, i) => `[mba${i + 1}]`).join('')}`,
    );
    for (let i = 1; i < n; i++) {
      parts.push(
        `[mbb${i}]scale@mb${i}=w=${ew}:h=${eh}:flags=bilinear[mbs${i}]`,
        `[mba${i}][mbs${i}]overlay@mb${i}=x=0:y=0:eval=frame:enable='${enable}'[mbm${i}]`,
      );
    }
    parts.push(`[mbbase]${Array.from({ length: n - 1 }, (_, i) => `[mbm${i + 1}]`).join('')}mix=inputs=${n}:enable='${enable}'[mbout]`);
    cur = 'mbout';
  }
  if (slots > 0) {
    parts.push(`${still(4, 'rgba')},split=${slots}${scripts.ripples.map((_, i) => `[sheet${i}]`).join('')}`);
    for (let i = 0; i < slots; i++) {
      parts.push(
        `[sheet${i}]sendcmd=f=${quotePath(scripts.ripples[i]!)},crop@ripplecell${i}=w=${rc.width}:h=${rc.height}:x=0:y=0[rs${i}]`,
        `[${cur}][rs${i}]overlay@ripple${i}=x=${OFF}:y=${OFF}:eval=frame[r${i}]`,
      );
      cur = `r${i}`;
    }
  }
  const resize =
    opts.outputSize.width !== opts.frameSize.width || opts.outputSize.height !== opts.frameSize.height
      ? `,scale=${opts.outputSize.width}:${opts.outputSize.height}:flags=bicubic`
      : '';
  const finish = `${opts.subtitles ? `,ass=filename=${quotePath(opts.subtitles)}` : ''}${resize},format=yuv420p[v]`;
  parts.push(
    `[${cur}][pointer]overlay@pointer=x=${OFF}:y=${OFF}:eval=frame,format=yuva420p[withcursor]`,
    `[withcursor][mask]alphamerge[stage]`,
    `[under][stage]overlay=x=${stage.x}:y=${stage.y}:shortest=1:format=yuv420${avatar ? '[framed]' : finish}`,
  );
  if (avatar) {
    // The avatar on top of the frame (captions above it): its layers cut from the sheet, the
    // eyes and mouth cells chosen per frame, every layer placed per frame.
    const { frame, head, eyes, mouths } = avatar.sheet;
    const e = eyes[0]!;
    const m = mouths[0]!;
    parts.push(
      `${still(slots > 0 ? 5 : 4, 'rgba')},split=4[avs0][avs1][avs2][avs3]`,
      `[avs0]crop=${frame.width}:${frame.height}:${frame.x}:${frame.y}[avframe]`,
      `[avs1]crop=${head.width}:${head.height}:${head.x}:${head.y}[avhead]`,
      `[avs2]sendcmd=f=${quotePath(scripts.avatarEyes!)},crop@aveyescell=w=${e.width}:h=${e.height}:x=${e.x}:y=${e.y}[aveyes]`,
      `[avs3]sendcmd=f=${quotePath(scripts.avatarMouth!)},crop@avmouthcell=w=${m.width}:h=${m.height}:x=${m.x}:y=${m.y}[avmouth]`,
      `[framed][avframe]overlay@avframe=x=${OFF}:y=${OFF}:eval=frame[av1]`,
      `[av1][avhead]overlay@avhead=x=${OFF}:y=${OFF}:eval=frame[av2]`,
      `[av2][aveyes]overlay@aveyes=x=${OFF}:y=${OFF}:eval=frame[av3]`,
      `[av3][avmouth]overlay@avmouth=x=${OFF}:y=${OFF}:eval=frame${finish}`,
    );
  }
  const still_ = (file: string) => ['-framerate', String(plan.fps), '-i', file];
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
    // Filter chains run in parallel (the screen chain and the sprite chains are independent).
    '-filter_complex_threads', String(opts.filterThreads ?? 2),
    ...(opts.startSeconds > 0 && !retime ? ['-ss', opts.startSeconds.toFixed(4)] : []),
    '-i', inputs.recording,
    ...still_(inputs.under),
    ...still_(inputs.mask),
    ...still_(inputs.cursorSheet),
    ...(slots > 0 ? still_(inputs.rippleSheet) : []),
    ...(avatar ? still_(inputs.avatarSheet!) : []),
    ...held.flatMap((_, i) => still_(inputs.held![i]!)),
    '-filter_complex', parts.join(';'),
    '-map', '[v]',
    '-frames:v', String(plan.frames),
    '-c:v', 'libx264', '-preset', opts.preset, '-crf', String(opts.crf), '-pix_fmt', 'yuv420p',
    '-movflags', '+faststart',
    '-progress', 'pipe:1', '-nostats',
    opts.out,
  ];
};
