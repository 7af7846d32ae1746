/**
 * The Claude Code example (examples/add-ink-to-claude-code.yaml) captured end to end on Xvfb,
 * with the stand-in `claude` (scripts/sample-assets/bin) first on PATH for `claude mcp`, its
 * interactive session replayed from examples/sessions/claude-ink.cast, and the offline voice:
 * every step runs, the commands exit 0, each wait ends as soon as its text has arrived (measured
 * against the terminal's own record of when it arrived), and the capture renders in TikTokSplit
 * with the terminal on screen.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLogText, type CaptureLog } from '../../src/capture-log';
import { parseAsciicast } from '../../src/capture/asciicast';
import { stripAnsi } from '../../src/capture/terminal';
import { TERMINAL_THEMES } from '../../src/capture/terminal-themes';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { recToOut, timeMapFromLog } from '../../src/timeline/time-map';
import { findPixels, readPixels } from '../helpers/synthetic';
import { TERMINAL, VOICE, skipWithout } from '../helpers/requires';

const skip = skipWithout('the Claude Code example, captured on Xvfb', TERMINAL, VOICE);

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'screenplay.mjs');

describe.skipIf(skip)('the Claude Code example', () => {
  let desktop: VirtualDesktop;
  let dir: string;
  let out: string;
  let log: CaptureLog;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 1280, height: 720 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-claude-'));
    fs.mkdirSync(path.join(dir, 'my-app'));
    out = path.join(dir, 'capture');
  }, 30_000);
  afterAll(async () => {
    await desktop?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('captures every step with the stand-in claude, and each wait ends when its text arrives', { timeout: 180_000 }, () => {
    const r = spawnSync(
      process.execPath,
      [BIN, 'capture', path.join(ROOT, 'examples', 'add-ink-to-claude-code.yaml'), '--out', out, '--countdown', '0s', '--on-my-desktop'],
      {
        env: {
          ...process.env,
          DISPLAY: desktop.display,
          ELEVENLABS_API_KEY: '',
          CLAUDE_STANDIN_STATE: path.join(dir, 'claude-state'),
          PATH: `${path.join(ROOT, 'scripts', 'sample-assets', 'bin')}:${process.env.PATH}`,
        },
        cwd: path.join(dir, 'my-app'),
        encoding: 'utf8',
        timeout: 170_000,
      },
    );
    expect(r.stderr).toMatch(/offline voice/);
    expect(r.status, r.stderr).toBe(0);
    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    log = read.log;
    expect(log.title).toBe('Add Ink to Claude Code');
    const steps = log.events.filter((e) => e.type === 'step');
    expect(steps.map((s) => s.action)).toEqual([
      'say',
      'open_terminal',
      'run',
      'wait_for_text',
      'run',
      'wait',
      'say',
      'zoom',
      'replay_session',
      'wait_for_text',
      'type',
      'press',
      'wait_for_settled',
      'say',
    ]);
    const commands = log.events.filter((e) => e.type === 'command');
    expect(commands.map((c) => [c.command, c.exitCode])).toEqual([
      ['claude mcp add --transport http ink https://mcp.ml.ink/mcp', 0],
      ['claude mcp list', 0],
    ]);

    // When each awaited text arrived, from the session record: cast times are on the terminal's
    // clock, whose first chunk is also the first cursor event's time on the recording's clock.
    const cast = parseAsciicast(fs.readFileSync(path.join(out, 'terminal.cast'), 'utf8'));
    const firstCursor = log.events.find((e) => e.type === 'terminal_cursor')!;
    const arrival = (text: string, afterMs: number): number => {
      let seen = '';
      for (const [t, , data] of cast.events) {
        const at = firstCursor.tMs + (t - cast.events[0]![0]) * 1000;
        seen = at >= afterMs ? seen + stripAnsi(data) : '';
        if (seen.includes(text)) return at;
      }
      return NaN;
    };
    const waits = steps.filter((s) => s.action === 'wait_for_text');
    const texts = ['Added', '? for shortcuts'];
    const report = waits.map((w, i) => {
      const enter = log.events.filter((e) => e.type === 'key' && e.tMs <= w.tMs).at(-1)!.tMs;
      const came = arrival(texts[i]!, enter);
      return { text: texts[i]!, waitedMs: w.endMs - w.tMs, lagMs: w.endMs - Math.max(came, w.tMs) };
    });
    console.log(
      `Claude Code example: ${(log.durationMs / 1000).toFixed(1)} s; waits: ${report.map((w) => `"${w.text}" waited ${w.waitedMs.toFixed(0)} ms, ended ${w.lagMs.toFixed(0)} ms after it arrived`).join('; ')}`,
    );
    for (const w of report) {
      expect(w.lagMs).toBeGreaterThanOrEqual(-2);
      expect(w.lagMs).toBeLessThan(60);
    }
    // ask_claude waits for "deploy this app", then for the screen to stay unchanged for 2 s
    // (wait_for_settled): it ends 2 s after the terminal's last output, give or take 100 ms.
    const answer = steps.find((s) => s.action === 'wait_for_settled')!;
    const came = arrival('deploy this app', answer.tMs);
    const outputs = cast.events.map(([t]) => firstCursor.tMs + (t - cast.events[0]![0]) * 1000).filter((at) => at <= answer.endMs);
    const quietMs = answer.endMs - outputs.at(-1)!;
    console.log(
      `the answer: waited ${(answer.endMs - answer.tMs).toFixed(0)} ms; "deploy this app" came ${(came - answer.tMs).toFixed(0)} ms in; ended ${quietMs.toFixed(0)} ms after the last output`,
    );
    expect(came).toBeLessThan(answer.endMs - 2000);
    expect(quietMs).toBeGreaterThanOrEqual(1990);
    expect(quietMs).toBeLessThan(2100);
    // The answer streams for a while: that wait was real, not a fixed sleep.
    expect(answer.endMs - answer.tMs).toBeGreaterThan(3500);
  });

  it('renders in TikTokSplit with the terminal in the top half', { timeout: 120_000 }, () => {
    expect(log).toBeDefined();
    const answer = log.events.filter((e) => e.type === 'step' && e.action === 'wait_for_settled').at(-1)!;
    // On the video's clock (automatic tightening may have sped parts up).
    const frame = Math.round((recToOut(timeMapFromLog(log, DEFAULT_STYLE.edit), (answer as { endMs: number }).endMs - 100) * log.fps) / 1000);
    const still = path.join(dir, 'tiktok.png');
    const r = spawnSync(process.execPath, [BIN, 'render', out, '--composition', 'TikTokSplit', '--out', still, '--still', String(frame), '--scale', '0.25'], {
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const img = readPixels(still);
    expect([img.width, img.height]).toEqual([270, 480]);
    const [br, bg, bb] = [1, 3, 5].map((i) => parseInt(TERMINAL_THEMES.dark.background.slice(i, i + 2), 16)) as [number, number, number];
    const top = { ...img, height: Math.round(img.height / 2), data: img.data.subarray(0, Math.round(img.height / 2) * img.width * 3) };
    const terminalBg = findPixels(top, (r2, g, b) => Math.abs(r2 - br) < 14 && Math.abs(g - bg) < 14 && Math.abs(b - bb) < 14);
    const text = findPixels(top, (r2, g, b) => r2 > 150 && g > 150 && b > 150);
    // The terminal fills most of the top half, with text on it.
    expect(terminalBg.count).toBeGreaterThan(0.35 * top.width * top.height);
    expect(terminalBg.cy).toBeLessThan(0.75);
    expect(text.count).toBeGreaterThan(200);
  });
});
