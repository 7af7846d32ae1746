/**
 * `kill -9` of `screenplay capture` mid-take: nothing it started keeps running (ffmpeg, xterm,
 * the relay, the shell and its command), the recording stays playable, and `screenplay
 * finalise` turns the dir into one that renders, ending at the events' end. Also the finalise
 * command's answers to what is not a killed capture dir.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLogText } from '../../src/capture-log';
import { descendants } from '../../src/capture/end-on-exit';
import { probeDurationMs } from '../../src/media/probe';
import { RAW_RECORDING } from '../../src/capture-log/capture-dir-files';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { probe, readPixels } from '../helpers/synthetic';
import { TERMINAL, skipWithout } from '../helpers/requires';

const skip = skipWithout('screenplay capture killed on Xvfb', TERMINAL);

const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cmdline = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return null; // gone
  }
};
const cli = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 240_000 });

describe.skipIf(skip)('screenplay capture, killed', () => {
  let desktop: VirtualDesktop;
  let dir: string;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 640, height: 360 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-kill-'));
  });
  afterAll(async () => {
    await desktop?.stop();
    if (!process.env.KEEP_TEST_DIRS) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'SIGKILL mid-take: every child ends within 3 s, the recording plays, finalise recovers the dir, trimmed, and it renders',
    { timeout: 400_000 },
    async () => {
      const out = path.join(dir, 'out');
      fs.writeFileSync(path.join(dir, 'video.yaml'), 'steps:\n  - open_terminal: { title: kill-test, cols: 60, rows: 12 }\n  - run: sleep 60\n');
      const p = spawn(process.execPath, [BIN, 'capture', path.join(dir, 'video.yaml'), '--out', out, '--countdown', '0s', '--on-my-desktop'], {
        env: { ...process.env, DISPLAY: desktop.display },
      });
      let stderr = '';
      await new Promise<void>((resolve, reject) => {
        p.stderr.on('data', (c: Buffer) => {
          stderr += c.toString();
          if (/step 2\/2/.test(stderr)) resolve();
        });
        p.once('exit', () => reject(new Error(`capture ended early: ${stderr}`)));
      });
      // Wait until `sleep 60` runs (typed and entered), then a little more footage.
      const deadline = Date.now() + 30_000;
      while (!descendants(p.pid!).some((d) => cmdline(d) === 'sleep 60') && Date.now() < deadline) await sleep(100);
      await sleep(1500);
      const children = descendants(p.pid!).map((pid) => ({ pid, cmd: cmdline(pid) ?? '' }));
      const names = children.map((c) => c.cmd).join('\n');
      expect(names).toMatch(/^ffmpeg .*x11grab/m);
      expect(names).toMatch(/^xterm /m);
      expect(names).toMatch(/terminal-relay\.cjs/);
      expect(names).toMatch(/^bash --rcfile/m);
      expect(names).toMatch(/^sleep 60$/m);
      expect(names).toMatch(/exit-guard\.cjs/);

      p.kill('SIGKILL');
      const killedAt = Date.now();
      let left = children;
      while (left.length && Date.now() - killedAt < 3000) {
        await sleep(100);
        // A pid still there with the same command line is the same process.
        left = children.filter((c) => cmdline(c.pid) === c.cmd);
      }
      expect(left).toEqual([]);

      // What a killed capture leaves: events.jsonl and the raw recording, playable; no capture.json.
      expect(fs.existsSync(path.join(out, 'capture.json'))).toBe(false);
      const raw = probe(path.join(out, RAW_RECORDING));
      expect(raw).toMatchObject({ codec: 'h264', width: 640, height: 360 });
      expect(raw.frames).toBeGreaterThan(30);

      // render says how to recover it…
      const before = cli(['render', out, '--composition', 'Landscape', '--out', path.join(dir, 'no.png'), '--still', '0']);
      expect(before.status).toBe(1);
      expect(before.stderr).toContain(`the capture did not finish: recover it with \`screenplay finalise ${out}\``);

      // …and finalise does: complete false, ending where the events end, not where ffmpeg stopped.
      const f = cli(['finalise', out]);
      expect(f.status, f.stderr).toBe(0);
      expect(f.stderr).toMatch(
        /finalised .*: \d+\.\d s, \d+ events; the capture did not finish: "complete": false; ends at its last event \(the recording runs \d+\.\d s\)/,
      );
      const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
      if (!read.ok) throw new Error(JSON.stringify(read.problems));
      expect(read.log.complete).toBe(false);
      const eventsEnd = Math.max(...read.log.events.map((e) => ('endMs' in e && e.endMs !== undefined ? e.endMs : e.tMs)));
      // The log and the recording both end at the last event (the recording cut after its last frame before it).
      expect(read.log.durationMs).toBeLessThanOrEqual(eventsEnd);
      expect(read.log.durationMs).toBeGreaterThan(eventsEnd - 2 * (1000 / read.log.fps));
      expect(Math.abs(probeDurationMs(path.join(out, 'recording.mp4'))! - read.log.durationMs)).toBeLessThanOrEqual(2 * (1000 / read.log.fps));
      expect(read.log.events.some((e) => e.type === 'type' && e.text === 'sleep 60')).toBe(true);
      // The recording runs on past the last event (the 1.5 s before the kill at least): that is trimmed.
      expect(read.log.durationMs).toBeLessThan(raw.durationS * 1000 - 1000);

      const again = cli(['finalise', out]);
      expect(again.status).toBe(0);
      expect(again.stderr).toContain('is already finalised (it has capture.json): nothing to do');

      const still = path.join(dir, 'still.png');
      const r = cli(['render', out, '--composition', 'Landscape', '--out', still, '--still', '15', '--scale', '0.25']);
      expect(r.status, r.stderr.slice(-1500)).toBe(0);
      expect(readPixels(still)).toMatchObject({ width: 480, height: 270 });
    },
  );
});

describe('screenplay finalise, on what is not a killed capture', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-finalise-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  /** A capture dir as a killed capture leaves it (a header line and one event), then `plant` applied. */
  const planted = (name: string, plant: (d: string) => void): string[] => {
    const d = path.join(dir, name);
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(
      path.join(d, 'events.jsonl'),
      `${JSON.stringify({ type: 'header', version: 1, recording: 'recording.mp4', screen: { width: 64, height: 64 }, fps: 30 })}\n${JSON.stringify({ type: 'cursor', tMs: 0, x: 1, y: 1 })}\n`,
    );
    plant(d);
    return [d];
  };

  it.each([
    ['no dir given', () => [], /finalise: expected a capture dir, but got none/],
    ['a missing folder', () => [path.join(dir, 'nope')], /nope: expected a capture dir \(a folder with events\.jsonl\), but it is not a folder/],
    [
      'a folder without events.jsonl',
      () => (fs.mkdirSync(path.join(dir, 'empty'), { recursive: true }), [path.join(dir, 'empty')]),
      /empty: expected events\.jsonl in the capture dir, but found none/,
    ],
    [
      'a log naming a recording outside the dir',
      () => {
        const d = path.join(dir, 'escape');
        fs.mkdirSync(d, { recursive: true });
        fs.writeFileSync(
          path.join(d, 'events.jsonl'),
          `${JSON.stringify({ type: 'header', version: 1, recording: '../../outside.mp4', screen: { width: 64, height: 64 }, fps: 30 })}\n`,
        );
        return [d];
      },
      /events\.jsonl: line 1 \(header\): recording: expected a file name in the capture dir, but got "\.\.\/\.\.\/outside\.mp4"/,
    ],
    [
      'capture.json a dangling link (finalise would create its target)',
      () => planted('dangling', (d) => fs.symlinkSync(path.join(dir, 'PWN-capture.json'), path.join(d, 'capture.json'))),
      /capture\.json: expected capture\.json to be a plain file, but it is a symbolic link/,
    ],
    [
      'events.jsonl a link to an outside file',
      () =>
        planted('events-out', (d) => {
          fs.rmSync(path.join(d, 'events.jsonl'));
          fs.symlinkSync('/etc/passwd', path.join(d, 'events.jsonl'));
        }),
      /events\.jsonl: expected the event log to be a plain file, but it is a symbolic link/,
    ],
    [
      'the raw recording a link to an outside video',
      () =>
        planted('raw-out', (d) => {
          fs.writeFileSync(path.join(dir, 'outside.mp4'), 'x');
          fs.symlinkSync(path.join(dir, 'outside.mp4'), path.join(d, RAW_RECORDING));
        }),
      /recording\.raw\.mp4: expected the raw recording to be a plain file, but it is a symbolic link/,
    ],
    [
      'the raw recording an HLS playlist',
      () => planted('raw-hls', (d) => fs.writeFileSync(path.join(d, RAW_RECORDING), `#EXTM3U\n#EXTINF:2,\n${dir}/outside.mp4\n#EXT-X-ENDLIST\n`)),
      /recording\.raw\.mp4: expected the raw recording, but it is an HLS playlist/,
    ],
    [
      'no recording',
      () => planted('no-recording', () => undefined),
      /no-recording: expected the recording \(recording\.raw\.mp4 or recording\.mp4\) in the capture dir, but found none/,
    ],
    [
      'an empty events.jsonl',
      () =>
        planted('empty-log', (d) => {
          fs.writeFileSync(path.join(d, 'events.jsonl'), '');
          spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=s=64x64:d=0.5', '-c:v', 'libx264', path.join(d, 'recording.mp4')]);
        }),
      /the event log cannot be finalised/,
    ],
  ] as const)('%s: exit 1 with the reason', (_, args, message) => {
    const r = cli(['finalise', ...args()]);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toMatch(/root:x:0:0/); // nothing outside is quoted
    expect(r.status).toBe(1);
    expect(fs.existsSync(path.join(dir, 'PWN-capture.json'))).toBe(false); // nor written
  });
});
