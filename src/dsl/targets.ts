/**
 * The target fields every action that points at something shares (issue 17), once: what to look
 * for (exactly one kind: a point, an image, text on screen, or a browser element) and the options
 * that refine it (nth, near, region, exact, timeout, offset, confidence). Also the rule for page
 * URLs (open_browser, goto, wait_for url) and which targets need a browser. Pure.
 *
 * Units: x, y, width, height and offsets in screen px; timeout a duration (ms once compiled).
 */
import { z } from 'zod';
import { didYouMean } from './did-you-mean';
import { zDuration, zImage } from './fields';

/** Longest text, selector, name, label or test id a target may give (characters). */
export const MAX_TARGET_TEXT = 1000;

/** Every kind a target can be, by the key that names it (a point is x and y). */
export const TARGET_KINDS = ['point', 'image', 'text', 'selector', 'role', 'label', 'testId'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
/** Kinds found in a browser page's DOM: they need open_browser earlier in the plan. */
export const DOM_TARGET_KINDS = ['selector', 'role', 'label', 'testId'] as const satisfies readonly TargetKind[];

/** How a message names each kind ("needs exactly one target: x and y, image, …"). */
const KIND_WORDS: Record<TargetKind | 'by' | 'url', string> = {
  point: 'x and y',
  image: 'image',
  text: 'text',
  selector: 'selector',
  role: 'role (and name)',
  label: 'label',
  testId: 'testId',
  by: 'by',
  url: 'url',
};

/** The message for a missing target, for the usual kinds (kept word for word in tests and docs). */
export const NEEDS_ONE_TARGET = 'needs exactly one target: x and y, image, text, selector, role (and name), label or testId';

/**
 * WAI-ARIA roles (1.2) an element can be looked for by: `role: button`. Checked so a typo
 * ("buton") is a validate error with a suggestion, not a miss at capture time.
 */
export const ARIA_ROLES = [
  'alert',
  'alertdialog',
  'application',
  'article',
  'banner',
  'blockquote',
  'button',
  'caption',
  'cell',
  'checkbox',
  'code',
  'columnheader',
  'combobox',
  'complementary',
  'contentinfo',
  'definition',
  'deletion',
  'dialog',
  'directory',
  'document',
  'emphasis',
  'feed',
  'figure',
  'form',
  'generic',
  'grid',
  'gridcell',
  'group',
  'heading',
  'img',
  'insertion',
  'link',
  'list',
  'listbox',
  'listitem',
  'log',
  'main',
  'marquee',
  'math',
  'menu',
  'menubar',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'meter',
  'navigation',
  'none',
  'note',
  'option',
  'paragraph',
  'presentation',
  'progressbar',
  'radio',
  'radiogroup',
  'region',
  'row',
  'rowgroup',
  'rowheader',
  'scrollbar',
  'search',
  'searchbox',
  'separator',
  'slider',
  'spinbutton',
  'status',
  'strong',
  'subscript',
  'superscript',
  'switch',
  'tab',
  'table',
  'tablist',
  'tabpanel',
  'term',
  'textbox',
  'time',
  'timer',
  'toolbar',
  'tooltip',
  'tree',
  'treegrid',
  'treeitem',
] as const;

const words = (max = MAX_TARGET_TEXT) => z.string().min(1).max(max);
/** Text to find on screen: something OCR can read (a letter, digit or sign), not only spaces. */
const screenText = () =>
  words().refine((t) => t === '' || /\S/u.test(t), 'must have something to read on screen (a letter, digit or sign), but has only spaces');

/**
 * The first characters of a text target that the English OCR model cannot read (letters outside
 * the Latin script, emoji), or null. Accented Latin letters are read (often without the accent,
 * which the match tolerates poorly: "Ñandú" reads "Nand"), so only other scripts are named.
 */
export const ocrUnreadable = (text: string): string | null => {
  const m = text.match(/[\p{L}\p{Extended_Pictographic}]/gu)?.filter((c) => !/\p{Script=Latin}/u.test(c));
  return m && m.length ? m.slice(0, 6).join('') : null;
};
/** What people call elements, by the ARIA role they have: `role: btn` suggests button. */
const ROLE_SYNONYMS: Record<string, string> = {
  btn: 'button',
  submit: 'button',
  a: 'link',
  anchor: 'link',
  href: 'link',
  input: 'textbox',
  field: 'textbox',
  text: 'textbox',
  textarea: 'textbox',
  select: 'combobox',
  dropdown: 'combobox',
  check: 'checkbox',
  toggle: 'switch',
  h1: 'heading',
  h2: 'heading',
  h3: 'heading',
  title: 'heading',
  modal: 'dialog',
  popup: 'dialog',
  nav: 'navigation',
  item: 'listitem',
  li: 'listitem',
  ul: 'list',
  image: 'img',
  picture: 'img',
  icon: 'img',
  tr: 'row',
  td: 'cell',
  th: 'columnheader',
};
const role = () =>
  z.string().superRefine((r, ctx) => {
    if ((ARIA_ROLES as readonly string[]).includes(r)) return;
    const synonym = ROLE_SYNONYMS[r.toLowerCase()];
    const hint = synonym && synonym !== r ? ` (did you mean "${synonym}"?)` : didYouMean(r, ARIA_ROLES);
    ctx.addIssue({
      code: 'custom',
      message: `must be an ARIA role like button, link, textbox, checkbox or heading, but got ${JSON.stringify(r.slice(0, 60))}${hint}`,
    });
  });

export const zRegion = () => z.object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() }).strict();
export const zOffset = () => z.object({ x: z.number(), y: z.number() }).strict();
export const zConfidence = () => z.number().min(0).max(1);

