/**
 * The system programs screenplay runs (ffmpeg, Xvfb, xterm, espeak-ng, …): whether each is
 * installed, and what to install when it is not. The package names come from
 * `system-packages.json`, the one list `npm run demo`, `npm test` (scripts/setup.mjs) and
 * .ci/run install from. Checking PATH here, before spawning, turns a missing program into one
 * clear error instead of an uncaught `spawn … ENOENT`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runtimeError } from './errors';
import list from './system-packages.json' with { type: 'json' };

type SystemPackage = { debian: string; brew?: string; winget?: string; commands?: string[]; why: string };
const PACKAGES = list.packages as SystemPackage[];

/** True when `command` is an executable file in one of PATH's folders. */
export const onPath = (command: string): boolean =>
  (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) =>
      (process.platform === 'win32' ? ['.exe', '.cmd', ''] : ['']).some((ext) => {
        try {
          fs.accessSync(path.join(dir, command + ext), fs.constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
    );

/** The commands of `commands` that are not on PATH, in order. */
export const missingCommands = (commands: readonly string[]): string[] => commands.filter((c) => !onPath(c));

/**
 * How to install the packages that hold `commands`, for this platform: e.g.
 * `apt-get install xvfb openbox` on Linux, `brew install espeak-ng` on macOS.
 */
export const installHint = (commands: readonly string[]): string => {
  const pkgs = [...new Set(commands.map((c) => PACKAGES.find((p) => p.commands?.includes(c)) ?? { debian: c, brew: c, winget: c, why: '' }))];
  if (process.platform === 'darwin') {
    const brew = pkgs.filter((p) => p.brew).map((p) => p.brew);
    return brew.length ? `brew install ${brew.join(' ')}` : `install ${pkgs.map((p) => p.debian).join(', ')}`;
  }
  if (process.platform === 'win32') {
    const winget = pkgs.filter((p) => p.winget).map((p) => p.winget);
    return winget.length ? `winget install ${winget.join(' ')}` : `install ${pkgs.map((p) => p.debian).join(', ')}`;
  }
  return `apt-get install ${pkgs.map((p) => p.debian).join(' ')}`;
};

/**
 * Throws a runtime error (exit 2) naming what is missing and how to install it, when any of
 * `commands` is not on PATH. `forWhat` says what needed them ("the virtual desktop").
 */
export const requireCommands = (commands: readonly string[], forWhat: string): void => {
  const missing = missingCommands(commands);
  if (missing.length === 0) return;
  throw runtimeError(`${forWhat} needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed (${installHint(missing)})`);
};
