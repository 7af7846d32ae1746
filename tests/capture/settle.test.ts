/**
 * The parts of wait_for_settled that need no display: the terminal screen's fingerprint (read
 * from a real @xterm/headless model: what changes the picture and what does not), the settle
 * clock's timing, and the screen samples' comparison (blocks, threshold, the pointer left out).
 */
import xtermHeadless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { changedBlocks, pointerBox, shrink, waitForScreenSettled } from '../../src/capture/screen-settle';
import { createSettleClock, screenFingerprint } from '../../src/capture/terminal-settle';
import type { Pixels } from '../../src/capture/image-search/find-template';

const COLS = 40;
const ROWS = 10;
/** The fingerprint after `before`, and after `before` + `then`, on a real headless terminal. */
const fingerprints = async (before: string, then: string): Promise<[number, number]> => {
  const t = new xtermHeadless.Terminal({ cols: COLS, rows: ROWS, scrollback: 100, allowProposedApi: true });
  const write = (s: string) => new Promise<void>((r) => t.write(s, r));
  await write(before);
  const a = screenFingerprint(t.buffer.active, ROWS, COLS);
  await write(then);
  const b = screenFingerprint(t.buffer.active, ROWS, COLS);
  t.dispose();
  return [a, b];
};

const FRAME = '\x1b[H\x1b[2J\x1b[1;36m*\x1b[0m Thinking…\r\n  │ > _ │';
describe('screenFingerprint: what changes the picture', () => {
  it.each([
    ['the same frame drawn again', FRAME, FRAME, false],
    ['the cursor hidden and shown', FRAME, '\x1b[?25l\x1b[?25h', false],
    ['the cursor moved', FRAME, '\x1b[5;5H', false],
    ['a line erased and written again', 'hello\r\n', '\x1b[1A\x1b[2Khello\r\n', false],
    ['an empty write', 'hello', '', false],
    ['a spinner glyph that changes', FRAME, FRAME.replace('*', '+'), true],
    ['the same text in another colour', FRAME, FRAME.replace('1;36m', '1;31m'), true],
    ['the same text made bold', 'ok', '\r\x1b[1mok\x1b[0m', true],
    ['a word more', 'hello', ' world', true],
    ['a line that scrolls the screen', 'a\r\n'.repeat(ROWS - 1), 'a\r\n', true],
    ['the alternate screen', 'hello', '\x1b[?1049h', true],
  ])('%s: changed %s', async (_, before, then, changed) => {
    const [a, b] = await fingerprints(before, then);
    expect(a !== b).toBe(changed);
  });
});

describe('the settle clock', () => {
  it('ends quiet ms after the last change (within 30 ms), not counting output that changed nothing', async () => {
    const clock = createSettleClock(() => performance.now());
    clock.output(performance.now());
    clock.parsed(performance.now(), () => 1);
    const start = performance.now();
    const quiet = 200;
    // Changes every 50 ms for 300 ms, then output that changes nothing every 50 ms.
    let fp = 1;
    const timers = [50, 100, 150, 200, 250, 300].map((ms) =>
      setTimeout(() => {
        clock.output(performance.now());
        clock.parsed(performance.now(), () => ++fp);
      }, ms),
    );
    const same = [350, 400, 450, 500, 550].map((ms) =>
      setTimeout(() => {
        clock.output(performance.now());
        clock.parsed(performance.now(), () => fp);
      }, ms),
    );
    const r = await clock.waitForSettled(quiet, 5000);
    [...timers, ...same].forEach(clearTimeout);
    const lastChange = r.lastChangeMs - start;
    console.log(`settle clock: last change at ${lastChange.toFixed(0)} ms, settled at ${(r.settledMs - start).toFixed(0)} ms (quiet ${quiet} ms)`);
    expect(lastChange).toBeGreaterThanOrEqual(295);
    expect(r.settledMs - r.lastChangeMs).toBeGreaterThanOrEqual(quiet);
    expect(r.settledMs - r.lastChangeMs).toBeLessThan(quiet + 30);
    expect(r.lastOutputMs).toBeGreaterThan(r.lastChangeMs);
  });

  it('waits quiet ms from the call when nothing changes, and holds while output is not parsed yet', async () => {
    const clock = createSettleClock(() => performance.now());
    const start = performance.now();
    clock.output(start); // parsed 150 ms later
    setTimeout(() => clock.parsed(start, () => 7), 150);
    const r = await clock.waitForSettled(100, 5000);
    // Node's timers fire on a whole-ms clock: the parse "150 ms later" can land at 149.9 ms of performance.now().
    expect(r.settledMs - start).toBeGreaterThanOrEqual(148);
    expect(r.settledMs - start).toBeLessThan(200);
  });

  it('after an Enter, counts the quiet only once the screen has changed (a program slow to start is not done)', async () => {
    const clock = createSettleClock(() => performance.now());
    clock.parsed(0, () => 1);
    const start = performance.now();
    clock.enter(start);
    setTimeout(() => clock.parsed(performance.now(), () => 2), 300); // the first output, 300 ms after Enter
    const r = await clock.waitForSettled(100, 5000);
    expect(r.lastChangeMs - start).toBeGreaterThanOrEqual(295);
    expect(r.settledMs - start).toBeGreaterThanOrEqual(400);
    expect(r.settledMs - start).toBeLessThan(460);
    clock.enter(performance.now());
    await expect(clock.waitForSettled(100, 300)).rejects.toThrow(/^nothing changed in the terminal within 0\.3 s of the last Enter$/);
  });

  it('times out naming how long it watched and how long ago the last change was', async () => {
    const clock = createSettleClock(() => performance.now());
    clock.parsed(0, () => 0);
    let fp = 0;
    const spin = setInterval(() => clock.parsed(performance.now(), () => ++fp), 20);
    const err = await clock.waitForSettled(100, 300).catch((e: Error) => e);
    clearInterval(spin);
    expect(String(err)).toMatch(/^Error: the terminal kept changing for 0\.3 s; last change 0\.0 s ago \(it must stay unchanged for 0\.1 s\)$/);
  });
});

