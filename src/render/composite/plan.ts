/**
 * The fast render path's plan (pure): the screen's pixels never enter the browser. Remotion
 * draws the static layers once (under, stage mask, cursor and ripple sheets); ffmpeg scales
 * and crops the recording by the timeline's camera, draws the ripples and the cursor from the
 * sheets, rounds the corners with the mask and lays the result into the frame. Every value
 * comes from the same timeline and layout the compositions draw from, per frame, as sendcmd
 * scripts.
 */
import { RIPPLE_STEPS, SPRITE_PAD, cursorCellSize, makeSheet, rippleCellSize, sheetCell, sheetFits, type SpriteSheets } from '../../compositions/shared/layers';
import { avatarSheet, type AvatarSheet } from '../../compositions/shared/layers';
import { EYES_RECT, HEAD_RECT, MOUTH_RECT } from '../../frame/avatar-geometry';
import { frameAt, motionAt, RIPPLE_SLOTS, type DrawnFrame, type FrameModel } from '../../frame/model';
import { EYE_VARIANTS, MOUTH_VARIANTS } from '../../timeline/avatar-track';
import type { Rect } from '../../base/geometry';
import type { SampleTransform } from '../../timeline/motion-blur';
import { sendcmdScript, sliceScript } from './sendcmd';

export type CompositePlanOptions = {
  /** The frame model (frame/model.ts): every frame's geometry, as the browser draws it. */
  model: FrameModel;
  frameSize: { width: number; height: number };
  /** Inclusive frame range. */
  frameRange: [number, number];
};

