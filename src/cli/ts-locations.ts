/**
 * Where a TypeScript script's default export is written: its source is parsed with the
 * TypeScript compiler API (the user's project's `typescript` first, then screenplay's own) and
 * the object literal it exports (through `defineScript(...)`, `as const`, `satisfies`, and
 * `const` names declared in the same file) is mapped key by key to file:line:col, so
 * compileScript's errors point at the property, not at 1:1. Without `typescript` (or when the
 * export is not a literal), nothing is found and errors keep today's place: no crash.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TS from 'typescript';
import type { Pos, SourceLocations } from '../dsl/located';

type Ts = typeof TS;

let cached: { ts: Ts | null; from: string } | undefined;

/**
 * The `typescript` module as resolved from `projectDir` (the user's own), else from screenplay's
 * installation; null when neither has it. Loaded once per project folder.
 */
export const loadTypescript = (projectDir: string): Ts | null => {
  if (cached?.from === projectDir) return cached.ts;
  const found = typescriptFrom([path.join(projectDir, 'package.json'), import.meta.url]);
  cached = { ts: found, from: projectDir };
  return found;
};

/** The first `typescript` module that resolves from one of `bases` (file paths or URLs), or null. */
export const typescriptFrom = (bases: string[]): Ts | null => {
  for (const base of bases) {
    try {
      const found = createRequire(base)('typescript') as Ts;
      if (typeof found?.createSourceFile === 'function') return found;
    } catch {
      // Not installed there: try the next place.
    }
  }
  return null;
};

/** How many `const` names may be followed from one value (a = b, b = c, …): bounds a cycle. */
const MAX_HOPS = 32;
/**
 * How many values are located in one file: a const used in many places is located at each, so
 * `b = [a, a, …]; c = [b, b, …]` could otherwise grow without bound (compileScript's own limit,
 * MAX_PLAIN_NODES, is the same). Past it, parts keep their nearest located ancestor's place.
 */
const MAX_LOCATED = 200_000;

/**
 * The locations of `text`'s default export (a TypeScript script named `file` in diagnostics),
 * or null when it has none that is written as a literal here. Pure given `ts`.
 */
