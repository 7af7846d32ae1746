/**
 * How long a narration line lasts, from the offline voice (espeak-ng, a Debian package): the
 * line is synthesised and its WAV measured. Capture uses it so a `say` step waits as long as the
 * line is spoken. (The narration issue brings ElevenLabs, caching and the audio in the video.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runtimeError } from '../errors';

/** Duration of a PCM WAV file in ms, read from its header. */
export const wavDurationMs = (buf: Buffer): number => {
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let off = 12;
  let byteRate = 0;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') byteRate = buf.readUInt32LE(off + 16);
    // espeak-ng streams its WAV: a data size of 0 or -1 means "to the end of the file".
    if (id === 'data') return byteRate ? Math.round(((size === 0 || size === 0xffffffff ? buf.length - off - 8 : size) * 1000) / byteRate) : 0;
    off += 8 + size + (size % 2);
  }
  throw new Error('WAV file without a data chunk');
};

export const espeakDurationMs = (text: string, voice = 'en-us'): number => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-say-'));
  try {
    const wav = path.join(dir, 'line.wav');
    const r = spawnSync('espeak-ng', ['-v', voice, '-w', wav, text], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw runtimeError(`the offline voice (espeak-ng) failed: ${r.error?.message ?? r.stderr}`);
    return wavDurationMs(fs.readFileSync(wav));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
