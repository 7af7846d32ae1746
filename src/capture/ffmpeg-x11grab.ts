/**
 * Screen recording with Debian's ffmpeg (x11grab). Frames are stamped with the wall clock and
 * the first frame's wall time is read from ffmpeg's own report ("start: <seconds>"), so event
 * times line up with the picture within one frame; the spawn time is never used as frame 0.
 * The file is written as fragmented MP4, so a recorder that is killed still leaves a playable
 * recording.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export type X11Recording = {
  /** Wall-clock ms of the recording's first frame. */
  firstFrameWallMs: Promise<number>;
  /** Stops cleanly (like pressing q) and waits for ffmpeg to finish the file. */
  stop: () => Promise<void>;
  process: ChildProcessWithoutNullStreams;
};

export const x11grabArgs = (opts: {
  display: string;
  width: number;
  height: number;
  fps: number;
  out: string;
  crf?: number;
}): string[] => [
  '-hide_banner',
  '-loglevel', 'info',
  '-f', 'x11grab',
  '-use_wallclock_as_timestamps', '1',
  '-framerate', String(opts.fps),
  '-video_size', `${opts.width}x${opts.height}`,
  '-draw_mouse', '0',
  '-i', `${opts.display}.0+0,0`,
  '-c:v', 'libx264',
  '-preset', 'ultrafast',
  '-crf', String(opts.crf ?? 16),
  '-pix_fmt', 'yuv420p',
  '-fps_mode', 'cfr',
  '-r', String(opts.fps),
  '-g', String(opts.fps),
  '-movflags', '+frag_keyframe+empty_moov+default_base_moof',
  '-y', opts.out,
];

/** Reads the input's start time (seconds, wall clock) from ffmpeg's stderr. */
export const parseFfmpegStart = (stderr: string): number | null => {
  const m = /Input #0, x11grab[\s\S]*?start: (\d+(?:\.\d+)?)/.exec(stderr);
  return m ? Number(m[1]) * 1000 : null;
};

export const startX11Recording = (opts: Parameters<typeof x11grabArgs>[0]): X11Recording => {
  const proc = spawn('ffmpeg', x11grabArgs(opts), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      exited = true;
      resolve(code);
    }),
  );
  const firstFrameWallMs = new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      stderr += chunk.toString();
      const start = parseFfmpegStart(stderr);
      if (start !== null) {
        proc.stderr.off('data', onData);
        proc.stderr.resume();
        resolve(start);
      }
    };
    proc.stderr.on('data', onData);
    void exit.then((code) => reject(new Error(`ffmpeg exited (${code}) before recording: ${stderr.slice(-800)}`)));
  });
  firstFrameWallMs.catch(() => {});
  return {
    process: proc,
    firstFrameWallMs,
    stop: async () => {
      if (exited) return;
      proc.stdin.write('q');
      proc.stdin.end();
      const timer = setTimeout(() => proc.kill('SIGINT'), 10_000);
      const code = await exit;
      clearTimeout(timer);
      if (code !== 0 && code !== 255) throw new Error(`ffmpeg ended with code ${code}: ${stderr.slice(-800)}`);
    },
  };
};
