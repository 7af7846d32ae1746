/**
 * The composite path's ffmpeg command line (pure): inputs, the filtergraph that scales and crops
 * the recording by the plan's sendcmd scripts, lays the sprites, the held frames of dissolves
 * and the privacy blurs, rounds the stage with the mask and burns captions in.
 */
import { blurRadius } from '../../timeline/blur';
import type { BlurRegion } from '../../timeline/build-timeline';
import { blendAt, blendLayers, isHold, isIdentity, outToRec, type CutBlend, type Segment, type TimeMap } from '../../timeline/time-map';
import { expr, filter, filter as makeFilter, FilterGraph, formatFilter, path, type BuiltGraph, type Filter, type Stream } from './filtergraph';
import type { CompositePlan } from './plan';
import { sendcmdScript } from './sendcmd';
import { msAt } from '../../base/time';
import { layerFrames, layerOpacity, type CardLayer } from '../../frame/cards';

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
  /** The card layers (frame/cards.ts's cardLayers, drawn by Remotion at the composition's size), in the same order as CompositeArgsOptions.cards. */
  cards?: string[];
  /**
   * The sharp terminal layer (terminal-text/prepare.ts terminalConcatList): an ffconcat list of
   * stage-sized pictures, one per frame of the render, laid over the stage at (0, 0) under the
   * ripples and the cursor. Absent: none.
   */
  terminal?: string;
};
export type CompositeScripts = {
  main: string;
  cursor: string;
  ripples: string[];
  avatarEyes?: string;
  avatarMouth?: string;
  held?: string[];
  /** Each card overlay's opacity script (CardOverlay.opacity, written to a file). */
  cards?: string[];
};

/**
 * A card layer laid over the finished frame (after the captions) on frames [first, end) of the
 * render (counted from its first frame), at an opacity per frame (`opacity`, a sendcmd script for
 * colorchannelmixer@card<i>): the frame model's (frame/cards.ts layerOpacity), so both paths fade alike.
 * `layer` is the layer's index in cardLayers (its image).
 */
export type CardOverlay = { layer: number; first: number; end: number; opacity: string };

/** The card overlays of a render of frames `frameRange` (inclusive): the layers that show in it. */
export const planCardOverlays = (
  layers: ReadonlyArray<Pick<CardLayer, 'fromMs' | 'toMs' | 'fadeInMs' | 'fadeOutMs'>>,
  fps: number,
  frameRange: [number, number],
): CardOverlay[] => {
  const [from, to] = frameRange;
  const out: CardOverlay[] = [];
  layers.forEach((l, layer) => {
    const [start, end] = layerFrames(l, fps);
    const s = Math.max(start, from);
    const e = Math.min(end, to + 1);
    if (e <= s) return;
    const name = `colorchannelmixer@card${out.length}`;
    const cmds: Array<[string, string[]]> = [];
    for (let f = s; f < e; f++) cmds.push([Math.max(0, (f - from) / fps - 0.0005).toFixed(4), [`${name} aa ${layerOpacity(l, msAt(f, fps)).toFixed(4)}`]]);
    out.push({ layer, first: s - from, end: e - from, opacity: sendcmdScript(cmds) });
  });
  return out;
};

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
      const cmds: Array<[string, string[]]> = [];
      for (let f = s; f < e; f++) {
        const at = blendAt(blends, msAt(f, fps));
        const opacity = at && at.blend === i && at.side === side ? at.opacity : 0;
        cmds.push([Math.max(0, (f - from) / fps - 0.0005).toFixed(4), [`${name} aa ${opacity.toFixed(4)}`]]);
      }
      held.push({ recMs, first: s - from, end: e - from, opacity: sendcmdScript(cmds) });
    }
  });
  return held;
};

/**
 * The recording put on the video's clock: frames of cut ranges dropped, each kept piece's
 * timestamps mapped through the time map (sped-up pieces run faster), then a constant frame
 * rate taking the nearest frame, and the frames before `startFrame` trimmed.
 */
