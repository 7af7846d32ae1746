/**
 * Studio can save a designer's props into src/Root.tsx, and what Root.tsx writes out is the
 * schemas' defaults: read with Remotion's own save-to-code (@remotion/codemods, what
 * `npx remotion studio` runs), so a Root.tsx Studio could not rewrite fails here, not in Studio.
 * Every field has help text and every number a step Studio's panel accepts the defaults at.
 * Pure: no browser, no Studio.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { landscapeSchema } from '../../src/compositions/landscape/schema';
import { schemaFields } from '../../src/compositions/shared/schema-fields';
import { squareSchema } from '../../src/compositions/square/schema';
import { portraitSchema } from '../../src/compositions/portrait/schema';
import { tiktokSplitSchema } from '../../src/compositions/tiktok-split/schema';
import { COMPOSITIONS, type CompositionName } from '../../src/formats';

// The CommonJS build, as Studio's server loads it (the ESM build imports recast without extensions).
const { CodemodsInternals } = createRequire(import.meta.url)('@remotion/codemods') as typeof import('@remotion/codemods');
const ROOT = path.join(import.meta.dirname, '..', '..', 'src', 'Root.tsx');
const SCHEMAS: Record<CompositionName, z.ZodType> = {
  Landscape: landscapeSchema,
  TikTokSplit: tiktokSplitSchema,
  Square: squareSchema,
  Portrait: portraitSchema,
};

/** Root.tsx's defaultProps of `id`, as Studio reads them before it offers to save. */
const rootProps = (source: string, id: string) => CodemodsInternals.computeCanUpdateDefaultPropsFromContent(source, id);

const valueAt = (v: unknown, at: string): unknown =>
  at.split('.').reduce<unknown>((cur, k) => (cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined), v);

/**
 * Studio's check that a typed number sits on the step (copied from @remotion/studio 4.0.527,
 * InputDragger's isInputDraggerValueAlignedToStep: the step counts from the minimum).
 */
const studioAlignedToStep = (value: number, min: number | null, step: number): boolean => {
  const base = min ?? 0;
  const steps = (value - base) / step;
  const tolerance = Number.EPSILON * 10 * Math.max(1, Math.abs(value / step), Math.abs(base / step));
  return Math.abs(steps - Math.round(steps)) <= tolerance;
};

describe('src/Root.tsx, as Studio reads it', () => {
  const source = fs.readFileSync(ROOT, 'utf8');

  it.each(COMPOSITIONS)('%s: Studio can save its props, and they are the schema’s defaults', (id) => {
    const r = rootProps(source, id);
    expect(r).toMatchObject({ canUpdate: true });
    const props = (r as { currentDefaultProps: Record<string, unknown> }).currentDefaultProps;
    const schema = SCHEMAS[id];
    expect(schema.parse(props)).toEqual(props);
    expect(props).toEqual(schema.parse({}));
  });

  it('a save Studio makes lands in the literal: zoomLevel 2.5 on Landscape, the others untouched', () => {
    const before = rootProps(source, 'Landscape') as { currentDefaultProps: Record<string, unknown> };
    const edited = structuredClone(before.currentDefaultProps) as { style: { motion: { zoomLevel: number } } };
    edited.style.motion.zoomLevel = 2.5;
    // The enums' paths, as Studio sends them (their values are written `as const`).
    const enumPaths = schemaFields(landscapeSchema)
      .filter((f) => f.kind === 'choice')
      .map((f) => f.path.split('.'));
    const { output } = CodemodsInternals.updateDefaultProps({ input: source, compositionId: 'Landscape', newDefaultProps: edited, enumPaths });
    expect(rootProps(output, 'Landscape')).toEqual({ canUpdate: true, currentDefaultProps: edited });
    // Written as Studio writes it: the save changes the one line.
    const changed = output.split('\n').filter((line, i) => line !== source.split('\n')[i]);
    expect(changed.map((l) => l.trim())).toEqual(['zoomLevel: 2.5,']);
    expect(landscapeSchema.parse(edited)).toEqual(edited);
    for (const other of COMPOSITIONS.filter((c) => c !== 'Landscape')) expect(rootProps(output, other)).toEqual(rootProps(source, other));
  });

  it('a composition written the old way (id and defaultProps by name) is one Studio cannot save: the check can fail', () => {
    const old = source.replace('id="Landscape"', 'id={OUTPUT_FORMATS.landscape.composition}');
    expect(rootProps(old, 'Landscape')).toMatchObject({ canUpdate: false });
  });
});

describe('every field of every composition, as the props panel shows it', () => {
  const rows = COMPOSITIONS.flatMap((id) => schemaFields(SCHEMAS[id]).map((f) => ({ id, ...f })));

  it('the schemas have the fields the panel shows (a walk that found nothing would pass the rest)', () => {
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((r) => r.kind === 'number').length).toBeGreaterThan(40);
  });

  it('has a one-line description', () => {
    const bad = rows.filter((r) => r.description === null || r.description.trim() === '' || r.description.includes('\n'));
    expect(bad.map((r) => `${r.id} ${r.path}`)).toEqual([]);
  });

  it('is a number with a step, and its default sits on it (zod and Studio agree)', () => {
    const bad = rows.flatMap((r) => {
      if (r.kind !== 'number') return [];
      if (r.step === null) return [`${r.id} ${r.path}: no step`];
      const d = valueAt(SCHEMAS[r.id].parse({}), r.path);
      if (d === undefined) return []; // a union option not chosen by default (none today is a number)
      return typeof d === 'number' && studioAlignedToStep(d, r.min, r.step) ? [] : [`${r.id} ${r.path}: default ${String(d)} off step ${r.step}`];
    });
    expect(bad).toEqual([]);
  });

  it.each([
    ['style.motion.zoomLevel', 2.5, true],
    ['style.motion.zoomLevel', 2.53, false],
    ['style.padding', 0.045, true],
    ['style.shadow', 0.33, true],
    ['style.captions.boxOpacity', 0.725, false],
    ['style.motion.edgeSnap', 0.37, true],
    ['style.cursorSize', 1.25, true],
  ] as const)("Landscape %s = %s: on Studio's step: %s; a render accepts it either way (a script may be finer than the panel)", (at, value, ok) => {
    const field = rows.find((r) => r.id === 'Landscape' && r.path === at)!;
    expect(studioAlignedToStep(value, field.min, field.step!)).toBe(ok);
    const props = structuredClone(landscapeSchema.parse({})) as Record<string, unknown>;
    const keys = at.split('.');
    const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, props);
    parent[keys.at(-1)!] = value;
    expect(landscapeSchema.safeParse(props).success).toBe(true);
  });
});
