/**
 * Test-only: an ffmpeg -filter_complex text read the way ffmpeg reads it (graph level, then
 * option level, each with av_get_token's quotes and backslashes), into its filters in order,
 * each with its options' values as the filter sees them and what feeds each of its inputs: an
 * input stream (`0:v`) or another filter's output (`#3.1`: filter 3, pad 1). Labels and chain
 * boundaries are gone, and so are `null` filters (they pass their input on), so two graphs that
 * differ only in those read the same.
 */

/** av_get_token: up to an unquoted, unescaped terminator; quotes and backslashes removed. */
const token = (s: string, i: number, terms: string): [string, number] => {
  let out = '';
  while (i < s.length && !terms.includes(s[i]!)) {
    const c = s[i++]!;
    if (c === '\\' && i < s.length) out += s[i++];
    else if (c === "'") {
      while (i < s.length && s[i] !== "'") out += s[i++];
      if (i < s.length) i++;
    } else out += c;
  }
  return [out, i];
};

export type ParsedFilter = { filter: string; options: Array<[string | null, string]>; inputs: string[] };
export type ParsedGraph = { filters: ParsedFilter[]; output: string };

const options = (text: string): Array<[string | null, string]> => {
  const out: Array<[string | null, string]> = [];
  let i = 0;
  while (i < text.length) {
    const key = /^([A-Za-z0-9_-]+)=/.exec(text.slice(i));
    if (key) i += key[0].length;
    const [v, next] = token(text, i, ':');
    out.push([key ? key[1]! : null, v]);
    i = next + 1;
  }
  return out;
};

/** Reads a graph; `map` is the -map label (`[v]`). Throws on a label used twice or never defined. */
export const parseFilterGraph = (graph: string, map: string): ParsedGraph => {
  type Node = { filter: string; options: Array<[string | null, string]>; from: string[]; to: string[] };
  const nodes: Node[] = [];
  const labels = (i: number): [string[], number] => {
    const ls: string[] = [];
    while (graph[i] === '[') {
      const end = graph.indexOf(']', i);
      ls.push(graph.slice(i + 1, end));
      i = end + 1;
    }
    return [ls, i];
  };
  let i = 0;
  while (i < graph.length) {
    const [ins, a] = labels(i);
    i = a;
    let prev: string | null = null;
    for (;;) {
      const [name, b] = token(graph, i, '=,;[');
      i = b;
      let opts = '';
      if (graph[i] === '=') [opts, i] = token(graph, i + 1, '[],;');
      const node: Node = { filter: name.trim(), options: options(opts), from: prev === null ? ins : [prev], to: [] };
      nodes.push(node);
      const [outs, c] = labels(i);
      i = c;
      if (graph[i] === ',') {
        if (outs.length) throw new Error(`labels inside a chain are not read: ${outs.join(',')}`);
        prev = `@${nodes.length - 1}.0`;
        i++;
        continue;
      }
      node.to = outs;
      if (graph[i] === ';') i++;
      break;
    }
  }
  // Labels to the pads that make them.
  const made = new Map<string, string>();
  nodes.forEach((n, k) =>
    n.to.forEach((l, pad) => {
      if (made.has(l)) throw new Error(`label [${l}] made twice`);
      made.set(l, `@${k}.${pad}`);
    }),
  );
  const used = new Set<string>();
  const ref = (r: string): string => {
    if (r.startsWith('@')) return r;
    if (/^\d+:v$/.test(r)) return r;
    if (used.has(r)) throw new Error(`label [${r}] used twice`);
    used.add(r);
    const m = made.get(r);
    if (!m) throw new Error(`label [${r}] never made`);
    return m;
  };
  const resolved = nodes.map((n) => ({ ...n, from: n.from.map(ref) }));
  const out = ref(map.slice(1, -1));
  // null filters pass their input on; the rest are numbered in order.
  const alias = (r: string): string => {
    const m = /^@(\d+)\.0$/.exec(r);
    const n = m ? resolved[Number(m[1])]! : null;
    return n && n.filter === 'null' ? alias(n.from[0]!) : r;
  };
  const kept = resolved.map((n, k) => [n, k] as const).filter(([n]) => n.filter !== 'null');
  const index = new Map(kept.map(([, k], j) => [k, j]));
  const rename = (r: string): string => {
    const a = alias(r);
    const m = /^@(\d+)\.(\d+)$/.exec(a);
    return m ? `#${index.get(Number(m[1]))}.${m[2]}` : a;
  };
  return { filters: kept.map(([n]) => ({ filter: n.filter, options: n.options, inputs: n.from.map(rename) })), output: rename(out) };
};
