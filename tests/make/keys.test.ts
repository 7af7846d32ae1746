/** What make re-uses: the capture key moves with what is performed, not with style; the render key with the capture dir. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileScript } from '../../src/dsl';
import { captureKey, imagesOf, pictureKey, renderKey } from '../../src/make/keys';
import { restyleCapture } from '../../src/make/restyle';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-keys-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, 'button.png'), 'one');

const BASE = `title: T
output: { formats: [landscape] }
style: { background: { color: "#112233" } }
steps:
  - click: button.png
  - type: hello
  - say: Hi there.
`;
const plan = (text: string) => {
  const r = compileScript({ entry: 'main.yaml', files: { 'main.yaml': text }, root: '' });
  if (!r.plan) throw new Error(JSON.stringify(r.errors));
  return r.plan;
};
const key = (text: string) => captureKey(plan(text), dir);

describe('captureKey', () => {
  const base = key(BASE);
  it.each([
    ['a typed text', BASE.replace('hello', 'hullo'), true],
    ['a say line', BASE.replace('Hi there.', 'Hello there.'), true],
    ['the formats (they place the terminal)', BASE.replace('[landscape]', '[landscape, tiktok]'), true],
    ['a step added', `${BASE}  - wait: 1s\n`, true],
    ['the voice', `${BASE}voice: { provider: espeak, voice: en-us }\n`, true],
    ['the style', BASE.replace('#112233', '#445566'), false],
    ['the title', BASE.replace('title: T', 'title: Another title'), false],
    ['a comment on the same line', BASE.replace('type: hello', 'type: hello # greet'), false],
    ['a comment line above the steps (every step moves down)', BASE.replace('steps:', '# the steps\nsteps:'), false],
    ['two steps swapped', BASE.replace('  - type: hello\n  - say: Hi there.\n', '  - say: Hi there.\n  - type: hello\n'), true],
    ['a default written out (type wpm 70)', BASE.replace('type: hello', 'type: { text: hello, wpm: 70 }'), false],
    ['a default written out (say wait true)', BASE.replace('say: Hi there.', 'say: { text: Hi there., wait: true }'), false],
    ['a value other than the default (type wpm 90)', BASE.replace('type: hello', 'type: { text: hello, wpm: 90 }'), true],
    ['music added (it is mixed in after the take)', BASE.replace('[landscape] }', '[landscape], music: { file: bed.mp3 } }'), false],
    ['a preset added whose layout is rendered already', BASE.replace('[landscape] }', '[landscape], presets: [youtube] }'), false],
    ['a preset added with a new layout (tiktok)', BASE.replace('[landscape] }', '[landscape], presets: [tiktok] }'), true],
    ['music with its volume and duck', BASE.replace('[landscape] }', '[landscape], music: { file: other.mp3, volume: 0.2, duck: false } }'), false],
  ])('%s → changed: %s', (_, text, changed) => {
    expect(key(text) !== base).toBe(changed);
  });

  it('a replayed session re-captures when its cast is recorded again, and only then', () => {
    const REPLAY = `${BASE}  - replay_session: { name: demo }\n`;
    fs.mkdirSync(path.join(dir, 'sessions'), { recursive: true });
    const cast = path.join(dir, 'sessions', 'demo.cast');
    fs.writeFileSync(cast, '{"version":2,"width":80,"height":24}\n[0.5,"o","one"]\n');
    const first = key(REPLAY);
    expect(key(REPLAY)).toBe(first);
    fs.writeFileSync(cast, '{"version":2,"width":80,"height":24}\n[0.5,"o","two"]\n');
    expect(key(REPLAY)).not.toBe(first);
    fs.rmSync(cast);
    expect(key(REPLAY)).not.toBe(first);
    // A script without a replay keeps the key it had before sessions existed.
    expect(key(BASE)).toBe(base);
  });

  // Which changes of output.presets move the capture key: only those that change the set of layouts.
  const GIF = BASE.replace('[landscape] }', '[landscape], presets: [{ github-gif: { maxSeconds: 12 } }] }');
  it.each([
    ['an override added (width)', GIF.replace('maxSeconds: 12 }', 'maxSeconds: 12, width: 640 }'), false],
    ['a limit changed (maxSeconds)', GIF.replace('maxSeconds: 12', 'maxSeconds: 14'), false],
    ['a size limit added (maxMB)', GIF.replace('maxSeconds: 12 }', 'maxSeconds: 12, maxMB: 5 }'), false],
    ['the overrides dropped', GIF.replace('{ github-gif: { maxSeconds: 12 } }', 'github-gif'), false],
    ['a 9:16 preset added next to it', GIF.replace('] }', ', tiktok] }'), true],
    [
      'the formats and presets swapped (same layouts)',
      GIF.replace('formats: [landscape], presets: [{ github-gif: { maxSeconds: 12 } }]', 'presets: [youtube]'),
      false,
    ],
  ])('a github-gif preset: %s → changed: %s', (_, text, changed) => {
    expect(key(text) !== key(GIF)).toBe(changed);
  });

  it('changes when a picture a step looks for changes, and not otherwise', () => {
    const before = key(BASE);
    expect(key(BASE)).toBe(before);
    fs.writeFileSync(path.join(dir, 'button.png'), 'two');
    expect(key(BASE)).not.toBe(before);
    fs.rmSync(path.join(dir, 'button.png'));
    expect(key(BASE)).not.toBe(before); // missing is a key too: the take then fails and says why
  });

  it('finds every image a step names, nested targets included', () => {
    const p = plan(
      'steps:\n  - click: { image: a.png, near: { image: b.png } }\n  - wait_for_image: c.png\n  - drag: { from: { image: a.png }, to: { x: 1, y: 2 } }\n',
    );
    expect(imagesOf(p)).toEqual(['a.png', 'b.png', 'c.png']);
  });

  it('a secret typed text is hashed redacted: its value is not in the key input', () => {
    const a = key('steps:\n  - type: { text: hunter2, secret: true }\n');
    const b = key('steps:\n  - type: { text: swordfish, secret: true }\n');
    expect(a).toBe(b);
  });
});

describe('renderKey', () => {
  const cap = path.join(dir, 'cap');
  fs.mkdirSync(path.join(cap, 'narration'), { recursive: true });
  fs.writeFileSync(path.join(cap, 'capture.json'), '{"a":1}');
  fs.writeFileSync(path.join(cap, 'recording.mp4'), 'x');
  const what = { format: 'landscape', renderer: 'composite', version: '1' };
  it.each([
    ['the format', { ...what, format: 'tiktok' }],
    ['the renderer', { ...what, renderer: 'browser' }],
    ['the version', { ...what, version: '2' }],
    ['the scale', { ...what, scale: 0.5 }],
  ])('changes with %s', (_, other) => {
    expect(renderKey(cap, other)).not.toBe(renderKey(cap, what));
  });
  it('changes with capture.json, narration.json and an avatar picture copied in', () => {
    const k0 = renderKey(cap, what);
    fs.writeFileSync(path.join(cap, 'capture.json'), '{"a":2}');
    const k1 = renderKey(cap, what);
    fs.writeFileSync(path.join(cap, 'narration', 'narration.json'), '{}');
    const k2 = renderKey(cap, what);
    fs.mkdirSync(path.join(cap, 'avatar'));
    fs.writeFileSync(path.join(cap, 'avatar', 'me.png'), 'p');
    const k3 = renderKey(cap, what);
    expect(new Set([k0, k1, k2, k3]).size).toBe(4);
    expect(renderKey(cap, what)).toBe(k3);
  });
  it('does not change with the presets capture.json names (they make the preset files, each with its own key)', () => {
    const c = path.join(dir, 'cap-presets');
    fs.mkdirSync(c, { recursive: true });
    const log = (presets: unknown) => JSON.stringify({ events: [{ type: 'step', id: 's1', source: 'main.yaml:3:5' }], presets });
    fs.writeFileSync(path.join(c, 'capture.json'), log([{ 'github-gif': { maxSeconds: 12 } }]));
    const k0 = pictureKey(c, what);
    fs.writeFileSync(path.join(c, 'capture.json'), log([{ 'github-gif': { maxSeconds: 12, width: 640 } }]));
    expect(pictureKey(c, what)).toBe(k0);
    fs.writeFileSync(path.join(c, 'capture.json'), JSON.stringify({ events: [{ type: 'step', id: 's2', source: 'main.yaml:3:5' }], presets: [] }));
    expect(pictureKey(c, what)).not.toBe(k0);
  });
  it("changes with the music: its file's bytes, volume and duck; the picture key does not", () => {
    const bed = path.join(dir, 'bed.mp3');
    fs.writeFileSync(bed, 'one');
    const music = { file: bed, volume: 0.3 };
    const base = renderKey(cap, { ...what, music });
    const keys = [
      renderKey(cap, what),
      renderKey(cap, { ...what, music: { ...music, volume: 0.4 } }),
      renderKey(cap, { ...what, music: { ...music, duck: false } }),
      renderKey(cap, { ...what, music: { ...music, duck: 0.5 } }),
    ];
    fs.writeFileSync(bed, 'two');
    keys.push(renderKey(cap, { ...what, music }));
    expect(new Set([base, ...keys]).size).toBe(6);
    expect(renderKey(cap, { ...what, music })).toBe(keys[4]);
    // The same music at another path is the same sound.
    fs.copyFileSync(bed, path.join(dir, 'bed-copy.mp3'));
    expect(renderKey(cap, { ...what, music: { ...music, file: path.join(dir, 'bed-copy.mp3') } })).toBe(keys[4]);
    expect(pictureKey(cap, what)).toBe(pictureKey(cap, { ...what, music } as typeof what));
    expect(pictureKey(cap, { ...what, scale: 0.5 })).not.toBe(pictureKey(cap, what));
  });
});

describe('a kept capture after a preset override changed', () => {
  it('names the new presets, is not restyled, and its picture key stays', () => {
    const c = path.join(dir, 'cap-restyle');
    fs.mkdirSync(c, { recursive: true });
    const GIF = BASE.replace('[landscape] }', '[landscape], presets: [{ github-gif: { maxSeconds: 12 } }] }');
    const what = { format: 'landscape', renderer: 'composite', version: '1' };
    fs.writeFileSync(path.join(c, 'capture.json'), JSON.stringify({ events: [], presets: [{ 'github-gif': { maxSeconds: 12 } }] }));
    restyleCapture(c, plan(GIF), dir); // the style and title written in first
    const k0 = pictureKey(c, what);
    const restyled = restyleCapture(c, plan(GIF.replace('maxSeconds: 12 }', 'maxSeconds: 12, width: 640 }')), dir);
    expect(restyled).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(c, 'capture.json'), 'utf8')).presets).toEqual([{ 'github-gif': { maxSeconds: 12, width: 640 } }]);
    expect(pictureKey(c, what)).toBe(k0);
  });
});
