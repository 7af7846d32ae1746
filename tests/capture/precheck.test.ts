import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planImages, precheckCapture } from '../../src/capture/precheck';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { compileScript } from '../../src/dsl';
import { DESKTOP, skipWithout } from '../helpers/requires';

const skip = skipWithout('precheckCapture on Xvfb', DESKTOP);

const ROOT = path.join(__dirname, '..', '..');
const compile = (text: string) => {
  const r = compileScript({ entry: 'examples/check.yaml', files: { 'examples/check.yaml': text }, root: '' });
  if (!r.plan) throw new Error(JSON.stringify(r.errors));
  return r.plan;
};

describe.skipIf(skip)('precheckCapture', () => {
  let desktop: VirtualDesktop;
  let tmp: string;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 320, height: 240, windowManager: false });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-precheck-'));
  });
  afterAll(async () => {
    await desktop?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('finds every image a plan uses, nested targets and marks included', () => {
    const plan = compile(
      'steps:\n  - click: assets/a.png\n  - drag: { from: { x: 1, y: 2 }, to: { image: assets/b.png } }\n  - blur: { image: assets/c.png, steps: [ { press: Tab } ] }\n',
    );
    expect(planImages(plan).map((i) => [i.image, i.source])).toEqual([
      ['examples/assets/a.png', 'examples/check.yaml:2:5'],
      ['examples/assets/b.png', 'examples/check.yaml:3:5'],
      ['examples/assets/c.png', 'examples/check.yaml:4:5'],
    ]);
  });

  it('passes a plan whose images exist on an answering display', () => {
    const plan = compile('steps:\n  - click: assets/open-site-button.png\n  - wait_for_image: assets/deployments-tab.png\n');
    expect(precheckCapture({ plan, rootDir: ROOT, display: desktop.display })).toEqual([]);
  });

  it('reports every problem with the step that causes it', () => {
    fs.writeFileSync(path.join(tmp, 'not-a-picture.png'), 'hello');
    fs.mkdirSync(path.join(tmp, 'examples'), { recursive: true });
    fs.copyFileSync(path.join(tmp, 'not-a-picture.png'), path.join(tmp, 'examples', 'broken.png'));
    const plan = compile('steps:\n  - click: assets/missing.png\n  - click: broken.png\n');
    const problems = precheckCapture({ plan, rootDir: tmp, display: ':4242' });
    expect(problems).toEqual([
      { source: 'examples/check.yaml:2:5', message: 'image: expected the file "examples/assets/missing.png" to exist, but it does not' },
      { source: 'examples/check.yaml:3:5', message: 'expected examples/broken.png to be a picture (PNG or JPEG), but it could not be read' },
      { source: 'capture', message: 'expected the X display :4242 to answer, but it does not' },
    ]);
  });

  it('refuses a template with nothing opaque to look for (transparent pixels are ignored), and passes one with a transparent margin', () => {
    const dir = path.join(tmp, 'alpha', 'examples');
    fs.mkdirSync(dir, { recursive: true });
    const png = (name: string, filter: string) =>
      execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=40x20', '-vf', filter, '-frames:v', '1', path.join(dir, name)]);
    png('blank.png', 'format=rgba,geq=r=0:g=0:b=0:a=0');
    png('faint.png', 'format=rgba,geq=r=255:g=0:b=0:a=100'); // alpha 100: below the 128 threshold
    png('margin.png', "format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='if(between(X,5,34)*between(Y,5,14),255,0)'");
    const plan = compile('steps:\n  - click: blank.png\n  - wait_for_image: faint.png\n  - click: margin.png\n');
    expect(precheckCapture({ plan, rootDir: path.join(tmp, 'alpha'), display: desktop.display })).toEqual([
      {
        source: 'examples/check.yaml:2:5',
        message:
          'expected examples/blank.png to show something to look for, but every pixel of its 40x20 is transparent (alpha below 128 of 255), so there is nothing to look for',
      },
      {
        source: 'examples/check.yaml:3:5',
        message:
          'expected examples/faint.png to show something to look for, but every pixel of its 40x20 is transparent (alpha below 128 of 255), so there is nothing to look for',
      },
    ]);
  });

  it('refuses a template larger than the screen at its own scale, a Caps Lock left on, and a nonsense @Nx name', () => {
    const dir = path.join(tmp, 'sizes', 'examples');
    fs.mkdirSync(dir, { recursive: true });
    const png = (name: string, size: string) =>
      execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc=s=${size}`, '-frames:v', '1', path.join(dir, name)]);
    png('huge.png', '400x100'); // wider than the 320x240 screen
    png('huge@2x.png', '400x100'); // 200x50 on screen: fits
    png('wide@1.5x.png', '600x100'); // 400x67 on screen: does not
    for (const n of ['b@0x.png', 'b@999x.png', 'b@bigx.png']) png(n, '40x20');
    const plan = compile(
      'steps:\n  - click: huge.png\n  - click: huge@2x.png\n  - click: wide@1.5x.png\n  - click: b@0x.png\n  - click: b@999x.png\n  - click: b@bigx.png\n  - type: Hello\n',
    );
    execFileSync('xdotool', ['key', 'Caps_Lock'], { env: { ...process.env, DISPLAY: desktop.display } });
    try {
      expect(precheckCapture({ plan, rootDir: path.join(tmp, 'sizes'), display: desktop.display })).toEqual([
        {
          source: 'examples/check.yaml:2:5',
          message: 'expected examples/huge.png to fit on the 320x240 screen, but it is 400x100 (cut from a HiDPI screen? name it like button@2x.png)',
        },
        {
          source: 'examples/check.yaml:4:5',
          message: 'expected examples/wide@1.5x.png to fit on the 320x240 screen, but it is 600x100 at 1.5x, 400x67 on screen',
        },
        {
          source: 'examples/check.yaml:5:5',
          message: 'expected examples/b@0x.png to be a template, but the "@0x" in its name must declare a display scale from 0.25 to 8 (like @2x or @1.5x)',
        },
        {
          source: 'examples/check.yaml:6:5',
          message: 'expected examples/b@999x.png to be a template, but the "@999x" in its name must declare a display scale from 0.25 to 8 (like @2x or @1.5x)',
        },
        {
          source: 'examples/check.yaml:7:5',
          message: 'expected examples/b@bigx.png to be a template, but the "@bigx" in its name must declare a display scale from 0.25 to 8 (like @2x or @1.5x)',
        },
        {
          source: 'examples/check.yaml:8:5',
          message: `type expects Caps Lock off on ${desktop.display}, but it is on: every letter would arrive in the other case (turn it off, e.g. xdotool key Caps_Lock)`,
        },
      ]);
    } finally {
      execFileSync('xdotool', ['key', 'Caps_Lock'], { env: { ...process.env, DISPLAY: desktop.display } });
    }
  });

  it('refuses open_browser without a browser to run, before recording (REMOTION_BROWSER_EXECUTABLE naming no file), and passes it with one', () => {
    const proj = path.join(tmp, 'browser');
    fs.mkdirSync(path.join(proj, 'examples'), { recursive: true });
    fs.writeFileSync(path.join(proj, 'examples', 'page.html'), '<p>hi</p>');
    const plan = compile('steps:\n  - wait: 1s\n  - open_browser: { url: page.html }\n');
    const nowhere = path.join(tmp, 'no-such-chrome');
    expect(precheckCapture({ plan, rootDir: proj, display: desktop.display, env: { ...process.env, REMOTION_BROWSER_EXECUTABLE: nowhere } })).toEqual([
      {
        source: 'examples/check.yaml:3:5',
        message: `open_browser needs Chromium or Google Chrome: REMOTION_BROWSER_EXECUTABLE is set to "${nowhere}", but that is not an executable file`,
      },
    ]);
    // A headless shell shows no window: it is passed over for the system browser.
    const env = { ...process.env, REMOTION_BROWSER_EXECUTABLE: path.join(tmp, 'chrome-headless-shell') };
    const system = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium'].some(
      (f) => fs.existsSync(f),
    );
    expect(precheckCapture({ plan, rootDir: proj, display: desktop.display, env })).toEqual(
      system
        ? []
        : [{ source: 'examples/check.yaml:3:5', message: 'open_browser needs Chromium or Google Chrome, and neither is installed (apt-get install chromium)' }],
    );
  });

  it('checks every path the plan names with the one rule again (a link swapped in after validate), never reading an outside file', () => {
    const proj = path.join(tmp, 'linked');
    fs.mkdirSync(path.join(proj, 'examples'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP-SECRET\n');
    for (const f of ['out.png', 'clip.mp4', 'bg.png']) fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(proj, 'examples', f));
    fs.symlinkSync(tmp, path.join(proj, 'examples', 'up'));
    const plan = compile(
      'avatar: { image: out.png, video: clip.mp4 }\nstyle: { background: { type: image, src: bg.png } }\nsteps:\n  - click: up/secret.txt\n  - open_terminal: { cwd: up }\n',
    );
    const problems = precheckCapture({ plan, rootDir: proj, display: desktop.display });
    const leaves = (p: string) => `must be a path inside the project folder, relative to this file, but "${p}" leaves it (through a symbolic link)`;
    expect(problems).toEqual([
      { source: 'examples/check.yaml:4:5', message: `image: ${leaves('examples/up/secret.txt')}` },
      { source: 'examples/check.yaml:5:5', message: `cwd: ${leaves('examples/up')}` },
      { source: 'examples/check.yaml: avatar.image', message: leaves('examples/out.png') },
      { source: 'examples/check.yaml: avatar.video', message: leaves('examples/clip.mp4') },
      { source: 'examples/check.yaml: style.background.src', message: leaves('examples/bg.png') },
    ]);
  });
});
