import type { RenderProgress } from '../render/render';
import { scrub } from '../secrets';

/** A time left in seconds as the progress lines show it: "45s", "3m05s". */
export const fmtEta = (s: number): string => (s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`);

/** A single progress line on stderr, rewritten in place on a terminal; warnings (`warning: true`) each on a line of their own, "warning: " written once. */
export const progressLine = (label: string, stream: NodeJS.WriteStream = process.stderr) => {
  let last = 0;
  return {
    update: (p: RenderProgress) => {
      // A warning is a line of its own: never throttled, never overwritten.
      if (p.warning) {
        stream.write(`${stream.isTTY ? '\r\x1b[2K' : ''}${scrub(`${label}: warning: ${p.stage.replace(/^warning:\s*/, '')}`)}\n`);
        return;
      }
      const now = Date.now();
      if (now - last < 250 && p.renderedFrames !== p.totalFrames) return;
      last = now;
      const text =
        p.stage === 'rendering'
          ? `${label}: ${p.renderedFrames}/${p.totalFrames} frames (${((100 * p.renderedFrames) / Math.max(1, p.totalFrames)).toFixed(0)}%), ${p.fps.toFixed(1)} fps, eta ${fmtEta(p.fps > 0 ? (p.totalFrames - p.renderedFrames) / p.fps : 0)}`
          : `${label}: ${p.stage}`;
      if (stream.isTTY) stream.write(`\r\x1b[2K${scrub(text)}`);
      else if (p.stage !== 'rendering' || p.renderedFrames % 60 === 0 || p.renderedFrames === p.totalFrames) stream.write(`${scrub(text)}\n`);
    },
    done: (text: string) => {
      if (stream.isTTY) stream.write('\r\x1b[2K');
      stream.write(scrub(`${label}: ${text}\n`));
    },
  };
};
