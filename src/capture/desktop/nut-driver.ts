/**
 * The desktop driver: the pointer through @nut-tree-fork/nut-js (moves along human paths,
 * reporting every sample, clicks, drags, scrolls); the keyboard on Linux (X11) through
 * keyboard-x11.ts (by keysym for the active layout, any Unicode text, in child processes so an
 * X error cannot end screenplay), elsewhere through nut.js (printable ASCII as Shift + base key
 * on a US layout; any other character with nut.js's `type`, which macOS and Windows deliver
 * as Unicode input, not as keys). libnut opens the display named by $DISPLAY when first used.
 */
import { humanPath, chordKeys, keyForChar, typingDelays, type PathSample, type Point } from './human-input';
import { createX11Keyboard } from './keyboard-x11';

type Nut = typeof import('@nut-tree-fork/nut-js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Button = 'left' | 'right' | 'middle';

export type DesktopDriver = {
  position: () => Promise<Point>;
  /** Moves along a human path; `onSample` gets where the pointer is after each step, read back from the desktop (screen px, wall-clock ms). */
  moveTo: (to: Point, opts?: { durationMs?: number; speed?: number; onSample?: (p: Point, wallMs: number) => void; seed?: number }) => Promise<void>;
  click: (opts?: { button?: Button; double?: boolean }) => Promise<void>;
  drag: (to: Point, opts?: { durationMs?: number; button?: Button; onSample?: (p: Point, wallMs: number) => void }) => Promise<void>;
  scroll: (dx: number, dy: number) => Promise<void>;
  /**
   * Types text at a cadence (`wpm`, words of 5 characters a minute); `onKey` gets each
   * character as it is typed. `secret`: errors name no character.
   */
  type: (text: string, opts?: { wpm?: number; seed?: number; secret?: boolean; onKey?: (ch: string, wallMs: number) => void }) => Promise<void>;
  press: (chord: string, repeat?: number) => Promise<void>;
};

const now = () => performance.timeOrigin + performance.now();

export const createNutDriver = async (): Promise<DesktopDriver> => {
  const nut: Nut = await import('@nut-tree-fork/nut-js');
  const { mouse, keyboard, Key, Button: NutButton, Point: NutPoint } = nut;
  mouse.config.autoDelayMs = 0;
  mouse.config.mouseSpeed = 100_000;
  keyboard.config.autoDelayMs = 0;
  const key = (name: string) => {
    const k = (Key as unknown as Record<string, number>)[name];
    if (k === undefined) throw new Error(`no key named "${name}" on this keyboard driver`);
    return k as unknown as import('@nut-tree-fork/nut-js').Key;
  };
  /**
   * Presses keys in order and releases them in reverse, one key per call. (Passing several keys
   * to one pressKey/releaseKey leaves the last key held in X when a modifier came with it, and
   * the next plain press of that key is lost.)
   */
  const strike = async (names: string[]) => {
    for (const n of names) await keyboard.pressKey(key(n));
    for (const n of [...names].reverse()) await keyboard.releaseKey(key(n));
  };
  // On X11 the keyboard is xdotool's: nut.js would send keycode 0 for a keysym the layout lacks (an X error that exits the process).
  const x11 = process.platform === 'linux' ? createX11Keyboard(process.env.DISPLAY ?? ':0') : null;
  const button = (b: Button = 'left') => (b === 'right' ? NutButton.RIGHT : b === 'middle' ? NutButton.MIDDLE : NutButton.LEFT);

  const follow = async (path: PathSample[], onSample?: (p: Point, wallMs: number) => void) => {
    const t0 = now();
    for (const s of path) {
      const wait = t0 + s.tMs - now();
      if (wait > 1) await sleep(wait);
      await mouse.setPosition(new NutPoint(s.x, s.y));
      // Where the pointer is, read back: the X server clamps it to the screen (a window may warp
      // it), so the position asked for is not logged as if it were the real one.
      if (onSample) {
        const p = await mouse.getPosition();
        onSample({ x: p.x, y: p.y }, now());
      }
    }
  };

  const driver: DesktopDriver = {
    position: async () => {
      const p = await mouse.getPosition();
      return { x: p.x, y: p.y };
    },
    moveTo: async (to, opts = {}) => {
      const from = await driver.position();
      await follow(humanPath(from, to, opts), opts.onSample);
    },
    click: async (opts = {}) => {
      if (opts.double) await mouse.doubleClick(button(opts.button));
      else await mouse.click(button(opts.button));
    },
    drag: async (to, opts = {}) => {
      await mouse.pressButton(button(opts.button));
      try {
        const from = await driver.position();
        await follow(humanPath(from, to, { durationMs: opts.durationMs }), opts.onSample);
      } finally {
        await mouse.releaseButton(button(opts.button));
      }
    },
    scroll: async (dx, dy) => {
      if (dy > 0) await mouse.scrollDown(dy);
      if (dy < 0) await mouse.scrollUp(-dy);
      if (dx > 0) await mouse.scrollRight(dx);
      if (dx < 0) await mouse.scrollLeft(-dx);
    },
    type: async (text, opts = {}) => {
      const delays = typingDelays(text, opts.wpm, opts.seed);
      if (x11) return x11.type(text, delays, { secret: opts.secret, onKey: opts.onKey });
      const chars = [...text];
      for (let i = 0; i < chars.length; i++) {
        const ch = chars[i] as string;
        const stroke = keyForChar(ch);
        if (stroke) await strike(stroke.shift ? ['LeftShift', stroke.key] : [stroke.key]);
        else await keyboard.type(ch); // macOS, Windows: Unicode input for a character with no US key
        opts.onKey?.(ch, now());
        if (i < chars.length - 1) await sleep(delays[i] as number);
      }
    },
    press: async (chord, repeat = 1) => {
      // macOS, Windows: one character with no US key arrives as Unicode input, as typed.
      const unicode = !x11 && [...chord].length === 1 && !keyForChar(chord);
      const keys = x11 || unicode ? [] : chordKeys(chord);
      for (let i = 0; i < repeat; i++) {
        if (x11) await x11.press(chord);
        else if (unicode) await keyboard.type(chord);
        else await strike(keys);
        if (i < repeat - 1) await sleep(60);
      }
    },
  };
  return driver;
};
