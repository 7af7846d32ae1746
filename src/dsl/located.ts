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

/**
 * How many nodes YAML aliases (`*name`) may produce in one file, all uses together: each use
 * copies its anchor's whole value, so ten aliases of ten aliases of … ("billion laughs") would
 * otherwise grow a 1 KB file into billions of nodes. What a file writes out itself is bounded by
 * its length and not counted.
 */
export const MAX_ALIAS_NODES = 100_000;

const nestingMessage = `maps and lists nest more than ${MAX_NESTING} levels deep here; a script may nest them at most ${MAX_NESTING} levels`;

const isBlank = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\r';

/**
 * A cheap look at how deep `text` nests before the `yaml` parser sees it (the parser recurses
 * per level: thousands of `[` exhaust its stack, or take seconds and a gigabyte on the way).
 * Counts flow brackets (`[`, `{`) that open a node, outside quoted strings, comments and block
 * scalars, plus block levels (indentation columns, a `- ` list at its map's column, `- - ` on
 * one line). Returns the 0-based offset where the depth first passes MAX_NESTING, or null.
 * Linear in the text; it may count a level more than the parser at the deepest point,
 * or fewer in odd shapes (those are still caught, positioned, while the tree is converted).
 */
export const tooDeepAt = (text: string): number | null => {
  const stack: Array<{ col: number; seq: boolean }> = [];
  let flow = 0;
  let quote: '"' | "'" | null = null;
  let blockScalarIndent = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    let i = 0;
    let atStart = true;
    let indent = 0;
    while (line[indent] === ' ') indent++;
    const rest = line.slice(indent).trimEnd();
    let skip = false;
    if (quote === null && flow === 0) {
      if (blockScalarIndent >= 0 && (rest === '' || indent > blockScalarIndent)) skip = true;
      else if (rest === '' || rest.startsWith('#')) skip = true;
      else {
        blockScalarIndent = -1;
        if (indent === 0 && (rest.startsWith('---') || rest.startsWith('...'))) stack.length = 0;
        while (stack.length && (stack[stack.length - 1] as { col: number }).col > indent) stack.pop();
        const isSeq = rest[0] === '-' && isBlank(rest[1]);
        const top = stack[stack.length - 1];
        if (top && top.col === indent) {
          if (top.seq && !isSeq) {
            stack.pop();
            if ((stack[stack.length - 1]?.col ?? -1) !== indent && rest[0] !== '[' && rest[0] !== '{') stack.push({ col: indent, seq: false });
          } else if (!top.seq && isSeq) stack.push({ col: indent, seq: true });
        } else if (isSeq || (rest[0] !== '[' && rest[0] !== '{')) stack.push({ col: indent, seq: isSeq });
        i = indent;
        // "- - x", "- key: v", "? key": each marker opens one more level on this line.
        while ((line[i] === '-' || line[i] === '?') && isBlank(line[i + 1])) {
          i++;
          while (line[i] === ' ') i++;
          if (i >= line.length || line[i] === '#') break;
          if (stack.length > MAX_NESTING) return lineStart + indent;
          if ((line[i] === '-' || line[i] === '?') && isBlank(line[i + 1])) stack.push({ col: i, seq: true });
          else if (!'[{"\'|>#&!*'.includes(line[i] as string) && /:(\s|$)/.test(line.slice(i))) stack.push({ col: i, seq: false }); // "- key: value"; not a plain "- text"
          if (stack.length > MAX_NESTING) return lineStart + i;
        }
        if (stack.length > MAX_NESTING) return lineStart + indent;
      }
    }
    for (; !skip && i < line.length; i++) {
      const c = line[i] as string;
      if (quote === '"') {
        if (c === '\\') i++;
        else if (c === '"') quote = null;
        continue;
      }
      if (quote === "'") {
        if (c === "'" && line[i + 1] === "'") i++;
        else if (c === "'") quote = null;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') continue;
      if (c === '#' && (i === 0 || isBlank(line[i - 1]))) break;
      if (atStart && (c === '"' || c === "'")) {
        quote = c;
        atStart = false;
      } else if (c === '[' || c === '{') {
        if (atStart || flow > 0) {
          flow++;
          if (stack.length + flow > MAX_NESTING) return lineStart + i;
        }
        atStart = flow > 0;
      } else if (flow > 0 && (c === ']' || c === '}')) {
        flow--;
        atStart = false;
      } else if ((flow > 0 && (c === ',' || c === ':')) || ((c === '-' || c === '?' || c === ':') && isBlank(line[i + 1]))) {
        atStart = true;
      } else if (atStart && (c === '&' || c === '!')) {
        while (i + 1 < line.length && !isBlank(line[i + 1])) i++;
      } else if (atStart && flow === 0 && (c === '|' || c === '>')) {
        blockScalarIndent = indent;
        break;
      } else atStart = false;
    }
    lineStart = lineEnd + 1;
  }
  return null;
};

