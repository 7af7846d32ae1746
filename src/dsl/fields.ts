/**
 * Field types several schemas share (actions, targets): a duration and an image path. Pure.
 */
import { z } from 'zod';
import { parseDuration, type Duration } from './duration';
import { zPath } from './script-paths';

/**
 * A duration string ("2s", "500ms"); validated with a helpful message, converted to ms. Any value
 * reaches parseDuration (a zod union would answer a bare "Invalid input" for .nan, .inf, a list or
 * a missing value). Its input type is Duration ("2s", "500ms"): what a script should give, so a
 * TypeScript script's bare number is refused by tsc too (the check itself still takes anything).
 */
export const zDuration = () =>
  z
    .custom<Duration>(() => true)
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
