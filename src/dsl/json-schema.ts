/**
 * The JSON Schema of the script format, from the same zod schemas the compiler uses: for
 * editors (yaml-language-server: hover, completion, warnings) and for LLM structured output. Pure.
 *
 * A step is one object whose properties are the actions, each with a `title` (its name), a
 * `description` (the action table's summary), `examples` and `defaultSnippets` (the table's
 * example), and `maxProperties: 1`. yaml-language-server names a schema in its messages by the
 * nearest `title`, so a wrong value under `click:` is reported by "click", and an unknown key is
 * "Property clik is not allowed." (a oneOf/anyOf of per-action objects made it report the first
 * variant instead: `Missing property "move"`).
 *
 * Primitives: JSON Schema cannot read the names a file defines (`primitives:`) or imports, so the
 * generic schema (no vocabulary) accepts any lower_snake_case step name in a file that has
 * `import:` or `primitives:` (the compiler still checks each use), and only built-in actions in
 * a file with neither. With a vocabulary (`screenplay schema --for FILE`: the primitives defined
 * in FILE and imported, transitively), the list is closed and each primitive's params are typed.
 * Inside a primitive's `steps`, any value may be a `${param}` placeholder.
 */
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { ACTION_NAMES, ACTIONS, type ActionName } from './actions';
import { PARAM_TYPES, PRIMITIVE_NAME, topLevelSchemas, type ParamDef } from './script-schema';

type Json = Record<string, unknown>;

const DURATION = {
  type: 'string',
  pattern: '^\\s*(\\d+(\\.\\d+)?|\\.\\d+)\\s*(ms|s|m)\\s*$',
  description: 'A duration with a unit: "500ms", "2s", "1.5s", "1m"; at most 24 hours ("1440m").',
};

/** A primitive's param in its body: "${name}" (the compiler substitutes it before checking). */
const PLACEHOLDER = {
  type: 'string',
  pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}',
  description: 'A param of this primitive, like "${timeout}": the use\'s value takes its place.',
};

const toJson = (schema: z.ZodType): Json =>
  z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const meta = z.globalRegistry.get(ctx.zodSchema as unknown as z.ZodType) as { screenplay?: string; path?: string; url?: boolean } | undefined;
      if (meta?.screenplay === 'duration') {
        for (const k of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Json)[k];
        Object.assign(ctx.jsonSchema, DURATION);
      }
      if (meta?.screenplay === 'path') {
        const js = ctx.jsonSchema as Json;
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
  }) as Json;

const strip = (s: Json): Json => {
  const { $schema: _s, ...rest } = s;
  return rest;
};

/** The value an action's short form takes (a scalar or a list for its one main field). */
const SHORT_KIND: Partial<Record<ActionName, Json>> = {
  move: { type: 'string', description: 'Short for { image: … }: a picture of the target.' },
  click: { type: 'string', description: 'Short for { image: … }: a picture of the target.' },
  type: { type: 'string', description: 'Short for { text: … }.' },
  press: { type: 'string', description: 'Short for { key: … }: a key or a chord like Ctrl+Shift+P.' },
  wait: DURATION,
  wait_for_image: { type: 'string', description: 'Short for { image: … }.' },
  run: { type: 'string', description: 'Short for { command: … }.' },
  wait_for_text: { type: 'string', description: 'Short for { text: … }.' },
  wait_for_settled: { ...DURATION, description: 'Short for { quiet: … }: how long nothing may change.' },
  say: { type: 'string', description: 'Short for { text: … }.' },
  zoom: { type: 'number', description: 'Short for { level: … }.' },
  scroll: { type: 'number', description: 'Short for { dy: … }: lines down (negative: up).' },
  open_terminal: { type: 'null', description: 'Nothing: a terminal with the defaults.' },
  cut: { $ref: 'steps' },
  hide_cursor: { $ref: 'steps' },
  open_browser: { type: 'string', description: 'Short for { url: … }.' },
  goto: { type: 'string', description: 'Short for { url: … }.' },
  title_card: { type: 'string', description: 'Short for { title: … }.' },
  end_card: { type: 'string', description: 'Short for { cta: … }: the call to action.' },
  chapter: { type: 'string', description: 'Short for { title: … }.' },
};

