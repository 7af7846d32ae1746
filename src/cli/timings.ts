/**
 * SCREENPLAY_TIMINGS=FILE: render and demo write where their time went, as JSON, for the
 * benchmark (bench/render-bench.ts):
 *   { command, totalMs, startupMs, renders: [{ composition, frames, stages: { name: ms }, compositeFps, cached }] }
 * totalMs and startupMs count from the process's start (Node's performance.timeOrigin);
 * startupMs ends where the command began its work. One entry per render run (several
 * compositions rendered together are one entry, their names joined by "+").
 */
import fs from 'node:fs';
import type { RenderResult } from '../render/render';
import type { CompositionName } from '../formats';

/** A timing record for one command: `start()` when its work begins, `run()` per render run, `write()` at the end (a no-op without SCREENPLAY_TIMINGS). */
export const commandTimings = (command: string) => {
  const startupMs = Math.round(performance.now());
  const renders: unknown[] = [];
  return {
    run: (compositions: readonly CompositionName[], results: readonly RenderResult[]) => {
      const first = results[0];
      if (!first) return;
      renders.push({
        composition: compositions.join('+'),
        frames: results.reduce((n, r) => n + r.durationInFrames, 0),
        stages: first.stages,
        ...(first.compositeFps !== undefined ? { compositeFps: Math.round(first.compositeFps * 10) / 10 } : {}),
        cached: results.map((r) => r.cached),
      });
    },
    write: () => {
      const file = process.env.SCREENPLAY_TIMINGS;
      if (!file) return;
      try {
        fs.writeFileSync(file, `${JSON.stringify({ command, totalMs: Math.round(performance.now()), startupMs, renders }, null, 1)}\n`);
      } catch {
        /* timings are for the benchmark: never fail a render over them */
      }
    },
  };
};
