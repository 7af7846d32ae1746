/**
 * compileScript: script files → a flat Plan, with every error positioned. Pure: files come in
 * as a map from path to text (or, for TypeScript scripts, to the exported object), so tests and
 * the CLI share it. Nothing runs when there are errors: all of them are reported together.
 */
import path from 'node:path';
import type { z } from 'zod';
import { ACTION_NAMES, ACTION_SYNONYMS, ACTIONS, isAction, type ActionName } from './actions';
import { didYouMean, type SuggestionBudget } from './did-you-mean';
import { parseDuration } from './duration';
import { entry, fromPlain, MAX_NESTING, nodeAt, parseSource, plain, type LNode, type Pos, type SourceLocations } from './located';
import { lintCards } from './lint-cards';
import { PRIMITIVE_NAME, primitiveSchema, TOP_LEVEL_KEYS, topLevelSchemas, type ParamDef } from './script-schema';
import { browserTargetIn, ocrUnreadable, targetsOf } from './targets';
import { lexicalScriptPath, pathFields, pathValues, type PathMeta, type PathResolver } from './script-paths';
import { literalTargets, pointProblem, regionProblem } from './screen-bounds';
import { stageSpecOf } from './stage-spec';
import {
  lexiconFormat,
  lexiconFromPls,
  lexiconFromTree,
  MAX_PRONUNCIATIONS,
  mergePronunciations,
  toPronunciation,
  type LexiconResult,
  type Pronunciation,
  type pronounceValue,
} from './lexicon';

/** The `voice` setting as compile reads it (valid; paths resolved); `pronunciations` is added here. */
type VoiceValue = { pronounce?: Record<string, z.infer<typeof pronounceValue>>; lexicon?: string; pronunciations?: Pronunciation[] };
import { lintPresets } from './lint-presets';
import type { StageSpec } from './stage-spec';

export type Diagnostic = {
  file: string;
  line: number;
  column: number;
  /** JSON path inside the file, e.g. steps[3].click.timeout */
  path: string;
  message: string;
  /** Other places that explain it: the primitive uses an error came through. */
  related?: Array<Pos & { message: string }>;
};

export type StackFrame = { primitive: string; use: Pos; definition: Pos };

export type PlanStep = {
  id: string;
  action: ActionName;
  args: Record<string, unknown>;
  source: Pos;
  stack: StackFrame[];
};

export type PlanMark = {
  id: string;
  kind: 'speedup' | 'cut' | 'blur' | 'hide_cursor';
  args: Record<string, unknown>;
  /** First and last step ids it covers (inclusive). */
  from: string;
  to: string;
  source: Pos;
  stack: StackFrame[];
};

export type Plan = {
  version: 1;
  title: string | null;
  entry: string;
  settings: { output?: unknown; style?: unknown; voice?: unknown; avatar?: unknown; capture?: unknown; stage: StageSpec };
  steps: PlanStep[];
  marks: PlanMark[];
};

export type CompileInput = {
  /** The entry script's path (a key of `files`). */
  entry: string;
  /** Path → file text (YAML or JSON), or an already-evaluated object (a TypeScript script). */
  files: Record<string, string | Record<string, unknown>>;
  /** Paths may not leave this folder; default: the entry's folder. */
  root?: string;
  /**
   * Resolves every path a script names (imports, images, avatar clips, background, terminal
   * folder), in project-relative terms; the CLI passes the disk's (realpath inside the project,
   * exists). Default: the lexical check only (for files given in memory).
   */
  resolvePath?: PathResolver;
  /**
   * Checks a card's logo file (a path resolvePath gave): why it cannot be a logo (logo-check.ts
   * logoProblem), or null. The CLI passes one that reads the disk; without it, no check.
   */
  checkLogo?: (resolved: string) => string | null;
  /**
   * Where a TypeScript script's values are written in its source, by file (src/cli/ts-locations.ts):
   * its errors and its steps' sources point there. Without it, at 1:1.
   */
  locations?: Record<string, SourceLocations>;
  /** Files that could not be loaded (a TypeScript module that failed to import), with why: reported where they are named. */
  unreadable?: Record<string, string>;
  /** Expansion depth limit (primitives inside primitives). */
  maxDepth?: number;
};

/** A primitive the script can use (its own and its imports'), for `schema --for`. */
export type PrimitiveInfo = { description: string; params: Record<string, ParamDef>; source: Pos };

export type CompileResult = {
  plan: Plan | null;
  errors: Diagnostic[];
  warnings: Diagnostic[];
  primitives: Record<string, PrimitiveInfo>;
  /** The text of every `type` step marked secret, also when the script has errors: printers mask it. */
  secrets: string[];
  /** Where secret text is written ("file:line"): printers show no source excerpt of these lines. */
  secretLines: string[];
};

/** A plan fit to print: secret text replaced by dots (the plan itself keeps it, to type it). */
export const redactPlan = (plan: Plan): Plan => ({
  ...plan,
  steps: plan.steps.map((s) =>
    s.action === 'type' && s.args.secret === true && typeof s.args.text === 'string'
      ? { ...s, args: { ...s.args, text: '••••••••' } } // always 8: the length does not show
      : s,
  ),
});

/** The params of `prim` that a secret `type` step's text is built from (`${name}` in it), found once per primitive. */
const secretParamsOf = new WeakMap<object, string[]>();
const secretParams = (prim: { steps: LNode; params: Record<string, unknown> }): string[] => {
  const known = secretParamsOf.get(prim);
  if (known) return known;
  const found = new Set<string>();
  const walk = (n: LNode, depth: number): void => {
    if (depth > MAX_NESTING) return;
    if (n.kind === 'seq') for (const i of n.items) walk(i, depth + 1);
    if (n.kind !== 'map') return;
    const type = entry(n, 'type')?.value;
    if (type?.kind === 'map' && plain(entry(type, 'secret')?.value ?? { kind: 'scalar', pos: type.pos, value: null, quoted: false }) === true) {
      const text = plain(entry(type, 'text')?.value ?? { kind: 'scalar', pos: type.pos, value: null, quoted: false });
      if (typeof text === 'string')
        for (const m of text.matchAll(/\$\{\s*([A-Za-z_][\w-]*)\s*\}/g)) if (Object.hasOwn(prim.params, m[1] as string)) found.add(m[1] as string);
    }
    for (const e of n.entries) walk(e.value, depth + 1);
  };
  walk(prim.steps, 0);
  const list = [...found];
  secretParamsOf.set(prim, list);
  return list;
};

export type Primitive = { name: string; file: string; pos: LNode['pos']; node: LNode; params: Record<string, ParamDef>; steps: LNode };

type Ctx = {
  file: string;
  jsonPath: string;
  params: Record<string, unknown> | null;
  stack: StackFrame[];
  depth: number;
  /** How many wrapping steps (speedup, cut, …) this step is inside. */
  wraps?: number;
  /** Checking an unused primitive's body: its uses of other primitives are checked, not expanded. */
  shallow?: boolean;
};

/**
 * Bounds that keep `validate` fast on any input (README, script format): a script expands to at
 * most MAX_EXPANDED_STEPS steps (every step inside a primitive counts each time it is used, the
 * uses and wrapping steps too); at most MAX_ERRORS errors are reported (the same error reached
 * through many uses once); a string built by ${param} substitution holds at most MAX_TEXT characters.
 */
export const MAX_EXPANDED_STEPS = 10_000;
export const MAX_ERRORS = 100;
export const MAX_TEXT = 10_000;
/** Did-you-mean work per compile, in edit-distance cells (about 0.1 s). */
const SUGGESTION_CELLS = 20_000_000;

/** A primitive's body as the expansion will see it: its steps (at every wrapping level) and its uses of other primitives. */
export type BodyShape = { steps: number; uses: Array<{ name: string; pos: Pos; jsonPath: string }> };

