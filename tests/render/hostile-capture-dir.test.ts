/**
 * A capture dir is untrusted input (DESIGN.md, "Trust boundaries"; issue 15 part 3): every
 * hostile capture dir below goes through the CLI and must end in exit 1 with one line naming
 * the file and the field, no stack, and nothing written into the dir or through its links.
 * Tests run as root, so "read-only" is checked as "byte-identical before and after".
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { resolveInCaptureDir } from '../../src/render/capture-dir';
import { render } from '../../src/render/render';
import { ScreenplayError } from '../../src/errors';
import { makeSyntheticCapture, readPixels } from '../helpers/synthetic';

const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');

let good: string;
let tmp: string;
let outside: string;
let cache: string;
let n = 0;

beforeAll(() => {
  good = makeSyntheticCapture(2);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-hostile-'));
  // Files outside every capture dir that a hostile one points at.
  outside = path.join(tmp, 'outside');
  fs.mkdirSync(outside);
  fs.copyFileSync(path.join(good, 'recording.mp4'), path.join(outside, 'video.mp4'));
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=d=0.5', path.join(outside, 'x.wav')]);
  fs.writeFileSync(path.join(outside, 'capture.json'), fs.readFileSync(path.join(good, 'capture.json')));
  png(path.join(outside, 'img.png'), 'red');
  cache = path.join(tmp, 'cache');
});
afterAll(() => {
  fs.rmSync(good, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The CLI in this process (no start-up cost): exit code and what it printed. */
const runMain = async (...args: string[]) => {
  let stderr = '';
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const env = process.env.SCREENPLAY_CACHE_DIR;
  process.env.SCREENPLAY_CACHE_DIR = cache;
  try {
    return { code: await main(args), stderr };
  } finally {
    write.mockRestore();
    if (env === undefined) delete process.env.SCREENPLAY_CACHE_DIR;
    else process.env.SCREENPLAY_CACHE_DIR = env;
  }
};

/** The CLI as a user runs it (bin/screenplay.mjs). */
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000, env: { ...process.env, SCREENPLAY_CACHE_DIR: cache } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** Every entry under dir (links not followed): file bytes' hash, link targets, folders. */
const snapshot = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (e.isSymbolicLink()) out[rel] = `link → ${fs.readlinkSync(p)}`;
      else if (e.isDirectory()) {
        out[rel] = 'dir';
        walk(p);
      } else if (e.isFile()) out[rel] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
      else out[rel] = 'other';
    }
  };
  walk(dir);
  return out;
};

/** A copy of the good capture dir, changed by `patch` (its capture.json as an object). */
const hostile = (patch: (dir: string, log: Record<string, any>) => void): string => {
  const dir = path.join(tmp, `cap-${++n}`);
  fs.cpSync(good, dir, { recursive: true });
  const log = JSON.parse(fs.readFileSync(path.join(dir, 'capture.json'), 'utf8'));
  patch(dir, log);
  if (!fs.lstatSync(path.join(dir, 'capture.json')).isSymbolicLink()) fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
  return dir;
};

const narrated = (dir: string, audio: string) => {
  fs.mkdirSync(path.join(dir, 'narration'), { recursive: true });
  const line = { id: 'intro', text: 'Hello there.', audio, durationMs: 500, words: [{ text: 'Hello', startMs: 0, endMs: 250 }] };
  fs.writeFileSync(path.join(dir, 'narration', 'narration.json'), JSON.stringify({ version: 1, provider: 'espeak', lines: [line] }));
};

const put = (dir: string, rel: string, what: string | Buffer) => fs.writeFileSync(path.join(dir, rel), what);
const link = (target: string, dir: string, rel: string) => {
  fs.rmSync(path.join(dir, rel), { recursive: true, force: true });
  fs.symlinkSync(target, path.join(dir, rel));
};

