/**
 * The X11 keyboard's pure parts: reading a keymap (`xmodmap -pk`, lines as Xvfb prints them for
 * `setxkbmap de`), a character's keysym, which characters need a spare keycode (and chunking when
 * they outnumber the spare keycodes), and chords as keysyms. The real thing on Xvfb is in
 * typing-layouts.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { chordToKeysyms, keysFor, keysymName, keysymOf, parseKeymap, planTyping, spareLevels } from '../../src/capture/desktop/keyboard-x11';

// Lines of `xmodmap -pk` on Xvfb with `setxkbmap de` (tabs as printed).
const DE = [
  'There are 7 KeySyms per KeyCode; KeyCodes range from 8 to 255.',
  '',
  '    KeyCode\tKeysym (Keysym)\t...',
  '    Value  \tValue   (Name) \t...',
  '',
  '      8    \t',
  '     24    \t0x0071 (q)\t0x0051 (Q)\t0x0071 (q)\t0x0051 (Q)\t0x0040 (at)\t0x07d9 (Greek_OMEGA)\t0x0040 (at)\t',
  '     29    \t0x007a (z)\t0x005a (Z)\t0x007a (z)\t0x005a (Z)\t0x08fb (leftarrow)\t0x00a5 (yen)\t0x08fb (leftarrow)\t',
  '     47    \t0x00f6 (odiaeresis)\t0x00d6 (Odiaeresis)\t0x00f6 (odiaeresis)\t0x00d6 (Odiaeresis)\t0xfe59 (dead_doubleacute)\t0xfe60 (dead_belowdot)\t0xfe59 (dead_doubleacute)\t',
  '     49    \t0xfe52 (dead_circumflex)\t0x00b0 (degree)\t0xfe52 (dead_circumflex)\t0x00b0 (degree)\t0x1002032 (U2032)\t0x1002033 (U2033)\t0x1002032 (U2032)\t',
  '     93    \t',
  '     20    \t0x00df (ssharp)\t0x003f (question)\t0x00df (ssharp)\t0x003f (question)\t0x005c (backslash)\t0x00bf (questiondown)\t0x1001e9e (U1E9E)\t',
  '     39    \t0x0073 (s)\t0x0053 (S)\t0x0073 (s)\t0x0053 (S)\t0x100017f (U017F)\t0x1001e9e (U1E9E)\t0x100017f (U017F)\t',
  '     92    \t0xfe03 (ISO_Level3_Shift)\t0x0000 (NoSymbol)\t0xfe03 (ISO_Level3_Shift)\t',
  '    230    \t',
  // A second group (us,ru): Cyrillic in columns 3-4 is not reachable while group 1 is active.
  '     38    \t0x0061 (a)\t0x0041 (A)\t0x06c6 (Cyrillic_ef)\t0x06e6 (Cyrillic_EF)\t',
].join('\n');

describe('parseKeymap', () => {
  const map = parseKeymap(DE);
  it.each([
    ['q', 0x71, { keycode: 24, level: 1 }],
    ['Q', 0x51, { keycode: 24, level: 2 }],
    ['@ (AltGr+Q)', 0x40, { keycode: 24, level: 3 }],
    ['¥ (AltGr+Shift+Z)', 0xa5, { keycode: 29, level: 4 }],
    ['z', 0x7a, { keycode: 29, level: 1 }],
    ['ö', 0xf6, { keycode: 47, level: 1 }],
    ['° (Shift+^)', 0xb0, { keycode: 49, level: 2 }],
    ['′ (U+2032, AltGr)', 0x1002032, { keycode: 49, level: 3 }],
    // ẞ: keycode 20 has it at level 5 (Caps Lock), keycode 39 at level 4 (AltGr+Shift): 39 it is.
    ['ẞ', 0x1001e9e, { keycode: 39, level: 4 }],
    ['? (Shift+ß)', 0x3f, { keycode: 20, level: 2 }],
    ['^ (only a dead key)', 0x5e, undefined],
    ['ф (group 2)', 0x6c6, undefined],
    ['y (no key here)', 0x79, undefined],
  ])('%s → %j', (_name, keysym, want) => expect(map.keys.get(keysym)).toEqual(want));
  it('lists empty keycodes above 8, highest first', () => expect(map.spare).toEqual([230, 93]));
  it('has no level 3-4 where no key produces ISO_Level3_Shift (AltGr)', () => {
    const noAltGr = parseKeymap(
      DE.split('\n')
        .filter((l) => !l.includes('ISO_Level3_Shift'))
        .join('\n'),
    );
    expect(noAltGr.keys.get(0x40)).toBeUndefined();
    expect(noAltGr.keys.get(0x51)).toEqual({ keycode: 24, level: 2 });
  });
});

describe('keysFor', () => {
  const map = parseKeymap(DE);
  it.each([
    ['q', [], ['24']],
    ['Q', [], ['Shift_L', '24']],
    ['@', [], ['ISO_Level3_Shift', '24']],
    ['ẞ', [], ['ISO_Level3_Shift', 'Shift_L', '39']],
    ['\n', [], ['Return']],
    ['\t', [], ['Tab']],
    ['^', [{ keycode: 230, ch: '^' }], ['230']],
  ])('%j → %j', (ch, bind, keys) => expect(keysFor(ch, map, bind)).toEqual(keys));
});

describe('keysyms of characters', () => {
  it.each([
    ['a', 0x61, 'U0061'],
    ['~', 0x7e, 'U007E'],
    [' ', 0x20, 'U0020'],
    ['é', 0xe9, 'U00E9'],
    ['ß', 0xdf, 'U00DF'],
    ['\u00a0', 0xa0, 'U00A0'],
    ['П', 0x100041f, 'U041F'],
    ['东', 0x1004e1c, 'U4E1C'],
    ['ש', 0x10005e9, 'U05E9'],
    ['€', 0x10020ac, 'U20AC'],
    ['🚀', 0x101f680, 'U1F680'],
    ['\n', 0xff0d, 'Return'],
    ['\t', 0xff09, 'Tab'],
  ])('%j → %i (%s)', (ch, sym, name) => {
    expect(keysymOf(ch)).toBe(sym);
    expect(keysymName(ch)).toBe(name);
  });
});

describe('planTyping', () => {
  const map = parseKeymap(DE);
  it('binds only what no key produces, once per text', () => {
    expect(planTyping([...'qz@^^ö\n'], map)).toEqual([{ chars: [...'qz@^^ö\n'], bind: [{ keycode: 230, ch: '^' }] }]);
  });
  it('starts a new chunk when the spare keycodes run out', () => {
    const chunks = planTyping([...'абвq'], map);
    expect(chunks).toEqual([
      {
        chars: ['а', 'б'],
        bind: [
          { keycode: 230, ch: 'а' },
          { keycode: 93, ch: 'б' },
        ],
      },
      { chars: ['в', 'q'], bind: [{ keycode: 230, ch: 'в' }] },
    ]);
  });
  it('says which character cannot be typed when no keycode is free, naming none of a secret', () => {
    const full = { keys: map.keys, spare: [] };
    expect(() => planTyping([...'qé'], full)).toThrow(
      /^cannot type character 2, U\+00E9 \("é"\): no key of the active keyboard layout produces it, and the keymap has no free keycode/,
    );
    expect(() => planTyping([...'qé'], full, true)).toThrow(/^cannot type character 2: no key/);
    expect(() => planTyping([...'qé'], full, true)).not.toThrow(/é/);
  });
});

describe('chordToKeysyms', () => {
  it.each([
    ['Enter', 'Return', null],
    ['Ctrl+Shift+P', 'Control_L+Shift_L+U0070', 'p'],
    ['Ctrl+Z', 'Control_L+U007A', 'z'],
    ['cmd+k', 'Super_L+U006B', 'k'],
    ['Alt+F4', 'Alt_L+F4', null],
    ['Shift+Tab', 'Shift_L+Tab', null],
    ['PageDown', 'Next', null],
    ['$', 'U0024', '$'],
    ['A', 'U0041', 'A'],
    ['+', 'U002B', '+'],
    ['é', 'U00E9', 'é'],
    ['Ctrl+ö', 'Control_L+U00F6', 'ö'],
  ])('%s → %s', (chord, keys, ch) => expect(chordToKeysyms(chord)).toEqual({ keys, ch }));
});

describe('spareLevels: what a spare keycode is bound to', () => {
  it.each([
    // A letter a Russian layout lacks: Shift with it must give the capital (the tester's `Shift+a` gave "a").
    { ch: 'a', want: 'U0061 U0041' },
    { ch: 'é', want: 'U00E9 U00C9' },
    { ch: 'я', want: 'U044F U042F' },
    // Already a capital, caseless, or a lowercase whose capital is two letters: itself at both levels.
    { ch: 'A', want: 'U0041 U0041' },
    { ch: '东', want: 'U4E1C U4E1C' },
    { ch: '🚀', want: 'U1F680 U1F680' },
    { ch: 'ß', want: 'U00DF U00DF' },
  ])('$ch → $want', ({ ch, want }) => {
    expect(spareLevels(ch)).toBe(want);
  });
});
