/** make's one progress display: off a terminal a line per step, per stage and every 10% of a render; on one a line rewritten in place. */
import { describe, expect, it } from 'vitest';
import { makeProgressDisplay } from '../../src/cli/make-command';

const stream = (isTTY: boolean) => {
  const chunks: string[] = [];
  return { chunks, s: { isTTY, columns: 60, write: (c: string) => (chunks.push(c), true) } as unknown as NodeJS.WriteStream };
};

describe('makeProgressDisplay', () => {
  it('off a terminal: one line per step and per 10% of frames, warnings on their own', () => {
    const { chunks, s } = stream(false);
    let t = 0;
    const d = makeProgressDisplay(s, () => t);
    d.update({ stage: 'narrate', line: 'line 1/2 intro: synthesised' });
    d.update({ stage: 'capture', line: 'step 1/3 1 open_terminal (v.yaml:3:5)', steps: { done: 0, total: 3 } });
    d.update({ stage: 'capture', line: 'step 1/3 1 open_terminal (v.yaml:3:5)', steps: { done: 0, total: 3 } });
    t = 65_000;
    for (let f = 0; f <= 100; f += 5) d.update({ stage: 'render', line: 'landscape', frames: { done: f, total: 100, fps: 10 } });
    d.update({ stage: 'render', line: 'a font is missing', warning: true });
    expect(chunks.join('')).toBe(
      [
        'make [1/4 narrate] line 1/2 intro: synthesised  0:00',
        'make [2/4 capture] step 1/3 1 open_terminal (v.yaml:3:5)  0:00',
        ...[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map(
          (p) => `make [3/4 render] landscape: ${p}/100 frames (${p}%), 10.0 fps, eta ${Math.round((100 - p) / 10)}s  1:05`,
        ),
        'make [3/4 render] warning: a font is missing',
        '',
      ].join('\n'),
    );
  });

  it('on a terminal: the line is rewritten in place and cut to the width', () => {
    const { chunks, s } = stream(true);
    const d = makeProgressDisplay(s, () => 0);
    d.update({ stage: 'capture', line: 'step 2/9 2 click (a-very-long-script-name-that-goes-on.yaml:12:5)' });
    d.end();
    expect(chunks[0]).toMatch(/^\r\x1b\[2Kmake \[2\/4 capture\] step 2\/9 .*…$/);
    expect(chunks[0]!.length).toBeLessThanOrEqual('\r\x1b[2K'.length + 59);
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
  });
});
