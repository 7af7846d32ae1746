/**
 * A browser made for video (open_browser), on Linux with an X display: the system Chromium (or
 * Chrome) as a real window on the capture display, an app window (`--app=URL`: no tabs, no
 * address bar), with a throw-away profile and the offline network flags screenplay uses for
 * every browser (names other than localhost / 127.0.0.1 do not resolve; no background
 * look-ups). playwright-core, connected over the DevTools protocol (bound to 127.0.0.1 on a
 * port chosen by Chromium), is used to find elements and to wait, never to click or type: the
 * real pointer and keyboard do that, so the recording, the cursor log and the camera are the
 * same as for any application.
 *
 * Placement (browser-layout.ts): the window, frame included, fills the area a terminal would
 * (the view of the narrowest output format, 88 % of the screen's height, centred), so the page
 * is what TikTok and Square frame. With width/height the page area is that size, centred on the
 * same area. Under screenplay's own Xvfb desktop the window has no title bar (an openbox rule,
 * stage/virtual-desktop.ts); elsewhere the window manager's frame is measured
 * (_NET_FRAME_EXTENTS) and the window moved once so that the frame too fits the area (openbox keeps a 1 px border around an undecorated
 * window: _NET_FRAME_EXTENTS 1,1,1,1; with its title bar 1,1,20,5).
 *
 * Boxes, in screen px: every find measures afresh (a window moved, an info bar shown, a page
 * zoomed are followed):
 * - the client window's absolute upper-left corner and size (xwininfo: the window manager's
 *   frame is outside it; openbox with a title bar: 1 px left/right, 20 top, 5 bottom here);
 * - the browser's UI above the page: what the client's height leaves above innerHeight *
 *   devicePixelRatio (0 in an app window; 56 px while Chromium shows an info bar such as
 *   "unsupported command-line flag", which --test-type suppresses);
 * - element rectangles from getBoundingClientRect (CSS px of the viewport) times
 *   devicePixelRatio (1 unless deviceScaleFactor or the page's zoom says otherwise), rounded
 *   to whole px.
 * `viewport` is the page area on screen, scroll bars left out.
 *
 * Scrolling into view happens on camera: the pointer goes over the scrolling area and the real
 * wheel turns one notch at a time until the element is inside the page area (bounded); only if
 * the wheel does not move the page is it scrolled smoothly by script, and `warn` says so.
 */
