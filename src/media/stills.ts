/**
 * Where the recording stands still (no pixel changes), measured from the recording itself with
 * ffmpeg's mpdecimate: a frame counts as changed when any 8x8 block changed noticeably, so one
 * typed character is a change while encoder noise is not. The stretches between changed frames
 * that last at least `minMs` are the still ones.
 */
import { spawnSync } from 'node:child_process';

export type Still = { fromMs: number; toMs: number };

export const detectStills = (recording: string, durationMs: number, minMs = 1000): Still[] => {
  const r = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-nostats', '-i', recording, '-map', '0:v', '-vf', 'mpdecimate=hi=768:lo=320:frac=0.33:max=0,showinfo', '-f', 'null', '-'],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (r.status !== 0) throw new Error(`could not analyse ${recording}: ${r.stderr.slice(-400)}`);
  const changed = [...r.stderr.matchAll(/pts_time:\s*([\d.]+)/g)].map((m) => Number(m[1]) * 1000);
  const stills: Still[] = [];
  const edges = [...changed, durationMs];
  for (let i = 0; i + 1 < edges.length; i++) {
    // A frame that changed shows until the next one does: the still part starts one frame later.
    const from = (edges[i] as number) + 1;
    const to = edges[i + 1] as number;
    if (to - from >= minMs) stills.push({ fromMs: Math.round(from), toMs: Math.round(to) });
  }
  return stills;
};
