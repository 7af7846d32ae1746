/**
 * The MCP server's one path rule: every path a tool is given (a script, a capture dir, a video,
 * an output folder) must stay inside the project folder the server was started in, followed
 * through every symbolic link. `..` out of it, an absolute path elsewhere, a link that points
 * out: refused with one line saying so, before anything is read, written or run.
 */
import fs from 'node:fs';
import path from 'node:path';

export type ProjectPath =
  | { ok: true; /** Absolute (realpath of what exists). */ abs: string; /** Relative to the project, posix separators; "." for the root. */ rel: string }
  | { ok: false; message: string };

/** What the path must be: an existing file, an existing folder, either, or something to write (it may not exist yet). */
export type ProjectPathKind = 'file' | 'dir' | 'file-or-dir' | 'output';

/** Bounds on a path argument: no NUL byte, at most 1024 characters. */
export const MAX_PATH_LENGTH = 1024;

const inside = (root: string, p: string): boolean => {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
};

const key = (root: string, p: string): string => path.relative(root, p).split(path.sep).join('/') || '.';

/**
 * Resolves `value` (relative to `rootDir`, or absolute inside it) for the tool argument `arg`.
 *
 * For `output`, the deepest part of the path that exists (its parent, or the path itself when it
 * exists) must be inside the project after following links; the rest is created by the command.
 * Returns the absolute path or a one-line message naming the argument, what was expected and
 * what was found.
 */
export const resolveProjectPath = (rootDir: string, arg: string, value: string, kind: ProjectPathKind): ProjectPath => {
  const quoted = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === '' || value.includes('\0') || value.length > MAX_PATH_LENGTH) {
    return { ok: false, message: `${arg}: expected a path inside the project (at most ${MAX_PATH_LENGTH} characters, no NUL), but got ${quoted}` };
  }
  if (value.startsWith('~'))
    return { ok: false, message: `${arg}: expected a path inside the project, but got ${quoted} (a home-folder path; give it relative to the project)` };
  const root = fs.realpathSync.native(rootDir);
  const given = path.resolve(root, value);
  const leaves = `${arg}: expected a path inside the project folder ${root}, but ${quoted} leaves it`;
  // As written: `..` out of the project, or an absolute path elsewhere (the project's own unresolved spelling counts as inside).
  if (!inside(root, given) && !inside(path.resolve(rootDir), path.resolve(rootDir, value))) return { ok: false, message: leaves };
  const candidate = inside(root, given) ? given : path.join(root, path.relative(path.resolve(rootDir), path.resolve(rootDir, value)));
  // The deepest existing ancestor (for outputs) or the path itself, through every link.
  let existing = candidate;
  for (;;) {
    try {
      fs.lstatSync(existing);
      break;
    } catch {
      if (kind !== 'output')
        return {
          ok: false,
          message: `${arg}: expected ${kind === 'dir' ? 'a folder' : kind === 'file' ? 'a file' : 'a file or folder'} ${quoted} in the project, but it does not exist`,
        };
      const up = path.dirname(existing);
      if (up === existing) return { ok: false, message: leaves };
      existing = up;
    }
  }
  let real: string;
  try {
    real = fs.realpathSync.native(existing);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      message: `${arg}: expected ${quoted} to resolve, but ${code === 'ELOOP' ? 'it is a loop of symbolic links' : 'it is a symbolic link to nothing'}`,
    };
  }
  if (!inside(root, real)) return { ok: false, message: `${leaves} (through a symbolic link)` };
  const abs = path.join(real, path.relative(existing, candidate));
  if (kind !== 'output') {
    const stat = fs.statSync(abs);
    if (kind === 'file' && !stat.isFile())
      return { ok: false, message: `${arg}: expected ${quoted} to be a file, but it is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}` };
    if (kind === 'dir' && !stat.isDirectory()) return { ok: false, message: `${arg}: expected ${quoted} to be a folder, but it is a file` };
  }
  return { ok: true, abs, rel: key(root, abs) };
};
