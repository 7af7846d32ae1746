/**
 * Runs in its own process (libnut keeps its X connection until the process exits, and dies if
 * the display goes first): performs what argv asks with the real nut.js driver, prints JSON.
 *   driver-probe.ts type TEXT       types TEXT, then Enter and Ctrl+D
 *   driver-probe.ts press CHORD…    presses each chord once, 300 ms apart
 *   driver-probe.ts move X Y        moves there along a human path, prints the samples
 *   driver-probe.ts find PNG        finds the picture on screen with nut.js + the OpenCV finder
 *   driver-probe.ts sample MS       samples the pointer for MS ms (someone else moves it)
 */
import path from 'node:path';
import { createNutDriver } from '../../src/capture/desktop/nut-driver';
import { registerOpenCvFinder } from '../../src/capture/image-search/nut-finder';
import { startCursorSampler } from '../../src/capture/cursor-sampler';

const main = async () => {
  const [cmd, a, b] = process.argv.slice(2);
  if (cmd === 'find') {
    await registerOpenCvFinder();
    const { screen, imageResource } = await import('@nut-tree-fork/nut-js');
    // imageResource() resolves names against the resource directory.
    screen.config.resourceDirectory = path.dirname(path.resolve(a as string));
    const region = await screen.find(imageResource(path.basename(a as string)), { confidence: 0.9 });
    console.log(JSON.stringify({ left: region.left, top: region.top, width: region.width, height: region.height }));
    return;
  }
  const driver = await createNutDriver();
  if (cmd === 'sample') {
    const samples: Array<{ x: number; y: number; t: number }> = [];
    const sampler = startCursorSampler(driver.position, (p, t) => samples.push({ ...p, t }));
    console.log('sampling'); // the test moves the pointer once this line arrives
    const t0 = Date.now();
    let polls = 0;
    while (Date.now() - t0 < Number(a)) {
      await new Promise((r) => setTimeout(r, 50));
      polls++;
    }
    await sampler.stop();
    console.log(JSON.stringify({ samples, polls }));
    return;
  }
  if (cmd === 'type') {
    const keys: string[] = [];
    await driver.type(a as string, { wpm: 400, onKey: (ch) => keys.push(ch) });
    await driver.press('Enter');
    await driver.press('Ctrl+D');
    console.log(JSON.stringify({ typed: keys.join('') }));
  } else if (cmd === 'press') {
    for (const chord of process.argv.slice(3)) {
      await driver.press(chord);
      await new Promise((r) => setTimeout(r, 300));
    }
    console.log(JSON.stringify({ pressed: process.argv.slice(3) }));
  } else if (cmd === 'move') {
    const samples: Array<{ x: number; y: number }> = [];
    await driver.moveTo({ x: Number(a), y: Number(b) }, { onSample: (p) => samples.push(p) });
    console.log(JSON.stringify({ samples, end: await driver.position() }));
  }
};
main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
