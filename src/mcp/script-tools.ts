/**
 * The MCP server's short tools, run in its own process: list_actions, list_primitives,
 * get_schema, validate, plan. Each takes plain data and returns plain data; nothing is printed
 * (stdout is the protocol). Secret text never leaves: the script's secrets are registered for
 * the scrubber, plans are redacted, and no excerpt of a secret line is shown.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ACTION_NAMES, ACTIONS, compileScript, formatDiagnostic, redactPlan, scriptJsonSchema, type CompileResult, type Diagnostic, type Plan } from '../dsl';
import type { PrimitiveInfo } from '../dsl/compile';
import { loadScript, type LoadedScript } from '../cli/load-script';
import { formatPlanTree } from '../cli/script-commands';
import { registerSecret, scrub } from '../secrets';
import { PACKAGE_ROOT } from './run-cli';

export type Compiled = { loaded: LoadedScript; result: CompileResult };

/**
 * Loads and compiles `abs` (a script inside the project), with every diagnostic's file relative
 * to `root` (as the CLI prints them when run in the project folder) and the script's secrets
 * registered for `scrub`.
 */
export const compileProjectScript = async (root: string, abs: string): Promise<Compiled> => {
  const loaded = await loadScript(abs);
  const result = compileScript(loaded);
  for (const secret of result.secrets) registerSecret(secret);
  const rel = (k: string) => path.relative(root, path.join(loaded.rootDir, k)).split(path.sep).join('/') || k;
  for (const d of [...result.errors, ...result.warnings]) {
    d.file = rel(d.file);
    for (const r of d.related ?? []) r.file = rel(r.file);
  }
  for (const p of Object.values(result.primitives)) p.source = { ...p.source, file: rel(p.source.file) };
  const files = Object.fromEntries(Object.entries(loaded.files).map(([k, v]) => [rel(k), v]));
  const secretLines = result.secretLines.map((at) => {
    const i = at.lastIndexOf(':');
    return `${rel(at.slice(0, i))}${at.slice(i)}`;
  });
  return { loaded: { ...loaded, files }, result: { ...result, secretLines } };
};

/** Errors and warnings as the CLI prints them (FILE:LINE:COL: error: …, the line, a caret), secrets masked. */
export const diagnosticsText = ({ loaded, result }: Compiled): string => {
  const hidden = new Set(result.secretLines);
  const out = [
    ...result.errors.map((d) => formatDiagnostic(d, loaded.files, 'error', hidden)),
    ...result.warnings.map((d) => formatDiagnostic(d, loaded.files, 'warning', hidden)),
  ];
  return scrub(out.join('\n'));
};

export type DiagnosticJson = Pick<Diagnostic, 'file' | 'line' | 'column' | 'path' | 'message'>;
const strip = (ds: Diagnostic[]): DiagnosticJson[] =>
  ds.map(({ file, line, column, path: p, message }) => ({ file, line, column, path: p, message: scrub(message) }));

export type ValidateResult = { ok: boolean; steps: number | null; errors: DiagnosticJson[]; warnings: DiagnosticJson[]; text: string };

/** validate: every error and warning, positioned (line and column 1-based), and the text `screenplay validate` prints. */
export const validateScript = async (root: string, abs: string, shown: string): Promise<ValidateResult> => {
  const c = await compileProjectScript(root, abs);
  const ok = c.result.errors.length === 0;
  const n = c.result.errors.length;
  const summary = ok ? `${shown}: valid (${c.result.plan?.steps.length} steps)` : `${shown}: ${n} error${n === 1 ? '' : 's'}`;
  const text = [diagnosticsText(c), summary].filter((t) => t !== '').join('\n');
  return { ok, steps: c.result.plan?.steps.length ?? null, errors: strip(c.result.errors), warnings: strip(c.result.warnings), text };
};

export type PlanResult =
  { ok: true; plan: Pick<Plan, 'title' | 'steps' | 'marks'>; tree: string; warnings: DiagnosticJson[] } | { ok: false; errors: DiagnosticJson[]; text: string };

/** plan: the expanded steps (secret text redacted) and the tree `screenplay plan` prints; or the errors. */
export const planScript = async (root: string, abs: string): Promise<PlanResult> => {
  const c = await compileProjectScript(root, abs);
  if (!c.result.plan) return { ok: false, errors: strip(c.result.errors), text: diagnosticsText(c) };
  const plan = redactPlan(c.result.plan);
  return { ok: true, plan: { title: plan.title, steps: plan.steps, marks: plan.marks }, tree: scrub(formatPlanTree(plan)), warnings: strip(c.result.warnings) };
};

export type ActionInfo = { name: string; summary: string; example: string; wraps: boolean };

/** list_actions: every built-in action with its one-line summary and a YAML example step. */
export const listActions = (): ActionInfo[] =>
  ACTION_NAMES.map((name) => {
    const def = ACTIONS[name] as { summary: string; example: string; wraps?: boolean };
    return { name, summary: def.summary, example: `- ${def.example}`, wraps: def.wraps === true };
  });

export type PrimitiveEntry = PrimitiveInfo & {
  name: string;
  /** The library file to import, relative to the project (when it is inside it). */
  library: string | null;
  /** When `library` is null: how to make it importable. */
  howToImport?: string;
};

/** The built-in libraries (primitives/*.yaml in the package), sorted. */
export const builtinLibraries = (): string[] => {
  const dir = path.join(PACKAGE_ROOT, 'primitives');
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
};

/**
 * list_primitives: the primitives a script can use (its own and its imports'), or, without a
 * script, those of the built-in libraries, each with its params (type, default, values,
 * description), where it is defined and the file to import. Throws when a library does not compile.
 */
export const listPrimitives = async (root: string, abs?: string): Promise<{ primitives: PrimitiveEntry[]; errors?: string }> => {
  const entries = new Map<string, PrimitiveEntry>();
  const realRoot = fs.realpathSync.native(root);
  const libraryOf = (file: string): string | null => {
    const a = path.resolve(root, file);
    const r = path.relative(realRoot, a);
    return r.startsWith('..') || path.isAbsolute(r) ? null : r.split(path.sep).join('/');
  };
  const files = abs ? [abs] : builtinLibraries();
  for (const f of files) {
    const c = await compileProjectScript(root, f);
    if (c.result.errors.length) return { primitives: [], errors: diagnosticsText(c) };
    for (const [name, info] of Object.entries(c.result.primitives)) {
      if (entries.has(name)) continue;
      const library = libraryOf(info.source.file);
      // A library outside the project (screenplay run from npx's cache) cannot be imported:
      // imports stay inside the project. Say what to do instead of giving a path that fails.
      entries.set(name, {
        name,
        ...info,
        library,
        ...(library
          ? {}
          : {
              howToImport: `copy ${path.basename(info.source.file)} from screenplay's primitives/ folder into your project (or install screenplay in it: npm i -D screenplay, then import node_modules/screenplay/primitives/${path.basename(info.source.file)})`,
            }),
      });
    }
  }
  return { primitives: [...entries.values()] };
};

/** get_schema: the script format's JSON Schema, with the primitives of `abs` (its own and imports') as step kinds. */
export const scriptSchema = async (root: string, abs?: string): Promise<{ schema: Record<string, unknown> } | { errors: string }> => {
  if (!abs) return { schema: scriptJsonSchema() };
  const c = await compileProjectScript(root, abs);
  if (c.result.errors.length) return { errors: diagnosticsText(c) };
  return { schema: scriptJsonSchema(c.result.primitives) };
};
