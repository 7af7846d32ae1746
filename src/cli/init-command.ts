/**
 * `screenplay init [DIR] [--studio] [--force]`: scaffolds a script folder in the user's project
 * (DIR, `screenplay` by default, relative to the current folder):
 *
 *   DIR/hello.yaml          a starter script: the built-in terminal primitives, imported by package
 *                           name, on screenplay's own virtual stage; `make` turns it into videos
 *   DIR/.gitignore          out/ (captures, videos, reviews) and .cache/ (narration clips)
 *   DIR/remotion.config.ts  with --studio: Remotion Studio on screenplay's compositions, reading
 *   DIR/studio/index.ts     the captures `make` wrote under DIR/out/, so a designer can tweak
 *   DIR/studio/Root.tsx     their props and components (`npx remotion studio --config
 *                           DIR/remotion.config.ts` from the project root)
 *
 * Never overwrites a file unless --force: it names the ones that exist and exits 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { invalidInput, runtimeError } from '../errors';
import { printErr, printOut } from './print';
import { landscapeDefaults } from '../compositions/landscape/schema';
import { OUTPUT_FORMATS, type OutputFormatName } from '../formats';
import { tiktokSplitDefaults } from '../compositions/tiktok-split/schema';

/** The package's name as a user's project depends on it (and imports primitives by). */
export const PACKAGE_NAME = 'screenplay';
/** The starter's formats: the ones the Studio entry declares too (a wide and a tall video). */
const STARTER_FORMATS: OutputFormatName[] = (Object.keys(OUTPUT_FORMATS) as OutputFormatName[]).filter((f) => OUTPUT_FORMATS[f].aspect !== '1:1');
const SCHEMA_IN_PACKAGE = 'schema/screenplay.schema.json';
export const DEFAULT_INIT_DIR = 'screenplay';
export const STARTER_SCRIPT = 'hello.yaml';

/** A path as a `$schema` line or an import names it: relative, with forward slashes. */
const posixRelative = (from: string, to: string): string => {
  const rel = path.relative(from, to).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
};

const readName = (dir: string): string | undefined => {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name as string | undefined;
  } catch {
    return undefined;
  }
};

/**
 * Where the script format's JSON Schema is for a script folder `dir` (absolute): the nearest
 * `node_modules/screenplay/schema/…` above it (the installed package, path kept through
 * node_modules so it survives reinstalls), or the package's own schema when `dir` is inside the
 * screenplay repository; `installed: false` when neither exists yet (then the path is where
 * `npm i -D screenplay` in the nearest project will put it).
 */
export const findSchema = (dir: string): { file: string; installed: boolean } => {
  let project: string | undefined;
  for (let d = dir; ; d = path.dirname(d)) {
    const installed = path.join(d, 'node_modules', PACKAGE_NAME, SCHEMA_IN_PACKAGE);
    if (fs.existsSync(installed)) return { file: installed, installed: true };
    if (fs.existsSync(path.join(d, 'package.json'))) {
      if (readName(d) === PACKAGE_NAME && fs.existsSync(path.join(d, SCHEMA_IN_PACKAGE))) return { file: path.join(d, SCHEMA_IN_PACKAGE), installed: true };
      project ??= d;
    }
    if (path.dirname(d) === d) break;
  }
  return { file: path.join(project ?? process.cwd(), 'node_modules', PACKAGE_NAME, SCHEMA_IN_PACKAGE), installed: false };
};

/** The starter script's text, its `$schema` line pointing at `schemaPath` (relative to the script). */
export const starterScript = (schemaPath: string, makeLine: string): string => `# yaml-language-server: $schema=${schemaPath}
# Your first screenplay: a terminal on screenplay's own virtual stage (nothing touches your
# desktop), one command, two lines of narration. Make it into a video per format, with a review:
#   ${makeLine}
# Steps and primitives: npx screenplay schema, or hover a step in an editor with the YAML extension.
title: Hello from screenplay
output: { formats: [${STARTER_FORMATS.join(', ')}] }
# The terminal primitives (run_and_show, clear_terminal, cd_into) that come with screenplay.
import: [${PACKAGE_NAME}/terminal]
steps:
  - open_terminal: { title: hello }
  - say: { text: "One command turns this script into a video.", wait: false }
  - run_and_show: { command: echo "hello from screenplay" }
  - say: That's the whole loop. Now make it yours.
`;