const WRAPS = new Set<ActionName>(ACTION_NAMES.filter((a) => (ACTIONS[a] as { wraps?: boolean }).wraps));

/**
 * The diagnostics one compile collects. `error` keeps one error per cause: the same message at
 * the same place (a primitive's body used many times) is kept once, with a count; past
 * MAX_ERRORS, errors are only counted. `errors` and `warnings` are the lists as reported so far.
 */
export type Reporter = {
  errors: Diagnostic[];
  warnings: Diagnostic[];
  /** Reports an error at `pos` (file:line:col), once per `cause` (default: the place, path and message). */
  error: (pos: Pos, jsonPath: string, message: string, stack?: StackFrame[], cause?: string) => void;
  /** ` (did you mean "X"?)`, within a per-compile budget, and only while errors are still reported; otherwise ''. */
  suggest: (name: string, known: Iterable<string>) => string;
  /** Whether an error with this cause has been reported. */
  has: (cause: string) => boolean;
  /** Ends the report: repeated errors say how many uses they came through, and the ones past MAX_ERRORS are counted in one last error. Call once. */
  finish: () => Diagnostic[];
};

/** A new, empty Reporter (one per compile: the did-you-mean budget is per compile). */
export const createReporter = (): Reporter => {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];

  // One error per cause: the same message at the same place (a primitive's body used many times)
  // is kept once, with a count; past MAX_ERRORS, errors are only counted.
  const byCause = new Map<string, Diagnostic>();
  const repeats = new Map<Diagnostic, number>();
  let dropped: { count: number; first: Pos } | null = null;
  const error = (pos: Pos, jsonPath: string, message: string, stack: StackFrame[] = [], cause?: string) => {
    const key = cause ?? `${pos.file}:${pos.line}:${pos.column} ${jsonPath} ${message}`;
    const prior = byCause.get(key);
    if (prior) {
      repeats.set(prior, (repeats.get(prior) ?? 1) + 1);
      return;
    }
    if (errors.length >= MAX_ERRORS) {
      if (dropped) dropped.count++;
      else dropped = { count: 1, first: pos };
      return;
    }
    const d: Diagnostic = { file: pos.file, line: pos.line, column: pos.column, path: jsonPath, message };
    if (stack.length) d.related = [...stack].reverse().map((f) => ({ ...f.use, message: `used here, through primitive "${f.primitive}"` }));
    byCause.set(key, d);
    errors.push(d);
  };
  /** ` (did you mean "X"?)`, within a per-compile budget, and only while errors are still reported. */
  const suggestionBudget: SuggestionBudget = { cells: SUGGESTION_CELLS };
  const suggest = (name: string, known: Iterable<string>): string => (errors.length >= MAX_ERRORS ? '' : didYouMean(name, known, suggestionBudget));
  return {
    errors,
    warnings,
    error,
    suggest,
    has: (cause) => byCause.has(cause),
    finish: () => {
      for (const [d, n] of repeats) d.message += ` (the same error comes through ${n} uses; shown once)`;
      // (Assigned inside `error`, which TypeScript does not follow.)
      const notShown = dropped as { count: number; first: Pos } | null;
      if (notShown) {
        errors.push({
          ...notShown.first,
          path: '',
          message: `${notShown.count} more error${notShown.count === 1 ? '' : 's'} from here on not shown (at most ${MAX_ERRORS} are): fix these and validate again`,
        });
      }
      return errors;
    },
  };
};

/**
 * What every stage of one compile shares: the input, the folder paths may not leave (`root`),
 * the nesting limit, the Reporter, and the checks that resolve paths and validate with zod
 * (each reports at the value's file:line:col).
 */
export type CompileSession = {
  input: CompileInput;
  root: string;
  maxDepth: number;
  report: Reporter;
  /** True while unused primitives are checked with sample params (a path made from one is checked as written only; no browser is needed). */
  checkingUnused: boolean;
  /** Validates `value` with `schema`; every issue is reported at its source position under `jsonPath`. Answers the parsed value (defaults filled in), or null. */
  zodErrors: <S extends z.ZodType>(schema: S, value: unknown, node: LNode, jsonPath: string, stack: StackFrame[]) => z.infer<S> | null;
  /** A path written in `file`, resolved (project-relative) or null when refused (reported at `pos`). */
  resolvePath: (p: string, meta: PathMeta, file: string, pos: Pos, jsonPath: string, stack: StackFrame[]) => string | null;
  /** Resolves the path fields `schema` marks in `value` (already valid), in place. */
  resolvePathFields: (schema: z.ZodType, value: unknown, node: LNode, jsonPath: string, stack: StackFrame[]) => void;
  /** A path written in `file` checked lexically inside `root`: { ok, path } or { ok: false, message }. */
  lexicalInRoot: (p: string, file: string) => { ok: true; path: string } | { ok: false; message: string };
};

/** Starts a compile: CompileInput → a CompileSession with an empty Reporter (root: the entry's folder by default; maxDepth 16). */
export const startCompile = (input: CompileInput): CompileSession => {
  const report = createReporter();
  const { error, suggest } = report;
  const root = path.posix.normalize(input.root ?? path.posix.dirname(input.entry));

  /** Resolves a path written in `file` (every path field comes here); reports a refused one at `pos`. */
  const resolvePath = (p: string, meta: PathMeta, file: string, pos: Pos, jsonPath: string, stack: StackFrame[]): string | null => {
    // An unused primitive is checked with sample params: a path made from one is checked as written only.
    const sampled = session.checkingUnused && p.includes(SAMPLE_TEXT);
    const r = input.resolvePath && !sampled ? input.resolvePath(p, file, meta.kind) : lexicalInRoot(p, file);
    if (!r.ok) {
      // `click: Deploy` is the short form of an image: words on screen are a text target.
      const words = /\.image$/.test(jsonPath) && !/\.(png|jpe?g|gif|webp|bmp)$/i.test(p) && !/[\\/]/.test(p);
      const hint = words
        ? ` (a short form like \`${jsonPath
            .split('.')
            .at(-2)
            ?.replace(
              /\[\d+\]$/,
              '',
            )}: ${p}\` names a picture; for words on screen write { text: ${JSON.stringify(p)} }, for a page's button { role: button, name: ${JSON.stringify(p)} })`
        : '';
      error(pos, jsonPath, `${r.message}${hint}`, stack);
      return null;
    }
    return r.path;
  };
  const lexicalInRoot = (p: string, file: string) => {
    const r = lexicalScriptPath(p, path.posix.relative(root, file) || '.');
    return r.ok ? { ok: true as const, path: path.posix.join(root, r.path) } : r;
  };

  /** Resolves the path fields `schema` marks in `value` (already valid), in place. */
  const resolvePathFields = (schema: z.ZodType, value: unknown, node: LNode, jsonPath: string, stack: StackFrame[]): void => {
    for (const field of pathFields(schema)) {
      for (const v of pathValues(value, field)) {
        const pos = nodeAt(node, v.at).node.pos;
        const jp = [jsonPath, ...v.at.map((k) => (typeof k === 'number' ? `[${k}]` : k))].join('.').replace(/\.\[/g, '[');
        const resolved = resolvePath(v.value, field.meta, pos.file, pos, jp, stack);
        if (resolved === null) continue;
        if (input.checkLogo && /(^|\.)(title_card|end_card)\.logo$/.test(jp)) {
          const problem = input.checkLogo(resolved);
          if (problem) error(pos, jp, `logo ${JSON.stringify(v.value)}: ${problem}`, stack);
        }
        let obj = value as Record<string | number, unknown>;
        for (const k of v.at.slice(0, -1)) obj = obj[k] as Record<string | number, unknown>;
        obj[v.at[v.at.length - 1] as string | number] = resolved;
      }
    }
  };

  /** Validates a value with zod; reports every issue at its source position. */
  const zodErrors = <S extends z.ZodType>(schema: S, value: unknown, node: LNode, jsonPath: string, stack: StackFrame[]): z.infer<S> | null => {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    // A map with an unknown key (a misspelt target kind, "selectr") is explained by that key: the
    // map's own complaint ("needs exactly one target") would only repeat it.
    const unknownAt = new Set(r.error.issues.filter((i) => i.code === 'unrecognized_keys').map((i) => i.path.join('\0')));
    for (const issue of r.error.issues) {
      if (issue.code === 'custom' && unknownAt.has(issue.path.join('\0'))) continue;
      const at = nodeAt(node, issue.path);
      const p = [jsonPath, ...issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : String(k)))].join('.').replace(/\.\[/g, '[');
      if (issue.code === 'unrecognized_keys') {
        // One error per unknown key, at the key, with the closest known key.
        const known = objectKeys(schemaAt(schema, issue.path));
        for (const key of issue.keys) {
          const e = at.node.kind === 'map' ? at.node.entries.find((x) => x.key === key) : undefined;
          error(
            e?.keyPos ?? at.node.pos,
            `${p}.${key}`,
            `unknown key "${key}"${suggest(key, known)}${known.length ? `; expected ${known.join(', ')}` : ''}`,
            stack,
          );
        }
        continue;
      }
      // A required key that is not there: say so, at the map that lacks it.
      const last = issue.path[issue.path.length - 1];
      const parent = issue.path.length ? nodeAt(node, issue.path.slice(0, -1)).node : null;
      if (
        issue.code === 'invalid_type' &&
        parent?.kind === 'map' &&
        typeof last === 'string' &&
        !parent.entries.some((e) => e.key === last) &&
        at.node === parent
      ) {
        error(
          parent.pos,
          p,
          `needs "${last}" (${issue.expected === 'int' ? 'a whole number' : issue.expected === 'object' ? 'a map' : `a ${issue.expected}`}), but it is missing`,
          stack,
        );
        continue;
      }
      error(at.node.pos, p, issueMessage(issue, at.node), stack);
    }
    return null;
  };
  const session: CompileSession = {
    input,
    root,
    maxDepth: input.maxDepth ?? 16,
    report,
    checkingUnused: false,
    zodErrors,
    resolvePath,
    resolvePathFields,
    lexicalInRoot,
  };
  return session;
};

