/**
 * The checks that need no pixels (pure): each reads a ReviewInput (the timeline, layout and
 * narration a render of one format used) and returns findings on the video's clock (ms).
 * focus-hidden, text-too-small, zoom-past-resolution, narration-overlap, narration-past-end,
 * step-failed.
 */
import { checkCardsInFrame } from './card-checks';
import type { CaptureEvent } from '../capture-log/schema';
import { focusOnStage } from '../frame/avatar-placement';
import { captionModel, captionOf } from '../frame/model';
import { AVERAGE_ADVANCE_EM, textWidthEm, wordWidthEm } from '../timeline/script-text';
import { isCut } from '../timeline/time-map';
import { baseViewSize, viewSize, type Point, type Rect } from '../timeline/view';
import { MIN_TEXT_PX, OVERLAP_TOLERANCE_MS, PLATFORM_ZONES, ZOOM_BLUR_INFO, ZOOM_BLUR_WARN } from './thresholds';
import { stepFields, type ReviewInput } from './review-input';
import type { ReviewFinding } from './types';
import { frameAt, msAt } from '../base/time';

const round1 = (v: number) => Math.round(v * 10) / 10;
const frameOf = (input: ReviewInput, tMs: number): number => {
  const { timeline } = input.computed;
  return Math.max(0, Math.min(timeline.durationInFrames - 1, frameAt(tMs, timeline.fps)));
};

/** The frames of [fromMs, toMs] (video clock), at most `max` of them, evenly spread. */
const framesIn = (input: ReviewInput, fromMs: number, toMs: number, max = 90): number[] => {
  const a = frameOf(input, fromMs);
  const b = Math.max(a, frameOf(input, toMs));
  const step = Math.max(1, Math.ceil((b - a + 1) / max));
  const out: number[] = [];
  for (let f = a; f <= b; f += step) out.push(f);
  return out;
};

/**
 * Output px (the format's full size) per screen px at a frame: the stage's width over the
 * camera view's width. A recording px is a screen px.
 */
export const outputPxPerScreenPx = (input: ReviewInput, frame: number): number => {
  const { timeline, layout } = input.computed;
  const f = Math.max(0, Math.min(timeline.camera.zoom.length - 1, frame));
  return layout.stage.width / viewSize(timeline.screen, timeline.viewAspect, timeline.camera.zoom[f] ?? 1).width;
};

/** The most frames a check looks at over a whole video (each a few multiplications). */
const FRAME_BUDGET = 50_000;

const inRect = (p: Point, r: Rect): boolean => p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;

/** The caption box at `tMs` (output px) as the frame model draws it, as wide as its longest line (script-text.ts's estimate); null when no page is up. */
export const captionRectAt = (input: ReviewInput, tMs: number): Rect | null => {
  if (!input.captionsShown) return null;
  const pages = input.computed.narration.pages;
  const page = pages.findIndex((p) => tMs >= p.startMs && tMs < p.endMs);
  if (page < 0) return null;
  const c = captionOf(captionModel(input.computed.captionBox, pages), page, 0);
  // A technical term is measured in the monospace font it is drawn in (frame/caption-style.ts).
  const words = pages[page]!.words;
  const lineEm = (runs: (typeof c.lines)[number]) =>
    runs.reduce((em, r) => em + wordWidthEm(r.text, words[r.word]?.code) + (r.space ? AVERAGE_ADVANCE_EM : 0), 0);
  const width = Math.min(c.box.width, Math.max(0, ...c.lines.map(lineEm)) * c.fontSize + 2 * c.padX);
  return { x: c.box.x + (c.box.width - width) / 2, y: c.box.y, width, height: c.box.height };
};

/** Moments the camera's focus must be seen: clicks (600 ms from the click), typing and commands. */
const focusMoments = (events: readonly CaptureEvent[]): Array<{ fromMs: number; toMs: number; what: string }> =>
  events.flatMap((e) => {
    if (e.type === 'click') return [{ fromMs: e.tMs, toMs: e.tMs + 600, what: 'the click' }];
    if (e.type === 'type')
      return [
        { fromMs: e.tMs, toMs: Math.max(e.tMs, e.endMs), what: e.secret ? 'the typed (secret) text' : `the typed text "${(e.text ?? '').slice(0, 30)}"` },
      ];
    if (e.type === 'command') return [{ fromMs: e.tMs, toMs: Math.min(e.endMs, e.tMs + 1500), what: `the command "${e.command.slice(0, 30)}"` }];
    return [];
  });

