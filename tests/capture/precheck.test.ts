import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planImages, precheckCapture } from '../../src/capture/precheck';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/capture/xvfb';
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
    const plan = compile('steps:\n  - click: assets/a.png\n  - drag: { from: { x: 1, y: 2 }, to: { image: assets/b.png } }\n  - blur: { image: assets/c.png, steps: [ { press: Tab } ] }\n');
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
    const png = (name: string, filter: string) => execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=40x20', '-vf', filter, '-frames:v', '1', path.join(dir, name)]);
    png('blank.png', 'format=rgba,geq=r=0:g=0:b=0:a=0');
    png('faint.png', 'format=rgba,geq=r=255:g=0:b=0:a=100'); // alpha 100: below the 128 threshold
    png('margin.png', "format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='if(between(X,5,34)*between(Y,5,14),255,0)'");
    const plan = compile('steps:\n  - click: blank.png\n  - wait_for_image: faint.png\n  - click: margin.png\n');
    expect(precheckCapture({ plan, rootDir: path.join(tmp, 'alpha'), display: desktop.display })).toEqual([
      { source: 'examples/check.yaml:2:5', message: 'expected examples/blank.png to show something to look for, but every pixel of its 40x20 is transparent (alpha below 128 of 255), so there is nothing to look for' },
      { source: 'examples/check.yaml:3:5', message: 'expected examples/faint.png to show something to look for, but every pixel of its 40x20 is transparent (alpha below 128 of 255), so there is nothing to look for' },
    ]);
  });

  it('checks every path the plan names with the one rule again (a link swapped in after validate), never reading an outside file', () => {
    const proj = path.join(tmp, 'linked');
    fs.mkdirSync(path.join(proj, 'examples'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP-SECRET\n');
    for (const f of ['out.png', 'clip.mp4', 'bg.png']) fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(proj, 'examples', f));
    fs.symlinkSync(tmp, path.join(proj, 'examples', 'up'));
    const plan = compile('avatar: { image: out.png, video: clip.mp4 }\nstyle: { background: { type: image, src: bg.png } }\nsteps:\n  - click: up/secret.txt\n  - open_terminal: { cwd: up }\n');
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
