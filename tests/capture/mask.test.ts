import { describe, expect, it } from 'vitest';
import { maskPrintable } from '../../src/capture/terminal';

describe('masking what a terminal prints while a secret is typed', () => {
  it.each([
    { name: 'plain echo', input: 'hunter2', want: '•••••••' },
    { name: 'colours and line ends stay, so the screen keeps its layout', input: 'hu\x1b[31mn\x1b[0mter2\r\n', want: '••\x1b[31m•\x1b[0m••••\r\n' },
    { name: 'shell marks stay', input: '\x1b]133;A\x07$ ', want: '\x1b]133;A\x07••' },
    { name: 'multi-byte characters are one dot each', input: 'é✓', want: '••' },
    { name: 'backspaces and bells stay', input: 'a\x08b\x07', want: '•\x08•\x07' },
  ])('$name', ({ input, want }) => expect(maskPrintable(input)).toBe(want));
});
