/**
 * Recording through OBS (obs-websocket 5, with obs-websocket-js). Before recording it makes sure
 * a "screenplay" scene with a full-screen capture source exists and is live, and sets the
 * canvas to the screen's size and the capture's frame rate. The recording clock is aligned on
 * OBS's "started" event (OBS 29's record status cannot help: its duration is in the wrong unit
 * and only counts frames once the encoder has delivered them, about half a second late).
 * Stopping waits for OBS's "stopped" event before touching the file, then moves it into the
 * capture dir and makes it H.264 at a constant frame rate.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EventSubscription, OBSWebSocket } from 'obs-websocket-js';
import { runtimeError } from '../errors';
import { exitGuardReady, guardObsRecording } from './end-on-exit';
import { RAW_RECORDING } from '../capture-log/capture-dir-files';
import { recordingFrameSize } from './ffmpeg-recorder';
import { recorderErrorLine } from './recorder-error';
import type { PreparedRecorder, Recorder, RecorderOptions } from './recorder';

export const OBS_SCENE = 'screenplay';
export const OBS_SOURCE = 'screenplay screen';
const DEFAULT_URL = 'ws://127.0.0.1:4455';

export type ObsConnection = { url: string; password?: string };

/** OBS's address: SCREENPLAY_OBS_URL / SCREENPLAY_OBS_PASSWORD, then OBS_WEBSOCKET_URL / OBS_WEBSOCKET_PASSWORD. */
export const obsConnectionFromEnv = (env: NodeJS.ProcessEnv = process.env): ObsConnection => {
  const url = env.SCREENPLAY_OBS_URL ?? env.OBS_WEBSOCKET_URL ?? DEFAULT_URL;
  const password = env.SCREENPLAY_OBS_PASSWORD ?? env.OBS_WEBSOCKET_PASSWORD;
  return password ? { url, password } : { url };
};

/** The screen-capture input OBS has for a platform, and its settings for capturing `display`. */
export const screenSourceFor = (platform: string, display: string, kinds: string[], pointer = false): { kind: string; settings: Record<string, unknown> } => {
  const has = (k: string) => kinds.length === 0 || kinds.includes(k);
  if (/win/i.test(platform)) return { kind: 'monitor_capture', settings: { capture_cursor: pointer } };
  if (/mac|darwin/i.test(platform)) {
    // OBS 30+ has ScreenCaptureKit's source; older versions the display capture.
    return has('screen_capture')
      ? { kind: 'screen_capture', settings: { type: 0, show_cursor: pointer } }
      : { kind: 'display_capture', settings: { display: Number(display) || 0, show_cursor: pointer } };
  }
  // Linux (X11): XSHM can capture another X server than OBS's own, so OBS may run on a second
  // display and stay out of the picture.
  return { kind: 'xshm_input', settings: { advanced: true, server: display, screen: 0, show_cursor: pointer } };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const wallNow = () => performance.timeOrigin + performance.now();

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, sleep(ms).then(() => Promise.reject(new Error(`${what} timed out after ${ms} ms`)))]);

/** Moves a file, copying when it crosses file systems. */
const moveFile = (from: string, to: string) => {
  try {
    fs.renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    fs.copyFileSync(from, to);
    fs.rmSync(from);
  }
};

/**
 * OBS's file (often MKV, maybe another codec) → RAW_RECORDING: H.264, yuv420p, constant
 * `fps`, no audio (narration is added at render time). Copies the video when it already is that.
 */
export const normaliseObsRecording = (from: string, to: string, fps: number) => {
  const p = spawnSync(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,pix_fmt,r_frame_rate,avg_frame_rate', '-of', 'json', from],
    { encoding: 'utf8' },
  );
  const s = (JSON.parse(p.stdout || '{}') as { streams?: Array<Record<string, string>> }).streams?.[0];
  if (!s) throw runtimeError(`OBS's recording ${from} has no video stream: ${p.stderr.trim()}`);
  const copy = s.codec_name === 'h264' && s.pix_fmt === 'yuv420p' && s.r_frame_rate === `${fps}/1` && s.avg_frame_rate === s.r_frame_rate;
  const video = copy
    ? ['-c:v', 'copy']
    : ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', '-pix_fmt', 'yuv420p', '-fps_mode', 'cfr', '-r', String(fps)];
  const r = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-y', '-i', from, '-map', '0:v:0', ...video, '-an', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', to],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw runtimeError(`could not convert OBS's recording ${from}: ${recorderErrorLine(r.stderr) ?? `ffmpeg exited with code ${r.status}`}`);
};