export const retimeFilters = (map: TimeMap, fps: number, startFrame: number, seekSeconds = 0): Filter[] => {
  const s = (ms: number) => (ms / 1000).toFixed(4);
  const inside = (g: Segment, t: string) => `gte(${t},${s(g.recFromMs)})*lt(${t},${s(g.recToMs)})`;
  const pieces = map.segments.filter((g) => !isHold(g));
  const keep = pieces.map((g) => inside(g, 't')).join('+') || '0';
  let pts = '0';
  for (const g of [...pieces].reverse()) pts = `if(${inside(g, 'T')},${s(g.outFromMs)}+(T-${s(g.recFromMs)})/${g.factor},${pts})`;
  return [
    // A recording read from `seekSeconds` (an input seek starts its timestamps at 0) is put back on its own clock.
    ...(seekSeconds > 0 ? [filter('setpts', [expr(`PTS+${seekSeconds.toFixed(4)}/TB`)])] : []),
    filter('select', [expr(keep)]),
    filter('setpts', [expr(`(${pts})/TB`)]),
    // A card's hold leaves a gap in the timestamps, which fps fills with the frame before it; a
    // hold at the very start has none before it: start_time=0 fills it with the first frame.
    filter('fps', { round: 'near', ...(map.segments[0] && isHold(map.segments[0]) && seekSeconds <= 0 ? { start_time: 0 } : {}) }, [fps]),
    // The last frame is held a moment, so the video's last frame exists even where the recording's
    // last kept piece ends between two frames; and through the holds at the very end (end cards).
    filter('tpad', { stop_mode: 'clone', stop_duration: Number((0.2 + trailingHoldMs(map) / 1000).toFixed(4)) }),
    // From a seek, frames are counted from wherever the recording was read: the start is cut by
    // time. trim rounds its start to the nearest frame of fps's clock, so it is the frame's own
    // time (half a frame less would round down to the frame before).
    ...(startFrame > 0 && seekSeconds > 0
      ? [filter('trim', { start: (startFrame / fps).toFixed(4) }), filter('setpts', ['PTS-STARTPTS'])]
      : startFrame > 0
        ? [filter('trim', { start_frame: startFrame }), filter('setpts', ['PTS-STARTPTS'])]
        : []),
  ];
};

/** How long the holds after the last piece of the recording last (ms): end cards. */
const trailingHoldMs = (map: TimeMap): number => {
  let ms = 0;
  for (let i = map.segments.length - 1; i >= 0 && isHold(map.segments[i] as Segment); i--)
    ms += (map.segments[i] as Segment).outToMs - (map.segments[i] as Segment).outFromMs;
  return ms;
};

/** retimeFilters as filtergraph text (a chain without labels). */
export const retimeFilter = (map: TimeMap, fps: number, startFrame: number): string => retimeFilters(map, fps, startFrame).map(formatFilter).join(',');

/** What compositeArgs takes: the plan, its files, and the render's options. */
export type CompositeArgsOptions = {
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
  /** Where the render's first frame is on the subtitles' clock (frames): a chunk of a longer render uses the whole render's file. */
  subtitlesShiftFrames?: number;
  /** Speed-ups and cuts: the recording is re-timed onto the video's clock first (absent: as recorded). */
  timeMap?: TimeMap;
  /** With a time map: the first frame to render, on the video's clock. */
  startFrame?: number;
  /** Privacy: regions of the recording to blur, with their times on the video's clock. */
  blurs?: readonly BlurRegion[];
  /** Dissolves across cuts: held frames laid over the re-timed recording (inputs.held, scripts.held). */
  held?: readonly HeldFrame[];
  /** Cards, chapter banners, the hook: laid over the finished frame (inputs.cards, scripts.cards). */
  cards?: readonly CardOverlay[];
  /**
   * The screen's size when the recording's frames are larger (an odd-sized screen recorded
   * padded to even sides, at the right and bottom): the recording is cropped to it first, so
   * every later stage sees exactly the screen.
   */
  screen?: { width: number; height: number };
  /**
   * Appended to every named filter (scale@screen becomes scale@screen_1): the compositions of one
   * graph (compositeGraphMany) each need their own names, and their sendcmd scripts must use them
   * (withInstanceSuffix). Absent: none.
   */
  instanceSuffix?: string;
};

