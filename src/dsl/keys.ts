/** Key names and chords (`Ctrl+Shift+P`) as the script writes them. Pure. */
import { didYouMean } from './did-you-mean';

export const MODIFIERS = ['Ctrl', 'Shift', 'Alt', 'Meta', 'Cmd', 'Super'] as const;
export const NAMED_KEYS = [
  'Enter', 'Return', 'Tab', 'Escape', 'Esc', 'Space', 'Backspace', 'Delete', 'Insert', 'Home', 'End',
  'PageUp', 'PageDown', 'Up', 'Down', 'Left', 'Right', 'CapsLock',
  'F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12',
] as const;

/** null when the chord is valid; otherwise what is wrong. */
export const checkKeyChord = (chord: string): string | null => {
  if (chord.length === 1 && chord >= ' ' && chord <= '~') return null; // one printable character, "+" and " " included
  const parts = chord.split('+').map((p) => p.trim());
  if (parts.some((p) => p === '')) return `must be a key or a chord like "Ctrl+Shift+P", but got "${chord}"`;
  const key = parts[parts.length - 1] as string;
  for (const mod of parts.slice(0, -1)) {
    if (!MODIFIERS.some((m) => m.toLowerCase() === mod.toLowerCase())) {
      return `"${mod}" is not a modifier (${MODIFIERS.join(', ')})${didYouMean(mod, MODIFIERS)}`;
    }
  }
  if (key.length === 1 && key >= ' ' && key <= '~') return null;
  if (NAMED_KEYS.some((k) => k.toLowerCase() === key.toLowerCase())) return null;
  return `"${key}" is not a key: use one printable character or a named key (${NAMED_KEYS.slice(0, 8).join(', ')}, …)${didYouMean(key, NAMED_KEYS)}`;
};
