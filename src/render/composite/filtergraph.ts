/**
 * A small typed builder for ffmpeg filtergraphs (pure). Inputs get their index from the builder,
 * streams are handles (a chain takes handles and returns new ones), option values are quoted by
 * kind, and misuse throws: a stream used twice, a stream never used, a stream the graph did not
 * define. No input index or label is written by hand.
 *
 *   const g = new FilterGraph();
 *   const rec = g.input('/c/rec.mp4', ['-ss', '2.5000']);
 *   const out = g.chain(rec, [filter('scale', { w: 1280, h: 720 })], 'v');
 *   const { inputArgs, filterComplex, output } = g.build(out);
 */

/**
 * ffmpeg's filtergraph syntax: a path as an option value, escaped for both levels ffmpeg reads
 * (the option's `\\ ' :`, then the graph's `\\ ' [ ] , ;`), so any file name reads back as given.
 * On Windows backslashes become slashes first (ffmpeg takes either there); elsewhere a backslash
 * is part of the name, escaped like the rest.
 */
export const quotePath = (p: string): string =>
  (process.platform === 'win32' ? p.replace(/\\/g, '/') : p).replace(/[\\':]/g, '\\$&').replace(/[\\'[\],;]/g, '\\$&');

export type PathValue = { readonly kind: 'path'; readonly path: string };
export type ExprValue = { readonly kind: 'expr'; readonly expr: string };
/**
 * An option value: a number, a plain word (no `:,;[]'\` and no spaces; anything else must say
 * what it is), a file path (quoted by quotePath's rules) or an expression (quoted, commas escaped).
 */
export type OptionValue = number | string | PathValue | ExprValue;

/** A file path as an option value. */
export const path = (p: string): PathValue => ({ kind: 'path', path: p });
/** An ffmpeg expression as an option value (`between(t,1,2)`): written quoted, commas escaped. */
export const expr = (e: string): ExprValue => ({ kind: 'expr', expr: e });

/** One filter: its name, an optional instance (`scale@screen`, a sendcmd target), its options. */
export type Filter = {
  readonly name: string;
  readonly instance?: string;
  /** Positional options, written first (`crop=w:h:x:y`). */
  readonly args?: readonly OptionValue[];
  /** Named options, written `key=value` in the record's order. */
  readonly options?: Readonly<Record<string, OptionValue>>;
};

/** A filter from its name (`name` or `name@instance`) and its options (named, or positional as an array). */
export const filter = (nameAt: string, options?: Readonly<Record<string, OptionValue>> | readonly OptionValue[], args?: readonly OptionValue[]): Filter => {
  const [name, instance] = nameAt.split('@') as [string, string | undefined];
  return {
    name,
    ...(instance !== undefined ? { instance } : {}),
    ...(Array.isArray(options) ? { args: options } : { ...(args ? { args } : {}), ...(options ? { options: options as Record<string, OptionValue> } : {}) }),
  };
};

const PLAIN = /^[^:,;[\]'\\\s]+$/;
const WORD = /^[A-Za-z0-9_]+$/;

const formatValue = (v: OptionValue, where: string): string => {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${where} must be a finite number, but got ${v}`);
    return String(v);
  }
  if (typeof v === 'string') {
    if (!PLAIN.test(v)) throw new Error(`${where} must be a plain word, but got ${JSON.stringify(v)}: pass a path with path() or an expression with expr()`);
    return v;
  }
  if (v.kind === 'path') return quotePath(v.path);
  if (v.expr.includes("'")) throw new Error(`${where} must not contain a quote, but got ${JSON.stringify(v.expr)}`);
  return `'${v.expr.replace(/\\/g, '\\\\').replace(/,/g, '\\,')}'`;
};

/** A filter as the graph writes it: `name@instance=arg:arg:key=value`. */
export const formatFilter = (f: Filter): string => {
  const id = f.instance === undefined ? f.name : `${f.name}@${f.instance}`;
  if (!/^[a-z0-9_]+$/.test(f.name)) throw new Error(`filter name must be lowercase letters, digits or _, but got ${JSON.stringify(f.name)}`);
  if (f.instance !== undefined && !WORD.test(f.instance))
    throw new Error(`filter ${f.name}'s instance must be letters, digits or _, but got ${JSON.stringify(f.instance)}`);
  const opts = [
    ...(f.args ?? []).map((v, i) => formatValue(v, `${id} option ${i + 1}`)),
    ...Object.entries(f.options ?? {}).map(([k, v]) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(k)) throw new Error(`${id}'s option name must be lowercase letters, digits or _, but got ${JSON.stringify(k)}`);
      return `${k}=${formatValue(v, `${id} option ${k}`)}`;
    }),
  ];
  return opts.length ? `${id}=${opts.join(':')}` : id;
};

/** A stream of the graph: an input's video or a chain's output. Only the graph that made it can use it. */
export class Stream {
  /** @internal */
  constructor(
    readonly graph: FilterGraph,
    /** The label ffmpeg sees, without brackets: `0:v` for an input, a unique name for a chain's output. */
    readonly label: string,
  ) {}
}