/** A sendcmd script's targets with `suffix` appended (`scale@screen w 10` → `scale@screen_1 w 10`), for CompositeArgsOptions.instanceSuffix. */
export const withInstanceSuffix = (script: string, suffix: string): string =>
  suffix ? script.replace(/(^|[\s,;])([A-Za-z_][A-Za-z0-9_]*@[A-Za-z0-9_]+)(?= )/g, `$1$2${suffix}`) : script;

/**
 * The composite filtergraph and its inputs for a plan (the scripts are files holding the plan's
 * commands): the recording (input 0), the under, the mask, the cursor sheet, then the ripple
 * sheet (when there are ripple slots), the avatar sheet (with an avatar) and the held frames.
 */
export const compositeGraph = (opts: CompositeArgsOptions): BuiltGraph => {
  const g = new FilterGraph();
  const recording = g.input(opts.inputs.recording, recordingSeek(opts));
  return g.build(addComposite(g, recording, opts, 'v'));
};

/** Seconds of recording read before a re-timed render's first frame, so its first frame (the nearest to its time) is there. */
const RETIME_LEAD_S = 1;

/**
 * Where the recording is read from (s, an input seek): `startSeconds` as recorded; re-timed, a
 * second before the recording's moment of the first frame (time-map.ts outToRec), so a render
 * of a late range (a chunk of a long take) does not decode everything before it. 0: from the start.
 */
export const recordingSeekSeconds = (opts: Pick<CompositeArgsOptions, 'startSeconds' | 'timeMap' | 'startFrame' | 'plan'>): number => {
  const retimed = opts.timeMap && !isIdentity(opts.timeMap);
  if (!retimed) return opts.startSeconds > 0 ? opts.startSeconds : 0;
  const first = opts.startFrame ?? 0;
  if (first <= 0) return 0;
  const rec = outToRec(opts.timeMap!, msAt(first, opts.plan.fps)) / 1000 - RETIME_LEAD_S;
  return rec > 0 ? Math.floor(rec * 1000) / 1000 : 0;
};

const recordingSeek = (opts: CompositeArgsOptions): string[] => {
  const at = recordingSeekSeconds(opts);
  return at > 0 ? ['-ss', at.toFixed(4)] : [];
};

/**
 * Several compositions of one recording in one graph (every format a script names, in one
 * ffmpeg): the recording is decoded once and split, then each composition's chains as
 * compositeGraph's, its output labelled v0, v1… in order. Every option list must start at the
 * same frame (one input, one seek), and name its filters apart (instanceSuffix).
 * @throws when the list is empty, the recordings, starts or names clash
 */
export const compositeGraphMany = (list: readonly CompositeArgsOptions[]): BuiltGraph => {
  const first = list[0];
  if (!first) throw new Error('compositeGraphMany: expected at least one composition');
  if (new Set(list.map((o) => o.instanceSuffix ?? '')).size !== list.length)
    throw new Error('compositeGraphMany: every composition needs its own instanceSuffix');
  for (const o of list) {
    if (o.inputs.recording !== first.inputs.recording) throw new Error('compositeGraphMany: every composition must composite the same recording');
    if (recordingSeekSeconds(o) !== recordingSeekSeconds(first) || o.startSeconds !== first.startSeconds)
      throw new Error('compositeGraphMany: every composition must start at the same frame of the recording');
  }
  const g = new FilterGraph();
  const recording = g.input(first.inputs.recording, recordingSeek(first));
  const copies = list.length > 1 ? g.chainMany(recording, [filter('split', [list.length])], list.length) : [recording];
  return g.build(list.map((o, i) => addComposite(g, copies[i]!, o, `v${i}`)));
};

