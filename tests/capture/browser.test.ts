/**
 * open_browser on a real X desktop (Xvfb + openbox) with the system Chromium: element boxes in
 * screen px match the pixels of a grabbed frame within 2 px (two screen sizes, windows at
 * non-zero offsets), a click by role/name with the real pointer lands on the button the page
 * counts, an element below the fold is brought into view by real wheel notches, hidden matches
 * are counted, and close leaves no process and no profile behind. The layout math is tested
 * pure first.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserClientRect, cssRectToScreen, pageOrigin, scrollNeeded, type PageMetrics } from '../../src/capture/browser/browser-layout';
import { openBrowser } from '../../src/capture/browser/open-browser';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { findBrowser } from '../../src/render/browser';
import type { Box, BrowserSession, Pointer } from '../../src/targets/types';
import { TERMINAL, skipWithout } from '../helpers/requires';

const ROOT = path.join(__dirname, '..', '..');
const PAGE = path.join(__dirname, 'fixtures', 'browser-targets.html');
const NO_WHEEL = path.join(__dirname, 'fixtures', 'browser-no-wheel.html');
const COVER = path.join(__dirname, 'fixtures', 'browser-cover.html');
const SERVER = path.join(__dirname, '..', 'helpers', 'pointer-server.ts');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const hasBrowser = process.platform === 'linux' && findBrowser(ROOT) !== null;
const skip = skipWithout('open_browser on Xvfb', TERMINAL, ['xprop', 'ffmpeg']) || !hasBrowser;

/** The fixture's buttons: CSS px in the page and the solid colour each is painted. */
const BUTTONS = {
  deploy: { css: { x: 40, y: 30, width: 160, height: 48 }, rgb: [255, 0, 0] },
  cancel: { css: { x: 260, y: 110, width: 120, height: 40 }, rgb: [0, 0, 255] },
  green: { css: { x: 500, y: 200, width: 90, height: 70 }, rgb: [0, 255, 0] },
} as const;

describe('browser layout (pure)', () => {
  const metrics = (m: Partial<PageMetrics>): PageMetrics => ({
    innerWidth: 800,
    innerHeight: 600,
    clientWidth: 785,
    clientHeight: 600,
    outerWidth: 800,
    outerHeight: 600,
    devicePixelRatio: 1,
    scrollX: 0,
    scrollY: 0,
    ...m,
  });

  it.each([
    // screen, formats, page size, frame, ui → the client window's rectangle
    {
      name: 'landscape 1080p: the terminal area',
      screen: { width: 1920, height: 1080 },
      formats: ['landscape'] as const,
      page: {},
      frame: undefined,
      want: { x: 116, y: 65, width: 1689, height: 950 },
    },
    {
      name: 'tiktok 1080p: narrow',
      screen: { width: 1920, height: 1080 },
      formats: ['tiktok'] as const,
      page: {},
      frame: undefined,
      want: { x: 366, y: 65, width: 1188, height: 950 },
    },
    {
      name: 'a frame is taken from the area',
      screen: { width: 1920, height: 1080 },
      formats: ['tiktok'] as const,
      page: {},
      frame: { left: 1, right: 1, top: 20, bottom: 5 },
      want: { x: 367, y: 85, width: 1186, height: 925 },
    },
    {
      name: 'a page size asked for, centred',
      screen: { width: 1920, height: 1080 },
      formats: ['square'] as const,
      page: { width: 700, height: 500 },
      frame: undefined,
      want: { x: 611, y: 290, width: 700, height: 500 },
    },
    {
      name: 'too big for the screen: kept on it',
      screen: { width: 1280, height: 720 },
      formats: ['landscape'] as const,
      page: { width: 3000, height: 2000 },
      frame: undefined,
      want: { x: 0, y: 0, width: 1280, height: 720 },
    },
  ])('$name', ({ screen, formats, page, frame, want }) => {
    expect(browserClientRect(screen, formats, page, frame)).toEqual(want);
  });

  it('the page origin: UI above the page, equal borders at the sides and bottom, scaled', () => {
    expect(pageOrigin({ x: 100, y: 50, width: 800, height: 600 }, metrics({ innerHeight: 544 }))).toMatchObject({ x: 100, y: 106, uiTop: 56, side: 0 });
    // Scale 2: 400x300 CSS px in an 800x600 window with no UI.
    const o = pageOrigin({ x: 10, y: 20, width: 800, height: 600 }, metrics({ innerWidth: 400, innerHeight: 300, devicePixelRatio: 2 }));
    expect(o).toMatchObject({ x: 10, y: 20, scale: 2, uiTop: 0 });
    expect(cssRectToScreen({ x: 40.25, y: 30, width: 160, height: 48.5 }, o)).toEqual({ x: 91, y: 80, width: 320, height: 97 });
  });

  it.each([
    { el: { x: 10, y: 10, width: 100, height: 40 }, want: { x: 0, y: 0 } },
    { el: { x: 10, y: 2200, width: 100, height: 40 }, want: { x: 0, y: 2200 - (600 / 3 - 20) } },
    { el: { x: 10, y: -500, width: 100, height: 40 }, want: { x: 0, y: -500 - (600 / 3 - 20) } },
    { el: { x: 10, y: 590, width: 100, height: 40 }, want: { x: 0, y: 590 - 180 } },
    // Bigger than the view: in view once its start is in the first third.
    { el: { x: 0, y: 100, width: 100, height: 2000 }, want: { x: 0, y: 0 } },
    { el: { x: 0, y: 900, width: 100, height: 2000 }, want: { x: 0, y: 900 - 24 } },
  ])('scrollNeeded $el', ({ el, want }) => {
    expect(scrollNeeded(el, { width: 800, height: 600 })).toEqual(want);
  });
});

