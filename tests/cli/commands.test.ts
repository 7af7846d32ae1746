import { describe, expect, it, vi } from 'vitest';

// Every command module's parseArgs call is recorded (then stopped), so the table's flags can be
// compared with the flags each command really parses.
const seen: Array<Record<string, { type: string; short?: string }>> = [];
class Parsed extends Error {}
vi.mock('node:util', async (orig) => {
  const util = await orig<typeof import('node:util')>();
  return {
    ...util,
    parseArgs: (config: { options?: Record<string, { type: string; short?: string }> }) => {
      seen.push(config.options ?? {});
      throw new Parsed('parsed');
    },
  };
});

const { COMMANDS } = await import('../../src/cli/commands');

describe('the command table', () => {
  it.each(COMMANDS.filter((c) => c.load).map((c) => [c.name, c] as const))(
    '%s: the table lists exactly the flags its module parses (names, shorts, booleans)',
    { timeout: 120_000 },
    async (_, c) => {
      seen.length = 0;
      const run = await c.load!();
      await expect(run(['--probe'])).rejects.toBeInstanceOf(Parsed);
      expect(seen).toHaveLength(1);
      const parsed = Object.entries(seen[0]!).map(([name, o]) => ({ name, short: o.short, boolean: o.type === 'boolean' }));
      const table = c.options.map((o) => ({ name: o.name, short: o.short, boolean: o.value === undefined }));
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      expect(table.sort(byName)).toEqual(parsed.sort(byName));
    },
  );

  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s: usage lines start with its name, one summary line, an example that runs it', (name, c) => {
    for (const u of c.usage) expect(u.startsWith(`screenplay ${name}`)).toBe(true);
    expect(c.summary).not.toMatch(/\n|\.$/);
    expect(c.examples.some((e) => e.includes(`screenplay ${name}`))).toBe(true);
    for (const o of c.options) expect(o.description).not.toMatch(/\n/);
  });
});
