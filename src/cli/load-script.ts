/**
 * Reads a script and every file it imports (transitively) for compileScript, which is pure.
 * YAML/JSON files are passed as text; a TypeScript script is imported (as ESM, whatever its
 * folder's package.json says) and its default export passed as an object. Every import is
 * resolved with `resolveScriptPath` (realpath inside the project) BEFORE it is read or
 * imported: one that leaves the project is never opened, let alone executed; compileScript
 * reports it, positioned, through the same resolver. Paths are keyed relative to the project
 * root.
 */
import { LOGO_HEAD_BYTES, logoProblem } from '../dsl/logo-check';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { entry, parseSource, type SourceLocations } from '../dsl/located';
import type { PathResolver } from '../dsl/script-paths';
import { invalidInput } from '../errors';
import { scriptPathResolver } from '../util/resolve-script-path';
import { locateTsScript } from './ts-locations';

export type LoadedScript = {
  /** The entry's key (project-relative). */
  entry: string;
  /** compileScript's root: "" (keys are already project-relative). */
  root: string;
  /** Key → YAML/JSON text, or a TypeScript module's default export. */
  files: Record<string, string | Record<string, unknown>>;
  /**
   * Key → where a TypeScript module's default export is written (found with the TypeScript
   * compiler API when `typescript` can be loaded): compileScript positions its errors with it.
   */
  locations?: Record<string, SourceLocations>;
  /** Key → why the file could not be loaded (a TypeScript module that failed to import). */
  unreadable: Record<string, string>;
  /** The project folder (absolute, a realpath). */
  rootDir: string;
  /** The one path rule, bound to this project: compileScript resolves every path with it. */
  resolvePath: PathResolver;
  /** A card logo's check on disk (src/dsl/logo-check.ts): extension, size, first bytes. */
  checkLogo: (resolved: string) => string | null;
};

/**
 * The project root: the nearest folder above the script with package.json or .git, else its
 * own folder. Symbolic links are followed first (the result is a realpath).
 */
export const findProjectRoot = (file: string): string => {
  const real = fs.realpathSync.native(path.resolve(file));
  let dir = path.dirname(real);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) || fs.existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.dirname(real);
    dir = up;
  }
};

/** How long a TypeScript script may take to load (ms): importing it runs its top-level code. SCREENPLAY_TS_IMPORT_TIMEOUT_MS changes it (tests). */
export const TS_IMPORT_TIMEOUT_MS = Number(process.env.SCREENPLAY_TS_IMPORT_TIMEOUT_MS) > 0 ? Number(process.env.SCREENPLAY_TS_IMPORT_TIMEOUT_MS) : 30_000;

const isTs = (f: string) => /\.(m?ts)$/.test(f);

/** An error from importing a module, as one line (its first), without a stack. */
const oneLine = (err: unknown): string => {
  const e = err as { code?: unknown; message?: unknown };
  const all = (typeof e?.message === 'string' ? e.message : String(err))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  // "Transform failed with 1 error:" says where on its next line.
  const first = all[0]?.endsWith(':') && all[1] ? `${all[0]} ${all[1]}` : (all[0] ?? 'unknown error');
  const text = first.length > 200 ? `${first.slice(0, 200)}…` : first;
  return typeof e?.code === 'string' && !text.includes(e.code) ? `${text} (${e.code})` : text;
};

/**
 * A module's default export. In a folder whose package.json does not say "type": "module", a
 * .ts file loads as CommonJS: its `export default` arrives wrapped ({ default, __esModule }).
 */
const defaultExport = (mod: { default?: unknown }): Record<string, unknown> | null => {
  let d = mod.default as Record<string, unknown> | undefined;
  if (d && typeof d === 'object' && (d as { __esModule?: unknown }).__esModule === true) d = d.default as Record<string, unknown> | undefined;
  return d && typeof d === 'object' && !Array.isArray(d) ? d : null;
};

/**
 * Loads `file` (a path as the user typed it) and its imports.
 *
 * Throws an invalid-input ScreenplayError when the file itself does not exist. Everything else
 * (an import refused by the path rule, a TypeScript module that throws or does not compile)
 * is left for compileScript to report at the import that names it.
 */
/** The largest script or library file read (bytes): far above any real script, and bounded work for validate. */
export const MAX_SCRIPT_BYTES = 1024 * 1024;

/** A YAML/JSON file's text (a script, or a lexicon: YAML, JSON or PLS), or why it is not one (too large, binary, not UTF-8). */
const readScriptText = (file: string, kind: 'script' | 'lexicon' = 'script'): string | { problem: string } => {
  const size = fs.statSync(file).size;
  if (size > MAX_SCRIPT_BYTES)
    return { problem: `expected a ${kind} of at most ${MAX_SCRIPT_BYTES / 1024 / 1024} MiB, but it is ${(size / 1024 / 1024).toFixed(1)} MiB` };
  const bytes = fs.readFileSync(file);
  const what = kind === 'script' ? 'YAML or JSON' : 'YAML, JSON or PLS';
  if (bytes.includes(0)) return { problem: `expected a text file (${what}), but it holds NUL bytes: a binary file` };
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problem: `expected a UTF-8 text file (${what}), but it is not valid UTF-8` };
  }
};

