/**
 * One interface for every screen recorder (ffmpeg, OBS). A capture starts one, logs events on
 * its clock (ms since its first frame, read as wall-clock ms), and stops it; whichever it is,
 * the capture dir then holds RAW_RECORDING (H.264, constant frame rate) for finaliseCaptureDir.
 */
import path from 'node:path';
import { startScreenRecording, type Platform } from './ffmpeg-recorder';
import { RAW_RECORDING } from '../capture-log/capture-dir-files';
import { prepareObsRecorder, type ObsConnection } from './obs-recorder';

export const RECORDERS = ['ffmpeg', 'obs'] as const;
export type RecorderName = (typeof RECORDERS)[number];

export type RecorderOptions = {
  /** The X display (Linux), the avfoundation screen index (macOS); unused on Windows. */
  display: string;
  width: number;
  height: number;
  fps: number;
  /** The capture dir: the recorder leaves RAW_RECORDING here when it stops. */
  outDir: string;
  platform?: Platform;
  /** Record the system pointer into the video. */
  pointer?: boolean;
};

export type Recorder = {
  readonly name: RecorderName;
  /** Wall-clock ms of the recording's first frame: frame n shows the screen at this + n/fps. */
  readonly firstFrameWallMs: number;
  /**
   * Settles with a reason when the recorder stops without being asked (it died, OBS went away),
   * quoting the recorder's own last error line where it gave one.
   */
  readonly ended: Promise<string>;
  /** Stops recording and leaves RAW_RECORDING in the capture dir; keeps what it can when it fails. */
  stop: () => Promise<void>;
};

/** A recorder set up and ready: start() records; cancel() lets go of it without recording. */
export type PreparedRecorder = { start: () => Promise<Recorder>; cancel: () => Promise<void> };

export const prepareRecorder = async (name: RecorderName, o: RecorderOptions & { connection?: ObsConnection }): Promise<PreparedRecorder> =>
  name === 'obs' ? prepareObsRecorder(o) : { start: () => startFfmpegRecorder(o), cancel: async () => undefined };

export const startFfmpegRecorder = async (o: RecorderOptions): Promise<Recorder> => {
  const rec = startScreenRecording({ ...o, out: path.join(o.outDir, RAW_RECORDING) });
  let stopping = false;
  const ended = new Promise<string>((resolve) => {
    // 'close': stderr has been read to its end, so its last error line is there.
    rec.process.once('close', (code, signal) => {
      if (stopping) return;
      const why = rec.errorLine();
      resolve(`ffmpeg stopped recording on its own (${signal ?? `exit code ${code}`})${why ? `: ${why}` : ''}`);
    });
  });
  const firstFrameWallMs = await rec.firstFrameWallMs;
  return {
    name: 'ffmpeg',
    firstFrameWallMs,
    ended,
    stop: async () => {
      stopping = true;
      await rec.stop().catch(() => rec.process.kill('SIGKILL'));
    },
  };
};
