/**
 * The real desktop driver (nut.js) in its own process, driven line by line over stdin: libnut
 * keeps its X connection until its process exits and takes that process down if the display
 * goes first, so a test that stops its Xvfb keeps the driver out of the test's own process.
 *   in:  {"id":1,"op":"move","x":10,"y":20} | {"op":"click"} | {"op":"scroll","dx":0,"dy":3} | {"op":"position"}
 *   out: {"id":1,"ok":true,"position":{"x":10,"y":20}} or {"id":1,"ok":false,"error":"…"}
 * Prints "ready" once the driver is loaded.
 */
import readline from 'node:readline';
import { createNutDriver } from '../../src/capture/desktop/nut-driver';

const main = async () => {
  const driver = await createNutDriver();
  console.log('ready');
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    const m = JSON.parse(line) as { id: number; op: string; x?: number; y?: number; dx?: number; dy?: number };
    try {
      if (m.op === 'move') await driver.moveTo({ x: m.x as number, y: m.y as number }, { durationMs: 250 });
      else if (m.op === 'click') await driver.click();
      else if (m.op === 'scroll') await driver.scroll(m.dx ?? 0, m.dy ?? 0);
      else if (m.op !== 'position') throw new Error(`unknown op ${m.op}`);
      console.log(JSON.stringify({ id: m.id, ok: true, position: await driver.position() }));
    } catch (err) {
      console.log(JSON.stringify({ id: m.id, ok: false, error: (err as Error).message }));
    }
  }
  process.exit(0);
};
main().catch((err) => {
  console.error(err);
  process.exit(2);
});
