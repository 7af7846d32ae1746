/**
 * Fault injection with real renders: a capture dir made here (a 1920x1080 recording built with
 * ffmpeg, a crafted capture log), rendered small with render(), then reviewed from the files.
 * The faults: (a) the picture frozen for 6 s with nothing said, (b) a click under TikTok's right
 * rail, (c) a 3x zoom on 8 px text. Each is reported with its check, step and range; a clean
 * capture reports nothing above info. Then the CLI over a make-style folder.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureEvent, CaptureLog } from '../../src/capture-log';
import { main } from '../../src/cli/main';
import { render } from '../../src/render/render';
import { writeReview } from '../../src/review/review-video';
import type { ReviewReport } from '../../src/review/types';
import { cursorPath } from '../helpers/capture';
import { readPixels } from '../helpers/synthetic';

const SCALE = 0.25;
let root: string;

/** A recording: a still test pattern with a red square that moves, except from `stillFrom` to `stillTo` (s). */
const recording = (dir: string, seconds: number, stillFrom: number, stillTo: number): void => {
  const bg = path.join(dir, 'bg.png');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=1920x1080:r=1:d=1', '-frames:v', '1', bg]);
  const x = `if(lt(t,${stillFrom}),100+t*150,if(lt(t,${stillTo}),100+${stillFrom}*150,100+${stillFrom}*150+(t-${stillTo})*150))`;
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-loop',
    '1',
    '-framerate',
    '30',
    '-t',
    String(seconds),
    '-i',
    bg,
    '-f',
    'lavfi',
    '-i',
    `color=c=0xd03030:s=160x160:r=30:d=${seconds}`,
    '-filter_complex',
    `[0][1]overlay=x='${x}':y=700:shortest=1,format=yuv420p`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    '30',
    '-r',
    '30',
    '-t',
    String(seconds),
    path.join(dir, 'recording.mp4'),
  ]);
  fs.rmSync(bg);
};

const step = (id: string, action: string, tMs: number, endMs: number): CaptureEvent => ({
  type: 'step',
  id,
  action,
  tMs,
  endMs,
  source: `fault.yaml:${Number(id) + 3}:5`,
});

const captureDir = (name: string, seconds: number, still: [number, number], events: CaptureEvent[], style: Record<string, unknown> = {}): string => {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  recording(dir, seconds, ...still);
  const log: CaptureLog = {
    version: 1,
    recording: 'recording.mp4',
    screen: { width: 1920, height: 1080 },
    fps: 30,
    durationMs: seconds * 1000,
    pointer: 'recorded',
    style,
    events: [...events].sort((a, b) => a.tMs - b.tMs),
  };
  fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
  return dir;
};

let faulty: string;
let clean: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-review-'));
  faulty = captureDir(
    'faulty',
    13,
    [3, 9.5],
    [
      step('1', 'open_browser', 0, 2900),
      step('2', 'wait', 2900, 9600),
      step('3', 'click', 9600, 10600),
      ...cursorPath({ x: 1500, y: 700 }, { x: 1880, y: 1000 }, 9650, 9950),
      { type: 'click', tMs: 10000, x: 1880, y: 1000, button: 'left' },
      step('4', 'zoom', 10600, 13000),
      { type: 'target', tMs: 10700, x: 300, y: 300, width: 40, height: 8, source: 'text', label: 'text "tiny"' },
      { type: 'mark', kind: 'zoom', tMs: 11000, endMs: 12800, level: 3, x: 320, y: 304 },
      // (a) needs the frozen stretch kept as recorded: no automatic tightening.
    ],
    { edit: { idle: { enabled: false } } },
  );
  clean = captureDir(
    'clean',
    6,
    [99, 99],
    [
      step('1', 'click', 0, 2600),
      ...cursorPath({ x: 700, y: 500 }, { x: 960, y: 540 }, 1500, 1950),
      { type: 'click', tMs: 2000, x: 960, y: 540, button: 'left' },
      step('2', 'wait', 2600, 6000),
    ],
  );
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const near = (v: number, want: number, tol: number) => expect(Math.abs(v - want)).toBeLessThanOrEqual(tol);