/** A grey screen `w` × `h` (RGBA) with the boxes painted white. */
const screenWith = (w: number, h: number, boxes: Array<{ x: number; y: number; width: number; height: number }> = []): Pixels => {
  const data = new Uint8Array(w * h * 4).fill(80);
  for (const b of boxes)
    for (let y = b.y; y < b.y + b.height; y++) for (let x = b.x; x < b.x + b.width; x++) data.fill(255, (y * w + x) * 4, (y * w + x) * 4 + 3);
  return { width: w, height: h, channels: 4, data, order: 'rgb' };
};

describe('screen samples', () => {
  const W = 320;
  const H = 180;
  const plain = shrink(screenWith(W, H));
  it.each([
    ['nothing', [], [], 0],
    ['a 1 px speck (under the threshold once averaged)', [{ x: 10, y: 10, width: 1, height: 1 }], [], 0],
    ['a glyph-sized change (8 x 16 px)', [{ x: 100, y: 40, width: 8, height: 16 }], [], 8],
    ['the same change under the pointer', [{ x: 100, y: 40, width: 8, height: 16 }], [pointerBox({ x: 104, y: 48 })], 0],
    ['a change away from the pointer', [{ x: 100, y: 40, width: 8, height: 16 }], [pointerBox({ x: 250, y: 150 })], 8],
  ])('%s: %i blocks changed', (_, boxes, ignore, want) => {
    expect(changedBlocks(plain, shrink(screenWith(W, H, boxes)), ignore)).toBe(want);
  });
  it('a resized screen differs everywhere', () => {
    expect(changedBlocks(plain, shrink(screenWith(W / 2, H)))).toBeGreaterThan(0);
  });

  it('settles quiet ms after the last changed sample, and says when grabbing fails', async () => {
    const t0 = performance.now();
    // The screen changes every sample for 400 ms, then stays.
    const grab = async () => {
      const t = performance.now() - t0;
      return screenWith(W, H, t < 400 ? [{ x: Math.floor(t / 10) * 4, y: 20, width: 16, height: 16 }] : []);
    };
    const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
    const r = await waitForScreenSettled({ grab, quietMs: 300, timeoutMs: 5000, now: () => performance.now(), sleep, intervalMs: 50 });
    console.log(`screen: last change sampled at ${(r.lastChangeMs - t0).toFixed(0)} ms, settled at ${(r.settledMs - t0).toFixed(0)} ms, ${r.samples} samples`);
    expect(r.lastChangeMs - t0).toBeGreaterThanOrEqual(350);
    expect(r.lastChangeMs - t0).toBeLessThan(460);
    expect(r.settledMs - r.lastChangeMs).toBeGreaterThanOrEqual(300);
    expect(r.settledMs - r.lastChangeMs).toBeLessThan(400); // quiet + a sampling interval + timer slack on a busy machine
    // A first grab slower than quiet (nut.js loading) is no quiet: the screen changed right after it.
    let n = 0;
    const slowFirst = async () => {
      n++;
      if (n === 1) await sleep(400);
      return screenWith(W, H, n === 2 ? [{ x: 0, y: 0, width: 16, height: 16 }] : []);
    };
    const s0 = performance.now();
    const r2 = await waitForScreenSettled({ grab: slowFirst, quietMs: 300, timeoutMs: 5000, now: () => performance.now(), sleep, intervalMs: 50 });
    expect(r2.samples).toBeGreaterThanOrEqual(3);
    expect(r2.settledMs - s0).toBeGreaterThanOrEqual(700);
    const failing = waitForScreenSettled({
      grab: () => Promise.reject(new Error('XGetImage failed')),
      quietMs: 300,
      timeoutMs: 1000,
      now: () => performance.now(),
      sleep,
    });
    await expect(failing).rejects.toThrow(/^cannot grab the screen to see it settle: XGetImage failed/);
  });
});
