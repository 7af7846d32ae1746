/** The render cache (src/render/render-cache.ts): keys, the capture URL token, atomic entries, pruning. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LAYER_SEQUENCE } from '../../src/compositions/shared/layers';
import type { LayerFiles } from '../../src/render/composite/render-composite';
import { CAPTURE_URL_TOKEN, captureFingerprint, layersKey, MAX_ENTRIES, metadataKey, renderCacheEntry } from '../../src/render/render-cache';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-cache-test-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const captureDir = () => {
  const dir = path.join(tmp, 'cap');
  fs.mkdirSync(path.join(dir, 'narration'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'capture.json'), '{"a":1}');
  fs.writeFileSync(path.join(dir, 'recording.mp4'), 'video');
  fs.writeFileSync(path.join(dir, 'narration', 'narration.json'), '[]');
  return dir;
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const text = (f: string) => fs.readFileSync(f).subarray(8, -12).toString();

const layerFiles = (dir: string, fill: string): LayerFiles => {
  fs.mkdirSync(dir, { recursive: true });
  return Object.fromEntries(
    LAYER_SEQUENCE.map((l) => {
      const f = path.join(dir, `${l}.png`);
      // A PNG's signature, the layer's text, an IEND chunk: what the cache checks of a PNG.
      fs.writeFileSync(f, Buffer.concat([PNG_SIGNATURE, Buffer.from(`${fill}:${l}`), IEND]));
      return [l, f];
    }),
  ) as LayerFiles;
};

describe('captureFingerprint', () => {
  it.each([
    ['a changed file (size)', (d: string) => fs.writeFileSync(path.join(d, 'capture.json'), '{"a":12}')],
    ['a changed file (same size, new mtime)', (d: string) => fs.utimesSync(path.join(d, 'capture.json'), new Date(1e12), new Date(1e12))],
    ['a new file', (d: string) => fs.writeFileSync(path.join(d, 'narration', 'line-1.wav'), 'x')],
    ['a removed file', (d: string) => fs.rmSync(path.join(d, 'recording.mp4'))],
    ['a renamed file', (d: string) => fs.renameSync(path.join(d, 'capture.json'), path.join(d, 'capture2.json'))],
  ])('changes with %s', (_, change) => {
    const dir = captureDir();
    const before = captureFingerprint(dir);
    expect(captureFingerprint(dir)).toBe(before);
    change(dir);
    expect(captureFingerprint(dir)).not.toBe(before);
  });
});

describe('keys', () => {
  const base = { code: 'c', composition: 'Landscape', inputProps: { title: 'x', capture: CAPTURE_URL_TOKEN }, capture: 'f' };
  it.each([
    ['the code', { code: 'd' }],
    ['the composition', { composition: 'Square' }],
    ['a prop', { inputProps: { title: 'y', capture: CAPTURE_URL_TOKEN } }],
    ['the capture', { capture: 'g' }],
  ])('metadataKey changes with %s', (_, change) => {
    expect(metadataKey({ ...base, ...change })).not.toBe(metadataKey(base));
  });
  it('layersKey changes with the metadata and the layer props', () => {
    expect(layersKey('a', { sprites: 1 })).toBe(layersKey('a', { sprites: 1 }));
    expect(layersKey('a', { sprites: 1 })).not.toBe(layersKey('b', { sprites: 1 }));
    expect(layersKey('a', { sprites: 1 })).not.toBe(layersKey('a', { sprites: 2 }));
  });
});

describe('renderCacheEntry', () => {
  const composition = (url: string) =>
    ({
      id: 'Landscape',
      width: 480,
      height: 270,
      fps: 30,
      durationInFrames: 90,
      props: { capture: url, style: { background: { src: `${url}/bg.png` } } },
    }) as never;

  it('keeps a composition with the token where the capture URL was, and puts back the next render URL', () => {
    const e = renderCacheEntry('k1', tmp);
    expect(e.composition(null)).toBeNull();
    e.saveComposition(composition('http://127.0.0.1:41234'), 'http://127.0.0.1:41234');
    const text = fs.readFileSync(path.join(tmp, 'k1', 'meta', 'composition.json'), 'utf8');
    expect(text).not.toContain('41234');
    expect(e.composition(null)).toMatchObject({ props: { capture: CAPTURE_URL_TOKEN } });
    expect(e.composition('http://127.0.0.1:50000')).toMatchObject({
      props: { capture: 'http://127.0.0.1:50000', style: { background: { src: 'http://127.0.0.1:50000/bg.png' } } },
    });
  });

  it('finds layers drawn with another render URL (keyed with the token)', () => {
    const e = renderCacheEntry('k2', tmp);
    const drawn = layerFiles(path.join(tmp, 'drawn'), 'one');
    const props = (url: string) => ({ capture: url, sprites: { a: 1 } });
    expect(e.layers(props('http://127.0.0.1:1111'), 'http://127.0.0.1:1111')).toBeNull();
    const saved = e.saveLayers(props('http://127.0.0.1:1111'), 'http://127.0.0.1:1111', drawn);
    expect(saved.under).not.toBe(drawn.under);
    expect(text(saved.under)).toBe('one:under');
    // The next render: the cached metadata holds the token; or a fresh one with its own URL.
    expect(e.layers(props(CAPTURE_URL_TOKEN), null)).toEqual(saved);
    expect(e.layers(props('http://127.0.0.1:2222'), 'http://127.0.0.1:2222')).toEqual(saved);
    expect(e.layers({ capture: CAPTURE_URL_TOKEN, sprites: { a: 2 } }, null)).toBeNull();
  });

  it('never uses a half-written entry', () => {
    const e = renderCacheEntry('k3', tmp);
    e.saveComposition(composition('u'), null);
    fs.rmSync(path.join(tmp, 'k3', 'meta', 'complete'));
    expect(e.composition(null)).toBeNull();
    const saved = e.saveLayers({ s: 1 }, null, layerFiles(path.join(tmp, 'drawn'), 'x'));
    fs.rmSync(path.join(path.dirname(saved.under), 'complete'));
    expect(e.layers({ s: 1 }, null)).toBeNull();
    // A corrupt composition file is a miss, not an error.
    const f = renderCacheEntry('k4', tmp);
    f.saveComposition(composition('u'), null);
    fs.writeFileSync(path.join(tmp, 'k4', 'meta', 'composition.json'), '{');
    expect(f.composition(null)).toBeNull();
  });

  it.each([
    ['a layer removed', (f: LayerFiles) => fs.rmSync(f['cursor-sheet'])],
    ['a layer cut short', (f: LayerFiles) => fs.truncateSync(f.under, 10)],
    ['a layer emptied', (f: LayerFiles) => fs.writeFileSync(f['stage-mask'], '')],
  ])('a damaged entry (%s) is a miss, and the layers drawn again replace it', (_, damage) => {
    const e = renderCacheEntry('k6', tmp);
    const saved = e.saveLayers({ s: 1 }, null, layerFiles(path.join(tmp, 'drawn1'), 'one'));
    damage(saved);
    expect(e.layers({ s: 1 }, null)).toBeNull();
    const again = e.saveLayers({ s: 1 }, null, layerFiles(path.join(tmp, 'drawn2'), 'two'));
    expect(again).toEqual(saved);
    expect(e.layers({ s: 1 }, null)).toEqual(saved);
    for (const l of LAYER_SEQUENCE) expect(text(again[l])).toBe(`two:${l}`);
    expect(fs.readdirSync(path.join(tmp, 'k6')).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('a composition.json cut short is a miss, and the next one written replaces it', () => {
    const e = renderCacheEntry('k7', tmp);
    e.saveComposition(composition('u'), null);
    fs.truncateSync(path.join(tmp, 'k7', 'meta', 'composition.json'), 20);
    expect(e.composition(null)).toBeNull();
    e.saveComposition(composition('v'), null);
    expect(e.composition(null)).toMatchObject({ props: { capture: 'v' } });
  });

  it('keeps the newest MAX_ENTRIES entries', () => {
    for (let i = 0; i < MAX_ENTRIES + 3; i++) {
      renderCacheEntry(`e${i}`, tmp).saveComposition(composition('u'), null);
      fs.utimesSync(path.join(tmp, `e${i}`), new Date(1e12 + i * 1000), new Date(1e12 + i * 1000));
    }
    renderCacheEntry('last', tmp).saveComposition(composition('u'), null);
    const left = fs.readdirSync(tmp);
    expect(left).toHaveLength(MAX_ENTRIES);
    expect(left).toContain('last');
    expect(left).not.toContain('e0');
  });

  it('an unwritable cache is skipped: the drawn layers are used as they are', () => {
    // A cache dir under a regular file cannot be made, even by root.
    fs.writeFileSync(path.join(tmp, 'a-file'), '');
    const e = renderCacheEntry('k5', path.join(tmp, 'a-file', 'renders'));
    const drawn = layerFiles(path.join(tmp, 'drawn'), 'x');
    expect(e.saveLayers({ s: 1 }, null, drawn)).toEqual(drawn);
    expect(() => e.saveComposition(composition('u'), null)).not.toThrow();
    expect(e.composition(null)).toBeNull();
    expect(e.layers({ s: 1 }, null)).toBeNull();
  });
});