/** A 64x64 PNG of one colour. */
const png = (file: string, color: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${color}:s=64x64`, '-frames:v', '1', '-f', 'image2', '-c:v', 'png', file]);
};

/** The script's background picture, as capture records it (style.background.src). */
const background = (l: Record<string, any>, src: unknown) => (l.style = { background: { type: 'image', src } });

/** `count` events of `type` spread over the recording (the rest of the log kept). */
const many = (l: Record<string, any>, type: 'click' | 'key', count: number) => {
  for (let i = 0; i < count; i++)
    l.events.push(type === 'click' ? { tMs: (i * 1900) / count, type, x: 10, y: 10, button: 'left' } : { tMs: (i * 1900) / count, type, key: 'a' });
};

type Case = { name: string; patch: (dir: string, log: Record<string, any>) => void; err: RegExp };

const CASES: Case[] = [
  {
    name: 'recording ../../../../etc/passwd',
    patch: (_d, l) => (l.recording = '../../../../etc/passwd'),
    err: /capture\.json: recording must stay inside the capture dir, but "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" leaves it/,
  },
  {
    name: 'recording an absolute path',
    patch: (_d, l) => (l.recording = '/etc/passwd'),
    err: /capture\.json: recording must be a path relative to the capture dir, but got the absolute path "\/etc\/passwd"/,
  },
  {
    name: 'recording a symlink to an outside video',
    patch: (d) => link(path.join(outside, 'video.mp4'), d, 'recording.mp4'),
    err: /capture\.json: recording must stay inside the capture dir, but "recording\.mp4" is a symbolic link to .*outside\/video\.mp4, outside it/,
  },
  {
    name: 'recording a relative symlink out',
    patch: (d) => link('../outside/video.mp4', d, 'recording.mp4'),
    err: /capture\.json: recording must stay inside the capture dir, but "recording\.mp4" is a symbolic link/,
  },
  {
    name: 'recording a dangling symlink',
    patch: (d) => link('nowhere.mp4', d, 'recording.mp4'),
    err: /capture\.json: recording must name a file in the capture dir, but "recording\.mp4" is a symbolic link to nothing/,
  },
  {
    name: 'recording a text file',
    patch: (d) => put(d, 'recording.mp4', 'hello, this is not a video\n'),
    err: /capture\.json: recording must be a video, but "recording\.mp4" is not a video screenplay reads \(MP4\/MOV, Matroska\/WebM\)/,
  },
  {
    name: 'recording a zero-byte file',
    patch: (d) => put(d, 'recording.mp4', ''),
    err: /capture\.json: recording must be a video, but "recording\.mp4" is empty \(0 bytes\)/,
  },
  {
    name: 'recording a directory',
    patch: (d) => {
      fs.rmSync(path.join(d, 'recording.mp4'));
      fs.mkdirSync(path.join(d, 'recording.mp4'));
    },
    err: /capture\.json: recording must name a file, but "recording\.mp4" is a directory/,
  },
  {
    name: 'recording a FIFO',
    patch: (d) => {
      fs.rmSync(path.join(d, 'recording.mp4'));
      execFileSync('mkfifo', [path.join(d, 'recording.mp4')]);
    },
    err: /capture\.json: recording must name a regular file, but "recording\.mp4" is not one/,
  },
  {
    name: 'recording a PNG (no duration)',
    patch: (d) =>
      execFileSync('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        'color=s=480x270',
        '-frames:v',
        '1',
        '-f',
        'image2',
        '-c:v',
        'png',
        path.join(d, 'recording.mp4'),
      ]),
    err: /capture\.json: recording must be a video, but "recording\.mp4" is a png file, not a video/,
  },
  {
    name: 'recording an HLS playlist of an outside video',
    patch: (d) => put(d, 'recording.mp4', `#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:2,\n${outside}/video.mp4\n#EXT-X-ENDLIST\n`),
    err: /capture\.json: recording must be a video, but "recording\.mp4" is an HLS playlist \(it would make ffmpeg read the files it lists\)/,
  },
  {
    name: 'recording an HLS playlist of a URL',
    patch: (d, l) => {
      put(d, 'rec.m3u8', '#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:2,\nhttp://127.0.0.1:9/seg.ts\n#EXT-X-ENDLIST\n');
      l.recording = 'rec.m3u8';
    },
    err: /capture\.json: recording must be a video, but "rec\.m3u8" is an HLS playlist/,
  },
  {
    name: 'recording an ffconcat list',
    patch: (d) => put(d, 'recording.mp4', `ffconcat version 1.0\nfile ${outside}/video.mp4\n`),
    err: /capture\.json: recording must be a video, but "recording\.mp4" is an ffconcat list/,
  },
  {
    name: 'recording a WAV (audio, not video)',
    patch: (d) => fs.copyFileSync(path.join(outside, 'x.wav'), path.join(d, 'recording.mp4')),
    err: /capture\.json: recording must be a video, but "recording\.mp4" is a wav file, not a video/,
  },
  {
    name: 'narration audio an HLS playlist',
    patch: (d) => {
      narrated(d, 'x.m3u8');
      put(d, 'narration/x.m3u8', `#EXTM3U\n#EXTINF:1,\n${outside}/x.wav\n#EXT-X-ENDLIST\n`);
    },
    err: /narration\/narration\.json: lines\[0\]\.audio must be an audio file, but "x\.m3u8" is an HLS playlist/,
  },
  {
    name: 'avatar.video an HLS playlist',
    patch: (d, l) => {
      put(d, 'me.mp4', `#EXTM3U\n#EXTINF:2,\n${outside}/video.mp4\n#EXT-X-ENDLIST\n`);
      l.avatar = { provider: 'video', video: 'me.mp4' };
    },
    err: /capture\.json: avatar\.video must be a video, but "me\.mp4" is an HLS playlist/,
  },
  {
    name: 'recording with a NUL byte',
    patch: (_d, l) => (l.recording = 'recording.mp4\u0000.txt'),
    err: /capture\.json: recording must be a path inside the capture dir, but "recording\.mp4\\u0000\.txt" holds a NUL byte/,
  },
  {
    name: 'recording missing',
    patch: (d) => fs.rmSync(path.join(d, 'recording.mp4')),
    err: /capture\.json: recording must name a file in the capture dir, but "recording\.mp4" does not exist/,
  },
  { name: 'durationMs 1e308', patch: (_d, l) => (l.durationMs = 1e308), err: /capture\.json: durationMs must be at most 21600000 ms \(6 h\), but got 1e\+308/ },
  { name: 'durationMs 1e9 for a 2 s recording', patch: (_d, l) => (l.durationMs = 1e9), err: /capture\.json: durationMs must be at most 21600000/ },
  {
    name: 'durationMs 10 min for a 2 s recording',
    patch: (_d, l) => (l.durationMs = 600_000),
    err: /capture\.json: durationMs must be the length of "recording\.mp4" \(2000 ms, clamped when within 1000 ms\), but got 600000 \(598000 ms longer\)/,
  },
  {
    name: 'durationMs 1.5 s short of the recording',
    patch: (_d, l) => {
      l.durationMs = 500;
      l.events = [];
    },
    err: /capture\.json: durationMs must be the length of "recording\.mp4" \(2000 ms, clamped when within 1000 ms\), but got 500 \(1500 ms shorter\)/,
  },
  { name: 'durationMs 0', patch: (_d, l) => (l.durationMs = 0), err: /capture\.json: durationMs must be more than 0 ms, but got 0/ },
  { name: 'durationMs negative', patch: (_d, l) => (l.durationMs = -2000), err: /capture\.json: durationMs must be more than 0 ms, but got -2000/ },
  { name: 'durationMs "NaN"', patch: (_d, l) => (l.durationMs = 'NaN'), err: /capture\.json: durationMs must be number, but got "NaN"/ },
  { name: 'durationMs null (what JSON makes of NaN)', patch: (_d, l) => (l.durationMs = null), err: /capture\.json: durationMs must be number, but got null/ },
  {
    name: 'screen larger than the recording',
    patch: (_d, l) => (l.screen = { width: 1920, height: 1080 }),
    err: /capture\.json: screen must be the recording's size \(480x270\), but got 1920x1080/,
  },
  {
    name: 'screen off by one pixel',
    patch: (_d, l) => (l.screen = { width: 480, height: 271 }),
    err: /capture\.json: screen must be the recording's size \(480x270\), but got 480x271/,
  },
  {
    name: 'capture.json a symlink out',
    patch: (d) => link(path.join(outside, 'capture.json'), d, 'capture.json'),
    err: /capture\.json must stay inside the capture dir, but "capture\.json" is a symbolic link to .*outside\/capture\.json, outside it/,
  },
  {
    name: 'narration audio ../../outside/x.wav',
    patch: (d) => narrated(d, '../../outside/x.wav'),
    err: /narration\/narration\.json: lines\[0\]\.audio must stay inside the capture dir, but "\.\.\/\.\.\/outside\/x\.wav" leaves it/,
  },
  {
    name: 'narration audio ../../../TMP/outside/x.wav (the same file by a longer way)',
    patch: (d) => narrated(d, `../../../${path.basename(tmp)}/outside/x.wav`),
    err: /lines\[0\]\.audio must stay inside the capture dir/,
  },
  {
    name: 'narration audio an absolute path',
    patch: (d) => narrated(d, path.join(outside, 'x.wav')),
    err: /narration\/narration\.json: lines\[0\]\.audio must be a path relative to the capture dir, but got the absolute path/,
  },
  {
    name: 'narration audio symlinked out',
    patch: (d) => {
      narrated(d, 'intro.wav');
      link(path.join(outside, 'x.wav'), d, 'narration/intro.wav');
    },
    err: /narration\/narration\.json: lines\[0\]\.audio must stay inside the capture dir, but "intro\.wav" is a symbolic link to .*outside\/x\.wav/,
  },
  {
    name: 'the narration folder symlinked out',
    patch: (d) => {
      fs.mkdirSync(path.join(outside, `narr-${n}`));
      fs.symlinkSync(path.join(outside, `narr-${n}`), path.join(d, 'narration'));
      narrated(d, 'x.wav');
    },
    err: /narration\/narration\.json must stay inside the capture dir, but "narration\/narration\.json" is under a symbolic link to .*outside/,
  },
  {
    name: 'narration.json not a narration',
    patch: (d) => {
      narrated(d, 'x.wav');
      put(d, 'narration/narration.json', JSON.stringify({ version: 1, provider: 'espeak', lines: [{ id: 'a' }] }));
    },
    err: /narration\/narration\.json: lines\[0\]\.text /,
  },
  {
    name: 'avatar.video out of the dir',
    patch: (_d, l) => (l.avatar = { provider: 'video', video: '../outside/video.mp4' }),
    err: /capture\.json: avatar\.video must stay inside the capture dir, but "\.\.\/outside\/video\.mp4" leaves it/,
  },
  {
    name: 'avatar.video symlinked out',
    patch: (d, l) => {
      link(path.join(outside, 'video.mp4'), d, 'me.mp4');
      l.avatar = { video: 'me.mp4' };
    },
    err: /capture\.json: avatar\.video must stay inside the capture dir, but "me\.mp4" is a symbolic link/,
  },
  {
    name: 'avatar.image absolute',
    patch: (_d, l) => (l.avatar = { image: '/etc/hostname' }),
    err: /capture\.json: avatar\.image must be a path relative to the capture dir/,
  },
  {
    name: "the script style's avatar clip out of the dir",
    patch: (_d, l) => (l.style = { avatar: { provider: 'video', video: '../../outside/video.mp4' } }),
    err: /capture\.json: style\.avatar\.video must stay inside the capture dir/,
  },
  // The script's style, checked in Node against the composition's schema (never a browser's stack).
  {
    name: 'style.motion.zoomLevel 1e308',
    patch: (_d, l) => (l.style = { motion: { zoomLevel: 1e308 } }),
    err: /capture\.json: style\.motion\.zoomLevel must be at most \d+, but got 1e\+308$/m,
  },
  {
    name: 'style.cornerRadius a string',
    patch: (_d, l) => (l.style = { cornerRadius: 'round' }),
    err: /capture\.json: style\.cornerRadius must be number, but got "round"$/m,
  },
  {
    name: 'style.background of no known type',
    patch: (_d, l) => (l.style = { background: { type: 'video' } }),
    err: /capture\.json: style\.background\.type must be one of the allowed kinds, but got "video"$/m,
  },
  {
    name: 'style.avatar a video without the clip',
    patch: (_d, l) => (l.style = { avatar: { provider: 'video' } }),
    err: /capture\.json: style\.avatar\.video must name the avatar clip \(a file in the capture dir\) when style\.avatar\.provider is "video", but got nothing$/m,
  },
  // The script's background picture: a file inside the dir, never a URL.
  {
    name: 'style.background.src /etc/passwd',
    patch: (_d, l) => background(l, '/etc/passwd'),
    err: /capture\.json: style\.background\.src must be a path relative to the capture dir, but got the absolute path "\/etc\/passwd"/,
  },
  {
    name: 'style.background.src ../../outside/img.png',
    patch: (_d, l) => background(l, '../../outside/img.png'),
    err: /capture\.json: style\.background\.src must stay inside the capture dir, but "\.\.\/\.\.\/outside\/img\.png" leaves it/,
  },
  {
    name: 'style.background.src http://127.0.0.1:9/x.png',
    patch: (_d, l) => background(l, 'http://127.0.0.1:9/x.png'),
    err: /capture\.json: style\.background\.src expected a file in the capture dir, but got a URL \("http:\/\/127\.0\.0\.1:9\/x\.png"\): put the picture in the capture dir/,
  },
  {
    name: 'style.background.src file:///etc/passwd',
    patch: (_d, l) => background(l, 'file:///etc/passwd'),
    err: /capture\.json: style\.background\.src expected a file in the capture dir, but got a URL/,
  },
  {
    name: 'style.background.src a data: URL',
    patch: (_d, l) => background(l, 'data:image/png;base64,iVBORw0KGgo='),
    err: /capture\.json: style\.background\.src expected a file in the capture dir, but got a URL/,
  },
  {
    name: 'style.background.src symlinked out',
    patch: (d, l) => {
      fs.mkdirSync(path.join(d, 'background'));
      fs.symlinkSync(path.join(outside, 'img.png'), path.join(d, 'background', 'bg.png'));
      background(l, 'background/bg.png');
    },
    err: /capture\.json: style\.background\.src must stay inside the capture dir, but "background\/bg\.png" is a symbolic link to .*outside\/img\.png/,
  },
  {
    name: 'style.background.src missing',
    patch: (_d, l) => background(l, 'background/bg.png'),
    err: /capture\.json: style\.background\.src must name a file in the capture dir, but "background\/bg\.png" does not exist/,
  },
  {
    name: 'style.background.src not an image',
    patch: (d, l) => {
      put(d, 'notes.png', 'hello');
      background(l, 'notes.png');
    },
    err: /capture\.json: style\.background\.src must be an image \(PNG, JPEG, GIF or WebP\), but "notes\.png" is not one/,
  },
  {
    name: 'style.background.src an SVG',
    patch: (d, l) => {
      put(d, 'bg.svg', '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>');
      background(l, 'bg.svg');
    },
    err: /style\.background\.src must be an image \(PNG, JPEG, GIF or WebP\), but "bg\.svg" is not one/,
  },
  // Bounded work: clicks and keys per second of recording.
  {
    name: '20,000 cursor samples in a 2 s capture',
    patch: (_d, l) => {
      for (let i = 0; i < 20_000; i++) l.events.push({ tMs: (i * 1900) / 20_000, type: 'cursor', x: 10, y: 10 });
    },
    err: /capture\.json: events must hold at most 500 events \(250 per second of a 2 s recording\), but got 2\d{4}/,
  },
  {
    name: 'a still stretch to 1e308 ms',
    patch: (_d, l) => (l.stills = [{ fromMs: 0, toMs: 1e308 }]),
    err: /capture\.json: stills\[0\] must be a stretch inside the recording \(0 to 2000 ms, fromMs ≤ toMs\), but got 0 to 1e\+308/,
  },
  {
    name: '20,000 still stretches',
    patch: (_d, l) => (l.stills = Array.from({ length: 20_000 }, (_, i) => ({ fromMs: i / 10, toMs: i / 10 }))),
    err: /capture\.json: stills must hold at most 500 stretches, but got 20000/,
  },
  {
    name: '20,000 clicks in a 2 s capture',
    patch: (_d, l) => many(l, 'click', 20_000),
    err: /capture\.json: events must hold at most 40 click events \(20 per second of a 2 s recording\), but got 20001/,
  },
  {
    name: '10,000 keys in a 2 s capture',
    patch: (_d, l) => many(l, 'key', 10_000),
    err: /capture\.json: events must hold at most 100 key events \(50 per second of a 2 s recording\), but got 10000/,
  },
  // Numbers taken on trust.
  {
    name: 'cursor x 1e308',
    patch: (_d, l) => (l.events.find((e: any) => e.type === 'cursor').x = 1e308),
    err: /capture\.json: events\[\d+\]\.x must be within ±4800 px \(10 times the screen's width\), but got 1e\+308/,
  },
  {
    name: 'click y -1e6',
    patch: (_d, l) => (l.events.find((e: any) => e.type === 'click').y = -1e6),
    err: /capture\.json: events\[\d+\]\.y must be within ±2700 px \(10 times the screen's height\), but got -1000000/,
  },
  {
    name: 'a zoom mark 1e9 px wide',
    patch: (_d, l) => l.events.push({ tMs: 100, type: 'mark', kind: 'zoom', endMs: 500, x: 0, y: 0, width: 1e9, height: 10 }),
    err: /capture\.json: events\[\d+\]\.width must be within ±4800 px/,
  },
  {
    name: 'narration line durationMs 1e308',
    patch: (d) => {
      narrated(d, 'intro.wav');
      fs.copyFileSync(path.join(outside, 'x.wav'), path.join(d, 'narration', 'intro.wav'));
      const f = path.join(d, 'narration', 'narration.json');
      const j = JSON.parse(fs.readFileSync(f, 'utf8'));
      j.lines[0].durationMs = 1e308;
      put(d, 'narration/narration.json', JSON.stringify(j));
    },
    err: /narration\/narration\.json: lines\[0\]\.durationMs must be at most 21600000 ms \(6 h\), but got 1e\+308/,
  },
  {
    name: 'narration word endMs 1e308',
    patch: (d) => {
      narrated(d, 'intro.wav');
      fs.copyFileSync(path.join(outside, 'x.wav'), path.join(d, 'narration', 'intro.wav'));
      const f = path.join(d, 'narration', 'narration.json');
      const j = JSON.parse(fs.readFileSync(f, 'utf8'));
      j.lines[0].words[0].endMs = 1e308;
      put(d, 'narration/narration.json', JSON.stringify(j));
    },
    err: /narration\/narration\.json: lines\[0\]\.words\[0\]\.endMs must be at most 21600000 ms/,
  },
  {
    name: 'fps 240 for a 30 fps recording',
    patch: (_d, l) => (l.fps = 240),
    err: /capture\.json: fps must be the frame rate of "recording\.mp4" \(30 fps, within 25%\), but got 240/,
  },
  {
    name: 'fps 0.001 for a 30 fps recording',
    patch: (_d, l) => (l.fps = 0.001),
    err: /capture\.json: fps must be the frame rate of "recording\.mp4" \(30 fps, within 25%\), but got 0\.001/,
  },
];

describe('hostile capture dirs', () => {
  it('thousands of bad events: 20 problems listed, the rest counted in one line', async () => {
    const dir = path.join(tmp, `many-problems`);
    fs.cpSync(good, dir, { recursive: true });
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'capture.json'), 'utf8'));
    for (let i = 0; i < 300; i++) log.events.push({ tMs: i, type: 'cursor', x: 'left', y: 1 });
    fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
    const r = await runMain('render', dir, '--composition', 'Landscape', '--out', path.join(tmp, 'many.png'), '--still', '0', '--scale', '0.25');
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => /events\[\d+\]\.x must be number/.test(l))).toHaveLength(20);
    expect(lines.at(-1)).toMatch(/capture\.json: 280 more problems not shown \(fix these and render again\)/);
  });

  it.each(CASES)('$name → exit 1 naming the field, nothing written', { timeout: 60_000 }, async ({ patch, err }) => {
    const dir = hostile(patch);
    const before = snapshot(dir);
    const outsideBefore = snapshot(outside);
    const r = await runMain('render', dir, '--composition', 'Landscape', '--out', path.join(tmp, `out-${n}.mp4`), '--scale', '0.25');
    expect(r.stderr).toMatch(err);
    expect(r.code).toBe(1);
    // One line, no stack.
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr.slice(r.stderr.indexOf('error: ')).trim().split('\n')).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
    expect(snapshot(outside)).toEqual(outsideBefore);
    expect(fs.existsSync(path.join(tmp, `out-${n}.mp4`))).toBe(false);
  });
});

