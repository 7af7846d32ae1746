/** The message scrubber: every known secret, in every form a server may quote it in, becomes dots. */
import { describe, expect, it } from 'vitest';
import { knownSecrets, planSecrets, registerSecret, scrubText, SECRET_ENV_NAMES, SECRET_MASK } from '../src/secrets';

const KEY = 'sk_live_0123456789abcdef';
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('scrubText', () => {
  it.each([
    { name: 'quoted by an error body', text: `Invalid API key '${KEY}'`, want: `Invalid API key '${SECRET_MASK}'` },
    { name: 'twice', text: `${KEY} and ${KEY}`, want: `${SECRET_MASK} and ${SECRET_MASK}` },
    { name: 'URL-encoded', secrets: ['p@ss/w rd'], text: 'GET /x?key=p%40ss%2Fw%20rd', want: `GET /x?key=${SECRET_MASK}` },
    { name: 'JSON-escaped', secrets: ['a"b\\c'], text: '{"key":"a\\"b\\\\c"}', want: `{"key":"${SECRET_MASK}"}` },
    { name: 'base64 (Basic auth)', text: `Authorization: Basic ${b64(KEY)}`, want: `Authorization: Basic ${SECRET_MASK}` },
    { name: 'base64 without padding', secrets: ['hunter22'], text: `token=${b64('hunter22').replace(/=+$/, '')}.`, want: `token=${SECRET_MASK}.` },
    { name: 'one secret inside another: the longer goes whole', secrets: ['abc', 'xxabcxx'], text: 'xxabcxx abc', want: `${SECRET_MASK} ${SECRET_MASK}` },
    { name: 'too short to look for', secrets: ['ab'], text: 'ab cab', want: 'ab cab' },
    { name: 'no secrets', secrets: [], text: 'plain', want: 'plain' },
  ])('$name', ({ secrets, text, want }) => expect(scrubText(text, secrets ?? [KEY])).toBe(want));
});

describe('known secrets', () => {
  it('are the keys and passwords of the environment, and what was registered', () => {
    const env = Object.fromEntries(SECRET_ENV_NAMES.map((n, i) => [n, `value-${i}-${n}`]));
    registerSecret('registered-secret');
    registerSecret('no');
    const known = knownSecrets({ ...env, OTHER: 'not-a-secret' });
    expect(known).toEqual(expect.arrayContaining(['registered-secret', ...Object.values(env)]));
    expect(known).not.toContain('not-a-secret');
    expect(known).not.toContain('no');
  });

  it.each([
    ['ANTHROPIC_API_KEY', 'sk-ant-api03-abcdef', true],
    ['GITHUB_TOKEN', 'ghp_0123456789abcdef', true],
    ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG', true],
    ['DATABASE_PASSWORD', 'correct-horse-battery', true],
    ['STRIPE_APIKEY', 'sk_live_1234567890', true],
    ['SOME_TOKEN', 'true', false], // too short to be a key: a setting
    ['SSH_AUTH_SOCK', '/tmp/ssh-XXXX/agent.123', false],
    ['TOKENIZER_MODEL', 'bpe-large-v2-model', false], // TOKEN is part of a word, not the name's own part
    ['HOME', '/root/some/long/path', false],
  ])('%s=%s is a secret: %s', (name, value, secret) => {
    expect(knownSecrets({ [name]: value }).includes(value)).toBe(secret);
  });

  it("a plan's secrets are the texts it types with secret: true", () => {
    const step = (args: Record<string, unknown>) => ({ action: 'type', args }) as never;
    expect(
      planSecrets({ steps: [step({ text: 'hunter2', secret: true }), step({ text: 'visible' }), { action: 'press', args: { key: 'Enter' } } as never] }),
    ).toEqual(['hunter2']);
  });
});
