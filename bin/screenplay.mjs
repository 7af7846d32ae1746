#!/usr/bin/env node
// The `screenplay` command. An installed package runs its built JavaScript (dist/, made by
// `npm run build` when the package is packed). A git checkout runs src/ compiled by esbuild into
// node_modules/.cache/screenplay-cli/ (scripts/cli-build.mjs: built again when src/ changes),
// and src/ through tsx when that build cannot be made (no esbuild, an unwritable folder).
// SCREENPLAY_RUN=dist|src chooses; SCREENPLAY_DEBUG=1 says which ran.
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url);
const built = fs.existsSync(new URL('dist/cli.js', root));
const checkout = fs.existsSync(new URL('.git', root)) && fs.existsSync(new URL('src/cli/main.ts', root));
const from = process.env.SCREENPLAY_RUN ?? (checkout ? 'build' : built ? 'dist' : 'src');
const debug = process.env.SCREENPLAY_DEBUG === '1' ? (m) => process.stderr.write(`screenplay: ${m}\n`) : () => {};
// Stacks (SCREENPLAY_DEBUG=1) name the TypeScript source, through the builds' source maps.
if (process.env.SCREENPLAY_DEBUG === '1') process.setSourceMapsEnabled(true);

let cli;
if (from === 'dist') {
  cli = await import('../dist/cli.js');
} else {
  if (from === 'build') {
    try {
      const { checkoutCli } = await import('../scripts/cli-build.mjs');
      cli = await import(pathToFileURL(await checkoutCli(fileURLToPath(root), debug)).href);
    } catch (err) {
      debug(`running src/ through tsx: the compiled CLI could not be made (${String(err?.message ?? err).split('\n')[0]})`);
    }
  }
  if (!cli) {
    const { register } = await import('tsx/esm/api');
    register();
    cli = await import('../src/cli/main.ts');
  }
}
cli.endQuietlyOnClosedPipe();
await cli.exitWhenFlushed(await cli.main(process.argv.slice(2)));