/**
 * focus-hidden: the camera's focus (the click, the typed line, the terminal cursor) under the
 * avatar, the captions or the platform's UI (PLATFORM_ZONES) for at least half of a moment.
 */
export const checkFocusHidden = (input: ReviewInput): ReviewFinding[] => {
  const { timeline, layout, avatar } = input.computed;
  const { width: W, height: H } = input.frame;
  const findings: ReviewFinding[] = [];
  const moments = focusMoments(input.log.events);
  // Bounded work: about FRAME_BUDGET frames looked at over all moments (a long capture samples each more thinly).
  const perMoment = Math.max(5, Math.min(90, Math.floor(FRAME_BUDGET / Math.max(1, moments.length))));
  for (const m of moments) {
    const frames = framesIn(input, m.fromMs, m.toMs, perMoment);
    const hits = new Map<string, { n: number; at: Point; fix: string }>();
    for (const f of frames) {
      const p = focusOnStage(timeline, layout.stage, f);
      const t = msAt(f, timeline.fps);
      const under: Array<[string, string]> = [];
      if (avatar) {
        const size = avatar.placement.size;
        const cx = (avatar.placement.x[f] ?? 0) + size / 2;
        const cy = (avatar.placement.y[f] ?? 0) + size / 2;
        if (Math.hypot(p.x - cx, p.y - cy) < size / 2) {
          under.push([
            'the avatar',
            input.format === 'landscape'
              ? "make the bubble smaller (style.avatar.bubbleSize: 0.16), or put what is clicked or typed away from the screen's corners, or style.avatar.provider: none"
              : 'move the action away from the avatar',
          ]);
        }
      }
      const caption = captionRectAt(input, t);
      if (caption && inRect(p, caption))
        under.push([
          'the captions',
          'put what is clicked or typed higher on the screen, or move the say line so it is not spoken over this moment, or make captions smaller (style.captions.fontSize)',
        ]);
      for (const z of PLATFORM_ZONES[input.format]) {
        if (inRect(p, { x: z.x0 * W, y: z.y0 * H, width: (z.x1 - z.x0) * W, height: (z.y1 - z.y0) * H })) under.push([z.name, z.fix]);
      }
      for (const [name, fix] of under) {
        const h = hits.get(name);
        if (h) h.n++;
        else hits.set(name, { n: 1, at: p, fix });
      }
    }
    for (const [name, h] of hits) {
      if (h.n * 2 < frames.length) continue;
      findings.push({
        check: 'focus-hidden',
        severity: 'warning',
        fromMs: round1(m.fromMs),
        toMs: round1(m.toMs),
        ...stepFields(input.steps, m.fromMs),
        message: `${m.what} is under ${name} in ${input.format} (${Math.round((100 * h.n) / frames.length)} % of the moment)`,
        fix: h.fix,
        measured: { focusX: Math.round(h.at.x), focusY: Math.round(h.at.y), hiddenFraction: round1(h.n / frames.length) },
      });
    }
  }
  return findings;
};

/** The best (largest) output px per screen px over some frames, and the zoom there. */
const bestScale = (input: ReviewInput, frames: readonly number[]): { scale: number; zoom: number } => {
  let best = { scale: 0, zoom: 1 };
  for (const f of frames) {
    const s = outputPxPerScreenPx(input, f);
    if (s > best.scale) best = { scale: s, zoom: input.computed.timeline.camera.zoom[f] ?? 1 };
  }
  return best;
};

/**
 * text-too-small: the text the step works on, at the best zoom the video shows it with, has a
 * line height (terminal cell height, or an OCR text box's height) × output px per screen px
 * under MIN_TEXT_PX[format].
 */