/**
 * Parse, one file: its source (YAML or JSON text, or a TypeScript script's evaluated object) → a
 * located tree (every node with its file:line:col), with the parser's problems; `node` is null
 * when the parser refused the file outright (nested too deep, aliases expanding too far).
 */
export const parseScriptFile = (
  file: string,
  source: string | Record<string, unknown>,
  locations?: SourceLocations,
): { node: LNode | null; problems: Array<{ pos: Pos; message: string }> } => {
  if (typeof source !== 'string') return { node: fromPlain(source, locations?.pos ?? { file, line: 1, column: 1 }, 0, undefined, locations), problems: [] };
  const r = parseSource(file, source);
  return { node: r.refused ? null : r.root, problems: r.problems };
};

/** The script's files as loaded: the entry's tree, its settings (paths resolved) and every primitive it can use (its own and its imports'). */
export type LoadedScript = {
  /** The entry's located tree; null when it could not be loaded or parsed. */
  entryNode: LNode | null;
  /** The entry's top-level settings (title, stage, avatar, …) that validated, with their paths resolved. */
  settings: Map<string, unknown>;
  /** Primitives by name, in definition order (the entry's, then its imports', depth first). */
  primitives: Map<string, Primitive>;
};

/**
 * Load: the entry and everything it imports (transitively, each file once), each parsed with
 * parseScriptFile; checks each file's top-level settings, and collects the primitives. Errors go
 * to the session's Reporter (a missing or unreadable file where it is named; the entry's at 1:1).
 */
