import { describe, expect, it } from 'vitest';
import { asciicastText, parseAsciicast, type AsciicastEvent } from '../../src/capture/asciicast';

describe('asciicast v2', () => {
  const header = {
    version: 2 as const,
    width: 80,
    height: 24,
    timestamp: 1_795_000_000,
    title: 't',
    theme: { fg: '#ffffff', bg: '#000000', palette: Array(16).fill('#123456').join(':') },
  };
  it.each<{ name: string; events: AsciicastEvent[] }>([
    {
      name: 'plain output',
      events: [
        [0.5, 'o', '$ ls\r\n'],
        [0.75, 'o', 'file\r\n'],
      ],
    },
    {
      name: 'escape sequences and marks survive as JSON escapes',
      events: [
        [0, 'o', '\x1b]133;A\x07\x1b[38;5;111m$ \x1b[0m'],
        [0.1, 'o', '\x1b[?2004h'],
      ],
    },
    { name: 'multi-byte text and quotes', events: [[1.25, 'o', 'é ✓ "quoted" \\ back']] },
    { name: 'no events', events: [] },
  ])('$name: one header line, one line per event, read back unchanged', ({ events }) => {
    const text = asciicastText(header, events);
    expect(text.trimEnd().split('\n')).toHaveLength(1 + events.length);
    expect(parseAsciicast(text)).toEqual({ header, events });
  });

  it('a file that is not asciicast v2 is refused', () => {
    expect(() => parseAsciicast('{"version":1}\n')).toThrow(/expected an asciicast v2 header/);
  });
});
