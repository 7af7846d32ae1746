/** Fonts ship with the bundle (@fontsource): nothing is fetched from the network. */
import { loadFont } from '@remotion/fonts';
import { fontStack } from '../../frame/caption-box';
import inter400 from '@fontsource/inter/files/inter-latin-400-normal.woff2';
import inter600 from '@fontsource/inter/files/inter-latin-600-normal.woff2';
import inter800 from '@fontsource/inter/files/inter-latin-800-normal.woff2';

/** Titles and panels: Inter, then DejaVu Sans (Hebrew, Arabic…), then the CJK and emoji fallbacks. */
export const FONT_FAMILY = fontStack('Inter', 'DejaVu Sans');

let loaded = false;
export const ensureFonts = (): void => {
  if (loaded || typeof document === 'undefined') return;
  loaded = true;
  for (const [url, weight] of [
    [inter400, '400'],
    [inter600, '600'],
    [inter800, '800'],
  ] as const) {
    void loadFont({ family: 'Inter', url, weight });
  }
};
