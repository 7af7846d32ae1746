import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScript } from '../../src/dsl';
import { loadScript } from '../../src/cli/load-script';
import { ROOT } from '../dsl/helpers';

const IDEAS = path.join(ROOT, 'examples', 'ideas');
const scripts = fs.readdirSync(IDEAS).filter((f) => /\.(ya?ml|ts)$/.test(f));
const page = fs.readFileSync(path.join(ROOT, 'docs', 'video-ideas.md'), 'utf8');

describe('examples/ideas (docs/video-ideas.md)', () => {
  it('has a script for each automatable idea', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(8);
  });

  it.each(scripts)('%s validates with 0 errors and 0 warnings', async (file) => {
    const r = compileScript(await loadScript(path.join(IDEAS, file)));
    expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`)).toEqual([]);
    expect(r.warnings.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`)).toEqual([]);
    expect(r.plan!.steps.length).toBeGreaterThan(3);
  });

  it.each(scripts)('%s is linked from docs/video-ideas.md', (file) => {
    expect(page).toContain(`](../examples/ideas/${file})`);
  });

  it.each(scripts.filter((f) => f.endsWith('.yaml')))('%s starts with the yaml-language-server schema line', (file) => {
    const first = fs.readFileSync(path.join(IDEAS, file), 'utf8').split('\n')[0];
    // Which schema (the generic one or a per-script one that knows its primitives) is the editors' page's call.
    expect(first).toMatch(/^# yaml-language-server: \$schema=\S+\.json$/);
  });
});