/** The value under an action's key: its long form (and short form), titled and described for hover, messages and completion. */
const actionValue = (name: ActionName, stepsRef: string): Json => {
  const def = ACTIONS[name] as { schema: z.ZodType; summary: string; short?: unknown; wraps?: boolean; example: string };
  const long = strip(toJson(def.schema));
  if (def.wraps) (long.properties as Json).steps = { $ref: stepsRef, description: 'The steps it wraps.' };
  let short = def.short ? SHORT_KIND[name] : undefined;
  if (short?.$ref) short = { $ref: stepsRef, description: 'Short for { steps: [ … ] }: the steps it wraps.' };
  const example = (parseYaml(def.example) as Json)[name];
  const description = `${def.summary}${def.wraps ? ' Wraps `steps`.' : ''}`;
  // No title of its own: messages and hover name the action (the nearest title).
  named(long, name);
  // The short form first: a scalar that fits neither is reported by what the short form expects.
  const body = short ? { anyOf: [{ ...short, errorMessage: `${name}: expected ${shortHint(short)}, or its settings as a map` }, long] } : long;
  return {
    title: name,
    description,
    markdownDescription: `${description}\n\n\`\`\`yaml\n- ${def.example}\n\`\`\``,
    ...body,
    // A map example shows as "[object Object]" in the value list: the snippet offers it instead.
    ...(example !== null && typeof example === 'object' ? {} : { examples: [example] }),
    defaultSnippets: [{ label: `${name} (example)`, description: def.example, body: example }],
  };
};

/** What a leaf schema expects, in words: "a number from 1 to 6", "a duration with a unit, like "2s"". */
const expects = (s: Json): string => {
  if (s.pattern === DURATION.pattern) return 'a duration with a unit, like "2s" or "500ms"';
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (s.const !== undefined) return JSON.stringify(s.const);
  const lo = (s.minimum ?? s.exclusiveMinimum) as number | undefined;
  const hi = (s.maximum ?? s.exclusiveMaximum) as number | undefined;
  const range =
    lo !== undefined && hi !== undefined ? ` from ${lo} to ${hi}` : lo !== undefined ? ` of at least ${lo}` : hi !== undefined ? ` of at most ${hi}` : '';
  switch (s.type) {
    case 'integer':
      return `a whole number${range}`;
    case 'number':
      return `a number${range}`;
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'nothing';
    case 'string':
      return s.pattern ? `text matching ${String(s.pattern)}` : 'text';
    default:
      return String(s.type);
  }
};

/** A short form's value, in words. */
const shortHint = (s: Json): string => (s.$ref ? 'a list of steps' : expects(s));

/**
 * Gives every leaf under `s` (a field of an action or a primitive) an `errorMessage` that names
 * it, "zoom.level: expected a number from 1 to 6": yaml-language-server shows it for a wrong
 * type, enum value or pattern there instead of its own "Incorrect type. Expected "number"".
 * Mutates `s`.
 */
const named = (s: Json, at: string): void => {
  if (isLeaf(s)) {
    s.errorMessage ??= `${at}: expected ${expects(s)}`;
    return;
  }
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Json>)) named(v, `${at}.${k}`);
  for (const v of [...((s.anyOf ?? []) as Json[]), ...((s.oneOf ?? []) as Json[])]) named(v, at);
  if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) named(s.items as Json, `${at}[]`);
};

