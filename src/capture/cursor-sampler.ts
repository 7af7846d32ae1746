/**
 * Samples the pointer for the whole capture, at 60 Hz or more, whoever moves it (the driver, a
 * window that warps it, a person): the log records where it really was, not only where the
 * driver sent it. Repeated positions are not logged again.
 */
export type PointerSource = () => Promise<{ x: number; y: number }>;

export type CursorSampler = { stop: () => Promise<number> };

export const startCursorSampler = (read: PointerSource, onSample: (p: { x: number; y: number }, wallMs: number) => void, hz = 60): CursorSampler => {
  let running = true;
  let count = 0;
  let last: { x: number; y: number } | null = null;
  const interval = 1000 / hz;
  const loop = (async () => {
    let next = performance.now();
    while (running) {
      const p = await read();
      const wall = performance.timeOrigin + performance.now();
      if (!last || last.x !== p.x || last.y !== p.y) {
        onSample(p, wall);
        last = p;
        count++;
      }
      next += interval;
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else next = performance.now(); // fell behind: do not try to catch up in a burst
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return count;
    },
  };
};
