/**
 * wait_for_settled on a real X desktop (Xvfb + openbox): the terminal (the shell under our pty,
 * shown in xterm) runs stand-ins for programs that print no prompt (tests/fixtures/
 * settle-standin.cjs, which logs when it wrote each chunk), and the wait's end is measured
 * against those times: a stream with pauses shorter than `quiet` never ends the wait early; a
 * pause longer than `quiet` ends it within quiet + 100 ms; a TUI redrawing the same picture
 * settles, one whose spinner turns does not (the timeout's message). The screen region: the
 * root window's colour changed with xsetroot, then left alone.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopDriver } from '../../src/capture/desktop/nut-driver';
import { executeStep, type CaptureContext } from '../../src/capture/executors';
import { openTerminal, type Terminal } from '../../src/capture/terminal';
import { ACTIONS } from '../../src/dsl/actions';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { TERMINAL, skipWithout } from '../helpers/requires';

const skip = skipWithout('wait_for_settled on Xvfb', TERMINAL);
const run = promisify(execFile);
const STANDIN = path.join(__dirname, '..', 'fixtures', 'settle-standin.cjs');

let desktop: VirtualDesktop;
let dir: string;
let term: Terminal | null = null;
beforeAll(async () => {
  if (skip) return;
  desktop = await startVirtualDesktop({ width: 960, height: 540 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-settled-'));
  // The stand-in by a short name: the command typed on camera stays short.
  fs.writeFileSync(path.join(dir, 's'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(STANDIN)} "$@"\n`, { mode: 0o755 });
  term = await openTerminal({ display: desktop.display, title: 'settle-test', cols: 60, rows: 14, screen: desktop, cwd: dir, now: Date.now });
}, 60_000);
afterAll(async () => {
  await term?.close();
  await desktop?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const xenv = () => ({ ...process.env, DISPLAY: desktop.display });
/** Types a command into the focused terminal and presses Enter (as a person would). */
const enter = async (command: string) => {
  await run('xdotool', ['type', '--delay', '10', command], { env: xenv() });
  term!.noteEnter();
  await run('xdotool', ['key', 'Return'], { env: xenv() });
};
/** The stand-in's log: label → wall-clock ms it wrote that chunk. */
const times = (log: string): Record<string, number> => {
  if (!fs.existsSync(path.join(dir, log))) throw new Error(`the stand-in wrote no ${log}; the terminal shows:\n${term?.screenLines().join('\n')}`);
  return Object.fromEntries(
    fs
      .readFileSync(path.join(dir, log), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '))
      .map(([, t, label]) => [label as string, Number(t)]),
  );
};

/** One step of the executor, as a take runs it (its args parsed by the action's schema). */
const step = (written: Record<string, unknown>, terminal: Terminal | null) => {
  const args = ACTIONS.wait_for_settled.schema.parse(written) as Record<string, unknown>;
  const driver = { position: async () => ({ x: 900, y: 500 }) } as unknown as DesktopDriver;
  const ctx = {
    driver,
    display: desktop.display,
    log: () => undefined,
    now: Date.now,
    sleep: (ms: number) => new Promise((r) => setTimeout(r, ms)),
    terminal,
    outputMark: terminal?.output().length ?? 0,
    step: { id: '1', action: 'wait_for_settled', args, source: { file: 's.yaml', line: 3, column: 5 }, stack: [] },
  } as unknown as CaptureContext;
  return executeStep(ctx.step, ctx);
};

describe.skipIf(skip)('wait_for_settled: the terminal, measured from its pty stream', () => {
  const QUIET = 800;

  it('a stream whose pauses are all shorter than quiet never ends the wait early', { timeout: 30_000 }, async () => {
    await enter('./s stream a.log 14 100 600 1200');
    const r = await term!.waitForSettled(QUIET, 20_000);
    const t = times('a.log');
    const after = r.settledMs - t.last!;
    console.log(
      `stream (pauses 100–600 ms, quiet ${QUIET} ms): settled ${after} ms after the last chunk (last change seen ${r.lastChangeMs - t.last!} ms after it)`,
    );
    expect(Object.keys(t).filter((k) => k.startsWith('chunk'))).toHaveLength(14);
    expect(after).toBeGreaterThanOrEqual(QUIET - 5);
    expect(after).toBeLessThanOrEqual(QUIET + 100);
    await term!.waitForReady(10_000);
  });

  it('a pause longer than quiet ends the wait within quiet + 100 ms of the last output before it', { timeout: 30_000 }, async () => {
    await enter('./s pause b.log 5 2500');
    const r = await term!.waitForSettled(QUIET, 20_000);
    const t = times('b.log');
    const after = r.settledMs - t['before-pause']!;
    console.log(`pause of 2500 ms (quiet ${QUIET} ms): settled ${after} ms after the last output before the pause`);
    expect(after).toBeGreaterThanOrEqual(QUIET - 5);
    expect(after).toBeLessThanOrEqual(QUIET + 100);
    expect(term!.output()).not.toContain('after the pause');
    await term!.waitForReady(10_000);
  });

  it('a TUI that redraws the same picture settles (its output goes on, its screen does not change)', { timeout: 30_000 }, async () => {
    await enter('./s redraw c.log SAME 100');
    const r = await term!.waitForSettled(QUIET, 10_000);
    const t = times('c.log');
    console.log(
      `same-picture redraws every 100 ms: settled ${r.settledMs - t['first-frame']!} ms after the first frame; output went on until ${r.lastOutputMs - r.lastChangeMs} ms after the last change`,
    );
    expect(r.settledMs - t['first-frame']!).toBeLessThanOrEqual(QUIET + 100);
    expect(r.lastOutputMs - r.lastChangeMs).toBeGreaterThan(QUIET / 2);
    await run('xdotool', ['key', 'ctrl+c'], { env: xenv() });
    await term!.waitForReady(10_000);
  });

  it('a TUI whose spinner turns does not settle: the step fails naming the timeout, the last change and the last lines', { timeout: 30_000 }, async () => {
    await enter('./s redraw d.log SPIN 100');
    const t0 = Date.now();
    const err = await step({ quiet: '500ms', timeout: '2s' }, term).catch((e: Error) => e);
    console.log(`spinner: failed after ${Date.now() - t0} ms: ${String(err).split('\n')[0]}`);
    expect(String(err)).toMatch(
      /^Error: the terminal kept changing for 2 s; last change 0\.[0-2] s ago \(it must stay unchanged for 0\.5 s\)\. The terminal's last lines:\n.*Thinking…/s,
    );
    await run('xdotool', ['key', 'ctrl+c'], { env: xenv() });
    await term!.waitForReady(10_000);
  });

  it('with text: waits for the text first, then for the quiet', { timeout: 30_000 }, async () => {
    await enter('./s pause e.log 3 1500');
    const t0 = Date.now();
    await step({ text: 'after the pause', quiet: '500ms', timeout: '10s' }, term);
    const t = times('e.log');
    console.log(`text then quiet: ended ${Date.now() - t['after-pause']!} ms after the text (quiet 500 ms), ${Date.now() - t0} ms in all`);
    expect(Date.now() - t['after-pause']!).toBeGreaterThanOrEqual(495);
    await term!.waitForReady(10_000);
  });

  it(
    'with the prompt on the last row, the Enter that scrolls the screen is not the answer: a command silent for longer than quiet is waited for',
    { timeout: 30_000 },
    async () => {
      await enter('seq 40');
      await term!.waitForReady(10_000);
      const t0 = Date.now();
      await enter('sleep 1.5; echo BOTTOMDONE');
      const r = await term!.waitForSettled(QUIET, 10_000);
      console.log(`prompt on the last row: settled ${r.settledMs - t0} ms after the Enter (the command prints at 1500 ms; quiet ${QUIET} ms)`);
      expect(term!.output()).toContain('BOTTOMDONE');
      expect(r.settledMs - t0).toBeGreaterThanOrEqual(1500 + QUIET - 5);
      await term!.waitForReady(10_000);
    },
  );
});

describe.skipIf(skip)('wait_for_settled: the screen, from sampled pixels', () => {
  it('settles once the screen stops changing, and fails naming the timeout while it changes', { timeout: 30_000 }, async () => {
    await term?.close(); // the root window alone
    term = null;
    process.env.DISPLAY = desktop.display; // nut.js opens the display named here on first use
    // Loaded before the steps, as a capture does: the first grab (loading nut.js) is slow.
    const { screen } = await import('@nut-tree-fork/nut-js');
    await screen.grab();
    const colours = ['#203040', '#406080', '#6080a0', '#80a0c0', '#a0c0e0', '#c0e0ff'];
    // Changing: a colour every 150 ms while the step watches; it must not settle (quiet 1 s, timeout 1.5 s).
    let changing = true;
    const spinner = (async () => {
      for (let i = 0; changing; i++) {
        execFileSync('xsetroot', ['-solid', colours[i % colours.length]!], { env: xenv() });
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const err = await step({ region: 'screen', quiet: '1s', timeout: '1.5s' }, null).catch((e: Error) => e);
    changing = false;
    await spinner;
    console.log(`screen, changing: ${String(err)}`);
    expect(String(err)).toMatch(/^Error: the screen kept changing for 1\.5 s; last change 0\.[0-3] s ago/);
    // Changes for 1 s, then none: settles within quiet + a sample (and a grab) of the last one.
    let last = 0;
    const changes = (async () => {
      for (let i = 0; i < 6; i++) {
        execFileSync('xsetroot', ['-solid', colours[i]!], { env: xenv() });
        last = Date.now();
        await new Promise((r) => setTimeout(r, 170));
      }
    })();
    const t0 = Date.now();
    await step({ region: 'screen', quiet: '1s', timeout: '10s' }, null);
    await changes;
    const after = Date.now() - last;
    console.log(`screen: settled ${after} ms after the last colour change (quiet 1000 ms), ${Date.now() - t0} ms in all`);
    expect(Date.now() - t0).toBeGreaterThan(1000 + 800);
    expect(after).toBeGreaterThanOrEqual(1000);
    expect(after).toBeLessThanOrEqual(1000 + 300);
  });
});
