// The pipeline's import direction: a file may import its own layer or one below it, never one
// above. Every src/**/*.ts(x) file's imports are read (static `import … from`, `export … from`,
// type-only ones too, and dynamic `import('…')`), each file is mapped to its layer, and an import
// that runs back up the pipeline fails here, naming both files and both layers.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers, lowest first; a layer is the folders (and top-level files, without extension)
 * directly under src/ that belong to it. The order is what the code does today:
 * - media (ffprobe/ffmpeg helpers) needs only base, so every stage can use it;
 * - util sits above dsl: resolve-script-path applies the DSL's path rule (dsl/script-paths) to
 *   the file system, which the pure DSL may not touch;
 * - secrets sits above dsl too: it reads the texts a plan types with `secret: true` (dsl's Plan);
 * - stage sits above capture: a stage runs captures (capture-on-stage, open-stage); capture
 *   never needs the stage (the window names openbox is set up for live in capture/window-names);
 * - frame (the per-frame model) sits above timeline and below compositions, which draw it.
 * A new top-level folder or file must be placed here (the test says so).
 */
const LAYERS: readonly (readonly string[])[] = [
  ['base', 'types', 'formats'],
  ['errors', 'system-tools', 'system-packages'],
  ['media'],
  ['capture-log', 'output-presets'],
  ['dsl'],
  ['util'],
  ['secrets'],
  ['targets'],
  ['narration'],
  ['capture'],
  ['stage'],
  ['timeline'],
  ['frame'],
  ['compositions', 'Root'],
  ['avatar'],
  ['render'],
  ['review'],
  ['make'],
  ['mcp'],
  ['cli'],
  ['index', 'lib', 'remotion-config'],
];

/**
 * Imports that go the wrong way today and could not be moved yet: `from → to` (src-relative
 * paths) with why. Each must still exist (a fixed one is taken off this list); anything else
 * that goes the wrong way fails.
 */
const ALLOWED_UPWARD: Readonly<Record<string, string>> = {
  // The list of browsers to look for (Chrome for Testing, the system Chromium) is render's, and
  // capture opens the same browser: it belongs in a neutral home (next to system-tools).
  'capture/browser/find-capture-browser.ts → render/browser.ts': 'the browser list lives in render',
  // resolveInCaptureDir (a path confined to the capture dir) lives in render; the file names
  // themselves now come from capture-log/capture-dir-files.ts.
  'avatar/prepare.ts → render/capture-dir.ts': 'resolveInCaptureDir lives in render',
  // The MCP tools load and print scripts as the CLI does (loadScript, formatPlanTree): that code
  // belongs below both, in a script-loading module the two share.
  'mcp/script-tools.ts → cli/load-script.ts': 'script loading lives in cli',
  'mcp/script-tools.ts → cli/script-commands.ts': 'the plan tree printer lives in cli',
  // The presets are read by the capture log's schema and name their mistakes with didYouMean, a
  // pure string helper that lives in dsl: it belongs in base.
  'output-presets.ts → dsl/did-you-mean.ts': 'didYouMean lives in dsl',
};

const SRC = path.resolve(__dirname, '../src');

/** The layer index of a src-relative path, or null when its top-level name is in no layer. */
const layerOf = (rel: string): number | null => {
  const [top] = rel.split('/');
  const name = rel.includes('/') ? top! : top!.replace(/(\.d)?\.(tsx?|json|cjs)$/, '');
  const i = LAYERS.findIndex((l) => l.includes(name));
  return i < 0 ? null : i;
};
const layerName = (i: number) => LAYERS[i]!.join('/');

/** Every module specifier a file imports or re-exports, statically or dynamically. */
const importsOf = (text: string): string[] => ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);

