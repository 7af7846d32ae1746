/**
 * Masks secrets in a terminal's output stream (pure: no timers, no I/O). A secret may arrive in
 * any number of writes, one character at a time, with escape codes in the middle (colour,
 * cursor moves) or split inside a multi-byte UTF-8 character: matching runs on the
 * escape-stripped view of the stream (the characters the screen would show, in order), and every
 * character of an occurrence is replaced by "•" while every escape code stays where it was, so
 * the screen keeps its layout and colours.
 *
 * To mask an occurrence whose first characters have already arrived, the masker holds back the
 * shortest tail of the view that could still grow into a secret (at most the longest secret's
 * length − 1 characters, plus the escape codes among them). Held text is released as soon as the
 * next character decides it, or when the caller calls `flush()` (the terminal does so after
 * `SECRET_HOLD_MS` without a decision): a held beginning of a secret of MIN_SECRET_LENGTH
 * characters or more then shows as dots (a program printing a secret in slow pieces shows none of
 * it), a shorter one as it is. Matching continues across a flush: the rest of a secret that
 * completes later is masked.
 *
 * Characters masked are printable ones (code points from U+0020, except DEL and C1 controls);
 * control characters (CR, LF, BS, BEL, TAB) stay and are part of the view, so a line break ends
 * a match. Wide characters become two dots, combining marks none, so columns stay where they were.
 * Secrets inside string sequences (OSC/DCS/APC/PM/SOS: window titles, hyperlinks) are masked there.
 */

import { MASK_CHAR, MIN_SECRET_LENGTH } from '../secrets';

export { MASK_CHAR, MIN_SECRET_LENGTH };
/** How long the terminal waits for held text to be decided before it shows it anyway, in ms. */
export const SECRET_HOLD_MS = 1000;
/** An escape sequence longer than this is passed on as it is (a broken or hostile stream). */
const MAX_SEQUENCE_LENGTH = 4096;

type Token = { kind: 'char'; text: string; masked: boolean } | { kind: 'esc'; text: string };

export type SecretMasker = {
  /** Adds a secret to look for from now on (ignored when shorter than MIN_SECRET_LENGTH). */
  addSecret: (secret: string) => void;
  /** While on, every printable character that arrives is masked (the echo of a secret being typed). */
  setMaskAll: (on: boolean) => void;
  /** Takes the next piece of output (a string, or raw UTF-8 bytes) and returns what may be shown now. */
  push: (chunk: string | Uint8Array) => string;
  /** Returns everything held back (as it stands: what is known to be secret is masked). */
  flush: () => string;
  /** How many characters are held back (0: everything pushed has been returned). */
  held: () => number;
};

const isControl = (cp: number) => cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
const isCombining = (cp: number) =>
  (cp >= 0x300 && cp <= 0x36f) ||
  (cp >= 0x1ab0 && cp <= 0x1aff) ||
  (cp >= 0x1dc0 && cp <= 0x1dff) ||
  (cp >= 0x20d0 && cp <= 0x20ff) ||
  (cp >= 0xfe20 && cp <= 0xfe2f) ||
  cp === 0x200b ||
  cp === 0x200d ||
  (cp >= 0xfe00 && cp <= 0xfe0f);
