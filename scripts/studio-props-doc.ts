/**
 * Writes the props reference table into docs/studio.md (between its props-table markers), made
 * from the compositions' schemas. Run after changing a schema: `npx tsx scripts/studio-props-doc.ts`
 * (tests/studio/props-reference.test.ts fails until the page is current).
 */
import fs from 'node:fs';
import path from 'node:path';
import { withPropsTable } from '../src/compositions/shared/props-reference';

const page = path.join(import.meta.dirname, '..', 'docs', 'studio.md');
const before = fs.readFileSync(page, 'utf8');
const after = withPropsTable(before);
if (after !== before) fs.writeFileSync(page, after);
process.stdout.write(`${after === before ? 'current' : 'updated'}: docs/studio.md\n`);