export const loadScriptFiles = (session: CompileSession): LoadedScript => {
  const { input, root, report, zodErrors, resolvePath, resolvePathFields, lexicalInRoot } = session;
  const { errors, error, suggest } = report;
  const parsed = new Map<string, LNode>();

  /** Files the parser refused outright (nested too deep, aliases expanding too far): reported once, not checked further. */
  const refusedFiles = new Set<string>();
  const load = (file: string, from?: { pos: Pos; jsonPath: string }): LNode | null => {
    if (parsed.has(file)) return parsed.get(file) as LNode;
    if (refusedFiles.has(file)) return null;
    const why = input.unreadable?.[file];
    if (why !== undefined) {
      if (from) error(from.pos, from.jsonPath, `could not load "${file}": ${why}`);
      else errors.push({ file, line: 1, column: 1, path: '', message: `could not load the script: ${why}` });
      return null;
    }
    const text = input.files[file];
    if (text === undefined) {
      if (from) error(from.pos, from.jsonPath, `expected the file "${file}" to exist, but it does not`);
      else errors.push({ file, line: 1, column: 1, path: '', message: `expected the script "${file}" to exist, but it does not` });
      return null;
    }
    const r = parseScriptFile(file, text, input.locations?.[file]);
    for (const p of r.problems) error(p.pos, '', p.message);
    if (!r.node) {
      refusedFiles.add(file);
      return null;
    }
    const node = r.node;
    parsed.set(file, node);
    return node;
  };

  /**
   * A PATH entry in stage.env that starts with ./ or ../ is a folder relative to this file,
   * inside the project: rewritten to "./<project-relative>" (openStage makes it absolute), so a
   * script can put its own tools first (`PATH: ./bin:\${PATH}`).
   */
  const resolveStagePath = (value: { env?: Record<string, unknown> }, node: LNode, file: string): void => {
    const v = value.env?.PATH;
    if (typeof v !== 'string' || !value.env) return;
    const pos = nodeAt(node, ['env', 'PATH']).node.pos;
    value.env.PATH = v
      .split(':')
      .map((part) => {
        if (!/^\.\.?(\/|$)/.test(part)) return part;
        const r = lexicalInRoot(part, file);
        if (!r.ok) {
          error(pos, 'stage.env.PATH', `a PATH entry ${r.message}`);
          return part;
        }
        return `./${path.posix.relative(root, r.path) || '.'}`;
      })
      .join(':');
  };
  /** The entry's settings with their paths resolved (title, avatar, style, …). */
  const entrySettings = new Map<string, unknown>();

  /**
   * `voice.pronounce` and the `voice.lexicon` file's entries, checked (every problem at its
   * file:line:col) and merged into `voice.pronunciations` (the lexicon's first, pronounce's win):
   * what the voices read (src/narration/pronounce.ts).
   */
  const resolvePronunciations = (value: VoiceValue, node: LNode): void => {
    const fromScript = Object.entries(value.pronounce ?? {}).map(([word, v]) => {
      const p = nodeAt(node, ['pronounce', word]).keyPos ?? nodeAt(node, ['pronounce', word]).node.pos;
      return toPronunciation(word, v, `${p.file}:${p.line}:${p.column}`);
    });
    let fromLexicon: Pronunciation[] = [];
    if (value.lexicon !== undefined) {
      const file = value.lexicon;
      const pos = nodeAt(node, ['lexicon']).node.pos;
      const format = lexiconFormat(file);
      const why = input.unreadable?.[file];
      const text = input.files[file];
      if (!format) error(pos, 'voice.lexicon', `expected a lexicon file ending in .yaml, .yml, .json or .pls, but got ${JSON.stringify(file)}`);
      else if (why !== undefined) error(pos, 'voice.lexicon', `could not load the lexicon "${file}": ${why}`);
      else if (typeof text !== 'string') error(pos, 'voice.lexicon', `expected the lexicon file "${file}" to be loaded with the script, but it was not`);
      else {
        let r: LexiconResult;
        if (format === 'pls') r = lexiconFromPls(file, text);
        else {
          const parsed = parseSource(file, text);
          for (const p of parsed.problems) error(p.pos, '', p.message);
          r = parsed.refused || parsed.problems.length ? { entries: [], problems: [] } : lexiconFromTree(parsed.root);
        }
        for (const p of r.problems) error(p.pos, '', p.message);
        fromLexicon = r.entries;
      }
    }
    const all = mergePronunciations(fromLexicon, fromScript);
    if (all.length > MAX_PRONUNCIATIONS)
      error(node.pos, 'voice', `expected at most ${MAX_PRONUNCIATIONS} pronunciations in all (pronounce and lexicon), but there are ${all.length}`);
    // Without their positions: a comment above an entry changes no sound (the voice is in make's capture key).
    value.pronunciations = all.map(({ source: _source, ...p }) => p);
  };

  /** `output.music: FILE` is short for `output.music: { file: FILE }`: rewritten in place, positions kept. */
  const musicShortForm = (output: LNode): void => {
    if (output.kind !== 'map') return;
    const m = output.entries.find((x) => x.key === 'music');
    if (m && m.value.kind === 'scalar' && typeof m.value.value === 'string')
      m.value = { kind: 'map', pos: m.value.pos, entries: [{ key: 'file', keyPos: m.value.pos, value: m.value }] };
  };

  const checkTopLevel = (node: LNode, file: string, isEntry: boolean): void => {
    if (node.kind !== 'map') {
      error(node.pos, '', `expected a map of script settings (title, steps, …), but found ${describeNode(node)}`);
      return;
    }
    for (const e of node.entries) {
      if (!(TOP_LEVEL_KEYS as string[]).includes(e.key)) {
        error(e.keyPos, e.key, `unknown key "${e.key}"${suggest(e.key, TOP_LEVEL_KEYS)}; a script has ${TOP_LEVEL_KEYS.join(', ')}`);
        continue;
      }
      if (e.key === 'steps' || e.key === 'primitives' || e.key === 'import') continue;
      const schema = topLevelSchemas[e.key as keyof typeof topLevelSchemas];
      if (e.key === 'output') musicShortForm(e.value);
      if (!zodErrors(schema, plain(e.value), e.value, e.key, [])) continue;
      const value = structuredClone(plain(e.value));
      const errorsBefore = report.errors.length;
      resolvePathFields(schema, value, e.value, e.key, []);
      if (e.key === 'voice' && isEntry && report.errors.length === errorsBefore) resolvePronunciations(value as VoiceValue, e.value);
      if (e.key === 'stage') {
        resolveStagePath(value as { env?: Record<string, unknown> }, e.value, file);
        const setup = (value as { setup?: unknown[] }).setup;
        if (setup)
          (value as { setupSources?: string[] }).setupSources = setup.map((_, i) => {
            const p = nodeAt(e.value, ['setup', i]).node.pos;
            return `${p.file}:${p.line}:${p.column}`;
          });
      }
      if (isEntry) entrySettings.set(e.key, value);
    }
    // A file with only primitives is a library: valid on its own, with no steps.
    if (isEntry && !entry(node, 'steps') && !entry(node, 'primitives')) error(node.pos, 'steps', 'expected a list of steps (steps:), but found none');
  };

  const entryNode = load(input.entry);
  const primitives = new Map<string, Primitive>();
  const visitFile = (file: string, node: LNode, isEntry: boolean, seen: Set<string>) => {
    if (seen.has(file)) return;
    seen.add(file);
    checkTopLevel(node, file, isEntry);
    // Imports: each resolved (and refused) before it is loaded.
    const imp = entry(node, 'import');
    if (imp) zodErrors(topLevelSchemas.import, plain(imp.value), imp.value, 'import', []);
    if (imp?.value.kind === 'seq') {
      const [field] = pathFields(topLevelSchemas.import) as [{ at: string[]; meta: PathMeta }];
      for (const v of pathValues(plain(imp.value), field)) {
        if (v.value === '') continue;
        const item = nodeAt(imp.value, v.at).node;
        const jp = `import[${String(v.at[0])}]`;
        const target = resolvePath(v.value, field.meta, file, item.pos, jp, []);
        if (!target) continue;
        const child = load(target, { pos: item.pos, jsonPath: jp });
        if (child) visitFile(target, child, false, seen);
      }
    }
    const prims = entry(node, 'primitives');
    if (prims?.value.kind === 'map') {
      for (const e of prims.value.entries) {
        const jp = `primitives.${e.key}`;
        if (!PRIMITIVE_NAME.test(e.key)) {
          error(e.keyPos, jp, `a primitive's name is lower_snake_case, but got "${e.key}"`);
          continue;
        }
        if (isAction(e.key)) {
          error(e.keyPos, jp, `"${e.key}" is a built-in action; give the primitive another name`);
          continue;
        }
        const other = primitives.get(e.key);
        if (other) {
          error(e.keyPos, jp, `primitive "${e.key}" is defined twice (first at ${other.pos.file}:${other.pos.line}:${other.pos.column})`);
          continue;
        }
        const def = zodErrors(primitiveSchema, plain(e.value), e.value, jp, []);
        if (!def) continue;
        primitives.set(e.key, {
          name: e.key,
          file,
          pos: e.keyPos,
          node: e.value,
          params: (def.params ?? {}) as Record<string, ParamDef>,
          steps: entry(e.value, 'steps')?.value as LNode,
        });
      }
    } else if (prims) error(prims.value.pos, 'primitives', `expected a map of primitives by name, but found ${describeNode(prims.value)}`);
  };
  if (entryNode) visitFile(input.entry, entryNode, true, new Set());
  return { entryNode, settings: entrySettings, primitives };
};

/** What measurePrimitives finds: each primitive's body shape, its fully expanded size and depth, and the primitives others use. */
export type PrimitiveShapes = {
  shapes: Map<string, BodyShape>;
  /** Steps one use of a primitive adds (its body, fully expanded), and how many primitives deep it goes (itself included); none for a primitive in a cycle. */
  sizes: Map<string, { steps: number; depth: number }>;
  /** Primitives that other primitives use. */
  usedByOthers: Set<string>;
};

const cycleCause = (names: string[]) => `cycle:${[...new Set(names)].sort().join(',')}`;

/**
 * Measure: each primitive's size and depth, read from the bodies without expanding anything, so
 * a use that would expand past the bounds is refused where it is written; cycles are found (and
 * reported) here, once each.
 */