/** The fields that name what to look for, by kind. */
const kindFields = () => ({
  x: z.number().describe('A point on screen, in screen px from the left (with y).'),
  y: z.number().describe('A point on screen, in screen px from the top (with x).'),
  image: zImage(),
  text: screenText().describe('Words shown on screen, in any application (found by OCR): case-insensitive, whitespace-normalised substring unless exact.'),
  selector: words().describe('A CSS selector in the browser page open_browser opened.'),
  role: role().describe('An ARIA role in the browser page (button, link, textbox, …); with name, its accessible name.'),
  name: words().describe("With role: the element's accessible name (its label or text)."),
  label: words().describe('A form field in the browser page, by its label text.'),
  testId: words().describe('An element in the browser page by its data-testid.'),
});

/** The options that refine a target. */
const optionFields = () => ({
  nth: z.number().int().min(1).max(1000).describe('Of several matches, the nth (1-based) in reading order: top to bottom, then left to right.'),
  region: zRegion().describe('Look only inside this box (screen px).'),
  exact: z.boolean().describe('Match the whole text, case and all.'),
  timeout: zDuration(),
  offset: zOffset().describe('Added to the centre of what was found (screen px).'),
  confidence: zConfidence().describe('Image only: the least match score (0–1) to count as found; default 0.9.'),
});

type Raw = Record<string, unknown>;
const has = (v: Raw, k: string) => v[k] !== undefined;

/** Which kinds a value names (x or y alone counts as a point, to say what is missing). */
export const kindsGiven = (v: Raw): Array<TargetKind | 'by' | 'url'> => {
  const out: Array<TargetKind | 'by' | 'url'> = [];
  if (has(v, 'x') || has(v, 'y')) out.push('point');
  for (const k of ['image', 'text', 'selector', 'role', 'label', 'testId', 'by', 'url'] as const) if (has(v, k)) out.push(k);
  return out;
};

/** Which kinds each option makes sense for (an option given with another kind is refused). */
const OPTION_KINDS: Record<string, ReadonlyArray<TargetKind | 'url'>> = {
  nth: ['text', 'selector', 'role', 'label', 'testId'],
  near: ['image', 'text', 'selector', 'role', 'label', 'testId'],
  region: ['image', 'text', 'selector', 'role', 'label', 'testId'],
  exact: ['text', 'role', 'label'],
  timeout: ['image', 'text', 'selector', 'role', 'label', 'testId', 'url'],
  confidence: ['image'],
};
const OPTION_WHY: Record<string, string> = {
  nth: 'text and browser targets (an image search finds its best match only)',
  near: 'targets that are searched for (image, text, browser elements)',
  region: 'targets that are searched for (image, text, browser elements)',
  exact: 'text, role (its name) and label',
  timeout: 'targets that are searched for (image, text, browser elements, url)',
  confidence: 'image targets',
};

const listWords = (ks: readonly string[]) => (ks.length <= 1 ? ks.join('') : `${ks.slice(0, -1).join(', ')} and ${ks[ks.length - 1]}`);

