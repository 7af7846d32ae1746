/**
 * The executors log where the pointer IS (the desktop's answer), never where it was sent, and
 * refuse targets computed off the screen. A fake desktop that moves the pointer elsewhere than
 * asked (as a window that warps it, or pointer confinement, does) tells the two apart.
 */
import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../src/capture-log';
import type { DesktopDriver } from '../../src/capture/desktop/nut-driver';
import { executeStep, type CaptureContext } from '../../src/capture/executors';
import { ACTIONS, type ActionName } from '../../src/dsl/actions';
import { resolveOnScreen } from '../../src/targets/resolve';
import type { Target } from '../../src/targets/types';

const SCREEN = { width: 640, height: 360 };

/** A desktop whose pointer lands `drift` px away from where it is sent, and stays on the screen. */
const driftingDesktop = (drift: { x: number; y: number }) => {
  let at = { x: 10, y: 10 };
  const put = (p: { x: number; y: number }) => {
    at = { x: Math.min(SCREEN.width - 1, Math.max(0, p.x + drift.x)), y: Math.min(SCREEN.height - 1, Math.max(0, p.y + drift.y)) };
  };
  const driver: DesktopDriver = {
    position: async () => ({ ...at }),
    moveTo: async (to, opts = {}) => {
      put(to);
      opts.onSample?.({ ...at }, 1000);
    },
    click: async () => undefined,
    drag: async (to, opts = {}) => {
      put(to);
      opts.onSample?.({ ...at }, 1100);
    },
    scroll: async () => undefined,
    type: async () => undefined,
    press: async () => undefined,
  };
  return driver;
};

/** Runs one step as a take would: its args parsed by the action's schema (defaults filled in, durations in ms), as compileScript does. */
const run = async (
  action: ActionName,
  written: Record<string, unknown>,
  driver: DesktopDriver,
  found?: { x: number; y: number; width: number; height: number },
) => {
  const args = ACTIONS[action].schema.parse(written) as Record<string, unknown>;
  const events: CaptureEvent[] = [];
  const ctx = {
    driver,
    display: ':0',
    log: (e: CaptureEvent) => events.push(e),
    now: () => 1000,
    sleep: async () => undefined,
    // The real resolver, over a screen where the image is at `found`.
    resolve: (target: Target, what: string) =>
      resolveOnScreen(target, what, {
        grab: async () => ({ width: 1, height: 1, channels: 4, data: new Uint8Array(4) }),
        screen: SCREEN,
        findImage: async (image: string) => ({ matches: [{ box: found ?? { x: 0, y: 0, width: 10, height: 10 }, label: image, score: 1 }], best: null }),
        text: null,
        browser: null,
        now: () => 1000,
        sleep: async () => undefined,
        source: 'v.yaml:2:5',
        debugDir: null,
        missName: 's1',
      }),
    browser: null,
    sayDurationMs: () => 0,
    terminal: null,
    folder: (d: string) => d,
    screen: SCREEN,
    formats: ['landscape'],
    outputMark: 0,
    step: { id: '1', action, args, source: { file: 'v.yaml', line: 2, column: 5 }, stack: [] },
  } as unknown as CaptureContext;
  await executeStep(ctx.step, ctx);
  return events;
};

describe('pointer positions in the log are the real ones', () => {
  it.each([
    { action: 'click' as const, args: { x: 100, y: 100 } },
    { action: 'click' as const, args: { x: 639, y: 359 } },
    { action: 'drag' as const, args: { from: { x: 50, y: 50 }, to: { x: 300, y: 200 } } },
    { action: 'scroll' as const, args: { x: 200, y: 100, dy: 3 } },
  ])('$action at $args: logged where the pointer landed', async ({ action, args }) => {
    const driver = driftingDesktop({ x: -3, y: 2 });
    const events = await run(action, args, driver);
    const real = await driver.position();
    const pointer = events.filter((e) => e.type === 'click' || e.type === 'cursor' || e.type === 'scroll') as Array<{ x: number; y: number; type: string }>;
    expect(pointer.length).toBeGreaterThan(0);
    // Every logged position is one the pointer really had; none is the requested target.
    for (const e of pointer) expect(e.x === (args as { x?: number }).x && e.y === (args as { y?: number }).y).toBe(false);
    if (action !== 'drag') expect(pointer.at(-1)).toMatchObject({ x: real.x, y: real.y });
    else expect(pointer.find((e) => e.type === 'click')).toMatchObject({ x: 47, y: 52 });
  });
});

describe('targets computed at capture are checked against the screen', () => {
  it.each([
    {
      name: 'a relative move',
      action: 'move' as const,
      args: { by: { x: 5000, y: 0 } },
      want: 'move target (10, 10) + by (5000, 0) (5010, 10) is outside the 640x360 screen: a point must be within x 0 to 639, y 0 to 359',
    },
    {
      name: 'an image with an offset',
      action: 'click' as const,
      args: { image: 'b.png', offset: { x: 0, y: 400 } },
      want: 'click target (b.png offset by (0, 400)) (5, 405) is outside the 640x360 screen',
    },
    { name: 'a zoom point', action: 'zoom' as const, args: { level: 2, x: 700, y: 10 }, want: 'zoom target (700, 10) is outside the 640x360 screen' },
    {
      name: 'a callout on an image past the edge',
      action: 'callout' as const,
      args: { text: 'hi', image: 'b.png' },
      found: { x: 635, y: 0, width: 20, height: 10 },
      want: 'callout target (b.png) (645, 5) is outside',
    },
    { name: 'a drag end', action: 'drag' as const, args: { from: { x: 1, y: 1 }, to: { x: 1, y: 360 } }, want: 'drag end (to) (1, 360) is outside' },
  ])('$name', async ({ action, args, found, want }) => {
    const driver = driftingDesktop({ x: 0, y: 0 });
    await expect(run(action, args, driver, found)).rejects.toThrow(want);
    expect(await driver.position()).toEqual({ x: 10, y: 10 }); // nothing moved
  });
});

