/**
 * Captures and renders the Claude Code example (examples/add-ink-to-claude-code.yaml) end to
 * end: a 1920x1080 Xvfb desktop with openbox, a scratch `my-app` folder, and — unless a real
 * `claude` is wanted (--real-claude) — the stand-in `claude` from scripts/sample-assets/bin first
 * on PATH. Then `screenplay capture`, and `screenplay render` of every format the script names
 * (TikTokSplit and Landscape).
 *
 *   npm run example:claude [-- --out out/claude-code] [--scale 0.5] [--real-claude]
 *
 * Needs: Xvfb, openbox, xterm, xdotool, ffmpeg, chromium, espeak-ng (Debian packages).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCaptureLogText } from '../src/capture-log';
import { startVirtualDesktop } from '../src/stage/virtual-desktop';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const outDir = path.resolve(arg('--out') ?? path.join(root, 'out', 'claude-code'));
const scale = arg('--scale') ?? '0.5';
const bin = path.join(root, 'bin', 'screenplay.mjs');

const main = async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-claude-'));
  const app = path.join(work, 'my-app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "my-app", "private": true }\n');
  const desktop = await startVirtualDesktop({ width: 1920, height: 1080, background: '#2b3042' });
  const stageEnv = {
    ...process.env,
    DISPLAY: desktop.display,
    CLAUDE_STANDIN_STATE: path.join(work, 'claude-state'),
    ...(process.argv.includes('--real-claude') ? {} : { PATH: `${path.join(here, 'sample-assets', 'bin')}:${process.env.PATH}` }),
  };
  try {
    fs.rmSync(outDir, { recursive: true, force: true });
    const capture = path.join(outDir, 'capture');
    const cap = spawnSync(
      process.execPath,
      [bin, 'capture', path.join(root, 'examples', 'add-ink-to-claude-code.yaml'), '--out', capture, '--countdown', '0s'],
      {
        env: stageEnv,
        cwd: app,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    if (cap.status !== 0) throw new Error(`screenplay capture failed (exit ${cap.status})`);
    const read = readCaptureLogText(fs.readFileSync(path.join(capture, 'capture.json'), 'utf8'));
    if (!read.ok) throw new Error(`capture log invalid: ${JSON.stringify(read.problems)}`);
    const steps = read.log.events.filter((e) => e.type === 'step');
    console.log(`capture: ${(read.log.durationMs / 1000).toFixed(1)} s, ${read.log.events.length} events`);
    for (const s of steps)
      if (s.action === 'wait_for_text' || s.action === 'wait_for_settled' || s.action === 'run')
        console.log(`  ${s.action.padEnd(16)} ${((s.endMs - s.tMs) / 1000).toFixed(2)} s  (${s.source})`);
    // Every format the script names (output.formats: tiktok and landscape).
    const r = spawnSync(process.execPath, [bin, 'render', capture, '--out', outDir, '--scale', scale], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`render failed (exit ${r.status})`);
    console.log(
      `videos: ${fs
        .readdirSync(outDir)
        .filter((f) => f.endsWith('.mp4'))
        .map((f) => path.join(outDir, f))
        .join(', ')}`,
    );
  } finally {
    await desktop.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
};

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
