/**
 * resolveTarget: the only code that knows how a target is found (issue 17). A point is where it
 * is; an image, text or browser element is looked for until found or its timeout passes, then
 * narrowed by `region`, ordered (reading order, or by distance from `near`), picked by `nth`, and
 * turned into a box and a point (the box's centre plus `offset`). A miss is one line naming the
 * step's source and what was seen instead, with the screen saved next to the capture.
 *
 * Units: boxes and points in screen px; times in ms.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runtimeError } from '../errors';
import { scrub } from '../secrets';
import { boxInside, boxText, byDistance, centre, centreIn, clipToScreen, readingOrder } from './boxes';
import { closestTexts } from './closest-texts';
import { requireOnScreen } from '../dsl/screen-bounds';
import type { BrowserSession, Box, Candidate, DomQuery, Pixels, ResolvedTarget, SeenText, Target, TextFinder } from './types';

/** How long a target is looked for when the script gives no timeout (ms). */
export const DEFAULT_TARGET_TIMEOUT_MS = 10_000;
/** Pause between looks (ms); OCR takes longer than this on its own. */
export const TARGET_POLL_MS = 250;
/** A point target's box: this many px square, centred on the point (clipped to the screen), so a camera can frame it like a small button. */
export const POINT_BOX_PX = 32;

/**
 * One image search on one screen grab: the matches at the confidence asked, the best place seen
 * whatever its score (for a miss), and the template searched for (saved beside the screen on a miss).
 */
export type ImageSearch = { matches: Candidate[]; best: Candidate | null; template?: Pixels };

/** What resolveTarget needs from the capture (or a test). */
export type ResolveEnv = {
  /** Grabs the screen now (screen px, one pixel per screen px). */
  grab: () => Promise<Pixels>;
  screen: { width: number; height: number };
  /**
   * Looks for an image (a project path, as the plan names it) on a screen grab: the `@Nx` scale in
   * its name, the confidence (0–1) and the region apply. Throws a runtime error for a template
   * that cannot be searched for.
   */
  findImage: (image: string, pixels: Pixels, opts: { confidence?: number; region?: Box }) => Promise<ImageSearch>;
  /** OCR, created by the caller when a text target needs it; null when none is made. */
  text: TextFinder | null;
  /** The browser open_browser opened, or null. */
  browser: BrowserSession | null;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The step's source, "file:line:col": every miss message starts with it. */
  source: string;
  /** Where a miss saves the screen (the capture dir), or null not to save it. */
  debugDir: string | null;
  /** Names the saved screen: `miss-<missName>.png` (the step, e.g. "s7"). */
  missName: string;
  /** Writes pixels as a PNG (`opaque`: the fourth channel is not alpha, as in screen grabs); none is written without it. */
  savePng?: (file: string, pixels: Pixels, opts: { opaque: boolean }) => void;
  /** Pause between looks, ms (default TARGET_POLL_MS). */
  pollMs?: number;
};

/** A found candidate, with its index among the finder's matches (a browser reveals by index). */
type Found = { c: Candidate; index: number };
/** What one look saw. */
type Look = {
  found: Found[];
  pixels: Pixels | null;
  seen: SeenText[];
  best: Candidate | null;
  template?: Pixels;
  total: number;
  hidden: number;
  inFrames?: number;
};
/** A browser match picked but covered by another element at its click point (screen px). */
type Covered = { c: Candidate; point: { x: number; y: number } };

const quote = (s: string, max = 60) => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** How a message names what was looked for: `text "Deploy"`, `role button named "Deploy"`, `image assets/x.png`. */
export const describeQuery = (t: Target): string => {
  switch (t.kind) {
    case 'point':
      return `point (${t.x}, ${t.y})`;
    case 'image':
      return `image ${t.image}`;
    case 'text':
      return `text ${quote(t.text)}`;
    case 'selector':
      return `selector ${quote(t.selector)}`;
    case 'role':
      return `role ${t.role}${t.name !== undefined ? ` named ${quote(t.name)}` : ''}`;
    case 'label':
      return `label ${quote(t.label)}`;
    case 'testId':
      return `testId ${quote(t.testId)}`;
  }
};

