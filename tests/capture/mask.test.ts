/**
 * The streaming secret masker: whatever the pieces a shell prints a secret in, what comes out
 * (to the window, the screen model and terminal.cast alike) shows dots where the secret was,
 * escape codes where they were, and holds back nothing longer than it must.
 */
import xtermHeadless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { createSecretMasker, maskPrintable } from '../../src/capture/secret-masker';

type Step = string | Uint8Array | { flush: true } | { maskAll: boolean } | { add: string };

/** Feeds the steps in order and returns what came out after each (flushing at the end). */
const feed = (secrets: string[], steps: Step[]): { outs: string[]; all: string } => {
  const m = createSecretMasker(secrets);
  const outs = steps.map((s) => {
    if (typeof s === 'string' || s instanceof Uint8Array) return m.push(s);
    if ('flush' in s) return m.flush();
    if ('add' in s) return (m.addSecret(s.add), '');
    return (m.setMaskAll(s.maskAll), '');
  });
  const all = outs.join('') + m.flush();
  return { outs, all };
};
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('masking what a terminal prints while a secret is typed (everything printable)', () => {
  it.each([
    { name: 'plain echo', input: 'hunter2', want: '•••••••' },
    { name: 'colours and line ends stay, so the screen keeps its layout', input: 'hu\x1b[31mn\x1b[0mter2\r\n', want: '••\x1b[31m•\x1b[0m••••\r\n' },
    { name: 'shell marks stay', input: '\x1b]133;A\x07$ ', want: '\x1b]133;A\x07••' },
    { name: 'multi-byte characters are one dot each', input: 'é✓', want: '••' },
    { name: 'wide characters are two dots (two columns), combining marks none', input: '漢e\u0301', want: '•••' },
    { name: 'backspaces and bells stay', input: 'a\x08b\x07', want: '•\x08•\x07' },
  ])('$name', ({ input, want }) => expect(maskPrintable(input)).toBe(want));
});