import { spawn, spawnSync, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';
import { ScreenplayError, errorLine, runtimeError } from '../../errors';
import { requireCommands } from '../../system-tools';
import type { BrowserSession, Box, Candidate, DomQuery, OpenBrowserOptions, Point } from '../../targets/types';
import { endOnExit } from '../end-on-exit';
import { browserInstallHint, findCaptureBrowser } from './find-capture-browser';
import type { FrameExtents } from '../terminal-layout';
import { DEFAULT_FORMATS } from '../../formats';
import { BROWSER_WINDOW_CLASS } from '../window-names';
import {
  NO_FRAME,
  browserClientRect,
  contains,
  cssRectToScreen,
  pageOrigin,
  scrollNeeded,
  viewportOnScreen,
  type PageMetrics,
  type PageOrigin,
} from './browser-layout';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Elements of one query looked at (an untrusted page may match thousands). */
export const MAX_ELEMENTS = 500;
/** Wheel notches one reveal may turn. */
export const MAX_WHEEL_NOTCHES = 80;
/** Between two wheel notches (ms): slow enough to be seen, and for Chromium's smooth scrolling to follow. */
const NOTCH_GAP_MS = 70;
const START_TIMEOUT_MS = 30_000;

/** The offline flags (as scripts/chromium-offline gives Remotion's Chromium), plus those for a quiet, throw-away window. */
export const OFFLINE_FLAGS = [
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--password-store=basic',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  // No "unsupported command-line flag" info bar (it would push the page down by 56 px).
  '--test-type',
  '--hide-crash-restore-bubble',
];

/** The page's metrics, in CSS px. */
const METRICS = new Function(
  'return { innerWidth: innerWidth, innerHeight: innerHeight, clientWidth: document.documentElement.clientWidth, clientHeight: document.documentElement.clientHeight,' +
    ' outerWidth: outerWidth, outerHeight: outerHeight, devicePixelRatio: devicePixelRatio, scrollX: scrollX, scrollY: scrollY };',
) as () => PageMetrics;

type Described = { x: number; y: number; width: number; height: number; visible: boolean; role: string; name: string; coveredBy: string };

/**
 * Plain JS (inside the page): `coveredBy(el, dx, dy)` answers what a click at the element's box
 * centre plus (dx, dy) CSS px would reach instead of it ("div#modal"), or '' when that point shows
 * the element itself, something inside it, a label of it, or lies outside the viewport (not
 * judged there: scrolled into view first).
 */
const COVERED_BY_SRC = `
  const coveredBy = (el, dx, dy) => {
    const r = el.getBoundingClientRect();
    const x = r.x + r.width / 2 + dx, y = r.y + r.height / 2 + dy;
    if (!(x >= 0 && y >= 0 && x < document.documentElement.clientWidth && y < document.documentElement.clientHeight)) return '';
    const root = el.getRootNode();
    const at = (root && typeof root.elementFromPoint === 'function' ? root : document).elementFromPoint(x, y);
    if (!at || at === el || el.contains(at)) return '';
    const label = at.closest ? at.closest('label') : null;
    if (label && label.control === el) return '';
    const tag = at.tagName.toLowerCase();
    const cls = typeof at.className === 'string' ? at.className.trim().split(/\\s+/)[0] : '';
    return (tag + (at.id ? '#' + at.id : cls ? '.' + cls : '')).slice(0, 60);
  };
`;

/**
 * For each matched element (the first `max`): its rectangle (viewport CSS px), whether it is
 * visible (rendered, not visibility:hidden, a non-zero size, not placed where no scroll reaches)
 * and its role and accessible name, roughly (for labels in logs). Plain JS: a function built
 * from source, so no transpiler helper ends up in what the page runs.
 */
const DESCRIBE = new Function(
  'els',
  'arg',
  `
  const max = arg.max;
  ${COVERED_BY_SRC}
  const implicitRole = (el) => {
    const tag = el.tagName.toLowerCase();
    if (tag === 'button' || tag === 'summary') return 'button';
    if (tag === 'a') return el.hasAttribute('href') ? 'link' : 'generic';
    if (tag === 'input') {
      const t = (el.getAttribute('type') || 'text').toLowerCase();
      if (['button', 'submit', 'reset', 'image'].includes(t)) return 'button';
      if (t === 'checkbox' || t === 'radio') return t;
      if (t === 'range') return 'slider';
      if (t === 'search') return 'searchbox';
      return 'textbox';
    }
    if (tag === 'textarea') return 'textbox';
    if (tag === 'select') return 'combobox';
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (tag === 'img') return 'img';
    if (tag === 'li') return 'listitem';
    if (tag === 'nav') return 'navigation';
    if (tag === 'dialog') return 'dialog';
    return tag;
  };
  const clean = (s) => (s || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
  const nameOf = (el) => {
    const aria = el.getAttribute('aria-label');
    if (aria) return clean(aria);
    const by = el.getAttribute('aria-labelledby');
    if (by) return clean(by.split(/\\s+/).map((id) => (document.getElementById(id) || {}).textContent || '').join(' '));
    if (el.labels && el.labels.length) return clean(el.labels[0].textContent);
    const alt = el.getAttribute('alt') || el.getAttribute('title') || el.getAttribute('placeholder');
    if (alt) return clean(alt);
    if (el.tagName === 'INPUT' && ['button', 'submit', 'reset'].includes((el.type || '').toLowerCase())) return clean(el.value);
    return clean(el.innerText !== undefined ? el.innerText : el.textContent);
  };
  const out = [];
  for (let i = 0; i < Math.min(els.length, max); i++) {
    const el = els[i];
    const r = el.getBoundingClientRect();
    const st = getComputedStyle(el);
    const rendered = typeof el.checkVisibility === 'function' ? el.checkVisibility() : st.display !== 'none';
    const visible = rendered && st.visibility !== 'hidden' && st.visibility !== 'collapse' && r.width > 0 && r.height > 0
      && r.right + scrollX > 0 && r.bottom + scrollY > 0;
    out.push({ x: r.x, y: r.y, width: r.width, height: r.height, visible, role: el.getAttribute('role') || implicitRole(el), name: nameOf(el),
      coveredBy: visible ? coveredBy(el, arg.dx, arg.dy) : '' });
  }
  return { total: els.length, items: out };
`,
) as (els: Element[], arg: { max: number; dx: number; dy: number }) => { total: number; items: Described[] };

/** What a click at the element's centre plus (dx, dy) CSS px reaches instead of it, or ''. */
const COVERED = new Function('el', 'arg', `${COVERED_BY_SRC}\n  return coveredBy(el, arg.dx, arg.dy);`) as (
  el: Element,
  arg: { dx: number; dy: number },
) => string;

/** Child frames looked in for a miss's "inside iframes" count. */
const MAX_FRAMES = 20;

/** Chromium's net error code as words: ERR_CONNECTION_REFUSED → "connection refused". */
export const netErrorWords = (code: string): string => {
  const c = code.replace(/^net::/, '').replace(/^ERR_/, '');
  return c === 'FILE_NOT_FOUND' ? 'file not found' : c.toLowerCase().replace(/_/g, ' ').slice(0, 80);
};

/**
 * One line from an error playwright threw, for a user: its first line without playwright's method
 * name ("locator.evaluateAll: ", "page.goto: "), terminal colours or call log; at most 200 chars.
 */
export const pageErrorLine = (err: unknown): string => {
  const raw = err instanceof Error ? err.message : String(err);
  const first =
    raw
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l && !/^(call log|=+ logs =+)/i.test(l)) ?? '';
  const line = first
    .replace(/^(?:Error: )?(?:(?:locator|page|frame|elementHandle|jsHandle|browserContext|browserType|browser|mouse|keyboard)\.\w+: )+/, '')
    .trim();
  return (line.length > 200 ? `${line.slice(0, 199)}…` : line) || 'unknown error';
};

