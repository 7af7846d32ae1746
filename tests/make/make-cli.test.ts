/**
 * `screenplay make` end to end with no display of its own (DISPLAY unset): it starts its own
 * virtual stage, narrates with the offline voice, captures, renders and re-uses what is still
 * valid:
 *   1. first run: everything made;
 *   2. unchanged script: the capture and the video are re-used (no take, no render);
 *   3. a comment line above the steps: nothing made again, the kept capture's step lines re-pointed;
 *      then a new background colour: the capture re-used, the video rendered again (pixels);
 *   4. one say line changed: a new take, the other line's voice from the cache (no synthesis);
 *   5. a take that fails: exit 2, the failed take kept beside the last good capture and video.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DESKTOP, TERMINAL, VOICE, skipWithout } from '../helpers/requires';

const skip = skipWithout('make on its own virtual stage', DESKTOP, TERMINAL, VOICE, ['ffmpeg']);
const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');

const script = (o: { color: string; line: string; comment?: boolean; fail?: boolean }) => `title: Make test
output: { formats: [landscape] }
style: { background: { type: solid, color: "${o.color}" }, windowFrame: false }
${o.comment ? '# a comment that moves every step down a line\n' : ''}steps:
  - open_terminal: { title: make-test }
  - say: { text: "Typing now.", wait: false }
  - type: echo made
  - press: Enter
${o.fail ? '  - wait_for_text: { text: "never printed", timeout: 1s }\n' : ''}  - say: "${o.line}"
`;

describe.skipIf(skip)('screenplay make', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-make-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'video.yaml');
  const out = path.join(dir, 'out');
  const env = { ...process.env, ELEVENLABS_API_KEY: '' } as NodeJS.ProcessEnv;
  delete env.DISPLAY;
  const make = (...extra: string[]) => {
    const r = spawnSync(process.execPath, [BIN, 'make', file, '--out', out, '--scale', '0.25', ...extra], {
      cwd: dir,
      env,
      encoding: 'utf8',
      timeout: 300_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const cornerPixel = (video: string): number[] => {
    const r = spawnSync(
      'ffmpeg',
      ['-v', 'error', '-ss', '1', '-i', video, '-frames:v', '1', '-vf', 'crop=4:4:2:2,scale=1:1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
      { maxBuffer: 1 << 20 },
    );
    return [...r.stdout];
  };
  const stepSources = () =>
    (JSON.parse(fs.readFileSync(path.join(out, 'capture', 'capture.json'), 'utf8')) as { events: Array<{ type: string; source?: string }> }).events
      .filter((e) => e.type === 'step')
      .map((e) => e.source);

  it('makes, re-uses, restyles without a take, re-takes with cached voice, and keeps the last good capture when a take fails', { timeout: 900_000 }, () => {
    fs.writeFileSync(file, script({ color: '#ff0000', line: 'Done.' }));
    const first = make();
    expect(first.err).not.toMatch(/XIO|at .*\.ts:\d+/);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/capture +\S*capture\/ \([\d.]+ s, recorded; narration: 2 synthesised, 0 cached\)/);
    expect(first.out).toMatch(/landscape +\S*landscape\.mp4 \(rendered/);
    const video = path.join(out, 'landscape.mp4');
    const red = cornerPixel(video);
    expect(red[0]).toBeGreaterThan(200);
    expect(red[1]).toBeLessThan(60);
    // The progress display named each stage.
    expect(first.err).toMatch(/make \[1\/4 narrate\]/);
    expect(first.err).toMatch(/make \[2\/4 capture\] step 1\/\d+/);
    expect(first.err).toMatch(/make \[3\/4 render\] landscape: \d+\/\d+ frames/);
    const capMtime = fs.statSync(path.join(out, 'capture', 'recording.mp4')).mtimeMs;
    const sourcesBefore = stepSources();

    const second = make();
    expect(second.code, second.err).toBe(0);
    expect(second.out).toMatch(/capture .*re-used\)/);
    expect(second.out).toMatch(/landscape .*\(re-used/);
    expect(second.err).not.toMatch(/make \[1\/4 narrate\]|frames/);
    expect(fs.statSync(path.join(out, 'capture', 'recording.mp4')).mtimeMs).toBe(capMtime);

    // A comment line that moves every step: nothing is made again; the kept capture's step lines follow.
    const videoBefore = fs.statSync(video).mtimeMs;
    fs.writeFileSync(file, script({ color: '#ff0000', line: 'Done.', comment: true }));
    const moved = make();
    expect(moved.code, moved.err).toBe(0);
    expect(moved.out).toMatch(/capture .*re-used\)/);
    expect(moved.out).toMatch(/landscape .*\(re-used/);
    expect(fs.statSync(video).mtimeMs).toBe(videoBefore);
    expect(stepSources()).toEqual(sourcesBefore.map((s) => s?.replace(/:(\d+):(\d+)$/, (_, l, c) => `:${Number(l) + 1}:${c}`)));

    fs.writeFileSync(file, script({ color: '#0000ff', line: 'Done.', comment: true }));
    const third = make();
    expect(third.code, third.err).toBe(0);
    expect(third.out).toMatch(/capture .*re-used, restyled\)/);
    expect(third.out).toMatch(/landscape .*\(rendered/);
    expect(fs.statSync(path.join(out, 'capture', 'recording.mp4')).mtimeMs).toBe(capMtime);
    const blue = cornerPixel(video);
    expect(blue[2]).toBeGreaterThan(200);
    expect(blue[0]).toBeLessThan(60);

    fs.writeFileSync(file, script({ color: '#0000ff', line: 'Finished.', comment: true }));
    const fourth = make();
    expect(fourth.code, fourth.err).toBe(0);
    expect(fourth.out).toMatch(/recorded; narration: 1 synthesised, 1 cached/);
    expect(fourth.out).toMatch(/landscape .*\(rendered/);
    const goodMtime = fs.statSync(path.join(out, 'capture', 'recording.mp4')).mtimeMs;
    const videoMtime = fs.statSync(video).mtimeMs;

    fs.writeFileSync(file, script({ color: '#0000ff', line: 'Finished.', comment: true, fail: true }));
    const fifth = make();
    expect(fifth.code).toBe(2);
    expect(fifth.err).toMatch(/video\.yaml:\d+:\d+: .*never printed/);
    expect(fifth.err).toMatch(/the failed take is kept in \S*capture\.failed; \S*capture still holds the last good take/);
    expect(fifth.err).not.toMatch(/at .*\.ts:\d+/);
    expect(fs.existsSync(path.join(out, 'capture.failed', 'capture.json'))).toBe(true);
    // Its review names the step that failed (wait_for_text, step 5), not the one before it.
    const failedReview = JSON.parse(fs.readFileSync(path.join(out, 'capture.failed', 'review.json'), 'utf8')) as {
      findings: Array<{ check: string; step?: string; message: string }>;
    };
    expect(failedReview.findings.find((f) => f.check === 'step-failed')).toMatchObject({
      step: '5',
      message: expect.stringMatching(/^step 5 \(wait_for_text\) failed: .*never printed/),
    });
    expect(fs.statSync(path.join(out, 'capture', 'recording.mp4')).mtimeMs).toBe(goodMtime);
    expect(fs.statSync(video).mtimeMs).toBe(videoMtime);
  });
});

describe('screenplay make refuses a style the compositions refuse before anything runs', () => {
  it.each([
    [
      'a misspelt caption preset',
      '{ captions: { preset: karoke } }',
      /style\.captions\.preset must be one of "clean", "karaoke", "pop", "boxed", but got "karoke"/,
    ],
    ['a caption size past its range', '{ captions: { fontSize: 500 } }', /style\.captions\.fontSize must be at most 160, but got 500/],
  ])('%s: exit 1, the script and the field named, no narration, no take', (_n, style, want) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-make-style-'));
    try {
      fs.writeFileSync(path.join(dir, 'bad.yaml'), `title: Bad style\nstyle: ${style}\nsteps:\n  - say: Never said.\n  - wait: 1s\n`);
      const r = spawnSync(process.execPath, [BIN, 'make', 'bad.yaml', '--out', 'out'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(want);
      expect(r.stderr).toMatch(/^error: bad\.yaml: /m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(path.join(dir, 'out', 'capture'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
