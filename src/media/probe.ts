/**
 * What ffprobe reads from a media file, for any stage of the pipeline: a clip's length, a
 * video's frame size. Null when ffprobe cannot tell (not a media file, or ffprobe missing).
 */
import { spawnSync } from 'node:child_process';
import type { Size } from '../base/geometry';

/** A media file's duration in ms, or null when ffprobe cannot tell. */
export const probeDurationMs = (file: string): number | null => {
  const r = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  const s = Number(r.stdout.trim());
  return r.status === 0 && Number.isFinite(s) && s > 0 ? Math.round(s * 1000) : null;
};

/** A video's frame size in px (its first video stream), or null when ffprobe cannot tell. */
export const probeVideoSize = (file: string): Size | null => {
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], {
    encoding: 'utf8',
  });
  const m = /^(\d+),(\d+)/.exec(r.stdout.trim());
  return r.status === 0 && m ? { width: Number(m[1]), height: Number(m[2]) } : null;
};

/**
 * The colour matrix a video's first stream says it was encoded with (ffprobe's color_space:
 * "smpte170m", "bt470bg", "bt709"…), "unknown" when it says nothing, or null when ffprobe cannot
 * tell. An untagged video is read as BT.601 by ffmpeg and as BT.709 by Chromium, so the two
 * render paths would show its colours differently (see RECORDING_COLOUR_TAGS).
 */
export const probeColourSpace = (file: string): { codec: string; colourSpace: string } | null => {
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,color_space', '-of', 'csv=p=0', file], {
    encoding: 'utf8',
  });
  const [codec, colourSpace] = r.stdout.trim().split(',');
  return r.status === 0 && codec ? { codec, colourSpace: colourSpace || 'unknown' } : null;
};

/**
 * ffmpeg output options that say what the recorder's RGB → YUV conversion is (BT.601, limited
 * range: swscale's, made explicit by RECORDING_COLOUR_FILTER), so Chromium (the browser path,
 * Studio) decodes the recording as ffmpeg (the composite path) does.
 */
export const RECORDING_COLOUR_TAGS = ['-colorspace', 'smpte170m', '-color_primaries', 'smpte170m', '-color_trc', 'smpte170m', '-color_range', 'tv'] as const;

/** The filter that converts the screen's RGB to the recording's YUV as RECORDING_COLOUR_TAGS say. */
export const RECORDING_COLOUR_FILTER = 'scale=out_color_matrix=bt601:out_range=tv,format=yuv420p';

/** A bitstream filter that writes those tags into an untagged H.264 stream without re-encoding (a stream copy). */
export const H264_BT601_TAGS = ['-bsf:v', 'h264_metadata=colour_primaries=6:transfer_characteristics=6:matrix_coefficients=6:video_full_range_flag=0'] as const;