/**
 * How long before its "started" event OBS took the first recorded frame. Measured with colour
 * flips on Xvfb (OBS 29.0.2, software GL): 25 ms at 30 fps, 37 ms at 60 fps; 30 ms puts both
 * within a frame. SCREENPLAY_OBS_LAG_MS overrides it for another machine.
 */
const obsStartLagMs = (): number => {
  const v = process.env.SCREENPLAY_OBS_LAG_MS;
  return v && Number.isFinite(Number(v)) ? Number(v) : 30;
};

type RecordState = { outputActive: boolean; outputState: string; outputPath: string | null };

/**
 * Connects to OBS and sets up the scene, the source and the canvas (before any countdown, so a
 * missing OBS fails fast); start() then records.
 */
export const prepareObsRecorder = async (o: RecorderOptions & { connection?: ObsConnection }): Promise<PreparedRecorder> => {
  const conn = o.connection ?? obsConnectionFromEnv();
  const obs = new OBSWebSocket();
  try {
    await withTimeout(obs.connect(conn.url, conn.password, { eventSubscriptions: EventSubscription.Outputs }), 5000, 'connecting');
  } catch (err) {
    throw runtimeError(
      `could not reach OBS at ${conn.url}: ${(err as Error).message}. Start OBS (28 or newer), enable Tools → WebSocket Server Settings, and set SCREENPLAY_OBS_URL and SCREENPLAY_OBS_PASSWORD`,
    );
  }
  const fail = async (message: string): Promise<never> => {
    await obs.disconnect().catch(() => undefined);
    throw runtimeError(message);
  };

  const status = await obs.call('GetRecordStatus');
  if (status.outputActive) return fail(`OBS at ${conn.url} is already recording: stop that recording first`);
  const version = await obs.call('GetVersion');
  const kinds = (await obs.call('GetInputKindList', { unversioned: true })).inputKinds;
  const source = screenSourceFor(version.platform, o.display, kinds, o.pointer);
  if (kinds.length && !kinds.includes(source.kind))
    return fail(`OBS ${version.obsVersion} has no "${source.kind}" source to capture the screen with (it has ${kinds.join(', ')})`);

  // The canvas: the screen's size rounded up to even (H.264 4:2:0; the screen sits at the top
  // left, the padding is black, as the ffmpeg recorder does), at the capture's frame rate.
  const canvas = recordingFrameSize(o.width, o.height);
  await obs
    .call('SetVideoSettings', {
      baseWidth: canvas.width,
      baseHeight: canvas.height,
      outputWidth: canvas.width,
      outputHeight: canvas.height,
      fpsNumerator: o.fps,
      fpsDenominator: 1,
    })
    .catch((err: Error) => fail(`OBS refused the canvas ${canvas.width}x${canvas.height} at ${o.fps} fps: ${err.message}`));
  // The scene and its screen source, made or updated (another display, other settings).
  const scenes = (await obs.call('GetSceneList')).scenes.map((s) => String(s.sceneName));
  if (!scenes.includes(OBS_SCENE)) await obs.call('CreateScene', { sceneName: OBS_SCENE });
  const inputs = (await obs.call('GetInputList')).inputs.map((i) => String(i.inputName));
  if (inputs.includes(OBS_SOURCE)) {
    await obs.call('SetInputSettings', { inputName: OBS_SOURCE, inputSettings: source.settings as never, overlay: true });
  } else {
    await obs.call('CreateInput', { sceneName: OBS_SCENE, inputName: OBS_SOURCE, inputKind: source.kind, inputSettings: source.settings as never });
  }
  const items = (await obs.call('GetSceneItemList', { sceneName: OBS_SCENE })).sceneItems;
  let item = items.find((i) => i.sourceName === OBS_SOURCE);
  if (!item) {
    await obs.call('CreateSceneItem', { sceneName: OBS_SCENE, sourceName: OBS_SOURCE });
    item = (await obs.call('GetSceneItemList', { sceneName: OBS_SCENE })).sceneItems.find((i) => i.sourceName === OBS_SOURCE);
  }
  // Fit the source to the canvas (a Retina screen captures at twice the size).
  await obs.call('SetSceneItemTransform', {
    sceneName: OBS_SCENE,
    sceneItemId: Number(item?.sceneItemId),
    sceneItemTransform: {
      positionX: 0,
      positionY: 0,
      rotation: 0,
      boundsType: 'OBS_BOUNDS_SCALE_INNER',
      boundsWidth: o.width,
      boundsHeight: o.height,
      boundsAlignment: 0,
      alignment: 5,
    },
  });
  await obs.call('SetCurrentProgramScene', { sceneName: OBS_SCENE });
  return {
    start: () => startRecording(obs, conn, o, fail),
    cancel: () => {
      guardObsRecording(null);
      return obs.disconnect().catch(() => undefined);
    },
  };
};

