/**
 * The JSON Schema of the script format, from the same zod schemas the compiler uses: for
 * editors (yaml-language-server) and for LLM structured output. Pure.
 */
import { z } from 'zod';
import { ACTION_NAMES, ACTIONS, type ActionName } from './actions';
import { PARAM_TYPES, topLevelSchemas, type ParamDef } from './script-schema';

const DURATION = {
  type: 'string',
  pattern: '^\\s*(\\d+(\\.\\d+)?|\\.\\d+)\\s*(ms|s|m)\\s*$',
  description: 'A duration with a unit: "500ms", "2s", "1.5s", "1m"; at most 24 hours ("1440m").',
};

const toJson = (schema: z.ZodType): Record<string, unknown> =>
  z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const meta = z.globalRegistry.get(ctx.zodSchema as unknown as z.ZodType) as { screenplay?: string; path?: string; url?: boolean } | undefined;
      if (meta?.screenplay === 'duration') {
        for (const k of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[k];
        Object.assign(ctx.jsonSchema, DURATION);
      }
      if (meta?.screenplay === 'path') {
        const js = ctx.jsonSchema as Record<string, unknown>;
        delete js.screenplay;
        delete js.path;
        delete js.url;
        js.description = meta.url
          ? 'A page on this machine (http://localhost:PORT/… or http://127.0.0.1:…; the browser runs offline), or an HTML file inside the project, relative to this file.'
          : meta.path === 'import'
            ? "A primitive library: a file inside the project, relative to this file, or an installed package's library by name (screenplay/terminal)."
            : `A ${meta.path === 'dir' ? 'folder' : 'file'} inside the project, relative to this file.`;
      }
    },
  }) as Record<string, unknown>;

const strip = (s: Record<string, unknown>): Record<string, unknown> => {
  const { $schema: _s, ...rest } = s;
  return rest;
};

/** One step: a map with exactly one key naming the action (long or short form). */
const actionStep = (name: ActionName): Record<string, unknown> => {
  const def = ACTIONS[name] as { schema: z.ZodType; summary: string; short?: unknown; wraps?: boolean };
  const long = strip(toJson(def.schema));
  if (def.wraps) (long.properties as Record<string, unknown>).steps = { $ref: '#/$defs/steps' };
  const shortForms: Record<string, unknown>[] = [];
  const shortKind: Partial<Record<ActionName, Record<string, unknown>>> = {
    move: { type: 'string' },
    click: { type: 'string' },
    type: { type: 'string' },
    press: { type: 'string' },
    wait: DURATION,
    wait_for_image: { type: 'string' },
    run: { type: 'string' },
    wait_for_text: { type: 'string' },
    say: { type: 'string' },
    zoom: { type: 'number' },
    scroll: { type: 'number' },
    open_terminal: { type: 'null' },
    cut: { $ref: '#/$defs/steps' },
    hide_cursor: { $ref: '#/$defs/steps' },
    open_browser: { type: 'string' },
    goto: { type: 'string' },
  };
  if (def.short && shortKind[name]) shortForms.push(shortKind[name] as Record<string, unknown>);
  return {
    type: 'object',
    description: def.summary,
    properties: { [name]: shortForms.length ? { anyOf: [long, ...shortForms] } : long },
    required: [name],
    additionalProperties: false,
  };
};

const paramJson = (p: ParamDef): Record<string, unknown> => {
  switch (p.type) {
    case 'string':
      return { type: 'string' };
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { enum: p.values ?? [] };
    case 'duration':
      return DURATION;
  }
};

export type PrimitiveVocabulary = Record<string, { description: string; params: Record<string, ParamDef> }>;

/**
 * The script's JSON Schema. With `primitives`, steps may also use those (a closed vocabulary:
 * `schema --for FILE`).
 */
export const scriptJsonSchema = (primitives: PrimitiveVocabulary = {}): Record<string, unknown> => {
  const stepVariants = ACTION_NAMES.map(actionStep);
  for (const [name, p] of Object.entries(primitives)) {
    const params = Object.fromEntries(
      Object.entries(p.params).map(([k, v]) => [k, { ...paramJson(v), ...(v.description ? { description: v.description } : {}) }]),
    );
    const required = Object.entries(p.params)
      .filter(([, v]) => v.default === undefined)
      .map(([k]) => k);
    stepVariants.push({
      type: 'object',
      description: p.description,
      properties: { [name]: { type: 'object', properties: params, required, additionalProperties: false } },
      required: [name],
      additionalProperties: false,
    });
  }
  const top = Object.fromEntries(
    Object.entries(topLevelSchemas)
      .filter(([k]) => k !== 'steps' && k !== 'primitives')
      .map(([k, s]) => [k, strip(toJson(s as z.ZodType))]),
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://screenplay.dev/schema/screenplay.schema.json',
    title: 'screenplay script',
    description:
      'A product-demo video script: steps performed on a real desktop and post-production marks. One step per list item; its one key names the action.',
    type: 'object',
    properties: {
      ...top,
      primitives: {
        type: 'object',
        description: 'Reusable steps, used like built-in actions.',
        additionalProperties: {
          type: 'object',
          properties: {
            description: { type: 'string' },
            params: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                properties: {
                  type: { enum: [...PARAM_TYPES] },
                  values: { type: 'array', items: { type: 'string' } },
                  default: {},
                  description: { type: 'string' },
                },
                required: ['type'],
                additionalProperties: false,
              },
            },
            steps: { $ref: '#/$defs/steps' },
          },
          required: ['description', 'steps'],
          additionalProperties: false,
        },
      },
      steps: { $ref: '#/$defs/steps' },
    },
    additionalProperties: false,
    $defs: { steps: { type: 'array', items: { anyOf: stepVariants } } },
  };
};
