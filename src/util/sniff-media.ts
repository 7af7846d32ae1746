/**
 * What kind of media a file is, from its first bytes, before ffmpeg or a browser opens it.
 *
 * ffmpeg picks its demuxer by probing the content, whatever the file is named, and some
 * demuxers read other files: an HLS playlist (`#EXTM3U`) or an ffconcat list named
 * `recording.mp4` makes ffmpeg open whatever paths or URLs it lists, outside the capture dir
 * or on the network. A file from an untrusted folder is therefore only handed to ffmpeg when
 * its signature is one of the plain containers screenplay itself writes or reads.
 */
import fs from 'node:fs';

export type MediaContainer = 'mp4' | 'matroska' | 'wav' | 'mp3' | 'ogg' | 'flac' | 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';
export type MediaKind = 'video' | 'audio' | 'image';

/** The containers accepted for each kind. */
export const MEDIA_CONTAINERS: Record<MediaKind, readonly MediaContainer[]> = {
  video: ['mp4', 'matroska'],
  audio: ['wav', 'mp3', 'ogg', 'flac', 'mp4'],
  image: ['png', 'jpeg', 'gif', 'webp', 'bmp'],
};

/**
 * The container whose signature the bytes `head` (the file's first 16 bytes or more) start
 * with, or null for anything else (text, playlists, concat lists, unknown formats). Pure.
 */
export const sniffContainer = (head: Uint8Array): MediaContainer | null => {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 12 && ['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip', 'styp', 'moof'].includes(ascii(4, 8))) return 'mp4';
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'matroska';
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (head.length >= 3 && ascii(0, 3) === 'ID3') return 'mp3';
  if (head.length >= 2 && head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0) return 'mp3';
  if (head.length >= 4 && ascii(0, 4) === 'OggS') return 'ogg';
  if (head.length >= 4 && ascii(0, 4) === 'fLaC') return 'flac';
  if (head.length >= 8 && head[0] === 0x89 && ascii(1, 4) === 'PNG') return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
  if (head.length >= 2 && ascii(0, 2) === 'BM') return 'bmp';
  return null;
};

/** The `n` bytes of the file at `file` from byte `at` (fewer at its end), or null when it cannot be read. */
const readAt = (file: string, at: number, n: number): Buffer | null => {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(n);
    return buf.subarray(0, fs.readSync(fd, buf, 0, n, at));
  } catch {
    return null;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
};

/**
 * The container of the file at `file` (from its first bytes), or null when unknown or
 * unreadable. An ID3v2 tag is skipped, as ffmpeg skips it before probing: what follows must be
 * an MPEG audio frame (an ID3 tag in front of a playlist or concat list is not an MP3).
 */
export const sniffFile = (file: string): MediaContainer | null => {
  const head = readAt(file, 0, 16);
  if (!head) return null;
  const container = sniffContainer(head);
  if (container !== 'mp3' || head.length < 10 || String.fromCharCode(...head.subarray(0, 3)) !== 'ID3') return container;
  // ID3v2: a 10-byte header whose size (bytes 6-9, 7 bits each) excludes it, plus a footer when flagged.
  const size = (((head[6] ?? 0) & 0x7f) << 21) | (((head[7] ?? 0) & 0x7f) << 14) | (((head[8] ?? 0) & 0x7f) << 7) | ((head[9] ?? 0) & 0x7f);
  const after = 10 + size + (((head[5] ?? 0) & 0x10) !== 0 ? 10 : 0);
  const next = readAt(file, after, 4);
  return next && next.length >= 2 && next[0] === 0xff && ((next[1] ?? 0) & 0xe0) === 0xe0 ? 'mp3' : null;
};

/**
 * Why the file at `file` may not be handed to ffmpeg or the browser as a `kind`, in words for
 * an error message ("is an HLS playlist, not a video"), or null when its signature is one of
 * MEDIA_CONTAINERS[kind].
 */
export const mediaRefusal = (file: string, kind: MediaKind): string | null => {
  const container = sniffFile(file);
  if (container && MEDIA_CONTAINERS[kind].includes(container)) return null;
  if (container)
    return `is ${container === 'mp4' && kind === 'image' ? 'an MP4 video' : `a ${container} file`}, not ${kind === 'image' ? 'an image' : `a${kind === 'audio' ? 'n' : ''} ${kind}`}`;
  const bytes = readAt(file, 0, 64);
  if (!bytes) return 'cannot be read';
  const head = bytes.toString('latin1');
  if (head.startsWith('#EXTM3U'))
    return `is an HLS playlist (it would make ffmpeg read the files it lists), not a${kind === 'image' ? 'n image' : kind === 'audio' ? 'n audio file' : ' video'}`;
  if (/^\s*ffconcat/.test(head)) return 'is an ffconcat list (it would make ffmpeg read the files it lists), not media';
  const accepted = MEDIA_CONTAINERS[kind].map((c) => (c === 'mp4' ? 'MP4/MOV' : c === 'matroska' ? 'Matroska/WebM' : c.toUpperCase())).join(', ');
  return `is not a${kind === 'audio' ? 'n audio file' : kind === 'image' ? 'n image' : ' video'} screenplay reads (${accepted})`;
};
