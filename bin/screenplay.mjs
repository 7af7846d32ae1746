#!/usr/bin/env node
// The `screenplay` command. An installed package runs its built JavaScript (dist/, made by
// `npm run build` when the package is packed); a git checkout runs the TypeScript source through
// tsx, so no build step is needed while working on screenplay. SCREENPLAY_RUN=dist|src chooses.
import fs from 'node:fs';

const root = new URL('..', import.meta.url);
const built = fs.existsSync(new URL('dist/cli.js', root));
const checkout = fs.existsSync(new URL('.git', root)) && fs.existsSync(new URL('src/cli/main.ts', root));
const from = process.env.SCREENPLAY_RUN ?? (built && !checkout ? 'dist' : 'src');

let cli;
if (from === 'dist') {
  cli = await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli/main.ts');
}
cli.endQuietlyOnClosedPipe();
await cli.exitWhenFlushed(await cli.main(process.argv.slice(2)));
