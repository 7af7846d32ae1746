/**
 * Field types several schemas share (actions, targets): a duration and an image path. Pure.
 */
import { z } from 'zod';
import { parseDuration } from './duration';
import { zPath } from './script-paths';

/**
 * A duration string ("2s", "500ms"); validated with a helpful message, converted to ms. Any value
 * reaches parseDuration (a zod union would answer a bare "Invalid input" for .nan, .inf, a list or
 * a missing value); the type says what a script should give.
 */
export const zDuration = () =>
  z
    .custom<string | number>(() => true)
    .superRefine((v, ctx) => {
      const r = parseDuration(v);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
    })
    .transform((v) => {
      const r = parseDuration(v);
      return r.ok ? r.ms : 0;
    })
    .meta({ screenplay: 'duration' });

/** A path to an image, relative to the file that names it (resolved inside the project). */
export const zImage = () => zPath('file');