const startRecording = async (obs: OBSWebSocket, conn: ObsConnection, o: RecorderOptions, fail: (message: string) => Promise<never>): Promise<Recorder> => {
  // Record state: the path OBS writes to (known from "started", so a crash still finds it).
  let outputPath: string | null = null;
  let stopping = false;
  let resolveEnded: (reason: string) => void = () => undefined;
  const ended = new Promise<string>((r) => (resolveEnded = r));
  const states: RecordState[] = [];
  const waiters: Array<{ state: string; resolve: (s: RecordState) => void }> = [];
  obs.on('RecordStateChanged', (s) => {
    states.push(s);
    if (s.outputPath) outputPath = s.outputPath;
    for (const w of waiters.filter((x) => x.state === s.outputState)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(s);
    }
    if (s.outputState === 'OBS_WEBSOCKET_OUTPUT_STOPPED' && !stopping) resolveEnded('OBS stopped recording on its own');
  });
  obs.on('ConnectionClosed', (err) => {
    if (!stopping) resolveEnded(`the connection to OBS closed (${err.message || err.code})`);
  });
  const stateReached = (state: string, ms: number) => {
    const seen = states.find((s) => s.outputState === state);
    if (seen) return Promise.resolve(seen);
    return withTimeout(new Promise<RecordState>((resolve) => waiters.push({ state, resolve })), ms, `waiting for OBS's ${state}`);
  };

  await obs.call('StartRecord');
  let startedWall = NaN;
  try {
    await stateReached('OBS_WEBSOCKET_OUTPUT_STARTED', 10_000);
    startedWall = wallNow();
  } catch (err) {
    await obs.call('StopRecord').catch(() => undefined);
    guardObsRecording(null);
    return fail(`OBS did not start recording: ${(err as Error).message}`);
  }
  // OBS's first recorded frame is one already in its render pipeline when the output starts:
  // it was taken before the "started" event arrives.
  const firstFrameWallMs = startedWall - obsStartLagMs();
  // Should screenplay be killed from here on, the exit guard stops the recording. Started only
  // now that the first frame is timed: with the guard started before StartRecord, OBS's
  // "started" event came 70-120 ms later against the recorded frames (measured on Xvfb, OBS 29,
  // software GL; the cause is OBS's), where without it the flips land within a frame.
  await exitGuardReady();
  guardObsRecording(conn);

  const finish = async () => {
    if (!outputPath) throw runtimeError('OBS did not say where it saved the recording');
    if (!fs.existsSync(outputPath)) throw runtimeError(`OBS saved the recording at ${outputPath}, which this machine cannot read (is OBS on another machine?)`);
    const kept = path.join(o.outDir, `recording.obs${path.extname(outputPath) || '.mkv'}`);
    moveFile(outputPath, kept);
    normaliseObsRecording(kept, path.join(o.outDir, RAW_RECORDING), o.fps);
    fs.rmSync(kept);
  };

  return {
    name: 'obs',
    firstFrameWallMs,
    ended,
    stop: async () => {
      stopping = true;
      try {
        const stillActive = !states.some((s) => s.outputState === 'OBS_WEBSOCKET_OUTPUT_STOPPED');
        if (stillActive && obs.identified) {
          await obs.call('StopRecord').catch(() => undefined);
          // The file is complete only once OBS says it stopped.
          await stateReached('OBS_WEBSOCKET_OUTPUT_STOPPED', 30_000).catch(() => undefined);
        }
      } finally {
        guardObsRecording(null);
        await obs.disconnect().catch(() => undefined);
      }
      await finish();
    },
  };
};