export const locateDefaultExport = (ts: Ts, file: string, text: string): SourceLocations | null => {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const posOf = (node: TS.Node): Pos => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return { file, line: line + 1, column: character + 1 };
  };
  // Top-level `const NAME = value` declarations, by name: only `const`, and only names never
  // changed after (a wrong line is worse than none: a `let` reassigned, `name.push(…)`,
  // `Object.assign(name, …)`, `name[0] = …` would make the written literal not the value).
  const consts = new Map<string, TS.Expression>();
  const declared = new Set<TS.Node>();
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of st.declarationList.declarations)
      if (ts.isIdentifier(d.name) && d.initializer) {
        consts.set(d.name.text, d.initializer);
        declared.add(d.name);
      }
  }
  // The functions that return their argument unchanged: defineScript and definePrimitive,
  // under their own names or as imported (`import { defineScript as d }`). Any other call's
  // value is not the literal written in it.
  const identities = new Set(['defineScript', 'definePrimitive']);
  for (const st of sf.statements) {
    const named = ts.isImportDeclaration(st) ? st.importClause?.namedBindings : undefined;
    if (named && ts.isNamedImports(named)) for (const el of named.elements) if (identities.has((el.propertyName ?? el.name).text)) identities.add(el.name.text);
  }
  const isIdentityCall = (e: TS.Node): e is TS.CallExpression => ts.isCallExpression(e) && ts.isIdentifier(e.expression) && identities.has(e.expression.text);
  const isWrapper = (n: TS.Node): n is TS.Expression & { expression: TS.Expression } =>
    ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isNonNullExpression(n) || ts.isTypeAssertionExpression(n);
  /** True when this use of a name only reads it whole (spread, a property's value, an element, defineScript's argument, the export), through parentheses and type assertions. */
  const readsWhole = (id: TS.Identifier): boolean => {
    let node: TS.Node = id;
    while (isWrapper(node.parent)) node = node.parent;
    const p = node.parent;
    if (ts.isSpreadElement(p) || ts.isSpreadAssignment(p) || ts.isShorthandPropertyAssignment(p) || ts.isArrayLiteralExpression(p)) return true;
    if (ts.isPropertyAssignment(p)) return p.initializer === node;
    if (ts.isExportAssignment(p) || ts.isExportSpecifier(p)) return true;
    if (ts.isCallExpression(p)) return p.expression !== node && isIdentityCall(p);
    return false;
  };
  let useBudget = 200_000;
  const visitUses = (n: TS.Node): void => {
    if (--useBudget < 0 || consts.size === 0) return;
    if (ts.isIdentifier(n) && consts.has(n.text) && !declared.has(n) && !readsWhole(n)) consts.delete(n.text);
    n.forEachChild(visitUses);
  };
  visitUses(sf);
  if (useBudget < 0) consts.clear();

  /** The literal an expression stands for: through parentheses, `as`, `satisfies`, `!`, a call's first argument (defineScript({...})), and const names. */
  const unwrap = (e: TS.Expression, hops = 0): TS.Expression => {
    if (hops > MAX_HOPS) return e;
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e))
      return unwrap(e.expression, hops + 1);
    if (isIdentityCall(e) && e.arguments.length === 1) {
      const arg = unwrap(e.arguments[0] as TS.Expression, hops + 1);
      if (ts.isObjectLiteralExpression(arg) || ts.isArrayLiteralExpression(arg)) return arg;
    }
    if (ts.isIdentifier(e)) {
      const init = consts.get(e.text);
      if (init) return unwrap(init, hops + 1);
    }
    return e;
  };

  const keyOf = (name: TS.PropertyName): string | null => {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
    if (ts.isComputedPropertyName(name)) {
      const x = name.expression;
      if (ts.isStringLiteral(x) || ts.isNumericLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x)) return x.text;
    }
    return null;
  };

  let budget = MAX_LOCATED;
  const build = (written: TS.Expression, depth: number): SourceLocations => {
    const e = unwrap(written);
    // The value's place is where it is written (a name's use), its parts where the literal is.
    const loc: SourceLocations = { pos: posOf(written) };
    if (depth > 200 || --budget < 0) return loc;
    if (ts.isObjectLiteralExpression(e)) {
      const children: Record<string, SourceLocations> = {};
      const add = (obj: TS.ObjectLiteralExpression, d: number): void => {
        for (const p of obj.properties) {
          if (ts.isPropertyAssignment(p)) {
            const key = keyOf(p.name);
            if (key !== null) children[key] = { ...build(p.initializer, depth + 1), keyPos: posOf(p.name) };
          } else if (ts.isShorthandPropertyAssignment(p)) {
            children[p.name.text] = { ...build(p.name, depth + 1), keyPos: posOf(p.name) };
          } else if (ts.isSpreadAssignment(p)) {
            const inner = unwrap(p.expression);
            if (ts.isObjectLiteralExpression(inner) && d < MAX_HOPS) add(inner, d + 1);
          } else {
            const key = p.name ? keyOf(p.name) : null;
            if (key !== null && p.name) children[key] = { pos: posOf(p), keyPos: posOf(p.name) };
          }
        }
      };
      add(e, 0);
      loc.children = children;
    } else if (ts.isArrayLiteralExpression(e)) {
      const children: Record<string, SourceLocations> = {};
      let i = 0;
      // Items after a spread whose length is not known here cannot be numbered: they keep the array's place.
      const add = (arr: TS.ArrayLiteralExpression, d: number): boolean => {
        for (const el of arr.elements) {
          if (ts.isSpreadElement(el)) {
            const inner = unwrap(el.expression);
            if (!ts.isArrayLiteralExpression(inner) || d >= MAX_HOPS || !add(inner, d + 1)) return false;
          } else if (ts.isOmittedExpression(el)) i++;
          else children[String(i++)] = build(el, depth + 1);
        }
        return true;
      };
      add(e, 0);
      loc.children = children;
    }
    return loc;
  };

  for (const st of sf.statements) {
    if (ts.isExportAssignment(st) && !st.isExportEquals) return build(st.expression, 0);
    // export { script as default }
    if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const s of st.exportClause.elements) {
        if (s.name.text === 'default') {
          const local = (s.propertyName ?? s.name) as TS.Identifier;
          return build(local, 0);
        }
      }
    }
  }
  return null;
};

/**
 * The locations of a TypeScript script's default export, for compileScript (keys in `file`, the
 * project-relative name its diagnostics use); null when `typescript` cannot be loaded from
 * `projectDir` or screenplay, or the source is not understood. Never throws.
 */
export const locateTsScript = (projectDir: string, file: string, text: string): SourceLocations | null => {
  try {
    const ts = loadTypescript(projectDir);
    return ts ? locateDefaultExport(ts, file, text) : null;
  } catch {
    return null;
  }
};
