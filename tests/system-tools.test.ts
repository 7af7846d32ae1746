/**
 * The one list of system packages and the checks built on it: a missing program is named with
 * the package to install (never `spawn … ENOENT`), and `setup.mjs test` reports what is missing
 * and goes on when it may not install, so the tests that need it are skipped with the reason.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScreenplayError } from '../src/errors';
import list from '../src/system-packages.json' with { type: 'json' };
import { installHint, missingCommands, onPath, requireCommands } from '../src/system-tools';
import { startVirtualDesktop } from '../src/stage/virtual-desktop';

const ROOT = path.resolve(__dirname, '..');
/** A PATH holding only node: every system program is missing. */
const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-bare-path-'));
fs.symlinkSync(process.execPath, path.join(bare, 'node'));
afterAll(() => fs.rmSync(bare, { recursive: true, force: true }));

const withPath = <T>(p: string, f: () => T): T => {
  const old = process.env.PATH;
  process.env.PATH = p;
  try {
    return f();
  } finally {
    process.env.PATH = old;
  }
};

describe('system-packages.json', () => {
  it('names every program screenplay spawns, each in one package', () => {
    const commands = list.packages.flatMap((p) => ('commands' in p ? (p.commands as string[]) : []));
    expect(new Set(commands).size).toBe(commands.length);
    for (const c of ['ffmpeg', 'ffprobe', 'Xvfb', 'openbox', 'xdpyinfo', 'xwininfo', 'xsetroot', 'xdotool', 'xterm', 'espeak-ng', 'obs'])
      expect(commands).toContain(c);
  });
  it('is what .ci/run installs: .ci/run runs npm test, whose first step is setup.mjs test', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toMatch(/^node scripts\/setup\.mjs test && /);
    expect(pkg.scripts.demo).toMatch(/^node scripts\/setup\.mjs demo && /);
    expect(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
  });
});

describe('finding programs', () => {
  it.each([
    [['node'], []],
    [
      ['Xvfb', 'node', 'espeak-ng'],
      ['Xvfb', 'espeak-ng'],
    ],
    [[], []],
  ])('missingCommands(%j) on a PATH with only node is %j', (commands, missing) => {
    expect(withPath(bare, () => missingCommands(commands))).toEqual(missing);
  });
  it('finds nothing on an empty PATH', () => {
    expect(withPath('', () => onPath('node'))).toBe(false);
  });
  it.runIf(process.platform === 'linux').each([
    [['Xvfb', 'xdpyinfo', 'xwininfo'], 'apt-get install xvfb x11-utils'],
    [['espeak-ng'], 'apt-get install espeak-ng'],
    [['ffprobe'], 'apt-get install ffmpeg'],
    [['obs'], 'apt-get install obs-studio'],
    [['unknown-tool'], 'apt-get install unknown-tool'],
  ])('installHint(%j) is "%s"', (commands, hint) => {
    expect(installHint(commands)).toBe(hint);
  });
  it('requireCommands throws a runtime error naming the program and its package', () => {
    const err = withPath(bare, () => {
      try {
        requireCommands(['espeak-ng'], 'the offline voice');
        return null;
      } catch (e) {
        return e;
      }
    });
    expect(err).toBeInstanceOf(ScreenplayError);
    expect((err as ScreenplayError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/^the offline voice needs espeak-ng, which is not installed \((apt-get|brew) install espeak-ng\)$/);
  });
  it('the virtual desktop says what to install instead of an uncaught spawn error', async () => {
    const old = process.env.PATH;
    process.env.PATH = bare;
    try {
      await expect(startVirtualDesktop({ width: 320, height: 240 })).rejects.toThrow(
        /the virtual desktop needs Xvfb, xdpyinfo, openbox, which are not installed/,
      );
    } finally {
      process.env.PATH = old;
    }
  });
});

describe('scripts/setup.mjs', () => {
  it('with nothing installable, names each missing package and goes on (exit 0) for the tests', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'setup.mjs'), 'test'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: bare, SCREENPLAY_SETUP: 'skip' },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/setup: missing: .*xvfb \(the virtual desktop captures perform on\)/);
    expect(r.stderr).toMatch(/espeak-ng \(the offline voice\)/);
    expect(r.stderr).toMatch(/the tests that need these are skipped/);
  });
  it('for the demo, a missing ffmpeg is an error (exit 2) naming it', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'setup.mjs'), 'demo'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: bare, SCREENPLAY_SETUP: 'skip' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing: .*ffmpeg/);
    expect(r.stderr).not.toMatch(/xvfb/);
  });
  it('refuses an unknown purpose', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'setup.mjs'), 'deploy'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/expected "demo" or "test", but got "deploy"/);
  });
});
