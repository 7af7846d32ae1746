/**
 * The one rule for a path a script names (an image, an import, an avatar clip, a background,
 * a terminal's folder): relative to the file that names it, followed through every symbolic
 * link (realpath), it must stay inside the project folder and name an existing file (or
 * folder). It is checked here before anything is read, imported or executed; an outside file
 * is never opened, so no error can quote it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { leavesMessage, lexicalScriptPath, type PathKind, type PathResolver, type PathResult } from '../dsl/script-paths';
import { inside, packageSpecifier, resolvePackageImport } from './package-import';

export type ResolvedScriptPath =
  | { ok: true; /** Project-relative, posix separators; "." for the root. */ path: string; /** Absolute realpath. */ abs: string }
  | { ok: false; message: string };

const toKey = (root: string, p: string): string => path.relative(root, p).split(path.sep).join('/') || '.';

/**
 * Resolves `value`, written in the file `fromFile` (project-relative; "" or "." for the root
 * itself), against the project folder `rootDir` (absolute).
 *
 * Returns the realpath, project-relative (`path`) and absolute (`abs`), or a one-line message:
 * a NUL byte, a home-folder (~) path, a path that leaves the project as written or through a
 * symbolic link, one that does not exist (a dangling link included), or a folder where a file
 * is expected (and the reverse). An absolute path is accepted when it is inside the project.
 * Only the project's own entries are looked at (lstat/realpath); nothing is read.
 */
export const resolveScriptPath = (rootDir: string, fromFile: string, value: string, kind: PathKind): ResolvedScriptPath => {
  const pkg = outsidePackage(rootDir, fromFile);
  if (pkg) {
    // A library of a package installed outside the project (linked, or hoisted in a workspace):
    // its own paths follow the same rule inside that package's folder.
    const r = resolveScriptPath(pkg.dir, pkg.fromFile, value, kind);
    return r.ok ? { ok: true, path: toKey(fs.realpathSync.native(rootDir), r.abs), abs: r.abs } : r;
  }
  if (kind === 'import') return resolveImport(rootDir, fromFile, value);
  let root: string;
  try {
    root = fs.realpathSync.native(rootDir);
  } catch {
    return { ok: false, message: `the project folder ${rootDir} does not exist` };
  }
  const quoted = JSON.stringify(value);
  let candidate: string;
  if (path.isAbsolute(value) && !value.includes('\0')) {
    candidate = path.resolve(value);
    if (!inside(root, candidate) && !inside(path.resolve(rootDir), candidate)) return { ok: false, message: leavesMessage(value) };
    if (!inside(root, candidate)) candidate = path.join(root, path.relative(path.resolve(rootDir), candidate));
  } else {
    const lexical = lexicalScriptPath(value, fromFile === '.' ? '' : fromFile);
    if (!lexical.ok) return lexical;
    candidate = path.join(root, lexical.path);
  }
  let real: string;
  try {
    real = fs.realpathSync.native(candidate);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { ok: false, message: `expected ${quoted} to be a ${noun(kind)}, but it is a loop of symbolic links` };
    if (code === 'EACCES') return { ok: false, message: `expected ${quoted} to be a ${noun(kind)} this user can open, but permission is denied` };
    let link = false;
    try {
      link = fs.lstatSync(candidate).isSymbolicLink();
    } catch {
      link = false;
    }
    return {
      ok: false,
      message: link
        ? `expected ${quoted} to be a ${noun(kind)}, but it is a symbolic link to nothing`
        : `expected the ${noun(kind)} ${quoted} to exist, but it does not`,
    };
  }
  // Checked before anything is opened: an outside target is never stat'ed, read or imported.
  if (!inside(root, real)) return { ok: false, message: `${leavesMessage(value)} (through a symbolic link)` };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch {
    return { ok: false, message: `expected the ${noun(kind)} ${quoted} to exist, but it does not` };
  }
  if (kind === 'file' && !stat.isFile())
    return { ok: false, message: `expected ${quoted} to be a file, but it is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}` };
  if (kind === 'dir' && !stat.isDirectory()) return { ok: false, message: `expected ${quoted} to be a folder, but it is a file` };
  return { ok: true, path: toKey(root, real), abs: real };
};

/**
 * For a file keyed outside the project (`../…`: only a package import reaches one, see
 * resolveImport), the package folder holding it (its nearest folder with a package.json) and the
 * file relative to it; null for a file inside the project.
 */
const outsidePackage = (rootDir: string, fromFile: string): { dir: string; fromFile: string } | null => {
  if (fromFile !== '..' && !fromFile.startsWith('../')) return null;
  let root: string;
  try {
    root = fs.realpathSync.native(rootDir);
  } catch {
    return null;
  }
  const abs = path.resolve(root, fromFile);
  for (let dir = path.dirname(abs); ;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return { dir, fromFile: toKey(dir, abs) };
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
};

const lstatOrNull = (p: string): fs.Stats | null => {
  try {
    return fs.lstatSync(p);
  } catch {
    return null;
  }
};

const noun = (kind: PathKind) => (kind === 'dir' ? 'folder' : 'file');

/**
 * An import: a file relative to `fromFile` (the path rule above), else, for a bare specifier
 * (`screenplay/terminal`), an installed package's primitive library (src/util/package-import.ts).
 * The file wins when both exist, so an existing relative import never changes meaning.
 */
const resolveImport = (rootDir: string, fromFile: string, value: string): ResolvedScriptPath => {
  const asFile = resolveScriptPath(rootDir, fromFile, value, 'file');
  const spec = packageSpecifier(value);
  if (asFile.ok || !spec) return asFile;
  const root = fs.realpathSync.native(rootDir);
  // Something by that name next to the file (a link leaving the project, a folder): its error stands.
  const lexical = lexicalScriptPath(value, fromFile === '.' ? '' : fromFile);
  if (lexical.ok && lstatOrNull(path.join(root, lexical.path))) return asFile;
  const fromDir = path.join(root, path.posix.dirname(fromFile === '.' ? '' : fromFile));
  const lib = resolvePackageImport(root, fs.existsSync(fromDir) ? fs.realpathSync.native(fromDir) : root, spec);
  if (lib.ok) return { ok: true, path: toKey(root, lib.abs), abs: lib.abs };
  return { ok: false, message: `expected ${JSON.stringify(value)} to be a primitive library: a file next to this one, or a package's; but ${lib.message}` };
};

/** `resolveScriptPath` bound to a project, in the shape compileScript takes. */
export const scriptPathResolver =
  (rootDir: string): PathResolver =>
  (value, fromFile, kind): PathResult => {
    const r = resolveScriptPath(rootDir, fromFile, value, kind);
    return r.ok ? { ok: true, path: r.path } : r;
  };

/**
 * A path from a compiled plan (project-relative, already resolved once) checked again where it
 * is used, at capture: absolute realpath, or a ScreenplayError-ready message. URLs pass as they are.
 */
export const planPath = (rootDir: string, value: string, kind: PathKind): ResolvedScriptPath => resolveScriptPath(rootDir, '', value, kind);