/** A selector playwright could not parse: `selector "###" is not valid CSS (unexpected token "#")`, else null. */
const invalidSelector = (q: DomQuery, err: unknown): string | null => {
  if (q.kind !== 'selector') return null;
  const line = pageErrorLine(err);
  if (!/while parsing (?:css )?selector|is not a valid selector|unknown engine|unexpected token/i.test(line)) return null;
  const why = line
    .replace(/\s*while parsing.*$/i, '')
    .replace(/\.\s*Did you mean.*$/i, '')
    .replace(/^Unexpected token ""$/i, 'it ends too early')
    .replace(/^Unexpected/, 'unexpected');
  return `${describeQuery(q)} is not valid CSS (${why.slice(0, 120)})`;
};

/** The element's rectangle (viewport CSS px). */
const RECT = new Function('el', 'const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height };') as (el: Element) => Box;

/**
 * The rectangle (viewport CSS px) of the area that scrolls the element: its nearest ancestor
 * that scrolls on an axis it is out of view on, else the viewport; clipped to the viewport.
 */
const SCROLLER = new Function(
  'el',
  `
  const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
  for (let p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
    const st = getComputedStyle(p);
    const sy = /(auto|scroll)/.test(st.overflowY) && p.scrollHeight > p.clientHeight;
    const sx = /(auto|scroll)/.test(st.overflowX) && p.scrollWidth > p.clientWidth;
    if (sx || sy) {
      const r = p.getBoundingClientRect();
      const x = Math.max(0, r.x), y = Math.max(0, r.y);
      const w = Math.min(vw, r.x + p.clientWidth) - x, h = Math.min(vh, r.y + p.clientHeight) - y;
      if (w > 4 && h > 4) return { x, y, width: w, height: h };
    }
  }
  return { x: 0, y: 0, width: vw, height: vh };
`,
) as (el: Element) => Box;

const SMOOTH_INTO_VIEW = new Function('el', "el.scrollIntoView({ behavior: 'smooth', block: 'center', inline: 'nearest' });") as (el: Element) => void;

/** How a query reads in messages: `role button "Deploy"`, `selector "#save"`. */
export const describeQuery = (q: DomQuery): string => {
  switch (q.kind) {
    case 'selector':
      return `selector ${JSON.stringify(q.selector)}`;
    case 'role':
      return `role ${q.role}${q.name !== undefined ? ` named ${JSON.stringify(q.name)}` : ''}`;
    case 'label':
      return `label ${JSON.stringify(q.label)}`;
    case 'testId':
      return `test id ${JSON.stringify(q.testId)}`;
  }
};