const GITIGNORE = `# screenplay: what make, capture and render write (captures, videos, reviews), and the narration cache
out/
.cache/
`;

/**
 * remotion.config.ts for the Studio entry. Remotion resolves the entry point and the public folder
 * from the project root (the nearest package.json above the current folder), so both paths are
 * written relative to `projectRoot`.
 */
/** A TypeScript string literal of `s` (single quotes, as the rest of the file): any folder name, quotes included. */
const quoted = (s: string): string => `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;

const studioConfig = (entry: string, publicDir: string, configPath: string): string => `// Remotion Studio on screenplay's compositions. From the project root:
//   npx remotion studio --config ${configPath}
// The compositions read a capture dir under the public folder (${publicDir}), where
// \`npx screenplay make … --out ${publicDir}/hello\` puts ${publicDir}/hello/capture.
// Paths here are relative to the project root (Remotion resolves them from there).
// configureRemotion: the system Chromium, and Studio's server on 127.0.0.1 only.
import { Config } from '@remotion/cli/config';
import { configureRemotion } from '${PACKAGE_NAME}/remotion-config';

configureRemotion(Config);
Config.setEntryPoint(${quoted(entry)});
Config.setPublicDir(${quoted(publicDir)});
`;

/** The folder Remotion treats as the project: the nearest one above `dir` with a package.json, else the current folder. */
export const projectRootOf = (dir: string): string => {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return process.cwd();
  }
};

/** A path relative to `from`, with forward slashes, no leading "./" ("." for `from` itself). */
const plainRelative = (from: string, to: string): string => path.relative(from, to).split(path.sep).join('/') || '.';

const STUDIO_INDEX = `import { registerRoot } from 'remotion';
import { Root } from './Root';

registerRoot(Root);
`;

/**
 * The Studio entry's Root.tsx: both compositions with their default props written out as object
 * literals (the form Studio's save-to-code rewrites: an edit in the props panel lands here),
 * `capture` naming the starter's capture dir under the public folder.
 */
const studioRoot = (): string => {
  const literal = (props: Record<string, unknown>) =>
    JSON.stringify({ ...props, capture: 'hello/capture' }, null, 2)
      .split('\n')
      .map((l, i) => (i === 0 ? l : `      ${l}`))
      .join('\n');
  return `// screenplay's compositions, declared here so you can change their default props (the props
// panel saves to this file: keep defaultProps object literals) or wrap them in your own components.
// \`capture\` names a capture dir under out/ (the public folder, remotion.config.ts).
import React from 'react';
import { Composition } from 'remotion';
import {
  Landscape,
  LANDSCAPE_SIZE,
  landscapeSchema,
  calculateLandscapeMetadata,
  TikTokSplit,
  TIKTOK_SIZE,
  tiktokSplitSchema,
  calculateTikTokSplitMetadata,
} from '${PACKAGE_NAME}/compositions';