export const measurePrimitives = (report: Reporter, primitives: Map<string, Primitive>): PrimitiveShapes => {
  const { error } = report;

  const shapes = new Map<string, BodyShape>();
  const shapeOf = (list: LNode, jsonPath: string, out: BodyShape): BodyShape => {
    if (list.kind !== 'seq') return out;
    list.items.forEach((item, i) => {
      out.steps++;
      if (item.kind !== 'map' || item.entries.length !== 1) return;
      const { key, keyPos, value } = item.entries[0] as { key: string; keyPos: Pos; value: LNode };
      if (primitives.has(key)) out.uses.push({ name: key, pos: keyPos, jsonPath: `${jsonPath}[${i}].${key}` });
      else if (isAction(key) && WRAPS.has(key)) {
        const inner = value.kind === 'seq' ? value : entry(value, 'steps')?.value;
        if (inner) shapeOf(inner, `${jsonPath}[${i}].${key}.steps`, out);
      }
    });
    return out;
  };
  for (const prim of primitives.values()) shapes.set(prim.name, shapeOf(prim.steps, `primitives.${prim.name}.steps`, { steps: 0, uses: [] }));
  /** Steps one use of a primitive adds (its body, fully expanded), and how many primitives deep it goes (itself included). */
  const sizes = new Map<string, { steps: number; depth: number }>();
  /** Primitives that other primitives use. */
  const usedByOthers = new Set<string>();
  {
    // Depth-first over the primitives, iteratively (a long chain of primitives must not overflow
    // the stack): sizes in post-order; an edge back into the current path is a cycle, reported once.
    const state = new Map<string, 'open' | 'done'>();
    for (const start of primitives.keys()) {
      if (state.has(start)) continue;
      state.set(start, 'open');
      const path: Array<{ name: string; next: number }> = [{ name: start, next: 0 }];
      while (path.length) {
        const top = path[path.length - 1] as { name: string; next: number };
        const shape = shapes.get(top.name) as BodyShape;
        const use = shape.uses[top.next++];
        if (use) {
          usedByOthers.add(use.name);
          const s = state.get(use.name);
          if (s === undefined) {
            state.set(use.name, 'open');
            path.push({ name: use.name, next: 0 });
          } else if (s === 'open') {
            const names = path.slice(path.findIndex((f) => f.name === use.name)).map((f) => f.name);
            error(use.pos, use.jsonPath, `primitive cycle: ${[...names, use.name].join(' → ')}`, [], cycleCause(names));
          }
          continue;
        }
        // All uses seen: a use still open (a cycle) adds nothing.
        let steps = shape.steps;
        let depth = 1;
        for (const u of shape.uses) {
          const c = sizes.get(u.name);
          if (!c) continue;
          steps += c.steps;
          depth = Math.max(depth, c.depth + 1);
        }
        sizes.set(top.name, { steps, depth });
        state.set(top.name, 'done');
        path.pop();
      }
    }
  }
  return { shapes, sizes, usedByOthers };
};

/**
 * How a primitive gets big or deep, for messages: from `name`, the use that adds the most steps
 * (or depth), level by level. By steps: `"a" uses "b" 10 times, "b" uses "c" 10 times, …`;
 * by depth: `a → b → c → … → z`.
 */
export const primitiveChain = ({ shapes, sizes }: PrimitiveShapes, name: string, by: 'steps' | 'depth'): string => {
  const links: Array<{ name: string; times: number }> = [{ name, times: 1 }];
  const seen = new Set([name]);
  for (let cur = name; by === 'depth' || links.length <= 5;) {
    const counts = new Map<string, number>();
    for (const u of (shapes.get(cur) as BodyShape).uses) counts.set(u.name, (counts.get(u.name) ?? 0) + 1);
    let next: string | null = null;
    let weight = -1;
    for (const [c, n] of counts) {
      const size = sizes.get(c);
      const w = size ? (by === 'steps' ? n * size.steps : size.depth) : -1;
      if (w > weight) [next, weight] = [c, w];
    }
    if (next === null || weight < 0 || seen.has(next)) break;
    seen.add(next);
    links.push({ name: next, times: counts.get(next) as number });
    cur = next;
  }
  if (by === 'depth') {
    const names = links.map((l) => l.name);
    return (names.length > 8 ? [...names.slice(0, 6), '…', ...names.slice(-1)] : names).join(' → ');
  }
  const parts = links.slice(1).map((l, i) => `"${(links[i] as { name: string }).name}" uses "${l.name}" ${l.times === 1 ? 'once' : `${l.times} times`}`);
  return parts.length > 4 ? `${parts.slice(0, 4).join(', ')}, …` : parts.join(', ');
};

/** The expanded script: the plan's steps and marks, and the secret texts found on the way (with the lines that write them, "file:line"). */
export type ExpandedScript = { steps: PlanStep[]; marks: PlanMark[]; secretTexts: Set<string>; secretLines: Set<string> };

/**
 * Expand: the entry's steps into a flat list of steps and marks (primitives expanded with their
 * params, wrapping steps made marks, every step's args validated by its action's schema, defaults
 * filled in, paths resolved). Then each primitive the steps did not use is checked on its own,
 * with sample params, into a scratch plan that is dropped. Errors go to the session's Reporter.
 */
