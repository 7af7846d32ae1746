// PLACEHOLDER until fix/stage merges (its open-stage.ts replaces this file).
import { startVirtualDesktop } from '../capture/xvfb';
import type { Stage, StageChoice, StageSpec } from './types';

export const openStage = async (spec: StageSpec, choice: StageChoice, opts: { rootDir: string; onProgress?: (line: string) => void }): Promise<Stage> => {
  if (choice.kind === 'display') return { display: choice.display, screen: spec.screen, env: process.env, cwd: opts.rootDir, virtual: false, stop: async () => {} };
  const d = await startVirtualDesktop({ ...spec.screen, background: spec.background ?? '#2b3042' });
  return { display: d.display, screen: spec.screen, env: process.env, cwd: opts.rootDir, virtual: true, stop: d.stop };
};
