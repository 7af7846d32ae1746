/**
 * openStage on real Xvfb: a virtual stage at the script's screen size, setup commands run in order
 * in the stage's folder with its environment (${NAME} from screenplay's own, ./ PATH entries in
 * the project), a failing setup command named with its source, exit code and last lines (the
 * desktop stopped), and a given display used as it is.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { stageSpecOf } from '../../src/dsl/stage-spec';
import { displaySize, openStage, stageEnv } from '../../src/stage/open-stage';
import { ScreenplayError } from '../../src/errors';
import { DESKTOP, skipWithout } from '../helpers/requires';

const answers = (display: string) => spawnSync('xdpyinfo', ['-display', display], { stdio: 'ignore' }).status === 0;

describe('stageEnv', () => {
  it('expands ${NAME} from the base environment and makes ./ PATH entries absolute in the project', () => {
    const env = stageEnv({ env: { PATH: './tools/bin:${PATH}', GREETING: 'hi ${WHO}!', EMPTY: '${NOT_SET}' } }, '/proj', { PATH: '/usr/bin', WHO: 'ann' });
    expect(env).toMatchObject({ PATH: '/proj/tools/bin:/usr/bin', GREETING: 'hi ann!', EMPTY: '', WHO: 'ann' });
  });
});

describe('openStage where no virtual stage can be', () => {
  it('not on Linux: the user\'s own desktop (display ""), with one notice, never a crash', async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform') as PropertyDescriptor;
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    try {
      const lines: string[] = [];
      const stage = await openStage(
        stageSpecOf({ screen: '1280x720' }),
        { kind: 'virtual' },
        { rootDir: os.tmpdir(), defaultCwd: os.tmpdir(), onProgress: (l) => lines.push(l) },
      );
      expect(stage).toMatchObject({ display: '', screen: { width: 1280, height: 720 }, virtual: false });
      expect(lines).toEqual(['stage: no virtual desktop on macOS; performing on your own desktop (hands off the mouse and keyboard while it records)']);
      await stage.stop();
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });

  it.skipIf(process.platform !== 'linux')('Linux without Xvfb and openbox: a runtime error naming what to install', async () => {
    const saved = { PATH: process.env.PATH, SCREENPLAY_SETUP: process.env.SCREENPLAY_SETUP };
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-empty-path-'));
    process.env.SCREENPLAY_SETUP = 'skip'; // never apt-get from a test
    try {
      const err = await openStage(stageSpecOf(undefined), { kind: 'virtual' }, { rootDir: os.tmpdir() }).catch((e: unknown) => e);
      expect((err as ScreenplayError).exitCode).toBe(2);
      expect((err as Error).message).toBe(
        'the virtual stage needs Xvfb, xdpyinfo, openbox, xsetroot, which are not installed (apt-get install xvfb x11-utils openbox x11-xserver-utils); or record a desktop you have with --display :N or --on-my-desktop',
      );
    } finally {
      fs.rmSync(process.env.PATH as string, { recursive: true, force: true });
      process.env.PATH = saved.PATH;
      if (saved.SCREENPLAY_SETUP === undefined) delete process.env.SCREENPLAY_SETUP;
      else process.env.SCREENPLAY_SETUP = saved.SCREENPLAY_SETUP;
    }
  });
});

const skip = skipWithout('the virtual stage', DESKTOP);

describe.skipIf(skip)('openStage (real Xvfb)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-stage-'));
    fs.mkdirSync(path.join(dir, 'work'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'bin', 'hello-tool'), '#!/bin/sh\necho tool-ran\n', { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a virtual stage at the screen size runs its setup in cwd with the stage env, in order', async () => {
    process.env.SCREENPLAY_TEST_WHO = 'stage-test';
    const spec = stageSpecOf({
      screen: '800x600',
      cwd: 'work',
      env: { PATH: './bin:${PATH}', GREETING: 'hi ${SCREENPLAY_TEST_WHO}' },
      setup: ['echo "$GREETING" > out.txt', 'hello-tool >> out.txt; echo "$DISPLAY" >> out.txt; pwd >> out.txt'],
    });
    const lines: string[] = [];
    const stage = await openStage(spec, { kind: 'virtual' }, { rootDir: dir, onProgress: (l) => lines.push(l) });
    try {
      expect(stage.virtual).toBe(true);
      expect(stage.screen).toEqual({ width: 800, height: 600 });
      expect(displaySize(stage.display)).toEqual({ width: 800, height: 600 });
      expect(stage.cwd).toBe(fs.realpathSync(path.join(dir, 'work')));
      expect(stage.env.GREETING).toBe('hi stage-test');
      const out = fs
        .readFileSync(path.join(dir, 'work', 'out.txt'), 'utf8')
        .trim()
        .split('\n');
      expect(out).toEqual(['hi stage-test', 'tool-ran', stage.display, fs.realpathSync(path.join(dir, 'work'))]);
      expect(lines).toEqual([
        `stage: virtual desktop ${stage.display} at 800x600`,
        expect.stringMatching(/^stage: setup 1\/2: echo/),
        expect.stringMatching(/^stage: setup 2\/2: hello-tool/),
      ]);
    } finally {
      await stage.stop();
    }
    expect(answers(stage.display)).toBe(false);
  });

  it('a setup command that leaves a server running (`… &`) is done when its shell exits; the server runs through the take and ends with the stage', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const server = `require('http').createServer((q, r) => r.end('up')).listen(${port}, '127.0.0.1')`;
    const spec = stageSpecOf({ setup: [`${JSON.stringify(process.execPath)} -e "${server}" > server.log 2>&1 &`, `echo started`] });
    const t0 = Date.now();
    const stage = await openStage(spec, { kind: 'virtual' }, { rootDir: dir, defaultCwd: path.join(dir, 'work') });
    let answered = '';
    try {
      expect(Date.now() - t0).toBeLessThan(20_000); // not the 120 s setup timeout
      for (let i = 0; i < 50 && !answered; i++) {
        answered = await fetch(`http://127.0.0.1:${port}/`)
          .then((r) => r.text())
          .catch(() => '');
        if (!answered) await new Promise((r) => setTimeout(r, 100));
      }
      expect(answered).toBe('up');
    } finally {
      await stage.stop();
    }
    const after = await fetch(`http://127.0.0.1:${port}/`)
      .then((r) => r.text())
      .catch(() => 'gone');
    expect(after).toBe('gone');
  });

  it('a failing setup command that prints a stage secret: the message masks it', async () => {
    const spec = stageSpecOf({ env: { SERVICE_TOKEN: 'tok-very-private-99' }, setup: ['echo "token is $SERVICE_TOKEN"; exit 4'] });
    const err = await openStage(spec, { kind: 'virtual' }, { rootDir: dir }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/exited with code 4/);
    expect((err as Error).message).toContain('token is ');
    expect((err as Error).message).not.toContain('tok-very-private-99');
  });

  it('a failing setup command: a runtime error naming it, its source, exit code and last lines; the desktop stopped', async () => {
    const spec = {
      ...stageSpecOf({ setup: ['true', 'echo first; echo "it broke" >&2; exit 3', 'touch never.txt'] }),
      setupSources: ['video.yaml:4:7', 'video.yaml:5:7', 'video.yaml:6:7'],
    };
    const lines: string[] = [];
    const err = await openStage(spec, { kind: 'virtual' }, { rootDir: dir, onProgress: (l) => lines.push(l) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScreenplayError);
    expect((err as ScreenplayError).exitCode).toBe(2);
    expect((err as Error).message).toBe(
      'video.yaml:5:7: stage.setup[1] "echo first; echo \\"it broke\\" >&2; exit 3" exited with code 3, expected exit code 0; its last lines:\nfirst\nit broke',
    );
    expect(fs.existsSync(path.join(dir, 'never.txt'))).toBe(false);
    const display = /virtual desktop (:\d+)/.exec(lines[0] ?? '')?.[1] as string;
    expect(display).toMatch(/^:\d+$/);
    expect(answers(display)).toBe(false);
  });

  describe('a given display', () => {
    let desktop: VirtualDesktop;
    beforeAll(async () => {
      desktop = await startVirtualDesktop({ width: 640, height: 480, windowManager: false });
    });
    afterAll(async () => desktop?.stop());

    it('is used at its own size, setup runs there, and stop leaves it running', async () => {
      const spec = stageSpecOf({ screen: '1920x1080', setup: ['echo "$DISPLAY" > display.txt'] });
      const stage = await openStage(spec, { kind: 'display', display: desktop.display }, { rootDir: dir, defaultCwd: dir });
      expect(stage).toMatchObject({ display: desktop.display, screen: { width: 640, height: 480 }, virtual: false, cwd: dir });
      expect(fs.readFileSync(path.join(dir, 'display.txt'), 'utf8').trim()).toBe(desktop.display);
      await stage.stop();
      expect(answers(desktop.display)).toBe(true);
    });

    it('a display that does not answer is invalid input (exit 1)', async () => {
      const err = await openStage(stageSpecOf(undefined), { kind: 'display', display: ':59998' }, { rootDir: dir }).catch((e: unknown) => e);
      expect((err as ScreenplayError).exitCode).toBe(1);
      expect((err as Error).message).toMatch(/^expected the X display :59998 to answer, but it does not/);
    });
  });
});
