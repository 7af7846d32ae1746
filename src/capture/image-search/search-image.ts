/**
 * One image search on one screen grab, in the shape the target resolver takes (a Candidate for
 * a match, the best place seen for a miss): findTemplate with the `@Nx` scale the file name
 * declares. A template with nothing to look for is a runtime error naming the step.
 */
import { runtimeError } from '../../errors';
import type { Candidate } from '../../targets/types';
import type { ImageSearch } from '../../targets/resolve';
import { findTemplate, TemplateError, templateScaleFromName, type Pixels, type TemplateMatch } from './find-template';
import type { CV } from './opencv';

const candidate = (m: TemplateMatch, label: string): Candidate => ({ box: { x: m.x, y: m.y, width: m.width, height: m.height }, label, score: m.score });

/**
 * Searches `screen` for `template` (named `name`, a project path: its `@Nx` declares the scale)
 * with `confidence` (0–1, default 0.9) inside `region` (screen px). `source` ("file:line:col")
 * starts the error for an unsearchable template.
 */
export const searchImage = (
  cv: CV,
  screen: Pixels,
  template: Pixels,
  name: string,
  opts: { confidence?: number; region?: { x: number; y: number; width: number; height: number }; source: string },
): ImageSearch => {
  try {
    const r = findTemplate(cv, screen, template, { confidence: opts.confidence, region: opts.region, templateScale: templateScaleFromName(name) });
    return { matches: r.match ? [candidate(r.match, name)] : [], best: r.best ? candidate(r.best, name) : null, template };
  } catch (err) {
    if (err instanceof TemplateError) throw runtimeError(`${opts.source}: expected ${name} to show something to look for, but ${err.message}`);
    throw err;
  }
};
