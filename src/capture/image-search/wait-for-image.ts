/**
 * wait_for_image (and clicks on images): grab the screen, search, repeat until found or the
 * timeout. On a timeout the error names the step's source line and the best score seen, and
 * the last screen and the template are saved next to the capture for a look.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runtimeError } from '../../errors';
import { findTemplate, TemplateError, templateScaleFromName, type FindOptions, type Pixels, type TemplateMatch } from './find-template';
import type { CV } from './opencv';

export type WaitForImageOptions = FindOptions & {
  cv: CV;
  /** Grabs the screen now. */
  grab: () => Promise<Pixels>;
  template: Pixels;
  /** For messages: the template's path and the step's source (file:line:col). */
  templateName: string;
  source: string;
  timeoutMs: number;
  pollMs?: number;
  /** Where to save the last screen and the template on a timeout (the capture dir). */
  debugDir?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

/**
 * Writes raw pixels as PNG (ffmpeg does the encoding). `opaque`: the fourth channel is not alpha
 * (screen grabs from X carry 0 there) and is dropped, or the picture would be invisible.
 */
export const writePng = (file: string, img: Pixels, opts: { opaque?: boolean } = {}): void => {
  const bgr = img.order === 'bgr';
  const fmt = img.channels === 4 ? (opts.opaque ? (bgr ? 'bgr0' : 'rgb0') : bgr ? 'bgra' : 'rgba') : img.channels === 3 ? (bgr ? 'bgr24' : 'rgb24') : 'gray';
  const r = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', fmt, '-s', `${img.width}x${img.height}`, '-i', '-', '-frames:v', '1', file],
    {
      input: Buffer.from(img.data.buffer, img.data.byteOffset, img.width * img.height * img.channels),
    },
  );
  if (r.status !== 0) throw new Error(`could not write ${file}: ${r.stderr.toString()}`);
};

export const waitForImage = async (opts: WaitForImageOptions): Promise<TemplateMatch> => {
  const now = opts.now ?? (() => Date.now());
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const deadline = now() + opts.timeoutMs;
  let best: TemplateMatch | null = null;
  let last: Pixels | null = null;
  for (;;) {
    last = await opts.grab();
    let r;
    try {
      // `@2x` in the file name declares the template's scale, unless the caller did.
      r = findTemplate(opts.cv, last, opts.template, { ...opts, templateScale: opts.templateScale ?? templateScaleFromName(opts.templateName) });
    } catch (err) {
      if (err instanceof TemplateError) throw runtimeError(`${opts.source}: expected ${opts.templateName} to show something to look for, but ${err.message}`);
      throw err;
    }
    if (r.match) return r.match;
    if (r.best && (!best || r.best.score > best.score)) best = r.best;
    if (now() >= deadline) break;
    await sleep(opts.pollMs ?? 250);
  }
  const saved: string[] = [];
  if (opts.debugDir && last) {
    fs.mkdirSync(opts.debugDir, { recursive: true });
    const stem = path.basename(opts.templateName).replace(/\.[^.]+$/, '');
    const screenFile = path.join(opts.debugDir, `not-found-${stem}-screen.png`);
    const templateFile = path.join(opts.debugDir, `not-found-${stem}-template.png`);
    writePng(screenFile, last, { opaque: true });
    writePng(templateFile, opts.template);
    saved.push(screenFile, templateFile);
  }
  const bestText = best
    ? `the best match scored ${best.score.toFixed(3)} at (${best.x}, ${best.y})${best.scale !== 1 ? ` at scale ${best.scale.toFixed(2)}` : ''}`
    : 'nothing on screen was comparable';
  throw runtimeError(
    `${opts.source}: expected ${opts.templateName} on screen within ${(opts.timeoutMs / 1000).toFixed(1)} s (confidence ${opts.confidence ?? 0.9}), but ${bestText}` +
      (saved.length ? `; saved the last screen and the template: ${saved.join(', ')}` : ''),
  );
};