type Conversion = {
  file: string;
  lc: LineCounter;
  problems: ParseProblem[];
  /** Anchor name → its node, the latest one written before the place being converted. */
  anchors: Map<string, YamlNode>;
  /** Anchored nodes being expanded now (an alias inside its own anchor would never end). */
  expanding: Set<YamlNode>;
  /** Nodes produced by alias expansion so far (MAX_ALIAS_NODES at most). */
  aliasNodes: number;
  /** Set when the alias budget ran out: the conversion stops. */
  stopped: boolean;
};

const STOP = Symbol('alias expansion stopped');

const toNode = (node: YamlNode | null | undefined, cx: Conversion, fallback: Pos, depth: number, inAlias: boolean): LNode => {
  const posOf = (offset: number | undefined): Pos => {
    if (offset === undefined) return fallback;
    const { line, col } = cx.lc.linePos(offset);
    return { file: cx.file, line, column: col };
  };
  if (!node) return { kind: 'scalar', pos: fallback, value: null, quoted: false };
  const pos = posOf(node.range?.[0]);
  if (inAlias && ++cx.aliasNodes > MAX_ALIAS_NODES) throw STOP;
  if (depth >= MAX_NESTING && (isMap(node) || isSeq(node))) {
    cx.problems.push({ pos, message: nestingMessage });
    return { kind: 'scalar', pos, value: null, quoted: false };
  }
  const anchor = (node as { anchor?: string }).anchor;
  if (anchor && !inAlias) cx.anchors.set(anchor, node);
  if (isAlias(node)) {
    const target = cx.anchors.get(node.source);
    if (!target) return { kind: 'scalar', pos, value: null, quoted: false }; // the parser reports the unknown anchor
    if (cx.expanding.has(target)) {
      cx.problems.push({ pos, message: `the alias *${node.source} is inside the value it names, which would never end` });
      return { kind: 'scalar', pos, value: null, quoted: false };
    }
    cx.expanding.add(target);
    try {
      return toNode(target, cx, pos, depth, true);
    } catch (e) {
      // Reported at the outermost alias: the use written where the file is being read, not one inside an anchor.
      if (e === STOP && !inAlias && !cx.stopped) {
        cx.stopped = true;
        cx.problems.push({
          pos,
          message: `aliases (*name) expand to more than ${MAX_ALIAS_NODES.toLocaleString('en-US')} nodes by this one; a file's aliases may produce at most ${MAX_ALIAS_NODES.toLocaleString('en-US')}`,
        });
      }
      throw e;
    } finally {
      cx.expanding.delete(target);
    }
  }
  if (isMap(node)) {
    const entries: Array<{ key: string; keyPos: Pos; value: LNode }> = [];
    for (const pair of node.items) {
      let keyNode = pair.key as YamlNode | null;
      const keyPos = posOf(keyNode?.range?.[0]);
      if (isAlias(keyNode)) keyNode = cx.anchors.get(keyNode.source) ?? keyNode;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode ?? '');
      entries.push({ key, keyPos, value: toNode(pair.value as YamlNode | null, cx, keyPos, depth + 1, inAlias) });
    }
    return { kind: 'map', pos, entries };
  }
  if (isSeq(node)) {
    return { kind: 'seq', pos, items: node.items.map((item) => toNode(item as YamlNode, cx, pos, depth + 1, inAlias)) };
  }
  if (isScalar(node)) {
    const v = node.value;
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
    return { kind: 'scalar', pos, value, quoted: node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' };
  }
  return { kind: 'scalar', pos, value: null, quoted: false };
};

