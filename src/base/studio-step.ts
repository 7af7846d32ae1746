/**
 * The step of a number field in Studio's props panel, without refusing a value off it.
 *
 * Remotion Studio reads a number field's step from a zod `multiple_of` check
 * (@remotion/studio's getZodNumberStep: `_zod.def.check === 'multiple_of'`, `_zod.def.value`).
 * A real `.multipleOf()` would also make every render refuse a script's `zoomLevel: 2.53`, a value
 * finer than the panel's arrows, which rendered before the panel had steps. This check carries the
 * step for the panel and for the docs (schema-fields.ts reads it the same way) and accepts every
 * number: ranges and whole-number rules still refuse what cannot be drawn.
 */
import { z } from 'zod';

/** `z.number().check(studioStep(0.05))`: Studio's arrows move by 0.05; any number passes. */
export const studioStep = (step: number): ReturnType<typeof z.multipleOf> => {
  const check = z.multipleOf(step);
  check._zod.check = () => {};
  return check;
};