/** East Asian wide and emoji ranges (two columns in xterm). */
const isWide = (cp: number) =>
  (cp >= 0x1100 && cp <= 0x115f) ||
  (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
  (cp >= 0xac00 && cp <= 0xd7a3) ||
  (cp >= 0xf900 && cp <= 0xfaff) ||
  (cp >= 0xfe30 && cp <= 0xfe4f) ||
  (cp >= 0xff00 && cp <= 0xff60) ||
  (cp >= 0xffe0 && cp <= 0xffe6) ||
  (cp >= 0x1f300 && cp <= 0x1f64f) ||
  (cp >= 0x1f900 && cp <= 0x1f9ff) ||
  (cp >= 0x20000 && cp <= 0x3fffd);

/** The mask for one character: as many dots as columns it takes; control characters unchanged. */
export const maskChar = (ch: string): string => {
  const cp = ch.codePointAt(0) ?? 0;
  if (isControl(cp)) return ch;
  if (isCombining(cp)) return '';
  return isWide(cp) ? MASK_CHAR + MASK_CHAR : MASK_CHAR;
};

/** Every printable character as "•", escape sequences and control characters kept (widths stay). */
export const maskPrintable = (s: string): string => {
  const m = createSecretMasker();
  m.setMaskAll(true);
  return m.push(s) + m.flush();
};

/**
 * Where the escape sequence starting at `s[0] === ESC` ends: its length, 0 when `s` ends before
 * the sequence does (more is needed).
 */
const sequenceLength = (s: string): number => {
  const c = s[1];
  if (c === undefined) return 0;
  if (c === '[') {
    // CSI: parameters and intermediates (0x20–0x3f), then one final byte (0x40–0x7e).
    for (let i = 2; i < s.length; i++) {
      const b = s.charCodeAt(i);
      if (b >= 0x40 && b <= 0x7e) return i + 1;
      if (b < 0x20 || b > 0x3f) return i; // malformed: end before the stray character
    }
    return 0;
  }
  if (c === ']' || c === 'P' || c === '_' || c === '^' || c === 'X') {
    // String sequences end with BEL or ST (ESC \).
    for (let i = 2; i < s.length; i++) {
      if (s[i] === '\x07') return i + 1;
      if (s[i] === '\x1b') {
        if (i + 1 >= s.length) return 0;
        return s[i + 1] === '\\' ? i + 2 : i;
      }
    }
    return 0;
  }
  if (c === '(' || c === ')' || c === '*' || c === '+' || c === '#' || c === '%' || c === ' ') return s.length >= 3 ? 3 : 0;
  return 2; // ESC 7, ESC 8, ESC =, ESC >, ESC M, ESC c …
};

/**
 * A streaming masker (see the module's comment). `secrets` are looked for from the start;
 * `addSecret` adds more. Output is returned by `push` and `flush`, in order, never twice.
 */
export const createSecretMasker = (secrets: readonly string[] = []): SecretMasker => {
  const known: string[] = [];
  let maxLength = 0;
  let maskAll = false;
  let held: Token[] = [];
  /** Already returned characters of the view (the last maxLength − 1 code units): matches continue across writes. */
  let tail = '';
  /** Input not yet tokenised: an escape sequence or surrogate pair cut by the end of a write. */
  let pending = '';
  const decoder = new TextDecoder('utf-8');

  const addSecret = (secret: string) => {
    if (secret.length < MIN_SECRET_LENGTH || known.includes(secret)) return;
    known.push(secret);
    maxLength = Math.max(maxLength, secret.length);
  };
  for (const s of secrets) addSecret(s);

  /** Secrets inside a string sequence (a title, a link) are masked there; the sequence stays whole. */
  const maskSequence = (seq: string): string => {
    if (seq.length < 3 || !']P_^X'.includes(seq[1] as string)) return seq;
    let out = seq;
    for (const s of known) out = out.split(s).join(MASK_CHAR.repeat([...s].length));
    return out;
  };

  const tokenise = (text: string): void => {
    const s = pending + text;
    pending = '';
    let i = 0;
    while (i < s.length) {
      if (s[i] === '\x1b') {
        const n = sequenceLength(s.slice(i, i + MAX_SEQUENCE_LENGTH));
        if (n === 0 && s.length - i < MAX_SEQUENCE_LENGTH) {
          pending = s.slice(i);
          return;
        }
        const len = n || MAX_SEQUENCE_LENGTH;
        held.push({ kind: 'esc', text: maskSequence(s.slice(i, i + len)) });
        i += len;
        continue;
      }
      const cp = s.codePointAt(i) as number;
      // A high surrogate at the very end: its pair comes with the next write.
      if (cp >= 0xd800 && cp <= 0xdbff && i === s.length - 1) {
        pending = s.slice(i);
        return;
      }
      const ch = String.fromCodePoint(cp);
      held.push({ kind: 'char', text: ch, masked: maskAll && !isControl(cp) });
      i += ch.length;
    }
  };

  /** Returns the held tokens that are decided, masking those an occurrence covers. */
  const settle = (all: boolean): string => {
    const chars = held.filter((t): t is Extract<Token, { kind: 'char' }> => t.kind === 'char');
    const view = tail + chars.map((c) => c.text).join('');
    // Which code units of the view an occurrence of a secret covers.
    const covered = new Uint8Array(view.length);
    for (const s of known) {
      for (let at = view.indexOf(s); at >= 0; at = view.indexOf(s, at + 1)) covered.fill(1, at, at + s.length);
    }
    // The first view position from which the rest could still grow into a secret.
    let open = view.length;
    for (let at = Math.max(0, view.length - maxLength + 1); at < view.length; at++) {
      const rest = view.slice(at);
      if (known.some((s) => s.length > rest.length && s.startsWith(rest))) {
        open = at;
        break;
      }
    }
    // Flushed undecided (a program printing a secret in pieces, slower than SECRET_HOLD_MS): a
    // held beginning of a secret at least MIN_SECRET_LENGTH long is shown as dots, not as text.
    const maskOpen = all && view.length - open >= MIN_SECRET_LENGTH;
    // Emit tokens up to the first visible character at or after `open` (a character masked
    // anyway gives nothing away, so it is not held).
    let out = '';
    let offset = tail.length;
    let emitted = 0;
    let emittedView = tail;
    for (const t of held) {
      if (t.kind === 'esc') {
        out += t.text;
        emitted++;
        continue;
      }
      const isCovered = covered.subarray(offset, offset + t.text.length).some((b) => b === 1);
      const masked = t.masked || isCovered || (maskOpen && offset >= open);
      if (!all && offset >= open && !masked) break;
      out += masked ? maskChar(t.text) : t.text;
      emittedView += t.text;
      offset += t.text.length;
      emitted++;
    }
    held = held.slice(emitted);
    tail = maxLength > 1 ? emittedView.slice(-(maxLength - 1)) : '';
    // Keep the masks of held characters that an occurrence already covers.
    let o = offset;
    for (const t of held) {
      if (t.kind !== 'char') continue;
      if (covered.subarray(o, o + t.text.length).some((b) => b === 1)) t.masked = true;
      o += t.text.length;
    }
    return out;
  };

  return {
    addSecret,
    setMaskAll: (on) => {
      maskAll = on;
    },
    push: (chunk) => {
      tokenise(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      return settle(false);
    },
    // An escape sequence or surrogate pair cut by the end of a write stays pending: it shows
    // nothing yet, and its rest is on its way.
    flush: () => settle(true),
    held: () => held.filter((t) => t.kind === 'char').length,
  };
};
