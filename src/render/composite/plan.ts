/**
 * The fast render path's plan (pure): the screen's pixels never enter the browser. Remotion
 * draws the static layers once (under, stage mask, cursor and ripple sheets); ffmpeg scales
 * and crops the recording by the timeline's camera, draws the ripples and the cursor from the
 * sheets, rounds the corners with the mask and lays the result into the frame. Every value
 * comes from the same timeline and layout the compositions draw from, per frame, as sendcmd
 * scripts.
 */
import type { Screen } from '../../capture-log/schema';
import {
  CURSOR_HEIGHT,
  RIPPLE_RADIUS,
  RIPPLE_STEPS,
  SPRITE_PAD,
  cursorCellSize,
  makeSheet,
  rippleCellSize,
  sheetCell,
  sheetFits,
  type SpriteSheets,
} from '../../compositions/shared/layers';
import type { ScreenLayout } from '../../frame/layout';
import { avatarSheet, type AvatarSheet } from '../../compositions/shared/layers';
import { EYES_RECT, HEAD_RECT, MOUTH_RECT } from '../../frame/avatar-geometry';
import type { AvatarPlacement } from '../../frame/avatar-placement';
import { avatarAt, EYE_VARIANTS, MOUTH_VARIANTS, type AvatarTrack } from '../../timeline/avatar-track';
import { timelineAt, type Timeline } from '../../timeline/build-timeline';
import { blendAt, blendLayers, isIdentity, type CutBlend, type Segment, type TimeMap } from '../../timeline/time-map';
import { blurRadius } from '../../timeline/blur';
import type { BlurRegion } from '../../timeline/build-timeline';
import { baseViewSize, viewRect, type Rect } from '../../timeline/view';
import { motionBlurSamples, type MotionBlurStyle, type SampleTransform } from '../../timeline/motion-blur';

export type CompositePlanOptions = {
  timeline: Timeline;
  layout: ScreenLayout;
  screen: Screen;
  frameSize: { width: number; height: number };
  cursorSize: number;
  clickRipple: boolean;
  /** Inclusive frame range. */
  frameRange: [number, number];
  /** The built-in avatar, placed per frame (absent: none). */
  avatar?: { track: AvatarTrack; placement: AvatarPlacement };
  /** Motion blur on fast camera moves (absent or off: none). */
  motionBlur?: MotionBlurStyle;
};

export type CompositePlan = {
  stage: { x: number; y: number; width: number; height: number };
  frames: number;
  fps: number;
  sprites: SpriteSheets;
  /** The recording's scaled size at the first frame (the filters start configured for it). */
  firstScale: { width: number; height: number };
  /** sendcmd scripts: the screen chain (scale, crop, overlay positions) and the sprite chains. */
  main: string;
  cursor: string;
  ripples: string[];
  /** The avatar's sheet and its eye and mouth cell scripts (absent: no avatar). */
  avatar?: { sheet: AvatarSheet; eyes: string; mouth: string };
  /**
   * Motion blur: how many moments each blurred frame averages (the frame and `moments - 1`
   * re-projections of the stage with a `margin` around it, layers crop@mbsrc, scale@mb<i> and
   * overlay@mb<i> in the main script), which frames (counted from the render's first) are
   * blurred, and how much the recording is padded (screen px) so the margin always exists.
   * Absent: no frame is blurred.
   */
  motionBlur?: { moments: number; ranges: Array<[number, number]>; margin: number; pad: number };
};

/** Where an overlay goes when it shows nothing. */
const OFF = -100_000;
const RIPPLE_SLOTS = 2;
const even = (v: number): number => Math.max(2, 2 * Math.round(v / 2));
const px = (v: number): number => Math.round(v);

type FrameSprites = {
  cursor: { height: number; x: number; y: number; opacity: number } | null;
  ripples: Array<{ slot: number; radius: number; step: number; cx: number; cy: number }>;
};

type Quantise = { size: (v: number) => number; step: (s: number) => number };

/**
 * Quantises sizes (and, for very large ripples, animation steps) until every distinct sprite
 * fits in a sheet the size of the frame. Normal videos fit at full precision (q = 1 px).
 */
