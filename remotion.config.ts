// Read by `npx remotion studio` and `npx remotion render`. Programmatic renders
// (src/render/render.ts) make the same choice. Remotion runs this from the project root.
import { Config } from '@remotion/cli/config';
import { findBrowser } from './src/render/browser';
import { bindRemotionToLoopback } from './src/render/remotion-server';

const browser = findBrowser(process.cwd());
if (browser) {
  Config.setBrowserExecutable(browser.executable);
}
Config.setVideoImageFormat('jpeg');
Config.setOverwriteOutput(true);
Config.setConcurrency(1);
// Remotion has no host option: its servers (Studio's, a render's) would listen on all
// interfaces. Loopback only, as `screenplay render` does (src/render/remotion-server.ts).
if (!bindRemotionToLoopback()) {
  process.stderr.write("warning: Remotion's server listens on all interfaces (this Remotion version has no host option screenplay can set)\n");
}