const domQuery = (t: Target): DomQuery | null =>
  t.kind === 'selector'
    ? { kind: 'selector', selector: t.selector }
    : t.kind === 'role'
      ? { kind: 'role', role: t.role, ...(t.name !== undefined ? { name: t.name } : {}) }
      : t.kind === 'label'
        ? { kind: 'label', label: t.label }
        : t.kind === 'testId'
          ? { kind: 'testId', testId: t.testId }
          : null;

const needsBrowser = (env: ResolveEnv, t: Target): BrowserSession => {
  if (!env.browser) throw runtimeError(`${env.source}: ${describeQuery(t)} needs a browser: open one first with open_browser`);
  return env.browser;
};

/** One look for `t` (not a point): its candidates inside the region, and what was seen. */
const look = async (t: Target, env: ResolveEnv): Promise<Look> => {
  const inRegion = (c: Candidate) => !t.region || centreIn(c.box, t.region);
  const q = domQuery(t);
  if (q) {
    const r = await needsBrowser(env, t).find(q, { exact: t.exact, ...(t.offset ? { offset: t.offset } : {}) });
    const found = r.matches.map((c, index) => ({ c, index })).filter((f) => inRegion(f.c));
    return { found, pixels: null, seen: [], best: null, total: r.total, hidden: r.hidden, ...(r.inFrames ? { inFrames: r.inFrames } : {}) };
  }
  const pixels = await env.grab();
  if (t.kind === 'image') {
    const r = await env.findImage(t.image, pixels, { confidence: t.confidence, region: t.region });
    const found = r.matches.map((c, index) => ({ c, index })).filter((f) => inRegion(f.c));
    return { found, pixels, seen: [], best: r.best, ...(r.template ? { template: r.template } : {}), total: found.length, hidden: 0 };
  }
  if (t.kind !== 'text') throw new Error(`unknown target kind ${(t as { kind: string }).kind}`);
  if (!env.text) throw runtimeError(`${env.source}: ${describeQuery(t)} needs OCR (text on screen), which is not available`);
  const r = await env.text.find(pixels, t.text, { exact: t.exact, region: t.region });
  const found = r.matches.map((c, index) => ({ c, index })).filter((f) => inRegion(f.c));
  return { found, pixels, seen: r.seen, best: null, total: found.length, hidden: 0 };
};

/** The box a point target resolves to: POINT_BOX_PX square around it, on the screen. */
const pointBox = (p: { x: number; y: number }, screen: ResolveEnv['screen']): Box =>
  clipToScreen({ x: p.x - POINT_BOX_PX / 2, y: p.y - POINT_BOX_PX / 2, width: POINT_BOX_PX, height: POINT_BOX_PX }, screen);

const finish = (t: Target, box: Box, source: ResolvedTarget['source'], label: string, at?: { x: number; y: number }): ResolvedTarget => {
  const c = at ?? centre(box);
  const off = t.offset ?? { x: 0, y: 0 };
  // Labels are for people and logs: a secret that happens to be on screen never reaches them.
  return { box, point: { x: Math.round(c.x + off.x), y: Math.round(c.y + off.y) }, source, label: scrub(label) };
};

/**
 * Finds `target` on screen (or in the browser's page) and answers its box, the point an action
 * uses (box centre + offset, rounded to whole px), how it was found and a label. Looks again
 * every pollMs until found or `timeoutMs` (default 10 s) passes; `near` is resolved first (with
 * its own timeout). A DOM match outside the browser's viewport is brought into view on camera
 * (browser.reveal) before its box is used. A DOM match whose click point shows another element (a
 * modal over it: Candidate.coveredBy) is not used: looked for again until the timeout (the cover
 * may go away), then a miss. A point resolves to a POINT_BOX_PX square around it.
 *
 * Throws a runtime ScreenplayError (exit 2) on a miss: one line starting "file:line:col: " that
 * says what was looked for and for how long, what was seen instead (the closest texts on screen
 * with their boxes; an image's best score; how many elements matched and whether they were
 * hidden, or the page's elements of that role), and where the screen was saved.
 */
