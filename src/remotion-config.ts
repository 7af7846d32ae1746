/**
 * `import { configureRemotion } from 'screenplay/remotion-config'`: what every remotion.config.ts
 * that previews or renders screenplay's compositions needs (this repository's own, and the one
 * `screenplay init --studio` writes): the system Chromium (through screenplay's offline wrapper,
 * never a downloaded one), JPEG frames, overwriting, one tab, and Remotion's servers (Studio's,
 * a render's) on 127.0.0.1 only. Programmatic renders (src/render/render.ts) make the same choices.
 */
import { findBrowser } from './render/browser';
import { bindRemotionToLoopback } from './render/remotion-server';
import { packageRoot } from './util/package-root';

/** The part of `Config` from '@remotion/cli/config' this uses. */
export type RemotionConfig = {
  setBrowserExecutable: (executable: string | null) => void;
  setVideoImageFormat: (format: 'jpeg' | 'png' | 'none') => void;
  setOverwriteOutput: (overwrite: boolean) => void;
  setConcurrency: (concurrency: number | string | null) => void;
};

/**
 * Applies screenplay's settings to Remotion's `Config`. `root`: screenplay's folder (where
 * scripts/chromium-offline is); this repository's own config passes `process.cwd()` (Remotion
 * runs it from the project root, bundled, where this module's own location is unknown), an
 * installed package finds its folder itself. Returns the warnings (one line each) it also printed
 * to stderr: no system browser (Remotion would use its own), or a Remotion whose server could not
 * be bound to loopback.
 */
export const configureRemotion = (Config: RemotionConfig, root?: string): string[] => {
  const warnings: string[] = [];
  const browser = findBrowser(root ?? packageRoot());
  if (browser) Config.setBrowserExecutable(browser.executable);
  else warnings.push('no system Chromium or Chrome found: Remotion will use its own browser (apt-get install chromium)');
  Config.setVideoImageFormat('jpeg');
  Config.setOverwriteOutput(true);
  Config.setConcurrency(1);
  // Remotion has no host option: its servers would listen on all interfaces.
  if (!bindRemotionToLoopback()) warnings.push("Remotion's server listens on all interfaces (this Remotion version has no host option screenplay can set)");
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  return warnings;
};
