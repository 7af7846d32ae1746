import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScript, scriptJsonSchema } from '../../src/dsl';
import { loadScript } from '../../src/cli/load-script';
import { ROOT } from './helpers';

const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => /\.(ya?ml|ts)$/.test(f) && !f.endsWith('.d.ts')); // a .d.ts is generated types, not a script

describe('examples', () => {
  it('there are the four Ink videos and a TypeScript twin', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples)('%s validates', async (file) => {
    const loaded = await loadScript(path.join(ROOT, 'examples', file));
    const r = compileScript(loaded);
    expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`)).toEqual([]);
    expect(r.plan!.steps.length).toBeGreaterThan(3);
  });

  it.each(examples.filter((f) => f.endsWith('.yaml')).concat(fs.readdirSync(path.join(ROOT, 'primitives')).map((f) => `../primitives/${f}`)))(
    '%s starts with the yaml-language-server schema line',
    (file) => {
      const first = fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8').split('\n')[0];
      // Which schema, and that it is current and gives no false warnings: tests/editors/yaml-language-server.test.ts.
      expect(first).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/(screenplay|primitives\/[a-z0-9-]+)\.schema\.json$/);
    },
  );

  it('a TypeScript script compiles to the same plan as its YAML twin', async () => {
    const plans = await Promise.all(
      ['add-ink-to-claude-code.yaml', 'add-ink-to-claude-code.ts'].map(async (f) => {
        const loaded = await loadScript(path.join(ROOT, 'examples', f));
        const r = compileScript(loaded);
        expect(r.errors).toEqual([]);
        // Sources differ (a .ts file has no YAML positions); everything else is the same.
        return r.plan!.steps.map(({ id, action, args, stack }) => ({ id, action, args, stack: stack.map((f) => f.primitive) }));
      }),
    );
    expect(plans[1]).toEqual(plans[0]);
  });
});

describe('schema/screenplay.schema.json', () => {
  it('is up to date (regenerate with: npx screenplay schema --out schema/screenplay.schema.json)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'screenplay.schema.json'), 'utf8'));
    expect(committed).toEqual(scriptJsonSchema());
  });

  it('lists every action as a step key', () => {
    const step = (scriptJsonSchema() as { $defs: { step: { properties: Record<string, unknown> } } }).$defs.step;
    expect(Object.keys(step.properties).sort()).toMatchInlineSnapshot(`
      [
        "blur",
        "callout",
        "chapter",
        "click",
        "cut",
        "drag",
        "end_card",
        "goto",
        "hide_cursor",
        "move",
        "open_browser",
        "open_terminal",
        "press",
        "record_session",
        "replay_session",
        "run",
        "say",
        "scroll",
        "session",
        "speedup",
        "title_card",
        "type",
        "wait",
        "wait_for",
        "wait_for_image",
        "wait_for_settled",
        "wait_for_text",
        "zoom",
      ]
    `);
  });
});

describe('docs/script-format.md', () => {
  it('lists every action once, as the action table says (regenerate from actionsMarkdownTable)', async () => {
    const { actionsMarkdownTable } = await import('../../src/dsl/actions-table');
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'script-format.md'), 'utf8');
    const section = /<!-- actions:start -->\n([\s\S]*?)\n<!-- actions:end -->/.exec(readme)?.[1];
    expect(section).toBe(actionsMarkdownTable());
  });
});

describe('SKILL.md', () => {
  const skill = fs.readFileSync(path.join(ROOT, 'SKILL.md'), 'utf8');
  it('has Agent Skills front matter (name, description)', () => {
    expect(skill).toMatch(/^---\nname: [a-z0-9-]+\ndescription: .{40,}\n---\n/);
  });

  const scripts = [...skill.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string).filter((b) => b.includes('title:'));
  it.each(scripts.map((s, i) => [i, s]))('example %i validates', (_i, text) => {
    const r = compileScript({ entry: 'examples/skill.yaml', files: { ...readAll(), 'examples/skill.yaml': text as string }, root: '' });
    expect(r.errors.map((e) => e.message)).toEqual([]);
  });
});

function readAll(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(path.join(ROOT, 'primitives'))) out[`primitives/${f}`] = fs.readFileSync(path.join(ROOT, 'primitives', f), 'utf8');
  return out;
}