export const resolveTarget = async (target: Target, env: ResolveEnv): Promise<ResolvedTarget> => {
  if (target.kind === 'point') return finish(target, pointBox(target, env.screen), 'point', `point (${target.x}, ${target.y})`, target);
  const near = target.near ? await resolveTarget(target.near, env) : null;
  const timeoutMs = target.timeoutMs ?? DEFAULT_TARGET_TIMEOUT_MS;
  const deadline = env.now() + timeoutMs;
  const nth = target.nth ?? 1;
  let last: Look;
  let covered: Covered | null;
  for (;;) {
    last = await look(target, env);
    covered = null;
    const ordered = near ? byDistance(last.found, (f) => f.c.box, near.point) : readingOrder(last.found, (f) => f.c.box);
    const pick = ordered[nth - 1];
    if (pick) {
      const r = await picked(target, pick, env);
      if (!('covered' in r)) return r;
      covered = r.covered;
    }
    const left = deadline - env.now();
    if (left <= 0) break;
    await env.sleep(Math.min(env.pollMs ?? TARGET_POLL_MS, left));
  }
  throw await miss(target, last, env, timeoutMs, covered);
};

/**
 * resolveTarget, then the point checked against the screen: a point off it (an offset past the
 * edge) throws an Error naming `what` ("click target"), what was found, the point and the screen.
 */
export const resolveOnScreen = async (target: Target, what: string, env: ResolveEnv): Promise<ResolvedTarget> => {
  const r = await resolveTarget(target, env);
  const off = target.offset ? ` offset by (${target.offset.x}, ${target.offset.y})` : '';
  const named =
    target.kind === 'point'
      ? `${what}${off ? ` (${target.x}, ${target.y}${off})` : ''}`
      : `${what} (${target.kind === 'image' ? target.image : r.label}${off})`;
  requireOnScreen(r.point, env.screen, named);
  return r;
};

const picked = async (t: Target, f: Found, env: ResolveEnv): Promise<ResolvedTarget | { covered: Covered }> => {
  const q = domQuery(t);
  if (q) {
    const browser = needsBrowser(env, t);
    // Off the page's visible area: scrolled into view on camera first; the new box is the one used.
    const c = boxInside(f.c.box, browser.viewport) ? f.c : await browser.reveal(q, f.index, { exact: t.exact, ...(t.offset ? { offset: t.offset } : {}) });
    const r = finish(t, c.box, 'dom', c.label || describeQuery(t));
    // A click there would reach the element over it: not usable (yet).
    return c.coveredBy ? { covered: { c, point: r.point } } : r;
  }
  if (t.kind === 'image') return finish(t, f.c.box, 'image', t.image);
  return finish(t, f.c.box, 'text', f.c.label || describeQuery(t));
};

/** Saves the screen of the last look (or a fresh grab) as `miss-<name>.png`; answers the path or null. */
const saveScreen = async (env: ResolveEnv, pixels: Pixels | null): Promise<string | null> => {
  if (!env.debugDir || !env.savePng) return null;
  try {
    const px = pixels ?? (await env.grab());
    fs.mkdirSync(env.debugDir, { recursive: true });
    const file = path.join(env.debugDir, `miss-${env.missName.replace(/[^A-Za-z0-9_-]/g, '-')}.png`);
    env.savePng(file, px, { opaque: true });
    return file;
  } catch {
    return null; // the message matters more than the picture
  }
};

/** An image miss's files: `not-found-<stem>-screen.png` and `-template.png` in the debug dir. */
const saveImageMiss = async (env: ResolveEnv, image: string, last: Look): Promise<string[]> => {
  if (!env.debugDir || !env.savePng || !last.pixels) return [];
  try {
    fs.mkdirSync(env.debugDir, { recursive: true });
    const stem = path.basename(image).replace(/\.[^.]+$/, '');
    const screen = path.join(env.debugDir, `not-found-${stem}-screen.png`);
    env.savePng(screen, last.pixels, { opaque: true });
    if (!last.template) return [screen];
    const template = path.join(env.debugDir, `not-found-${stem}-template.png`);
    env.savePng(template, last.template, { opaque: false });
    return [screen, template];
  } catch {
    return [];
  }
};

