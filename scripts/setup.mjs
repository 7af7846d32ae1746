#!/usr/bin/env node
// First step of `npm run demo` (`setup.mjs demo`) and of `npm test` (`setup.mjs test`) on a
// fresh clone, and what .ci/run relies on: installs what that purpose needs. npm packages
// (npm ci) when node_modules is missing; the system packages of src/system-packages.json (the
// one list) that are missing: on Debian/Ubuntu as root with apt-get, elsewhere it says what to
// install and goes on (the tests that need a missing tool are skipped, each with its reason).
// SCREENPLAY_SETUP=skip installs nothing (it still reports what is missing). Built-ins only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const purpose = process.argv[2] ?? 'demo';
if (purpose !== 'demo' && purpose !== 'test') {
  console.error(`setup: expected "demo" or "test", but got "${purpose}"`);
  process.exit(1);
}
const say = (line) => console.error(`setup: ${line}`);
const run = (cmd, args, opts = {}) => {
  say(`${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  return r.status === 0;
};

const onPath = (cmd) =>
  (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      for (const ext of process.platform === 'win32' ? ['.exe', '.cmd', ''] : ['']) {
        try {
          fs.accessSync(path.join(dir, cmd + ext), fs.constants.X_OK);
          return true;
        } catch {
          // not here
        }
      }
      return false;
    });
const browsers = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium'],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
  win32: ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe'],
};
const present = (p) => {
  if (p.browser) return Boolean(process.env.REMOTION_BROWSER_EXECUTABLE) || (browsers[process.platform] ?? []).some((b) => fs.existsSync(b));
  return (p.commands ?? []).every(onPath) && (!p.files || p.files.some((f) => fs.existsSync(f)));
};

if (!fs.existsSync(path.join(root, 'node_modules', 'remotion', 'package.json'))) {
  if (!run('npm', ['ci', '--no-audit', '--no-fund'])) {
    say('npm ci failed');
    process.exit(2);
  }
}

const { packages } = JSON.parse(fs.readFileSync(path.join(root, 'src', 'system-packages.json'), 'utf8'));
const wanted = packages.filter((p) => p.for.includes(purpose) && (process.platform === 'linux' || !p.linuxOnly));
let missing = wanted.filter((p) => !present(p));
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const aptEnv = { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
if (process.env.SCREENPLAY_SETUP !== 'skip' && process.platform === 'linux' && isRoot && onPath('apt-get')) {
  const names = missing.map((p) => p.debian);
  if (run('apt-get', ['update', '-q'], aptEnv)) run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...names], aptEnv);
  missing = missing.filter((p) => !present(p));
  if (missing.length === 0) process.exit(0);
}

const how =
  {
    linux: `sudo apt-get install ${missing.map((p) => p.debian).join(' ')}   (or your distribution's packages)`,
    darwin: `brew install ${missing
      .filter((p) => p.brew)
      .map((p) => p.brew)
      .join(' ')}`,
    win32: `winget install ${missing
      .filter((p) => p.winget)
      .map((p) => p.winget)
      .join(' ')}`,
  }[process.platform] ?? `install: ${missing.map((p) => p.debian).join(', ')}`;
say(`missing: ${missing.map((p) => `${p.debian} (${p.why})`).join('; ')}\n  ${how}`);
if (purpose === 'demo') {
  if (missing.some((p) => p.debian === 'ffmpeg')) process.exit(2);
  if (missing.some((p) => p.browser)) {
    say('no system browser: Remotion will download its own headless shell (needs internet), or point REMOTION_BROWSER_EXECUTABLE at a Chrome/Chromium binary.');
  }
} else {
  say('the tests that need these are skipped, each printing why.');
}
