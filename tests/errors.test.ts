import { describe, expect, it } from 'vitest';
import { errorLine, isStackLine } from '../src/errors';

const withStack = (message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), extra);

describe('errorLine: one line for the user from anything thrown', () => {
  it.each([
    { name: 'a plain Error: its message, no stack', err: withStack('boom'), line: 'boom' },
    {
      name: 'a message with stack frames in it (Remotion passes page errors on so)',
      err: withStack('Invalid props: x\n    at calculateMetadata (http://localhost/bundle.js:1:2)\n    at async run (x.js:3:4)'),
      line: 'Invalid props: x',
    },
    { name: 'leading blank lines skipped', err: withStack('\n\nthe cause\nmore detail'), line: 'the cause' },
    {
      name: "execa's error: the program only (not its long command) and the last stderr line",
      err: withStack(
        'Command failed with exit code 1: ffmpeg -i /a/very/long -filter_complex [0]x[1] out.mp4\n\nffmpeg version 6\n/a/very/long: Invalid data found when processing input',
        {
          shortMessage: 'Command failed with exit code 1: ffmpeg -i /a/very/long -filter_complex [0]x[1] out.mp4',
          command: 'ffmpeg -i /a/very/long -filter_complex [0]x[1] out.mp4',
          stderr: 'ffmpeg version 6\n/a/very/long: Invalid data found when processing input\n',
        },
      ),
      line: 'Command failed with exit code 1: ffmpeg: /a/very/long: Invalid data found when processing input',
    },
    {
      name: "a schema library's error (zod): the first problem at its path, not a JSON dump",
      err: Object.assign(new Error('[\n  {\n    "code": "too_small"'), {
        issues: [
          { path: ['lines', 0, 'durationMs'], message: 'Too small: expected number to be >0' },
          { path: ['version'], message: 'x' },
        ],
      }),
      line: 'lines[0].durationMs: Too small: expected number to be >0 (and 1 more)',
    },
    { name: 'a string thrown', err: 'just a string', line: 'just a string' },
    { name: 'undefined thrown', err: undefined, line: 'undefined' },
  ])('$name', ({ err, line }) => {
    expect(errorLine(err)).toBe(line);
  });

  it('at most 400 characters', () => {
    expect(errorLine(new Error('x'.repeat(1000)))).toHaveLength(400);
  });

  it('knows a stack frame line', () => {
    expect(isStackLine('    at foo (bar.js:1:2)')).toBe(true);
    expect(isStackLine('at the start of a sentence')).toBe(false);
  });
});