describe('review of real renders', () => {
  let tiktok: ReviewReport;
  it('renders the faulty capture in 9:16 and finds the three faults at their steps', async () => {
    const out = path.join(root, 'out', 'tiktok.mp4');
    await render({ composition: 'TikTokSplit', captureDir: faulty, out, scale: SCALE });
    const written = await writeReview({ captureDir: faulty, video: out, format: 'tiktok' });
    tiktok = written.report;
    expect(written.json).toBe(path.join(root, 'out', 'tiktok.review.json'));
    expect(JSON.parse(fs.readFileSync(written.json, 'utf8'))).toEqual(tiktok);
    const by = (check: string, severity = 'warning') => tiktok.findings.filter((f) => f.check === check && f.severity === severity);
    // (a) frozen from 3 s until the camera moves towards the click (its zoom leads the click).
    const frozen = by('frozen');
    expect(frozen).toHaveLength(1);
    expect(frozen[0]).toMatchObject({ step: '2', source: 'fault.yaml:5:5' });
    near(frozen[0]!.fromMs, 3000, 250);
    expect(frozen[0]!.toMs).toBeGreaterThan(8800);
    expect(frozen[0]!.toMs).toBeLessThanOrEqual(9700);
    // (b) the click under TikTok's right rail.
    const hidden = by('focus-hidden');
    expect(hidden).toEqual([expect.objectContaining({ step: '3', source: 'fault.yaml:6:5', fromMs: 10000, toMs: 10600 })]);
    expect(hidden[0]!.message).toContain("TikTok's right rail");
    // (c) the 3x zoom on the 8 px text: past the recording's resolution.
    const zoom = by('zoom-past-resolution');
    expect(zoom).toEqual([expect.objectContaining({ step: '4', source: 'fault.yaml:7:5' })]);
    near(zoom[0]!.fromMs, 11000, 800);
    expect(Number(zoom[0]!.measured?.zoom)).toBeGreaterThan(2.8);
    // Nothing else above info.
    expect(
      tiktok.findings
        .filter((f) => f.severity !== 'info')
        .map((f) => f.check)
        .sort(),
    ).toEqual(['focus-hidden', 'frozen', 'zoom-past-resolution']);
    // The contact sheet: one tile per step, labelled, in a bounded PNG.
    expect(tiktok.contactSheet).toBe('tiktok.contact-sheet.png');
    const sheet = readPixels(path.join(root, 'out', 'tiktok.contact-sheet.png'));
    expect(sheet.width).toBeGreaterThan(4 * 60);
    expect(sheet.width).toBeLessThanOrEqual(8 * 330);
  }, 300_000);

  it('a clean capture rendered in landscape reports nothing above info', async () => {
    const out = path.join(root, 'clean-out', 'landscape.mp4');
    await render({ composition: 'Landscape', captureDir: clean, out, scale: SCALE });
    const { report } = await writeReview({ captureDir: clean, video: out, format: 'landscape' });
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(report.counts).toMatchObject({ error: 0, warning: 0 });
    // The same review from the CLI over a make output folder: DIR/capture/ and DIR/landscape.mp4.
    const make = path.join(root, 'make');
    fs.mkdirSync(make);
    fs.symlinkSync(clean, path.join(make, 'capture'));
    fs.copyFileSync(out, path.join(make, 'landscape.mp4'));
    expect(await main(['review', make, '--json'])).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(make, 'review.json'), 'utf8'));
    expect(summary).toMatchObject({
      version: 1,
      counts: { error: 0, warning: 0 },
      reports: [
        expect.objectContaining({ format: 'landscape', video: 'landscape.mp4', review: 'landscape.review.json', contactSheet: 'landscape.contact-sheet.png' }),
      ],
    });
    expect(fs.existsSync(path.join(make, 'landscape.contact-sheet.png'))).toBe(true);
  }, 300_000);

  it('the CLI: not a capture dir is exit 1 with one line; a capture dir alone is reviewed on its own clock', async () => {
    expect(await main(['review', path.join(root, 'out')])).toBe(1);
    expect(await main(['review', faulty])).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(faulty, 'review.json'), 'utf8')) as ReviewReport;
    expect(report).toMatchObject({ video: null, format: null, contactSheet: 'contact-sheet.png' });
    const frozen = report.findings.filter((f) => f.check === 'frozen');
    expect(frozen).toHaveLength(1);
    near(frozen[0]!.fromMs, 3000, 250);
    near(frozen[0]!.toMs, 9500, 250);
  }, 120_000);
});
