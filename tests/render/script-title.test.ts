import { describe, expect, it } from 'vitest';
import { mergeStyle, withScriptTitle } from '../../src/render/render';

describe("the script's title names the video", () => {
  it.each([
    { name: 'no title in the capture: props as given', props: { brand: 'x' }, title: undefined, want: { brand: 'x' } },
    {
      name: "no props: the script's title, and no sample subtitle or brand",
      props: undefined,
      title: 'Add Ink to Claude Code',
      want: { title: 'Add Ink to Claude Code', subtitle: '', brand: '' },
    },
    {
      name: 'a subtitle given: kept',
      props: { subtitle: 'In 30 seconds' },
      title: 'Add Ink',
      want: { title: 'Add Ink', subtitle: 'In 30 seconds', brand: '' },
    },
    { name: 'a brand given: kept', props: { brand: 'acme' }, title: 'Add Ink', want: { title: 'Add Ink', subtitle: '', brand: 'acme' } },
    { name: 'a title given in the props wins', props: { title: 'Custom' }, title: 'Add Ink', want: { title: 'Custom' } },
  ])('$name', ({ props, title, want }) => expect(withScriptTitle(props, title)).toEqual(want));
});

describe("the script's style under the props' own", () => {
  it.each([
    { name: 'nothing', base: {}, over: {}, want: {} },
    { name: 'the script alone', base: { edit: { idle: { cut: true } } }, over: {}, want: { edit: { idle: { cut: true } } } },
    {
      name: 'maps merge key by key, the props winning',
      base: { edit: { idle: { cut: true, factor: 3 } }, padding: 0.1 },
      over: { edit: { idle: { factor: 8 } } },
      want: { edit: { idle: { cut: true, factor: 8 } }, padding: 0.1 },
    },
    {
      name: 'a value replaces a map and arrays are values',
      base: { background: { type: 'solid', color: '#000' }, x: [1, 2] },
      over: { background: 'none', x: [3] },
      want: { background: 'none', x: [3] },
    },
  ])('$name', ({ base, over, want }) => expect(mergeStyle(base, over)).toEqual(want));
});