export const checkTextTooSmall = (input: ReviewInput): ReviewFinding[] => {
  const min = MIN_TEXT_PX[input.format];
  const { timeline, layout } = input.computed;
  const base = baseViewSize(timeline.screen, timeline.viewAspect);
  const findings: ReviewFinding[] = [];
  const fix = (glyph: number, zoom: number, lineScreenPx: number, what: string): string => {
    const needed = Math.ceil(zoom * (min / glyph) * 10) / 10;
    const blurry = (needed * layout.stage.width) / base.width > ZOOM_BLUR_WARN;
    return blurry
      ? `make ${what} larger on screen (at least ${Math.ceil((lineScreenPx * min) / glyph)} px line height), e.g. a larger terminal or browser font; zooming would need level ${needed}, past the recording's resolution`
      : `zoom closer while it is shown: a zoom mark with level: ${needed} (or make ${what} larger on screen)`;
  };
  // Terminal text, per step: the cell height at the best zoom while typing or a command runs in the terminal.
  const terminals = input.log.events.filter((e) => e.type === 'terminal');
  const perStep = new Map<string, ReviewFinding>();
  const typed = input.log.events.filter((e) => e.type === 'type' || e.type === 'command').length;
  const texts = input.log.events.filter((e) => e.type === 'target' && e.source === 'text').length;
  const perEvent = Math.max(5, Math.min(90, Math.floor(FRAME_BUDGET / Math.max(1, typed + texts))));
  let ti = -1;
  for (const e of input.log.events) {
    // The terminal on screen: the last one opened by then (events are in time order).
    while (ti + 1 < terminals.length && (terminals[ti + 1]?.tMs ?? Infinity) <= e.tMs) ti++;
    if (e.type !== 'type' && e.type !== 'command') continue;
    const term = terminals[ti];
    if (!term || term.type !== 'terminal') continue;
    const grid = { x: term.x, y: term.y, width: term.cols * term.cellWidth, height: term.rows * term.cellHeight };
    const frames = framesIn(input, e.tMs, Math.max(e.tMs, e.endMs), perEvent).filter((f) =>
      inRect({ x: timeline.camera.focusX[f] ?? -1, y: timeline.camera.focusY[f] ?? -1 }, grid),
    );
    if (frames.length === 0) continue;
    const { scale, zoom } = bestScale(input, frames);
    const glyph = term.cellHeight * scale;
    if (glyph >= min) continue;
    const where = stepFields(input.steps, e.tMs);
    const key = where.step ?? String(e.tMs);
    const prev = perStep.get(key);
    if (prev && prev.toMs >= e.tMs) continue;
    perStep.set(key, {
      check: 'text-too-small',
      severity: 'warning',
      fromMs: prev?.fromMs ?? round1(e.tMs),
      toMs: round1(Math.max(e.tMs, e.endMs)),
      ...where,
      message: `the terminal's text is ${round1(glyph)} px tall in ${input.format} (cell ${term.cellHeight} px × ${round1(scale)}), under ${min} px`,
      fix: fix(glyph, zoom, term.cellHeight, "the terminal's font"),
      measured: { glyphPx: round1(glyph), cellHeightPx: term.cellHeight, zoom: round1(zoom), outputPxPerScreenPx: Math.round(scale * 100) / 100, minPx: min },
    });
  }
  findings.push(...perStep.values());
  // Text targets (OCR boxes): their height at the best zoom in the 1.5 s from when the step found it.
  for (const e of input.log.events) {
    if (e.type !== 'target' || e.source !== 'text') continue;
    const { scale, zoom } = bestScale(input, framesIn(input, e.tMs, e.tMs + 1500, perEvent));
    const glyph = e.height * scale;
    if (glyph >= min) continue;
    findings.push({
      check: 'text-too-small',
      severity: 'warning',
      fromMs: round1(e.tMs),
      toMs: round1(e.tMs + 1500),
      ...stepFields(input.steps, e.tMs),
      message: `${e.label ?? 'the target text'} is ${round1(glyph)} px tall in ${input.format} (box ${e.height} px × ${round1(scale)}), under ${min} px`,
      fix: fix(glyph, zoom, e.height, 'that text'),
      measured: { glyphPx: round1(glyph), boxHeightPx: e.height, zoom: round1(zoom), outputPxPerScreenPx: Math.round(scale * 100) / 100, minPx: min },
    });
  }
  return findings;
};

/**
 * zoom-past-resolution: a zoom window whose closest view shows one screen (recording) px over
 * more than ZOOM_BLUR_WARN output px (warning), or ZOOM_BLUR_INFO (info).
 */
