#!/usr/bin/env node
// First step of `npm run demo` on a fresh clone: installs what rendering needs.
// npm packages (npm ci) when node_modules is missing; on Debian/Ubuntu as root, the system
// packages chromium and ffmpeg when missing; elsewhere, says what to install. Built-ins only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, opts = {}) => {
  console.error(`setup: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`setup: "${cmd} ${args.join(' ')}" failed (exit ${r.status})`);
    process.exit(2);
  }
};
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const browsers = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium'],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
  win32: ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe'],
};
const hasBrowser = () =>
  Boolean(process.env.REMOTION_BROWSER_EXECUTABLE) || (browsers[process.platform] ?? []).some((b) => fs.existsSync(b));

if (!fs.existsSync(path.join(root, 'node_modules', 'remotion', 'package.json'))) {
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const missing = [];
if (!has('ffmpeg') || !has('ffprobe')) missing.push('ffmpeg');
if (!hasBrowser()) missing.push('chromium');
if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform === 'linux' && isRoot && has('apt-get')) {
    run('apt-get', ['update', '-q'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    run('apt-get', ['install', '-y', '-q', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    const how = {
      linux: `sudo apt-get install ${missing.join(' ')}   (or your distribution's packages)`,
      darwin: `brew install ${missing.map((m) => (m === 'chromium' ? '--cask google-chrome' : m)).join(' ')}`,
      win32: `winget install ${missing.map((m) => (m === 'chromium' ? 'Google.Chrome' : 'Gyan.FFmpeg')).join(' ')}`,
    }[process.platform] ?? `install: ${missing.join(', ')}`;
    console.error(`setup: screenplay needs ${missing.join(' and ')} to render.\n  ${how}\nOr point REMOTION_BROWSER_EXECUTABLE at a Chrome/Chromium binary.`);
    if (missing.includes('ffmpeg')) process.exit(2);
    console.error('setup: no system browser: Remotion will download its own headless shell (needs internet).');
  }
}
