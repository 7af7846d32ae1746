#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a dependency), so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main, exitWhenFlushed, endQuietlyOnClosedPipe } = await import('../src/cli/main.ts');
endQuietlyOnClosedPipe();
await exitWhenFlushed(await main(process.argv.slice(2)));