export const checkZoomPastResolution = (input: ReviewInput): ReviewFinding[] => {
  const { timeline, layout } = input.computed;
  const base = baseViewSize(timeline.screen, timeline.viewAspect);
  const findings: ReviewFinding[] = [];
  for (const w of timeline.zoomWindows) {
    const { scale, zoom } = bestScale(input, framesIn(input, w.startMs, w.endMs));
    if (scale <= ZOOM_BLUR_INFO) continue;
    const warn = scale > ZOOM_BLUR_WARN;
    const maxLevel = Math.floor(((ZOOM_BLUR_WARN / 1.02) * base.width * 10) / layout.stage.width) / 10;
    const at = w.triggers[0]?.tMs ?? w.startMs;
    // A zoom the script marked (a zoom step: the camera holds its point) is that step's; any other
    // is the automatic camera following clicks and typing, which the step at that time set off.
    const zoomStep = w.fixedFocus ? [...input.steps].reverse().find((st) => st.action === 'zoom' && st.fromMs <= at + 50) : undefined;
    const where = zoomStep ? { step: zoomStep.id, ...(zoomStep.source ? { source: zoomStep.source } : {}) } : stepFields(input.steps, at);
    const fix = !warn
      ? 'fine as it is; for a sharper picture zoom less or record the screen larger'
      : zoomStep
        ? `give this zoom step level: ${maxLevel} or less, or record the screen larger (stage.screen, or a HiDPI screen)`
        : `the automatic camera zooms to ${round1(zoom)}x here to follow the action: set style.motion.zoomLevel to ${maxLevel} or less (or add a zoom step with level: ${maxLevel} at this step), or record the screen larger (stage.screen, or a HiDPI screen)`;
    findings.push({
      check: 'zoom-past-resolution',
      severity: warn ? 'warning' : 'info',
      fromMs: round1(w.startMs),
      toMs: round1(w.endMs),
      ...where,
      message: `${zoomStep ? 'the zoom step' : 'the automatic zoom'} (${round1(zoom)}x) shows one recording px as ${Math.round(scale * 100) / 100} output px in ${input.format}${warn ? ': blurry' : ''}`,
      fix,
      measured: { zoom: round1(zoom), outputPxPerScreenPx: Math.round(scale * 100) / 100, maxLevel },
    });
  }
  return findings;
};

/** The say step a line belongs to: the step with its id (lines without an id of their own take the step's), else a say step starting with it. */
const sayStep = (steps: ReviewInput['steps'], line: { id: string; fromMs: number }) => {
  const own = steps.find((x) => x.id === line.id && x.action === 'say');
  return own ? { step: own.id, ...(own.source ? { source: own.source } : {}) } : stepFields(steps, line.fromMs, (x) => x.action === 'say');
};

/** narration-overlap and narration-past-end, from the say events and narration.json's lengths. */
export const checkNarration = (input: ReviewInput): ReviewFinding[] => {
  const says = input.log.events
    .flatMap((e) => (e.type === 'say' ? [{ id: e.id, fromMs: e.tMs, toMs: e.tMs + (input.lineMs.get(e.id) ?? e.endMs - e.tMs) }] : []))
    .sort((a, b) => a.fromMs - b.fromMs);
  const findings: ReviewFinding[] = [];
  let prev: (typeof says)[number] | undefined;
  for (const s of says) {
    if (prev && s.fromMs < prev.toMs - OVERLAP_TOLERANCE_MS) {
      const overlapMs = Math.round(Math.min(prev.toMs, s.toMs) - s.fromMs);
      findings.push({
        check: 'narration-overlap',
        severity: 'warning',
        fromMs: round1(s.fromMs),
        toMs: round1(Math.min(prev.toMs, s.toMs)),
        ...sayStep(input.steps, s),
        message: `say "${s.id}" starts ${(overlapMs / 1000).toFixed(2)} s before say "${prev.id}" has ended: two voices at once`,
        fix: `let "${prev.id}" finish first: give its say wait: true (the default), or add a wait of ${Math.ceil(overlapMs / 100) / 10} s before "${s.id}", or shorten "${prev.id}"`,
        measured: { overlapMs, previousEndMs: Math.round(prev.toMs) },
      });
    }
    if (!prev || s.toMs > prev.toMs) prev = s;
    if (s.toMs > input.durationMs + OVERLAP_TOLERANCE_MS) {
      const lostMs = Math.round(s.toMs - input.durationMs);
      findings.push({
        check: 'narration-past-end',
        severity: 'error',
        fromMs: round1(Math.min(s.fromMs, input.durationMs)),
        toMs: round1(input.durationMs),
        ...sayStep(input.steps, s),
        message: `say "${s.id}" ends ${(lostMs / 1000).toFixed(2)} s after the video: its last words are not heard`,
        fix: `add a wait of at least ${Math.ceil(lostMs / 100) / 10} s after say "${s.id}" so the capture records until the line ends (a say with wait: false does not hold the take; one that waits and still runs past means the recording came out shorter than the take: the recorder fell behind, so capture again on a less busy machine)`,
        measured: { lineEndMs: Math.round(s.toMs), videoMs: Math.round(input.durationMs), lostMs },
      });
    }
  }
  return findings;
};

/** Steps that do nothing visible on their own: cutting them is what tightening is for. */
const QUIET_ACTIONS = new Set(['wait', 'say', 'wait_for', 'pause']);

