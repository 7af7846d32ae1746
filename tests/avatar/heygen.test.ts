import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateHeygenVideo, heygenCacheKey, type HeygenOptions } from '../../src/avatar/heygen';
import { HEYGEN_KEY, startFakeHeygen, type FakeHeygen } from '../helpers/fake-heygen';

let fake: FakeHeygen;
let dir: string;
let audio: string;
beforeAll(async () => {
  fake = await startFakeHeygen();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heygen-test-'));
  audio = path.join(dir, 'narration.mp3');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=1.5', '-c:a', 'libmp3lame', audio]);
}, 30_000);
afterAll(async () => {
  await fake?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.behaviour = { polls: 2 };
});

const opts = (over: Partial<HeygenOptions> = {}): HeygenOptions => ({
  apiKey: HEYGEN_KEY,
  baseUrl: fake.url,
  uploadUrl: fake.url,
  character: { avatarId: 'Daisy-inskirt-20220818' },
  pollMs: 20,
  ...over,
});

describe('HeyGen avatar videos', () => {
  it('uploads the audio, generates with the avatar, polls until completed, downloads the video', async () => {
    const out = path.join(dir, 'a');
    const r = await generateHeygenVideo(audio, out, opts({ dimension: { width: 640, height: 640 } }));
    expect(r.cached).toBe(false);
    expect(fake.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      'POST /v1/asset',
      'POST /v2/video/generate',
      'GET /v1/video_status.get',
      'GET /v1/video_status.get',
      'GET /v1/video_status.get',
      'GET /files/video_2.mp4',
    ]);
    expect(fake.requests.filter((q) => !q.path.startsWith('/files/')).every((q) => q.apiKey === HEYGEN_KEY)).toBe(true);
    expect(fake.requests[0]!.body.equals(fs.readFileSync(audio))).toBe(true);
    const sent = JSON.parse(fake.requests[1]!.body.toString());
    expect(sent).toEqual({
      video_inputs: [
        { character: { type: 'avatar', avatar_id: 'Daisy-inskirt-20220818', avatar_style: 'normal' }, voice: { type: 'audio', audio_asset_id: 'asset_1' } },
      ],
      dimension: { width: 640, height: 640 },
    });
    const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'csv=p=0', r.file], {
      encoding: 'utf8',
    });
    expect(probe).toMatch(/video/);
    expect(Number(probe.trim().split('\n').at(-1))).toBeCloseTo(1.5, 0);
  });

  it('a second run with the same audio and avatar makes no request (cached by hash)', async () => {
    const out = path.join(dir, 'b');
    await generateHeygenVideo(audio, out, opts());
    const before = fake.requests.length;
    const again = await generateHeygenVideo(audio, out, opts());
    expect(again.cached).toBe(true);
    expect(fake.requests.length).toBe(before);
    // Another avatar is another video.
    expect(heygenCacheKey(fs.readFileSync(audio), { character: { avatarId: 'x' } })).not.toBe(
      heygenCacheKey(fs.readFileSync(audio), { character: { avatarId: 'y' } }),
    );
  });

  it('a talking photo is sent as one', async () => {
    await generateHeygenVideo(audio, path.join(dir, 'c'), opts({ character: { talkingPhotoId: 'tp_123' } }));
    expect(JSON.parse(fake.requests[1]!.body.toString()).video_inputs[0].character).toEqual({ type: 'talking_photo', talking_photo_id: 'tp_123' });
  });

  it.each([
    {
      name: 'a wrong key (quoted back by the server)',
      over: { apiKey: 'hg_wrong/key+1' },
      behaviour: { polls: 0 },
      error: /HeyGen upload failed \(HTTP 401, invalid_api_key: Unauthorized: invalid API key '••••••••' \(••••••••\)\) \(check HEYGEN_API_KEY\)/,
    },
    {
      name: "the plan's limit",
      over: {},
      behaviour: { polls: 0, generateStatus: 403 },
      error: /HeyGen video generation failed \(HTTP 403, trial_video_limit_exceeded: You have reached your video limit\)/,
    },
    {
      name: 'a failed video',
      over: {},
      behaviour: { polls: 1, fail: { code: 400140, message: 'Avatar render failed' } },
      error: /HeyGen could not make video video_\d+: 400140 Avatar render failed The avatar could not be rendered\./,
    },
    {
      name: 'a video that never finishes',
      over: { timeoutMs: 300 },
      behaviour: { polls: 0, never: true },
      error: /HeyGen video video_\d+ was not ready within 0 s \(last status: processing\); run again to keep waiting for the same video/,
    },
    {
      name: 'a server that does not answer',
      over: { baseUrl: 'http://127.0.0.1:9', uploadUrl: 'http://127.0.0.1:9' },
      behaviour: { polls: 0 },
      error: /HeyGen upload failed: fetch failed \(127\.0\.0\.1:9\)/,
    },
  ])('$name: a clear error, and the key never in it', async ({ over, behaviour, error }) => {
    fake.behaviour = behaviour;
    const err = await generateHeygenVideo(audio, path.join(dir, `err-${Math.random()}`), opts(over)).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(error);
    expect(err?.message).not.toContain(HEYGEN_KEY);
    expect(err?.message).not.toContain(opts(over).apiKey);
    expect(err?.message).not.toContain(encodeURIComponent(opts(over).apiKey));
  });

  it('after a timeout, the next run keeps polling the same video instead of starting another', async () => {
    const out = path.join(dir, 'resume');
    fake.behaviour = { polls: 6 };
    await expect(generateHeygenVideo(audio, out, opts({ timeoutMs: 50, pollMs: 30 }))).rejects.toThrow(/was not ready/);
    const generated = fake.requests.filter((q) => q.path === '/v2/video/generate').length;
    const r = await generateHeygenVideo(audio, out, opts({ timeoutMs: 5000 }));
    expect(r.cached).toBe(false);
    expect(fake.requests.filter((q) => q.path === '/v2/video/generate').length).toBe(generated);
    expect(fs.existsSync(`${r.file}.job`)).toBe(false);
  });
});
