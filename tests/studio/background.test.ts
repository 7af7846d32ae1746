/**
 * An image background that is not there: Studio's preview names it (imageBackgroundProblem, what
 * Background shows over a striped stand-in), while a render refuses the same style in Node before
 * a browser opens (exit 1). Pure: nothing renders.
 */
import { describe, expect, it } from 'vitest';
import { imageBackgroundProblem } from '../../src/compositions/shared/Background';
import { landscapeSchema } from '../../src/compositions/landscape/schema';
import { parseProps, parseStudioProps } from '../../src/compositions/shared/metadata';
import { checkRenderProps } from '../../src/render/render-props';
import { ScreenplayError } from '../../src/errors';

const PUBLIC = [{ name: 'backgrounds/sky.png' }, { name: 'samples/ink-deploy/capture.json' }];

describe("Studio's preview of an image background", () => {
  it.each([
    ['no src yet', undefined, false, /names none yet: a path under public\/ or an http\(s\) URL/],
    ['an empty src', '', false, /names none yet/],
    ['blank', '  ', false, /names none yet/],
    ['a file, before it loads or fails', 'backgrounds/nope.png', false, null],
    ['a file not in public/, failed', 'backgrounds/nope.png', true, /^style\.background\.src: no file public\/backgrounds\/nope\.png$/],
    [
      'a file in public/, failed (not an image)',
      'backgrounds/sky.png',
      true,
      /^style\.background\.src: public\/backgrounds\/sky\.png did not load \(is it an image\?\)$/,
    ],
    ['a file in public/ with a leading slash, failed', '/backgrounds/sky.png', true, /public\/backgrounds\/sky\.png did not load/],
    ['a URL, failed', 'https://example.com/bg.png', true, /^style\.background\.src: https:\/\/example\.com\/bg\.png did not load$/],
    ['a URL, loading', 'https://example.com/bg.png', false, null],
  ] as const)('%s', (_name, src, failed, message) => {
    const got = imageBackgroundProblem(src, PUBLIC, failed);
    if (message === null) expect(got).toBeNull();
    else expect(got).toMatch(message);
  });
});

describe("Studio's calculateMetadata, just after a designer picks an image background", () => {
  const props = (background: unknown, extra: Record<string, unknown> = {}) => ({
    ...landscapeSchema.parse({}),
    ...extra,
    style: { ...landscapeSchema.parse({}).style, background },
  });

  it.each([
    ['no src', { type: 'image' }],
    ['an empty src', { type: 'image', src: '' }],
  ])('%s: the props parse, the background stays an image with no src (Background names it)', (_name, background) => {
    expect(() => parseProps(landscapeSchema, props(background), 'Landscape')).toThrow(/props\.style\.background\.src/);
    const parsed = parseStudioProps(landscapeSchema, props(background), 'Landscape');
    expect(parsed.style.background).toEqual({ type: 'image', src: '' });
    expect(parsed.style.padding).toBe(0.06);
  });

  it('anything else wrong still throws, naming it', () => {
    expect(() => parseStudioProps(landscapeSchema, props({ type: 'image' }, { title: 7 }), 'Landscape')).toThrow(
      /^Invalid props for Landscape: props\.title: /,
    );
  });

  it('a background with its src parses as it is', () => {
    expect(parseStudioProps(landscapeSchema, props({ type: 'image', src: 'bg.png' }), 'Landscape').style.background).toEqual({ type: 'image', src: 'bg.png' });
  });
});

describe('a render with the same style', () => {
  const check = (background: unknown) => () => checkRenderProps('Landscape', '/cap/capture.json', { background }, { style: { background } });

  it.each([
    ['no src', { type: 'image' }, /^\/cap\/capture\.json: style\.background\.src must be string, but got nothing$/],
    ['an empty src', { type: 'image', src: '' }, /^\/cap\/capture\.json: style\.background\.src must not be empty, but got ""$/],
  ])('%s: refused in Node, exit 1, naming the field', (_name, background, message) => {
    let err: unknown;
    try {
      check(background)();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScreenplayError);
    expect((err as ScreenplayError).exitCode).toBe(1);
    expect((err as Error).message).toMatch(message);
  });

  it('a picture that is there passes the check (the refusals above are about the src)', () => {
    expect(check({ type: 'image', src: 'bg.png' })).not.toThrow();
  });
});
