#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a dependency), so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main, exitWhenFlushed } = await import('../src/cli/main.ts');
await exitWhenFlushed(await main(process.argv.slice(2)));
