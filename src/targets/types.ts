/**
 * The target model (issue 17): what a script points at, and what it resolves to. A target
 * names exactly one thing to look for (a point, an image, words on screen, or, in a browser, a
 * DOM element by selector / role+name / label / test id); it resolves to a box in screen px,
 * then to a point (the box's centre plus `offset`). The resolver (resolve.ts) is the only code
 * that knows how a target is found; executors ask it for a ResolvedTarget.
 *
 * Units: every x, y, width, height here is in screen pixels (the capture display's, top left
 * 0,0); every time in ms.
 */
import type { OutputFormatName } from '../formats';

/** A screen grab or an image in memory: `channels` bytes per pixel, rows top to bottom (`order` rgb unless said). */
export type Pixels = { width: number; height: number; data: Uint8Array | Buffer; channels: 1 | 3 | 4; order?: 'rgb' | 'bgr' };

/** A rectangle on screen, in screen px: top-left corner, width and height (both > 0). */
export type Box = { x: number; y: number; width: number; height: number };
export type Point = { x: number; y: number };

/** What to look for: exactly one kind. */
export type TargetQuery =
  | { kind: 'point'; x: number; y: number }
  | { kind: 'image'; image: string; confidence?: number }
  | { kind: 'text'; text: string }
  | { kind: 'selector'; selector: string }
  | { kind: 'role'; role: string; name?: string }
  | { kind: 'label'; label: string }
  | { kind: 'testId'; testId: string };

/** The query kinds that need a browser opened with open_browser (DOM elements). */
export const DOM_KINDS = ['selector', 'role', 'label', 'testId'] as const;
export type DomQuery = Extract<TargetQuery, { kind: (typeof DOM_KINDS)[number] }>;

export type TargetOptions = {
  /** 1-based: the nth match in reading order (top to bottom, then left to right). Default 1. */
  nth?: number;
  /** Of several matches, the one whose centre is closest to this other target's centre. */
  near?: Target;
  /** Look only inside this box (screen px). */
  region?: Box;
  /** text/name/label: match the whole text, case and all. Default: case-insensitive, whitespace-normalised substring. */
  exact?: boolean;
  /** How long to keep looking, in ms. Default 10 000. */
  timeoutMs?: number;
  /** Added to the box's centre to give the point (screen px). */
  offset?: Point;
};

export type Target = TargetQuery & TargetOptions;

/**
 * One match of a query on screen. `label`: what it is, for logs and messages ("button \"Deploy\"",
 * "text \"Add domain\""). `coveredBy` (browser elements only): the match's click point (its box's
 * centre plus the offset asked) shows another element, which a click would reach instead (a modal
 * over it): a short description of that element ("div#modal"); absent when the point is free.
 */
export type Candidate = { box: Box; label: string; score?: number; coveredBy?: string };

/** A found target: its box, the point an action uses, where it came from, and a label. */
export type ResolvedTarget = {
  box: Box;
  point: Point;
  source: 'image' | 'text' | 'dom' | 'point';
  label: string;
};

/** Text seen on screen (a line of OCR words), for a miss message: "Add domian" at (120, 300 150x18). */
export type SeenText = { text: string; box: Box };

/**
 * Finds words on a screen grab (OCR). `find` gives every match of `text` (a phrase may span
 * several words of one line), in screen px; `seen` every line of text read (for miss messages).
 */
export interface TextFinder {
  find(screen: Pixels, text: string, opts?: { exact?: boolean; region?: Box }): Promise<{ matches: Candidate[]; seen: SeenText[] }>;
  close(): Promise<void>;
}

/**
 * Finds DOM elements in the browser screenplay opened, boxes in screen px. `total`: elements
 * the query matched; `hidden`: how many of them are not visible (display:none, zero size,
 * outside the page). `matches` are the visible ones, in document order; each tells whether its
 * click point (box centre + `offset`, screen px) is covered by another element (`coveredBy`).
 * `inFrames`: where nothing matched, how many elements match inside the page's iframes (which are
 * not searched), when there are any.
 */
export interface ElementFinder {
  find(query: DomQuery, opts?: { exact?: boolean; offset?: Point }): Promise<{ matches: Candidate[]; total: number; hidden: number; inFrames?: number }>;
  /**
   * Brings a match into the window's view on camera (the real wheel or a smooth page scroll),
   * and answers its new box (and `coveredBy`, as find does); a no-op for a match already in view.
   */
  reveal(query: DomQuery, index: number, opts?: { exact?: boolean; offset?: Point }): Promise<Candidate>;
}

/**
 * The pointer, as the browser may use it to bring an element into view on camera: moves and
 * wheel turns go through the real desktop driver and are logged like any step's (cursor,
 * scroll events). `scroll`: lines, dy > 0 down.
 */
export type Pointer = { moveTo(p: Point): Promise<void>; scroll(dx: number, dy: number): Promise<void>; position(): Promise<Point> };

/** The browser window open_browser opened (src/capture/browser/), driven by playwright-core for finding and waiting only. */
export interface BrowserSession extends ElementFinder {
  /** The window's page area on screen (screen px). */
  readonly viewport: Box;
  /**
   * Loads a URL (http(s) on localhost / 127.0.0.1, file://, or an absolute file path) and waits for it to load, up to
   * timeoutMs. Throws a one-line error when the page did not load: "URL did not load (connection
   * refused)", "(HTTP 404)", "(file not found)".
   */
  goto(url: string, opts?: { timeoutMs?: number }): Promise<void>;
  /** The page's URL now. */
  url(): string;
  /** Waits until the page's URL contains `part` (true) or the timeout passes (false). */
  waitForUrl(part: string, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export type OpenBrowserOptions = {
  /** The browser's environment (the stage's; default screenplay's own); DISPLAY is set from `display`. */
  env?: NodeJS.ProcessEnv;
  /** X display (":99"). */
  display: string;
  screen: { width: number; height: number };
  /** The output formats the video is made for: the window is placed and sized for them, like open_terminal. */
  formats: readonly OutputFormatName[];
  /** A URL (http(s) on localhost / 127.0.0.1) or an absolute file path (already checked inside the project). */
  url: string;
  /** The page area's top-left corner on screen (screen px); default: centred on the formats' view, like open_terminal. */
  x?: number;
  y?: number;
  /** The page area's size in screen px; default: from the formats. */
  width?: number;
  height?: number;
  theme?: 'light' | 'dark';
  pointer: Pointer;
  now: () => number;
  /** Screen px per CSS px (chromium --force-device-scale-factor). Default 1. */
  deviceScaleFactor?: number;
  /** Told (one line) when something happened that the video shows differently than asked: an element scrolled into view by a smooth page scroll because the wheel did not move it. */
  warn?: (message: string) => void;
};
