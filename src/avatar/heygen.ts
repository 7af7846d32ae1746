/**
 * HeyGen (API v2) as an avatar source: our narration audio is uploaded as an asset, a video is
 * generated with an avatar (or a talking photo) speaking it, its status is polled until it is
 * completed, and the file is downloaded. Results are cached by a hash of what changes the
 * picture (the audio's bytes, the avatar, the settings), so a second render makes no request.
 *
 * Wire format (https://docs.heygen.com):
 *   POST {upload}/v1/asset                 raw audio body, Content-Type audio/mpeg → { data: { id } }
 *   POST {api}/v2/video/generate           { video_inputs: [{ character, voice: { type: "audio", audio_asset_id } }], dimension }
 *                                          → { error: null, data: { video_id } }
 *   GET  {api}/v1/video_status.get?video_id=…  → { data: { status: waiting|pending|processing|completed|failed, video_url, error } }
 * Every request carries `X-Api-Key`. HEYGEN_BASE_URL points both hosts elsewhere (tests use a
 * local server that speaks this format).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { knownSecrets, scrubText } from '../secrets';

export type HeygenCharacter = { avatarId: string } | { talkingPhotoId: string };

export type HeygenOptions = {
  apiKey: string;
  /** https://api.heygen.com unless HEYGEN_BASE_URL says otherwise. */
  baseUrl?: string;
  /** https://upload.heygen.com unless HEYGEN_BASE_URL says otherwise. */
  uploadUrl?: string;
  character: HeygenCharacter;
  /** The generated video's size (HeyGen renders the avatar framed for it). */
  dimension?: { width: number; height: number };
  /** avatar_style for avatars: normal, circle or closeUp. */
  avatarStyle?: string;
  /** Background colour behind the avatar. */
  background?: string;
  pollMs?: number;
  /** How long to wait for the video, in all. */
  timeoutMs?: number;
  /** Per request. */
  requestTimeoutMs?: number;
  onProgress?: (line: string) => void;
};

export type HeygenResult = { file: string; cached: boolean; videoId?: string };

export class HeygenError extends Error {}

export const heygenCacheKey = (audio: Buffer, opts: Pick<HeygenOptions, 'character' | 'dimension' | 'avatarStyle' | 'background'>): string =>
  createHash('sha256')
    .update(audio)
    .update(
      JSON.stringify({
        character: opts.character,
        dimension: opts.dimension ?? null,
        avatarStyle: opts.avatarStyle ?? null,
        background: opts.background ?? null,
      }),
    )
    .digest('hex')
    .slice(0, 16);

const describe = (what: string, status: number, body: unknown): string => {
  const b = body as { message?: string; msg?: string; error?: { code?: string; message?: string } | string | null; code?: number } | null;
  const err =
    typeof b?.error === 'object' && b?.error
      ? `${b.error.code ? `${b.error.code}: ` : ''}${b.error.message ?? ''}`
      : typeof b?.error === 'string'
        ? b.error
        : (b?.message ?? b?.msg ?? '');
  const hint = status === 401 || status === 403 ? ' (check HEYGEN_API_KEY)' : status === 429 ? ' (rate limited: wait, or lower your request rate)' : '';
  return `HeyGen ${what} failed (HTTP ${status}${err ? `, ${err}` : ''})${hint}`;
};

/**
 * Makes (or finds in the cache) the avatar video for `audioFile` in `outDir`. Throws HeygenError
 * with a message fit to print: the API key, and every other known secret, never appears in it,
 * even when HeyGen's error body quotes it.
 */
export const generateHeygenVideo = async (audioFile: string, outDir: string, opts: HeygenOptions): Promise<HeygenResult> => {
  try {
    return await generate(audioFile, outDir, opts);
  } catch (err) {
    if (err instanceof HeygenError) throw new HeygenError(scrubText(err.message, [opts.apiKey, ...knownSecrets()]));
    throw err;
  }
};