/** A frame of the whole screen, rgb24. */
const grab = (display: string, width: number, height: number): Buffer => {
  const r = spawnSync(
    'ffmpeg',
    [
      '-loglevel',
      'error',
      '-f',
      'x11grab',
      '-draw_mouse',
      '0',
      '-video_size',
      `${width}x${height}`,
      '-i',
      display,
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    {
      maxBuffer: width * height * 3 + 1024,
    },
  );
  if (r.status !== 0) throw new Error(`ffmpeg x11grab failed: ${r.stderr}`);
  return r.stdout;
};

/** The bounding box of the pixels of one colour (±12 per channel), or null. */
const colourBox = (frame: Buffer, width: number, rgb: readonly number[]): Box | null => {
  let minX = Infinity,
    minY = Infinity,
    maxX = -1,
    maxY = -1;
  for (let i = 0; i < frame.length; i += 3) {
    if (Math.abs(frame[i]! - rgb[0]!) > 12 || Math.abs(frame[i + 1]! - rgb[1]!) > 12 || Math.abs(frame[i + 2]! - rgb[2]!) > 12) continue;
    const p = i / 3;
    const x = p % width;
    const y = Math.floor(p / width);
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return maxX < 0 ? null : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
};

/** The real pointer, in its own process (tests/helpers/pointer-server.ts); counts the wheel notches it turns. */
const startPointer = async (display: string) => {
  const child: ChildProcess = spawn(TSX, [SERVER], { env: { ...process.env, DISPLAY: display }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! });
  const waiting = new Map<number, (m: { ok: boolean; error?: string; position: { x: number; y: number } }) => void>();
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  lines.on('line', (line) => {
    if (line === 'ready') return ready();
    const m = JSON.parse(line);
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  });
  await Promise.race([isReady, new Promise((_, reject) => setTimeout(() => reject(new Error('pointer server did not start')), 60_000))]);
  let next = 0;
  const call = (op: string, args: Record<string, number> = {}) =>
    new Promise<{ x: number; y: number }>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, (m) => (m.ok ? resolve(m.position) : reject(new Error(m.error))));
      child.stdin!.write(`${JSON.stringify({ id, op, ...args })}\n`);
    });
  const notches = { dx: 0, dy: 0, calls: 0 };
  const pointer: Pointer = {
    moveTo: async (p) => void (await call('move', p)),
    scroll: async (dx, dy) => {
      notches.calls++;
      notches.dx += dx;
      notches.dy += dy;
      await call('scroll', { dx, dy });
    },
    position: () => call('position'),
  };
  return {
    pointer,
    notches,
    click: () => call('click'),
    stop: async () => {
      child.stdin!.end();
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    },
  };
};

