/**
 * docs/studio.md's props reference is the schemas' (scripts/studio-props-doc.ts writes it), and
 * names every field the props panel shows with its step. Pure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROPS_TABLE_BEGIN, PROPS_TABLE_END, propsReferenceTable, withPropsTable } from '../../src/compositions/shared/props-reference';
import { schemaFields } from '../../src/compositions/shared/schema-fields';
import { tiktokSplitSchema } from '../../src/compositions/tiktok-split/schema';

const PAGE = path.join(import.meta.dirname, '..', '..', 'docs', 'studio.md');

describe('docs/studio.md props reference', () => {
  it('is current (run `npx tsx scripts/studio-props-doc.ts` after changing a schema)', () => {
    const page = fs.readFileSync(PAGE, 'utf8');
    expect(withPropsTable(page)).toBe(page);
  });

  it('has a row for every field, numbers with their step', () => {
    const table = propsReferenceTable();
    for (const f of schemaFields(tiktokSplitSchema)) {
      const row = table.split('\n').find((l) => l.startsWith(`| \`${f.path}\``));
      expect(row, f.path).toBeDefined();
      if (f.kind === 'number') expect(row!.split(' | ')[4], f.path).toBe(String(f.step));
    }
    expect(table).toMatch(/^\| `style\.motion\.zoomLevel` \| all \| number \| `2` \| 0\.05 \| 1 to 6 \| /m);
  });

  it.each([
    ['no markers', 'text', /expected the markers .* but found no begin marker/],
    ['an end before the begin', `${PROPS_TABLE_END}\n${PROPS_TABLE_BEGIN}`, /but found no end marker after it/],
  ])('a page with %s is refused, naming what is missing', (_name, page, message) => {
    expect(() => withPropsTable(page)).toThrow(message);
  });
});
