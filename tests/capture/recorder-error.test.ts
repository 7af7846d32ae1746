/** The line of a recorder's stderr that says why it failed (texts as ffmpeg 5.1 prints them). */
import { describe, expect, it } from 'vitest';
import { appendTail, recorderErrorLine } from '../../src/capture/recorder-error';

const ODD = `Input #0, x11grab, from ':377.0+0,0':
  Duration: N/A, start: 1796048944.001370, bitrate: 222144 kb/s
  Stream #0:0: Video: rawvideo (BGR[0] / 0x524742), bgr0, 641x361, 222144 kb/s, 30 fps, 29.92 tbr, 1000k tbn
Stream mapping:
  Stream #0:0 -> #0:0 (rawvideo (native) -> h264 (libx264))
Press [q] to stop, [?] for help
[libx264 @ 0x557523d4ce80] width not divisible by 2 (641x361)
Error initializing output stream 0:0 -- Error while opening encoder for output stream #0:0 - maybe incorrect parameters such as bit_rate, rate, width or height
Conversion failed!
`;

describe('recorderErrorLine', () => {
  it.each([
    { name: 'odd width: the encoder says why, not the generic lines after it', text: ODD, want: 'libx264: width not divisible by 2 (641x361)' },
    {
      name: 'no display: the grabber says why, not the echo of the input name',
      text: '[x11grab @ 0x55819c792980] Cannot open display :4242.0+0,0, error 1.\n:4242.0+0,0: Input/output error\n',
      want: 'x11grab: Cannot open display :4242.0+0,0, error 1.',
    },
    {
      name: 'an area larger than the screen',
      text: '[x11grab @ 0x5610b6238980] Capture area 800x600 at position 0.0 outside the screen size 641x361\n:377.0+0,0: Invalid argument\n',
      want: 'x11grab: Capture area 800x600 at position 0.0 outside the screen size 641x361',
    },
    {
      name: 'an unknown option',
      text: "Unrecognized option 'nonsense'.\nError splitting the argument list: Option not found\n",
      want: 'Error splitting the argument list: Option not found',
    },
    {
      name: 'a full disk, after progress lines',
      text: 'frame=   30 fps= 30 q=-1.0 size=     256kB time=00:00:01.00\nav_interleaved_write_frame(): No space left on device\nError writing trailer of x.mp4: No space left on device\n',
      want: 'av_interleaved_write_frame(): No space left on device',
    },
    { name: 'only a generic line', text: 'Conversion failed!\n', want: 'Conversion failed!' },
    { name: 'no error word: the last line of text', text: 'ffmpeg version 5.1\nSegmentation fault\n', want: 'Segmentation fault' },
    {
      name: 'CR-separated progress then a reason',
      text: 'frame=1\rframe=2\r[libx264 @ 0xabc] malloc of size 99 failed\n',
      want: 'libx264: malloc of size 99 failed',
    },
    { name: 'nothing', text: '', want: null },
    // ffmpeg killed by a signal: its last lines are x264's report, which is no reason.
    {
      name: 'killed (SIGKILL): no reason to quote',
      text: "ffmpeg version 5.1.6\n  built with gcc 12\nInput #0, x11grab, from ':99':\n[libx264 @ 0x55d1] using cpu capabilities: MMX2 SSE2Fast\n[libx264 @ 0x55d1] 264 - core 164 r3095 baee400 - H.264/MPEG-4 AVC codec - Copyleft 2003-2022 - options: cabac=0 ref=1\nOutput #0, mp4, to 'recording.mp4':\nframe=   42 fps= 30 q=16.0 size=     256kB time=00:00:01.40\n",
      want: null,
    },
  ])('$name', ({ text, want }) => expect(recorderErrorLine(text)).toBe(want));

  it('keeps only the tail of a long stderr', () => {
    let tail = '';
    for (let i = 0; i < 5000; i++) tail = appendTail(tail, `frame=${i} fps=30\n`, 1000);
    tail = appendTail(tail, ODD, 1000);
    expect(tail.length).toBe(1000);
    expect(recorderErrorLine(tail)).toBe('libx264: width not divisible by 2 (641x361)');
  });
});
