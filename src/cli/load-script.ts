/**
 * Reads a script and every file it imports (transitively) for compileScript, which is pure.
 * YAML/JSON files are passed as text; a TypeScript script is imported and its default export
 * passed as an object. Paths are keyed relative to the project root.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { invalidInput } from '../errors';

export type LoadedScript = { entry: string; root: string; files: Record<string, string | Record<string, unknown>>; rootDir: string };

/** The project root: the nearest folder above the script with package.json or .git, else its own folder. */
export const findProjectRoot = (file: string): string => {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) || fs.existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.dirname(path.resolve(file));
    dir = up;
  }
};

const isTs = (f: string) => /\.(m?ts)$/.test(f);

export const loadScript = async (file: string): Promise<LoadedScript> => {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw invalidInput(`${file}: expected a script file (.yaml, .yml, .json or .ts), but it does not exist`);
  const rootDir = findProjectRoot(abs);
  const key = (p: string) => path.relative(rootDir, p).split(path.sep).join('/');
  const files: LoadedScript['files'] = {};
  const queue = [abs];
  while (queue.length) {
    const f = queue.shift() as string;
    const k = key(f);
    if (k in files || !fs.existsSync(f)) continue;
    let imports: unknown;
    if (isTs(f)) {
      const mod = (await import(pathToFileURL(f).href)) as { default?: unknown };
      if (!mod.default || typeof mod.default !== 'object') throw invalidInput(`${file}: expected a default export made with defineScript({...}), but found none`);
      files[k] = mod.default as Record<string, unknown>;
      imports = (mod.default as { import?: unknown }).import;
    } else {
      const text = fs.readFileSync(f, 'utf8');
      files[k] = text;
      try {
        imports = (parseYaml(text) as { import?: unknown } | null)?.import;
      } catch {
        imports = undefined; // compileScript reports the syntax error with its position
      }
    }
    if (Array.isArray(imports)) for (const i of imports) if (typeof i === 'string') queue.push(path.resolve(path.dirname(f), i));
  }
  return { entry: key(abs), root: '', files, rootDir };
};