export const expandScript = (session: CompileSession, loaded: LoadedScript, measured: PrimitiveShapes): ExpandedScript => {
  const { input, maxDepth, report, zodErrors, resolvePathFields } = session;
  const { errors, error, suggest } = report;
  const { entryNode, primitives } = loaded;
  const { sizes, usedByOthers } = measured;
  const chainOf = (name: string, by: 'steps' | 'depth') => primitiveChain(measured, name, by);

  const steps: PlanStep[] = [];
  const secretTexts = new Set<string>();
  const secretLines = new Set<string>();
  const noteSecret = (text: unknown, pos: Pos | undefined) => {
    if (typeof text === 'string' || typeof text === 'number') secretTexts.add(String(text));
    if (pos) secretLines.add(`${pos.file}:${pos.line}`);
  };
  const marks: PlanMark[] = [];
  let markCount = 0;
  /** An open_browser step has been expanded (in plan order): page targets may follow. */
  let browserOpened = false;

  const expandList = (list: LNode, ctx: Ctx, idPrefix: string): void => {
    if (list.kind !== 'seq') {
      error(list.pos, ctx.jsonPath, `expected a list of steps (each "- action: …"), but found ${describeNode(list)}`, ctx.stack);
      return;
    }
    list.items.forEach((item, i) => expandStep(item, { ...ctx, jsonPath: `${ctx.jsonPath}[${i}]` }, `${idPrefix}${i + 1}`));
  };

  /** Steps expanded so far (each primitive use and wrapping step counts one, and so does every step inside); past the bound, expansion stops. */
  let expanded = 0;
  let stopped = false;
  let knownActions: string[] | null = null;
  const actionSuggestions = new Map<string, string>();

  const expandStep = (node: LNode, ctx: Ctx, id: string): void => {
    if (stopped) return;
    if (!ctx.shallow && ++expanded > MAX_EXPANDED_STEPS) {
      stopped = true;
      const via = ctx.stack.length ? ` (inside ${ctx.stack.map((f) => `"${f.primitive}"`).join(' → ')})` : '';
      error(
        node.pos,
        ctx.jsonPath,
        `the script expands to more than ${MAX_EXPANDED_STEPS} steps here${via}; a script may expand to at most ${MAX_EXPANDED_STEPS}`,
        ctx.stack,
        'expanded-steps',
      );
      return;
    }
    if (node.kind !== 'map' || node.entries.length !== 1) {
      const found = node.kind === 'map' ? `${node.entries.length} keys (${node.entries.map((e) => e.key).join(', ')})` : describeNode(node);
      error(node.pos, ctx.jsonPath, `expected a step: one key naming the action, like "- press: Enter", but found ${found}`, ctx.stack);
      return;
    }
    const { key: name, keyPos, value: rawValue } = node.entries[0] as { key: string; keyPos: Pos; value: LNode };
    const jp = `${ctx.jsonPath}.${name}`;
    const value = ctx.params ? interpolate(rawValue, ctx.params, jp, ctx.stack) : rawValue;
    if (isAction(name)) {
      builtin(name, value, keyPos, { ...ctx, jsonPath: jp }, id);
      return;
    }
    const prim = primitives.get(name);
    if (prim) {
      usePrimitive(prim, value, keyPos, { ...ctx, jsonPath: jp }, id);
      return;
    }
    knownActions ??= [...ACTION_NAMES, ...primitives.keys()];
    let hint = actionSuggestions.get(name);
    if (hint === undefined) {
      const synonym = ACTION_SYNONYMS[name.toLowerCase()];
      hint = synonym && !primitives.has(name) ? ` (did you mean "${synonym}"?)` : suggest(name, knownActions);
      actionSuggestions.set(name, hint);
    }
    error(keyPos, jp, `unknown action "${name}"${hint}; expected a built-in action or a primitive defined or imported here`, ctx.stack);
  };

  const builtin = (name: ActionName, value: LNode, keyPos: Pos, ctx: Ctx, id: string): void => {
    const def = ACTIONS[name] as { schema: z.ZodType; short?: (v: unknown) => Record<string, unknown> | null; wraps?: boolean };
    let raw = plain(value);
    let node = value;
    // Secret text is known even when the step has errors: every message about it masks it.
    if (name === 'type' && raw && typeof raw === 'object' && (raw as { secret?: unknown }).secret === true) {
      noteSecret((raw as { text?: unknown }).text, value.kind === 'map' ? entry(value, 'text')?.value.pos : undefined);
    }
    if (value.kind !== 'map') {
      const long = def.short?.(raw) ?? null;
      if (!long) {
        error(value.pos, ctx.jsonPath, `expected ${name}'s settings as a map (like { ${shortHint(name)} }), but found ${describeNode(value)}`, ctx.stack);
        return;
      }
      raw = long;
      // The short form's value stands for the one field it fills.
      node = { kind: 'map', pos: value.pos, entries: Object.keys(long).map((k) => ({ key: k, keyPos: value.pos, value })) };
    }
    if (name === 'open_browser') browserOpened = true;
    const args = zodErrors(def.schema, raw, node, ctx.jsonPath, ctx.stack) as Record<string, unknown> | null;
    if (!args) return;
    // Elements of a page need the page: an open_browser earlier in the plan (an unused
    // primitive's body is checked on its own, without knowing what comes before its uses).
    const needsBrowser = browserTargetIn(name, args);
    if (needsBrowser && !browserOpened && !ctx.shallow && !session.checkingUnused) {
      const what = needsBrowser === 'goto' ? 'goto' : `${name} ${needsBrowser}`;
      error(keyPos, ctx.jsonPath, `step ${id} (${what}) needs a browser: open one first with open_browser (no open_browser comes before this step)`, ctx.stack);
      return;
    }
    // Paths (the fields the action's schema marks: images, drag's from/to, a terminal's cwd) are relative to the file that names them.
    resolvePathFields(def.schema, args, node, ctx.jsonPath, ctx.stack);
    if (def.wraps) {
      if ((ctx.wraps ?? 0) >= maxDepth) {
        error(keyPos, ctx.jsonPath, `wrapping steps (${[...WRAPS].join(', ')}) nest deeper than ${maxDepth} levels`, ctx.stack);
        return;
      }
      const inner = nodeAt(node, ['steps']).node;
      const before = steps.length;
      expandList(inner, { ...ctx, jsonPath: `${ctx.jsonPath}.steps`, wraps: (ctx.wraps ?? 0) + 1 }, `${id}.`);
      const { steps: _inner, ...markArgs } = args;
      if (steps.length > before) {
        marks.push({
          id: `m${++markCount}`,
          kind: name as PlanMark['kind'],
          args: markArgs,
          from: (steps[before] as PlanStep).id,
          to: (steps[steps.length - 1] as PlanStep).id,
          source: keyPos,
          stack: ctx.stack,
        });
      }
      return;
    }
    steps.push({ id, action: name, args, source: keyPos, stack: ctx.stack });
  };

  const usePrimitive = (prim: Primitive, value: LNode, keyPos: Pos, ctx: Ctx, id: string): void => {
    const chain = ctx.stack.map((f) => f.primitive);
    // An unused primitive's body is checked once on its own: a use there is checked, not expanded
    // (the used primitive's body gets its own check), and cycles were found from the shapes.
    if (!ctx.shallow && chain.includes(prim.name)) {
      // Found from the shapes already (the same primitives): that one report stands, uncounted.
      const names = chain.slice(chain.indexOf(prim.name));
      if (!report.has(cycleCause(names))) error(keyPos, ctx.jsonPath, `primitive cycle: ${[...names, prim.name].join(' → ')}`, ctx.stack, cycleCause(names));
      return;
    }
    if (!ctx.shallow && ctx.depth >= maxDepth) {
      // Once per primitive chain, however many uses lead there.
      error(
        keyPos,
        ctx.jsonPath,
        `primitives nest deeper than ${maxDepth} levels (${[...chain, prim.name].join(' → ')})`,
        ctx.stack,
        `depth:${[...chain, prim.name].join(',')}`,
      );
      return;
    }
    const given = value.kind === 'map' ? value : value.kind === 'scalar' && value.value === null ? null : undefined;
    if (given === undefined) {
      error(
        value.pos,
        ctx.jsonPath,
        `expected the params of "${prim.name}" as a map (${Object.keys(prim.params).join(', ') || 'it takes none'}), but found ${describeNode(value)}`,
        ctx.stack,
      );
      return;
    }
    // A param that feeds a secret text is secret where it is given, also if this use has errors.
    for (const pname of secretParams(prim)) {
      const e = given?.entries.find((x) => x.key === pname);
      if (e) noteSecret(plain(e.value), e.value.pos);
    }
    const args: Record<string, unknown> = {};
    let ok = true;
    for (const e of given?.entries ?? []) {
      if (!Object.hasOwn(prim.params, e.key)) {
        error(
          e.keyPos,
          `${ctx.jsonPath}.${e.key}`,
          `"${prim.name}" has no param "${e.key}"${suggest(e.key, Object.keys(prim.params))}; its params are ${listNames(Object.keys(prim.params))}`,
          ctx.stack,
        );
        ok = false;
      }
    }
    for (const [pname, pdef] of Object.entries(prim.params)) {
      const e = given?.entries.find((x) => x.key === pname);
      if (!e) {
        if (pdef.default === undefined) {
          error(
            keyPos,
            `${ctx.jsonPath}.${pname}`,
            `"${prim.name}" needs the param "${pname}" (${pdef.type}${pdef.values ? `: ${pdef.values.join(' | ')}` : ''}), but it was not given`,
            ctx.stack,
          );
          ok = false;
        } else args[pname] = pdef.default;
        continue;
      }
      const v = plain(e.value);
      const problem = checkParam(pdef, v);
      if (problem) {
        error(e.value.pos, `${ctx.jsonPath}.${pname}`, `param "${pname}" ${problem}`, ctx.stack);
        ok = false;
      } else args[pname] = v;
    }
    if (!ok || ctx.shallow) return;
    used.add(prim.name);
    const size = (sizes.get(prim.name) as { steps: number }).steps;
    if (expanded + size > MAX_EXPANDED_STEPS) {
      // Refused where it is written, before any of it expands; once per primitive.
      const how = chainOf(prim.name, 'steps');
      const message =
        size > MAX_EXPANDED_STEPS
          ? `"${prim.name}" expands to ${countText(size)} steps${how ? ` (${how})` : ''}, more than the ${MAX_EXPANDED_STEPS} a script may expand to`
          : `the script expands to more than ${MAX_EXPANDED_STEPS} steps with this use of "${prim.name}" (${countText(size)} steps${how ? `: ${how}` : ''}; ${expanded} before it)`;
      error(keyPos, ctx.jsonPath, message, ctx.stack, `size:${prim.name}`);
      return;
    }
    checked.add(prim.name);
    const frame: StackFrame = { primitive: prim.name, use: keyPos, definition: prim.pos };
    expandList(
      prim.steps,
      { file: prim.file, jsonPath: `primitives.${prim.name}.steps`, params: args, stack: [...ctx.stack, frame], depth: ctx.depth + 1 },
      `${id}.`,
    );
  };

  /** Replaces ${param} in strings; a whole-value ${param} keeps the param's type. */
  const interpolate = (node: LNode, params: Record<string, unknown>, jsonPath: string, stack: StackFrame[]): LNode => {
    if (node.kind === 'map')
      return { ...node, entries: node.entries.map((e) => ({ ...e, value: interpolate(e.value, params, `${jsonPath}.${e.key}`, stack) })) };
    if (node.kind === 'seq') return { ...node, items: node.items.map((n, i) => interpolate(n, params, `${jsonPath}[${i}]`, stack)) };
    if (typeof node.value !== 'string' || !node.value.includes('${')) return node;
    const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(node.value);
    const missing = (name: string) =>
      error(
        node.pos,
        jsonPath,
        `\${${name}} is not a param of this primitive${suggest(name, Object.keys(params))}; its params are ${listNames(Object.keys(params))}`,
        stack,
      );
    if (whole) {
      const name = whole[1] as string;
      if (!Object.hasOwn(params, name)) {
        missing(name);
        return node;
      }
      const v = params[name];
      return { ...node, value: typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null };
    }
    // The length is counted before the string is built: past MAX_TEXT, the rest is left as written.
    let length = node.value.length;
    let over = false;
    const text = node.value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string) => {
      if (!Object.hasOwn(params, name)) {
        missing(name);
        return m;
      }
      const v = String(params[name]);
      length += v.length - m.length;
      if (over || length > MAX_TEXT) {
        over = true;
        return m;
      }
      return v;
    });
    if (over) {
      // Strings built from params that hold params grow with every level: refused and left as
      // written; once per use in the script's steps (levels below would only grow it again).
      const cause = `text:${stack[0] ? `${stack[0].use.file}:${stack[0].use.line}:${stack[0].use.column}` : `${node.pos.file}:${node.pos.line}:${node.pos.column}`}`;
      if (!report.has(cause))
        error(
          node.pos,
          jsonPath,
          `after \${…} substitution this text has ${countText(length)} characters, more than the ${MAX_TEXT} a text may have`,
          stack,
          cause,
        );
      return node;
    }
    return { ...node, value: text };
  };

  /** Primitives the script's steps use (expanded or refused there). */
  const used = new Set<string>();
  /** Primitives whose body has been expanded, so checked. */
  const checked = new Set<string>();
  const stepsNode = entryNode ? entry(entryNode, 'steps') : undefined;
  if (stepsNode) expandList(stepsNode.value, { file: input.entry, jsonPath: 'steps', params: null, stack: [], depth: 0 }, '');
  // Primitives the steps did not expand are still checked, so a library file validates on its own:
  // each body once, with its params' defaults (or a sample value of each param's type), into a
  // scratch plan; the primitives it uses are checked as uses, not expanded (their bodies get their
  // own check). Whether one would expand too far or too deep comes from the shapes: reported at the
  // outermost such primitive (one nobody uses), naming the chain below it.
  const planSteps = steps.length;
  const planMarks = marks.length;
  session.checkingUnused = true;
  for (const prim of primitives.values()) {
    if (checked.has(prim.name)) continue;
    const sample: Record<string, unknown> = {};
    for (const [k, d] of Object.entries(prim.params)) sample[k] = d.default ?? SAMPLE[d.type](d);
    const frame: StackFrame = { primitive: prim.name, use: prim.pos, definition: prim.pos };
    expandList(prim.steps, { file: prim.file, jsonPath: `primitives.${prim.name}.steps`, params: sample, stack: [frame], depth: 1, shallow: true }, 'check.');
    if (used.has(prim.name) || usedByOthers.has(prim.name)) continue;
    const size = sizes.get(prim.name) as { steps: number; depth: number };
    if (size.depth > maxDepth) {
      error(
        prim.pos,
        `primitives.${prim.name}`,
        `primitives nest deeper than ${maxDepth} levels (${chainOf(prim.name, 'depth')})`,
        [],
        `depth-of:${prim.name}`,
      );
    }
    if (size.steps > MAX_EXPANDED_STEPS) {
      error(
        prim.pos,
        `primitives.${prim.name}`,
        `"${prim.name}" expands to ${countText(size.steps)} steps (${chainOf(prim.name, 'steps')}), more than the ${MAX_EXPANDED_STEPS} a script may expand to`,
        [],
        `size:${prim.name}`,
      );
    }
  }
  session.checkingUnused = false;
  steps.length = planSteps;
  marks.length = planMarks;
  if (stepsNode && steps.length === 0 && errors.length === 0) error(stepsNode.keyPos, 'steps', 'expected at least one step, but the list is empty');
  return { steps, marks, secretTexts, secretLines };
};