/** A param's value in a use, by its type. */
const paramJson = (p: ParamDef): Json => {
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

/** The primitives a per-script schema knows: name → description and params (CompileResult['primitives'] fits). */
export type PrimitiveVocabulary = Record<string, { description: string; params: Record<string, ParamDef> }>;

/** The value under a known primitive's key: its params as a map (nothing when every param has a default). */
const primitiveValue = (name: string, p: PrimitiveVocabulary[string]): Json => {
  const params = Object.fromEntries(
    Object.entries(p.params).map(([k, v]) => [
      k,
      {
        ...paramJson(v),
        ...(v.description || v.default !== undefined
          ? { description: [v.description, v.default !== undefined ? `Default: ${JSON.stringify(v.default)}.` : ''].filter(Boolean).join(' ') }
          : {}),
        ...(v.default !== undefined ? { default: v.default } : {}),
      },
    ]),
  );
  const required = Object.entries(p.params)
    .filter(([, v]) => v.default === undefined)
    .map(([k]) => k);
  const object: Json = { type: 'object', properties: params, additionalProperties: false, ...(required.length ? { required } : {}) };
  named(object, name);
  const example = Object.fromEntries(required.map((k) => [k, '']));
  return {
    title: name,
    description: `${p.description} (a primitive)`,
    ...(required.length ? object : { anyOf: [object, { type: 'null', description: 'Nothing: every param has its default.' }] }),
    defaultSnippets: [{ label: `${name} (primitive)`, description: p.description, body: example }],
  };
};

/** A use of a primitive the generic schema cannot know (defined in this file or imported): checked by `screenplay validate`. */
const PRIMITIVE_USE = {
  title: 'primitive',
  description:
    'A primitive defined in this file (primitives:) or imported (import:), with its params as a map. The generic schema cannot know its name; `screenplay validate` checks it, and `screenplay schema --for FILE` writes a schema that knows it.',
  type: ['object', 'null'],
};

/** Is this schema node a leaf (a scalar type, an enum) that a placeholder could stand for? */
const isLeaf = (s: Json): boolean =>
  s.$ref === undefined &&
  s.properties === undefined &&
  s.items === undefined &&
  s.anyOf === undefined &&
  s.oneOf === undefined &&
  s.allOf === undefined &&
  (s.enum !== undefined || s.const !== undefined || (typeof s.type === 'string' && s.type !== 'object' && s.type !== 'array'));

/** Keys that describe a node rather than constrain it: kept on the outside when a leaf gets a placeholder alternative. */
const ANNOTATIONS = ['title', 'description', 'markdownDescription', 'default', 'examples', 'defaultSnippets'];

/**
 * The schema of a value inside a primitive's body: every scalar may also be a "${param}"
 * placeholder (a plain string already may), and wrapped steps are template steps.
 */
const templated = (s: unknown): unknown => {
  if (Array.isArray(s)) return s.map(templated);
  if (!s || typeof s !== 'object') return s;
  const node = s as Json;
  if (node.$ref === '#/$defs/steps' || node.$ref === '#/$defs/openSteps') return { ...node, $ref: '#/$defs/templateSteps' };
  if (isLeaf(node)) {
    const plainString =
      node.type === 'string' && node.pattern === undefined && node.enum === undefined && node.const === undefined && node.format === undefined;
    if (plainString) return node;
    const outer: Json = {};
    const inner: Json = {};
    for (const [k, v] of Object.entries(node)) (ANNOTATIONS.includes(k) ? outer : inner)[k] = v;
    return { ...outer, anyOf: [inner, PLACEHOLDER] };
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' || k === 'patternProperties') out[k] = Object.fromEntries(Object.entries(v as Json).map(([pk, pv]) => [pk, templated(pv)]));
    else if (['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf'].includes(k)) out[k] = templated(v);
    else out[k] = v;
  }
  return out;
};

/** A step: one object whose one key names an action (or a primitive). */
const stepSchema = (values: Record<string, Json>, open: boolean): Json => ({
  type: 'object',
  title: 'step',
  description: 'One step: a map with one key, the action (or a primitive), and its settings as the value.',
  properties: values,
  // Open: any other lower_snake_case key is a primitive use. additionalProperties (not
  // patternProperties, which would also apply to the actions' own keys and refuse `wait: 1s`).
  ...(open ? { propertyNames: { pattern: PRIMITIVE_NAME.source }, additionalProperties: PRIMITIVE_USE } : { additionalProperties: false }),
  minProperties: 1,
  maxProperties: 1,
});

const stepList = (item: string): Json => ({ type: 'array', items: { $ref: `#/$defs/${item}` } });

/**
 * The script's JSON Schema (draft 2020-12, as yaml-language-server reads it).
 *
 * `primitives` undefined: the generic schema (any lower_snake_case step name is accepted as a
 * primitive use in a file with `import:` or `primitives:`; only built-in actions elsewhere).
 * `primitives` given (even {}): a closed vocabulary, the built-in actions and these primitives
 * with their params, as `screenplay schema --for FILE` writes it.
 */
export const scriptJsonSchema = (primitives?: PrimitiveVocabulary): Json => {
  const open = primitives === undefined;
  const values = (stepsRef: string): Record<string, Json> => ({
    ...Object.fromEntries(ACTION_NAMES.map((n) => [n, actionValue(n, stepsRef)])),
    ...Object.fromEntries(Object.entries(primitives ?? {}).map(([name, p]) => [name, primitiveValue(name, p)])),
  });
  const top = Object.fromEntries(
    Object.entries(topLevelSchemas)
      .filter(([k]) => k !== 'steps' && k !== 'primitives')
      .map(([k, s]) => [k, { title: k, ...strip(toJson(s as z.ZodType)) }]),
  );
  const described = (k: keyof typeof topLevelSchemas) => (topLevelSchemas[k] as z.ZodType).description;
  const primitiveDef = {
    type: 'object',
    title: 'primitive definition',
    description: 'A reusable step: its description, its params, and the steps a use expands to ("${param}" in them takes the value given).',
    properties: {
      description: { type: 'string', minLength: 1, description: 'What the primitive does, in one line (shown on hover and in the catalogue).' },
      params: {
        type: 'object',
        description: 'The params a use gives, by name (letters, digits and _).',
        propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
        additionalProperties: {
          type: 'object',
          title: 'param',
          properties: {
            type: { enum: [...PARAM_TYPES], description: 'The value a use gives: string, number, boolean, enum (with values) or duration ("2s").' },
            values: { type: 'array', items: { type: 'string' }, minItems: 1, description: "An enum param's allowed values." },
            default: { type: ['string', 'number', 'boolean'], description: 'The value when a use leaves the param out; without one the param is required.' },
            description: { type: 'string', description: 'What the param is for (shown on hover).' },
          },
          required: ['type'],
          additionalProperties: false,
        },
      },
      steps: { $ref: '#/$defs/templateSteps', description: 'The steps a use of this primitive expands to.' },
    },
    required: ['description', 'steps'],
    additionalProperties: false,
    defaultSnippets: [
      {
        label: 'primitive',
        description: 'A primitive: a description and its steps',
        body: { description: '$1', steps: [{ say: '$2' }] },
      },
    ],
  };
  const stepsKey = {
    type: 'array',
    title: 'steps',
    description: described('steps') ?? 'The steps, in order.',
    ...(open ? {} : { items: { $ref: '#/$defs/step' } }),
  };
  const schema: Json = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    // Only the generic schema has the generic schema's id: a per-script one is another schema.
    ...(open ? { $id: 'https://screenplay.dev/schema/screenplay.schema.json' } : {}),
    title: 'screenplay script',
    description:
      'A product-demo video script: steps performed on a real desktop and post-production marks. One step per list item; its one key names the action.',
    type: 'object',
    properties: {
      ...top,
      primitives: {
        type: 'object',
        title: 'primitives',
        description: described('primitives'),
        propertyNames: { pattern: PRIMITIVE_NAME.source },
        additionalProperties: primitiveDef,
      },
      steps: stepsKey,
    },
    additionalProperties: false,
    // Which step names are allowed depends on the file's imports and primitives (see the module's note).
    ...(open
      ? {
          if: { anyOf: [{ required: ['import'] }, { required: ['primitives'] }] },
          then: { properties: { steps: { items: { $ref: '#/$defs/openStep' } } } },
          else: { properties: { steps: { items: { $ref: '#/$defs/step' } } } },
        }
      : {}),
    $defs: {
      step: stepSchema(values('#/$defs/steps'), false),
      steps: stepList('step'),
      ...(open ? { openStep: stepSchema(values('#/$defs/openSteps'), true), openSteps: stepList('openStep') } : {}),
      templateStep: templated(stepSchema(values('#/$defs/steps'), open)),
      templateSteps: stepList('templateStep'),
    },
  };
  return shareRepeats(schema);
};

