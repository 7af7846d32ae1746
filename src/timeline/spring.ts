/**
 * A damped spring simulated at a fixed step, so that the value at a given time is the same
 * whatever the frame rate that samples it: preview equals export, seeking is deterministic.
 * Pure.
 */
export type SpringConfig = {
  /** Also called tension. */
  stiffness: number;
  /** Also called friction. */
  damping: number;
  mass: number;
};

/** Simulation step. 1 ms keeps the integration exact enough for any spring we use. */
export const SPRING_STEP_MS = 1;

export type SpringState = { value: number; velocity: number };

/** Advances one step (semi-implicit Euler). Mutates and returns `state`. */
export const stepSpring = (state: SpringState, target: number, config: SpringConfig, stepMs: number = SPRING_STEP_MS): SpringState => {
  const dt = stepMs / 1000;
  const force = -config.stiffness * (state.value - target) - config.damping * state.velocity;
  state.velocity += (force / config.mass) * dt;
  state.value += state.velocity * dt;
  return state;
};

/**
 * Simulates a spring chasing `targets` (one target per step, index i = time i*stepMs).
 * Returns the value at every step; the first is `targets[0]` (at rest on its target).
 */
export const simulateSpring = (targets: ArrayLike<number>, config: SpringConfig, stepMs: number = SPRING_STEP_MS): Float64Array => {
  const out = new Float64Array(targets.length);
  if (targets.length === 0) return out;
  // stepSpring's arithmetic, in the same order, on locals (a 10-minute take has 600k steps).
  const dt = stepMs / 1000;
  const { stiffness, damping, mass } = config;
  let value = targets[0] as number;
  let velocity = 0;
  out[0] = value;
  for (let i = 1; i < targets.length; i++) {
    const force = -stiffness * (value - (targets[i] as number)) - damping * velocity;
    velocity += (force / mass) * dt;
    value += velocity * dt;
    out[i] = value;
  }
  return out;
};

/** Value of a stepped track at any time, linearly interpolated between steps. */
export const sampleTrack = (track: ArrayLike<number>, tMs: number, stepMs: number = SPRING_STEP_MS): number => {
  if (track.length === 0) return 0;
  const pos = Math.min(Math.max(tMs / stepMs, 0), track.length - 1);
  const i = Math.floor(pos);
  const frac = pos - i;
  const a = track[i] as number;
  if (frac === 0 || i + 1 >= track.length) return a;
  return a + ((track[i + 1] as number) - a) * frac;
};

/** Time for a spring released at distance 1 to stay within `tolerance` of its target. */
export const settleTimeMs = (config: SpringConfig, tolerance = 0.02, maxMs = 10_000): number => {
  const state: SpringState = { value: 1, velocity: 0 };
  let lastOutside = 0;
  for (let t = 1; t <= maxMs; t++) {
    stepSpring(state, 0, config);
    if (Math.abs(state.value) > tolerance) lastOutside = t;
  }
  return lastOutside;
};