const generate = async (audioFile: string, outDir: string, opts: HeygenOptions): Promise<HeygenResult> => {
  const audio = fs.readFileSync(audioFile);
  const key = heygenCacheKey(audio, opts);
  const file = path.join(outDir, `heygen-${key}.mp4`);
  if (fs.existsSync(file) && fs.statSync(file).size > 0) {
    opts.onProgress?.(`avatar: cached (${path.basename(file)})`);
    return { file, cached: true };
  }
  const base = (opts.baseUrl ?? process.env.HEYGEN_BASE_URL ?? 'https://api.heygen.com').replace(/\/$/, '');
  const upload = (opts.uploadUrl ?? process.env.HEYGEN_BASE_URL ?? 'https://upload.heygen.com').replace(/\/$/, '');
  const requestTimeoutMs = opts.requestTimeoutMs ?? 60_000;
  const call = async (what: string, url: string, init: RequestInit): Promise<Record<string, unknown>> => {
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: { 'X-Api-Key': opts.apiKey, accept: 'application/json', ...(init.headers as Record<string, string>) },
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      throw new HeygenError(
        `HeyGen ${what} failed: ${e.name === 'TimeoutError' ? `no answer within ${(requestTimeoutMs / 1000).toFixed(0)} s` : e.message} (${new URL(url).host})`,
      );
    }
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = { message: text.slice(0, 200) };
    }
    if (!res.ok) throw new HeygenError(describe(what, res.status, body));
    return (body ?? {}) as Record<string, unknown>;
  };

  // A job started by an earlier run that stopped waiting: poll it instead of starting another.
  const job = `${file}.job`;
  let videoId = fs.existsSync(job) ? fs.readFileSync(job, 'utf8').trim() : '';
  if (!videoId) videoId = await startJob();
  opts.onProgress?.(`avatar: HeyGen is generating video ${videoId}`);
  return poll(videoId);

  async function startJob(): Promise<string> {
    opts.onProgress?.('avatar: uploading the narration to HeyGen');
    const asset = await call('upload', `${upload}/v1/asset`, {
      method: 'POST',
      headers: { 'Content-Type': audioFile.endsWith('.wav') ? 'audio/wav' : 'audio/mpeg' },
      body: audio,
    });
    const assetId = (asset.data as { id?: string } | undefined)?.id;
    if (!assetId) throw new HeygenError(`HeyGen upload answered without an asset id: ${JSON.stringify(asset).slice(0, 200)}`);

    const character =
      'avatarId' in opts.character
        ? { type: 'avatar', avatar_id: opts.character.avatarId, avatar_style: opts.avatarStyle ?? 'normal' }
        : { type: 'talking_photo', talking_photo_id: opts.character.talkingPhotoId };
    const generated = await call('video generation', `${base}/v2/video/generate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        video_inputs: [
          {
            character,
            voice: { type: 'audio', audio_asset_id: assetId },
            ...(opts.background ? { background: { type: 'color', value: opts.background } } : {}),
          },
        ],
        dimension: opts.dimension ?? { width: 720, height: 720 },
      }),
    });
    const id = (generated.data as { video_id?: string } | undefined)?.video_id;
    if (!id) throw new HeygenError(`HeyGen video generation answered without a video id: ${JSON.stringify(generated).slice(0, 200)}`);
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(job, id);
    return id;
  }

  async function poll(videoId: string): Promise<HeygenResult> {
    const deadline = Date.now() + (opts.timeoutMs ?? 20 * 60_000);
    let last = '';
    for (;;) {
      const s = await call('status check', `${base}/v1/video_status.get?video_id=${encodeURIComponent(videoId)}`, { method: 'GET' });
      const data = (s.data ?? {}) as { status?: string; video_url?: string; error?: { code?: string | number; message?: string; detail?: string } | null };
      if (data.status !== last) opts.onProgress?.(`avatar: ${data.status ?? 'unknown status'}`);
      last = data.status ?? '';
      if (data.status === 'completed') {
        if (!data.video_url) throw new HeygenError(`HeyGen says video ${videoId} is completed but gives no video_url`);
        const res = await fetch(data.video_url, { signal: AbortSignal.timeout(requestTimeoutMs * 5) }).catch((err: Error) => {
          throw new HeygenError(`downloading HeyGen video ${videoId} failed: ${err.message}`);
        });
        if (!res.ok) throw new HeygenError(`downloading HeyGen video ${videoId} failed (HTTP ${res.status})`);
        fs.mkdirSync(outDir, { recursive: true });
        fs.writeFileSync(`${file}.part`, Buffer.from(await res.arrayBuffer()));
        fs.renameSync(`${file}.part`, file);
        fs.rmSync(job, { force: true });
        return { file, cached: false, videoId };
      }
      if (data.status === 'failed') {
        const e = data.error;
        fs.rmSync(job, { force: true });
        throw new HeygenError(
          `HeyGen could not make video ${videoId}: ${e ? `${e.code ?? ''} ${e.message ?? ''} ${e.detail ?? ''}`.trim() : 'no reason given'}`,
        );
      }
      if (Date.now() > deadline)
        throw new HeygenError(
          `HeyGen video ${videoId} was not ready within ${((opts.timeoutMs ?? 20 * 60_000) / 1000).toFixed(0)} s (last status: ${last || 'none'}); run again to keep waiting for the same video`,
        );
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 5000));
    }
  }
};