/** The smallest subtree (JSON characters) worth sharing through $defs. */
const SHARE_MIN = 80;

/**
 * The same schema with every subtree that occurs more than once (and is not tiny) moved into
 * `$defs` and referenced: the action schemas repeat the target fields many times over, and the
 * closed, open and template step lists repeat every action.
 */
const shareRepeats = (schema: Json): Json => {
  /** Calls `f` on each subschema of `node` and returns the node with their results (annotations and lists of values kept as they are). */
  const mapChildren = (node: Json, f: (child: Json) => unknown): Json =>
    Object.fromEntries(
      Object.entries(node).map(([k, v]) => {
        if (!v || typeof v !== 'object') return [k, v];
        if (SCHEMA_MAPS.has(k)) return [k, Object.fromEntries(Object.entries(v as Json).map(([pk, pv]) => [pk, f(pv as Json)]))];
        if (SCHEMA_LISTS.has(k)) return [k, (v as Json[]).map(f)];
        if (SCHEMA_KEYS.has(k)) return [k, f(v as Json)];
        return [k, v];
      }),
    );
  const counts = new Map<string, number>();
  const count = (node: Json): Json => {
    const text = JSON.stringify(node);
    if (text.length >= SHARE_MIN) counts.set(text, (counts.get(text) ?? 0) + 1);
    return mapChildren(node, count);
  };
  const defs = schema.$defs as Record<string, Json>;
  for (const d of Object.values(defs)) mapChildren(d, count);
  const names = new Map<string, string>();
  const shared: Json = {};
  const replace = (node: Json): unknown => {
    const text = JSON.stringify(node);
    if ((counts.get(text) ?? 0) < 2) return mapChildren(node, replace);
    let name = names.get(text);
    if (!name) {
      name = `shared${names.size + 1}`;
      names.set(text, name);
      shared[name] = mapChildren(node, replace);
    }
    return { $ref: `#/$defs/${name}` };
  };
  const newDefs = Object.fromEntries(Object.entries(defs).map(([k, d]) => [k, mapChildren(d, replace)]));
  return { ...schema, $defs: { ...newDefs, ...shared } };
};

/** Keywords whose value is a map of schemas, a list of schemas, or one schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs']);
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
const SCHEMA_KEYS = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'propertyNames', 'contains']);
