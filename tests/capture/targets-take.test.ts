/**
 * Targets through the whole `screenplay capture` path (issue 17), on a real desktop (Xvfb +
 * openbox) with the system Chromium and the real OCR: a page is opened with open_browser and
 * clicked by role and name, by words read on screen, by selector, by label (then typed into)
 * and by test id below the fold (brought into view by real wheel notches); the take waits for
 * text the page shows only once every click landed and for an element that appears only once
 * the typing did, and zooms on words. The capture dir is then read back: each click has its
 * target box logged just before it and lands inside it. Misses end the take with one line
 * naming the step's source and what was seen instead, and the capture dir is kept.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLogText, type CaptureEvent, type CaptureLog } from '../../src/capture-log';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { findBrowser } from '../../src/render/browser';
import { TERMINAL, skipWithout } from '../helpers/requires';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'screenplay.mjs');
const hasBrowser = process.platform === 'linux' && findBrowser(ROOT) !== null;
const skip = skipWithout('targets in a take on Xvfb', TERMINAL, ['xprop', 'ffmpeg']) || !hasBrowser;

/**
 * The page: four buttons in distinct colours, each counted once when clicked ("Clicked N", big
 * and fixed at the top so it stays in view after the page scrolls), a labelled input, a button
 * far below the fold, and #done, which exists only when all four buttons were clicked and the
 * input holds what the take types.
 */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Targets take</title>