export type GraphInput = { readonly index: number; readonly file: string; readonly args: readonly string[]; readonly stream: Stream };
export type Chain = { readonly from: readonly Stream[]; readonly filters: readonly Filter[]; readonly to: readonly Stream[] };
/** The built graph: the command line's input part, the -filter_complex text, the -map label, and the model it was made from. */
export type BuiltGraph = {
  /** Each input's options then `-i file`, in input order. */
  inputArgs: string[];
  filterComplex: string;
  /** The (first) output's label for -map, with brackets (`[v]`). */
  output: string;
  /** Every output's label, in the order given to build. */
  outputs: string[];
  /** The output stream itself. */
  result: Stream;
  inputs: readonly GraphInput[];
  chains: readonly Chain[];
};

export class FilterGraph {
  private readonly inputs: GraphInput[] = [];
  private readonly chains: Chain[] = [];
  /** Every defined stream, by label, and whether something consumed it. */
  private readonly streams = new Map<string, { stream: Stream; usedBy?: string }>();
  private counter = 0;

  /** Adds an input file (its options go before its `-i`); returns its video stream (`N:v`, N counted here). */
  input(file: string, args: readonly string[] = []): Stream {
    const stream = new Stream(this, `${this.inputs.length}:v`);
    this.inputs.push({ index: this.inputs.length, file, args, stream });
    this.streams.set(stream.label, { stream });
    return stream;
  }

  /** A chain of filters from the given streams to one new stream (labelled `label`, or a generated one). */
  chain(from: Stream | readonly Stream[], filters: readonly Filter[], label?: string): Stream {
    return this.chainTo(from, filters, [label])[0]!;
  }

  /** A chain whose last filter has several outputs (split): returns `labels.length` (or `count`) new streams. */
  chainMany(from: Stream | readonly Stream[], filters: readonly Filter[], labels: number | ReadonlyArray<string | undefined>): Stream[] {
    if (typeof labels === 'number' && (!Number.isInteger(labels) || labels < 1))
      throw new Error(`a chain's output count must be a positive integer, but got ${labels}`);
    return this.chainTo(from, filters, typeof labels === 'number' ? Array.from({ length: labels }, () => undefined) : labels);
  }

  private chainTo(from: Stream | readonly Stream[], filters: readonly Filter[], labels: ReadonlyArray<string | undefined>): Stream[] {
    const sources = Array.isArray(from) ? (from as readonly Stream[]) : [from as Stream];
    if (filters.length === 0) throw new Error('a chain needs at least one filter');
    const text = filters.map(formatFilter).join(',');
    const where = `chain ${this.chains.length} (${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
    for (const s of sources) this.consume(s, where);
    const to = labels.map((l) => {
      if (l !== undefined && !/^[A-Za-z][A-Za-z0-9_]*$/.test(l))
        throw new Error(`a label must be a letter then letters, digits or _, but got ${JSON.stringify(l)}`);
      if (l !== undefined && this.streams.has(l)) throw new Error(`label [${l}] is already defined`);
      let name = l;
      while (name === undefined || this.streams.has(name)) name = `_${this.counter++}`;
      const stream = new Stream(this, name);
      this.streams.set(name, { stream });
      return stream;
    });
    this.chains.push({ from: sources, filters, to });
    return to;
  }

  private consume(s: Stream, where: string): void {
    const entry = s instanceof Stream && s.graph === this ? this.streams.get(s.label) : undefined;
    if (!entry || entry.stream !== s) throw new Error(`${where} uses stream [${(s as { label?: string })?.label}], which this graph has not defined (yet)`);
    if (entry.usedBy) throw new Error(`${where} uses stream [${s.label}], already used by ${entry.usedBy}: split it first`);
    entry.usedBy = where;
  }

  /**
   * The graph with `output` as its result (mapped with -map), or several results (one -map and
   * one output file each); throws if any other stream is left unused.
   */
  build(output: Stream | readonly Stream[]): BuiltGraph {
    const results = Array.isArray(output) ? (output as readonly Stream[]) : [output as Stream];
    if (results.length === 0) throw new Error('a graph needs at least one output');
    for (const o of results) {
      const entry = this.streams.get(o.label);
      if (!entry || entry.stream !== o) throw new Error(`the output [${o.label}] is not a stream of this graph`);
      if (entry.usedBy) throw new Error(`the output [${o.label}] is already used by ${entry.usedBy}`);
      if (this.inputs.some((i) => i.stream === o)) throw new Error(`the output [${o.label}] is an input: add a chain`);
    }
    if (new Set(results).size !== results.length) throw new Error('an output is given twice');
    const unused = [...this.streams.values()].filter((e) => !e.usedBy && !results.includes(e.stream));
    if (unused.length) {
      const name = (s: Stream) => {
        const input = this.inputs.find((i) => i.stream === s);
        return input ? `input ${input.index} (${input.file})` : `stream [${s.label}]`;
      };
      throw new Error(`${unused.map((e) => name(e.stream)).join(', ')} ${unused.length > 1 ? 'are' : 'is'} never used`);
    }
    const brackets = (ss: readonly Stream[]) => ss.map((s) => `[${s.label}]`).join('');
    return {
      inputArgs: this.inputs.flatMap((i) => [...i.args, '-i', i.file]),
      filterComplex: this.chains.map((c) => `${brackets(c.from)}${c.filters.map(formatFilter).join(',')}${brackets(c.to)}`).join(';'),
      output: `[${results[0]!.label}]`,
      outputs: results.map((r) => `[${r.label}]`),
      result: results[0]!,
      inputs: [...this.inputs],
      chains: [...this.chains],
    };
  }
}
