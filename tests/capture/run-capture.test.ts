/**
 * `screenplay capture` end to end on Xvfb: a script with a terminal, a command, a wait for its
 * output, a speed-up, typing with a symbol, a click and a narration line is performed for real,
 * recorded, logged, and the capture dir renders.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLogText } from '../../src/capture-log';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/capture/xvfb';
import { probe } from '../helpers/synthetic';

const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');
const SCRIPT = `title: Capture test
steps:
  - open_terminal: { fontSize: 14, title: cap-test, cols: 80, rows: 20 }
  - run: "echo hello-$((6*7))"
  - wait_for_text: hello-42
  - speedup:
      factor: 3
      steps:
        - run: sleep 1
  - type: "ab$"
  - press: Enter
  - click: { x: 600, y: 400 }
  - say: Done.
`;

describe('screenplay capture', () => {
  let desktop: VirtualDesktop;
  let dir: string;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 1280, height: 720 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-capture-'));
  });
  afterAll(async () => {
    await desktop?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  // capture runs in its own process: libnut keeps its X connection until the process exits.
  const capture = (script: string, out: string) => {
    fs.writeFileSync(path.join(dir, 'video.yaml'), script);
    return spawnSync(process.execPath, [BIN, 'capture', path.join(dir, 'video.yaml'), '--out', out, '--countdown', '0s'], {
      env: { ...process.env, DISPLAY: desktop.display },
      encoding: 'utf8',
      timeout: 120_000,
    });
  };

  it('performs every step, logs it on the recording clock, and writes a capture dir', { timeout: 150_000 }, () => {
    const out = path.join(dir, 'out');
    const r = capture(SCRIPT, out);
    expect(r.stderr).toMatch(/step 1\/8 1 open_terminal \(video\.yaml:3:5\)/);
    expect(r.stderr).toMatch(/step 8\/8 8 say \(video\.yaml:13:5\)/);
    expect(r.status).toBe(0);
    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const { events } = read.log;
    expect(read.log.complete).toBeUndefined();
    expect(events.filter((e) => e.type === 'step').map((e) => (e as { action: string }).action)).toEqual([
      'open_terminal', 'run', 'wait_for_text', 'run', 'type', 'press', 'click', 'say',
    ]);
    expect(events.find((e) => e.type === 'type' && e.text === 'echo hello-$((6*7))')).toBeDefined();
    expect(events.find((e) => e.type === 'type' && e.text === 'ab$')).toBeDefined();
    expect(events.some((e) => e.type === 'click' && e.x === 600 && e.y === 400)).toBe(true);
    const speedup = events.find((e) => e.type === 'mark') as { kind: string; factor: number; tMs: number; endMs: number };
    expect(speedup).toMatchObject({ kind: 'speedup', factor: 3 });
    expect(speedup.endMs - speedup.tMs).toBeGreaterThan(1000); // it wraps `sleep 1`
    const say = events.find((e) => e.type === 'say') as { tMs: number; endMs: number };
    expect(say.endMs - say.tMs).toBeGreaterThan(200); // the offline voice's real length
    expect(events.filter((e) => e.type === 'cursor').length).toBeGreaterThan(10);
    for (const e of events) expect(e.tMs).toBeLessThanOrEqual(read.log.durationMs);
    const info = probe(path.join(out, 'recording.mp4'));
    expect(info).toMatchObject({ codec: 'h264', width: 1280, height: 720, fps: '30/1' });
    // And it renders.
    const still = path.join(dir, 'still.png');
    const rr = spawnSync(process.execPath, [BIN, 'render', out, '--composition', 'Landscape', '--out', still, '--still', '60', '--scale', '0.25'], { encoding: 'utf8', timeout: 120_000 });
    expect(rr.status).toBe(0);
  });

  it('a failing command stops the take with its line and output, and keeps what was recorded', { timeout: 150_000 }, () => {
    const out = path.join(dir, 'failed');
    const r = capture('steps:\n  - open_terminal: { title: fail-test }\n  - run: "echo about-to-fail; exit_code_7() { return 7; }; exit_code_7"\n  - press: Enter\n', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/video\.yaml:3:5: step 2 \(run\) failed: "echo about-to-fail; .*" exited with code 7 .*\n[\s\S]*about-to-fail/);
    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    expect(read.ok && read.log.complete).toBe(false);
  });

  it('refuses to start when an image is missing, naming the step', { timeout: 60_000 }, () => {
    const r = capture('steps:\n  - click: assets/nope.png\n', path.join(dir, 'never'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/video\.yaml:2:5: expected the image assets\/nope\.png to exist/);
    expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
  });
});
