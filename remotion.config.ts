// Read by `npx remotion studio` and `npx remotion render`. Programmatic renders
// (src/render/render.ts) make the same choice. Remotion runs this from the project root.
import { Config } from '@remotion/cli/config';
import { findBrowser } from './src/render/browser';

const browser = findBrowser(process.cwd());
if (browser) {
  Config.setBrowserExecutable(browser.executable);
}
Config.setVideoImageFormat('jpeg');
Config.setOverwriteOutput(true);
Config.setConcurrency(1);
