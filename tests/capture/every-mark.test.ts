/**
 * A script using every mark, captured for real on Xvfb and rendered: the speed-up plays at 4x,
 * the cut is gone (so is its output), the zoom mark holds its point, the callout shows, the
 * secret typed under a blur never reaches the log, and the video is as long as the time map says.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLogText } from '../../src/capture-log';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { timeMapFromLog } from '../../src/timeline/time-map';
import { probe } from '../helpers/synthetic';
import { TERMINAL, VOICE, skipWithout } from '../helpers/requires';

const skip = skipWithout('a script using every mark, captured on Xvfb', TERMINAL, VOICE);

const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');
// (The waits are short: every mark only has to be there, and every second recorded is rendered.)
const SCRIPT = `title: Every mark
style: { overlays: { keystrokes: keys } }
steps:
  - open_terminal: { title: marks-test, cols: 60, rows: 14, fontSize: 14 }
  - speedup: { factor: 4, steps: [ { run: "sleep 2" } ] }
  - cut: [ { run: "echo this-part-is-cut; sleep 1" } ]
  - zoom: { level: 2.5, hold: 1s, x: 300, y: 150 }
  - wait: 0.5s
  - callout: { x: 420, y: 200, text: "Look here", duration: 1s }
  - wait: 0.5s
  - blur: { region: { x: 0, y: 0, width: 640, height: 140 }, steps: [ { type: { text: hunter2, secret: true } }, { press: Enter } ] }
  - hide_cursor: [ { move: { x: 900, y: 500 } } ]
  - wait: 0.5s
`;

describe.skipIf(skip)('a script using every mark', () => {
  let desktop: VirtualDesktop;
  let dir: string;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 1280, height: 720 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-marks-'));
  }, 30_000);
  afterAll(async () => {
    await desktop?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('captures, and renders as long as the marks say, with the secret nowhere', { timeout: 240_000 }, () => {
    fs.writeFileSync(path.join(dir, 'video.yaml'), SCRIPT);
    const out = path.join(dir, 'capture');
    const cap = spawnSync(process.execPath, [BIN, 'capture', path.join(dir, 'video.yaml'), '--out', out, '--countdown', '0s', '--on-my-desktop'], {
      env: { ...process.env, DISPLAY: desktop.display },
      encoding: 'utf8',
      timeout: 150_000,
    });
    expect(cap.status, cap.stderr).toBe(0);
    const text = fs.readFileSync(path.join(out, 'capture.json'), 'utf8');
    const read = readCaptureLogText(text);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const log = read.log;
    expect(log.style).toEqual({ overlays: { keystrokes: 'keys' } });
    const marks = log.events.filter((e) => e.type === 'mark');
    expect(marks.map((m) => m.kind).sort()).toEqual(['blur', 'callout', 'cut', 'hide_cursor', 'speedup', 'zoom']);
    expect(marks.find((m) => m.kind === 'blur')).toMatchObject({ x: 0, y: 0, width: 640, height: 140 });
    // The secret was typed (under the blur) but is in no file of the capture.
    for (const f of ['capture.json', 'events.jsonl', 'terminal.cast']) expect(fs.readFileSync(path.join(out, f), 'utf8')).not.toContain('hunter2');

    const video = path.join(dir, 'video.mp4');
    const r = spawnSync(process.execPath, [BIN, 'render', out, '--composition', 'Landscape', '--out', video, '--scale', '0.25'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const map = timeMapFromLog(log, DEFAULT_STYLE.edit);
    const speedup = marks.find((m) => m.kind === 'speedup')!;
    const cut = marks.find((m) => m.kind === 'cut')!;
    const frames = probe(video).frames;
    console.log(
      `every mark: ${(log.durationMs / 1000).toFixed(2)} s recorded → ${(frames / 30).toFixed(2)} s rendered (the speed-up's ${((speedup.endMs! - speedup.tMs) / 1000).toFixed(2)} s at 4x, the cut's ${((cut.endMs! - cut.tMs) / 1000).toFixed(2)} s removed, automatic tightening as measured)`,
    );
    expect(frames).toBe(Math.max(1, Math.round((map.outDurationMs * 30) / 1000)));
    expect(map.outDurationMs).toBeLessThan(log.durationMs - (cut.endMs! - cut.tMs) - 0.7 * (speedup.endMs! - speedup.tMs));
    // What the cut removed never shows: the terminal's output of that command is not in any frame's time.
    const mapped = map.segments.every((s) => s.recToMs <= cut.tMs + 1 || s.recFromMs >= cut.endMs! - 1);
    expect(mapped).toBe(true);
  });
});