/** The `voice.lexicon` a loaded script names (its text parsed as compileScript will), or null. */
const lexiconOf = (script: string | Record<string, unknown> | undefined): string | null => {
  if (script === undefined) return null;
  if (typeof script !== 'string') {
    const v = (script.voice as { lexicon?: unknown } | undefined)?.lexicon;
    return typeof v === 'string' && v !== '' ? v : null;
  }
  const voice = entry(parseSource('', script).root, 'voice')?.value;
  const lex = voice ? entry(voice, 'lexicon')?.value : undefined;
  return lex?.kind === 'scalar' && typeof lex.value === 'string' && lex.value !== '' ? lex.value : null;
};

export const loadScript = async (file: string): Promise<LoadedScript> => {
  const given = path.resolve(file);
  let abs: string;
  try {
    abs = fs.realpathSync.native(given);
    if (!fs.statSync(abs).isFile()) throw new Error('not a file');
  } catch {
    throw invalidInput(`${file}: expected a script file (.yaml, .yml, .json or .ts), but it does not exist`);
  }
  const rootDir = findProjectRoot(abs);
  const resolvePath = scriptPathResolver(rootDir);
  const key = (p: string) => path.relative(rootDir, p).split(path.sep).join('/');
  const files: LoadedScript['files'] = {};
  const unreadable: LoadedScript['unreadable'] = {};
  const locations: Record<string, SourceLocations> = {};
  const queue = [key(abs)];
  while (queue.length) {
    const k = queue.shift() as string;
    if (k in files || k in unreadable) continue;
    const f = path.join(rootDir, k);
    let imports: unknown;
    if (isTs(f)) {
      let mod: { default?: unknown };
      if (fs.statSync(f).size > MAX_SCRIPT_BYTES) {
        unreadable[k] = `expected a script of at most ${MAX_SCRIPT_BYTES / 1024 / 1024} MiB, but it is ${(fs.statSync(f).size / 1024 / 1024).toFixed(1)} MiB`;
        continue;
      }
      try {
        const { tsImport } = await import('tsx/esm/api');
        // What the script prints while it loads goes to stderr: stdout carries --json and schemas.
        const write = process.stdout.write;
        process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
        // A script's process.exit while it loads would end screenplay (and an MCP server) silently.
        const exit = process.exit;
        let exitCalled: string | null = null;
        process.exit = ((code?: number | string | null) => {
          exitCalled ??= String(code ?? '');
        }) as typeof process.exit;
        let timer: NodeJS.Timeout | undefined;
        try {
          // Bounded: a script that never finishes loading (a top-level await that never settles) is an error, not a hang.
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`it did not finish loading in ${TS_IMPORT_TIMEOUT_MS / 1000} s (a top-level await that never settles?)`)),
              TS_IMPORT_TIMEOUT_MS,
            );
          });
          mod = (await Promise.race([tsImport(pathToFileURL(f).href, { parentURL: import.meta.url }), timeout])) as { default?: unknown };
        } finally {
          clearTimeout(timer);
          process.stdout.write = write;
          process.exit = exit;
        }
        if (exitCalled !== null) throw new Error(`it called process.exit(${exitCalled}) while loading`);
      } catch (err) {
        unreadable[k] = `importing it failed: ${oneLine(err)}`;
        continue;
      }
      const script = defaultExport(mod);
      if (!script) {
        unreadable[k] = 'expected a default export made with defineScript({...}), but found none';
        continue;
      }
      files[k] = script;
      imports = script.import;
      const where = locateTsScript(rootDir, k, fs.readFileSync(f, 'utf8'));
      if (where) locations[k] = where;
    } else {
      const text = readScriptText(f);
      if (typeof text !== 'string') {
        unreadable[k] = text.problem;
        continue;
      }
      files[k] = text;
      // The same parse as compileScript's (depth and alias bounds included); it reports every problem with its position.
      const list = entry(parseSource(k, text).root, 'import')?.value;
      imports = list?.kind === 'seq' ? list.items.map((i) => (i.kind === 'scalar' ? i.value : null)) : undefined;
    }
    // The entry's lexicon file (voice.lexicon), read as text for compileScript to check; resolved
    // (and refused) first, like an import.
    if (k === key(abs)) {
      const lexicon = lexiconOf(files[k]);
      if (lexicon) {
        const r = resolvePath(lexicon, k, 'file');
        if (r.ok && !(r.path in files)) {
          const text = readScriptText(path.join(rootDir, r.path), 'lexicon');
          if (typeof text === 'string') files[r.path] = text;
          else unreadable[r.path] = text.problem;
        }
      }
    }
    // Resolved (and refused) before anything is read or imported; compileScript reports refusals.
    if (Array.isArray(imports)) {
      for (const i of imports) {
        if (typeof i !== 'string' || i === '') continue;
        const r = resolvePath(i, k, 'import');
        if (r.ok) queue.push(r.path);
      }
    }
  }
  const checkLogo = (resolved: string): string | null => {
    const file = path.resolve(rootDir, resolved);
    try {
      const size = fs.statSync(file).size;
      const fd = fs.openSync(file, 'r');
      try {
        const head = Buffer.alloc(Math.min(size, LOGO_HEAD_BYTES));
        fs.readSync(fd, head, 0, head.length, 0);
        return logoProblem(file, size, head);
      } finally {
        fs.closeSync(fd);
      }
    } catch (err) {
      return `could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    }
  };
  return { entry: key(abs), root: '', files, locations, unreadable, rootDir, resolvePath, checkLogo };
};
