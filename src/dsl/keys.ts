/** Key names and chords (`Ctrl+Shift+P`) as the script writes them. Pure. */
import { didYouMean } from './did-you-mean';

export const MODIFIERS = ['Ctrl', 'Shift', 'Alt', 'Meta', 'Cmd', 'Super'] as const;
export const NAMED_KEYS = [
  'Enter',
  'Return',
  'Tab',
  'Escape',
  'Esc',
  'Space',
  'Backspace',
  'Delete',
  'Insert',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Up',
  'Down',
  'Left',
  'Right',
  'CapsLock',
  'F1',
  'F2',
  'F3',
  'F4',
  'F5',
  'F6',
  'F7',
  'F8',
  'F9',
  'F10',
  'F11',
  'F12',
] as const;

/** "U+00E9" for a code point. */
const codePoint = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why one code point cannot be typed, or null when it can: C0/C1 control characters (other
 * than the ones `allow` lists), DEL, lone surrogates (half of a UTF-16 pair) and Unicode
 * noncharacters (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF) have no key and no keysym a desktop types.
 * Everything else (accents, any script, emoji, combining marks) is typed (on X11 by keysym,
 * see src/capture/desktop/keyboard-x11.ts).
 */
const untypable = (cp: number, allow: string): string | null => {
  if (allow.includes(String.fromCodePoint(cp))) return null;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 'a control character';
  if (cp >= 0xd800 && cp <= 0xdfff) return 'half of a surrogate pair (broken UTF-16)';
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return 'a Unicode noncharacter';
  return null;
};

/**
 * null when every character of `text` can be typed on a keyboard; otherwise what is wrong,
 * naming the character's position (1-based, in characters) and code point, never quoting the
 * text (it may be a secret). `allow`: the control characters that are keys here ("\n\t" for
 * `type`: Enter and Tab; "\t" for a one-line `run` command).
 */
export const checkTypableText = (text: string, allow = '\n\t'): string | null => {
  let i = 0;
  for (let k = 0; k < text.length; k++) {
    i++;
    const cp = text.codePointAt(k) as number;
    // A lone high surrogate followed by a low one is a pair: codePointAt joins them.
    if (cp > 0xffff) k++;
    const why = untypable(cp, allow);
    if (why === null) continue;
    const keys = [...allow].map((c) => (c === '\n' ? '\\n (Enter)' : c === '\t' ? '\\t (Tab)' : codePoint(c.codePointAt(0) as number)));
    const hint =
      cp === 0x0a
        ? ': a command is one line (use one run step per command)'
        : cp === 0x0d
          ? ': write \\n for Enter'
          : `: only ${keys.join(' and ') || 'printable characters'} among the control characters`;
    return `character ${i} is ${codePoint(cp)}, ${why}, which no keyboard types${hint}`;
  }
  return null;
};

/** One character (one code point) that is a key of its own: printable, not a control character. */
const oneTypableChar = (s: string): boolean => [...s].length === 1 && untypable(s.codePointAt(0) as number, '') === null;

/** null when the chord is valid; otherwise what is wrong. */
export const checkKeyChord = (chord: string): string | null => {
  if (oneTypableChar(chord)) return null; // one printable character ("+", " ", "é", "ß" included)
  const parts = chord.split('+').map((p) => p.trim());
  if (parts.some((p) => p === '')) return `must be a key or a chord like "Ctrl+Shift+P", but got "${chord}"`;
  const key = parts[parts.length - 1] as string;
  for (const mod of parts.slice(0, -1)) {
    if (!MODIFIERS.some((m) => m.toLowerCase() === mod.toLowerCase())) {
      return `"${mod}" is not a modifier (${MODIFIERS.join(', ')})${didYouMean(mod, MODIFIERS)}`;
    }
  }
  if (oneTypableChar(key)) return null;
  if (NAMED_KEYS.some((k) => k.toLowerCase() === key.toLowerCase())) return null;
  return `"${key}" is not a key: use one printable character or a named key (${NAMED_KEYS.slice(0, 8).join(', ')}, …)${didYouMean(key, NAMED_KEYS)}`;
};