/** compositeGraph's chains for one composition, from `recording` (its decoded stream) to a stream labelled `label`. */
const addComposite = (g: FilterGraph, recording: Stream, opts: CompositeArgsOptions, label: string): Stream => {
  // Every named filter (a sendcmd target) carries the composition's suffix: sendcmd sends a
  // command to every filter of that name in the whole graph.
  const suffix = opts.instanceSuffix ?? '';
  const filter: typeof makeFilter = (nameAt, options, args) => makeFilter(nameAt.includes('@') ? `${nameAt}${suffix}` : nameAt, options, args);
  const { plan, inputs, scripts } = opts;
  const { stage, sprites } = plan;
  const slots = scripts.ripples.length;
  const cc = sprites.cursor.cell;
  const rc = sprites.ripple.cell;
  const retime = opts.timeMap && !isIdentity(opts.timeMap) ? retimeFilters(opts.timeMap, plan.fps, opts.startFrame ?? 0, recordingSeekSeconds(opts)) : [];
  const avatar = plan.avatar && inputs.avatarSheet && scripts.avatarEyes && scripts.avatarMouth ? plan.avatar : null;
  const held = opts.held && inputs.held && scripts.held ? opts.held : [];
  const seek = opts.startSeconds > 0 && !retime.length;

  // Inputs, in command-line order: the recording, then the stills.
  const stillInput = (file: string) => g.input(file, ['-framerate', String(plan.fps)]);
  const underIn = stillInput(inputs.under);
  const maskIn = stillInput(inputs.mask);
  const cursorIn = stillInput(inputs.cursorSheet);
  const rippleIn = slots > 0 ? stillInput(inputs.rippleSheet) : null;
  const avatarIn = avatar ? stillInput(inputs.avatarSheet!) : null;
  const heldIn = held.map((_, i) => stillInput(inputs.held![i]!));
  const cards = opts.cards && inputs.cards && scripts.cards ? opts.cards : [];
  const cardIn = cards.map((c) => stillInput(inputs.cards![c.layer]!));
  const terminalIn = inputs.terminal ? g.input(inputs.terminal, ['-f', 'concat', '-safe', '0']) : null;

  // Stills are decoded once and repeated by the loop filter, on the video's own time base so
  // their frames pair exactly with the recording's.
  const still = (fmt: string): Filter[] => [
    filter('format', [fmt]),
    filter('loop', { loop: -1, size: 1, start: 0 }),
    filter('settb', [`1/${plan.fps}`]),
    filter('setpts', ['N']),
  ];
  const between = (a: string, b: string) => `between(t,${a},${b})`;
  const sendcmd = (script: string) => filter('sendcmd', { f: path(script) });

  // The recording: an odd-sized screen's padding cropped off, re-timed; after an input seek the
  // first frame's time is a hair past 0 (6.5e-5 s measured), which would leave the video's first
  // frame without the screen: the seeked recording starts at 0.
  const prep: Filter[] = [
    ...(opts.screen ? [filter('crop', [opts.screen.width, opts.screen.height, 0, 0])] : []),
    ...retime,
    ...(opts.startSeconds > 0 && !retime.length ? [filter('setpts', ['PTS-STARTPTS'])] : []),
  ];
  // `rec` is the recording so far: a stream, and filters still to apply to it.
  let rec: { stream: Stream; filters: Filter[] } = { stream: recording, filters: prep };
  const recStream = (): Stream => (rec.filters.length ? g.chain(rec.stream, rec.filters) : rec.stream);

  // Dissolves across cuts: each side's held frame over the other side, fading.
  const frameTime = (n: number) => ((n - 0.5) / plan.fps).toFixed(4);
  held.forEach((h, i) => {
    const base = recStream();
    const layer = g.chain(heldIn[i]!, [...still('rgba'), sendcmd(scripts.held![i]!), filter(`colorchannelmixer@held${i}`, { aa: 0 })]);
    rec = {
      stream: g.chain([base, layer], [filter('overlay', { x: 0, y: 0, shortest: 1, enable: expr(between(frameTime(h.first), frameTime(h.end))) })]),
      filters: [],
    };
  });
  // Privacy blurs, on the recording before the camera: what is blurred stays blurred at any zoom.
  const start = (opts.startFrame ?? 0) / plan.fps;
  (opts.blurs ?? []).forEach((b) => {
    const ev = (v: number) => 2 * Math.floor(v / 2);
    const [x, y, w, h] = [ev(b.x), ev(b.y), Math.max(4, ev(b.width)), Math.max(4, ev(b.height))];
    const r = Math.min(blurRadius(b), Math.floor(Math.min(w, h) / 2) - 1);
    const cr = Math.max(1, Math.min(Math.floor(r / 2), Math.floor(Math.min(w, h) / 4) - 1));
    const [whole, part] = g.chainMany(recStream(), [filter('split')], 2) as [Stream, Stream];
    const blurred = g.chain(part, [filter('crop', [w, h, x, y]), filter('boxblur', { luma_radius: r, luma_power: 2, chroma_radius: cr, chroma_power: 2 })]);
    const when = expr(between((b.startMs / 1000 - start).toFixed(3), (b.endMs / 1000 - start).toFixed(3)));
    rec = { stream: g.chain([whole, blurred], [filter('overlay', { x, y, enable: when })]), filters: [] };
  });

  // The camera: the recording scaled and cropped per frame by the main script.
  const mb = plan.motionBlur;
  const scaleScreen = filter('scale@screen', { w: plan.firstScale.width, h: plan.firstScale.height, flags: 'bicubic' });
  const camera = [sendcmd(scripts.main), scaleScreen];
  // Without motion blur the view's part of the recording is cut first (plan.firstCrop). The null
  // between the crop and the scale is needed: ffmpeg 5.1's crop, resized by a command, changes
  // its output link's size, so a scale right after it never sees the new size and hangs; behind
  // null, scale compares each frame with its own input link and re-makes itself.
  const cropFirst = plan.firstCrop
    ? [
        sendcmd(scripts.main),
        filter('crop@source', { w: plan.firstCrop.width, h: plan.firstCrop.height, x: plan.firstCrop.x, y: plan.firstCrop.y }),
        filter('null'),
        scaleScreen,
      ]
    : camera;
  let screen: Stream;
  let margin: Stream | null = null;
  if (mb) {
    const [zstage, zmargin] = g.chainMany(
      rec.stream,
      [
        ...rec.filters,
        filter('pad', { w: `iw+${2 * mb.pad}`, h: `ih+${2 * mb.pad}`, x: mb.pad, y: mb.pad, color: 'black' }),
        ...camera,
        filter('crop@mbsrc', { w: stage.width + 2 * mb.margin, h: stage.height + 2 * mb.margin, x: 0, y: 0 }),
        filter('split'),
      ],
      2,
    ) as [Stream, Stream];
    screen = g.chain(zstage, [filter('crop@screen', { w: stage.width, h: stage.height, x: mb.margin, y: mb.margin })]);
    margin = zmargin;
  } else {
    screen = g.chain(rec.stream, [...rec.filters, ...cropFirst, filter('crop@screen', { w: stage.width, h: stage.height, x: 0, y: 0 })]);
  }
  const under = g.chain(underIn, still('yuv420p'));
  const mask = g.chain(maskIn, [...still('gray'), filter('crop', [stage.width, stage.height, stage.x, stage.y])]);
  const pointer = g.chain(cursorIn, [
    ...still('rgba'),
    sendcmd(scripts.cursor),
    filter('crop@cursorcell', { w: cc.width, h: cc.height, x: 0, y: 0 }),
    filter('colorchannelmixer@cursorfade', { aa: 1 }),
  ]);
  let cur = screen;
  if (mb && margin) {
    // Motion blur (see CompositePlan.motionBlur): each moment re-projected from the stage and its
    // margin, over the stage; mix averages the layers. Both only on blurred frames.
    const n = mb.moments;
    const [ew, eh] = [stage.width + 2 * mb.margin, stage.height + 2 * mb.margin];
    const enable = expr(mb.ranges.map(([a, b]) => between(((a - 0.5) / plan.fps).toFixed(4), ((b + 0.5) / plan.fps).toFixed(4))).join('+'));
    const layers = g.chainMany(margin, [filter('split', [n - 1])], n - 1);
    const [mbBase, ...bases] = g.chainMany(screen, [filter('split', [n])], n) as [Stream, ...Stream[]];
    const moments = layers.map((layer, k) => {
      const i = k + 1;
      const scaled = g.chain(layer, [filter(`scale@mb${i}`, { w: ew, h: eh, flags: 'bilinear' })]);
      return g.chain([bases[k]!, scaled], [filter(`overlay@mb${i}`, { x: 0, y: 0, eval: 'frame', enable })]);
    });
    cur = g.chain([mbBase, ...moments], [filter('mix', { inputs: n, enable })]);
  }
  if (terminalIn) {
    // The sharp terminal layer: one picture per frame of the render (the list has an entry per
    // frame), numbered on the video's own time base like the stills, so frame j meets frame j.
    const layer = g.chain(terminalIn, [filter('format', ['rgba']), filter('settb', [`1/${plan.fps}`]), filter('setpts', ['N'])]);
    cur = g.chain([cur, layer], [filter('overlay', { x: 0, y: 0 })]);
  }
  if (rippleIn) {
    const sheets = g.chainMany(rippleIn, [...still('rgba'), filter('split', [slots])], slots);
    sheets.forEach((sheet, i) => {
      const ripple = g.chain(sheet, [sendcmd(scripts.ripples[i]!), filter(`crop@ripplecell${i}`, { w: rc.width, h: rc.height, x: 0, y: 0 })]);
      cur = g.chain([cur, ripple], [filter(`overlay@ripple${i}`, { x: OFF, y: OFF, eval: 'frame' })]);
    });
  }
  const resized = opts.outputSize.width !== opts.frameSize.width || opts.outputSize.height !== opts.frameSize.height;
  // Captions after the resize: libass draws text at the output's size (its PlayRes is the
  // composition's, so positions and sizes scale), as the browser path does at --scale.
  const finish: Filter[] = [
    ...(resized ? [filter('scale', { flags: 'bicubic' }, [opts.outputSize.width, opts.outputSize.height])] : []),
    ...(opts.subtitles
      ? opts.subtitlesShiftFrames
        ? [
            // Whole frames on fps's clock (exact: seconds rounded to a few decimals could move a caption's change by a frame).
            filter('setpts', [expr(`PTS+${opts.subtitlesShiftFrames}/(${plan.fps}*TB)`)]),
            filter('ass', { filename: path(opts.subtitles) }),
            filter('setpts', ['PTS-STARTPTS']),
          ]
        : [filter('ass', { filename: path(opts.subtitles) })]
      : []),
  ];
  // Cards over everything, captions included: each layer from its first frame to its end, faded per frame.
  const overCards = (base: Stream): Stream => {
    let top = base;
    cards.forEach((c, i) => {
      const layer = g.chain(cardIn[i]!, [
        ...still('rgba'),
        ...(resized ? [filter('scale', { flags: 'bicubic' }, [opts.outputSize.width, opts.outputSize.height])] : []),
        sendcmd(scripts.cards![i]!),
        filter(`colorchannelmixer@card${i}`, { aa: 0 }),
      ]);
      top = g.chain([top, layer], [filter('overlay', { x: 0, y: 0, shortest: 1, enable: expr(between(frameTime(c.first), frameTime(c.end))) })]);
    });
    return top;
  };
  const done = (stream: Stream): Stream => (cards.length ? g.chain(overCards(stream), [filter('format', ['yuv420p'])], label) : stream);
  const toYuv = filter('format', ['yuv420p']);
  const withCursor = g.chain([cur, pointer], [filter('overlay@pointer', { x: OFF, y: OFF, eval: 'frame' }), filter('format', ['yuva420p'])]);
  const rounded = g.chain([withCursor, mask], [filter('alphamerge')]);
  const framing = filter('overlay', { x: stage.x, y: stage.y, shortest: 1, format: 'yuv420' });
  let out: Stream;
  if (avatarIn && avatar) {
    // The avatar on top of the frame (captions above it): its layers cut from the sheet, the
    // eyes and mouth cells chosen per frame, every layer placed per frame.
    const framed = g.chain([under, rounded], [framing]);
    const { frame, head, eyes, mouths } = avatar.sheet;
    const e = eyes[0]!;
    const m = mouths[0]!;
    const [s0, s1, s2, s3] = g.chainMany(avatarIn, [...still('rgba'), filter('split', [4])], 4) as [Stream, Stream, Stream, Stream];
    const layers: Array<[string, Stream]> = [
      ['avframe', g.chain(s0, [filter('crop', [frame.width, frame.height, frame.x, frame.y])])],
      ['avhead', g.chain(s1, [filter('crop', [head.width, head.height, head.x, head.y])])],
      ['aveyes', g.chain(s2, [sendcmd(scripts.avatarEyes!), filter('crop@aveyescell', { w: e.width, h: e.height, x: e.x, y: e.y })])],
      ['avmouth', g.chain(s3, [sendcmd(scripts.avatarMouth!), filter('crop@avmouthcell', { w: m.width, h: m.height, x: m.x, y: m.y })])],
    ];
    out = framed;
    layers.forEach(([name, layer], i) => {
      const place = filter(`overlay@${name}`, { x: OFF, y: OFF, eval: 'frame' });
      const last = i === layers.length - 1;
      out = g.chain([out, layer], last ? [place, ...finish, ...(cards.length ? [] : [toYuv])] : [place], last && !cards.length ? label : undefined);
    });
  } else {
    out = g.chain([under, rounded], [framing, ...finish, ...(cards.length ? [] : [toYuv])], cards.length ? undefined : label);
  }
  return done(out);
};

