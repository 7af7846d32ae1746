/**
 * The published package's JavaScript (`npm pack` runs this through `prepack`): the library
 * (`screenplay`) and the compositions (`screenplay/compositions`) as ESM + CommonJS with bundled
 * .d.ts, and the CLI as ESM with one chunk per command (loaded when the command runs). Every
 * dependency and peer dependency stays external (one copy of remotion, react and zod).
 * src/ ships too: Remotion bundles src/index.ts for renders, and the .cjs helpers run from there.
 */
import { defineConfig } from 'tsup';

const common = {
  outDir: 'dist',
  target: 'node20',
  platform: 'node' as const,
  sourcemap: true,
  // Fonts (@fontsource .woff2) stay imports: the bundler of the project that uses the compositions resolves them.
  loader: { '.woff2': 'copy' as const },
};

export default defineConfig([
  {
    ...common,
    entry: { index: 'src/lib.ts', compositions: 'src/compositions/index.ts', 'remotion-config': 'src/remotion-config.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    shims: true,
  },
  {
    ...common,
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    splitting: true,
    dts: false,
  },
]);