/** A page-given name in a message: printable ASCII-ish, at most 60 chars. */
const quoteFree = (s: string) => s.replace(/[^\w#.:-]/g, '').slice(0, 60) || 'another element';
const plural = (role: string) => (/(s|x|ch|sh)$/.test(role) ? `${role}es` : `${role}s`);
const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

const miss = async (t: Target, last: Look, env: ResolveEnv, timeoutMs: number, covered: Covered | null = null): Promise<Error> => {
  const nth = t.nth ?? 1;
  const where = t.region ? ` in the region ${boxText(t.region)}` : '';
  const after = `after ${seconds(timeoutMs)}`;
  const found = last.found.length;
  let text: string;
  const q = domQuery(t);
  if (q) {
    const what = describeQuery(t);
    const visible = found;
    if (covered) {
      const by = `covered by ${quoteFree(covered.c.coveredBy ?? '')} at (${covered.point.x}, ${covered.point.y})`;
      text =
        visible === 1 && !t.near
          ? `${what} matched ${count(last.total, 'element')}${where}, ${by} ${after}`
          : `${what} matched ${count(last.total, 'element')}${where}; the ${t.near ? 'one nearest' : ordinal(nth)} is ${by} ${after}`;
    } else if (last.total === 0) {
      text = `${what} matched nothing${where} ${after}`;
      if (last.inFrames) text += ` (${last.inFrames} match${last.inFrames === 1 ? '' : 'es'} inside iframes, which screenplay does not search)`;
      if (q.kind === 'role' && q.name !== undefined && env.browser) {
        // What the page does have of that role, so the name can be corrected.
        const all = await env.browser.find({ kind: 'role', role: q.role }).catch(() => null);
        const names = (all?.matches ?? []).map((c) => c.label.replace(new RegExp(`^${q.role}\\s+`), '')).filter(Boolean);
        text += names.length
          ? `; ${plural(q.role)} on the page: ${names.slice(0, 8).join(', ')}${names.length > 8 ? `, … (${names.length - 8} more)` : ''}`
          : `; there is no ${q.role} on the page`;
      }
    } else if (visible === 0 && last.hidden === last.total) {
      const all = last.total === 1 ? 'hidden' : last.total === 2 ? 'both hidden' : `all ${last.total} hidden`;
      text = `${what} matched ${count(last.total, 'element')}, ${all} (display:none or zero size) ${after}`;
    } else if (visible === 0) {
      text = `${what} matched ${count(last.total, 'element')}${last.hidden ? ` (${last.hidden} hidden)` : ''}, none of them${where} ${after}`;
    } else {
      text = `${what} matched ${count(visible, 'visible element')}${where}, but nth asks for the ${ordinal(nth)} ${after}`;
    }
  } else if (t.kind === 'image') {
    // Worded as wait_for_image always was; the template is saved beside the screen.
    const b = last.best;
    const best = b
      ? `the best match scored ${(b.score ?? 0).toFixed(3)} at (${Math.round(b.box.x)}, ${Math.round(b.box.y)})`
      : 'nothing on screen was comparable';
    const saved = await saveImageMiss(env, t.image, last);
    return runtimeError(
      scrub(
        `${env.source}: expected ${t.image} on screen${where} within ${seconds(timeoutMs)} (confidence ${t.confidence ?? 0.9}), but ${best}${saved.length ? `; saved the last screen and the template: ${saved.join(', ')}` : ''}`,
      ),
    );
  } else {
    const what = describeQuery(t);
    if (found > 0) text = `${what} is on screen ${found} time(s)${where}, but nth asks for the ${ordinal(nth)} ${after}`;
    else {
      const close = closestTexts(t.kind === 'text' ? t.text : '', last.seen);
      text = `no ${what} on screen${where} ${after}; ${close.length ? `closest texts seen: ${close.map((s) => `${quote(s.text, 40)} at ${boxText(s.box)}`).join(', ')}` : 'no text was read on screen'}`;
    }
  }
  const saved = await saveScreen(env, last.pixels);
  return runtimeError(scrub(`${env.source}: ${text}${saved ? `; the screen is saved as ${saved}` : ''}`));
};