export const Root: React.FC = () => (
  <>
    <Composition
      id="${OUTPUT_FORMATS.landscape.composition}"
      component={Landscape}
      {...LANDSCAPE_SIZE}
      fps={30}
      durationInFrames={300}
      schema={landscapeSchema}
      defaultProps={${literal(landscapeDefaults)}}
      calculateMetadata={calculateLandscapeMetadata}
    />
    <Composition
      id="${OUTPUT_FORMATS.tiktok.composition}"
      component={TikTokSplit}
      {...TIKTOK_SIZE}
      fps={30}
      durationInFrames={300}
      schema={tiktokSplitSchema}
      defaultProps={${literal(tiktokSplitDefaults)}}
      calculateMetadata={calculateTikTokSplitMetadata}
    />
  </>
);
`;
};

/** One file init writes: its path relative to DIR and its text. */
export type InitFile = { path: string; text: string };

/**
 * The files `init` writes into `dir` (absolute): the starter script with its `$schema` line
 * pointing at the schema found from `dir`, the .gitignore, and with `studio` the Studio entry.
 * `shownDir` is DIR as the printed commands name it (relative to the current folder).
 */
export const initFiles = (dir: string, shownDir: string, studio: boolean): InitFile[] => {
  const schema = findSchema(dir);
  const makeLine = `npx screenplay make ${path.join(shownDir, STARTER_SCRIPT)} --out ${path.join(shownDir, 'out', 'hello')}`;
  return [
    { path: STARTER_SCRIPT, text: starterScript(posixRelative(dir, schema.file), makeLine) },
    { path: '.gitignore', text: GITIGNORE },
    ...(studio
      ? [
          {
            path: 'remotion.config.ts',
            text: studioConfig(
              plainRelative(projectRootOf(dir), path.join(dir, 'studio', 'index.ts')),
              plainRelative(projectRootOf(dir), path.join(dir, 'out')),
              plainRelative(projectRootOf(dir), path.join(dir, 'remotion.config.ts')),
            ),
          },
          { path: 'studio/index.ts', text: STUDIO_INDEX },
          { path: 'studio/Root.tsx', text: studioRoot() },
        ]
      : []),
  ];
};

/** `existing` with every line of `ours` it lacks appended (an ignore file's lines are a set). */
const mergedIgnore = (existing: string, ours: string): string => {
  const have = new Set(existing.split(/\r?\n/).map((l) => l.trim()));
  const missing = ours.split('\n').filter((l) => l.trim() !== '' && !have.has(l.trim()));
  if (missing.length === 0) return existing;
  return `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}${missing.join('\n')}\n`;
};

/** Runs `screenplay init` on its arguments (after "init"); returns the exit code. @throws invalid-input (exit 1) for bad arguments or files that exist */
export const initCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { studio: { type: 'boolean' }, force: { type: 'boolean' } } });
  const [given = DEFAULT_INIT_DIR, ...extra] = positionals;
  if (extra.length) throw invalidInput(`init: expected one folder, but got also ${extra.join(' ')}`);
  const dir = path.resolve(given);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory())
    throw invalidInput(`init: expected ${given} to be a folder (or not to exist yet), but it is a file`);
  const shownDir = path.relative(process.cwd(), dir) || '.';
  const files = initFiles(dir, shownDir, values.studio === true);
  const existing = files.filter((f) => fs.existsSync(path.join(dir, f.path))).map((f) => path.join(shownDir, f.path));
  if (existing.length && !values.force)
    throw invalidInput(`init: ${existing.join(', ')} ${existing.length === 1 ? 'exists' : 'exist'} already; nothing was written (--force overwrites)`);
  for (const f of files) {
    const to = path.join(dir, f.path);
    try {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      // --force never drops the user's own ignore lines: missing ones are added.
      const text = f.path === '.gitignore' && fs.existsSync(to) ? mergedIgnore(fs.readFileSync(to, 'utf8'), f.text) : f.text;
      // Replace, not write through: a link named like a starter file is replaced, its target untouched.
      fs.rmSync(to, { force: true });
      fs.writeFileSync(to, text);
    } catch (err) {
      throw runtimeError(`init: could not write ${path.join(shownDir, f.path)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, err);
    }
    printErr(`wrote ${path.join(shownDir, f.path)}\n`);
  }
  const script = path.join(shownDir, STARTER_SCRIPT);
  const next = [
    '',
    'Next:',
    ...(findSchema(dir).installed
      ? []
      : [`  npm i -D ${PACKAGE_NAME}                                   (the $schema line and "import: [${PACKAGE_NAME}/terminal]" need it in node_modules)`]),
    `  npx screenplay validate ${script}`,
    `  npx screenplay make ${script} --out ${path.join(shownDir, 'out', 'hello')}`,
    ...(values.studio
      ? [
          `  ${projectRootOf(dir) === process.cwd() ? '' : `cd ${plainRelative(process.cwd(), projectRootOf(dir))} && `}npx remotion studio --config ${plainRelative(projectRootOf(dir), path.join(dir, 'remotion.config.ts'))}   (after make: the compositions on your capture)`,
        ]
      : []),
  ];
  printOut(`${next.join('\n')}\n`);
  return 0;
};