describe('resolved targets in the log', () => {
  const box = { x: 300, y: 100, width: 40, height: 20 };

  it('a click logs the target box just before the pointer moves, then the click inside it', async () => {
    const events = await run('click', { image: 'b.png' }, driftingDesktop({ x: 0, y: 0 }), box);
    expect(events.map((e) => e.type)).toEqual(['target', 'cursor', 'click']);
    expect(events[0]).toEqual({ type: 'target', tMs: 1000, x: 300, y: 100, width: 40, height: 20, source: 'image', label: 'b.png' });
    expect(events[2]).toMatchObject({ x: 320, y: 110 });
  });

  it('a drag logs each end before the pointer goes there', async () => {
    const events = await run('drag', { from: { x: 50, y: 50 }, to: { image: 'b.png' } }, driftingDesktop({ x: 0, y: 0 }), box);
    expect(events.map((e) => e.type)).toEqual(['target', 'cursor', 'click', 'target', 'cursor']);
    expect(events[0]).toMatchObject({ source: 'point', x: 34, y: 34, width: 32, height: 32 });
    expect(events[3]).toMatchObject({ source: 'image', ...box });
  });

  it.each([
    { action: 'zoom' as const, args: { level: 2, image: 'b.png' } },
    { action: 'callout' as const, args: { text: 'Here', at: { image: 'b.png' } } },
    { action: 'callout' as const, args: { text: 'Here', image: 'b.png' } },
  ])('a $action mark carries the point and the box: $args', async ({ action, args }) => {
    const events = await run(action, args, driftingDesktop({ x: 0, y: 0 }), box);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'mark', kind: action, x: 320, y: 110, width: 40, height: 20 });
  });

  it('a zoom with no target is where the pointer is, with no box', async () => {
    const [e] = await run('zoom', { level: 2 }, driftingDesktop({ x: 0, y: 0 }));
    expect(e).toMatchObject({ type: 'mark', kind: 'zoom', x: 10, y: 10 });
    expect(e).not.toHaveProperty('width');
  });

  it.each([
    { action: 'goto' as const, args: { url: 'http://localhost:3000/' } },
    { action: 'wait_for' as const, args: { url: '/done' } },
  ])('$action without a browser says to open one', async ({ action, args }) => {
    await expect(run(action, args, driftingDesktop({ x: 0, y: 0 }))).rejects.toThrow(`"${action}" needs a browser: open one first with open_browser`);
  });
});

describe('a mark at a literal point', () => {
  it('carries the point only: a point has no size', async () => {
    const [e] = await run('callout', { text: 'Here', x: 200, y: 100 }, driftingDesktop({ x: 0, y: 0 }));
    expect(e).toEqual({ type: 'mark', kind: 'callout', tMs: 1000, endMs: 4000, text: 'Here', x: 200, y: 100 });
  });
});

describe("the schema's defaults reach the executors (executors.ts sets none)", () => {
  it.each([
    { action: 'zoom' as const, args: { level: 2 }, event: { type: 'mark', kind: 'zoom', tMs: 1000, endMs: 3000, level: 2 } },
    { action: 'zoom' as const, args: { level: 2, hold: '500ms' }, event: { type: 'mark', kind: 'zoom', tMs: 1000, endMs: 1500, level: 2 } },
    { action: 'callout' as const, args: { text: 'Hi', x: 5, y: 5 }, event: { type: 'mark', kind: 'callout', tMs: 1000, endMs: 4000 } },
    { action: 'click' as const, args: { x: 5, y: 5 }, event: { type: 'click', button: 'left' } },
    { action: 'scroll' as const, args: { dy: 2 }, event: { type: 'scroll', dx: 0, dy: 2 } },
    { action: 'press' as const, args: { key: 'Tab' }, event: { type: 'key', key: 'Tab' } },
  ])('$action $args', async ({ action, args, event }) => {
    const events = await run(action, args, driftingDesktop({ x: 0, y: 0 }));
    expect(events.at(-1)).toMatchObject(event);
    if (action === 'press') expect(events).toHaveLength(1); // repeat: 1
  });

  it('type types at 70 wpm unless told', async () => {
    const wpms: Array<number | undefined> = [];
    const driver = { ...driftingDesktop({ x: 0, y: 0 }), type: async (_: string, o: { wpm?: number } = {}) => void wpms.push(o.wpm) };
    await run('type', { text: 'hi' }, driver);
    await run('type', { text: 'hi', wpm: 200 }, driver);
    expect(wpms).toEqual([70, 200]);
  });
});
