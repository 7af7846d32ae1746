import { describe, expect, it } from 'vitest';
import { withScriptTitle } from '../../src/render/render';

describe("the script's title names the video", () => {
  it.each([
    { name: 'no title in the capture: props as given', props: { brand: 'x' }, title: undefined, want: { brand: 'x' } },
    { name: 'no props: the script\'s title, and no sample subtitle', props: undefined, title: 'Add Ink to Claude Code', want: { title: 'Add Ink to Claude Code', subtitle: '' } },
    { name: 'a subtitle given: kept', props: { subtitle: 'In 30 seconds' }, title: 'Add Ink', want: { title: 'Add Ink', subtitle: 'In 30 seconds' } },
    { name: 'a title given in the props wins', props: { title: 'Custom' }, title: 'Add Ink', want: { title: 'Custom' } },
  ])('$name', ({ props, title, want }) => expect(withScriptTitle(props, title)).toEqual(want));
});
