/**
 * `screenplay types FILE [--out F.d.ts]`: writes the TypeScript signatures of every primitive
 * FILE can use (its own and its imports', YAML libraries included) for typed authoring:
 * `defineScript<Primitives>({...})`. Types only: nothing is added to the compiled script.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compileScript } from '../dsl/compile';
import { primitiveTypesSource } from '../dsl/primitive-types';
import { invalidInput } from '../errors';
import { loadScript } from './load-script';
import { printErr } from './print';

/** The default output: `dir/name.primitives.d.ts` beside `file` (`add-ink.ts` → `add-ink.primitives.d.ts`). */
export const defaultTypesOut = (file: string): string => {
  const base = path.basename(file).replace(/\.(m?ts|ya?ml|json)$/i, '');
  return path.join(path.dirname(file), `${base}.primitives.d.ts`);
};

/**
 * Runs `screenplay types` with the arguments after the command name. Answers the exit code: 0
 * written (a note on stderr when the script has errors: the types are written from the
 * primitives that loaded), 1 for bad arguments or a script that does not exist (thrown as an
 * invalid-input ScreenplayError, printed by the CLI's entry).
 */
export const typesCommand = async (args: string[]): Promise<number> => {
  // Unknown flags and --help are answered by the command table (src/cli/commands.ts, help.ts).
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string', short: 'o' } } });
  const file = positionals[0];
  if (!file) throw invalidInput('types: expected a script file (screenplay types FILE [--out F.d.ts]), but got none');
  if (positionals.length > 1) throw invalidInput(`types: expected one script file, but got ${positionals.length}: ${positionals.join(' ')}`);
  const out = values.out ?? defaultTypesOut(file);
  if (!/\.d\.m?ts$/.test(out)) throw invalidInput(`types: expected --out to name a declaration file ending in .d.ts, but got "${out}"`);

  const loaded = await loadScript(file);
  const result = compileScript(loaded);
  const source = primitiveTypesSource(result.primitives, loaded.entry);
  try {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, source);
  } catch (err) {
    throw invalidInput(`types: could not write "${out}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const n = Object.keys(result.primitives).length;
  printErr(`${out}: ${n} primitive${n === 1 ? '' : 's'} (import type { Primitives } from it; defineScript<Primitives>({...}))\n`);
  const e = result.errors.length;
  if (e) printErr(`note: ${file} has ${e} error${e === 1 ? '' : 's'} (screenplay validate ${file} lists them); the types hold the primitives that loaded\n`);
  return 0;
};
