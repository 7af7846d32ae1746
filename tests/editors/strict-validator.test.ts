/**
 * The schemas under a validator that follows JSON Schema to the letter (Ajv, draft 2020-12), as
 * check-jsonschema, CI linters and structured-output tools do; yaml-language-server is lenient in
 * places. Every valid script (examples, primitive libraries, the init starter) passes both the
 * generic schema and the schema its `$schema` line names; a misspelt action in a file without
 * imports still fails the generic one.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { starterScript } from '../../src/cli/init-command';

const ROOT = path.join(__dirname, '..', '..');
type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
type AjvClass = new (opts: Record<string, unknown>) => { compile: (schema: unknown) => Validate };
const Ajv2020 = (createRequire(import.meta.url)('ajv/dist/2020') as { default: AjvClass }).default;

const validators = new Map<string, Validate>();
const validator = (schemaFile: string): Validate => {
  let v = validators.get(schemaFile);
  if (!v) {
    v = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
    validators.set(schemaFile, v);
  }
  return v;
};
const errorsOf = (schemaFile: string, text: string): string[] => {
  const v = validator(schemaFile);
  return v(parse(text)) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
};

const GENERIC = path.join(ROOT, 'schema', 'screenplay.schema.json');
const files = [
  ...fs
    .readdirSync(path.join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `examples/${f}`),
  ...fs
    .readdirSync(path.join(ROOT, 'examples', 'ideas'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `examples/ideas/${f}`),
  ...fs.readdirSync(path.join(ROOT, 'primitives')).map((f) => `primitives/${f}`),
];

describe('the schemas under a strict JSON Schema validator (Ajv 2020)', () => {
  it.each(files)('%s passes the generic schema and the one its $schema line names', (rel) => {
    const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
    expect(errorsOf(GENERIC, text)).toEqual([]);
    const own = /^# yaml-language-server: \$schema=(\S+)/.exec(text)?.[1];
    if (own) expect(errorsOf(path.resolve(ROOT, path.dirname(rel), own), text)).toEqual([]);
  });

  it("init's starter (string short forms beside imported primitives) passes the generic schema", () => {
    expect(errorsOf(GENERIC, starterScript('x.json', 'npx screenplay make hello.yaml'))).toEqual([]);
    expect(errorsOf(GENERIC, 'import: [screenplay/terminal]\nsteps:\n  - wait: 1s\n  - say: hi\n  - my_step: { a: 1 }\n  - other_step:\n')).toEqual([]);
  });

  it('still refuses a misspelt action without imports, a wrong type, and a name that is not lower_snake_case', () => {
    expect(errorsOf(GENERIC, 'steps:\n  - clik: { text: Deploy }\n').length).toBeGreaterThan(0);
    expect(errorsOf(GENERIC, 'steps:\n  - zoom: { level: big }\n').length).toBeGreaterThan(0);
    expect(errorsOf(GENERIC, 'import: [a.yaml]\nsteps:\n  - Bad-Name: {}\n').length).toBeGreaterThan(0);
    expect(errorsOf(GENERIC, 'import: [a.yaml]\nsteps:\n  - my_step: 3\n').length).toBeGreaterThan(0);
  });
});
