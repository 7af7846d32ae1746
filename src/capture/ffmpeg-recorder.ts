/**
 * Screen recording with ffmpeg: x11grab on Linux, avfoundation on macOS, gdigrab on Windows
 * (the last two are built and unit-tested here, run on those systems). Frames are stamped with
 * the wall clock and the first frame's wall time is read from ffmpeg's own report
 * ("start: <seconds>"), so event times line up with the picture within one frame; the spawn
 * time is never used as frame 0. The file is written as fragmented MP4, so a recorder that is
 * killed still leaves a playable recording (finaliseCaptureDir turns it into recording.mp4).
 * H.264 in 4:2:0 needs an even width and height: a screen with an odd size (1281x721) is
 * recorded padded on the right and bottom (1282x722; the padding repeats the edge), so every screen pixel keeps its
 * coordinates; capture.json keeps the true screen size and names the padded one (recordingSize).
 * A failure quotes ffmpeg's own reason (recorderErrorLine), read from the tail of its stderr.
 */
import { RECORDING_COLOUR_FILTER, RECORDING_COLOUR_TAGS } from '../media/probe';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { endOnExit } from './end-on-exit';
import { appendTail, recorderErrorLine } from './recorder-error';

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
  /** ffmpeg's reason for failing, from its stderr so far (see recorderErrorLine), or null. */
  errorLine: () => string | null;
};

/**
 * The size of the recording's frames for a screen of `width` x `height` px: each rounded up to
 * even (H.264 4:2:0), the screen at the top left and black padding right and bottom.
 */
export const recordingFrameSize = (width: number, height: number): { width: number; height: number } => ({
  width: width + (width % 2),
  height: height + (height % 2),
});

/**
 * The filters that pad an odd-sized frame to recordingFrameSize, the screen at 0,0; null when
 * the size is even. The frame is padded in RGB (gbrp) and the padding repeats the screen's last
 * column and row (fillborders smear), so the conversion to 4:2:0 (colour shared by 2x2 pixels)
 * happens at the even size and the screen's edge keeps its colour. (Converted at the odd size,
 * a red desktop's last column and row came out 164,36,36 and its corner 119,55,56; padded
 * like this, 253,0,0 like the rest. Measured on Xvfb 641x361, ffmpeg 5.1.)
 */
export const evenPadFilter = (width: number, height: number): string | null => {
  const to = recordingFrameSize(width, height);
  if (to.width === width && to.height === height) return null;
  return `format=gbrp,pad=${to.width}:${to.height}:0:0,fillborders=right=${to.width - width}:bottom=${to.height - height}:mode=smear`;
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
  '-loglevel',
  'info',
  ...screenInputArgs(o),
  // avfoundation captures at the display's native (Retina) size: scale to the logical size.
  // A constant frame rate by the fps filter, each frame to the slot nearest its time stamp. (The
  // muxer's "-fps_mode cfr" fills slots with the previous frame when the grabber runs late: on
  // two busy cores that showed the screen 60 ms late; the fps filter keeps it within a frame.)
  '-vf',
  // The RGB → YUV conversion made explicit (BT.601, limited range) and tagged below, so every
  // reader (ffmpeg, Chromium) decodes the recording's colours alike.
  [
    ...((o.platform ?? 'linux') === 'darwin' ? [`scale=${o.width}:${o.height}`] : []),
    `fps=${o.fps}:round=near`,
    evenPadFilter(o.width, o.height),
    RECORDING_COLOUR_FILTER,
  ]
    .filter((f): f is string => f !== null)
    .join(','),
  '-fps_mode',
  'passthrough',
  '-c:v',
  'libx264',
  '-preset',
  'ultrafast',
  '-crf',
  String(o.crf ?? 16),
  '-pix_fmt',
  'yuv420p',
  ...RECORDING_COLOUR_TAGS,
  '-g',
  String(o.fps),
  // Fragment at every keyframe (each second) and write through: a killed recorder loses at most
  // the fragment in progress.
  '-movflags',
  '+frag_keyframe+empty_moov+default_base_moof',
  '-flush_packets',
  '1',
  '-y',
  o.out,
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
  // The tail of stderr, kept for the whole run: a failure quotes ffmpeg's own last reason.
  let stderr = '';
  let exited = false;
  // 'close', not 'exit': by then stderr has been read to its end, the reason included.
  const exit = new Promise<number | null>((resolve) =>
    proc.once('close', (code) => {
      exited = true;
      resolve(code);
    }),
  );
  const reason = () => recorderErrorLine(stderr) ?? 'ffmpeg printed nothing';
  const firstFrameWallMs = new Promise<number>((resolve, reject) => {
    let started = false;
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr = appendTail(stderr, chunk.toString());
      if (started) return;
      const start = parseFfmpegStart(stderr);
      if (start !== null) {
        started = true;
        resolve(start);
      }
    });
    void exit.then((code) => reject(new Error(`ffmpeg exited (code ${code}) before recording: ${reason()}`)));
  });
  firstFrameWallMs.catch(() => {});
  return {
    process: proc,
    errorLine: () => recorderErrorLine(stderr),
    firstFrameWallMs,
    stop: async () => {
      if (exited) return;
      proc.stdin.write('q');
      proc.stdin.end();
      const timer = setTimeout(() => proc.kill('SIGINT'), 10_000);
      const code = await exit;
      clearTimeout(timer);
      if (code !== 0 && code !== 255) throw new Error(`ffmpeg ended with code ${code}: ${reason()}`);
    },
  };
};
