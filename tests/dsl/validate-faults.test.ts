/** The faults a fresh tester found in `screenplay validate` (issue 22): colours, card URLs, music's short form, presets, formats. */
import { describe, expect, it } from 'vitest';
import { colourProblem } from '../../src/dsl/colours';
import { cardUrlProblem } from '../../src/dsl/actions';
import { logoProblem } from '../../src/dsl/logo-check';
import { compile, messages } from './helpers';

const script = (body: string) => `title: t\n${body}`;
const step = (s: string) => script(`steps:\n  - ${s}\n`);

describe('colours: one rule', () => {
  it.each([
    ['#fff', true],
    ['#ffff', true],
    ['#0b1020', true],
    ['#0b1020cc', true],
    ['white', true],
    ['RebeccaPurple', true],
    ['transparent', true],
    ['#12345', false],
    ['#1234567', false],
    ['notacolor', false],
    ['url(x)', false],
    ['', false],
  ])('%s is a colour: %s', (v, ok) => {
    expect(colourProblem(v) === null).toBe(ok);
  });

  it('suggests a near name', () => {
    expect(colourProblem('whte')).toMatch(/but got "whte" \(did you mean "white"\?\)/);
  });
});

describe('end card URLs', () => {
  it.each([
    ['https://ml.ink', null],
    ['http://localhost:3000/x?y=1', null],
    ['javascript:alert(1)', /must be an http\(s\) URL/],
    ['data:text/html,hi', /must be an http\(s\) URL/],
    ['ftp://x', /must be an http\(s\) URL/],
    ['not a url', /must be an http\(s\) URL/],
    ['ml.ink/docs', /write "https:\/\/ml\.ink\/docs"/],
  ])('%s', (v, want) => {
    const m = cardUrlProblem(v);
    if (want === null) expect(m).toBeNull();
    else expect(m).toMatch(want);
  });
});

describe('validate refuses, at the field', () => {
  it.each([
    { name: 'a word that is not a colour', src: step('title_card: { title: x, color: notacolor }'), want: /main\.yaml:3:\d+ .*color.*but got "notacolor"/ },
    { name: 'five hex digits', src: step('end_card: { cta: x, accent: "#12345" }'), want: /main\.yaml:3:\d+ .*accent.*but got "#12345"/ },
    { name: 'a javascript: URL', src: step('end_card: { cta: x, url: "javascript:alert(1)" }'), want: /main\.yaml:3:\d+ .*url.*must be an http\(s\) URL/ },
    {
      name: 'a format named twice',
      src: script('output:\n  formats: [portrait, portrait]\nsteps:\n  - press: Tab\n'),
      want: /main\.yaml:3:\d+ .*output\.formats\[1\].*names the format "portrait" twice/,
    },
    {
      name: 'a misspelt format',
      src: script('output:\n  formats: [portrat]\nsteps:\n  - press: Tab\n'),
      want: /main\.yaml:3:\d+ .*did you mean "portrait"/,
    },
    { name: 'no presets', src: script('output:\n  presets: []\nsteps:\n  - press: Tab\n'), want: /main\.yaml:3:\d+ .*must list at least one preset$/ },
    { name: 'a misspelt preset', src: script('output:\n  presets: [tiktokk]\nsteps:\n  - press: Tab\n'), want: /did you mean "tiktok"\?/ },
    { name: 'a preset in the wrong case', src: script('output:\n  presets: [Tiktok]\nsteps:\n  - press: Tab\n'), want: /did you mean "tiktok"\?/ },
    {
      name: 'maxSeconds under 1 s',
      src: script('output:\n  presets: [{ web: { maxSeconds: 0.5 } }]\nsteps:\n  - press: Tab\n'),
      want: /maxSeconds.*must be at least 1 \(second\), but got 0\.5$/,
    },
    {
      name: 'maxMB too big',
      src: script('output:\n  presets: [{ web: { maxMB: 1e9 } }]\nsteps:\n  - press: Tab\n'),
      want: /maxMB.*must be at most 5120 \(MB\), but got 1000000000$/,
    },
  ])('$name', ({ src, want }) => {
    const r = compile({ 'main.yaml': src });
    const ms = messages(r);
    expect(
      ms.some((m) => want.test(m)),
      ms.join('\n'),
    ).toBe(true);
  });
});