const labelOf = (d: Described, q: DomQuery): string => {
  const role = q.kind === 'role' ? q.role : d.role;
  return d.name ? `${role} ${JSON.stringify(d.name)}` : role;
};

/** A URL for the browser: http(s) as given, an absolute path as file://. */
export const browserUrl = (url: string): string => (path.isAbsolute(url) ? pathToFileURL(url).href : url);

type WindowInfo = { id: string; rect: Box; frame: FrameExtents };

/** The client window's rectangle on screen (xwininfo: absolute upper-left corner, size) and the frame around it. */
const windowInfo = async (display: string, id: string, withFrame = true): Promise<WindowInfo | null> => {
  const env = { ...process.env, DISPLAY: display };
  try {
    const { stdout } = await run('xwininfo', ['-id', id], { env, timeout: 5000 });
    const get = (k: string) => Number(new RegExp(`${k}:\\s+(-?\\d+)`).exec(stdout)?.[1]);
    const rect = { x: get('Absolute upper-left X'), y: get('Absolute upper-left Y'), width: get('Width'), height: get('Height') };
    if (!Object.values(rect).every(Number.isFinite)) return null;
    let frame = NO_FRAME;
    if (withFrame)
      try {
        const p = await run('xprop', ['-id', id, '_NET_FRAME_EXTENTS'], { env, timeout: 5000 });
        const n = /=\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+)/.exec(p.stdout);
        if (n) frame = { left: Number(n[1]), right: Number(n[2]), top: Number(n[3]), bottom: Number(n[4]) };
      } catch {
        // no window manager: no frame
      }
    return { id, rect, frame };
  } catch {
    return null;
  }
};

/** The browser's mapped window: xdotool by the process id (the largest visible one). */
const findWindow = async (display: string, pid: number): Promise<WindowInfo | null> => {
  try {
    const { stdout } = await run('xdotool', ['search', '--onlyvisible', '--pid', String(pid)], { env: { ...process.env, DISPLAY: display }, timeout: 5000 });
    const infos = (
      await Promise.all(
        stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((id) => windowInfo(display, id)),
      )
    ).filter((w): w is WindowInfo => w !== null);
    return infos.sort((a, b) => b.rect.width * b.rect.height - a.rect.width * a.rect.height)[0] ?? null;
  } catch {
    return null; // none yet (xdotool exits 1)
  }
};

const platformName = (p: string) => (p === 'darwin' ? 'macOS' : p === 'win32' ? 'Windows' : p);

/**
 * Opens `opts.url` in a browser window on `opts.display` and answers the session: find / reveal
 * elements (boxes in screen px), goto, url, waitForUrl, close. Throws a one-line runtime error
 * where it cannot: not Linux, no display, no Chromium, the window or the page not there within
 * 30 s.
 */