/** The src-relative file a relative specifier names from `fromRel`, trying TypeScript's extensions; null when none exists. */
const resolveIn = (files: ReadonlySet<string>, fromRel: string, spec: string): string | null => {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), spec));
  // TypeScript also takes a `.js` specifier for a `.ts` file.
  const bare = base.replace(/\.(m|c)?jsx?$/, '');
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`, `${bare}.ts`, `${bare}.tsx`]) if (files.has(c)) return c;
  return null;
};

type Problem = string;

/**
 * What is wrong with the imports of `sources` (src-relative path → text; other files that may be
 * imported, such as JSON, are listed in `others`): files in no layer, relative imports that name
 * no file, and imports that go up the layers unless `allowed` lists them.
 */
const importProblems = (
  sources: ReadonlyMap<string, string>,
  others: readonly string[],
  allowed: Readonly<Record<string, string>>,
): { problems: Problem[]; edgesUsed: Set<string> } => {
  const files = new Set([...sources.keys(), ...others]);
  const problems: Problem[] = [];
  const edgesUsed = new Set<string>();
  for (const [rel, text] of sources) {
    const from = layerOf(rel);
    if (from === null) {
      problems.push(`src/${rel} is in no layer: add its top-level name to LAYERS in tests/import-direction.test.ts`);
      continue;
    }
    for (const spec of importsOf(text)) {
      if (!spec.startsWith('.')) continue; // a package
      const target = resolveIn(files, rel, spec);
      if (!target) {
        problems.push(`src/${rel} imports '${spec}', which names no file under src/`);
        continue;
      }
      const to = layerOf(target);
      if (to === null || to <= from) continue; // unplaced targets are reported as files of their own
      const edge = `${rel} → ${target}`;
      if (edge in allowed) {
        edgesUsed.add(edge);
        continue;
      }
      problems.push(`src/${rel} → src/${target} (layer ${layerName(from)} may not import layer ${layerName(to)})`);
    }
  }
  return { problems, edgesUsed };
};

const walk = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

describe('import direction', () => {
  const all = walk(SRC).map((f) => path.relative(SRC, f).split(path.sep).join('/'));
  const sources = new Map(all.filter((f) => /\.tsx?$/.test(f)).map((f) => [f, fs.readFileSync(path.join(SRC, f), 'utf8')]));
  const others = all.filter((f) => !/\.tsx?$/.test(f));

  it('reads the source tree (every layer file, with imports)', () => {
    expect(sources.size).toBeGreaterThan(150);
    expect(importsOf(sources.get('index.ts')!)).toContain('./Root');
  });

  it('no import runs back up the pipeline', () => {
    const { problems } = importProblems(sources, others, ALLOWED_UPWARD);
    expect(problems).toEqual([]);
  });

  it('every allowed upward import still exists (take fixed ones off the list)', () => {
    const { edgesUsed } = importProblems(sources, others, ALLOWED_UPWARD);
    expect(Object.keys(ALLOWED_UPWARD).filter((e) => !edgesUsed.has(e))).toEqual([]);
  });

  it('fails, naming both files and layers, for each kind of import that goes up', () => {
    const fake = new Map([
      [
        'timeline/camera.ts',
        "import { x } from '../render/render';\nexport { y } from '../compositions/shared/a';\nconst z = () => import('../cli/main');\nimport type { T } from '../base/geometry';",
      ],
      ['render/render.ts', "import { c } from '../timeline/camera';\nimport { d } from './x';"],
      ['render/x.ts', ''],
      ['compositions/shared/a.ts', "import type { W } from '../../avatar/w';"],
      ['cli/main.ts', ''],
      ['avatar/w.ts', ''],
      ['base/geometry.ts', ''],
      ['newthing/a.ts', "import '../base/geometry';"],
      ['dsl/a.ts', "import { q } from './missing';"],
    ]);
    expect(importProblems(fake, [], {}).problems).toEqual([
      'src/timeline/camera.ts → src/render/render.ts (layer timeline may not import layer render)',
      'src/timeline/camera.ts → src/compositions/shared/a.ts (layer timeline may not import layer compositions/Root)',
      'src/timeline/camera.ts → src/cli/main.ts (layer timeline may not import layer cli)',
      'src/compositions/shared/a.ts → src/avatar/w.ts (layer compositions/Root may not import layer avatar)',
      'src/newthing/a.ts is in no layer: add its top-level name to LAYERS in tests/import-direction.test.ts',
      "src/dsl/a.ts imports './missing', which names no file under src/",
    ]);
    expect(importProblems(fake, [], { 'timeline/camera.ts → render/render.ts': 'test' }).problems[0]).toContain('compositions');
  });
});
