/**
 * Primitive libraries imported by package name, resolved the way Node resolves a package:
 * `import: [screenplay/terminal]` names the package `screenplay` and its library `terminal`,
 * found as `primitives/terminal.yaml` (or .yml, .json) in the first `node_modules/screenplay`
 * from the importing file's folder upwards, or in the project itself when the project's own
 * package.json is named `screenplay` (a package importing itself, as Node allows).
 *
 * Confinement: the library (realpath) must be inside its package's folder. The package may be
 * installed outside the project folder (a workspace hoists it, `npm link` links it): its library
 * is keyed `../…` from the project, and every path in it stays inside the package
 * (src/util/resolve-script-path.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { didYouMean } from '../dsl/did-you-mean';

/** `pkg/sub` or `@scope/pkg/sub`: a bare specifier with a library name after the package name. */
const SPECIFIER = /^((?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*)\/([^\\\0]+)$/i;

/** Extensions tried, in order, for a library named without one. */
const LIBRARY_EXTENSIONS = ['.yaml', '.yml', '.json'];

export type PackageSpecifier = { pkg: string; sub: string };

/**
 * Reads `value` as a package import (`screenplay/terminal`, `@acme/demos/login`), or null when it
 * is not one: a relative or absolute path, a URL, `~`, a `..` segment, a backslash, or a bare
 * package name without a library after it.
 */
export const packageSpecifier = (value: string): PackageSpecifier | null => {
  if (/^[./~]/.test(value) || /^[a-z][a-z0-9+.-]*:/i.test(value)) return null;
  const m = SPECIFIER.exec(value);
  if (!m) return null;
  const [, pkg, sub] = m as unknown as [string, string, string];
  if (sub.split('/').some((s) => s === '' || s === '.' || s === '..')) return null;
  return { pkg, sub };
};

/**
 * True when `p` is `root` or below it (both absolute; compared as written, so pass realpaths to
 * follow links). Also used by src/util/resolve-script-path.ts.
 */
export const inside = (root: string, p: string): boolean => {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
};

const realpath = (p: string): string | null => {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return null;
  }
};

const packageName = (dir: string): string | null => {
  try {
    const name = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
};

/**
 * The folder of package `pkg` as seen from `fromDir` (absolute, inside `root`): the project
 * itself when its package.json is named `pkg`, else the first `node_modules/<pkg>` with a
 * package.json from `fromDir` up to the filesystem root (realpath), or null.
 */
export const findPackageDir = (root: string, fromDir: string, pkg: string): string | null => {
  if (packageName(root) === pkg) return root;
  for (let dir = fromDir; ;) {
    const candidate = path.join(dir, 'node_modules', ...pkg.split('/'));
    if (fs.existsSync(path.join(candidate, 'package.json'))) return realpath(candidate);
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
};

/** The libraries a package ships (`primitives/*.yaml|yml|json` files inside it, names without extension). */
export const packageLibraries = (pkgDir: string): string[] => {
  try {
    return fs
      .readdirSync(path.join(pkgDir, 'primitives'))
      .filter((f) => LIBRARY_EXTENSIONS.includes(path.extname(f)))
      .filter((f) => {
        const real = realpath(path.join(pkgDir, 'primitives', f));
        return real !== null && inside(pkgDir, real) && fs.statSync(real).isFile();
      })
      .map((f) => f.slice(0, -path.extname(f).length))
      .sort();
  } catch {
    return [];
  }
};

export type PackageImport = { ok: true; /** Absolute realpath of the library file. */ abs: string } | { ok: false; message: string };

/**
 * Resolves a package import written in a file whose folder is `fromDir` (absolute realpath),
 * inside the project folder `root` (absolute realpath).
 *
 * Returns the library's absolute realpath, or a one-line message: the package is not installed
 * (with the npm command), or has no such library (with the libraries it has, and the closest name).
 */
export const resolvePackageImport = (root: string, fromDir: string, spec: PackageSpecifier): PackageImport => {
  const { pkg, sub } = spec;
  const pkgDir = findPackageDir(root, fromDir, pkg);
  if (!pkgDir) return { ok: false, message: `no package "${pkg}" is installed in this project (npm i -D ${pkg})` };
  const hasExt = LIBRARY_EXTENSIONS.includes(path.extname(sub));
  const candidates = hasExt
    ? [path.join(pkgDir, sub), path.join(pkgDir, 'primitives', sub)]
    : LIBRARY_EXTENSIONS.flatMap((e) => [path.join(pkgDir, 'primitives', `${sub}${e}`), path.join(pkgDir, `${sub}${e}`)]);
  for (const c of candidates) {
    const real = realpath(c);
    if (!real || !inside(pkgDir, real)) continue;
    if (fs.statSync(real).isFile()) return { ok: true, abs: real };
  }
  const libraries = packageLibraries(pkgDir);
  const near = didYouMean(sub.replace(/\.(ya?ml|json)$/, ''), libraries);
  return {
    ok: false,
    message: `the package "${pkg}" has no primitive library "${sub}"${near.replace(/"([^"]*)"/, `"${pkg}/$1"`)}; it has: ${libraries.length ? libraries.map((l) => `${pkg}/${l}`).join(', ') : 'none (no primitives/ folder)'}`,
  };
};