describe('streaming secret masker', () => {
  const S = 'hunter2';
  const D = '•••••••';
  it.each<{ name: string; secrets?: string[]; steps: Step[]; want: string; outs?: string[] }>([
    { name: 'the secret in one write', steps: [`echo ${S}\r\n`], want: `echo ${D}\r\n`, outs: [`echo ${D}\r\n`] },
    { name: 'one character per write: nothing shows until it is decided', steps: [...S, '\r\n'], want: `${D}\r\n`, outs: ['', '', '', '', '', '', D, '\r\n'] },
    {
      name: 'two halves with a gap (the held half is not flushed while it can still complete)',
      steps: ['hunt', 'er2\r\n'],
      want: `${D}\r\n`,
      outs: ['', `${D}\r\n`],
    },
    { name: 'a colour code in the middle stays in place', steps: ['hun\x1b[31mter2\x1b[0m'], want: '•••\x1b[31m••••\x1b[0m' },
    { name: 'a cursor move in the middle, across writes', steps: ['hu', 'n\x1b[', '2C', 'ter2'], want: '•••\x1b[2C••••' },
    { name: 'an escape code split across writes is passed whole', steps: ['x\x1b[3', '1my'], want: 'x\x1b[31my', outs: ['x', '\x1b[31my'] },
    { name: 'the secret at a chunk boundary, text around it', steps: ['pass: hunt', 'er2 ok\r\n'], want: `pass: ${D} ok\r\n`, outs: ['pass: ', `${D} ok\r\n`] },
    { name: 'repeated', steps: [`${S}${S} ${S}`], want: `${D}${D} ${D}` },
    { name: 'repeated across writes', steps: [`${S} hun`, 'ter2'], want: `${D} ${D}` },
    { name: 'overlapping occurrences ("abab" in "ababab") are all masked', secrets: ['abab'], steps: ['ababab'], want: '••••••' },
    { name: 'overlapping, one character per write', secrets: ['abab'], steps: [...'xababab', 'y'], want: 'x••••••y' },
    { name: 'a prefix that restarts inside itself ("aab" in "aaab")', secrets: ['aab'], steps: [...'aaab'], want: 'a•••' },
    { name: 'a prefix that never completes is released by the next character', steps: ['hunt', 'ing'], want: 'hunting', outs: ['', 'hunting'] },
    // A flush (SECRET_HOLD_MS without a decision: a program printing the secret in slow pieces)
    // shows a held beginning of a secret of 3 characters or more as dots, a shorter one as it is.
    { name: 'a held prefix of 3+ characters is dots after a flush', steps: ['echo hunt', { flush: true }], want: 'echo ••••', outs: ['echo ', '••••'] },
    { name: 'a held prefix of 2 characters is released as it is', steps: ['echo hu', { flush: true }], want: 'echo hu', outs: ['echo ', 'hu'] },
    { name: 'after a flush, the rest of a secret is still masked', steps: ['hunt', { flush: true }, 'er2!'], want: '•••••••!', outs: ['', '••••', '•••!'] },
    {
      name: 'a secret printed in slow pieces (a flush between each) never shows',
      steps: ['hun', { flush: true }, 'te', { flush: true }, 'r2', { flush: true }, '\n'],
      want: '•••••••\n',
    },
    { name: 'a line break ends a match', steps: ['hunt\r\ner2'], want: 'hunt\r\ner2' },
    {
      name: 'multi-byte UTF-8 split across writes',
      secrets: ['pässwörd'],
      steps: [utf8('x päs').slice(0, 4), utf8('x päs').slice(4), utf8('swörd y').slice(0, 5), utf8('swörd y').slice(5)],
      want: 'x •••••••• y',
    },
    { name: 'a surrogate pair split across string writes (the key emoji is two columns)', secrets: ['k🔑y'], steps: ['k\ud83d', '\udd11y.'], want: '••••.' },
    { name: 'several secrets, one inside another', secrets: ['abc', 'xabcx'], steps: ['1 abc 2 xabcx 3'], want: '1 ••• 2 ••••• 3' },
    { name: 'a secret in a window title is masked in the title', steps: [`\x1b]0;${S}\x07ok`], want: `\x1b]0;${D}\x07ok` },
    { name: 'a secret added later is masked from then on', secrets: [], steps: [S, { add: S }, ` ${S}`], want: `${S} ${D}` },
    {
      name: 'echo while typing is masked at once, never held',
      secrets: [],
      steps: [{ maskAll: true }, 'h', 'u', { maskAll: false }, '\r\n'],
      want: '••\r\n',
      outs: ['', '•', '•', '', '\r\n'],
    },
    { name: 'secrets shorter than 3 characters are not looked for', secrets: ['ab'], steps: ['abc'], want: 'abc' },
  ])('$name', ({ secrets, steps, want, outs }) => {
    const r = feed(secrets ?? [S], steps);
    expect(r.all).toBe(want);
    if (outs) expect(r.outs).toEqual(outs);
  });

  it('holds back at most the longest secret minus one characters', () => {
    const m = createSecretMasker(['abcdef']);
    let shown = '';
    for (const c of 'xxabcdeabcdeab') {
      shown += m.push(c);
      expect(m.held()).toBeLessThanOrEqual(5);
    }
    expect(shown + m.flush()).toBe('xxabcdeabcdeab');
  });

  it('random splits of a session never show the secret, and show the same screen as one write', async () => {
    const secret = 'Zq7xK9pW';
    const session = `$ export TOK=${secret}\r\n$ echo $TOK\r\n${secret}\r\nbash: ${secret}: command not found\r\n\x1b[1mZq7x\x1b[31mK9\x1b[CpW\x1b[0m\r\n$ `;
    const screen = async (text: string) => {
      const t = new xtermHeadless.Terminal({ cols: 60, rows: 10, allowProposedApi: true });
      await new Promise<void>((r) => t.write(text, r));
      const rows = Array.from({ length: 10 }, (_, i) => t.buffer.active.getLine(i)?.translateToString(true) ?? '');
      t.dispose();
      return rows.join('\n');
    };
    const whole = await screen(feed([secret], [session]).all);
    expect(whole).not.toContain('Zq7x');
    expect(whole).toContain('••••••••: command not found');
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 50; n++) {
      const bytes = utf8(session);
      const steps: Step[] = [];
      for (let i = 0; i < bytes.length;) {
        const len = 1 + Math.floor(rand() * 6);
        steps.push(bytes.slice(i, i + len));
        if (rand() < 0.1) steps.push({ flush: true });
        i += len;
      }
      const r = feed([secret], steps);
      // A flush may show a held prefix; never the whole secret, and without flushes the screen is the same.
      expect(r.all).not.toContain(secret);
      const withoutFlush = feed(
        [secret],
        steps.filter((s) => !(typeof s === 'object' && 'flush' in s)),
      );
      expect(await screen(withoutFlush.all)).toBe(whole);
    }
  });
});
