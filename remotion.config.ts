// Read by `npx remotion studio` and `npx remotion render`. Programmatic renders
// (src/render/render.ts) pass the same browser through browserOptions().
import { Config } from '@remotion/cli/config';
import { findBrowser } from './src/render/browser';

const browser = findBrowser();
if (browser) {
  Config.setBrowserExecutable(browser.executable);
}
Config.setVideoImageFormat('jpeg');
Config.setOverwriteOutput(true);
Config.setConcurrency(1);