/**
 * Parses YAML or JSON text. Syntax errors come back as problems; the tree is what could be read.
 *
 * Text nested more than MAX_NESTING levels is refused before the parser sees it: one problem
 * where the depth passes the limit, and an empty tree. An alias (`*name`) becomes a copy of its
 * anchor's value; the copy's nodes keep the anchor's positions (an error in the value points
 * where it is written; the diagnostic's path names the use). Past MAX_ALIAS_NODES copied
 * nodes, one problem at the alias that crossed it, and an empty tree. `refused` says the tree
 * is empty for one of these two reasons (there is nothing more to check in it).
 */
export const parseSource = (file: string, text: string): { root: LNode; problems: ParseProblem[]; refused: boolean } => {
  const start: Pos = { file, line: 1, column: 1 };
  const empty: LNode = { kind: 'scalar', pos: start, value: null, quoted: false };
  const deep = tooDeepAt(text);
  if (deep !== null) {
    let line = 1;
    let lastNewline = -1;
    for (let i = text.indexOf('\n'); i >= 0 && i < deep; i = text.indexOf('\n', i + 1)) [line, lastNewline] = [line + 1, i];
    const col = deep - lastNewline;
    return { root: empty, problems: [{ pos: { file, line, column: col }, message: nestingMessage }], refused: true };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  const problems: ParseProblem[] = [...doc.errors, ...doc.warnings].map((e) => {
    const [line, column] = e.linePos?.[0] ? [e.linePos[0].line, e.linePos[0].col] : [1, 1];
    return { pos: { file, line, column }, message: `YAML: ${(e.message.split('\n')[0] ?? '').split(' at line ')[0]}` };
  });
  const cx: Conversion = { file, lc, problems, anchors: new Map(), expanding: new Set(), aliasNodes: 0, stopped: false };
  try {
    return { root: toNode(doc.contents as YamlNode | null, cx, start, 0, false), problems, refused: false };
  } catch (e) {
    if (e === STOP) return { root: empty, problems, refused: true };
    throw e;
  }
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
 * Where the parts of a TypeScript script's exported value are written (found in its source by
 * the CLI, src/cli/ts-locations.ts): a value's position, its key's (for a property), and its
 * parts' by key (an array's items by index, as "0", "1", …). A part not listed is placed where
 * its nearest listed ancestor is.
 */
export type SourceLocations = { pos: Pos; keyPos?: Pos; children?: Record<string, SourceLocations> };

/** The most nodes a TypeScript script's value may hold (shared objects count at every place they appear). */
export const MAX_PLAIN_NODES = 200_000;

/**
 * Builds a node tree from a plain value (TypeScript scripts), every node at `pos`, or, with
 * `locations`, where its source writes it (a part the locations do not list: where its nearest
 * listed ancestor is).
 * Throws an invalid-input error when objects nest deeper than MAX_NESTING (or refer to
 * themselves), or when the tree would hold more than MAX_PLAIN_NODES nodes (an object reached
 * through many shared references is copied at each: `a = { steps: Array(10).fill(b) }` eight
 * levels down is 10^8 nodes from a few lines).
 */
export const fromPlain = (value: unknown, pos: Pos, depth = 0, budget = { left: MAX_PLAIN_NODES }, locations?: SourceLocations): LNode => {
  const at = `${pos.file}:${pos.line}:${pos.column}`;
  if (--budget.left < 0) {
    throw invalidInput(
      `${at}: expected a script of at most ${MAX_PLAIN_NODES.toLocaleString('en-US')} values (objects, arrays, strings, numbers), but it holds more (an object used in many places counts in each)`,
    );
  }
  if (depth >= MAX_NESTING && value !== null && typeof value === 'object') {
    throw invalidInput(
      `${at}: expected a script whose objects and arrays nest at most ${MAX_NESTING} levels deep, but it nests deeper (or an object contains itself)`,
    );
  }
  const child = (key: string) => locations?.children?.[key];
  if (Array.isArray(value))
    return { kind: 'seq', pos, items: value.map((v, i) => fromPlain(v, child(String(i))?.pos ?? pos, depth + 1, budget, child(String(i)))) };
  if (value !== null && typeof value === 'object') {
    return {
      kind: 'map',
      pos,
      entries: Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([key, v]) => {
          const at = child(key);
          return { key, keyPos: at?.keyPos ?? at?.pos ?? pos, value: fromPlain(v, at?.pos ?? pos, depth + 1, budget, at) };
        }),
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
