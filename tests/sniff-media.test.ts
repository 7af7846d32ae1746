/** What a file is, from its first bytes: only plain containers reach ffmpeg or the browser. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mediaRefusal, sniffContainer } from '../src/util/sniff-media';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffContainer', () => {
  it.each([
    ['an MP4 (ftyp)', bytes([0, 0, 0, 32], 'ftypisom', [0, 0, 2, 0]), 'mp4'],
    ['a fragmented MP4 written as it records (ftyp)', bytes([0, 0, 0, 28], 'ftypiso5', [0, 0, 0, 0]), 'mp4'],
    ['an old QuickTime file (moov first)', bytes([0, 0, 1, 0], 'moov', [0, 0, 0, 0]), 'mp4'],
    ['Matroska/WebM', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]), 'matroska'],
    ['WAV', bytes('RIFF', [36, 0, 0, 0], 'WAVEfmt '), 'wav'],
    ['WebP', bytes('RIFF', [36, 0, 0, 0], 'WEBPVP8 '), 'webp'],
    ['MP3 with ID3', bytes('ID3', [4, 0, 0, 0, 0, 0, 0]), 'mp3'],
    ['MP3 frame sync', bytes([0xff, 0xfb, 0x90, 0x64]), 'mp3'],
    ['Ogg', bytes('OggS', [0, 2, 0, 0]), 'ogg'],
    ['FLAC', bytes('fLaC', [0, 0, 0, 34]), 'flac'],
    ['PNG', bytes([0x89], 'PNG\r\n\x1a\n'), 'png'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'jpeg'],
    ['GIF', bytes('GIF89a', [1, 0]), 'gif'],
    ['an HLS playlist', bytes('#EXTM3U\n#EXTINF:2,\n/etc/x.ts\n'), null],
    ['an ffconcat list', bytes('ffconcat version 1.0\nfile a.mp4\n'), null],
    ['text', bytes('hello, this is not a video\n'), null],
    ['nothing', bytes(), null],
    ['a short file', bytes([0, 0]), null],
  ])('%s → %s', (_, head, want) => {
    expect(sniffContainer(head)).toBe(want);
  });
});

describe('mediaRefusal', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-sniff-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, b: Buffer) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, b);
    return f;
  };
  it.each([
    ['an MP4 as a video', bytes([0, 0, 0, 32], 'ftypisom', [0, 0, 2, 0]), 'video', null],
    ['a WAV as audio', bytes('RIFF', [36, 0, 0, 0], 'WAVEfmt '), 'audio', null],
    ['an M4A (MP4) as audio', bytes([0, 0, 0, 32], 'ftypM4A ', [0, 0, 2, 0]), 'audio', null],
    ['a PNG as an image', bytes([0x89], 'PNG\r\n\x1a\n'), 'image', null],
    ['an HLS playlist as a video', bytes('#EXTM3U\n'), 'video', /is an HLS playlist \(it would make ffmpeg read the files it lists\), not a video/],
    ['an HLS playlist as audio', bytes('#EXTM3U\n'), 'audio', /is an HLS playlist .*, not an audio file/],
    ['an ffconcat list', bytes('ffconcat version 1.0\n'), 'video', /is an ffconcat list/],
    ['a WAV as a video', bytes('RIFF', [36, 0, 0, 0], 'WAVEfmt '), 'video', /is a wav file, not a video/],
    ['an MP4 as an image', bytes([0, 0, 0, 32], 'ftypisom', [0, 0, 2, 0]), 'image', /is an MP4 video, not an image/],
    ['text as a video', bytes('hello'), 'video', /is not a video screenplay reads \(MP4\/MOV, Matroska\/WebM\)/],
    ['an MP3 with an ID3 tag', bytes('ID3', [4, 0, 0, 0, 0, 0, 4], 'TAGS', [0xff, 0xfb, 0x90, 0x64]), 'audio', null],
    [
      'an ID3 tag in front of an ffconcat list',
      bytes('ID3', [4, 0, 0, 0, 0, 0, 0], 'ffconcat version 1.0\nfile leak.wav\n'),
      'audio',
      /is not an audio file screenplay reads/,
    ],
    [
      'an ID3 tag in front of an HLS playlist',
      bytes('ID3', [4, 0, 0, 0, 0, 0, 0], '#EXTM3U\n#EXTINF:10,\nfile:///tmp/x.mp3\n'),
      'audio',
      /is not an audio file screenplay reads/,
    ],
    ['an ID3 tag and nothing after it', bytes('ID3', [4, 0, 0, 0, 0, 0, 0]), 'audio', /is not an audio file screenplay reads/],
  ] as const)('%s', (name, b, kind, want) => {
    const r = mediaRefusal(file(name.replace(/\W+/g, '-'), b), kind);
    if (want === null) expect(r).toBeNull();
    else expect(r).toMatch(want);
  });
  it('a file that cannot be read', () => {
    expect(mediaRefusal(path.join(dir, 'missing'), 'video')).toBe('cannot be read');
  });
});
