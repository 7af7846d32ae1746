/**
 * Terminal themes as named data: background, text, cursor, the prompt's colour and the 16 ANSI
 * colours. Both keep every ANSI colour readable on their background at TikTok sizes (the light
 * theme's yellow is an ochre, its white a grey). Pure.
 */
export type TerminalTheme = {
  background: string;
  foreground: string;
  cursor: string;
  /** SGR parameters of the prompt's colour. */
  prompt: string;
  /** ANSI colours 0–15: black, red, green, yellow, blue, magenta, cyan, white, then the bright ones. */
  ansi: readonly string[];
};

export const TERMINAL_THEMES = {
  dark: {
    background: '#11131c',
    foreground: '#d8dee9',
    cursor: '#f0f0f0',
    prompt: '38;5;111',
    ansi: [
      '#1d2030',
      '#f0717f',
      '#9fd67f',
      '#f2c97b',
      '#7ba8f4',
      '#c89cf2',
      '#7fd5d7',
      '#c9d1e0',
      '#4b5168',
      '#ff8d99',
      '#b7eb98',
      '#ffdc94',
      '#9dc0ff',
      '#dcb6ff',
      '#9be8ea',
      '#f4f6fb',
    ],
  },
  light: {
    background: '#fbfbf8',
    foreground: '#1f2328',
    cursor: '#1f2328',
    prompt: '38;5;25',
    ansi: [
      '#1f2328',
      '#c0283c',
      '#2e7a31',
      '#8a5f00',
      '#1f5ec2',
      '#8840b2',
      '#0e7880',
      '#6b7380',
      '#4f5661',
      '#d93d50',
      '#3a9440',
      '#a47300',
      '#3a78dc',
      '#a056cc',
      '#17929b',
      '#8b929c',
    ],
  },
} as const satisfies Record<string, TerminalTheme>;

export type TerminalThemeName = keyof typeof TERMINAL_THEMES;

/** xterm's command-line options for a theme: colours as -xrm resources, plus -bg/-fg/-cr. */
export const xtermThemeArgs = (theme: TerminalTheme): string[] => [
  '-bg',
  theme.background,
  '-fg',
  theme.foreground,
  '-cr',
  theme.cursor,
  ...theme.ansi.flatMap((c, i) => ['-xrm', `*VT100.color${i}: ${c}`]),
];
