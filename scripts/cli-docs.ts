/** Writes docs/cli.md from the command table (src/cli/commands.ts): `npx tsx scripts/cli-docs.ts`. */
import fs from 'node:fs';
import path from 'node:path';
import { cliReference } from '../src/cli/help';

const file = path.join(import.meta.dirname, '..', 'docs', 'cli.md');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, cliReference());
process.stderr.write(`wrote ${path.relative(process.cwd(), file)}\n`);
