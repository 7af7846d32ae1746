/**
 * `run` waits for the command it entered, not for whichever prompt comes next: after a typed
 * command and `press: Enter` (still running, or already done), after an Enter on an empty line,
 * after a wait_for_text, and back to back, each run's exit code is its own command's.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLogText } from '../../src/capture-log';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { TERMINAL, skipWithout } from '../helpers/requires';

const skip = skipWithout('run after press: Enter, on Xvfb', TERMINAL);

const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');

// Each `run` (line number → its command and the exit code it must report).
const SCRIPT = [
  'steps:',
  '  - open_terminal: { title: run-after-enter, cols: 60, rows: 16 }',
  '  - type: "sleep 2; false"', // still running when the next run starts
  '  - press: Enter',
  '  - run: "true"', // 5: must wait out `sleep 2; false` and report its own 0
  '  - run: "echo ok"', // 6: back to back
  '  - press: Enter', // an empty line
  '  - run: "echo e-$((1+1))"', // 8
  '  - type: "echo f-$((2+3))"', // a fast command, done before the run starts
  '  - press: Enter',
  '  - run: { command: "(exit 7)", allowFailure: true }', // 11: fails, reported as 7
  '  - type: "sleep 1; echo w-$((4*4))"',
  '  - press: Enter',
  '  - wait_for_text: w-16',
  '  - run: "echo last"', // 15
  '  - type: "sleep 1; true"',
  '  - press: Enter',
  '  - run: "false"', // 18: fails with its own 1, not the 0 of `sleep 1; true`
  '',
].join('\n');

describe.skipIf(skip)('run after press: Enter', () => {
  let desktop: VirtualDesktop;
  let dir: string;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 800, height: 600 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-run-enter-'));
  });
  afterAll(async () => {
    await desktop?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("each run waits for what was entered before it, then reports its own command's exit code", { timeout: 240_000 }, () => {
    fs.writeFileSync(path.join(dir, 'video.yaml'), SCRIPT);
    const out = path.join(dir, 'out');
    const r = spawnSync(process.execPath, [BIN, 'capture', path.join(dir, 'video.yaml'), '--out', out, '--countdown', '0s', '--on-my-desktop'], {
      env: { ...process.env, DISPLAY: desktop.display },
      encoding: 'utf8',
      timeout: 200_000,
    });
    // Only the last run fails, with its own code and its own output.
    expect(r.stderr).toMatch(/video\.yaml:18:5: step 17 \(run\) failed: "false" exited with code 1 /);
    expect(r.status).toBe(2);
    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const commands = read.log.events.filter((e) => e.type === 'command') as Array<{ command: string; exitCode: number; tMs: number; endMs: number }>;
    expect(commands.map((c) => [c.command, c.exitCode])).toEqual([
      ['true', 0],
      ['echo ok', 0],
      ['echo e-$((1+1))', 0],
      ['(exit 7)', 7],
      ['echo last', 0],
      ['false', 1],
    ]);
    // Every command was typed at a prompt: the screen shows each one's output after its own line.
    const cast = fs.readFileSync(path.join(out, 'terminal.cast'), 'utf8');
    const shown = cast
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as [number, string, string])[2])
      .join('')
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\][^\x07]*\x07|\x1b\[[0-9;?]*[ -/]*[@-~]|\r/g, '');
    expect(shown).toMatch(
      /\$ sleep 2; false\n\$ true\n\$ echo ok\nok\n\$ \n\$ echo e-\$\(\(1\+1\)\)\ne-2\n\$ echo f-\$\(\(2\+3\)\)\nf-5\n\$ \(exit 7\)\n\$ sleep 1; echo w-\$\(\(4\*4\)\)\nw-16\n\$ echo last\nlast\n\$ sleep 1; true\n\$ false\n/,
    );
  });
});
