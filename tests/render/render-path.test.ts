/**
 * render.ts's split, the pure parts: which path a render takes (render-path.ts) and the input
 * props the composition gets (prepare-render.ts renderInputProps). The renders themselves:
 * render.test.ts, hostile-capture-dir.test.ts and the other *-render tests.
 */
import { describe, expect, it } from 'vitest';
import { renderInputProps } from '../../src/render/prepare-render';
import { chooseRenderPath } from '../../src/render/render-path';

describe('chooseRenderPath', () => {
  it.each([
    [{ still: true }, { path: 'still' }],
    [{ still: true, renderer: 'composite', avatarProvider: 'video' }, { path: 'still' }],
    [{ still: false }, { path: 'composite' }],
    [{ still: false, avatarProvider: 'builtin' }, { path: 'composite' }],
    [{ still: false, renderer: 'browser' }, { path: 'browser' }],
    [
      { still: false, avatarProvider: 'video' },
      { path: 'browser', notice: 'the avatar is a video clip: rendering in the browser' },
    ],
    // Asked for: the composite path, even with an avatar clip (no notice: the user chose).
    [{ still: false, renderer: 'composite', avatarProvider: 'video' }, { path: 'composite' }],
    [{ still: false, renderer: 'browser', avatarProvider: 'video' }, { path: 'browser' }],
  ] as const)('%j → %j', (opts, expected) => {
    expect(chooseRenderPath(opts)).toEqual(expected);
  });
});

describe('renderInputProps', () => {
  const prepared = { style: {}, background: null, title: undefined, stills: null, clock: { offsetMs: 0 } } as unknown as Parameters<typeof renderInputProps>[0];

  it('a capture dir on disk: served at its URL, the recording clock passed on', () => {
    expect(renderInputProps(prepared, { props: { brand: 'b' } }, null, 'http://127.0.0.1:3000/')).toEqual({
      brand: 'b',
      capture: 'http://127.0.0.1:3000/',
      recordingClock: { offsetMs: 0 },
    });
  });

  it('a public capture: named by its folder under public/', () => {
    expect(renderInputProps(prepared, { publicCapture: 'samples/ink-deploy' }, null, null)).toEqual({
      capture: 'samples/ink-deploy',
      recordingClock: { offsetMs: 0 },
    });
  });

  it("the script's title names the video and drops the sample's subtitle and brand", () => {
    expect(renderInputProps({ ...prepared, title: 'Deploy' }, {}, null, null)).toMatchObject({ title: 'Deploy', subtitle: '', brand: '' });
  });

  it("the capture dir's background picture becomes a URL on its server, or a path under public/", () => {
    const withBg = { ...prepared, style: { background: { src: 'background/bg.png', blur: 4 } }, background: 'background/bg.png' };
    expect(renderInputProps(withBg, {}, null, 'http://127.0.0.1:3000//').style).toEqual({
      background: { src: 'http://127.0.0.1:3000/background/bg.png', blur: 4 },
    });
    expect(renderInputProps(withBg, { publicCapture: 'samples/x' }, null, null).style).toEqual({ background: { src: 'samples/x/background/bg.png', blur: 4 } });
    // The props' own picture (not the capture dir's) is left as it is.
    const theirs = { ...withBg, style: { background: { src: 'https://example.com/a.png' } } };
    expect(renderInputProps(theirs, {}, null, 'http://h/').style).toEqual({ background: { src: 'https://example.com/a.png' } });
  });

  it('the prepared avatar goes into the style; measured stills are passed on', () => {
    const out = renderInputProps({ ...prepared, stills: [{ fromMs: 0, toMs: 1500 }] }, {}, { provider: 'builtin', sprites: 'avatar/s.png' }, null);
    expect(out.style).toEqual({ avatar: { provider: 'builtin', sprites: 'avatar/s.png' } });
    expect(out.stills).toEqual([{ fromMs: 0, toMs: 1500 }]);
  });
});