describe('output.music as a plain path', () => {
  it('compiles to { file } when the file is there', () => {
    const r = compile({ 'main.yaml': script('output:\n  music: bed.mp3\nsteps:\n  - press: Tab\n'), 'bed.mp3': 'x' });
    expect(messages(r)).toEqual([]);
    expect((r.plan?.settings.output as { music?: unknown }).music).toEqual({ file: 'bed.mp3' });
  });
});

describe('card settings that would be ignored: warnings, not errors', () => {
  const warnings = (src: string) => {
    const r = compile({ 'main.yaml': src });
    expect(messages(r)).toEqual([]);
    return r.warnings.map((w) => `${w.file}:${w.line} ${w.message}`);
  };
  it.each([
    { name: 'hookDuration without a hook', src: step('title_card: { title: x, hookDuration: 2s }'), want: /main\.yaml:3 .*hookDuration but no hook/ },
    { name: 'a hook with no 9:16 video', src: step('title_card: { title: x, hook: Look }'), want: /main\.yaml:3 .*no 9:16 video/ },
    {
      name: 'a second title card',
      src: script('steps:\n  - title_card: a\n  - press: Tab\n  - title_card: b\n'),
      want: /main\.yaml:5 a second title_card \(the first is at main\.yaml:3\)/,
    },
    { name: 'an end card before other steps', src: script('steps:\n  - end_card: Go\n  - press: Tab\n'), want: /main\.yaml:3 end_card is not the last step/ },
  ])('$name', ({ src, want }) => {
    const ws = warnings(src);
    expect(
      ws.some((w) => want.test(w)),
      ws.join('\n'),
    ).toBe(true);
  });
  it.each([
    { name: 'a hook with the tiktok format', src: script('output:\n  formats: [tiktok]\nsteps:\n  - title_card: { title: x, hook: Look }\n') },
    { name: 'a hook with the shorts preset', src: script('output:\n  presets: [shorts]\nsteps:\n  - title_card: { title: x, hook: Look }\n') },
    { name: 'one title card, a last end card', src: script('steps:\n  - title_card: a\n  - press: Tab\n  - end_card: Go\n') },
  ])('no card warning for $name', ({ src }) => {
    expect(warnings(src).filter((w) => /card|hook/.test(w))).toEqual([]);
  });
});

describe('card logos: what the file really is', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
  const text = new TextEncoder();
  it.each([
    ['a real PNG', 'l.png', 9, png, null],
    ['a JPEG', 'l.jpeg', 4, new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), null],
    ['a GIF', 'l.gif', 6, text.encode('GIF89a'), null],
    ['a WebP', 'l.webp', 12, text.encode('RIFF\0\0\0\0WEBP'), null],
    ['an SVG', 'l.svg', 60, text.encode('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), null],
    ['text named .png', 'l.png', 8, text.encode('not png\n'), /expected a PNG image .*first bytes are not one/],
    ['a PNG named .jpg', 'l.jpg', 9, png, /expected a JPEG image/],
    ['HTML named .svg', 'l.svg', 20, text.encode('<html><body></body>'), /expected a SVG image/],
    ['a .bmp', 'l.bmp', 2, text.encode('BM'), /but got a \.bmp file/],
    ['too big', 'l.png', 3 * 1024 * 1024, png, /at most 2 MB, but it is 3\.0 MB/],
  ])('%s', (_name, file, size, head, want) => {
    const m = logoProblem(file, size, head);
    if (want === null) expect(m).toBeNull();
    else expect(m).toMatch(want);
  });
});
