/**
 * Screen recording with ffmpeg: x11grab on Linux, avfoundation on macOS, gdigrab on Windows
 * (the last two are built and unit-tested here, run on those systems). Frames are stamped with
 * the wall clock and the first frame's wall time is read from ffmpeg's own report
 * ("start: <seconds>"), so event times line up with the picture within one frame; the spawn
 * time is never used as frame 0. The file is written as fragmented MP4, so a recorder that is
 * killed still leaves a playable recording (finaliseCaptureDir turns it into recording.mp4).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { endOnExit } from './end-on-exit';

export type Platform = 'linux' | 'darwin' | 'win32';

export type ScreenRecordingOptions = {
  platform?: Platform;
  /** Linux: the X display (":0"); macOS: the screen's avfoundation index ("1"); Windows: unused. */
  display: string;
  width: number;
  height: number;
  fps: number;
  out: string;
  crf?: number;
  /** Record the system pointer into the video (default: no; screenplay draws its own). */
  pointer?: boolean;
};

export type ScreenRecording = {
  /** Wall-clock ms of the recording's first frame. */
  firstFrameWallMs: Promise<number>;
  /** Stops cleanly (like pressing q) and waits for ffmpeg to finish the file. */
  stop: () => Promise<void>;
  process: ChildProcessWithoutNullStreams;
};

/** The input half of the command: which grabber, without the pointer unless asked (screenplay draws its own). */
export const screenInputArgs = (o: ScreenRecordingOptions): string[] => {
  const rate = ['-framerate', String(o.fps)];
  const common = ['-use_wallclock_as_timestamps', '1', ...rate];
  const pointer = o.pointer ? '1' : '0';
  switch (o.platform ?? 'linux') {
    case 'linux':
      // x11grab stamps each frame with the wall clock itself, as it takes it (its "start:" is
      // wall-clock seconds); -use_wallclock_as_timestamps would stamp later, when read.
      return ['-f', 'x11grab', ...rate, '-video_size', `${o.width}x${o.height}`, '-draw_mouse', pointer, '-i', `${o.display}.0+0,0`];
    case 'darwin':
      return ['-f', 'avfoundation', ...common, '-capture_cursor', pointer, '-capture_mouse_clicks', '0', '-pixel_format', 'uyvy422', '-i', `${o.display}:none`];
    case 'win32':
      return ['-f', 'gdigrab', ...common, '-draw_mouse', pointer, '-offset_x', '0', '-offset_y', '0', '-video_size', `${o.width}x${o.height}`, '-i', 'desktop'];
  }
};

export const screenRecordingArgs = (o: ScreenRecordingOptions): string[] => [
  '-hide_banner',
  '-loglevel', 'info',
  ...screenInputArgs(o),
  // avfoundation captures at the display's native (Retina) size: scale to the logical size.
  // A constant frame rate by the fps filter, each frame to the slot nearest its time stamp. (The
  // muxer's "-fps_mode cfr" fills slots with the previous frame when the grabber runs late: on
  // two busy cores that showed the screen 60 ms late; the fps filter keeps it within a frame.)
  '-vf', [...((o.platform ?? 'linux') === 'darwin' ? [`scale=${o.width}:${o.height}`] : []), `fps=${o.fps}:round=near`].join(','),
  '-fps_mode', 'passthrough',
  '-c:v', 'libx264',
  '-preset', 'ultrafast',
  '-crf', String(o.crf ?? 16),
  '-pix_fmt', 'yuv420p',
  '-g', String(o.fps),
  // Fragment at every keyframe (each second) and write through: a killed recorder loses at most
  // the fragment in progress.
  '-movflags', '+frag_keyframe+empty_moov+default_base_moof',
  '-flush_packets', '1',
  '-y', o.out,
];

/** Reads the screen input's start time (seconds, wall clock) from ffmpeg's stderr, in ms. */
export const parseFfmpegStart = (stderr: string): number | null => {
  const m = /Input #0, (?:x11grab|avfoundation|gdigrab)[\s\S]*?start: (\d+(?:\.\d+)?)/.exec(stderr);
  return m ? Number(m[1]) * 1000 : null;
};

export const startScreenRecording = (opts: ScreenRecordingOptions): ScreenRecording => {
  const proc = spawn('ffmpeg', screenRecordingArgs(opts), { stdio: ['pipe', 'pipe', 'pipe'] });
  endOnExit(proc, 'SIGINT'); // SIGINT: ffmpeg closes the file properly
  // Asking an ffmpeg that is already exiting to stop writes to a closed pipe (EPIPE): harmless.
  proc.stdin.on('error', () => undefined);
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
        proc.stderr.on('data', (c: Buffer) => {
          stderr = (stderr + c.toString()).slice(-8000);
        });
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
