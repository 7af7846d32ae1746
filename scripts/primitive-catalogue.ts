/**
 * Generates docs/primitives.md, the catalogue of the built-in primitive libraries, from
 * primitives/*.yaml: each library (its file, its comment line, what it imports) and each
 * primitive (name, description, params with type, default and description, its steps in
 * one line each, and a use with its required params filled in).
 *
 *   npm run docs:primitives            writes docs/primitives.md
 *   npm run docs:primitives -- --check exit 1 when docs/primitives.md is not current
 *
 * tests/docs/primitive-catalogue.test.ts regenerates the page in memory and compares.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { paramSchema, type ParamDef } from '../src/dsl/script-schema';

/** A primitive library as read from disk: its path relative to the project root and its text. */
export type LibraryFile = { file: string; text: string };

/** The command that regenerates the page; tests print it when the page is stale. */
export const CATALOGUE_COMMAND = 'npm run docs:primitives';
/** Where the page lives, relative to the project root. */
export const CATALOGUE_PAGE = 'docs/primitives.md';

type PrimitiveDef = { description?: string; params?: Record<string, unknown>; steps?: unknown[] };

/** One step as a one-line YAML flow string, e.g. `wait_for_text: { text: Added, timeout: 15s }`. */
const stepLine = (step: unknown): string =>
  stringify(step, { collectionStyle: 'flow', lineWidth: 0, defaultStringType: 'PLAIN' })
    .trim()
    .replace(/^\{ (.*) \}$/, '$1');

/** A param's default as written in YAML, or "required". */
const defaultCell = (p: ParamDef): string => (p.default === undefined ? 'required' : p.default === '' ? 'empty' : `\`${String(p.default)}\``);

const typeCell = (p: ParamDef): string => (p.type === 'enum' ? `enum: ${(p.values ?? []).map((v) => `\`${v}\``).join(', ')}` : p.type);

/** A placeholder value for a required param in the example use. */
const sample = (name: string, p: ParamDef): unknown => {
  switch (p.type) {
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'duration':
      return '2s';
    case 'enum':
      return p.values?.[0] ?? name;
    default:
      return `<${name}>`;
  }
};

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The Markdown catalogue of the given libraries, in the order given (callers sort by file).
 * Pure: the same files give the same text. Throws with the file and primitive named when a
 * param is not a valid param definition (the compiler would refuse the library too).
 */
export const primitiveCatalogue = (libraries: LibraryFile[]): string => {
  const out: string[] = [
    '# Primitive catalogue',
    '',
    `<!-- Generated from primitives/*.yaml by \`${CATALOGUE_COMMAND}\` (scripts/primitive-catalogue.ts). Do not edit by hand: a test checks it is current. -->`,
    '',
    'A primitive is a named, typed sequence of steps, used in a script exactly like a built-in action',
    '(see [the script format](script-format.md#primitives)). These are the libraries that come with',
    "screenplay. A script uses one by importing its file (`import: [../primitives/ink.yaml]`, relative to the script); a library's own imports come with it.",
    '',
  ];
  for (const lib of libraries) {
    const doc = (parse(lib.text) ?? {}) as { import?: string[]; primitives?: Record<string, PrimitiveDef> };
    const comment = lib.text
      .split('\n')
      .filter((l) => l.startsWith('#') && !l.includes('yaml-language-server'))
      .map((l) => l.replace(/^#\s?/, ''))
      .join(' ')
      .trim();
    const name = path.basename(lib.file, path.extname(lib.file));
    out.push(`## ${name}`, '');
    out.push(`\`${lib.file}\`${comment ? `: ${comment}` : ''}`, '');
    if (doc.import?.length) out.push(`Imports: ${doc.import.map((i) => `\`${i}\``).join(', ')}.`, '');
    const prims = Object.entries(doc.primitives ?? {});
    out.push(`Primitives: ${prims.map(([n]) => `[\`${n}\`](#${n.toLowerCase()})`).join(', ')}.`, '');
    for (const [pname, def] of prims) {
      out.push(`### ${pname}`, '', (def.description ?? '').trim(), '');
      const params = Object.entries(def.params ?? {}).map(([k, raw]) => {
        const parsed = paramSchema.safeParse(raw);
        if (!parsed.success) throw new Error(`${lib.file}: primitive ${pname}, param ${k}: ${parsed.error.issues[0]?.message ?? 'not a param definition'}`);
        return [k, parsed.data] as const;
      });
      if (params.length) {
        out.push('| param | type | default | description |', '| --- | --- | --- | --- |');
        for (const [k, p] of params) out.push(`| \`${k}\` | ${typeCell(p)} | ${defaultCell(p)} | ${cell(p.description ?? '')} |`);
        out.push('');
      } else out.push('No params.', '');
      out.push('Steps:', '');
      (def.steps ?? []).forEach((s, i) => out.push(`${i + 1}. \`${cell(stepLine(s))}\``));
      out.push('');
      const required = Object.fromEntries(params.filter(([, p]) => p.default === undefined).map(([k, p]) => [k, sample(k, p)]));
      out.push('```yaml', `- ${pname}: ${Object.keys(required).length ? `{ ${stepLine(required)} }` : '{}'}`, '```', '');
    }
  }
  return out.join('\n').replace(/\n+$/, '\n');
};

/** Reads primitives/*.yaml under `root`, sorted by name. */
export const readLibraries = (root: string): LibraryFile[] =>
  fs
    .readdirSync(path.join(root, 'primitives'))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ file: `primitives/${f}`, text: fs.readFileSync(path.join(root, 'primitives', f), 'utf8') }));

const main = (): void => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const page = primitiveCatalogue(readLibraries(root));
  const target = path.join(root, CATALOGUE_PAGE);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current !== page) {
      console.error(`${CATALOGUE_PAGE} is not current: run ${CATALOGUE_COMMAND}`);
      process.exit(1);
    }
    console.log(`${CATALOGUE_PAGE} is current`);
    return;
  }
  fs.writeFileSync(target, page);
  console.log(`wrote ${CATALOGUE_PAGE}`);
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`primitive-catalogue: ${(e as Error).message}`);
    process.exit(2);
  }
}