/** The "needs exactly one target: …" message for a set of allowed kinds. */
const needsMessage = (allowed: ReadonlyArray<TargetKind | 'by' | 'url'>, extra?: string): string => {
  const usual = allowed.filter((k) => k !== 'by' && k !== 'url');
  const head =
    usual.length === TARGET_KINDS.length
      ? NEEDS_ONE_TARGET
      : `needs exactly one target: ${usual
          .map((k) => KIND_WORDS[k])
          .join(', ')
          .replace(/, ([^,]*)$/, ' or $1')}`;
  const more = allowed.filter((k) => k === 'by' || k === 'url');
  return `${head}${more.length ? `, or ${more.map((k) => KIND_WORDS[k]).join(' or ')}` : ''}${extra ?? ''}`;
};

export type TargetRule = {
  /** The kinds this place accepts. */
  kinds: ReadonlyArray<TargetKind | 'by' | 'url'>;
  /** No target is fine (scroll, zoom: where the pointer is). */
  optional?: boolean;
  /** Said after the list when none is given (blur: ", or a region to blur"). */
  orElse?: string;
  /** A value with none of the kinds is fine when this is true of it (blur with a region). */
  noneOk?: (v: Raw) => boolean;
};

/**
 * Checks a value against the one-target rule: exactly one kind (named when two are given, said
 * when none is), x with y, name with role, each option only where it applies. Issues are placed
 * at the offending key.
 */
export const checkTarget = (rule: TargetRule) => (v: Raw, ctx: z.RefinementCtx) => {
  const given = kindsGiven(v);
  const wrong = given.filter((k) => !rule.kinds.includes(k));
  for (const k of wrong) {
    const key = k === 'point' ? (has(v, 'x') ? 'x' : 'y') : k;
    ctx.addIssue({ code: 'custom', path: [key], message: `${KIND_WORDS[k]} is not a target here; ${needsMessage(rule.kinds)}` });
  }
  if (wrong.length) return;
  if (given.length === 0) {
    if (!rule.optional && !rule.noneOk?.(v)) ctx.addIssue({ code: 'custom', message: needsMessage(rule.kinds, rule.orElse) });
  } else if (given.length > 1) {
    const second = given[1] as TargetKind | 'by' | 'url';
    ctx.addIssue({
      code: 'custom',
      path: [second === 'point' ? (has(v, 'x') ? 'x' : 'y') : second],
      message: `${needsMessage(rule.kinds)}, but got ${given.length === 2 ? 'both ' : ''}${listWords(given.map((k) => KIND_WORDS[k]))}`,
    });
    return;
  }
  const kind = given[0];
  if (kind === 'point' && (!has(v, 'x') || !has(v, 'y'))) {
    ctx.addIssue({
      code: 'custom',
      path: [has(v, 'x') ? 'x' : 'y'],
      message: `a point needs both x and y (screen px), but got only ${has(v, 'x') ? 'x' : 'y'}`,
    });
  }
  if (has(v, 'name') && kind !== 'role')
    ctx.addIssue({
      code: 'custom',
      path: ['name'],
      message: "name goes with role (the element's accessible name, like role: button, name: Deploy), but there is no role",
    });
  if (kind === undefined) return;
  for (const [opt, kinds] of Object.entries(OPTION_KINDS)) {
    if (!has(v, opt) || (kinds as readonly string[]).includes(kind)) continue;
    // A region beside no target kind is blur's own region; checked by the action.
    ctx.addIssue({
      code: 'custom',
      path: [opt],
      message: `${opt} applies to ${OPTION_WHY[opt]}, not to ${kind === 'point' ? 'a point (x and y)' : `a ${KIND_WORDS[kind]} target`}`,
    });
  }
};

/** A nested target (near, drag's ends, a callout's at): every kind and option, without its own near. */
const nearSchema = () =>
  z
    .object({ ...kindFields(), ...optionFields() })
    .partial()
    .strict()
    .superRefine(checkTarget({ kinds: TARGET_KINDS }));

let fields: ReturnType<typeof buildTargetFields> | undefined;
const buildTargetFields = () => ({
  ...kindFields(),
  ...optionFields(),
  near: nearSchema().describe('Of several matches, the one closest to this other target.'),
});
/**
 * The target fields (all optional), to spread into an action's object schema. Built once: zod
 * schemas are immutable, and building them is most of the command line's start-up.
 */
export const targetFields = (): ReturnType<typeof buildTargetFields> => (fields ??= buildTargetFields());