const fitSheets = (frames: FrameSprites[], frameSize: { width: number; height: number }): { sheets: SpriteSheets; quantise: Quantise } => {
  for (const stepEvery of [1, 2, 3, 5]) {
    for (let q = 1; q <= 64; q *= 2) {
      const quantise: Quantise = {
        size: (v) => Math.max(1, q * Math.round(v / q)),
        step: (s) => Math.min(RIPPLE_STEPS - 1, stepEvery * Math.round(s / stepEvery)),
      };
      const heights = [...new Set(frames.flatMap((f) => (f.cursor ? [quantise.size(f.cursor.height)] : [])))].sort((a, b) => a - b);
      const ripples = new Map<string, [number, number]>();
      for (const f of frames) {
        for (const r of f.ripples) {
          const item: [number, number] = [quantise.size(r.radius), quantise.step(r.step)];
          ripples.set(item.join(':'), item);
        }
      }
      const rippleItems = [...ripples.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const cursor = makeSheet(heights, cursorCellSize(Math.max(2, ...heights)), frameSize.width);
      const ripple = makeSheet(rippleItems, rippleCellSize(Math.max(2, ...rippleItems.map((r) => r[0]))), frameSize.width);
      if (sheetFits(cursor, frameSize) && sheetFits(ripple, frameSize)) return { sheets: { cursor, ripple }, quantise };
    }
  }
  throw new Error('sprite sheets do not fit in the frame even at the coarsest sizes');
};

export const planComposite = (opts: CompositePlanOptions): CompositePlan => {
  const { timeline, layout, screen, frameRange } = opts;
  const fps = timeline.fps;
  const sw = even(layout.stage.width);
  const sh = even(layout.stage.height);
  const [from, to] = frameRange;

  // 1. Per frame: the camera's view, and where each sprite goes (stage px).
  const frames: FrameSprites[] = [];
  const views: Array<{ view: Rect; k: number }> = [];
  for (let f = from; f <= to; f++) {
    const at = timelineAt(timeline, f);
    const view = viewRect(at.camera, screen, layout.viewAspect);
    const k = sw / view.width;
    views.push({ view, k });
    const c = at.cursor;
    frames.push({
      cursor:
        c.opacity > 0.001
          ? { height: CURSOR_HEIGHT * opts.cursorSize * k * c.scale, x: (c.x - view.x) * k, y: (c.y - view.y) * k, opacity: c.opacity }
          : null,
      ripples: opts.clickRipple
        ? at.ripples.map((r) => ({
            slot: r.index % RIPPLE_SLOTS,
            radius: RIPPLE_RADIUS * k,
            step: Math.round(r.progress * (RIPPLE_STEPS - 1)),
            cx: (r.x - view.x) * k,
            cy: (r.y - view.y) * k,
          }))
        : [],
    });
  }

  // Motion blur: which frames, with how many moments (a fixed number of layers: the most any
  // frame needs), and the margin around the stage those moments reach into (stage px).
  const blurGeometry = opts.motionBlur?.enabled ? { screen, viewAspect: layout.viewAspect, stageWidth: layout.stage.width, style: opts.motionBlur } : null;
  const blurCounts = blurGeometry ? views.map((_, j) => motionBlurSamples(timeline.camera, from + j, blurGeometry)?.length ?? 0) : [];
  const moments = Math.max(0, ...blurCounts);
  const blurSamples = blurGeometry && moments >= 2 ? views.map((_, j) => (blurCounts[j] ? motionBlurSamples(timeline.camera, from + j, blurGeometry, moments) : null)) : [];
  const toStage = (m: SampleTransform, { view, k }: { view: Rect; k: number }) => ({ r: m.scale, ox: k * ((m.scale - 1) * view.x + m.dx), oy: k * ((m.scale - 1) * view.y + m.dy) });
  let reach = 0;
  blurSamples.forEach((samples, j) => {
    for (const m of samples ?? []) {
      // A moment draws stage point u at r·u + o: what it shows at the stage's corners q comes
      // from (q - o) / r, that far outside the stage at most.
      const { r, ox, oy } = toStage(m, views[j]!);
      for (const [qx, qy] of [[0, 0], [sw, 0], [0, sh], [sw, sh]] as const) reach = Math.max(reach, Math.abs((qx - ox) / r - qx), Math.abs((qy - oy) / r - qy));
    }
  });
  const margin = blurSamples.length ? even(Math.min(Math.ceil(reach) + 4, sw / 4)) : 0;
  // The recording is padded so the margin always exists in the scaled picture (every moment's
  // view lies inside the recording, so the padding itself is never averaged in).
  const kMin = sw / baseViewSize(screen, layout.viewAspect).width;
  const pad = margin ? even(margin / kMin + 2) : 0;

  // The camera's scale and crop per frame, and the motion blur layers' source crop, scale and offset.
  const screenCmds: string[] = [];
  const blurRanges: Array<[number, number]> = [];
  let firstScale = { width: sw, height: sh };
  views.forEach((v, j) => {
    const { view, k } = v;
    const w = Math.max(sw + 2 * margin, even((screen.width + 2 * pad) * k));
    const h = Math.max(sh + 2 * margin, even((screen.height + 2 * pad) * k));
    const cx = Math.min(w - sw, Math.max(0, px((view.x + pad) * k)));
    const cy = Math.min(h - sh, Math.max(0, px((view.y + pad) * k)));
    if (j === 0) firstScale = { width: w, height: h };
    const cmds = [`scale@screen w ${w}, scale@screen h ${h}`];
    if (!margin) cmds.push(`crop@screen x ${cx}, crop@screen y ${cy}`);
    else {
      // The stage with its margin is cropped first (a crop must follow the scale directly: it
      // reads the changing size from its input link, which a split in between would keep at the
      // first frame's), then the stage out of it; each moment is re-projected from it: scaled by
      // r about the stage's origin and moved by o (stage px), the margin's own offset scaled along.
      const ex = Math.min(w - sw - 2 * margin, Math.max(0, cx - margin));
      const ey = Math.min(h - sh - 2 * margin, Math.max(0, cy - margin));
      cmds.push(`crop@mbsrc x ${ex}, crop@mbsrc y ${ey}, crop@screen x ${cx - ex}, crop@screen y ${cy - ey}`);
      const samples = blurSamples[j];
      for (let i = 1; i < moments; i++) {
        const m = samples?.[i];
        const t = m ? toStage(m, v) : null;
        const [sw2, sh2, x, y] = t
          ? [even((sw + 2 * margin) * t.r), even((sh + 2 * margin) * t.r), px(t.r * (ex - cx) + t.ox), px(t.r * (ey - cy) + t.oy)]
          : [sw + 2 * margin, sh + 2 * margin, ex - cx, ey - cy];
        cmds.push(`scale@mb${i} w ${sw2}, scale@mb${i} h ${sh2}, overlay@mb${i} x ${x}, overlay@mb${i} y ${y}`);
      }
      if (samples) {
        const last = blurRanges[blurRanges.length - 1];
        if (last && last[1] === j - 1) last[1] = j;
        else blurRanges.push([j, j]);
      }
    }
    screenCmds.push(cmds.join(', '));
  });

  // 2. The sheets: every size the video uses.
  const { sheets, quantise } = fitSheets(frames, opts.frameSize);
  const cursorIndex = new Map(sheets.cursor.items.map((h, i) => [h, i]));
  const rippleIndex = new Map(sheets.ripple.items.map(([r, s], i) => [`${r}:${s}`, i]));

  // The avatar's sheet: its layers and every eye and mouth variant.
  const avatar = opts.avatar;
  const avSheet = avatar
    ? avatarSheet(avatar.placement.size, { head: HEAD_RECT, eyes: EYES_RECT, mouth: MOUTH_RECT }, { eyes: EYE_VARIANTS, mouths: MOUTH_VARIANTS }, opts.frameSize.width)
    : null;
  if (avSheet && avSheet.height > opts.frameSize.height) throw new Error(`the avatar (${avatar?.placement.size} px) is too large for its sprite sheet`);
  const avEyes: string[] = [];
  const avMouth: string[] = [];

  // 3. Commands. Each is sent when the first frame at or past its time arrives.
  const main: string[] = [];
  const cursor: string[] = [];
  const ripples: string[][] = opts.clickRipple ? Array.from({ length: RIPPLE_SLOTS }, () => []) : [];
  frames.forEach((fr, j) => {
    const t = Math.max(0, j / fps - 0.0005).toFixed(4);
    const cmds = [screenCmds[j] as string];
    if (fr.cursor) {
      const cell = sheetCell(sheets.cursor, cursorIndex.get(quantise.size(fr.cursor.height)) ?? 0);
      cmds.push(`overlay@pointer x ${px(fr.cursor.x - SPRITE_PAD)}`, `overlay@pointer y ${px(fr.cursor.y - SPRITE_PAD)}`);
      cursor.push(`${t} crop@cursorcell x ${cell.x}, crop@cursorcell y ${cell.y}, colorchannelmixer@cursorfade aa ${fr.cursor.opacity.toFixed(3)};`);
    } else {
      // Every frame gets a command in every script: an empty script is an error in ffmpeg.
      cmds.push(`overlay@pointer x ${OFF}`, `overlay@pointer y ${OFF}`);
      cursor.push(`${t} colorchannelmixer@cursorfade aa 0;`);
    }
    for (let slot = 0; slot < ripples.length; slot++) {
      const r = fr.ripples.find((x) => x.slot === slot);
      if (r) {
        const cell = sheetCell(sheets.ripple, rippleIndex.get(`${quantise.size(r.radius)}:${quantise.step(r.step)}`) ?? 0);
        cmds.push(`overlay@ripple${slot} x ${px(r.cx - sheets.ripple.cell.width / 2)}`, `overlay@ripple${slot} y ${px(r.cy - sheets.ripple.cell.height / 2)}`);
        ripples[slot]!.push(`${t} crop@ripplecell${slot} x ${cell.x}, crop@ripplecell${slot} y ${cell.y};`);
      } else {
        cmds.push(`overlay@ripple${slot} x ${OFF}`, `overlay@ripple${slot} y ${OFF}`);
        ripples[slot]!.push(`${t} crop@ripplecell${slot} x 0, crop@ripplecell${slot} y 0;`);
      }
    }
    if (avatar && avSheet) {
      const f = from + j;
      const k = avatar.placement.size / 100;
      const ax = avatar.placement.x[Math.min(f, avatar.placement.x.length - 1)] ?? 0;
      const ay = avatar.placement.y[Math.min(f, avatar.placement.y.length - 1)] ?? 0;
      const a = avatarAt(avatar.track, f);
      const dy = a.bob * avatar.placement.size;
      cmds.push(`overlay@avframe x ${px(ax)}`, `overlay@avframe y ${px(ay)}`);
      cmds.push(`overlay@avhead x ${px(ax + HEAD_RECT.x * k)}`, `overlay@avhead y ${px(ay + HEAD_RECT.y * k + dy)}`);
      cmds.push(`overlay@aveyes x ${px(ax + EYES_RECT.x * k)}`, `overlay@aveyes y ${px(ay + EYES_RECT.y * k + dy)}`);
      cmds.push(`overlay@avmouth x ${px(ax + MOUTH_RECT.x * k)}`, `overlay@avmouth y ${px(ay + MOUTH_RECT.y * k + dy)}`);
      const e = avSheet.eyes[a.eyes] ?? avSheet.eyes[0]!;
      const m = avSheet.mouths[a.mouth] ?? avSheet.mouths[0]!;
      avEyes.push(`${t} crop@aveyescell x ${e.x}, crop@aveyescell y ${e.y};`);
      avMouth.push(`${t} crop@avmouthcell x ${m.x}, crop@avmouthcell y ${m.y};`);
    }
    main.push(`${t} ${cmds.join(', ')};`);
  });
  return {
    stage: { x: px(layout.stage.x), y: px(layout.stage.y), width: sw, height: sh },
    frames: to - from + 1,
    fps,
    sprites: avSheet ? { ...sheets, avatar: avSheet } : sheets,
    ...(avSheet ? { avatar: { sheet: avSheet, eyes: avEyes.join('\n'), mouth: avMouth.join('\n') } } : {}),
    ...(blurRanges.length ? { motionBlur: { moments, ranges: blurRanges, margin, pad } } : {}),
    firstScale,
    main: main.join('\n'),
    cursor: cursor.join('\n'),
    ripples: ripples.map((r) => r.join('\n')),
  };
};

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
        const at = blendAt(blends, (f * 1000) / fps);
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
