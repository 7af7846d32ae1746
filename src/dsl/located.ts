/**
 * Parsed source with positions: YAML (and JSON, a subset of YAML) becomes a tree of nodes that
 * carry their file, line and column, so every later error can point at the source. Pure.
 */
import { invalidInput } from '../errors';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

export type Pos = { file: string; line: number; column: number };

export type LNode =
  | { kind: 'map'; pos: Pos; entries: Array<{ key: string; keyPos: Pos; value: LNode }> }
  | { kind: 'seq'; pos: Pos; items: LNode[] }
  | { kind: 'scalar'; pos: Pos; value: string | number | boolean | null; quoted: boolean };

export type ParseProblem = { pos: Pos; message: string };

/**
 * How deep maps and lists may nest in a script (a step inside 16 wrapping steps inside 16
 * primitives is far less); deeper input would only exhaust the stack of whatever walks it.
 */
export const MAX_NESTING = 200;

const toNode = (node: YamlNode | null | undefined, file: string, lc: LineCounter, fallback: Pos, problems: ParseProblem[], depth = 0): LNode => {
  const posOf = (offset: number | undefined): Pos => {
    if (offset === undefined) return fallback;
    const { line, col } = lc.linePos(offset);
    return { file, line, column: col };
  };
  if (!node) return { kind: 'scalar', pos: fallback, value: null, quoted: false };
  const pos = posOf(node.range?.[0]);
  if (depth >= MAX_NESTING && (isMap(node) || isSeq(node))) {
    problems.push({ pos, message: `maps and lists nest deeper than ${MAX_NESTING} levels here` });
    return { kind: 'scalar', pos, value: null, quoted: false };
  }
  if (isMap(node)) {
    const entries: Array<{ key: string; keyPos: Pos; value: LNode }> = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const keyPos = posOf(keyNode?.range?.[0]);
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode ?? '');
      entries.push({ key, keyPos, value: toNode(pair.value as YamlNode | null, file, lc, keyPos, problems, depth + 1) });
    }
    return { kind: 'map', pos, entries };
  }
  if (isSeq(node)) {
    return { kind: 'seq', pos, items: node.items.map((item) => toNode(item as YamlNode, file, lc, pos, problems, depth + 1)) };
  }
  if (isAlias(node)) return { kind: 'scalar', pos, value: String(node.source), quoted: false };
  if (isScalar(node)) {
    const v = node.value;
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
    return { kind: 'scalar', pos, value, quoted: node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' };
  }
  return { kind: 'scalar', pos, value: null, quoted: false };
};

/** Parses YAML or JSON text. Syntax errors come back as problems; the tree is what could be read. */
export const parseSource = (file: string, text: string): { root: LNode; problems: ParseProblem[] } => {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  const start: Pos = { file, line: 1, column: 1 };
  const problems: ParseProblem[] = [...doc.errors, ...doc.warnings].map((e) => {
    const [line, column] = e.linePos?.[0] ? [e.linePos[0].line, e.linePos[0].col] : [1, 1];
    return { pos: { file, line, column }, message: `YAML: ${(e.message.split('\n')[0] ?? '').split(' at line ')[0]}` };
  });
  const root = toNode(doc.contents as YamlNode | null, file, lc, start, problems);
  return { root, problems };
};

/** The plain value of a node (maps become objects, sequences arrays). */
export const plain = (node: LNode): unknown => {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  const out: Record<string, unknown> = {};
  for (const e of node.entries) out[e.key] = plain(e.value);
  return out;
};

/**
 * Builds a node tree from a plain value (TypeScript scripts), every node at `pos`.
 * Throws an invalid-input error when objects nest deeper than MAX_NESTING (or refer to themselves).
 */
export const fromPlain = (value: unknown, pos: Pos, depth = 0): LNode => {
  if (depth >= MAX_NESTING && value !== null && typeof value === 'object') {
    throw invalidInput(`${pos.file}: expected a script whose objects and arrays nest at most ${MAX_NESTING} levels deep, but it nests deeper (or an object contains itself)`);
  }
  if (Array.isArray(value)) return { kind: 'seq', pos, items: value.map((v) => fromPlain(v, pos, depth + 1)) };
  if (value !== null && typeof value === 'object') {
    return {
      kind: 'map',
      pos,
      entries: Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([key, v]) => ({ key, keyPos: pos, value: fromPlain(v, pos, depth + 1) })),
    };
  }
  const v = value as string | number | boolean | null;
  return { kind: 'scalar', pos, value: v ?? null, quoted: typeof v === 'string' };
};

/** The node at a path below `node` (for pointing zod issues at their source), or the deepest one found. */
export const nodeAt = (node: LNode, path: ReadonlyArray<PropertyKey>): { node: LNode; keyPos?: Pos } => {
  let cur = node;
  let keyPos: Pos | undefined;
  for (const part of path) {
    if (cur.kind === 'map') {
      const e = cur.entries.find((x) => x.key === String(part));
      if (!e) return { node: cur, keyPos };
      cur = e.value;
      keyPos = e.keyPos;
    } else if (cur.kind === 'seq' && typeof part === 'number' && cur.items[part]) {
      cur = cur.items[part] as LNode;
      keyPos = undefined;
    } else return { node: cur, keyPos };
  }
  return { node: cur, keyPos };
};

export const entry = (node: LNode, key: string) => (node.kind === 'map' ? node.entries.find((e) => e.key === key) : undefined);