<style>
  html, body { margin: 0; background: #ffffff; font: 24px sans-serif; }
  body { height: 2400px; position: relative; }
  button { position: absolute; border: 0; border-radius: 0; font: bold 28px sans-serif; }
  #deploy { left: 40px; top: 30px; width: 220px; height: 64px; background: #d02020; color: #fff; }
  #add { left: 40px; top: 130px; width: 260px; height: 64px; background: #ffd84a; color: #000; }
  #go { left: 40px; top: 230px; width: 160px; height: 64px; background: #20c040; color: #000; }
  #save { left: 80px; top: 1800px; width: 200px; height: 64px; background: #d020d0; color: #fff; }
  .gone { display: none; }
  .field { position: absolute; left: 40px; top: 340px; }
  input { font: 24px sans-serif; width: 300px; }
  #count { position: fixed; left: 520px; top: 30px; font: bold 44px sans-serif; color: #000; }
  #done { position: fixed; left: 520px; top: 120px; width: 80px; height: 40px; background: #000; }
</style></head>
<body>
  <button id="deploy" type="button">Deploy</button>
  <button id="add" type="button">Add domain</button>
  <button id="go" type="button">Go</button>
  <button class="gone" type="button">Hidden one</button>
  <div class="field"><label for="domain">Domain name</label> <input id="domain" type="text" value=""></div>
  <div id="count">Clicked 0</div>
  <button id="save" type="button" data-testid="far-below">Save</button>
  <script>
    const clicked = new Set();
    for (const b of document.querySelectorAll('button')) {
      b.addEventListener('click', () => {
        clicked.add(b.id);
        document.getElementById('count').textContent = 'Clicked ' + clicked.size;
        if (clicked.size === 4 && document.getElementById('domain').value === 'demo.example' && !document.getElementById('done')) {
          const d = document.createElement('div');
          d.id = 'done';
          document.body.appendChild(d);
        }
      });
    }
  </script>
</body></html>
`;

const OPEN = '  - open_browser: { url: page.html, x: 40, y: 40, width: 1000, height: 640 }';
const TAKE = `title: Targets take
steps:
${OPEN}
  - click: { role: button, name: Deploy }
  - click: { text: Add domain }
  - click: { selector: "#go" }
  - click: { label: Domain name }
  - type: demo.example
  - click: { testId: far-below }
  - wait_for: { text: Clicked 4, timeout: 15s }
  - wait_for: { selector: "#done", timeout: 5s }
  - zoom: { text: Clicked 4, hold: 1s }
`;

type Run = { code: number | null; stderr: string; out: string; ms: number };

const inBox = (p: { x: number; y: number }, b: { x: number; y: number; width: number; height: number }) =>
  p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;

const readLog = (out: string): CaptureLog => {
  const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.log;
};

/** The line capture printed for its error (after "error: "), and how many lines of error text there were. */
const errorOf = (stderr: string) => {
  const i = stderr.indexOf('\nerror: ');
  const rest = i < 0 ? '' : stderr.slice(i + '\nerror: '.length).trimEnd();
  return { line: rest.split('\n')[0] ?? '', lines: rest ? rest.split('\n').length : 0 };
};

describe.skipIf(skip)('targets in a take (screenplay capture)', () => {
  let desktop: VirtualDesktop;
  let dir: string;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 1280, height: 720 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-targets-take-'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "targets-take", "private": true }\n');
    fs.writeFileSync(path.join(dir, 'page.html'), PAGE);
  });
  afterAll(async () => {
    await desktop?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // capture runs in its own process (libnut keeps its X connection until the process exits).
  const capture = (name: string, script: string): Run => {
    fs.writeFileSync(path.join(dir, `${name}.yaml`), script);
    const out = path.join(dir, `out-${name}`);
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [BIN, 'capture', path.join(dir, `${name}.yaml`), '--out', out, '--countdown', '0s', '--display', desktop.display], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 170_000,
    });
    return { code: r.status, stderr: r.stderr, out, ms: Date.now() - t0 };
  };

  it('clicks by role, text, selector, label and test id, waits for what the clicks made, and zooms on words', { timeout: 200_000 }, () => {
    const r = capture('take', TAKE);
    console.log(`targets take: ${(r.ms / 1000).toFixed(1)} s`);
    expect(r.stderr).toMatch(/step 10\/10 10 zoom \(take\.yaml:12:5\)/);
    expect(r.code, r.stderr).toBe(0);
    const log = readLog(r.out);
    expect(log.complete).toBeUndefined();
    const of = <T extends CaptureEvent['type']>(t: T) => log.events.filter((e): e is Extract<CaptureEvent, { type: T }> => e.type === t);
    const steps = of('step');
    expect(steps.map((s) => s.action)).toEqual(['open_browser', 'click', 'click', 'click', 'click', 'type', 'click', 'wait_for', 'wait_for', 'zoom']);

    // Each click step: one target logged, then one click inside its box.
    const clickSteps = steps.filter((s) => s.action === 'click');
    const seen = clickSteps.map((s) => {
      const during = <T extends { tMs: number }>(es: T[]) => es.filter((e) => e.tMs >= s.tMs && e.tMs <= s.endMs);
      const targets = during(of('target'));
      const clicks = during(of('click'));
      expect(targets, `step ${s.id}`).toHaveLength(1);
      expect(clicks, `step ${s.id}`).toHaveLength(1);
      const [t, c] = [targets[0]!, clicks[0]!];
      expect(t.tMs).toBeLessThanOrEqual(c.tMs);
      expect(inBox(c, t), `click (${c.x}, ${c.y}) in ${JSON.stringify(t)}`).toBe(true);
      // Every box lies in the page area open_browser placed (x 40..1040, y 40..680).
      expect(t.x).toBeGreaterThanOrEqual(40);
      expect(t.y).toBeGreaterThanOrEqual(40);
      expect(t.x + t.width).toBeLessThanOrEqual(1040);
      expect(t.y + t.height).toBeLessThanOrEqual(680);
      return { source: t.source, label: t.label, width: t.width, height: t.height, step: s };
    });
    expect(seen.map((t) => t.source)).toEqual(['dom', 'text', 'dom', 'dom', 'dom']);
    expect(seen[0]!.label).toMatch(/Deploy/);
    expect(seen[1]!.label).toMatch(/Add domain/i);
    // DOM boxes are the elements' own sizes (CSS px at scale 1); OCR's box is the words', inside the button.
    expect(seen[0]).toMatchObject({ width: 220, height: 64 });
    expect(seen[2]).toMatchObject({ width: 160, height: 64 });
    expect(seen[4]).toMatchObject({ width: 200, height: 64 });
    expect(seen[1]!.width).toBeLessThan(260);
    expect(seen[1]!.height).toBeLessThan(64);

    // The button below the fold came into view by real wheel turns during its click step.
    const far = seen[4]!.step;
    const wheel = of('scroll').filter((e) => e.tMs >= far.tMs && e.tMs <= far.endMs);
    expect(wheel.length).toBeGreaterThan(0);
    expect(wheel.every((e) => e.dy > 0)).toBe(true);
    expect(of('scroll').filter((e) => e.tMs < far.tMs)).toEqual([]);

    expect(of('type').map((t) => 'text' in t && t.text)).toEqual(['demo.example']);
    // The page showed "Clicked 4" and #done only after all four buttons were hit and the typing
    // reached the input: both waits ended before their timeouts.
    const waits = steps.filter((s) => s.action === 'wait_for');
    expect(waits[0]!.endMs - waits[0]!.tMs).toBeLessThan(15_000);
    expect(waits[1]!.endMs - waits[1]!.tMs).toBeLessThan(5_000);

    // The zoom is on the counter's words: centred on their box, with its size, and no fixed level.
    const zoom = of('mark').find((m) => m.kind === 'zoom') as Extract<CaptureEvent, { type: 'mark' }> & {
      x: number;
      y: number;
      width?: number;
      height?: number;
      level?: number;
    };
    expect(zoom).toBeDefined();
    expect(zoom.width).toBeGreaterThan(100);
    expect(zoom.height).toBeGreaterThan(20);
    expect(zoom.level).toBeUndefined();
    // "Clicked 4" is fixed at CSS (520, 30) in a page area at screen (40, 40).
    expect(inBox({ x: zoom.x, y: zoom.y }, { x: 560, y: 70, width: 260, height: 60 })).toBe(true);
    expect(zoom.endMs! - zoom.tMs).toBe(1000);
    expect(fs.existsSync(path.join(r.out, 'recording.mp4'))).toBe(true);
  });

  it('a text miss ends the take with one line: the source, the closest texts seen, the saved screen; the capture dir is kept', { timeout: 120_000 }, () => {
    const r = capture('miss-text', `title: Miss\nsteps:\n${OPEN}\n  - click: { text: Add domian, timeout: 2s }\n`);
    expect(r.code, r.stderr).toBe(2);
    const { line, lines } = errorOf(r.stderr);
    expect(lines, r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(line).toMatch(/^miss-text\.yaml:4:5: no text "Add domian" on screen after 2\.0 s; closest texts seen: /);
    expect(line).toMatch(/"Add domain" at \(\d+, \d+, \d+x\d+\)/);
    const saved = /the screen is saved as (\S+\.png)$/.exec(line)?.[1];
    expect(saved, line).toBeDefined();
    expect(path.dirname(saved!)).toBe(r.out);
    expect(path.basename(saved!)).toMatch(/^miss-.+\.png$/);
    expect(fs.statSync(saved!).size).toBeGreaterThan(1000);
    const log = readLog(r.out);
    expect(log.complete).toBe(false);
    expect(fs.existsSync(path.join(r.out, log.recording ?? 'recording.mp4'))).toBe(true);
  });

  it("a role miss lists the page's buttons; a selector matching only hidden elements says so", { timeout: 200_000 }, () => {
    const role = capture('miss-role', `title: Miss\nsteps:\n${OPEN}\n  - click: { role: button, name: Publish, timeout: 2s }\n`);
    expect(role.code, role.stderr).toBe(2);
    const a = errorOf(role.stderr);
    expect(a.lines, role.stderr).toBe(1);
    expect(a.line).toMatch(/^miss-role\.yaml:4:5: .*Publish.* matched nothing after 2\.0 s; buttons on the page: /);
    for (const name of ['Deploy', 'Add domain', 'Go', 'Save']) expect(a.line).toContain(name);
    expect(a.line).not.toContain('Hidden one');
    expect(readLog(role.out).complete).toBe(false);

    const hidden = capture('miss-hidden', `title: Miss\nsteps:\n${OPEN}\n  - click: { selector: .gone, timeout: 2s }\n`);
    expect(hidden.code, hidden.stderr).toBe(2);
    const b = errorOf(hidden.stderr);
    expect(b.lines, hidden.stderr).toBe(1);
    expect(b.line).toMatch(/^miss-hidden\.yaml:4:5: .*\.gone.* matched 1 element, hidden \(display:none or zero size\) after 2\.0 s/);
    expect(readLog(hidden.out).complete).toBe(false);
  });
});