/**
 * step-failed: a capture that stopped early (complete: false; the last step logged is the one
 * that failed), and a step whose action (a click, key, typed text or command inside it) falls in
 * a cut of the edit (a cut mark or automatic tightening).
 */
export const checkSteps = (input: ReviewInput): ReviewFinding[] => {
  const findings: ReviewFinding[] = [];
  const rec = input.recordedLog;
  // The step the take stopped in, as the capture logged it (failed, or interrupted).
  const stopped = rec.complete === false ? rec.events.find((e) => e.type === 'step' && e.outcome !== undefined) : undefined;
  if (stopped && stopped.type === 'step') {
    const at = input.steps.find((s) => s.id === stopped.id);
    const source = stopped.source ?? at?.source;
    const interrupted = stopped.outcome === 'interrupted';
    findings.push({
      check: 'step-failed',
      severity: 'error',
      fromMs: round1(at?.fromMs ?? input.durationMs),
      toMs: round1(input.durationMs),
      step: stopped.id,
      ...(source ? { source } : {}),
      message: interrupted
        ? `the take was interrupted during step ${stopped.id} (${stopped.action}): capture.json has complete: false`
        : `step ${stopped.id} (${stopped.action}) failed${stopped.error ? `: ${stopped.error}` : ''}`,
      fix: interrupted
        ? 'nothing to fix in the script: capture again and let it finish'
        : `fix step ${stopped.id}${source ? ` at ${source}` : ''} as the error says (a miss-s${stopped.id}.png in the capture dir shows the screen where a target was not found), then capture again`,
      measured: { stoppedStep: stopped.id, outcome: stopped.outcome ?? '' },
    });
  } else if (rec.complete === false) {
    const last = input.steps[input.steps.length - 1];
    findings.push({
      check: 'step-failed',
      severity: 'error',
      fromMs: round1(last?.fromMs ?? input.durationMs),
      toMs: round1(input.durationMs),
      ...(last ? { step: last.id, ...(last.source ? { source: last.source } : {}) } : {}),
      message: last
        ? `the capture stopped after step ${last.id} (${last.action}), in the step after it: capture.json has complete: false`
        : 'the capture stopped before its first step: capture.json has complete: false',
      fix: last
        ? `look at the step after step ${last.id} (the capture's error names it), fix it, then capture again`
        : "see the capture's error, then capture again",
      measured: { lastStep: last?.id ?? '' },
    });
  }
  const map = input.computed.timeMap;
  // The actions' times, sorted: each step finds its own by binary search (O((steps + events) log events)).
  const actions = rec.events
    .flatMap((a) => (a.type === 'click' || a.type === 'key' || a.type === 'type' || a.type === 'command' ? [a.tMs] : []))
    .sort((a, b) => a - b);
  const firstAtOrAfter = (t: number): number => {
    let lo = 0;
    let hi = actions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((actions[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // The script's own cuts (`cut: [steps]`): what is inside one was meant to go.
  const scriptCuts = rec.events.flatMap((m) => (m.type === 'mark' && m.kind === 'cut' && m.endMs !== undefined ? [{ from: m.tMs, to: m.endMs }] : []));
  for (const e of rec.events) {
    if (e.type !== 'step' || QUIET_ACTIONS.has(e.action)) continue;
    if (scriptCuts.some((c) => e.tMs >= c.from && e.endMs <= c.to)) continue;
    const acts = actions.slice(firstAtOrAfter(e.tMs), firstAtOrAfter(e.endMs + 0.001));
    const cut = acts.filter((t) => isCut(map, t));
    if (cut.length === 0) continue;
    const at = input.steps.find((s) => s.id === e.id);
    findings.push({
      check: 'step-failed',
      severity: 'warning',
      fromMs: round1(at?.fromMs ?? 0),
      toMs: round1(at?.toMs ?? 0),
      step: e.id,
      ...(e.source ? { source: e.source } : {}),
      message: `step ${e.id} (${e.action}) is cut from the video: ${cut.length} of its ${acts.length} actions fall in a cut`,
      fix: 'move or shorten the cut mark so it does not cover this step, or turn off cutting idle time (style.edit.idle.cut: false)',
      measured: { cutActions: cut.length, actions: acts.length },
    });
  }
  return findings;
};

/** Every pure check, in a stable order (cards against the frame's edges; the safe zones are the presets'). */
export const timelineChecks = (input: ReviewInput): ReviewFinding[] => [
  ...checkSteps(input),
  ...checkNarration(input),
  ...checkFocusHidden(input),
  ...checkTextTooSmall(input),
  ...checkZoomPastResolution(input),
  ...checkCardsInFrame(input),
];
