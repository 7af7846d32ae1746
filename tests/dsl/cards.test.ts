import { describe, expect, it } from 'vitest';
import { compile, messages } from './helpers';

const script = (step: string) => `title: t\nsteps:\n${step}\n`;

describe('cards in the script', () => {
  it.each([
    { name: 'a title card in short form', step: '  - title_card: Launch day', args: { title: 'Launch day', duration: 2500 } },
    {
      name: 'a title card with a hook',
      step: '  - title_card: { title: Launch, subtitle: today, accent: "#7c5cff", duration: 3s, hook: Watch this, hookDuration: 2s }',
      args: { title: 'Launch', subtitle: 'today', accent: '#7c5cff', duration: 3000, hook: 'Watch this', hookDuration: 2000 },
    },
    {
      name: 'an end card with a URL',
      step: '  - end_card: { cta: Try it, url: "https://ml.ink" }',
      args: { cta: 'Try it', url: 'https://ml.ink', duration: 3000 },
    },
    { name: 'an end card in short form', step: '  - end_card: Try it free', args: { cta: 'Try it free', duration: 3000 } },
    { name: 'a chapter in short form', step: '  - chapter: Setup', args: { title: 'Setup' } },
    { name: 'a chapter in long form', step: '  - chapter: { title: Setup }', args: { title: 'Setup' } },
  ])('$name', ({ step, args }) => {
    const r = compile({ 'main.yaml': script(step) });
    expect(messages(r)).toEqual([]);
    expect(r.plan?.steps[0]?.args).toEqual(args);
  });

  it.each([
    {
      name: 'a colour that is not one',
      step: '  - title_card: { title: x, background: "url(x)" }',
      want: /main\.yaml:3:\d+ .*background.*must be a hex colour.*but got "url\(x\)"/,
    },
    { name: 'an end card without its call to action', step: '  - end_card: { url: "https://ml.ink" }', want: /main\.yaml:3:\d+ .*cta/ },
    { name: 'a QR code without a URL', step: '  - end_card: { cta: Go, qr: true }', want: /main\.yaml:3:\d+ .*qr.*needs a url to encode, but got none/ },
    {
      name: 'a card too short',
      step: '  - title_card: { title: x, duration: 100ms }',
      want: /main\.yaml:3:\d+ .*duration.*must be from 500ms to 30s, but got 100 ms/,
    },
    { name: 'a title too long', step: `  - chapter: ${'x'.repeat(130)}`, want: /main\.yaml:3:\d+ .*title.*at most 120 characters/ },
    { name: 'an unknown key', step: '  - title_card: { title: x, colour: red }', want: /main\.yaml:3:\d+ .*colour/ },
    { name: 'a logo outside the project', step: '  - title_card: { title: x, logo: ../../etc/passwd.png }', want: /main\.yaml:3:\d+ .*logo/ },
  ])('refuses $name, naming file:line:col', ({ step, want }) => {
    const r = compile({ 'main.yaml': script(step) });
    expect(messages(r).join('\n')).toMatch(want);
  });
});
