import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands';
import { cliReference } from '../../src/cli/help';

const DOC = path.join(__dirname, '..', '..', 'docs', 'cli.md');

describe('docs/cli.md', () => {
  it('is current with the command table (run `npx tsx scripts/cli-docs.ts` after changing src/cli/commands.ts)', () => {
    expect(fs.readFileSync(DOC, 'utf8')).toBe(cliReference());
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))('documents %s: a section, its usage, every option with its default', (name, c) => {
    const text = cliReference();
    const section = text.slice(text.indexOf(`## screenplay ${name}\n`), text.indexOf('\n## ', text.indexOf(`## screenplay ${name}\n`) + 1));
    expect(section).toContain(c.usage[0]);
    for (const o of c.options)
      expect(section).toMatch(
        new RegExp(`\\| \`(-${o.short}, )?--${o.name}[ \`].*\\| ${(o.default ?? '—').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\|/g, '\\\\\\|')} \\|`),
      );
  });
});
