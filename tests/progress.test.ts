/** The CLI's progress line: warnings get their own line, never throttled or overwritten. */
import { describe, expect, it } from 'vitest';
import { progressLine } from '../src/cli/progress';

const stream = (isTTY: boolean) => {
  const out: string[] = [];
  return { out, s: { isTTY, write: (t: string) => out.push(t) } as unknown as NodeJS.WriteStream };
};

describe.each([true, false])('progressLine (terminal: %s)', (isTTY) => {
  it('two warnings in a row both show, each ending its line', () => {
    const { out, s } = stream(isTTY);
    const p = progressLine('Landscape', s);
    p.update({ renderedFrames: 0, totalFrames: 0, fps: 0, stage: 'drawing layers' });
    p.update({ renderedFrames: 0, totalFrames: 0, fps: 0, stage: 'first', warning: true });
    p.update({ renderedFrames: 0, totalFrames: 0, fps: 0, stage: 'second', warning: true });
    const text = out.join('');
    expect(text).toMatch(/Landscape: warning: first\n/);
    expect(text).toMatch(/Landscape: warning: second\n/);
  });
});
