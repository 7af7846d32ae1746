/**
 * `screenplay capture` and `screenplay rehearse` with no display at all (DISPLAY unset): each
 * starts its own virtual stage at the script's stage.screen, runs the setup there, performs the
 * steps with the stage's env and folder, and stops the stage.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLogText } from '../../src/capture-log';
import { TERMINAL, skipWithout } from '../helpers/requires';

const skip = skipWithout('capture and rehearse on their own virtual stage', TERMINAL, ['ffmpeg', 'ffprobe']);
const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');

/** A PNG's pixels as RGB bytes (ffmpeg decodes it). */
const readPng = (file: string, width: number, height: number) => {
  const data = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 64 << 20 }).stdout;
  expect(data.length).toBe(width * height * 3); // the PNG is the screen's size
  return { width, height, channels: 3, data };
};

/** A tiny take: its setup writes a file in the stage's folder, a tool from the project's bin/ prints it. */
const SCRIPT = `title: tiny stage
stage:
  screen: 960x540
  background: "#204060"
  cwd: work
  env: { PATH: "./bin:\${PATH}", STAGE_WORD: "staged-\${SCREENPLAY_TEST_SUFFIX}", DEPLOY_API_KEY: "sk-stage-4242" }
  setup: [ "echo from-setup > made.txt" ]
steps:
  - open_terminal: { cols: 50, rows: 10, x: 20, y: 20 }
  - run: cat made.txt && show-word && echo "key=$DEPLOY_API_KEY"
  - wait: 300ms
`;

describe.skipIf(skip)('capture and rehearse on a virtual stage (no DISPLAY)', () => {
  let dir: string;
  const env = () => {
    const e: NodeJS.ProcessEnv = { ...process.env, SCREENPLAY_TEST_SUFFIX: 'ok', ELEVENLABS_API_KEY: '' };
    delete e.DISPLAY;
    return e;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-stage-cli-'));
    fs.mkdirSync(path.join(dir, 'work'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'bin', 'show-word'), '#!/bin/sh\necho "$STAGE_WORD"\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'video.yaml'), SCRIPT);
    fs.writeFileSync(path.join(dir, 'package.json'), '{}'); // the project's root
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('capture: exit 0, the recording at stage.screen, setup, env and PATH reached the terminal', () => {
    const out = path.join(dir, 'take');
    const r = spawnSync(process.execPath, [BIN, 'capture', path.join(dir, 'video.yaml'), '--out', out, '--countdown', '0s'], {
      env: env(),
      cwd: os.tmpdir(),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toMatch(/stage: virtual desktop :\d+ at 960x540/);
    expect(r.status, r.stderr).toBe(0);
    const size = spawnSync(
      'ffprobe',
      ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path.join(out, 'recording.mp4')],
      { encoding: 'utf8' },
    );
    expect(size.stdout.trim()).toBe('960,540');
    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    expect(read.ok && read.log.screen).toEqual({ width: 960, height: 540 });
    const cast = fs.readFileSync(path.join(out, 'terminal.cast'), 'utf8');
    expect(cast).toContain('from-setup');
    expect(cast).toContain('staged-ok');
    // A value under a secret's name in stage.env is masked wherever it would show.
    expect(cast).toContain('key=');
    for (const text of [
      cast,
      r.stderr,
      r.stdout,
      fs.readFileSync(path.join(out, 'capture.json'), 'utf8'),
      fs.readFileSync(path.join(out, 'events.jsonl'), 'utf8'),
    ])
      expect(text).not.toContain('sk-stage-4242');
    // The stage is gone once screenplay has exited.
    const display = /virtual desktop (:\d+)/.exec(r.stderr)?.[1] as string;
    const deadline = Date.now() + 8000;
    while (Date.now() < deadline && spawnSync('xdpyinfo', ['-display', display], { stdio: 'ignore' }).status === 0) spawnSync('sleep', ['0.2']);
    expect(spawnSync('xdpyinfo', ['-display', display], { stdio: 'ignore' }).status).not.toBe(0);
  }, 150_000);

  it('rehearse: a PNG of the stage with the terminal drawn on the background; --words reads its text', () => {
    const png = path.join(dir, 'shot.png');
    const r = spawnSync(process.execPath, [BIN, 'rehearse', path.join(dir, 'video.yaml'), '--through', '2', '--screenshot', png, '--words'], {
      env: env(),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/rehearsed 2 steps on a 960x540 stage/);
    const img = readPng(png, 960, 540);
    const at = (x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * img.channels, (y * img.width + x) * img.channels + 3));
    expect(at(900, 500)).toEqual([0x20, 0x40, 0x60]); // the stage's background, away from the terminal
    expect(at(40, 40)).not.toEqual([0x20, 0x40, 0x60]); // the terminal's window
    const words = JSON.parse(r.stdout) as Array<{ text: string; box: { x: number; y: number } }>;
    expect(words.map((w) => w.text).join('\n')).toMatch(/staged-ok/);
  }, 150_000);

  it('rehearse --through an unknown step: invalid input listing the ids', () => {
    const r = spawnSync(process.execPath, [BIN, 'rehearse', path.join(dir, 'video.yaml'), '--through', '22', '--screenshot', path.join(dir, 'x.png')], {
      env: env(),
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--through: expected a step id of .*video\.yaml, but got "22" \(did you mean "2"\?\); its steps are 1, 2, 3/);
  });

  it('--display and --on-my-desktop together: invalid input', () => {
    const r = spawnSync(
      process.execPath,
      [BIN, 'capture', path.join(dir, 'video.yaml'), '--out', path.join(dir, 'never'), '--display', ':1', '--on-my-desktop'],
      { env: env(), encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/capture: expected --display :N or --on-my-desktop, but got both/);
  });
});
