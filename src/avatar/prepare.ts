/**
 * Turns the script's avatar block (recorded in the capture dir) into what the compositions
 * draw (`style.avatar`): the built-in presenter, a clip of your own, or a HeyGen video made
 * from the narration (cached in the capture dir). Without HEYGEN_API_KEY, HeyGen falls back to
 * the built-in avatar, and says so.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ScriptAvatar } from '../capture-log';
import { invalidInput, runtimeError } from '../errors';
import { resolveInCaptureDir } from '../render/capture-dir';
import { narrationSchema } from '../narration/schema';
import { generateHeygenVideo, HeygenError, type HeygenCharacter } from './heygen';
import { mediaRefusal } from '../util/sniff-media';
import { AVATAR_DIR, NARRATION_DIR, NARRATION_JSON } from '../capture-log/capture-dir-files';

export type AvatarStyle = { provider: 'builtin' | 'video' | 'none'; video?: string };

/** The narration's lines back to back, in narration.json's order, as one MP3 (what HeyGen speaks to). */
export const narrationAudio = (captureDir: string, out: string): string => {
  const root = fs.realpathSync(captureDir);
  const file = path.join(captureDir, NARRATION_DIR, NARRATION_JSON);
  const narration = narrationSchema.parse(
    JSON.parse(fs.readFileSync(resolveInCaptureDir(root, path.join(NARRATION_DIR, NARRATION_JSON), { file, field: '' }), 'utf8')),
  );
  const inputs = narration.lines.flatMap((l, i) => [
    '-i',
    resolveInCaptureDir(root, l.audio, { file, field: `lines[${i}].audio`, media: 'audio' }, NARRATION_DIR),
  ]);
  const n = narration.lines.length;
  const filter = `${narration.lines.map((_, i) => `[${i}:a]aresample=44100,aformat=channel_layouts=mono[a${i}]`).join(';')};${narration.lines.map((_, i) => `[a${i}]`).join('')}concat=n=${n}:v=0:a=1[out]`;
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...inputs, '-filter_complex', filter, '-map', '[out]', '-c:a', 'libmp3lame', '-b:a', '128k', out], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw runtimeError(`could not join the narration for the avatar: ${r.stderr.trim()}`);
  return out;
};

/**
 * `avatar/` in the capture dir: the one place render writes into a capture dir (the HeyGen
 * cache, README "Avatar"). Created when missing; refused (exit 1) when it, or anything in it,
 * is a symbolic link or not what it should be, so nothing is ever written through a link.
 */
export const avatarCacheDir = (captureDir: string): string => {
  const dir = path.join(captureDir, AVATAR_DIR);
  const refuse = (what: string) => invalidInput(`${dir}: expected the avatar cache (a plain folder of files screenplay wrote), but ${what}`);
  const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (stat === undefined) fs.mkdirSync(dir);
  else if (stat.isSymbolicLink()) throw refuse('it is a symbolic link');
  else if (!stat.isDirectory()) throw refuse('it is not a folder');
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) throw refuse(`${entry.name} in it is ${entry.isSymbolicLink() ? 'a symbolic link' : 'not a file'}`);
  }
  return dir;
};

export const prepareAvatar = async (captureDir: string, block: ScriptAvatar | undefined, onProgress?: (line: string) => void): Promise<AvatarStyle | null> => {
  if (!block) return null;
  const provider = block.provider ?? (block.video ? 'video' : 'builtin');
  if (provider === 'video') {
    if (!block.video) throw runtimeError('avatar: provider "video" needs `video:` (a clip whose speech is the narration lines back to back)');
    return { provider: 'video', video: block.video };
  }
  if (block.image && provider === 'builtin') onProgress?.('avatar: portrait images are not animated yet; the drawn presenter speaks instead');
  if (provider === 'heygen') {
    const apiKey = process.env.HEYGEN_API_KEY;
    if (!apiKey) {
      onProgress?.('avatar: no HEYGEN_API_KEY, so the built-in avatar speaks instead');
      return { provider: 'builtin' };
    }
    const settings = (block.settings ?? {}) as {
      talkingPhotoId?: string;
      avatarStyle?: string;
      background?: string;
      dimension?: { width: number; height: number };
    };
    const character: HeygenCharacter | null = block.avatarId
      ? { avatarId: block.avatarId }
      : settings.talkingPhotoId
        ? { talkingPhotoId: settings.talkingPhotoId }
        : null;
    if (!character) throw runtimeError('avatar: provider "heygen" needs `avatarId:` (or settings.talkingPhotoId)');
    if (!fs.existsSync(path.join(captureDir, NARRATION_DIR, NARRATION_JSON))) return null;
    const outDir = avatarCacheDir(captureDir);
    const audio = narrationAudio(captureDir, path.join(outDir, 'narration.mp3'));
    try {
      const r = await generateHeygenVideo(audio, outDir, {
        apiKey,
        character,
        ...(settings.avatarStyle ? { avatarStyle: settings.avatarStyle } : {}),
        ...(settings.background ? { background: settings.background } : {}),
        dimension: settings.dimension ?? { width: 720, height: 720 },
        onProgress,
      });
      // A cached clip came with the capture dir: it must really be a video (not a playlist).
      const refusal = mediaRefusal(r.file, 'video');
      if (refusal) throw invalidInput(`${r.file}: expected the cached HeyGen video, but it ${refusal}`);
      return { provider: 'video', video: path.relative(captureDir, r.file) };
    } catch (err) {
      if (err instanceof HeygenError) throw runtimeError(`avatar: ${err.message}`, err);
      throw err;
    }
  }
  return { provider: 'builtin' };
};