/** The processes started with DISPLAY=`display` whose command line names chromium, and their profile dirs. */
const chromiumOn = (display: string) => {
  const pids: number[] = [];
  const profiles = new Set<string>();
  for (const d of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (!cmd.some((a) => /chrom/i.test(a))) continue;
      const env = fs.readFileSync(`/proc/${d}/environ`, 'utf8').split('\0');
      if (!env.includes(`DISPLAY=${display}`)) continue;
      pids.push(Number(d));
      for (const a of cmd) if (a.startsWith('--user-data-dir=')) profiles.add(a.slice('--user-data-dir='.length));
    } catch {
      // gone meanwhile
    }
  }
  return { pids, profiles: [...profiles] };
};

/** Local addresses listening on `port` (/proc/net/tcp and tcp6), as "127.0.0.1" / "0.0.0.0" / "::". */
const listeners = (port: number): string[] => {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(f)) continue;
    for (const line of fs.readFileSync(f, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue;
      const [addr, p] = local.split(':');
      if (p !== hexPort) continue;
      out.push(addr === '0100007F' ? '127.0.0.1' : /^0+$/.test(addr!) ? (addr!.length > 8 ? '::' : '0.0.0.0') : addr!);
    }
  }
  return out;
};

const SETUPS = [
  { name: '1280x720, landscape, the area filled', screen: { width: 1280, height: 720 }, formats: ['landscape'] as const, page: {}, theme: 'light' as const },
  {
    name: '1920x1080, tiktok, a 700x500 page, dark',
    screen: { width: 1920, height: 1080 },
    formats: ['tiktok'] as const,
    page: { width: 700, height: 500 },
    theme: 'dark' as const,
  },
];

