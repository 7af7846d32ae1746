/** 16-bit PCM WAV, read and written (pure): what espeak-ng produces and the offline clips are. */
export type Pcm = { sampleRate: number; channels: number; samples: Int16Array };

export const readWav = (buf: Buffer): Pcm => {
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let off = 12;
  let sampleRate = 0;
  let channels = 1;
  let bits = 16;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      channels = buf.readUInt16LE(off + 10);
      sampleRate = buf.readUInt32LE(off + 12);
      bits = buf.readUInt16LE(off + 22);
    }
    if (id === 'data') {
      if (bits !== 16) throw new Error(`expected 16-bit PCM, got ${bits}-bit`);
      // espeak-ng streams its WAV: a data size of 0 or -1 means "to the end of the file".
      const len = size === 0 || size === 0xffffffff ? buf.length - off - 8 : Math.min(size, buf.length - off - 8);
      const data = buf.subarray(off + 8, off + 8 + len - (len % 2));
      const samples = new Int16Array(data.length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
      return { sampleRate, channels, samples };
    }
    off += 8 + size + (size % 2);
  }
  throw new Error('WAV file without a data chunk');
};

export const writeWav = (pcm: Pcm): Buffer => {
  const data = Buffer.alloc(pcm.samples.length * 2);
  pcm.samples.forEach((s, i) => data.writeInt16LE(s, i * 2));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(pcm.channels, 22);
  h.writeUInt32LE(pcm.sampleRate, 24);
  h.writeUInt32LE(pcm.sampleRate * pcm.channels * 2, 28);
  h.writeUInt16LE(pcm.channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
};

/** First and last sample louder than `threshold` (the voiced span), or null for silence. */
export const voicedSpan = (samples: Int16Array, threshold = 500): { start: number; end: number } | null => {
  let start = -1;
  for (let i = 0; i < samples.length; i++)
    if (Math.abs(samples[i]!) > threshold) {
      start = i;
      break;
    }
  if (start < 0) return null;
  let end = samples.length - 1;
  while (end > start && Math.abs(samples[end]!) <= threshold) end--;
  return { start, end: end + 1 };
};
