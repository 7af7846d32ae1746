/**
 * The editable fields of a composition's props schema, as Studio's props panel shows them: each
 * leaf's JSON path, kind, help text, number step and range. For the props reference
 * (docs/studio.md, scripts/studio-props-doc.ts) and the tests that every field has help and every
 * number a step. Reads zod 4's schema definitions; pure.
 */
import type { z } from 'zod';
import { colorHelp } from './style-schema';

/** One editable leaf of a props schema. */
export type SchemaField = {
  /** Dotted JSON path ("style.motion.zoomLevel"); a union's discriminator is "<path>.type". */
  path: string;
  /** What Studio edits it with. */
  kind: 'number' | 'boolean' | 'string' | 'colour' | 'choice';
  /** The one-line help text (`.describe()`, or colorHelp for colours); null: none. */
  description: string | null;
  /** Numbers: the step (`.multipleOf()`; 1 for `.int()`); null: none (Studio then steps by 1). */
  step: number | null;
  /** Numbers: the inclusive bounds; null where unbounded. */
  min: number | null;
  max: number | null;
  /** Choices: the values (an enum's, or a union's discriminator values). */
  choices: string[] | null;
  /** The union option the field belongs to ("image" for style.background.src), else null. */
  option: string | null;
  /** `.optional()` (may be left out). */
  optional: boolean;
};

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  entries?: Record<string, string>;
  values?: unknown[];
  checks?: Array<{ _zod: { def: { check: string; value?: number; inclusive?: boolean; format?: string } } }>;
};

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

const numberFacts = (s: z.ZodType): Pick<SchemaField, 'step' | 'min' | 'max'> => {
  let step: number | null = null;
  let min: number | null = null;
  let max: number | null = null;
  for (const c of defOf(s).checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'multiple_of' && d.value !== undefined) step = d.value;
    else if (d.check === 'number_format' && (d.format === 'safeint' || d.format === 'int32')) step ??= 1;
    else if (d.check === 'greater_than' && d.inclusive && d.value !== undefined) min = d.value;
    else if (d.check === 'less_than' && d.inclusive && d.value !== undefined) max = d.value;
  }
  return { step, min, max };
};

/**
 * Every editable leaf of `schema`, depth first in the schema's key order. Objects recurse, `.default()`
 * and `.optional()` unwrap (the help text is read from the inner schema, which is what Studio's
 * panel reads), a discriminated union gives its discriminator as a choice and then each option's
 * fields (marked with `option`).
 * @throws Error for a zod type Studio's panel could not edit here (named with its path)
 */
export const schemaFields = (schema: z.ZodType, path: string[] = [], option: string | null = null, optional = false): SchemaField[] => {
  const def = defOf(schema);
  const at = path.join('.');
  const base = { path: at, description: schema.description ?? null, step: null, min: null, max: null, choices: null, option, optional };
  switch (def.type) {
    case 'default':
      return schemaFields(def.innerType!, path, option, optional);
    case 'optional':
      return schemaFields(def.innerType!, path, option, true);
    case 'object':
      return Object.entries(def.shape!).flatMap(([k, v]) => schemaFields(v, [...path, k], option));
    case 'union': {
      const key = def.discriminator;
      if (key === undefined) throw new Error(`${at}: a union without a discriminator (Studio edits only discriminated unions here)`);
      const options = def.options!.map((o) => {
        const tag = defOf(defOf(o).shape![key]!).values![0];
        return { tag: String(tag), schema: o };
      });
      const head: SchemaField = { ...base, path: [...path, key].join('.'), kind: 'choice', choices: options.map((o) => o.tag) };
      const rest = options.flatMap(({ tag, schema: o }) =>
        Object.entries(defOf(o).shape!)
          .filter(([k]) => k !== key)
          .flatMap(([k, v]) => schemaFields(v, [...path, k], tag)),
      );
      return [head, ...rest];
    }
    case 'enum':
      return [{ ...base, kind: 'choice', choices: Object.values(def.entries!) }];
    case 'number':
      return [{ ...base, kind: 'number', ...numberFacts(schema) }];
    case 'boolean':
      return [{ ...base, kind: 'boolean' }];
    case 'string': {
      const help = colorHelp.get(schema)?.help;
      return help !== undefined ? [{ ...base, kind: 'colour', description: help }] : [{ ...base, kind: 'string' }];
    }
    default:
      throw new Error(`${at}: a zod ${def.type}, which the props reference does not know`);
  }
};