/** The encoder's options for one output: H.264 (libx264 at `preset` and `crf`), yuv420p, faststart. */
const encodeArgs = (o: Pick<CompositeArgsOptions, 'preset' | 'crf'>): string[] => [
  '-c:v',
  'libx264',
  '-preset',
  o.preset,
  '-crf',
  String(o.crf),
  '-pix_fmt',
  'yuv420p',
  '-movflags',
  '+faststart',
];

/** The command line's start: quiet, no stdin, overwrite; filter threads. */
const headArgs = (filterThreads: number | undefined): string[] => [
  '-hide_banner',
  '-loglevel',
  'error',
  '-nostdin',
  '-y',
  // Filter chains run in parallel (the screen chain and the sprite chains are independent).
  '-filter_complex_threads',
  String(filterThreads ?? 2),
];

/** The ffmpeg command line for a plan: compositeGraph's inputs and graph, encoded as H.264 to `out`. */
export const compositeArgs = (opts: CompositeArgsOptions): string[] => {
  const graph = compositeGraph(opts);
  return [
    ...headArgs(opts.filterThreads),
    ...graph.inputArgs,
    '-filter_complex',
    graph.filterComplex,
    '-map',
    graph.output,
    '-frames:v',
    String(opts.plan.frames),
    ...encodeArgs(opts),
    '-progress',
    'pipe:1',
    '-nostats',
    opts.out,
  ];
};

/**
 * One ffmpeg command line for several compositions of the same recording (compositeGraphMany:
 * decoded once): one H.264 output per composition, each with its own frame count and encoder
 * options, in the list's order. Progress (-progress pipe:1) counts the first output's frames.
 */
export const compositeArgsMany = (list: readonly CompositeArgsOptions[]): string[] => {
  if (list.length === 1) return compositeArgs(list[0]!);
  const graph = compositeGraphMany(list);
  return [
    ...headArgs(list[0]?.filterThreads),
    ...graph.inputArgs,
    '-filter_complex',
    graph.filterComplex,
    '-progress',
    'pipe:1',
    '-nostats',
    ...list.flatMap((o, i) => ['-map', graph.outputs[i]!, '-frames:v', String(o.plan.frames), ...encodeArgs(o), o.out]),
  ];
};
