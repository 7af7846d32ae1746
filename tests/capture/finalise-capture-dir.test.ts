/**
 * Nothing is lost: a capture whose recorder is killed and whose event log is cut mid-line still
 * finalises into a usable capture dir (complete: false) that renders.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLogText } from '../../src/capture-log';
import { EventLogWriter } from '../../src/capture/event-log';
import { startScreenRecording } from '../../src/capture/ffmpeg-recorder';
import { finaliseCaptureDir } from '../../src/capture/finalise-capture-dir';
import { RAW_RECORDING } from '../../src/capture-log/capture-dir-files';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { render } from '../../src/render/render';
import { probe, readPixels } from '../helpers/synthetic';
import { DESKTOP, skipWithout } from '../helpers/requires';

const skip = skipWithout('finaliseCaptureDir on a real recording', DESKTOP);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const wall = () => performance.timeOrigin + performance.now();

describe.skipIf(skip)('finaliseCaptureDir', () => {
  let desktop: VirtualDesktop;
  const dirs: string[] = [];
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 320, height: 240, windowManager: false, background: '#204060' });
  });
  afterAll(async () => {
    await desktop?.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  const capture = async (end: 'stop' | 'crash') => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `screenplay-${end}-`));
    dirs.push(dir);
    const log = new EventLogWriter(path.join(dir, 'events.jsonl'), { recording: 'recording.mp4', screen: { width: 320, height: 240 }, fps: 30 });
    const rec = startScreenRecording({ display: desktop.display, width: 320, height: 240, fps: 30, out: path.join(dir, RAW_RECORDING) });
    log.setOrigin(await rec.firstFrameWallMs);
    for (let i = 0; i < 40; i++) {
      log.log({ type: 'cursor', tMs: wall(), x: 20 + i * 5, y: 100 });
      await sleep(40);
    }
    log.log({ type: 'click', tMs: wall(), x: 220, y: 100, button: 'left' });
    await sleep(300);
    if (end === 'stop') {
      await rec.stop();
      const d = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path.join(dir, RAW_RECORDING)], {
        encoding: 'utf8',
      });
      log.close(Math.round(Number(d.stdout) * 1000));
    } else {
      rec.process.kill('SIGKILL'); // the recorder dies…
      await new Promise((r) => rec.process.once('exit', r));
      fs.appendFileSync(path.join(dir, 'events.jsonl'), '{"type":"cursor","tMs":99'); // …and so does the writer, mid-line
    }
    return dir;
  };

  it('finalises a finished capture: complete, every event kept, a seekable CFR recording', { timeout: 60_000 }, async () => {
    const dir = await capture('stop');
    const { log } = finaliseCaptureDir(dir);
    expect(log.complete).toBeUndefined();
    expect(log.events).toHaveLength(41);
    expect(fs.existsSync(path.join(dir, RAW_RECORDING))).toBe(false);
    const info = probe(path.join(dir, 'recording.mp4'));
    expect(info).toMatchObject({ codec: 'h264', width: 320, height: 240, fps: '30/1' });
    expect(info.frames).toBeGreaterThan(40);
    const again = readCaptureLogText(fs.readFileSync(path.join(dir, 'capture.json'), 'utf8'));
    expect(again.ok).toBe(true);
  });

  it('recovers a crashed capture: complete false, the cut line dropped, and it renders', { timeout: 180_000 }, async () => {
    const dir = await capture('crash');
    const { log, droppedLines } = finaliseCaptureDir(dir);
    expect(log.complete).toBe(false);
    expect(droppedLines).toHaveLength(1);
    expect(log.events.filter((e) => e.type === 'cursor').length).toBeGreaterThan(30);
    expect(log.durationMs).toBeGreaterThan(1000);
    const info = probe(path.join(dir, 'recording.mp4'));
    expect(info.frames).toBeGreaterThan(25);
    const still = path.join(dir, 'still.png');
    await render({ composition: 'Landscape', captureDir: dir, out: still, still: 15, scale: 0.25 });
    expect(readPixels(still)).toMatchObject({ width: 480, height: 270 });
  });
});