/**
 * Lint: checks of the whole expanded plan. Errors: a literal point or region off the stage's
 * screen, a text target that is (part of) a secret, a secret shown in a bubble or spoken.
 * Warnings: a say inside a speedup, a last say with wait: false, text OCR cannot read. Adds them
 * to `report`; `settings` are the entry's (LoadedScript.settings).
 */
export const lintPlan = (report: Reporter, settings: Map<string, unknown>, expanded: ExpandedScript): void => {
  const { errors, warnings, error } = report;
  const { steps, marks, secretTexts } = expanded;
  const entrySettings = settings;

  // A stage with a screen size: every point and region the steps give literally must be on it
  // (the pointer cannot leave the screen), known here rather than when the take reaches it.
  const stageValue = entrySettings.get('stage') as { screen?: unknown } | undefined;
  if (stageValue?.screen !== undefined) {
    const screen = stageSpecOf(stageValue).screen;
    for (const s of [...steps, ...marks]) {
      for (const t of literalTargets('action' in s ? s.action : s.kind, s.args)) {
        const message = t.point ? pointProblem(t.point, screen, t.what) : t.region ? regionProblem(t.region, screen, t.what) : null;
        if (message) error(s.source, '', `${message} (stage.screen)`, s.stack);
      }
    }
  }

  // Warnings: things that work but are probably not meant (once per place, like errors).
  const warned = new Set<string>();
  const indexOf = new Map(steps.map((s, i) => [s.id, i]));
  for (const m of marks) {
    if (m.kind === 'speedup') {
      const inside = steps.slice(indexOf.get(m.from), (indexOf.get(m.to) ?? -1) + 1).filter((s) => s.action === 'say');
      for (const s of inside) {
        const key = `${s.source.file}:${s.source.line}:${s.source.column} ${m.source.file}:${m.source.line}`;
        if (warned.has(key) || warnings.length >= MAX_ERRORS) continue;
        warned.add(key);
        warnings.push({
          ...s.source,
          path: '',
          message: `"say" inside a speedup (${m.source.file}:${m.source.line}): narration is never sped up, so this line plays at normal speed over the sped-up picture`,
        });
      }
    }
  }

  // The end of the take: a last `say` with wait: false has nothing after it to overlap.
  const lastStep = steps.at(-1);
  if (lastStep?.action === 'say' && lastStep.args.wait === false && warnings.length < MAX_ERRORS) {
    warnings.push({
      ...lastStep.source,
      path: '',
      message:
        '"say" with wait: false is the last step: nothing comes after it to overlap, so the take goes on until the line has been spoken and the video ends with it (as without wait: false)',
    });
  }

  // Text targets: a secret is never searched for (its text is masked wherever screenplay
  // handles it), and the English OCR model reads Latin letters only.
  for (const s of [...steps, ...marks]) {
    for (const t of targetsOf('action' in s ? s.action : s.kind, s.args)) {
      if (typeof t.text !== 'string') continue;
      const where = 'action' in s ? `step ${s.id} (${s.action})` : `the ${s.kind}`;
      const tt = String(t.text);
      // The secret, or a part of it long enough to give it away (4 characters or more).
      if ([...secretTexts].some((x) => x.length > 0 && (tt.includes(x) || (tt.trim().length >= 4 && x.includes(tt.trim()))))) {
        errors.push({
          ...s.source,
          path: '',
          message: `${where} looks for text typed with secret: true, which screenplay never searches for or logs; point at its field instead ({ label: … } or { selector: … }), or blur a region`,
        });
        continue;
      }
      const foreign = ocrUnreadable(String(t.text));
      if (foreign && warnings.length < MAX_ERRORS) {
        warnings.push({
          ...s.source,
          path: '',
          message: `${where} looks for ${JSON.stringify(String(t.text).slice(0, 60))} on screen, but OCR reads English (Latin letters and digits) and will not find ${JSON.stringify(foreign)}: in a browser use { role, name }, { label } or { selector }, elsewhere { image }`,
        });
      }
    }
  }

  // A secret shown in a bubble or spoken is in the picture, the captions and the voice provider's
  // request: refused (a secret is typed, never said or drawn).
  for (const s of steps) {
    const shown = s.action === 'say' ? 'spoken and captioned' : s.action === 'callout' ? 'drawn in the bubble' : null;
    const text = shown && typeof s.args.text === 'string' ? s.args.text : null;
    if (text && [...secretTexts].some((x) => x.length > 0 && text.includes(x))) {
      errors.push({
        ...s.source,
        path: '',
        message: `step ${s.id} (${s.action}) holds text typed with secret: true, which would be ${shown}; leave the secret out of it`,
      });
    }
  }
};

