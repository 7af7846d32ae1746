import { describe, expect, it } from 'vitest';
import { parseAsciicast, toAsciicast } from '../../src/capture/asciicast';

const cast = (typescript: string | Buffer, timing: string) =>
  parseAsciicast(toAsciicast({ typescript: Buffer.isBuffer(typescript) ? typescript : Buffer.from(typescript), timing, width: 80, height: 24, title: 't', startWallMs: 1_795_000_000_500 }));

describe('toAsciicast', () => {
  it('skips script’s header line and times each chunk from the start', () => {
    const c = cast('Script started on 2026-11-26 [COMMAND="bash"]\n$ ls\r\nfile\r\n', '0.5 6\n0.25 6\n');
    expect(c.header).toEqual({ version: 2, width: 80, height: 24, timestamp: 1_795_000_000, title: 't', env: { TERM: 'xterm-256color', SHELL: '/bin/bash' } });
    expect(c.events).toEqual([
      [0.5, 'o', '$ ls\r\n'],
      [0.75, 'o', 'file\r\n'],
    ]);
  });

  it.each([
    { name: 'a multi-byte character split across two chunks is decoded whole', ts: Buffer.from('é✓', 'utf8'), timing: '0.1 1\n0.1 3\n0.1 1\n', want: [[0.2, 'o', 'é'], [0.3, 'o', '✓']] },
    { name: 'bytes the timing file does not cover yet (not flushed) are left out', ts: Buffer.from('abcdef'), timing: '0.1 3\n0.2 10\n', want: [[0.1, 'o', 'abc']] },
    { name: 'no header line: everything is session output', ts: Buffer.from('hi'), timing: '1 2\n', want: [[1, 'o', 'hi']] },
    { name: 'a malformed timing line is skipped', ts: Buffer.from('ab'), timing: 'garbage\n0.5 2\n', want: [[0.5, 'o', 'ab']] },
  ])('$name', ({ ts, timing, want }) => expect(cast(ts, timing).events).toEqual(want));

  it('a file that is not asciicast v2 is refused', () => {
    expect(() => parseAsciicast('{"version":1}\n')).toThrow(/expected an asciicast v2 header/);
  });
});