/** A whole target as its own object (drag's from and to, a callout's at). */
export const zTarget = () =>
  z
    .object(targetFields())
    .partial()
    .strict()
    .superRefine(checkTarget({ kinds: TARGET_KINDS }));

// --- Page URLs -----------------------------------------------------------------------------

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** A URL (http or https) rather than a project path. */
export const isWebUrl = (v: string): boolean => /^https?:\/\//i.test(v);

const OFFLINE = 'the browser runs offline: it reaches only pages served on this machine';

/** Why a page URL is refused, or null: http(s) on localhost / 127.0.0.1 / [::1]; anything without a scheme is a project path (checked as one). */
export const pageUrlProblem = (v: string): string | null => {
  if (/^(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/i.test(v))
    return `must start with http:// or https://, but got ${JSON.stringify(v)} (did you mean "http://${v}"?)`;
  if (/^(data|javascript|blob|about|view-source):/i.test(v))
    return `must be http(s) on localhost or 127.0.0.1, or a file in the project, but got a ${v.split(':')[0]!.toLowerCase()}: URL (${OFFLINE})`;
  if (!SCHEME.test(v)) return null;
  if (!isWebUrl(v)) return `must be http(s) on localhost or 127.0.0.1, or a file in the project, but got ${JSON.stringify(v.slice(0, 200))} (${OFFLINE})`;
  let host: string;
  try {
    host = new URL(v).hostname.toLowerCase();
  } catch {
    return `must be a URL like http://localhost:3000/path, but ${JSON.stringify(v.slice(0, 200))} is not one`;
  }
  if (!LOCAL_HOSTS.has(host))
    return `must be a page on localhost or 127.0.0.1, but got the host ${JSON.stringify(host)} (${OFFLINE}; serve the page locally, or save it into the project and name its file)`;
  return null;
};

/**
 * A page to open: a URL on this machine (http://localhost:3000/x) or an HTML file in the project,
 * relative to the file that names it (resolved like every path a script names; a URL is left as
 * written).
 */
export const zPageUrl = () =>
  z
    .string()
    .min(1)
    .max(2048)
    .superRefine((v, ctx) => {
      const p = pageUrlProblem(v);
      if (p) ctx.addIssue({ code: 'custom', message: p });
    })
    .meta({ screenplay: 'path', path: 'file', url: true });

// --- Which targets need a browser ------------------------------------------------------------

/** Where an action's args hold targets: the args themselves, drag's ends, a callout's `at`, and each one's `near`. */
const targetPlaces = (args: Raw): Raw[] => {
  const out: Raw[] = [];
  for (const t of [args, args.from, args.to, args.at]) {
    if (!t || typeof t !== 'object' || Array.isArray(t)) continue;
    out.push(t as Raw);
    const near = (t as Raw).near;
    if (near && typeof near === 'object' && !Array.isArray(near)) out.push(near as Raw);
  }
  return out;
};

/** Actions whose own args are a target (callout's own `text` is its bubble: its target is `at`). */
const TARGET_ACTIONS = new Set(['move', 'click', 'drag', 'scroll', 'zoom', 'callout', 'blur', 'wait_for']);

/** The targets (with their `near`s) an action's args hold; none for an action that takes no target. */
export const targetsOf = (action: string, args: Raw): Raw[] => {
  if (!TARGET_ACTIONS.has(action)) return [];
  if (action === 'callout') return targetPlaces({ at: args.at });
  return targetPlaces(args);
};

const quote = (v: unknown) => JSON.stringify(String(v).length > 60 ? `${String(v).slice(0, 60)}…` : String(v));

/**
 * The first target in a step's args that needs a browser page (selector, role, label, testId; a
 * wait_for url), described for a message (`selector "#deploy"`), or null.
 */
export const browserTargetIn = (action: string, args: Raw): string | null => {
  if (action === 'wait_for' && typeof args.url === 'string') return `url ${quote(args.url)}`;
  if (action === 'goto') return 'goto';
  for (const t of targetPlaces(args)) {
    if (typeof t.selector === 'string') return `selector ${quote(t.selector)}`;
    if (typeof t.role === 'string') return `role ${t.role}${typeof t.name === 'string' ? ` named ${quote(t.name)}` : ''}`;
    if (typeof t.label === 'string') return `label ${quote(t.label)}`;
    if (typeof t.testId === 'string') return `testId ${quote(t.testId)}`;
  }
  return null;
};