export const openBrowser = async (opts: OpenBrowserOptions): Promise<BrowserSession> => {
  if (process.platform !== 'linux') {
    throw runtimeError(
      `open_browser needs Linux with an X display; on ${platformName(process.platform)} open the page yourself and point at it with { text } or { image } targets`,
    );
  }
  requireCommands(['xdotool', 'xwininfo', 'xprop', 'xdpyinfo'], 'open_browser');
  if (!opts.display || spawnSync('xdpyinfo', ['-display', opts.display], { stdio: 'ignore', timeout: 5000 }).status !== 0) {
    throw runtimeError(`open_browser needs an X display, but none answers at ${JSON.stringify(opts.display ?? '')}`);
  }
  // A missing file: said before Chromium starts (its error page for a file:// app window can leave DevTools unanswered).
  const fileUrl = browserUrl(opts.url);
  if (fileUrl.startsWith('file:') && !fs.existsSync(fileURLToPath(fileUrl.replace(/[?#].*$/, ''))))
    throw runtimeError(`open_browser: ${opts.url} did not load (file not found)`);
  const executable = findCaptureBrowser();
  if (!executable) throw runtimeError(`open_browser needs Chromium or Google Chrome, and neither is installed (${browserInstallHint()})`);

  const scale = opts.deviceScaleFactor ?? 1;
  const formats = opts.formats.length ? opts.formats : DEFAULT_FORMATS;
  const pageSize = { width: opts.width, height: opts.height, x: opts.x, y: opts.y };
  // The first guess: the 1 px border openbox keeps around an undecorated window (screenplay's
  // own desktop); any other frame is measured once the window shows, and the window moved.
  const first = browserClientRect(opts.screen, formats, pageSize, { left: 1, right: 1, top: 1, bottom: 1 });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-browser-'));
  const args = [
    ...OFFLINE_FLAGS,
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    `--user-data-dir=${profile}`,
    '--remote-debugging-port=0',
    '--remote-debugging-address=127.0.0.1',
    `--force-device-scale-factor=${scale}`,
    `--class=${BROWSER_WINDOW_CLASS}`,
    `--window-position=${first.x},${first.y}`,
    // Chromium takes the window's size in DIP.
    `--window-size=${Math.round(first.width / scale)},${Math.round(first.height / scale)}`,
    // Dark browser UI (dialogs, scroll bars); the page's prefers-color-scheme is set over CDP below.
    ...(opts.theme === 'dark' ? ['--force-dark-mode'] : []),
    `--app=${browserUrl(opts.url)}`,
  ];
  // Its own process group: close() ends Chromium and every helper process it started at once.
  const proc: ChildProcess = spawn(executable, args, {
    env: { ...(opts.env ?? process.env), DISPLAY: opts.display },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderrTail = '';
  proc.stderr?.on('data', (c: Buffer) => (stderrTail = (stderrTail + c.toString()).slice(-4000)));
  proc.on('error', () => undefined); // checked executable above; reported as "exited" below
  endOnExit(proc);
  const pid = proc.pid as number;
  let exited: string | null = null;
  proc.once('exit', (code, sig) => (exited = `exited (${sig ?? `code ${code}`})`));
  const onExit = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
    fs.rmSync(profile, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  let browser: Browser | null = null;
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      process.removeListener('exit', onExit);
      await browser?.close().catch(() => undefined);
      const gone = new Promise<void>((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', () => r())));
      const signal = (sig: NodeJS.Signals) => {
        try {
          process.kill(-pid, sig);
        } catch {
          // the group is gone
        }
      };
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
      // Helpers of the group that outlived the main process.
      for (let i = 0; i < 20; i++) {
        try {
          process.kill(-pid, 0);
        } catch {
          break;
        }
        if (i === 10) signal('SIGKILL');
        await sleep(100);
      }
      fs.rmSync(profile, { recursive: true, force: true });
    })());

  const fail = async (what: string): Promise<never> => {
    const why = exited
      ? `: Chromium ${exited}${
          stderrTail.trim()
            ? ` (${
                stderrTail
                  .trim()
                  .split('\n')
                  .filter((l) => !/dbus|^\s*$/i.test(l))
                  .pop()
                  ?.slice(0, 200) ?? ''
              })`
            : ''
        }`
      : '';
    await close();
    throw runtimeError(`open_browser: ${what}${why}`);
  };

  // The DevTools port Chromium chose (first line of DevToolsActivePort).
  const deadline = Date.now() + START_TIMEOUT_MS;
  let port = 0;
  while (!port) {
    if (exited || Date.now() > deadline) return fail(`the browser did not start within ${START_TIMEOUT_MS / 1000} s`);
    try {
      port = Number(fs.readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]) || 0;
    } catch {
      // not written yet
    }
    if (!port) await sleep(100);
  }
  try {
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: Math.max(1000, deadline - Date.now()) });
  } catch (err) {
    return fail(`could not connect to the browser's DevTools port ${port}: ${pageErrorLine(err)}`);
  }
  let page: Page | undefined;
  while (!(page = browser.contexts().flatMap((c) => c.pages())[0])) {
    if (exited || Date.now() > deadline) return fail('the browser opened no page');
    await sleep(100);
  }
  const thePage = page;
  /**
   * Why the page now shown is not the page asked for, or null: Chromium's error page (a refused
   * connection, a missing file: its error code in words) or an HTTP status >= 400 of the main document.
   */
  async function loadFailure(): Promise<string | null> {
    const seen = await thePage.evaluate(
      new Function(
        "const n = performance.getEntriesByType('navigation')[0]; const c = document.querySelector('.error-code');" +
          ' return { status: n && n.responseStatus || 0, code: c ? String(c.textContent || "").trim().slice(0, 80) : "" };',
      ) as () => { status: number; code: string },
    );
    if (thePage.url().startsWith('chrome-error://')) {
      const http = /^HTTP ERROR (\d{3})$/i.exec(seen.code);
      return http ? `HTTP ${http[1]}` : /^(net::)?ERR_[A-Z_]+$/.test(seen.code) ? netErrorWords(seen.code) : 'the browser showed an error page';
    }
    return seen.status >= 400 ? `HTTP ${seen.status}` : null;
  }
  let win: WindowInfo | null = null;
  while (!(win = await findWindow(opts.display, pid))) {
    if (exited || Date.now() > deadline) return fail(`the browser's window did not appear on ${opts.display}`);
    await sleep(100);
  }
  const winId = win.id;
  try {
    // prefers-color-scheme: --force-dark-mode alone leaves it light on Linux (measured), so it is
    // emulated. Another DevTools client attaching to the page resets it: find through this session.
    await thePage.emulateMedia({ colorScheme: opts.theme ?? 'light' });
    await thePage.waitForLoadState('load', { timeout: Math.max(1000, deadline - Date.now()) });
  } catch (err) {
    return fail(`${opts.url} did not load (${/timeout/i.test(pageErrorLine(err)) ? `not within ${START_TIMEOUT_MS / 1000} s` : pageErrorLine(err)})`);
  }
  {
    const why = await loadFailure().catch(() => null);
    if (why) return fail(`${opts.url} did not load (${why})`);
    // Two animation frames: the page is painted before the window comes into view.
    await thePage.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))).catch(() => undefined);
  }

  type Geometry = { origin: PageOrigin; metrics: PageMetrics; viewport: Box; client: Box };
  let last: Geometry | null = null;
  const geometry = async (): Promise<Geometry> => {
    const info = await windowInfo(opts.display, winId, false);
    if (!info) throw runtimeError("the browser's window is gone (closed by hand, or the browser ended)");
    const metrics = await thePage.evaluate(METRICS);
    const origin = pageOrigin(info.rect, metrics);
    last = { origin, metrics, viewport: viewportOnScreen(origin, metrics), client: info.rect };
    return last;
  };

  // Once the frame and the UI are known: the window fits the area exactly (moved only where a
  // window manager's frame or the browser's UI differ from the first guess).
  {
    const g = await geometry();
    const info = (await windowInfo(opts.display, winId)) ?? win;
    const want = browserClientRect(opts.screen, formats, pageSize, info.frame, g.origin.uiTop + g.origin.side);
    if (
      Math.abs(want.x - g.client.x) > 1 ||
      Math.abs(want.y - g.client.y) > 1 ||
      Math.abs(want.width - g.client.width) > 1 ||
      Math.abs(want.height - g.client.height) > 1
    ) {
      try {
        const cdp = await thePage.context().newCDPSession(thePage);
        const { windowId } = (await cdp.send('Browser.getWindowForTarget')) as { windowId: number };
        await cdp.send('Browser.setWindowBounds', {
          windowId,
          bounds: {
            left: Math.round(want.x / scale),
            top: Math.round(want.y / scale),
            width: Math.round(want.width / scale),
            height: Math.round(want.height / scale),
          },
        });
        await cdp.detach();
        for (let i = 0; i < 40; i++) {
          const now = await windowInfo(opts.display, winId);
          if (now && [now.rect.x - want.x, now.rect.y - want.y, now.rect.width - want.width, now.rect.height - want.height].every((d) => Math.abs(d) <= 1))
            break;
          await sleep(50);
        }
      } catch (err) {
        // Where the protocol cannot place it, the window manager may.
        await run('xdotool', ['windowmove', String(winId), String(want.x), String(want.y)], {
          env: { ...process.env, DISPLAY: opts.display },
          timeout: 5000,
        }).catch(() => undefined);
        opts.warn?.(`open_browser: could not place the window at ${want.x},${want.y} ${want.width}x${want.height}: ${errorLine(err)}`);
      }
    }
    await geometry();
  }

  const locate = (q: DomQuery, exact?: boolean, where: Page | Frame = thePage): Locator => {
    switch (q.kind) {
      case 'selector':
        return where.locator(q.selector);
      case 'role':
        return where.getByRole(q.role as Parameters<Page['getByRole']>[0], {
          // Hidden ones too: they are counted as hidden, for the miss message.
          includeHidden: true,
          ...(q.name !== undefined ? { name: q.name, exact: exact ?? false } : {}),
        });
      case 'label':
        return where.getByLabel(q.label, { exact: exact ?? false });
      case 'testId':
        return where.getByTestId(q.testId);
    }
  };
  /** A click point's offset from the box centre, screen px → CSS px. */
  const cssOffset = (offset: Point | undefined, scale: number) => ({ dx: (offset?.x ?? 0) / scale, dy: (offset?.y ?? 0) / scale });
  const lookFailed = (q: DomQuery, err: unknown) =>
    runtimeError(invalidSelector(q, err) ?? `could not look for ${describeQuery(q)} in the page: ${pageErrorLine(err)}`);
  const describeAll = async (q: DomQuery, exact: boolean | undefined, offset: Point | undefined, scale: number) => {
    const loc = locate(q, exact);
    try {
      return { loc, ...(await loc.evaluateAll(DESCRIBE, { max: MAX_ELEMENTS, ...cssOffset(offset, scale) })) };
    } catch (err) {
      throw lookFailed(q, err);
    }
  };
  /** Elements matching `q` inside the page's iframes (the first MAX_FRAMES), for a miss. */
  const countInFrames = async (q: DomQuery, exact?: boolean): Promise<number> => {
    let n = 0;
    for (const f of thePage
      .frames()
      .filter((f) => f !== thePage.mainFrame())
      .slice(0, MAX_FRAMES)) {
      n += await locate(q, exact, f)
        .count()
        .catch(() => 0);
    }
    return n;
  };

  const session: BrowserSession = {
    get viewport() {
      return { ...(last as Geometry).viewport };
    },

    find: async (query, fopts = {}) => {
      let g = await geometry();
      const { items, total } = await describeAll(query, fopts.exact, fopts.offset, g.origin.scale);
      g = await geometry();
      const matches: Candidate[] = items
        .filter((d) => d.visible)
        .map((d) => ({ box: cssRectToScreen(d, g.origin), label: labelOf(d, query), ...(d.coveredBy ? { coveredBy: d.coveredBy } : {}) }));
      const inFrames = total === 0 ? await countInFrames(query, fopts.exact) : 0;
      return { matches, total, hidden: items.length - matches.length, ...(inFrames > 0 ? { inFrames } : {}) };
    },

    reveal: async (query, index, ropts = {}) => {
      try {
        return await reveal(query, index, ropts);
      } catch (err) {
        if (err instanceof ScreenplayError) throw err;
        throw runtimeError(`could not bring ${describeQuery(query)} into view: ${pageErrorLine(err)}`);
      }
    },

    goto: async (url, gopts = {}) => {
      const timeoutMs = gopts.timeoutMs ?? START_TIMEOUT_MS;
      let status = 0;
      try {
        status = (await thePage.goto(browserUrl(url), { waitUntil: 'load', timeout: timeoutMs }))?.status() ?? 0;
      } catch (err) {
        const line = pageErrorLine(err);
        const code = /net::(ERR_[A-Z_]+)/.exec(line)?.[1];
        // Chromium shows its error page next: let it settle, or it interrupts the next goto.
        for (let i = 0; i < 40 && (code || line.includes('chrome-error://')) && !thePage.url().startsWith('chrome-error://'); i++) await sleep(50);
        await thePage.waitForLoadState('load', { timeout: 5000 }).catch(() => undefined);
        // Chromium replaced the answer with its error page (an HTTP error with a short body): why, from that page.
        const shown = !code && line.includes('chrome-error://') ? await loadFailure().catch(() => null) : null;
        const why = code ? netErrorWords(code) : (shown ?? (/timeout/i.test(line) ? `not within ${(timeoutMs / 1000).toFixed(1)} s` : line));
        throw runtimeError(`${url} did not load (${why})`);
      }
      const why = status >= 400 ? `HTTP ${status}` : await loadFailure();
      if (why) throw runtimeError(`${url} did not load (${why})`);
      await geometry();
    },

    url: () => thePage.url(),

    waitForUrl: async (part, timeoutMs) => {
      if (thePage.url().includes(part)) return true;
      try {
        await thePage.waitForURL((u) => u.href.includes(part), { timeout: Math.max(1, timeoutMs), waitUntil: 'commit' });
        return true;
      } catch {
        return thePage.url().includes(part);
      }
    },

    close,
  };

  async function reveal(query: DomQuery, index: number, ropts: { exact?: boolean; offset?: Point }): Promise<Candidate> {
    const { loc, items } = await describeAll(query, ropts.exact, ropts.offset, (await geometry()).origin.scale);
    const visible = items.map((d, i) => (d.visible ? i : -1)).filter((i) => i >= 0);
    const k = visible[index];
    if (k === undefined)
      throw runtimeError(`${describeQuery(query)} has ${visible.length} visible match${visible.length === 1 ? '' : 'es'}, not a number ${index + 1}`);
    const el = loc.nth(k);
    const label = labelOf(items[k] as Described, query);
    const rect = () => el.evaluate(RECT);
    /** The element's rectangle once Chromium's smooth scrolling has come to rest (two equal reads 50 ms apart, 1.5 s at most). */
    const settled = async (): Promise<Box> => {
      let prev = await rect();
      for (let i = 0; i < 30; i++) {
        await sleep(50);
        const r = await rect();
        if (r.x === prev.x && r.y === prev.y) return r;
        prev = r;
      }
      return prev;
    };
    const answer = async (): Promise<Candidate> => {
      const g = await geometry();
      const coveredBy = await el.evaluate(COVERED, cssOffset(ropts.offset, g.origin.scale));
      return { box: cssRectToScreen(await rect(), g.origin), label, ...(coveredBy ? { coveredBy } : {}) };
    };
    let g = await geometry();
    let r = await rect();
    const view = () => ({ width: g.metrics.clientWidth, height: g.metrics.clientHeight });
    let need = scrollNeeded(r, view());
    if (need.x === 0 && need.y === 0) return answer();

    // The pointer over the area that scrolls (the real wheel scrolls what is under it).
    const area = cssRectToScreen(await el.evaluate(SCROLLER), g.origin);
    const at = await opts.pointer.position();
    if (!contains(area, { x: at.x, y: at.y, width: 1, height: 1 })) {
      await opts.pointer.moveTo({ x: Math.round(area.x + area.width / 2), y: Math.round(area.y + area.height / 2) });
    }
    // One notch first, to learn how far a notch moves this page (CSS px); then as many as the
    // rest needs, notch by notch as a hand turns a wheel, measured once they have all landed.
    const perNotch: Point = { x: 0, y: 0 };
    let notches = 0;
    let stuck = false;
    while ((need.x !== 0 || need.y !== 0) && notches < MAX_WHEEL_NOTCHES) {
      const axis: 'x' | 'y' = need.y !== 0 ? 'y' : 'x';
      const sign = Math.sign(need[axis]);
      const count = perNotch[axis] > 0 ? Math.max(1, Math.min(MAX_WHEEL_NOTCHES - notches, Math.round(Math.abs(need[axis]) / perNotch[axis]))) : 1;
      const before = r;
      for (let i = 0; i < count; i++) {
        if (i > 0) await sleep(NOTCH_GAP_MS);
        await opts.pointer.scroll(axis === 'x' ? sign : 0, axis === 'y' ? sign : 0);
        notches++;
      }
      r = await settled();
      g = await geometry();
      const moved = Math.abs(before[axis] - r[axis]);
      if (moved === 0) {
        stuck = true;
        break;
      }
      perNotch[axis] = moved / count;
      need = scrollNeeded(r, view());
      // Closer than half a notch: the wheel can do no better on this axis.
      if (Math.abs(need[axis]) < perNotch[axis] / 2) need[axis] = 0;
    }
    const inside = () => {
      const n = scrollNeeded(r, view());
      return n.x === 0 && n.y === 0;
    };
    if (!inside()) {
      opts.warn?.(
        `${label} did not come into view with the mouse wheel (${stuck ? 'the wheel did not move it' : `${notches} notches`}); scrolled it into view with a smooth page scroll instead`,
      );
      await el.evaluate(SMOOTH_INTO_VIEW);
      r = await settled();
      g = await geometry();
      if (!inside()) {
        const box = cssRectToScreen(r, g.origin);
        throw runtimeError(
          `could not bring ${label} into view: it stays at (${box.x}, ${box.y} ${box.width}x${box.height}), outside the page area (${g.viewport.x}, ${g.viewport.y} ${g.viewport.width}x${g.viewport.height})`,
        );
      }
    }
    return answer();
  }
  return session;
};