export type CompositePlan = {
  stage: { x: number; y: number; width: number; height: number };
  frames: number;
  fps: number;
  sprites: SpriteSheets;
  /** The recording's scaled size at the first frame (the filters start configured for it). */
  firstScale: { width: number; height: number };
  /**
   * The part of the recording the first frame scales (crop@source, screen px), when the camera
   * crops before it scales (every render without motion blur; sourceCrop). Absent: the whole
   * recording is scaled (motion blur's moments reach outside the view).
   */
  firstCrop?: { width: number; height: number; x: number; y: number };
  /**
   * sendcmd scripts (sendcmdScript: a command only when its value changes): the screen chain
   * (source crop, scale, crop, overlay positions) and the sprite chains.
   */
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
const even = (v: number): number => Math.max(2, 2 * Math.round(v / 2));
const px = (v: number): number => Math.round(v);

/**
 * The part of the recording (screen px, whole pixels) a view needs before it is scaled: the view
 * and the pixels around it the bicubic filter reads (2 source px each side at k >= 1, 2 / k when
 * shrinking, plus 2), clamped to the screen. Every value is even (4:2:0 chroma; crop rounds odd ones down), so
 * a screen of odd size loses its last column or row where the view reaches it.
 */
export const sourceCrop = (
  view: { x: number; y: number; width: number; height: number },
  k: number,
  screen: { width: number; height: number },
): { width: number; height: number; x: number; y: number } => {
  const reach = Math.ceil(2 / Math.min(1, k)) + 2;
  const axis = (from: number, size: number, limit: number): [number, number] => {
    const start = Math.min(Math.max(0, 2 * Math.floor((from - reach) / 2)), Math.max(0, 2 * Math.floor((limit - 2) / 2)));
    let end = Math.max(start + 2, Math.min(limit, Math.ceil(from + size + reach)));
    // Even sides too: crop rounds an odd size of a 4:2:0 frame down, which would change the scale.
    if ((end - start) % 2) end += end + 1 <= limit ? 1 : -1;
    return [start, end - start];
  };
  const [x, width] = axis(view.x, view.width, screen.width);
  const [y, height] = axis(view.y, view.height, screen.height);
  return { width, height, x, y };
};

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
  const { model, frameRange } = opts;
  const { timeline, layout } = model;
  const screen = timeline.screen;
  const fps = timeline.fps;
  // The layout's stage has even sides (frame/layout.ts): the stage chain works at exactly its size.
  const sw = layout.stage.width;
  const sh = layout.stage.height;
  const [from, to] = frameRange;

  // 1. Per frame, from the frame model: the camera's view, and where each sprite goes (stage px).
  const frames: FrameSprites[] = [];
  const views: Array<{ view: Rect; k: number }> = [];
  const drawn: DrawnFrame[] = [];
  for (let f = from; f <= to; f++) {
    const d = frameAt(model, f);
    drawn.push(d);
    views.push({ view: d.projection.view, k: d.projection.k });
    frames.push({
      cursor: d.cursor ? { height: d.cursor.height, x: d.cursor.tip.x, y: d.cursor.tip.y, opacity: d.cursor.opacity } : null,
      ripples: d.ripples.map((r) => ({ slot: r.slot, radius: r.radius, step: Math.round(r.progress * (RIPPLE_STEPS - 1)), cx: r.centre.x, cy: r.centre.y })),
    });
  }

  // Motion blur: which frames, with how many moments (a fixed number of layers: the most any
  // frame needs), and the margin around the stage those moments reach into (stage px).
  const blurCounts = drawn.map((d) => d.motion?.length ?? 0);
  const moments = Math.max(0, ...blurCounts);
  const blurSamples = moments >= 2 ? drawn.map((d, j) => (blurCounts[j] ? motionAt(model, d.frame, moments) : null)) : [];
  const toStage = (m: SampleTransform, { view, k }: { view: Rect; k: number }) => ({
    r: m.scale,
    ox: k * ((m.scale - 1) * view.x + m.dx),
    oy: k * ((m.scale - 1) * view.y + m.dy),
  });
  let reach = 0;
  blurSamples.forEach((samples, j) => {
    for (const m of samples ?? []) {
      // A moment draws stage point u at r·u + o: what it shows at the stage's corners q comes
      // from (q - o) / r, that far outside the stage at most.
      const { r, ox, oy } = toStage(m, views[j]!);
      for (const [qx, qy] of [
        [0, 0],
        [sw, 0],
        [0, sh],
        [sw, sh],
      ] as const)
        reach = Math.max(reach, Math.abs((qx - ox) / r - qx), Math.abs((qy - oy) / r - qy));
    }
  });
  const margin = blurSamples.length ? even(Math.min(Math.ceil(reach) + 4, sw / 4)) : 0;
  // The recording is padded so the margin always exists in the scaled picture (every moment's
  // view lies inside the recording, so the padding itself is never averaged in).
  const kMin = drawn[0]?.projection.k0 ?? 1;
  const pad = margin ? even(margin / kMin + 2) : 0;

  // The camera's scale and crop per frame, and the motion blur layers' source crop, scale and offset.
  const screenCmds: string[] = [];
  const blurRanges: Array<[number, number]> = [];
  let firstScale = { width: sw, height: sh };
  let firstCrop = { width: screen.width, height: screen.height, x: 0, y: 0 };
  views.forEach((v, j) => {
    const { view, k } = v;
    if (!margin) {
      // Crop, then scale: only the part of the recording the view shows (and the few pixels
      // around it the bicubic filter reads: 2 source px at k >= 1, 2 / k when shrinking) is
      // scaled, to about k times its size; the stage is then cut from it at the view's place.
      // Scaling the whole recording first cost 2-4 times as much (zoomed in, the scaled
      // picture was many times the stage).
      const crop = sourceCrop(view, k, screen);
      const w = Math.max(sw, Math.round(crop.width * k));
      const h = Math.max(sh, Math.round(crop.height * k));
      const cx = Math.min(w - sw, Math.max(0, px((view.x - crop.x) * (w / crop.width))));
      const cy = Math.min(h - sh, Math.max(0, px((view.y - crop.y) * (h / crop.height))));
      if (j === 0) {
        firstScale = { width: w, height: h };
        firstCrop = crop;
      }
      screenCmds.push(
        `crop@source w ${crop.width}, crop@source h ${crop.height}, crop@source x ${crop.x}, crop@source y ${crop.y}, scale@screen w ${w}, scale@screen h ${h}, crop@screen x ${cx}, crop@screen y ${cy}`,
      );
      return;
    }
    const w = Math.max(sw + 2 * margin, even((screen.width + 2 * pad) * k));
    const h = Math.max(sh + 2 * margin, even((screen.height + 2 * pad) * k));
    const cx = Math.min(w - sw, Math.max(0, px((view.x + pad) * k)));
    const cy = Math.min(h - sh, Math.max(0, px((view.y + pad) * k)));
    if (j === 0) firstScale = { width: w, height: h };
    const cmds = [`scale@screen w ${w}, scale@screen h ${h}`];
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
    screenCmds.push(cmds.join(', '));
  });

  // 2. The sheets: every size the video uses.
  const { sheets, quantise } = fitSheets(frames, opts.frameSize);
  const cursorIndex = new Map(sheets.cursor.items.map((h, i) => [h, i]));
  const rippleIndex = new Map(sheets.ripple.items.map(([r, s], i) => [`${r}:${s}`, i]));

  // The avatar's sheet: its layers and every eye and mouth variant.
  // The built-in avatar only: a video avatar is drawn by the browser path.
  const avatar = model.avatar?.provider === 'builtin' ? model.avatar : null;
  const avSheet = avatar
    ? avatarSheet(
        avatar.placement.size,
        { head: HEAD_RECT, eyes: EYES_RECT, mouth: MOUTH_RECT },
        { eyes: EYE_VARIANTS, mouths: MOUTH_VARIANTS },
        opts.frameSize.width,
      )
    : null;
  if (avSheet && avSheet.height > opts.frameSize.height) throw new Error(`the avatar (${avatar?.placement.size} px) is too large for its sprite sheet`);
  type Script = Array<[string, string[]]>;
  const avEyes: Script = [];
  const avMouth: Script = [];

  // 3. Commands. Each is sent when the first frame at or past its time arrives.
  const main: Script = [];
  const cursor: Script = [];
  const ripples: Script[] = model.style.clickRipple ? Array.from({ length: RIPPLE_SLOTS }, () => []) : [];
  frames.forEach((fr, j) => {
    const t = Math.max(0, j / fps - 0.0005).toFixed(4);
    const cmds = [screenCmds[j] as string];
    if (fr.cursor) {
      const cell = sheetCell(sheets.cursor, cursorIndex.get(quantise.size(fr.cursor.height)) ?? 0);
      cmds.push(`overlay@pointer x ${px(fr.cursor.x - SPRITE_PAD)}`, `overlay@pointer y ${px(fr.cursor.y - SPRITE_PAD)}`);
      cursor.push([t, [`crop@cursorcell x ${cell.x}, crop@cursorcell y ${cell.y}, colorchannelmixer@cursorfade aa ${fr.cursor.opacity.toFixed(3)}`]]);
    } else {
      // Every frame gets a command in every script: an empty script is an error in ffmpeg.
      cmds.push(`overlay@pointer x ${OFF}`, `overlay@pointer y ${OFF}`);
      cursor.push([t, ['colorchannelmixer@cursorfade aa 0']]);
    }
    for (let slot = 0; slot < ripples.length; slot++) {
      const r = fr.ripples.find((x) => x.slot === slot);
      if (r) {
        const cell = sheetCell(sheets.ripple, rippleIndex.get(`${quantise.size(r.radius)}:${quantise.step(r.step)}`) ?? 0);
        cmds.push(`overlay@ripple${slot} x ${px(r.cx - sheets.ripple.cell.width / 2)}`, `overlay@ripple${slot} y ${px(r.cy - sheets.ripple.cell.height / 2)}`);
        ripples[slot]!.push([t, [`crop@ripplecell${slot} x ${cell.x}, crop@ripplecell${slot} y ${cell.y}`]]);
      } else {
        cmds.push(`overlay@ripple${slot} x ${OFF}`, `overlay@ripple${slot} y ${OFF}`);
        ripples[slot]!.push([t, [`crop@ripplecell${slot} x 0, crop@ripplecell${slot} y 0`]]);
      }
    }
    const av = drawn[j]?.avatar;
    if (avSheet && av) {
      const { frame, head, eyes, mouth } = av.parts;
      cmds.push(`overlay@avframe x ${px(frame.x)}`, `overlay@avframe y ${px(frame.y)}`);
      cmds.push(`overlay@avhead x ${px(head.x)}`, `overlay@avhead y ${px(head.y)}`);
      cmds.push(`overlay@aveyes x ${px(eyes.x)}`, `overlay@aveyes y ${px(eyes.y)}`);
      cmds.push(`overlay@avmouth x ${px(mouth.x)}`, `overlay@avmouth y ${px(mouth.y)}`);
      const e = avSheet.eyes[av.eyes] ?? avSheet.eyes[0]!;
      const m = avSheet.mouths[av.mouth] ?? avSheet.mouths[0]!;
      avEyes.push([t, [`crop@aveyescell x ${e.x}, crop@aveyescell y ${e.y}`]]);
      avMouth.push([t, [`crop@avmouthcell x ${m.x}, crop@avmouthcell y ${m.y}`]]);
    }
    main.push([t, cmds]);
  });
  return {
    stage: { x: px(layout.stage.x), y: px(layout.stage.y), width: sw, height: sh },
    frames: to - from + 1,
    fps,
    sprites: avSheet ? { ...sheets, avatar: avSheet } : sheets,
    ...(avSheet ? { avatar: { sheet: avSheet, eyes: sendcmdScript(avEyes), mouth: sendcmdScript(avMouth) } } : {}),
    ...(blurRanges.length ? { motionBlur: { moments, ranges: blurRanges, margin, pad } } : {}),
    firstScale,
    ...(margin ? {} : { firstCrop }),
    main: sendcmdScript(main),
    cursor: sendcmdScript(cursor),
    ripples: ripples.map(sendcmdScript),
  };
};

