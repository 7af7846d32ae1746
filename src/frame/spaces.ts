/**
 * Coordinate spaces, and the camera's projection between them: the one place the recording's
 * pixels are mapped to the video's.
 *
 * - screen  px of the recorded screen (the capture log's coordinates; the camera's view is a
 *           rectangle in this space)
 * - stage   px of the composition, relative to the stage's top-left corner (where the screen
 *           is shown): the composite path draws the cursor and ripples in this space
 * - output  px of the composition, from the frame's top-left corner
 *
 * Points and rectangles carry their space as a type brand, so passing a screen point where an
 * output point is expected is a compile error, not a misplaced cursor. Values are made with
 * `at`/`area` (or a conversion below) and read like plain points and rectangles.
 */
import type { Point, Rect, Size } from '../base/geometry';
import { viewRect, baseViewSize, type Camera } from '../timeline/view';

export type Space = 'screen' | 'stage' | 'output';
declare const SPACE: unique symbol;
/** A point in a named space. */
export type At<S extends Space> = Point & { readonly [SPACE]: S };
/** A rectangle in a named space. */
export type Area<S extends Space> = Rect & { readonly [SPACE]: S };

/** A point in space `S` (the brand exists only in types). */
export const at = <S extends Space>(_space: S, p: Point): At<S> => ({ x: p.x, y: p.y }) as At<S>;
/** A rectangle in space `S`. */
export const area = <S extends Space>(_space: S, r: Rect): Area<S> => ({ x: r.x, y: r.y, width: r.width, height: r.height }) as Area<S>;

/**
 * The camera at one frame: which part of the screen shows (`view`, screen px), where it shows
 * (`stage`, output px), and the scale between them (`k`: stage px per screen px; `k0`: the
 * same at zoom 1, the scale the recording is laid out at before the camera zooms).
 */
export type Projection = { view: Area<'screen'>; stage: Area<'output'>; k: number; k0: number };

/**
 * The projection of a camera (zoom, centre in screen px) onto a stage (output px) for a screen
 * of `screen` px whose view has the stage's aspect (`viewAspect`, width / height).
 */
export const projection = (camera: Camera, screen: Size, viewAspect: number, stage: Rect): Projection => {
  const view = viewRect(camera, screen, viewAspect);
  return {
    view: area('screen', view),
    stage: area('output', stage),
    k: stage.width / view.width,
    k0: stage.width / baseViewSize(screen, viewAspect).width,
  };
};

/** A screen point as the camera shows it, in stage px (anywhere: not cut to the stage). */
export const screenToStage = (p: At<'screen'>, pr: Projection): At<'stage'> => at('stage', { x: (p.x - pr.view.x) * pr.k, y: (p.y - pr.view.y) * pr.k });

/** A stage point in output px. */
export const stageToOutput = (p: At<'stage'>, pr: Projection): At<'output'> => at('output', { x: pr.stage.x + p.x, y: pr.stage.y + p.y });

/** A screen point as the camera shows it, in output px (anywhere: not cut to the stage). */
export const screenToOutput = (p: At<'screen'>, pr: Projection): At<'output'> => stageToOutput(screenToStage(p, pr), pr);

/** A screen rectangle as the camera shows it, in output px (not cut to the stage). */
export const screenAreaToOutput = (r: Area<'screen'>, pr: Projection): Area<'output'> => {
  const p = screenToOutput(at('screen', r), pr);
  return area('output', { x: p.x, y: p.y, width: r.width * pr.k, height: r.height * pr.k });
};

/** Whether an output point lies on the stage (edges included). */
export const onStage = (p: At<'output'>, pr: Projection): boolean =>
  p.x >= pr.stage.x && p.x <= pr.stage.x + pr.stage.width && p.y >= pr.stage.y && p.y <= pr.stage.y + pr.stage.height;

/** A screen point as the camera shows it, in output px, or null when the stage does not show it. */
export const screenToOutputOnStage = (p: At<'screen'>, pr: Projection): At<'output'> | null => {
  const q = screenToOutput(p, pr);
  return onStage(q, pr) ? q : null;
};