/**
 * Result: the CompileResult. With errors (or no entry), no plan: the errors sorted by file, line
 * and column; otherwise the plan, its settings read from the entry. Primitives and secrets are
 * given either way.
 */
export const compileResult = (session: CompileSession, loaded: LoadedScript, expanded: ExpandedScript): CompileResult => {
  const { input, report } = session;
  const { warnings } = report;
  const errors = report.finish();
  const { entryNode, settings: entrySettings, primitives } = loaded;
  const { steps, marks, secretTexts, secretLines } = expanded;

  const primitiveInfo = Object.fromEntries(
    [...primitives.values()].map((p) => [
      p.name,
      { description: String((plain(p.node) as { description?: unknown }).description ?? ''), params: p.params, source: p.pos },
    ]),
  );
  if (errors.length > 0 || !entryNode)
    return { plan: null, errors: sortDiagnostics(errors), warnings, primitives: primitiveInfo, secrets: [...secretTexts], secretLines: [...secretLines] };
  const get = (k: string) =>
    entrySettings.has(k) ? entrySettings.get(k) : entry(entryNode, k) ? plain((entry(entryNode, k) as { value: LNode }).value) : undefined;
  const title = get('title');
  return {
    plan: {
      version: 1,
      title: typeof title === 'string' ? title : null,
      entry: input.entry,
      settings: {
        output: get('output'),
        style: get('style'),
        voice: get('voice'),
        avatar: get('avatar'),
        capture: get('capture'),
        stage: stageSpecOf(get('stage')),
      },
      steps,
      marks,
    },
    errors: [],
    warnings,
    primitives: primitiveInfo,
    secrets: [...secretTexts],
    secretLines: [...secretLines],
  };
};

/**
 * compileScript: CompileInput (the entry's path and the files) → CompileResult (a Plan, or
 * none with every error positioned). The stages: load (each file parsed) → measure the
 * primitives → expand → lint → result.
 */
export const compileScript = (input: CompileInput): CompileResult => {
  const session = startCompile(input);
  const loaded = loadScriptFiles(session);
  const measured = measurePrimitives(session.report, loaded.primitives);
  const expanded = expandScript(session, loaded, measured);
  lintPlan(session.report, loaded.settings, expanded);
  session.report.warnings.push(...lintPresets(loaded.entryNode, loaded.settings.get('output'), expanded));
  session.report.warnings.push(...lintCards(expanded.steps, loaded.settings.get('output')));
  return compileResult(session, loaded, expanded);
};

const SAMPLE_TEXT = 'sample';
const SAMPLE: Record<ParamDef['type'], (d: ParamDef) => unknown> = {
  string: () => SAMPLE_TEXT,
  number: () => 1,
  boolean: () => false,
  enum: (d) => d.values?.[0] ?? '',
  duration: () => '1s',
};

/** A count for messages: 11,111,111; a count past 10^15 as 1.2e+30; Infinity as "more than 1e308". */
const countText = (n: number): string => (!Number.isFinite(n) ? 'more than 1e308' : n >= 1e15 ? n.toExponential(1) : n.toLocaleString('en-US'));

/** Names for a message: all of them up to 20, then the first 20 and how many more. */
const listNames = (names: string[]): string =>
  names.length === 0 ? 'none' : names.length > 20 ? `${names.slice(0, 20).join(', ')}, … (${names.length - 20} more)` : names.join(', ');

const sortDiagnostics = (ds: Diagnostic[]): Diagnostic[] => [...ds].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);

const describeNode = (node: LNode): string => {
  if (node.kind === 'map') return 'a map';
  if (node.kind === 'seq') return 'a list';
  if (node.value === null) return 'nothing';
  return typeof node.value === 'string' ? `"${node.value.length > 40 ? `${node.value.slice(0, 40)}…` : node.value}"` : String(node.value);
};

const shortHint = (name: ActionName): string => ACTIONS[name].example.replace(/^[a-z_]+: /, '').replace(/^\{ | \}$/g, '');

const checkParam = (def: ParamDef, v: unknown): string | null => {
  switch (def.type) {
    case 'string':
      return typeof v === 'string' ? null : `must be a string, but got ${JSON.stringify(v)}`;
    case 'number':
      return typeof v === 'number' ? null : `must be a number, but got ${JSON.stringify(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? null : `must be true or false, but got ${JSON.stringify(v)}`;
    case 'enum':
      return typeof v === 'string' && def.values?.includes(v)
        ? null
        : `must be one of ${def.values?.join(', ')}, but got ${JSON.stringify(v)}${typeof v === 'string' ? didYouMean(v, def.values ?? []) : ''}`;
    case 'duration': {
      const r = parseDuration(v);
      return r.ok ? null : r.message;
    }
  }
};

const issueMessage = (issue: z.core.$ZodIssue, node: LNode): string => {
  const found = describeNode(node);
  // A schema's own message that already says what it found (or that the list is empty) stands as written.
  if (/, but got /.test(issue.message) || (issue.code === 'too_small' && /^must list /.test(issue.message))) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected}, but got ${found}`;
    case 'invalid_key': {
      // A record's key (stage.env's names): the key's own complaint, naming it.
      const inner = issue.issues[0]?.message;
      return inner ?? `has an invalid key`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, but got ${found}`;
    case 'too_small':
      return `${issue.message.replace(/^Too small: expected /, 'must be ')}, but got ${found}`;
    case 'too_big':
      return `${issue.message.replace(/^Too big: expected /, 'must be ')}, but got ${found}`;
    default:
      return issue.message;
  }
};

/** The keys a zod object schema accepts (empty for other schemas). */
const objectKeys = (schema: z.ZodType | null): string[] => {
  const shape = (schema as unknown as { shape?: Record<string, unknown> } | null)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
};

/**
 * The schema of the value at `at` inside `schema` (through objects, optionals, pipes), or null:
 * so an unknown key in a nested map (a drag's `from`, a target's `near`) gets its suggestion too.
 */
const schemaAt = (schema: z.ZodType, at: ReadonlyArray<PropertyKey>): z.ZodType | null => {
  let cur: z.ZodType | null = schema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    for (let i = 0; i < 10; i++) {
      const def = (s as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } })._zod.def;
      if (def.innerType) s = def.innerType;
      else if (def.type === 'pipe' && def.in) s = def.in;
      else break;
    }
    return s;
  };
  for (const key of at) {
    if (!cur) return null;
    const shape: Record<string, z.ZodType> | undefined = (unwrap(cur) as unknown as { shape?: Record<string, z.ZodType> }).shape;
    cur = shape && typeof key === 'string' && Object.hasOwn(shape, key) ? (shape[key] as z.ZodType) : null;
  }
  return cur ? unwrap(cur) : null;
};
