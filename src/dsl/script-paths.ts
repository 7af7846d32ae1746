/**
 * Paths in scripts: which fields hold one (marked in the zod schemas with `zPath`), and the
 * lexical half of the one rule every such path follows: relative to the file that names it,
 * inside the project folder. The other half (realpath inside the project, the file or folder
 * exists) needs the disk and lives in src/util/resolve-script-path.ts; the CLI hands it to
 * compileScript as a `PathResolver`. Pure.
 */
import path from 'node:path';
import { z } from 'zod';

/**
 * What a path must name: a file (images, clips), a folder (a terminal's cwd), or an import: a
 * file, or an installed package's primitive library (`screenplay/terminal` →
 * node_modules/screenplay/primitives/terminal.yaml; see src/util/package-import.ts).
 */
export type PathKind = 'file' | 'dir' | 'import';

/**
 * How a field holds a path: its kind, and whether an http(s) URL is allowed instead (a page to
 * open in the browser: such a URL is left as written, its own rule checked by the field's schema).
 */
export type PathMeta = { kind: PathKind; url?: boolean };

/**
 * A resolved path, or why it is refused (one line that quotes the value as written, never
 * anything read from the disk).
 */
export type PathResult = { ok: true; path: string } | { ok: false; message: string };

/**
 * Resolves `value`, written in the file `fromFile`, to a path relative to the project root
 * (posix separators; "." for the root itself). `fromFile` is a project-relative path too.
 */
export type PathResolver = (value: string, fromFile: string, kind: PathKind) => PathResult;

/** A string field that holds a path (relative to the file that names it). */
export const zPath = (kind: PathKind) => z.string().min(1).meta({ screenplay: 'path', path: kind });

/** The path marking of one schema node (not of its children), or null. */
export const pathMeta = (schema: z.ZodType): PathMeta | null => {
  const meta = z.globalRegistry.get(schema) as { screenplay?: string; path?: PathKind; url?: boolean } | undefined;
  if (meta?.screenplay !== 'path') return null;
  return { kind: meta.path ?? 'file', ...(meta.url ? { url: true } : {}) };
};

/** Where a path field sits inside a value: keys, and "*" for every item of a list. */
export type PathField = { at: string[]; meta: PathMeta };

const fieldsOf = new WeakMap<z.ZodType, PathField[]>();

/** Every path-marked field of a schema (through objects, lists, optionals, unions, pipes); cached per schema. */
export const pathFields = (schema: z.ZodType): PathField[] => {
  const cached = fieldsOf.get(schema);
  if (cached) return cached;
  const out: PathField[] = [];
  const walk = (s: z.ZodType, at: string[], seen: Set<z.ZodType>) => {
    if (seen.has(s)) return;
    const meta = pathMeta(s);
    if (meta) {
      out.push({ at, meta });
      return;
    }
    const next = new Set(seen).add(s);
    const def = (s as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    switch (def.type) {
      case 'object':
        for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) walk(v, [...at, k], next);
        break;
      case 'array':
        walk(def.element as z.ZodType, [...at, '*'], next);
        break;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        walk(def.innerType as z.ZodType, at, next);
        break;
      case 'pipe':
        walk(def.in as z.ZodType, at, next);
        break;
      case 'union':
        for (const o of def.options as z.ZodType[]) walk(o, at, next);
        break;
      case 'intersection':
        walk(def.left as z.ZodType, at, next);
        walk(def.right as z.ZodType, at, next);
        break;
      default:
    }
  };
  walk(schema, [], new Set());
  // A union lists the same field once per option.
  const fields = out.filter((f, i) => out.findIndex((g) => g.at.join('\0') === f.at.join('\0')) === i);
  fieldsOf.set(schema, fields);
  return fields;
};

/**
 * The concrete places (keys and list indexes) where `field` has a string value in `value` (a
 * path; an http(s) URL in a field that allows one is not a path and is left out).
 */
export const pathValues = (value: unknown, field: PathField): Array<{ at: Array<string | number>; value: string }> => {
  const out: Array<{ at: Array<string | number>; value: string }> = [];
  const walk = (v: unknown, rest: string[], at: Array<string | number>) => {
    if (rest.length === 0) {
      if (typeof v === 'string' && !(field.meta.url && /^https?:\/\//i.test(v))) out.push({ at, value: v });
      return;
    }
    const [head, ...tail] = rest as [string, ...string[]];
    if (head === '*') {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, tail, [...at, i]));
    } else if (v && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, head)) walk((v as Record<string, unknown>)[head], tail, [...at, head]);
  };
  walk(value, field.at, []);
  return out;
};

export const leavesMessage = (value: string): string =>
  `must be a path inside the project folder, relative to this file, but ${JSON.stringify(value)} leaves it`;

/**
 * The checks that need no disk: a NUL byte, a home-folder path, and (lexically) leaving the
 * project. Returns the project-relative path, or why it is refused. An absolute path is refused
 * here (only the disk resolver knows where the project is); `resolveScriptPath` accepts one
 * that is inside the project.
 */
export const lexicalScriptPath = (value: string, fromFile: string): PathResult => {
  if (value.includes('\0')) return { ok: false, message: `must be a path, but ${JSON.stringify(value)} contains a NUL byte` };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return {
      ok: false,
      message: `must be a file in the project, but got the URL ${JSON.stringify(value)}: download it into the project and name its path (screenplay never fetches a script's files from the network)`,
    };
  }
  if (/^~(\/|$)/.test(value)) return { ok: false, message: `${leavesMessage(value)} (~ is the home folder, outside the project)` };
  if (path.posix.isAbsolute(value)) return { ok: false, message: leavesMessage(value) };
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), value));
  if (resolved === '..' || resolved.startsWith('../')) return { ok: false, message: leavesMessage(value) };
  return { ok: true, path: resolved.replace(/\/$/, '') || '.' };
};
