/**
 * `screenplay capture` end to end on Xvfb: a script with a terminal, a command, a wait for its
 * output, a speed-up, typing with a symbol, a click and a narration line is performed for real,
 * recorded, logged, and the capture dir renders.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import xterm from '@xterm/headless';
import { readCaptureLogText } from '../../src/capture-log';
import { parseAsciicast } from '../../src/capture/asciicast';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { landscapeLayout } from '../../src/frame/layout';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { buildTimeline } from '../../src/timeline/build-timeline';
import { cameraAt } from '../../src/timeline/camera';
import { retimeCaptureLog } from '../../src/timeline/retime';
import { outToRec, recToOut, timeMapFromLog } from '../../src/timeline/time-map';
import { viewRect } from '../../src/timeline/view';
import { probe, readPixels } from '../helpers/synthetic';
import { TERMINAL, VOICE, skipWithout } from '../helpers/requires';

const skip = skipWithout('screenplay capture on Xvfb', TERMINAL, VOICE);

const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');
const SCRIPT = `title: Capture test
steps:
  - open_terminal: { fontSize: 14, title: cap-test, cols: 80, rows: 20 }
  - run: "echo hello-$((6*7))"
  - wait_for_text: hello-42
  - speedup:
      factor: 3
      steps:
        - run: sleep 1
  - type: "ab$"
  - press: Enter
  - click: { x: 600, y: 400 }
  - say: Done.
`;

describe.skipIf(skip)('screenplay capture', () => {
  let desktop: VirtualDesktop;
  let dir: string;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 1280, height: 720 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-capture-'));
  });
  afterAll(async () => {
    await desktop?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  // capture runs in its own process: libnut keeps its X connection until the process exits.
  const capture = (script: string, out: string) => {
    fs.writeFileSync(path.join(dir, 'video.yaml'), script);
    return spawnSync(process.execPath, [BIN, 'capture', path.join(dir, 'video.yaml'), '--out', out, '--countdown', '0s', '--on-my-desktop'], {
      env: { ...process.env, DISPLAY: desktop.display },
      encoding: 'utf8',
      timeout: 120_000,
    });
  };

  it('performs every step, logs it on the recording clock, and writes a capture dir', { timeout: 150_000 }, async () => {
    const out = path.join(dir, 'out');
    const r = capture(SCRIPT, out);
    expect(r.stderr).toMatch(/step 1\/8 1 open_terminal \(video\.yaml:3:5\)/);
    expect(r.stderr).toMatch(/step 8\/8 8 say \(video\.yaml:13:5\)/);
    expect(r.status).toBe(0);
    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const { events } = read.log;
    expect(read.log.complete).toBeUndefined();
    expect(events.filter((e) => e.type === 'step').map((e) => (e as { action: string }).action)).toEqual([
      'open_terminal',
      'run',
      'wait_for_text',
      'run',
      'type',
      'press',
      'click',
      'say',
    ]);
    expect(events.find((e) => e.type === 'type' && e.text === 'echo hello-$((6*7))')).toBeDefined();
    expect(events.find((e) => e.type === 'type' && e.text === 'ab$')).toBeDefined();
    expect(events.some((e) => e.type === 'click' && e.x === 600 && e.y === 400)).toBe(true);
    const speedup = events.find((e) => e.type === 'mark') as { kind: string; factor: number; tMs: number; endMs: number };
    expect(speedup).toMatchObject({ kind: 'speedup', factor: 3 });
    expect(speedup.endMs - speedup.tMs).toBeGreaterThan(1000); // it wraps `sleep 1`
    const say = events.find((e) => e.type === 'say') as { tMs: number; endMs: number };
    expect(say.endMs - say.tMs).toBeGreaterThan(200); // the offline voice's real length
    expect(events.filter((e) => e.type === 'cursor').length).toBeGreaterThan(10);
    for (const e of events) expect(e.tMs).toBeLessThanOrEqual(read.log.durationMs);
    const info = probe(path.join(out, 'recording.mp4'));
    expect(info).toMatchObject({ codec: 'h264', width: 1280, height: 720, fps: '30/1' });
    // The terminal session as asciicast v2, which replays to the screen the terminal showed.
    const cast = parseAsciicast(fs.readFileSync(path.join(out, 'terminal.cast'), 'utf8'));
    expect(cast.header).toMatchObject({ version: 2, width: 80, height: 20, title: 'cap-test' });
    expect(cast.events.length).toBeGreaterThan(5);
    cast.events.forEach((e, i) => i > 0 && expect(e[0]).toBeGreaterThanOrEqual(cast.events[i - 1]![0]));
    const replay = new xterm.Terminal({ cols: 80, rows: 20, allowProposedApi: true });
    for (const [, , data] of cast.events) await new Promise<void>((r) => replay.write(data, r));
    const screen = Array.from({ length: replay.buffer.active.length }, (_, y) => replay.buffer.active.getLine(y)?.translateToString(true) ?? '').join('\n');
    expect(screen).toMatch(/echo hello-\$\(\(6\*7\)\)\nhello-42\n/);
    expect(screen).toContain('ab$');
    // The session took as long as the steps in the terminal: its last event comes after the `sleep 1` command.
    expect(cast.events.at(-1)![0]).toBeGreaterThan(1.5);

    // The terminal's grid and cursor are logged, and the camera frames the line being typed:
    // late in the typing of the first command the zoom is in and the cursor's cell is in view.
    const grid = events.find((e) => e.type === 'terminal') as { x: number; y: number; cellWidth: number; cellHeight: number; cols: number; rows: number };
    expect(grid).toMatchObject({ cols: 80, rows: 20 });
    const typed = events.find((e) => e.type === 'type' && e.text === 'echo hello-$((6*7))') as { tMs: number; endMs: number };
    const atMs = typed.endMs - 40;
    const cursor = events.filter((e) => e.type === 'terminal_cursor' && e.tMs <= atMs).at(-1) as { row: number; col: number };
    expect(cursor).toMatchObject({ row: 0 });
    expect(cursor.col).toBeGreaterThan(15);
    const command = events.find((e) => e.type === 'command') as { tMs: number; endMs: number; exitCode: number };
    expect(command).toMatchObject({ command: 'echo hello-$((6*7))', exitCode: 0 });
    expect(command.tMs).toBeGreaterThanOrEqual(typed.endMs);
    const layout = landscapeLayout({ width: 1920, height: 1080 }, read.log.screen, DEFAULT_STYLE);
    // The video runs on the time map's clock (automatic tightening may speed parts up).
    const map = timeMapFromLog(read.log, DEFAULT_STYLE.edit);
    const timeline = buildTimeline({ capture: retimeCaptureLog(read.log, map), fps: read.log.fps, viewAspect: layout.viewAspect, style: DEFAULT_STYLE.motion });
    const frame = Math.round((recToOut(map, atMs) * read.log.fps) / 1000);
    const recordedFrame = Math.round((outToRec(map, (frame * 1000) / read.log.fps) * read.log.fps) / 1000);
    const camera = cameraAt(timeline.camera, frame);
    const view = viewRect(camera, read.log.screen, layout.viewAspect);
    const cell = { x: grid.x + cursor.col * grid.cellWidth, y: grid.y + cursor.row * grid.cellHeight };
    expect(camera.zoom).toBeGreaterThan(1.8);
    expect(cell.x).toBeGreaterThan(view.x);
    expect(cell.x + grid.cellWidth).toBeLessThan(view.x + view.width);
    expect(cell.y).toBeGreaterThan(view.y);
    expect(cell.y + grid.cellHeight).toBeLessThan(view.y + view.height);

    // The rendered still shows exactly that: the typed line, enlarged. Its text band matches the
    // recording's frame cropped to the camera's view and scaled to the stage.
    const still = path.join(dir, 'still.png');
    const rr = spawnSync(process.execPath, [BIN, 'render', out, '--composition', 'Landscape', '--out', still, '--still', String(frame), '--scale', '0.25'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(rr.status).toBe(0);
    const k = 0.25;
    const stage = { x: layout.stage.x * k, y: layout.stage.y * k, width: layout.stage.width * k, height: layout.stage.height * k };
    const expected = path.join(dir, 'expected.png');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      path.join(out, 'recording.mp4'),
      '-vf',
      `select=eq(n\\,${recordedFrame}),crop=${Math.round(view.width)}:${Math.round(view.height)}:${Math.round(view.x)}:${Math.round(view.y)},scale=${Math.round(stage.width)}:${Math.round(stage.height)}`,
      '-frames:v',
      '1',
      expected,
    ]);
    const got = readPixels(still);
    const want = readPixels(expected);
    const toStage = (sx: number, sy: number) => ({
      x: Math.round(stage.x + ((sx - view.x) / view.width) * stage.width),
      y: Math.round(stage.y + ((sy - view.y) / view.height) * stage.height),
    });
    const a = toStage(grid.x, cell.y);
    const b = toStage(cell.x, cell.y + grid.cellHeight);
    // Mean difference between the still's text band and the expected picture moved by (dx, dy).
    const bandDiff = (dx: number, dy: number) => {
      let sum = 0;
      let n = 0;
      for (let y = a.y; y < b.y; y++) {
        for (let x = Math.max(a.x, Math.ceil(stage.x) + 6); x < b.x; x++) {
          const i = (y * got.width + x) * 3;
          const j = ((y + dy - Math.round(stage.y)) * want.width + (x + dx - Math.round(stage.x))) * 3;
          for (let c = 0; c < 3; c++) sum += Math.abs(got.data[i + c]! - (want.data[j + c] ?? 0));
          n += 3;
        }
      }
      return sum / n;
    };
    let text = 0;
    for (let y = a.y; y < b.y; y++)
      for (let x = a.x; x < b.x; x++) {
        const i = (y * got.width + x) * 3;
        if (got.data[i]! > 150 && got.data[i + 1]! > 150 && got.data[i + 2]! > 150) text++;
      }
    // Where the still matches the recording best, among shifts of up to 4 px (1 px here is 4 on screen).
    let best = { dx: 0, dy: 0, diff: Infinity };
    for (let dy = -4; dy <= 4; dy++)
      for (let dx = -4; dx <= 4; dx++) {
        const d = bandDiff(dx, dy);
        if (d < best.diff) best = { dx, dy, diff: d };
      }
    const far = Math.min(
      ...[
        [-4, 0],
        [4, 0],
        [0, -4],
        [0, 4],
      ].map(([dx, dy]) => bandDiff(best.dx + dx!, best.dy + dy!)),
    );
    const textRowPx = b.y - a.y;
    const unzoomedRowPx = grid.cellHeight * (stage.height / read.log.screen.height);
    console.log(
      `zoom on the typed line: level ${camera.zoom.toFixed(2)}, text row ${textRowPx} px high in a 480x270 still (${unzoomedRowPx.toFixed(1)} px unzoomed), ${text} text pixels; the still matches the recording cropped to the camera's view best at (${best.dx}, ${best.dy}) px, difference ${best.diff.toFixed(1)} (${far.toFixed(1)} 4 px further)`,
    );
    expect(textRowPx).toBeGreaterThan(1.8 * unzoomedRowPx);
    expect(text).toBeGreaterThan(0.04 * (b.y - a.y) * (b.x - a.x));
    // The still is the recording where the camera says, within a pixel (sub-pixel placement and rounding).
    expect(Math.abs(best.dx)).toBeLessThanOrEqual(1);
    expect(Math.abs(best.dy)).toBeLessThanOrEqual(1);
    expect(best.diff).toBeLessThan(0.6 * far);
  });

  it('a failing command stops the take with its line and output, and keeps what was recorded', { timeout: 150_000 }, () => {
    const out = path.join(dir, 'failed');
    const r = capture(
      'steps:\n  - open_terminal: { title: fail-test }\n  - run: "echo about-to-fail; exit_code_7() { return 7; }; exit_code_7"\n  - press: Enter\n',
      out,
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/video\.yaml:3:5: step 2 \(run\) failed: "echo about-to-fail; .*" exited with code 7 .*\n[\s\S]*about-to-fail/);
    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    expect(read.ok && read.log.complete).toBe(false);
  });

  /** Processes started for a display (its DISPLAY, or an x11grab of it) other than the desktop's own Xvfb and openbox. */
  const leftOn = (display: string): string[] =>
    fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .flatMap((pid) => {
        try {
          const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
          const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
          const mine = env.includes(`DISPLAY=${display}`) || cmd.includes(`${display}.0+`);
          return mine && !/^(Xvfb|openbox)\b/.test(cmd) ? [`${pid} ${cmd}`] : [];
        } catch {
          return [];
        }
      });
  /** Starts a capture and resolves once `step` is running. */
  const startCapture = (script: string, out: string, step: RegExp) => {
    fs.writeFileSync(path.join(dir, 'video.yaml'), script);
    const p = spawn(process.execPath, [BIN, 'capture', path.join(dir, 'video.yaml'), '--out', out, '--countdown', '0s', '--on-my-desktop'], {
      env: { ...process.env, DISPLAY: desktop.display },
    });
    let stderr = '';
    const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => p.once('exit', (code) => resolve({ code, stderr })));
    const running = new Promise<void>((resolve) =>
      p.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (step.test(stderr)) resolve();
      }),
    );
    return { p, exit, running };
  };

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s mid-take: stops the recorder, keeps a capture dir that reads back, exits 2, leaves no process',
    { timeout: 120_000 },
    async (signal) => {
      const out = path.join(dir, `signal-${signal}`);
      const c = startCapture('steps:\n  - open_terminal: { title: sig-test }\n  - run: sleep 30\n', out, /step 2\/2/);
      await c.running;
      await new Promise((r) => setTimeout(r, 1500));
      c.p.kill(signal);
      const r = await c.exit;
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${signal}: stopping the recorder and keeping what was recorded`);
      expect(r.stderr).toMatch(new RegExp(`video\\.yaml:3:5: step 2 \\(run\\): capture interrupted \\(${signal}\\)`));
      const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
      if (!read.ok) throw new Error(JSON.stringify(read.problems));
      expect(read.log.complete).toBe(false);
      expect(read.log.durationMs).toBeGreaterThan(1000);
      expect(read.log.events.some((e) => e.type === 'type' && e.text === 'sleep 30')).toBe(true);
      expect(probe(path.join(out, 'recording.mp4'))).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
      await new Promise((r) => setTimeout(r, 500));
      expect(leftOn(desktop.display)).toEqual([]);
    },
  );

  it('the recorder dying mid-take ends it with the step named and keeps the recording', { timeout: 120_000 }, async () => {
    const out = path.join(dir, 'recorder-died');
    const c = startCapture('steps:\n  - wait: 1s\n  - wait: 30s\n', out, /step 2\/2/);
    await c.running;
    await new Promise((r) => setTimeout(r, 1500));
    const ffmpeg = leftOn(desktop.display).find((l) => / ffmpeg .*x11grab/.test(` ${l}`) || /ffmpeg .*x11grab/.test(l));
    expect(ffmpeg).toBeDefined();
    process.kill(Number(ffmpeg!.split(' ')[0]), 'SIGKILL');
    const r = await c.exit;
    expect(r.code).toBe(2);
    // The recorder is blamed, not the step that happened to run; a signal leaves no reason to quote.
    expect(r.stderr).toMatch(
      /error: the recording stopped: ffmpeg stopped recording on its own \(SIGKILL\) \(the take stopped during step 2 \(wait\) at video\.yaml:3:5; the step did not fail\)/,
    );
    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    expect(read.ok && read.log.complete).toBe(false);
    expect(read.ok && read.log.durationMs).toBeGreaterThan(1000);
    expect(leftOn(desktop.display)).toEqual([]);
  });

  it(
    'terminal waits: run lists files, waits out a 3 s command, wait_for_text takes a regex; a text that never shows fails with the last lines',
    { timeout: 150_000 },
    () => {
      const files = path.join(dir, 'files');
      fs.mkdirSync(files, { recursive: true });
      for (const f of ['alpha.txt', 'beta.md']) fs.writeFileSync(path.join(files, f), 'x');
      const out = path.join(dir, 'waits');
      const r = capture(
        [
          'steps:',
          `  - open_terminal: { title: wait-test, cwd: "${files}" }`,
          '  - run: ls',
          "  - wait_for_text: { regex: 'alpha\\.txt\\s+beta\\.md' }",
          '  - run: "sleep 3; echo slept-$((1+2))"',
          '  - wait_for_text: slept-3',
          '  - wait_for_text: { text: never-printed, timeout: 1s }',
          '',
        ].join('\n'),
        out,
      );
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        /video\.yaml:7:5: step 6 \(wait_for_text\) failed: expected "never-printed" in the terminal within 1\.0 s, but it did not appear\. The terminal's last lines:\n[\s\S]*slept-3/,
      );
      expect(r.stderr).not.toMatch(/Script started on/);
      const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
      if (!read.ok) throw new Error(JSON.stringify(read.problems));
      const steps = read.log.events.filter((e) => e.type === 'step') as Array<{ action: string; tMs: number; endMs: number; outcome?: string; error?: string }>;
      // The five that finished, then the one the take stopped in, logged as failed with its error.
      expect(steps.map((s) => s.action)).toEqual(['open_terminal', 'run', 'wait_for_text', 'run', 'wait_for_text', 'wait_for_text']);
      expect(steps.slice(0, 5).every((s) => s.outcome === undefined)).toBe(true);
      expect(steps[5]).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/^expected "never-printed" in the terminal within 1\.0 s/) });
      // The 3 s command: the step ends when its prompt comes back, not before (and not much later).
      const slow = steps[3]!;
      expect(slow.endMs - slow.tMs).toBeGreaterThan(3000);
      expect(slow.endMs - slow.tMs).toBeLessThan(3000 + 8000); // typing the command takes a few seconds too
      expect(read.log.complete).toBe(false);
    },
  );

  it('a last say with wait: false is heard to its end: the take runs on until the line ends, and no cue outlasts the video', { timeout: 420_000 }, async () => {
    const out = path.join(dir, 'last-say');
    const r = capture('steps:\n  - say: { id: outro, text: "Live in under a minute, with one command and a custom domain.", wait: false }\n', out);
    expect(r.status, r.stderr).toBe(0);
    const line = JSON.parse(fs.readFileSync(path.join(out, 'narration', 'narration.json'), 'utf8')).lines[0] as { durationMs: number };
    expect(line.durationMs).toBeGreaterThan(2500);
    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const say = read.log.events.find((e) => e.type === 'say') as { tMs: number; endMs: number };
    // The recording lasts until the line has been spoken (then the 500 ms settle), not 0.5 s after it started.
    expect(read.log.durationMs).toBeGreaterThanOrEqual(line.durationMs);
    expect(read.log.durationMs).toBeGreaterThanOrEqual(say.endMs);
    expect(read.log.durationMs).toBeLessThan(say.endMs + 2000);

    // Rendered: the voice plays to its end, and neither the audio nor a cue outlasts the video.
    const { render } = await import('../../src/render/render');
    const video = path.join(out, 'render', 'video.mp4');
    await render({ composition: 'Landscape', captureDir: out, out: video, scale: 0.25, renderer: 'composite' });
    const streams = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,duration', '-of', 'csv=p=0', video], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const dur = (kind: string) => Number(streams.find((l) => l.startsWith(`${kind},`))!.split(',')[1]) * 1000;
    expect(dur('video')).toBeGreaterThanOrEqual(say.endMs - 50);
    expect(dur('audio')).toBeLessThanOrEqual(dur('video') + 50);
    const srt = fs.readFileSync(video.replace(/\.mp4$/, '.srt'), 'utf8');
    const ends = [...srt.matchAll(/--> (\d\d):(\d\d):(\d\d),(\d{3})/g)].map(
      (m) => ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]),
    );
    expect(ends.length).toBeGreaterThan(0);
    for (const e of ends) expect(e).toBeLessThanOrEqual(dur('video') + 1);
    // The last word is on a cue: the captions reach the end of the line.
    expect(srt).toMatch(/domain\.\n/);
  });

  it('refuses to start when an image is missing, naming the step', { timeout: 60_000 }, () => {
    const r = capture('steps:\n  - click: assets/nope.png\n', path.join(dir, 'never'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/video\.yaml:2:12: error: expected the file "assets\/nope\.png" to exist, but it does not  \[steps\[0\]\.click\.image\]/);
    expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
  });
});