describe('hostile capture dirs, as a user runs the CLI', () => {
  it('a recording that escapes the dir: exit 1, one line, no stack', { timeout: 120_000 }, () => {
    const dir = hostile((_d, l) => (l.recording = '../../../../etc/passwd'));
    const r = run('render', dir, '--composition', 'Landscape', '--out', path.join(tmp, 'x.mp4'), '--scale', '0.25');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^error: \S+capture\.json: recording must stay inside the capture dir, but "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" leaves it$/,
    );
  });
});

describe('bad props from capture.json, as a user runs the CLI', () => {
  it('style.motion.zoomLevel 1e308 with --still 0: exit 1, one line naming capture.json, no stack', { timeout: 120_000 }, () => {
    const dir = hostile((_d, l) => (l.style = { motion: { zoomLevel: 1e308 } }));
    const r = run('render', dir, '--composition', 'Landscape', '--out', path.join(tmp, 'zoom.png'), '--still', '0', '--scale', '0.25');
    expect(r.code).toBe(1);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at /m);
    expect(r.stderr.trim()).toMatch(/^error: \S+capture\.json: style\.motion\.zoomLevel must be at most \d+, but got 1e\+308$/);
  });
});

describe('props given by the caller', () => {
  it("are checked in Node against the composition's schema and named as props", { timeout: 60_000 }, async () => {
    const dir = hostile(() => {});
    const before = snapshot(dir);
    const e = await render({
      composition: 'Landscape',
      captureDir: dir,
      out: path.join(tmp, 'props.png'),
      still: 0,
      props: { style: { motion: { zoomLevel: 1e308 } }, title: 7 },
    }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ScreenplayError);
    expect((e as ScreenplayError).exitCode).toBe(1);
    expect((e as Error).message.split('\n').sort()).toEqual(
      [expect.stringMatching(/^props: style\.motion\.zoomLevel must be at most \d+, but got 1e\+308$/), 'props: title must be string, but got 7'].sort(),
    );
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("a capture dir's background picture", () => {
  it('renders from the capture dir (its colour in the corners), as a user runs the CLI', { timeout: 240_000 }, () => {
    const dir = hostile((d, l) => {
      png(path.join(d, 'background', 'bg.png'), '0x00ff00');
      background(l, 'background/bg.png');
    });
    const before = snapshot(dir);
    const out = path.join(tmp, 'background.png');
    const r = run('render', dir, '--composition', 'Landscape', '--out', out, '--still', '0', '--scale', '0.25');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.code).toBe(0);
    const img = readPixels(out);
    for (const [x, y] of [
      [1, 1],
      [img.width - 2, 1],
      [1, img.height - 2],
      [img.width - 2, img.height - 2],
    ] as const) {
      const i = (y * img.width + x) * 3;
      const [r, g, b] = [...img.data.subarray(i, i + 3)] as [number, number, number];
      expect({ x, y, green: r < 40 && g > 215 && b < 40 }).toEqual({ x, y, green: true });
    }
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('resolveInCaptureDir', () => {
  it.each([
    { rel: 'recording.mp4', ok: true },
    { rel: './sub/../recording.mp4', ok: true },
    { rel: 'sub/inner.mp4', ok: true },
    { rel: 'inside-link.mp4', ok: true },
    { rel: 'sub', ok: false },
    { rel: '', ok: false },
    { rel: 42, ok: false },
    { rel: '..', ok: false },
    { rel: 'sub/../../x', ok: false },
  ])('$rel → ok: $ok', ({ rel, ok }) => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(tmp, 'resolve-')));
    fs.writeFileSync(path.join(root, 'recording.mp4'), 'x');
    fs.mkdirSync(path.join(root, 'sub'));
    fs.writeFileSync(path.join(root, 'sub', 'inner.mp4'), 'x');
    fs.symlinkSync('sub/inner.mp4', path.join(root, 'inside-link.mp4'));
    const where = { file: 'capture.json', field: 'recording' };
    if (ok) expect(resolveInCaptureDir(root, rel, where).startsWith(root + path.sep)).toBe(true);
    else {
      const e = (() => {
        try {
          resolveInCaptureDir(root, rel, where);
        } catch (err) {
          return err;
        }
      })();
      expect(e).toBeInstanceOf(ScreenplayError);
      expect((e as ScreenplayError).exitCode).toBe(1);
      expect((e as Error).message).toMatch(/^capture\.json: recording must /);
    }
  });
});

describe('render leaves its input as it found it', () => {
  it(
    'a capture dir without stills, capture.json and recording links inside it: renders, byte-identical after, stills cached outside',
    { timeout: 240_000 },
    () => {
      const dir = hostile((d, l) => {
        delete l.stills;
        fs.mkdirSync(path.join(d, 'media'));
        fs.renameSync(path.join(d, 'recording.mp4'), path.join(d, 'media', 'screen.mp4'));
        fs.symlinkSync('media/screen.mp4', path.join(d, 'recording.mp4'));
        fs.writeFileSync(path.join(d, 'media', 'log.json'), JSON.stringify(l));
        fs.rmSync(path.join(d, 'capture.json'));
        fs.symlinkSync('media/log.json', path.join(d, 'capture.json'));
      });
      // chmod cannot stop root: make it read-only anyway, and check the bytes.
      execFileSync('chmod', ['-R', 'a-w', dir]);
      const before = snapshot(dir);
      fs.rmSync(cache, { recursive: true, force: true });
      const png = path.join(tmp, 'readonly.png');
      try {
        const r = run('render', dir, '--composition', 'Landscape', '--out', png, '--still', '10', '--scale', '0.25');
        expect(r.stderr).toMatch(/wrote .*readonly\.png \(480x270/);
        expect(r.code).toBe(0);
      } finally {
        execFileSync('chmod', ['-R', 'u+w', dir]);
      }
      expect(readPixels(png)).toMatchObject({ width: 480, height: 270 });
      expect(snapshot(dir)).toEqual(before);
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'media', 'log.json'), 'utf8')).stills).toBeUndefined();
      // The measured stills went to the cache (one entry, keyed by the recording's hash).
      const entries = fs.readdirSync(path.join(cache, 'stills'));
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatch(/^[0-9a-f]{64}\.json$/);
      expect(JSON.parse(fs.readFileSync(path.join(cache, 'stills', entries[0]!), 'utf8')).stills).toBeInstanceOf(Array);
    },
  );
});