/** The value a script's first line gives `target arg` (a number), or `fallback`. */
const firstValue = (script: string, target: string, arg: string, fallback: number): number => {
  const m = new RegExp(`(?:^| )${target.replace(/[@]/g, '\\$&')} ${arg} (-?\\d+)`).exec(script.split('\n', 1)[0] ?? '');
  return m ? Number(m[1]) : fallback;
};

/**
 * The plan of frames [from, to] of `plan` (counted from its first frame): every script sliced
 * (sliceScript: it starts with every value in force at `from`), the motion blur's ranges moved,
 * the filters' first configuration read from the slice's first line; the sheets are the whole
 * plan's, so the layers drawn for it serve every slice.
 */
export const slicePlan = (plan: CompositePlan, from: number, to: number): CompositePlan => {
  const cut = (script: string) => sliceScript(script, from, to, plan.fps);
  const main = cut(plan.main);
  const ranges = (plan.motionBlur?.ranges ?? []).flatMap(([a, b]): Array<[number, number]> =>
    b < from || a > to ? [] : [[Math.max(a, from) - from, Math.min(b, to) - from]],
  );
  return {
    ...plan,
    frames: to - from + 1,
    main,
    cursor: cut(plan.cursor),
    ripples: plan.ripples.map(cut),
    ...(plan.avatar ? { avatar: { ...plan.avatar, eyes: cut(plan.avatar.eyes), mouth: cut(plan.avatar.mouth) } } : {}),
    ...(plan.motionBlur ? { motionBlur: { ...plan.motionBlur, ranges } } : {}),
    firstScale: { width: firstValue(main, 'scale@screen', 'w', plan.firstScale.width), height: firstValue(main, 'scale@screen', 'h', plan.firstScale.height) },
    ...(plan.firstCrop
      ? {
          firstCrop: {
            width: firstValue(main, 'crop@source', 'w', plan.firstCrop.width),
            height: firstValue(main, 'crop@source', 'h', plan.firstCrop.height),
            x: firstValue(main, 'crop@source', 'x', plan.firstCrop.x),
            y: firstValue(main, 'crop@source', 'y', plan.firstCrop.y),
          },
        }
      : {}),
  };
};

export {
  compositeArgs,
  compositeGraph,
  planHeldFrames,
  retimeFilter,
  retimeFilters,
  type CompositeArgsOptions,
  type CompositeInputs,
  type CompositeScripts,
  type HeldFrame,
} from './ffmpeg-args';
