/**
 * The keyboard on X11, by keysym for the active layout: the keymap as it is now (`xmodmap -pk`)
 * says which key and level (plain, Shift, AltGr, AltGr+Shift) produce each character, and xdotool
 * presses that keycode with that level's modifiers (`setxkbmap de` types "@" as AltGr+Q; Ctrl+Z
 * on QWERTZ presses the key that produces "z"). A character no key of the layout produces ("é"
 * on us, "^" on de where it is a dead key, Cyrillic, CJK, emoji) is bound to a spare keycode
 * (one with no keysym) for the whole text, typed, and the keycode is emptied again afterwards.
 *
 * Why not xdotool's own remapping (`xdotool type`): it binds one scratch keycode per character
 * and unbinds it at once; X clients read the keymap when they handle the key event, often after
 * the unbind, and the character is lost (measured on Xvfb + xterm: "café naïve Привет 东京" typed
 * with `xdotool type --delay 12` lost 6 of 22 characters). Here the bindings of a text stay put
 * until its last key has been handled. Why not xdotool's own keysym search: it takes the first
 * key that has the keysym at any level, also one only Caps Lock reaches, and leaves Caps Lock on.
 *
 * Why not libnut (nut.js) on X11: it sends keycode 0 for a keysym the layout lacks ("`" on de),
 * and the X server's BadValue reply ends the process through Xlib's default error handler (exit
 * 1, no exit hook, no capture.json). xdotool runs as a child process: an X error there is a
 * failed step, and the capture's cleanup runs.
 *
 * Typing a character starts one xdotool (about 10-40 ms): the cadence is kept against a clock,
 * so that start-up time is part of the delay, not added to it. Keys go through stdin, never
 * argv. Not handled: Caps Lock already on when typing starts (letters arrive in the other case),
 * and layouts whose active group is not the first (typing uses group 1's keys).
 */
import { spawn, spawnSync } from 'node:child_process';

/** Where a keysym is: the key (keycode) and level (1 plain, 2 Shift, 3 AltGr, 4 AltGr+Shift) in group 1. */
export type KeyLevel = { keycode: number; level: 1 | 2 | 3 | 4 };

/** The keymap as far as typing needs it: where each keysym is, and keycodes with no keysym. */
export type Keymap = {
  /** Keysyms some key produces in group 1 at level 1-4, with the key and level that need the fewest modifiers. */
  keys: Map<number, KeyLevel>;
  /** Keycodes with no keysym at all, highest first (the ones bound for characters no key produces). */
  spare: number[];
};

/** The keysym of AltGr as X knows it: levels 3 and 4 need a key that produces it. */
const ISO_LEVEL3_SHIFT = 0xfe03;

/**
 * Reads `xmodmap -pk` output (pure). Its columns per keycode are the core protocol's: group 1
 * level 1, 2, group 2 level 1, 2, group 1 level 3, 4, then more levels and groups. Only group
 * 1's levels 1-4 count (a second group, e.g. ru in `us,ru`, is not the active one while
 * typing; level 5 on de is reached through Caps Lock), levels 3-4 only where a key produces
 * ISO_Level3_Shift. Where several keys produce a keysym, the one with the lowest level wins,
 * then the lowest keycode.
 */
export const parseKeymap = (pk: string): Keymap => {
  const keys = new Map<number, KeyLevel>();
  const spare: number[] = [];
  let level3 = false;
  for (const line of pk.split('\n')) {
    const m = /^\s*(\d+)\s*\t(.*)$/.exec(line) ?? /^\s*(\d+)\s*$/.exec(line);
    if (!m) continue;
    const keycode = Number(m[1]);
    const syms = [...(m[2] ?? '').matchAll(/0x([0-9a-fA-F]+)/g)].map((x) => parseInt(x[1] as string, 16));
    if (syms.every((x) => x === 0)) {
      if (keycode > 8) spare.push(keycode);
      continue;
    }
    if (syms.includes(ISO_LEVEL3_SHIFT)) level3 = true;
    for (const [col, level] of [
      [0, 1],
      [1, 2],
      [4, 3],
      [5, 4],
    ] as const) {
      const sym = syms[col];
      const had = sym ? keys.get(sym) : undefined;
      if (sym && (!had || had.level > level)) keys.set(sym, { keycode, level });
    }
  }
  if (!level3) for (const [sym, at] of keys) if (at.level > 2) keys.delete(sym);
  spare.sort((a, b) => b - a);
  return { keys, spare };
};

