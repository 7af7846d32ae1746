/**
 * A local stand-in for HeyGen's API (v2 generation, v1 upload and status) on 127.0.0.1, speaking
 * the real wire format: POST /v1/asset (raw audio body) → { code: 100, data: { id, url } };
 * POST /v2/video/generate → { error: null, data: { video_id } }; GET /v1/video_status.get →
 * { code: 100, data: { status, video_url, error } }, going waiting → processing → completed over
 * a few polls; the video (a real MP4 as long as the uploaded audio, made with ffmpeg) is served
 * from /files/. It checks X-Api-Key, records every request, and can be told to fail.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

export const HEYGEN_KEY = 'hg_test_local_only';

export type HeygenRequest = { method: string; path: string; apiKey: string | undefined; body: Buffer };
export type FakeHeygen = {
  url: string;
  requests: HeygenRequest[];
  /** What the next generated video does: complete after `polls` status checks, fail, or never finish. */
  behaviour: { polls: number; fail?: { code: number; message: string }; never?: boolean; generateStatus?: number };
  close: () => Promise<void>;
};

const probeSeconds = (file: string): number =>
  Number(spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).stdout.trim()) || 1;

export const startFakeHeygen = async (): Promise<FakeHeygen> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-heygen-'));
  const assets = new Map<string, string>();
  const videos = new Map<string, { asset: string; polls: number; behaviour: FakeHeygen['behaviour']; body: Record<string, unknown> }>();
  let n = 0;
  const fake: FakeHeygen = { url: '', requests: [], behaviour: { polls: 2 }, close: async () => undefined };
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks);
      const apiKey = req.headers['x-api-key'] as string | undefined;
      fake.requests.push({ method: req.method ?? '', path: url.pathname, apiKey, body });
      if (url.pathname.startsWith('/files/')) {
        const file = path.join(dir, path.basename(url.pathname));
        if (!fs.existsSync(file)) return json(res, 404, { message: 'not found' });
        res.writeHead(200, { 'content-type': 'video/mp4' });
        return res.end(fs.readFileSync(file));
      }
      // A wrong key is quoted back, plainly and URL-encoded, as a careless API might.
      if (apiKey !== HEYGEN_KEY)
        return json(res, 401, {
          error: { code: 'invalid_api_key', message: `Unauthorized: invalid API key '${apiKey ?? ''}' (${encodeURIComponent(apiKey ?? '')})` },
          data: null,
        });
      if (req.method === 'POST' && url.pathname === '/v1/asset') {
        const id = `asset_${++n}`;
        const ext = req.headers['content-type'] === 'audio/wav' ? 'wav' : 'mp3';
        const file = path.join(dir, `${id}.${ext}`);
        fs.writeFileSync(file, body);
        assets.set(id, file);
        return json(res, 200, {
          code: 100,
          data: { id, name: id, file_type: 'audio', folder_id: '', meta: null, created_ts: 1795700000, url: `${fake.url}/files/${id}.${ext}` },
          msg: null,
          message: null,
        });
      }
      if (req.method === 'POST' && url.pathname === '/v2/video/generate') {
        if (fake.behaviour.generateStatus)
          return json(res, fake.behaviour.generateStatus, {
            error: { code: 'trial_video_limit_exceeded', message: 'You have reached your video limit' },
            data: null,
          });
        const parsed = JSON.parse(body.toString()) as { video_inputs?: Array<{ voice?: { audio_asset_id?: string }; character?: Record<string, unknown> }> };
        const asset = parsed.video_inputs?.[0]?.voice?.audio_asset_id ?? '';
        const character = parsed.video_inputs?.[0]?.character ?? {};
        if (!assets.has(asset)) return json(res, 400, { error: { code: 'invalid_parameter', message: `audio asset ${asset} not found` }, data: null });
        if (!character.avatar_id && !character.talking_photo_id)
          return json(res, 400, { error: { code: 'invalid_parameter', message: 'avatar_id or talking_photo_id is required' }, data: null });
        const id = `video_${++n}`;
        videos.set(id, { asset, polls: 0, behaviour: { ...fake.behaviour }, body: parsed as Record<string, unknown> });
        return json(res, 200, { error: null, data: { video_id: id } });
      }
      if (req.method === 'GET' && url.pathname === '/v1/video_status.get') {
        const id = url.searchParams.get('video_id') ?? '';
        const v = videos.get(id);
        if (!v) return json(res, 404, { code: 400, message: 'video not found', data: null });
        v.polls++;
        if (v.behaviour.never || v.polls <= v.behaviour.polls) {
          return json(res, 200, {
            code: 100,
            data: { id, status: v.polls === 1 ? 'waiting' : 'processing', video_url: null, thumbnail_url: null, duration: null, error: null },
            message: 'Success',
          });
        }
        if (v.behaviour.fail) {
          return json(res, 200, {
            code: 100,
            data: {
              id,
              status: 'failed',
              video_url: null,
              error: { code: v.behaviour.fail.code, message: v.behaviour.fail.message, detail: 'The avatar could not be rendered.' },
            },
            message: 'Success',
          });
        }
        const file = path.join(dir, `${id}.mp4`);
        if (!fs.existsSync(file)) {
          const seconds = probeSeconds(assets.get(v.asset) as string);
          spawnSync('ffmpeg', [
            '-v',
            'error',
            '-y',
            '-f',
            'lavfi',
            '-i',
            `testsrc2=s=320x320:r=25:d=${seconds.toFixed(3)}`,
            '-i',
            assets.get(v.asset) as string,
            '-c:v',
            'libx264',
            '-pix_fmt',
            'yuv420p',
            '-c:a',
            'aac',
            '-shortest',
            file,
          ]);
        }
        return json(res, 200, {
          code: 100,
          data: { id, status: 'completed', video_url: `${fake.url}/files/${id}.mp4`, thumbnail_url: null, duration: probeSeconds(file), error: null },
          message: 'Success',
        });
      }
      return json(res, 404, { message: `no route ${req.method} ${url.pathname}` });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  fake.close = async () => {
    await new Promise((r) => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return fake;
};