describe.skipIf(skip).each(SETUPS)('open_browser on Xvfb: $name', ({ screen, formats, page, theme }) => {
  let desktop: VirtualDesktop;
  let pointer: Awaited<ReturnType<typeof startPointer>>;
  let session: BrowserSession;
  const warnings: string[] = [];
  // The page itself, read through a second DevTools connection (the test's own eyes).
  let evaluate: <T>(expr: string) => Promise<T>;
  let closeEyes: () => Promise<void>;
  let profile = '';
  let schemeSeen: Box | null = null;
  let schemeBox: Box | null = null;
  let port = 0;

  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: screen.width, height: screen.height, background: '#2b3042' });
    pointer = await startPointer(desktop.display);
    await pointer.pointer.moveTo({ x: 5, y: 5 });
    session = await openBrowser({
      display: desktop.display,
      screen,
      formats,
      url: PAGE,
      ...page,
      theme,
      pointer: pointer.pointer,
      now: Date.now,
      warn: (m) => warnings.push(m),
    });
    await new Promise((r) => setTimeout(r, 300)); // painted
    // The theme's colour, before a second DevTools client (below) resets the emulation.
    schemeSeen = colourBox(grab(desktop.display, screen.width, screen.height), screen.width, theme === 'dark' ? [0, 255, 255] : [255, 255, 0]);
    schemeBox = (await session.find({ kind: 'selector', selector: '#scheme' })).matches[0]!.box;
    const found = chromiumOn(desktop.display);
    profile = found.profiles[0] ?? '';
    port = Number(fs.readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
    const { chromium } = await import('playwright-core');
    const eyes = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const p = eyes.contexts()[0]!.pages()[0]!;
    evaluate = (expr) => p.evaluate(expr);
    closeEyes = () => eyes.close();
    await new Promise((r) => setTimeout(r, 500)); // painted
  }, 120_000);

  afterAll(async () => {
    await closeEyes?.().catch(() => undefined);
    await session?.close();
    await pointer?.stop();
    await desktop?.stop();
  });

  it('places the window for the formats, the page area filling it', () => {
    // The window manager's frame around the window (openbox: a 1 px border) is part of the area.
    const env = { ...process.env, DISPLAY: desktop.display };
    const id = spawnSync('xdotool', ['search', '--onlyvisible', '--class', 'screenplay-browser'], { env, encoding: 'utf8' }).stdout.trim().split('\n')[0]!;
    const extents = /=\s*(\d+), (\d+), (\d+), (\d+)/.exec(spawnSync('xprop', ['-id', id, '_NET_FRAME_EXTENTS'], { env, encoding: 'utf8' }).stdout)!;
    const frame = { left: Number(extents[1]), right: Number(extents[2]), top: Number(extents[3]), bottom: Number(extents[4]) };
    expect(frame).toEqual({ left: 1, right: 1, top: 1, bottom: 1 }); // no title bar on screenplay's desktop
    const want = browserClientRect(screen, formats, page, frame);
    const v = session.viewport;
    expect(v.x).toBe(want.x);
    expect(v.y).toBe(want.y); // an app window: no browser UI above the page
    expect(v.height).toBe(want.height);
    expect(v.width).toBeGreaterThan(want.width - 20); // less the scroll bar
    expect(v.x).toBeGreaterThan(0);
    expect(v.y).toBeGreaterThan(0);
  });

  it('tells the page the theme (prefers-color-scheme), as the pixels show it', async () => {
    expect(schemeBox).not.toBeNull();
    expect(schemeSeen).toEqual(schemeBox);
  });

  it('gives element boxes in screen px that match the pixels of a grabbed frame within 2 px', async () => {
    const frame = grab(desktop.display, screen.width, screen.height);
    for (const [id, b] of Object.entries(BUTTONS)) {
      const { matches, total, hidden } = await session.find({ kind: 'selector', selector: `#${id}` });
      expect({ total, hidden, n: matches.length }).toEqual({ total: 1, hidden: 0, n: 1 });
      const box = matches[0]!.box;
      const seen = colourBox(frame, screen.width, b.rgb);
      expect(seen, `${id} is on screen`).not.toBeNull();
      for (const k of ['x', 'y', 'width', 'height'] as const)
        expect(Math.abs(box[k] - seen![k]), `${id} ${k}: computed ${box[k]}, seen ${seen![k]}`).toBeLessThanOrEqual(2);
      // And where the page put it: the viewport's corner plus its CSS position.
      expect(box).toEqual({ x: session.viewport.x + b.css.x, y: session.viewport.y + b.css.y, width: b.css.width, height: b.css.height });
    }
  });

  it('finds by role and name, label and test id; counts hidden matches', async () => {
    const loose = await session.find({ kind: 'role', role: 'button', name: 'deploy' });
    expect(loose).toMatchObject({ total: 2, hidden: 1 });
    expect(loose.matches.map((m) => m.label)).toEqual(['button "Deploy"']);
    const exact = await session.find({ kind: 'role', role: 'button', name: 'Deploy' }, { exact: true });
    expect(exact).toMatchObject({ total: 1, hidden: 0 });
    expect((await session.find({ kind: 'role', role: 'button', name: 'deploy' }, { exact: true })).total).toBe(0);
    const all = await session.find({ kind: 'selector', selector: 'button' });
    expect(all).toMatchObject({ total: 6, hidden: 2 });
    expect(all.matches.map((m) => m.label)).toEqual(['button "Deploy"', 'button "Cancel"', 'button "Go"', 'button "Far below"']);
    const label = await session.find({ kind: 'label', label: 'Domain name' });
    expect(label.matches).toHaveLength(1);
    expect(label.matches[0]!.label).toBe('textbox "Domain name"');
    const testId = await session.find({ kind: 'testId', testId: 'cancel-button' });
    expect(testId.matches.map((m) => m.box)).toEqual([(await session.find({ kind: 'selector', selector: '#cancel' })).matches[0]!.box]);
    // Invalid CSS said so, in screenplay's words: no playwright method names, one line.
    await expect(session.find({ kind: 'selector', selector: 'button[' })).rejects.toThrow(/^selector "button\[" is not valid CSS \(it ends too early\)$/);
    await expect(session.find({ kind: 'selector', selector: '###' })).rejects.toThrow(/^selector "###" is not valid CSS \(unexpected token "#"\)$/);
  });

  it('a click by role and name with the real pointer lands on the button the page counts', async () => {
    const { matches } = await session.find({ kind: 'role', role: 'button', name: 'Deploy' }, { exact: true });
    const b = matches[0]!.box;
    await pointer.pointer.moveTo({ x: b.x + Math.round(b.width / 2), y: b.y + Math.round(b.height / 2) });
    await pointer.click();
    await new Promise((r) => setTimeout(r, 200));
    expect(await evaluate<number>('window.deployClicks')).toBe(1);
    // A click just outside the button counts nothing.
    await pointer.pointer.moveTo({ x: b.x + b.width + 4, y: b.y + Math.round(b.height / 2) });
    await pointer.click();
    await new Promise((r) => setTimeout(r, 200));
    expect(await evaluate<number>('window.deployClicks')).toBe(1);
  });

  it('brings an element below the fold into view with real wheel notches', { timeout: 120_000 }, async () => {
    const query = { kind: 'selector', selector: '#below' } as const;
    const before = (await session.find(query)).matches[0]!.box;
    const v = session.viewport;
    expect(before.y).toBeGreaterThan(v.y + v.height); // below the fold
    const callsBefore = pointer.notches.calls;
    const revealed = await session.reveal(query, 0);
    const scrollY = await evaluate<number>('window.scrollY');
    expect(scrollY).toBeGreaterThan(1000);
    expect(await evaluate<number>('window.wheelEvents')).toBeGreaterThan(0);
    expect(pointer.notches.calls - callsBefore).toBeGreaterThan(5);
    expect(pointer.notches.dy).toBeGreaterThan(5);
    expect(warnings).toEqual([]);
    const vp = session.viewport;
    expect(revealed.box.y).toBeGreaterThanOrEqual(vp.y);
    expect(revealed.box.y + revealed.box.height).toBeLessThanOrEqual(vp.y + vp.height);
    expect(revealed.box.y).toBe(before.y - scrollY);
    // And the pixels agree.
    const seen = colourBox(grab(desktop.display, screen.width, screen.height), screen.width, [255, 0, 255]);
    for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(revealed.box[k] - seen![k])).toBeLessThanOrEqual(2);
    // Already in view: nothing turns.
    const calls = pointer.notches.calls;
    expect((await session.reveal(query, 0)).box).toEqual(revealed.box);
    expect(pointer.notches.calls).toBe(calls);
  });

  it('where the wheel does not move the page, scrolls smoothly by script and says so', { timeout: 60_000 }, async () => {
    await session.goto(NO_WHEEL);
    await pointer.pointer.moveTo({ x: 2, y: 2 }); // off the page: reveal brings the pointer over it first
    const calls = pointer.notches.calls;
    const revealed = await session.reveal({ kind: 'role', role: 'button', name: 'Far' }, 0);
    expect(pointer.notches.calls).toBe(calls + 1); // one notch, which moved nothing
    const at = await pointer.pointer.position();
    const v = session.viewport;
    expect(at.x > v.x && at.x < v.x + v.width && at.y > v.y && at.y < v.y + v.height).toBe(true);
    expect(warnings.at(-1)).toBe(
      'button "Far" did not come into view with the mouse wheel (the wheel did not move it); scrolled it into view with a smooth page scroll instead',
    );
    expect(revealed.box.y).toBeGreaterThanOrEqual(v.y);
    expect(revealed.box.y + revealed.box.height).toBeLessThanOrEqual(v.y + v.height);
    await expect(session.reveal({ kind: 'role', role: 'button', name: 'Far' }, 1)).rejects.toThrow(
      'role button named "Far" has 1 visible match, not a number 2',
    );
  });

  it('goto, url and waitForUrl', async () => {
    await session.goto(`${pathToFileURL(PAGE).href}#second`);
    expect(session.url()).toMatch(/browser-targets\.html#second$/);
    expect(await session.waitForUrl('#second', 100)).toBe(true);
    const t0 = Date.now();
    expect(await session.waitForUrl('never-there', 300)).toBe(false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('a match under a modal is covered at its click point (centre, or centre + offset); usable once the modal goes; iframes counted', async () => {
    await session.goto(COVER);
    const under = await session.find({ kind: 'selector', selector: '#under' });
    expect(under).toMatchObject({ total: 1, hidden: 0 });
    expect(under.matches[0]!.coveredBy).toBe('div#modal');
    expect((await session.reveal({ kind: 'selector', selector: '#under' }, 0)).coveredBy).toBe('div#modal');
    // Partly covered, its centre free: usable; the point 90 px left of the centre is not.
    expect((await session.find({ kind: 'selector', selector: '#partly' })).matches[0]!.coveredBy).toBeUndefined();
    expect((await session.find({ kind: 'selector', selector: '#partly' }, { offset: { x: -90, y: 0 } })).matches[0]!.coveredBy).toBe('div#edge');
    await evaluate("document.getElementById('modal').remove()");
    const after = await session.find({ kind: 'selector', selector: '#under' });
    expect(after.matches).toHaveLength(1);
    expect(after.matches[0]!.coveredBy).toBeUndefined();
    expect((await session.reveal({ kind: 'selector', selector: '#under' }, 0)).coveredBy).toBeUndefined();
    // Matches only inside the iframe: none found, two counted there.
    expect(await session.find({ kind: 'selector', selector: '.in-frame' })).toEqual({ matches: [], total: 0, hidden: 0, inFrames: 2 });
  });

  it('goto a page that does not load fails in one line: connection refused, HTTP 404, a missing file', async () => {
    const { server, port: notFound } = await serve404();
    const dead = await freePort();
    try {
      await expect(session.goto(`http://localhost:${dead}`)).rejects.toThrow(new RegExp(`^http://localhost:${dead} did not load \\(connection refused\\)$`));
      await expect(session.goto(`http://127.0.0.1:${notFound}/x`)).rejects.toThrow(
        new RegExp(`^http://127\\.0\\.0\\.1:${notFound}/x did not load \\(HTTP 404\\)$`),
      );
      const missing = path.join(__dirname, 'fixtures', 'no-such-page.html');
      await expect(session.goto(missing)).rejects.toThrow(`${missing} did not load (file not found)`);
    } finally {
      server.close();
    }
    await session.goto(PAGE); // and a page that loads still does
  });

  it('listens for DevTools on 127.0.0.1 only; close leaves no chromium and no profile', async () => {
    expect(port).toBeGreaterThan(0);
    expect(listeners(port)).toEqual(['127.0.0.1']);
    expect(profile).toMatch(/screenplay-browser-/);
    expect(chromiumOn(desktop.display).pids.length).toBeGreaterThan(0);
    await closeEyes();
    await session.close();
    await session.close(); // idempotent
    expect(chromiumOn(desktop.display).pids).toEqual([]);
    expect(fs.existsSync(profile)).toBe(false);
    expect(listeners(port)).toEqual([]);
  });
});

/** A local HTTP server answering 404 to everything, on a free port. */
const serve404 = async () => {
  const server = http.createServer((_req, res) => {
    res.statusCode = 404;
    res.end('not here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
};

/** A port nothing listens on (one just let go). */
const freePort = async (): Promise<number> => {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
};

describe.skipIf(skip)('open_browser on a page that does not load', () => {
  let desktop: VirtualDesktop;
  const none = { moveTo: async () => undefined, scroll: async () => undefined, position: async () => ({ x: 0, y: 0 }) };
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 1280, height: 720, background: '#2b3042' });
  }, 60_000);
  afterAll(async () => {
    await desktop?.stop();
  });
  const open = (url: string) =>
    openBrowser({ display: desktop.display, screen: { width: 1280, height: 720 }, formats: ['landscape'], url, pointer: none, now: Date.now });

  it('fails in one line (connection refused, HTTP 404, a missing file) and leaves no chromium', { timeout: 120_000 }, async () => {
    const dead = await freePort();
    await expect(open(`http://localhost:${dead}`)).rejects.toThrow(
      new RegExp(`^open_browser: http://localhost:${dead} did not load \\(connection refused\\)$`),
    );
    const { server, port } = await serve404();
    try {
      await expect(open(`http://127.0.0.1:${port}/`)).rejects.toThrow(
        new RegExp(`^open_browser: http://127\\.0\\.0\\.1:${port}/ did not load \\(HTTP 404\\)$`),
      );
    } finally {
      server.close();
    }
    const missing = path.join(__dirname, 'fixtures', 'no-such-page.html');
    await expect(open(missing)).rejects.toThrow(`open_browser: ${missing} did not load (file not found)`);
    expect(chromiumOn(desktop.display).pids).toEqual([]);
  });
});

describe.skipIf(skip)('open_browser without a display', () => {
  it('says so in one line', async () => {
    const none = { moveTo: async () => undefined, scroll: async () => undefined, position: async () => ({ x: 0, y: 0 }) };
    await expect(
      openBrowser({ display: ':4242', screen: { width: 800, height: 600 }, formats: ['landscape'], url: PAGE, pointer: none, now: Date.now }),
    ).rejects.toThrow(/^open_browser needs an X display, but none answers at ":4242"$/);
  });
});
