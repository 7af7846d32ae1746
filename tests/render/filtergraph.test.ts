import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path_ from 'node:path';
import { describe, expect, it } from 'vitest';
import { compositeArgs, compositeGraph, recordingSeekSeconds } from '../../src/render/composite/ffmpeg-args';
import { expr, filter, FilterGraph, formatFilter, path, Stream, type BuiltGraph, type Filter } from '../../src/render/composite/filtergraph';
// Recorded from compositeArgs before the builder; one deliberate change since: captions are burnt in
// after the resize (so libass draws at the output's size), in the three cases with both.
import before from './fixtures/composite-args-before.json';
import { compositeArgsCases } from '../helpers/composite-args-cases';
import { parseFilterGraph } from '../helpers/filtergraph-parse';
import { skipWithout } from '../helpers/requires';

const scale = filter('scale', { w: 2, h: 2 });

describe('FilterGraph', () => {
  it('numbers inputs in the order they are added, with their options before -i', () => {
    const g = new FilterGraph();
    const a = g.input('/a.mp4', ['-ss', '1.0000']);
    const b = g.input('/b.png', ['-framerate', '30']);
    const out = g.chain([a, b], [filter('overlay', { x: 0, y: 0 })], 'v');
    const built = g.build(out);
    expect(built.inputArgs).toEqual(['-ss', '1.0000', '-i', '/a.mp4', '-framerate', '30', '-i', '/b.png']);
    expect(built.filterComplex).toBe('[0:v][1:v]overlay=x=0:y=0[v]');
    expect(built.output).toBe('[v]');
    expect(built.inputs.map((i) => i.stream.label)).toEqual(['0:v', '1:v']);
  });

  it('generates unique labels and links chains through them', () => {
    const g = new FilterGraph();
    const [x, y] = g.chainMany(g.input('/a.mp4'), [filter('split')], 2) as [Stream, Stream];
    const out = g.chain([g.chain(x, [scale]), y], [filter('overlay')]);
    const { filterComplex, chains } = g.build(out);
    const labels = chains.flatMap((c) => c.to.map((s) => s.label));
    expect(new Set(labels).size).toBe(labels.length);
    expect(filterComplex).toBe(`[0:v]split[${x.label}][${y.label}];[${x.label}]scale=w=2:h=2[${labels[2]}];[${labels[2]}][${y.label}]overlay[${out.label}]`);
  });

  it.each<{ name: string; misuse: (g: FilterGraph) => unknown; error: RegExp }>([
    {
      name: 'a stream used twice',
      misuse: (g) => {
        const a = g.input('/a');
        g.chain(a, [scale]);
        g.chain(a, [scale]);
      },
      error: /uses stream \[0:v\], already used by chain 0 \(scale=w=2:h=2\): split it first/,
    },
    {
      name: 'a stream of another graph',
      misuse: (g) => g.chain(new FilterGraph().input('/a'), [scale]),
      error: /uses stream \[0:v\], which this graph has not defined \(yet\)/,
    },
    {
      name: 'a made-up stream (a label not defined yet)',
      misuse: (g) => g.chain(new Stream(g, 'later'), [scale]),
      error: /uses stream \[later\], which this graph has not defined/,
    },
    {
      name: 'a plain object as a stream',
      misuse: (g) => g.chain({ label: '0:v' } as Stream, [scale]),
      error: /uses stream \[0:v\], which this graph has not defined/,
    },
    {
      name: 'an unused input',
      misuse: (g) => {
        g.input('/a');
        g.build(g.chain(g.input('/b'), [scale]));
      },
      error: /^input 0 \(\/a\) is never used$/,
    },
    {
      name: 'an unused chain output',
      misuse: (g) => {
        const [x] = g.chainMany(g.input('/a'), [filter('split')], ['x', 'y']);
        g.build(g.chain(x!, [scale]));
      },
      error: /^stream \[y\] is never used$/,
    },
    {
      name: 'an output already used',
      misuse: (g) => {
        const x = g.chain(g.input('/a'), [scale]);
        g.chain(x, [scale]);
        g.build(x);
      },
      error: /output \[.+\] is already used by chain 1/,
    },
    { name: 'an input as the output', misuse: (g) => g.build(g.input('/a')), error: /output \[0:v\] is an input/ },
    {
      name: 'a label defined twice',
      misuse: (g) => {
        g.chain(g.input('/a'), [scale], 'x');
        g.chain(g.input('/b'), [scale], 'x');
      },
      error: /label \[x\] is already defined/,
    },
    {
      name: 'a label with brackets',
      misuse: (g) => g.chain(g.input('/a'), [scale], 'x]'),
      error: /a label must be a letter then letters, digits or _, but got "x\]"/,
    },
    { name: 'a label like a generated one', misuse: (g) => g.chain(g.input('/a'), [scale], '_0'), error: /a label must be a letter/ },
    { name: 'an empty chain', misuse: (g) => g.chain(g.input('/a'), []), error: /a chain needs at least one filter/ },
    { name: 'no outputs', misuse: (g) => g.chainMany(g.input('/a'), [scale], 0), error: /output count must be a positive integer, but got 0/ },
    {
      name: 'a special character in a plain value',
      misuse: (g) => g.chain(g.input('/a'), [filter('scale', { w: 'a,b' })]),
      error: /scale option w must be a plain word, but got "a,b": pass a path with path\(\) or an expression with expr\(\)/,
    },
    { name: 'a space in a plain value', misuse: (g) => g.chain(g.input('/a'), [filter('drawtext', { text: 'a b' })]), error: /must be a plain word/ },
    {
      name: 'a number that is not finite',
      misuse: (g) => g.chain(g.input('/a'), [filter('crop', [NaN])]),
      error: /crop option 1 must be a finite number, but got NaN/,
    },
    { name: 'a bad filter name', misuse: (g) => g.chain(g.input('/a'), [filter('Scale;x')]), error: /filter name must be lowercase/ },
    { name: 'a bad instance', misuse: (g) => g.chain(g.input('/a'), [filter('scale@a-b')]), error: /filter scale's instance must be letters/ },
    { name: 'a bad option name', misuse: (g) => g.chain(g.input('/a'), [filter('scale', { 'w:h': 1 })]), error: /scale's option name must be lowercase/ },
    { name: 'a quote in an expression', misuse: (g) => g.chain(g.input('/a'), [filter('select', [expr("eq(n,'1')")])]), error: /must not contain a quote/ },
  ])('throws on $name', ({ misuse, error }) => {
    expect(() => misuse(new FilterGraph())).toThrow(error);
  });

  it.each<{ f: Filter; text: string }>([
    { f: filter('split'), text: 'split' },
    { f: filter('split', [3]), text: 'split=3' },
    { f: filter('crop', [10, 20, 0, 4]), text: 'crop=10:20:0:4' },
    { f: filter('scale@screen', { w: 1728, h: 972, flags: 'bicubic' }), text: 'scale@screen=w=1728:h=972:flags=bicubic' },
    { f: filter('scale', { flags: 'bicubic' }, [960, 540]), text: 'scale=960:540:flags=bicubic' },
    { f: filter('pad', { w: 'iw+20', color: 'black' }), text: 'pad=w=iw+20:color=black' },
    { f: filter('overlay', { enable: expr('between(t,1,2)') }), text: "overlay=enable='between(t\\,1\\,2)'" },
    { f: filter('sendcmd', { f: path('/t/a:b\\c.cmd') }), text: 'sendcmd=f=/t/a\\\\:b\\\\\\\\c.cmd' },
    { f: { name: 'colorchannelmixer', instance: 'held0', options: { aa: 0 } }, text: 'colorchannelmixer@held0=aa=0' },
  ])('writes $text', ({ f, text }) => {
    expect(formatFilter(f)).toBe(text);
  });

  it('writes values ffmpeg reads back as given (expressions and paths through both levels of its parsing)', () => {
    const g = new FilterGraph();
    const e = 'if(gte(T,1),2,3)+between(t,0.5,1.5)';
    const file = "/t/it's: a,b;[c].cmd";
    const out = g.chain(g.input('/a'), [filter('sendcmd', { f: path(file) }), filter('setpts', [expr(e)]), filter('format', ['yuv420p'])], 'v');
    const built = g.build(out);
    const read = parseFilterGraph(built.filterComplex, built.output);
    expect(read.filters.map((f) => f.options)).toEqual([[['f', file]], [[null, e]], [[null, 'yuv420p']]]);
  });

  it.skipIf(skipWithout('ffmpeg reading a quoted path', ['ffmpeg']))('writes a path ffmpeg opens, whatever its characters', () => {
    const dir = fs.mkdtempSync(path_.join(os.tmpdir(), "graph it's: a,b;[c] "));
    try {
      const file = path_.join(dir, "cmds it's: a,b;[c]\\d.cmd");
      fs.writeFileSync(file, '0 drawbox@b x 10;\n');
      const g = new FilterGraph();
      const src = g.input('color=c=red:s=64x64:d=0.1', ['-f', 'lavfi']);
      const built = g.build(g.chain(src, [filter('sendcmd', { f: path(file) }), filter('drawbox@b', { x: 0 })], 'v'));
      const run = (graph: string) =>
        spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...built.inputArgs, '-filter_complex', graph, '-map', built.output, '-f', 'null', '-'], {
          encoding: 'utf8',
        });
      expect(run(built.filterComplex).status).toBe(0);
      // And it is that file ffmpeg opened: without it, the same graph fails naming it.
      fs.rmSync(file);
      const failed = run(built.filterComplex);
      expect(failed.status).not.toBe(0);
      expect(failed.stderr).toContain(file);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the equivalence check (tests/helpers/filtergraph-parse.ts)', () => {
  const read = (g: string) => parseFilterGraph(g, '[v]');
  it('ignores labels, chain boundaries, null filters and quoting that ffmpeg reads the same', () => {
    expect(read("[0:v]null,scale=w=2[a];[a][1:v]overlay=enable='between(t\\,1\\,2)'[v]")).toEqual(
      read("[0:v]scale=w=2,null[q];[q][1:v]overlay=enable='between(t,1,2)'[v]"),
    );
  });
  it.each([
    ['the inputs of a filter swapped', '[0:v][1:v]overlay[v]', '[1:v][0:v]overlay[v]'],
    ['an option changed', '[0:v]scale=w=2[v]', '[0:v]scale=w=3[v]'],
    ['two filters swapped', '[0:v]scale=w=2,format=gray[v]', '[0:v]format=gray,scale=w=2[v]'],
    ['an instance dropped', '[0:v]scale@screen=w=2[v]', '[0:v]scale=w=2[v]'],
    ['a split output taken from the other pad', '[0:v]split[a][b];[a]scale[c];[b][c]overlay[v]', '[0:v]split[b][a];[a]scale[c];[b][c]overlay[v]'],
  ])('tells apart %s', (_, a, b) => {
    expect(read(a)).not.toEqual(read(b));
  });
});

const graphOf = (args: string[]) => parseFilterGraph(args[args.indexOf('-filter_complex') + 1]!, args[args.indexOf('-map') + 1]!);
const withoutGraph = (args: string[]) => args.map((a, i) => (args[i - 1] === '-filter_complex' || args[i - 1] === '-map' ? '' : a));

describe('compositeArgs on the builder', () => {
  // A re-timed render from a later frame now seeks into the recording (a chunk of a long take must
  // not decode everything before it): its graph differs from the recorded one by design, and is
  // checked in 'the recording before the camera' and 'seeks the recording' below.
  const unchanged = compositeArgsCases.filter(([name]) => name !== 'time map from frame 40');
  it.each(unchanged)('%s: the same graph as before the builder, modulo labels', (name, opts) => {
    const was = (before as Record<string, string[]>)[name]!;
    const now = compositeArgs(opts);
    expect(withoutGraph(now)).toEqual(withoutGraph(was));
    expect(graphOf(now)).toEqual(graphOf(was));
  });
});

describe('compositeGraph: the structure', () => {
  const cases = Object.fromEntries(compositeArgsCases);
  const id = (f: Filter) => (f.instance ? `${f.name}@${f.instance}` : f.name);
  const producer = (g: BuiltGraph, s: Stream) => g.chains.find((c) => c.to.includes(s));
  /** The inputs (by index) a stream is made from. */
  const sources = (g: BuiltGraph, s: Stream): number[] => {
    const input = g.inputs.find((i) => i.stream === s);
    if (input) return [input.index];
    return [...new Set(producer(g, s)!.from.flatMap((f) => sources(g, f)))].sort((a, b) => a - b);
  };
  /** The filters the recording (input 0) passes through to the output, in order, and what joins it on the way. */
  const spine = (g: BuiltGraph) => {
    const filters: string[] = [];
    const joins: Array<{ at: string; from: number[] }> = [];
    let s = g.result;
    for (let c = producer(g, s); c; c = producer(g, s)) {
      const main = c.from.find((f) => sources(g, f).includes(0))!;
      filters.unshift(...c.filters.map(id));
      for (const other of c.from.filter((f) => f !== main)) joins.unshift({ at: id(c.filters[0]!), from: sources(g, other) });
      s = main;
    }
    return { filters, joins };
  };
  const files = (g: BuiltGraph) => g.inputs.map((i) => i.file);

  it('plain: the recording through the camera, the ripples, the cursor, the mask, into the frame', () => {
    const g = compositeGraph(cases['plain']!);
    expect(files(g)).toEqual(['/c/rec.mp4', '/t/u.png', '/t/m.png', '/t/c.png', '/t/r.png']);
    expect(spine(g)).toEqual({
      filters: ['sendcmd', 'scale@screen', 'crop@screen', 'overlay@ripple0', 'overlay@ripple1', 'overlay@pointer', 'format', 'alphamerge', 'overlay', 'format'],
      joins: [
        { at: 'overlay@ripple0', from: [4] },
        { at: 'overlay@ripple1', from: [4] },
        { at: 'overlay@pointer', from: [3] },
        { at: 'alphamerge', from: [2] },
        { at: 'overlay', from: [1] },
      ],
    });
    // The frame is laid on the under (the under is the overlay's main input).
    const framing = producer(g, g.result)!;
    expect(sources(g, framing.from[0]!)).toEqual([1]);
    // Every still is decoded once and looped on the video's time base.
    for (const i of g.inputs.slice(1)) {
      const c = g.chains.find((ch) => ch.from.includes(i.stream))!;
      expect(c.filters.slice(0, 4).map(id)).toEqual(['format', 'loop', 'settb', 'setpts']);
      expect(c.filters[2]!.args).toEqual(['1/30']);
    }
  });

  it.each<[string, string[]]>([
    ['seek', ['setpts', 'sendcmd']],
    ['odd screen unpadded', ['crop', 'setpts', 'sendcmd']],
    ['time map', ['select', 'setpts', 'fps', 'tpad', 'sendcmd']],
    ['time map from frame 40', ['setpts', 'select', 'setpts', 'fps', 'tpad', 'trim', 'setpts', 'sendcmd']],
    ['identity time map, seek', ['setpts', 'sendcmd']],
    ['blurs', ['split', 'overlay', 'split', 'overlay', 'sendcmd']],
    ['held frames', ['select', 'setpts', 'fps', 'tpad', 'overlay', 'overlay', 'sendcmd']],
    ['held frames and blurs', ['select', 'setpts', 'fps', 'tpad', 'trim', 'setpts', 'overlay', 'overlay', 'split', 'overlay', 'split', 'overlay', 'sendcmd']],
    ['motion blur', ['pad', 'sendcmd', 'scale@screen', 'crop@mbsrc', 'split', 'crop@screen', 'split', 'mix', 'overlay@ripple0']],
  ])('%s: the recording before the camera', (name, want) => {
    const { filters } = spine(compositeGraph(cases[name]!));
    expect(filters.slice(0, want.length)).toEqual(want);
  });

  it('seeks the recording: as recorded, to the first frame; re-timed, a second before its moment, then puts it back on its clock', () => {
    expect(compositeGraph(cases['seek']!).inputs[0]!.args).toEqual(['-ss', '2.5000']);
    expect(compositeGraph(cases['plain']!).inputs[0]!.args).toEqual([]);
    const late = cases['time map from frame 40']!;
    const at = recordingSeekSeconds(late);
    // Frame 40 (1.333 s) is at 1.333 s of this recording (the map's first piece is not sped up).
    expect(at).toBeCloseTo(0.333, 3);
    const g = compositeGraph(late);
    expect(g.inputs[0]!.args).toEqual(['-ss', at.toFixed(4)]);
    const filters = g.chains.find((c) => c.from.includes(g.inputs[0]!.stream))!.filters;
    expect(filters[0]).toEqual(filter('setpts', [expr(`PTS+${at.toFixed(4)}/TB`)]));
    // Cut by time at the first frame's own time (trim rounds to fps's clock).
    expect(filters.find((f) => f.name === 'trim')?.options).toEqual({ start: (40 / 30).toFixed(4) });
    // From frame 0, or a start before the lead second: no seek.
    expect(recordingSeekSeconds({ ...late, startFrame: 0, startSeconds: 0 })).toBe(0);
    expect(recordingSeekSeconds({ ...late, startFrame: 20, startSeconds: 20 / 30 })).toBe(0);
  });

  it('held frames: each over the recording, from its own input, before the blurs', () => {
    const g = compositeGraph(cases['held frames and blurs']!);
    expect(files(g)).toEqual(['/c/rec.mp4', '/t/u.png', '/t/m.png', '/t/c.png', '/t/r.png', '/t/held0.png', '/t/held1.png']);
    const { joins } = spine(g);
    expect(joins.slice(0, 2)).toEqual([
      { at: 'overlay', from: [5] },
      { at: 'overlay', from: [6] },
    ]);
    // A blur joins the recording (with its held frames) with a blurred crop of itself.
    expect(joins[2]).toEqual({ at: 'overlay', from: [0, 5, 6] });
    const crop = g.chains.find((c) => c.filters[1]?.name === 'boxblur')!;
    expect(crop.filters.map(id)).toEqual(['crop', 'boxblur']);
    expect(producer(g, crop.from[0]!)!.filters.map(id)).toEqual(['split']);
  });

  it('motion blur: every moment re-projected from the margin and mixed over the stage', () => {
    const g = compositeGraph(cases['motion blur']!);
    const mix = g.chains.find((c) => c.filters[0]!.name === 'mix')!;
    expect(mix.from).toHaveLength(4);
    expect(mix.filters[0]!.options!['inputs']).toBe(4);
    // Each layer after the first: an overlay of a scaled margin over a copy of the stage.
    mix.from.slice(1).forEach((s, k) => {
      const c = producer(g, s)!;
      expect(c.filters.map(id)).toEqual([`overlay@mb${k + 1}`]);
      expect(producer(g, c.from[1]!)!.filters.map(id)).toEqual([`scale@mb${k + 1}`]);
      expect(producer(g, c.from[0]!)).toBe(producer(g, mix.from[0]!));
    });
  });

  it('avatar: its four layers over the frame, then the resize, then captions at the output size', () => {
    const g = compositeGraph(cases['avatar, subtitles, resize']!);
    expect(files(g)).toEqual(['/c/rec.mp4', '/t/u.png', '/t/m.png', '/t/c.png', '/t/r.png', '/t/a.png']);
    const { filters, joins } = spine(g);
    expect(filters.slice(filters.indexOf('alphamerge'))).toEqual([
      'alphamerge',
      'overlay',
      'overlay@avframe',
      'overlay@avhead',
      'overlay@aveyes',
      'overlay@avmouth',
      'scale',
      'ass',
      'format',
    ]);
    expect(joins.slice(-4)).toEqual(['avframe', 'avhead', 'aveyes', 'avmouth'].map((n) => ({ at: `overlay@${n}`, from: [5] })));
    const last = producer(g, g.result)!.filters;
    expect(last.find((f) => f.name === 'scale')!.args).toEqual([960, 540]);
  });

  it('without ripples there is no ripple input, and the avatar and held frames move up', () => {
    const g = compositeGraph(cases['held frames, no ripples, avatar']!);
    expect(files(g)).toEqual(['/c/rec.mp4', '/t/u.png', '/t/m.png', '/t/c.png', '/t/a.png', '/t/held0.png', '/t/held1.png']);
    expect(spine(g).filters).not.toContain('overlay@ripple0');
  });
});