/** The modifier keysyms that select a level, as xdotool names them. */
const LEVEL_MODIFIERS: Record<KeyLevel['level'], string[]> = { 1: [], 2: ['Shift_L'], 3: ['ISO_Level3_Shift'], 4: ['ISO_Level3_Shift', 'Shift_L'] };

/**
 * The keysym of one character (a code point), as X defines it: Latin-1 characters are their own
 * keysym (0x20-0x7e, 0xa0-0xff), every other character is 0x1000000 + its code point; "\n" is
 * Return, "\t" is Tab.
 */
export const keysymOf = (ch: string): number => {
  if (ch === '\n') return 0xff0d;
  if (ch === '\t') return 0xff09;
  const cp = ch.codePointAt(0) as number;
  return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) ? cp : 0x1000000 + cp;
};

/** The name xdotool (XStringToKeysym) reads for a character's keysym: "U00E9", "U1F680", "Return", "Tab". */
export const keysymName = (ch: string): string => {
  if (ch === '\n') return 'Return';
  if (ch === '\t') return 'Tab';
  return `U${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
};

/** "U+00E9 (é)" for messages. */
const describe = (ch: string) =>
  `U+${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}${/\p{L}|\p{N}|\p{P}|\p{S}/u.test(ch) ? ` ("${ch}")` : ''}`;

/**
 * One run of typing (pure): `chars` in order, and which characters to bind to which spare
 * keycodes before typing them (none when the layout has every character).
 */
export type TypingChunk = { chars: string[]; bind: Array<{ keycode: number; ch: string }> };

/**
 * Splits a text into chunks whose characters the keymap can type, binding characters no key
 * produces to spare keycodes; a new chunk starts when the spare keycodes run out (pure).
 * Throws when a character needs a spare keycode and the keymap has none. `secret`: messages
 * name no character.
 */
export const planTyping = (chars: string[], keymap: Keymap, secret = false): TypingChunk[] => {
  const chunks: TypingChunk[] = [];
  let chunk: TypingChunk = { chars: [], bind: [] };
  for (const [i, ch] of chars.entries()) {
    if (keymap.keys.has(keysymOf(ch)) || ch === '\n' || ch === '\t' || chunk.bind.some((b) => b.ch === ch)) {
      chunk.chars.push(ch);
      continue;
    }
    if (keymap.spare.length === 0) {
      throw new Error(
        `cannot type character ${i + 1}${secret ? '' : `, ${describe(ch)}`}: no key of the active keyboard layout produces it, and the keymap has no free keycode to bind it to`,
      );
    }
    if (chunk.bind.length === keymap.spare.length) {
      chunks.push(chunk);
      chunk = { chars: [], bind: [] };
    }
    chunk.bind.push({ keycode: keymap.spare[chunk.bind.length] as number, ch });
    chunk.chars.push(ch);
  }
  if (chunk.chars.length) chunks.push(chunk);
  return chunks;
};

/** Script key names (case-insensitive) → X keysym names. */
const NAMED: Record<string, string> = {
  ctrl: 'Control_L',
  control: 'Control_L',
  shift: 'Shift_L',
  alt: 'Alt_L',
  meta: 'Super_L',
  cmd: 'Super_L',
  super: 'Super_L',
  enter: 'Return',
  return: 'Return',
  tab: 'Tab',
  escape: 'Escape',
  esc: 'Escape',
  space: 'space',
  backspace: 'BackSpace',
  delete: 'Delete',
  insert: 'Insert',
  home: 'Home',
  end: 'End',
  pageup: 'Prior',
  pagedown: 'Next',
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
  capslock: 'Caps_Lock',
};

/**
 * A chord as the script writes it (`Ctrl+Shift+P`, `Enter`, `$`, `Ctrl+é`) → xdotool's `key`
 * argument (`Control_L+Shift_L+U0070`) and the character key in it, if any (pure). The
 * character of a chord with modifiers is lowercase (`Ctrl+Shift+P` is Ctrl, Shift and the key
 * that produces "p", as on a keyboard); a lone character is itself (`A` types "A", with Shift
 * where the layout needs it). The chord was validated by the DSL (checkKeyChord).
 */
export const chordToKeysyms = (chord: string): { keys: string; ch: string | null } => {
  if ([...chord].length === 1) return { keys: keysymName(chord), ch: chord };
  const parts = chord.split('+');
  const out: string[] = [];
  let ch: string | null = null;
  for (const part of parts) {
    const lower = part.toLowerCase();
    const named = NAMED[lower];
    if (named) out.push(named);
    else if (/^f([1-9]|1[0-2])$/.test(lower)) out.push(part.toUpperCase());
    else {
      ch = parts.length > 1 ? lower : part;
      out.push(keysymName(ch));
    }
  }
  return { keys: out.join('+'), ch };
};

/**
 * What xdotool presses for a character (pure): the modifiers of its level and its keycode by
 * number (`ISO_Level3_Shift+24` for "@" on de), the spare keycode it is bound to, or Return /
 * Tab. By keycode, not by keysym: xdotool's own search may find a keysym first on a key at a
 * level only Caps Lock reaches ("ẞ" on de is keycode 20 level 5 before keycode 39 level 4) and
 * then leaves Caps Lock on.
 */
export const keysFor = (ch: string, keymap: Keymap, bind: TypingChunk['bind']): string[] => {
  const bound = bind.find((b) => b.ch === ch);
  if (bound) return [String(bound.keycode)];
  if (ch === '\n' || ch === '\t') return [keysymName(ch)];
  const at = keymap.keys.get(keysymOf(ch));
  if (!at) throw new Error(`no key for ${describe(ch)} in the keymap and none bound`); // planTyping binds every such character
  return [...LEVEL_MODIFIERS[at.level], String(at.keycode)];
};

/**
 * The keysyms a spare keycode gets for a chord's character with Shift (levels 1 and 2, xmodmap's
 * syntax, pure): a lowercase letter with an uppercase form gets both, so Shift with it gives the
 * capital as on any key ("a" on a Russian layout: `Shift+a` gives "A"); any other character is
 * itself at both.
 */
export const spareLevels = (ch: string): string => {
  const upper = ch.toUpperCase();
  const cased = ch !== upper && [...upper].length === 1 && upper.toLowerCase() === ch;
  return `${keysymName(ch)} ${keysymName(cased ? upper : ch)}`;
};

/** What the X11 keyboard sends: text at a cadence, and chords. */
export type X11Keyboard = {
  /**
   * Types `text` (any Unicode but control characters other than \n and \t), waiting
   * `delaysMs[i]` after character i (wall-clock ms, start-up of each key included);
   * `onKey` gets each character once its key has been sent.
   */
  type: (text: string, delaysMs: number[], opts?: { secret?: boolean; onKey?: (ch: string, wallMs: number) => void }) => Promise<void>;
  /** Presses a chord once (modifiers down, key, modifiers up). */
  press: (chord: string) => Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

/** How long a binding stays after its last key: the time an X client may take to handle the event. */
const SETTLE_MS = 150;

/**
 * The keyboard of X display `display`, through xdotool and xmodmap (child processes). A failure
 * of either (an X error, a display gone) rejects with its own message; nothing native runs in
 * screenplay's process.
 */
export const createX11Keyboard = (display: string): X11Keyboard => {
  const env = { ...process.env, DISPLAY: display };

  /** Runs xdotool with commands on stdin (`xdotool -`): keys never appear in argv. */
  const xdotool = (script: string, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const p = spawn('xdotool', ['-'], { env, stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (c: Buffer) => (err += c.toString()));
      p.on('error', (e) => reject(new Error(`could not run xdotool to ${what}: ${e.message}`)));
      p.stdin.on('error', () => undefined); // reported by the exit below
      p.on('exit', (code, signal) => {
        // xdotool reports a key name it does not know on stderr and carries on: that is a failure too.
        const problem = err.split('\n').find((l) => /X Error|No such key|Can't open display|Failed/i.test(l));
        if (code === 0 && !problem) resolve();
        else reject(new Error(`xdotool could not ${what}: ${(problem ?? err.trim().split('\n').at(-1)) || `exit ${code ?? signal}`}`));
      });
      p.stdin.end(script);
    });

  const keymap = (): Keymap => {
    const r = spawnSync('xmodmap', ['-display', display, '-pk'], { encoding: 'utf8', timeout: 10_000 });
    if (r.status !== 0) throw new Error(`could not read the keymap of ${display} (xmodmap -pk): ${(r.stderr || r.error?.message || '').trim()}`);
    return parseKeymap(r.stdout);
  };

  /** `cased`: a lowercase letter gets its capital at level 2 (a chord with Shift); else the character at both. */
  const setBindings = (bind: TypingChunk['bind'], on: boolean, cased = false) => {
    if (bind.length === 0) return;
    const levels = (ch: string) => (cased ? spareLevels(ch) : `${keysymName(ch)} ${keysymName(ch)}`);
    const args = ['-display', display, ...bind.flatMap((b) => ['-e', on ? `keycode ${b.keycode} = ${levels(b.ch)}` : `keycode ${b.keycode} =`])];
    const r = spawnSync('xmodmap', args, { encoding: 'utf8', timeout: 10_000 });
    if (r.status !== 0 || /error/i.test(r.stderr)) {
      throw new Error(`could not ${on ? 'bind' : 'free'} spare keycodes (xmodmap): ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`);
    }
  };

  /** Runs `fn` with `bind` in the keymap, and frees the keycodes afterwards whatever happened. */
  const withBindings = async (bind: TypingChunk['bind'], fn: () => Promise<void>, cased = false) => {
    setBindings(bind, true, cased);
    try {
      if (bind.length) await sleep(30); // clients see the MappingNotify before the first key
      await fn();
    } finally {
      if (bind.length) {
        await sleep(SETTLE_MS);
        setBindings(bind, false);
      }
    }
  };

  return {
    type: async (text, delaysMs, opts = {}) => {
      const chars = [...text];
      const map = keymap();
      const chunks = planTyping(chars, map, opts.secret);
      let i = 0;
      let due = now();
      for (const chunk of chunks) {
        await withBindings(chunk.bind, async () => {
          for (const ch of chunk.chars) {
            const wait = due - now();
            if (wait > 1) await sleep(wait);
            await xdotool(
              `key --delay 0 ${keysFor(ch, map, chunk.bind).join('+')}\n`,
              opts.secret ? `type character ${i + 1} of a secret` : `type ${describe(ch)}`,
            );
            opts.onKey?.(ch, now());
            due = Math.max(due + (delaysMs[i] ?? 0), now());
            i++;
          }
        });
      }
    },
    press: async (chord) => {
      const { keys, ch } = chordToKeysyms(chord);
      if (!ch) return xdotool(`key --delay 0 ${keys}\n`, `press ${chord}`);
      const map = keymap();
      const bind = planTyping([ch], map)[0]?.bind ?? [];
      // The chord's own modifiers, then the character's level modifiers (not twice) and its key.
      const mods = keys.split('+').slice(0, -1);
      const sent = [...new Set([...mods, ...keysFor(ch, map, bind)])].join('+');
      // Shift with a bound letter gives its capital, as on any key (typing binds each character as itself:
      // a capital bound at level 2 disturbed xterm's input on de).
      await withBindings(bind, () => xdotool(`key --delay 0 ${sent}\n`, `press ${chord}`), mods.includes('Shift_L'));
    },
  };
};
