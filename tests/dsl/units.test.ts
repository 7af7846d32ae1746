import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/dsl';
import { didYouMean } from '../../src/dsl/did-you-mean';
import { checkKeyChord, checkTypableText } from '../../src/dsl/keys';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['1.5s', 1500],
    ['1m', 60_000],
    ['.5s', 500],
    [' 3s ', 3000],
    ['0s', 0],
    ['1440m', 86_400_000],
    ['86400s', 86_400_000],
  ])('%s → %i ms', (text, ms) => expect(parseDuration(text)).toEqual({ ok: true, ms }));

  it.each([
    [2, /bare number 2 \(did you mean "2s"\?\)/],
    [500, /bare number 500 \(did you mean "500ms"\?\)/],
    ['2', /but got "2"/],
    ['2 seconds', /but got "2 seconds"/],
    ['-1s', /but got "-1s"/],
    ['1h', /but got "1h"/],
    [null, /but got nothing/],
    [true, /but got a boolean$/],
    // YAML's .nan / .inf / -.inf arrive as numbers that are not finite.
    [Number.NaN, /^must be a duration with a unit, like "2s" or "500ms", but got \.nan \(not a number\)$/],
    [Number.POSITIVE_INFINITY, /^must be a duration with a unit, like "2s" or "500ms", but got \.inf \(infinity\)$/],
    [Number.NEGATIVE_INFINITY, /but got -\.inf \(infinity\)$/],
    [undefined, /but got none \(it is missing\)$/],
    [[1], /but got a list$/],
    [{ s: 1 }, /but got a map$/],
    // Past 24 hours: Node's timers end after 1 ms when asked for more than 2^31-1 ms.
    ['1441m', /^must be at most 24 hours \("1440m"\), but got "1441m" \(24\.0 hours\)$/],
    ['40000m', /but got "40000m" \(666\.7 hours\)$/],
    ['2147483648ms', /must be at most 24 hours/],
    [`${'9'.repeat(310)}s`, /^must be at most 24 hours \("1440m"\), but got "9{40}…"$/],
    [1e308, /^must be a duration with a unit, like "2s" or "500ms", but got the bare number 1e\+308$/],
  ])('%j is refused', (value, message) => {
    const r = parseDuration(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('key chords', () => {
  it.each(['Enter', 'a', 'Z', '$', 'Ctrl+Shift+P', 'cmd+k', 'Alt+F4', 'Ctrl+L', 'Shift+Tab', 'PageDown', ' ', 'é', 'Ctrl+ö', 'ß', '🚀'])('%j is a key', (k) => {
    expect(checkKeyChord(k)).toBeNull();
  });
  it.each([
    ['Entr', /did you mean "Enter"/],
    ['Ctrl+', /like "Ctrl\+Shift\+P"/],
    ['Contrl+C', /"Contrl" is not a modifier.*did you mean "Ctrl"/],
    ['F13', /not a key/],
    ['ab', /not a key/],
    ['Ctrl+\u0007', /not a key/],
    ['\u0000', /not a key/],
    ['Ctrl+é1', /not a key/],
  ])('%j is refused', (k, message) => expect(checkKeyChord(k)).toMatch(message));
});

describe('typable text', () => {
  it.each(['echo café', 'naïve Ærø ß', 'Привет', '东京', 'שלום', '🚀✅', '👩‍💻 e\u0301', 'yz@#[]{}|~<>/', 'line one\nline two\tend', '\u00a0nbsp', ''])(
    '%j is typed',
    (t) => expect(checkTypableText(t)).toBeNull(),
  );
  it.each([
    ['a\u0007b', '\n\t', /^character 2 is U\+0007, a control character, which no keyboard types: only \\n \(Enter\) and \\t \(Tab\)/],
    ['ab\r\n', '\n\t', /^character 3 is U\+000D, a control character.*write \\n for Enter/],
    ['\u001b[1m', '\n\t', /^character 1 is U\+001B/],
    ['x\u007f', '\n\t', /^character 2 is U\+007F, a control character/],
    ['x\u0085', '\n\t', /^character 2 is U\+0085, a control character/],
    ['🚀\ud800', '\n\t', /^character 2 is U\+D800, half of a surrogate pair/],
    ['\udc00', '\n\t', /^character 1 is U\+DC00, half of a surrogate pair/],
    ['a\uffff', '\n\t', /^character 2 is U\+FFFF, a Unicode noncharacter/],
    ['a\u{1fffe}', '\n\t', /^character 2 is U\+1FFFE, a Unicode noncharacter/],
    ['ls\nrm', '\t', /^character 3 is U\+000A, a control character.*a command is one line/],
  ])('%j is refused', (t, allow, message) => expect(checkTypableText(t, allow)).toMatch(message));
});

describe('didYouMean', () => {
  it.each([
    ['pres', ['press', 'click'], ' (did you mean "press"?)'],
    ['clik', ['press', 'click'], ' (did you mean "click"?)'],
    ['zzzzzz', ['press', 'click'], ''],
    ['WAIT', ['wait'], ' (did you mean "wait"?)'],
  ])('%s', (name, known, want) => expect(didYouMean(name, known)).toBe(want));
});
