/**
 * Records the bundled sample capture (public/samples/ink-deploy/) with screenplay's own
 * pipeline: `screenplay capture examples/sample-recording.yaml`, whose `stage:` block sets the
 * stage (a fresh 1920x1080 virtual desktop, the stand-in `ink`, `claude` and `curl` CLIs first
 * on PATH) and whose `voice:` is the offline one. screenplay opens the Ink dashboard itself
 * (open_browser), drives mouse and keys with nut.js, finds what it clicks by its words on screen
 * and the page's elements, records with ffmpeg and logs every event. What stays here: the
 * recording re-encoded small for the repository (same frames, same clock), and the copying.
 *
 *   npm run sample:record [-- --out public/samples/ink-deploy] [--script examples/custom-domain.yaml]
 *
 * Needs: Xvfb, openbox, xterm, xdotool, chromium, ffmpeg (Debian packages).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCaptureLogText } from '../src/capture-log';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const outArg = process.argv.indexOf('--out');
const scriptArg = process.argv.indexOf('--script');
/** The script performed: the bundled sample's, or any other (`--script FILE`; its own stage: block, if any, sets its stage). */
const script = path.resolve(scriptArg > 0 ? (process.argv[scriptArg + 1] as string) : path.join(root, 'examples', 'sample-recording.yaml'));
const outDir = path.resolve(outArg > 0 ? (process.argv[outArg + 1] as string) : path.join(root, 'public', 'samples', 'ink-deploy'));

const main = async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-sample-'));
  let keep = false;
  try {
    // The take, on the virtual stage the script declares (screenplay starts and stops it).
    const take = path.join(work, 'take');
    const cap = spawnSync(process.execPath, [path.join(root, 'bin', 'screenplay.mjs'), 'capture', script, '--out', take, '--countdown', '0s'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (cap.status !== 0) {
      keep = true; // its miss pictures and partial take are the way to see what went wrong
      throw new Error(`screenplay capture failed (exit ${cap.status}); the take is kept in ${take}`);
    }

    // Small for the repository: same frames at the same rate, so the log's clock still holds.
    fs.mkdirSync(outDir, { recursive: true });
    const sample = path.join(outDir, 'recording.mp4');
    const enc = spawnSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      path.join(take, 'recording.mp4'),
      '-c:v',
      'libx264',
      '-preset',
      'slow',
      '-crf',
      '27',
      '-tune',
      'stillimage',
      '-g',
      '30',
      '-pix_fmt',
      'yuv420p',
      '-fps_mode',
      'passthrough',
      '-movflags',
      '+faststart',
      '-an',
      '-y',
      sample,
    ]);
    if (enc.status !== 0) throw new Error(`ffmpeg encode failed: ${enc.stderr}`);
    for (const f of ['capture.json', 'events.jsonl']) fs.copyFileSync(path.join(take, f), path.join(outDir, f));
    // The narration (offline voice) made before recording; its cache stays behind.
    fs.rmSync(path.join(outDir, 'narration'), { recursive: true, force: true });
    fs.cpSync(path.join(take, 'narration'), path.join(outDir, 'narration'), { recursive: true, filter: (src) => path.basename(src) !== '.cache' });
    const read = readCaptureLogText(fs.readFileSync(path.join(outDir, 'capture.json'), 'utf8'));
    if (!read.ok) throw new Error(`capture log invalid: ${JSON.stringify(read.problems)}`);
    const clicks = read.log.events.filter((e) => e.type === 'click').length;
    const size = fs.statSync(sample).size;
    console.log(
      `sample: ${outDir}\n  ${(read.log.durationMs / 1000).toFixed(1)} s, ${read.log.events.length} events, ${clicks} clicks, ${(size / 1e6).toFixed(2)} MB`,
    );
  } finally {
    if (!keep) fs.rmSync(work, { recursive: true, force: true });
  }
};

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
