/**
 * The secret values screenplay knows of, and the one scrubber every message goes through before
 * it is printed. Secrets are: the API keys and passwords it reads from the environment
 * (SECRET_ENV_NAMES), the values registered at run time (a script's `type: {…, secret: true}`
 * texts, the variable `capture.obs.passwordEnv` names), and whatever a caller passes.
 */
import type { Plan } from './dsl';

/** The character a secret's every printable character becomes in the terminal (capture/secret-masker.ts). */
export const MASK_CHAR = '•';
/** Secrets shorter than this are not looked for in output (they would mask ordinary text). */
export const MIN_SECRET_LENGTH = 3;

/** Environment variables whose values are secrets (the services screenplay talks to, and the agents it films). */
export const SECRET_ENV_NAMES = [
  'ELEVENLABS_API_KEY',
  'HEYGEN_API_KEY',
  'SCREENPLAY_OBS_PASSWORD',
  'OBS_WEBSOCKET_PASSWORD',
  'ANTHROPIC_API_KEY',
  'OPENAI_API_KEY',
] as const;

/**
 * Other environment variables whose names say they hold a secret (GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY,
 * DATABASE_PASSWORD, STRIPE_API_KEY…): their values are secrets too when 8 characters or longer
 * (shorter ones, such as "true" or "1", are settings, not keys).
 */
export const SECRET_ENV_PATTERN = /(?:^|_)(?:API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)(?:$|_)/i;
/** The shortest value of a SECRET_ENV_PATTERN variable taken for a secret. */
const PATTERN_SECRET_MIN = 8;

/** What a secret becomes in a message: always 8 dots, so not even its length shows. */
export const SECRET_MASK = MASK_CHAR.repeat(8);

const registered = new Set<string>();

/** Adds a secret for `scrub` and the terminal to mask from now on (values under 3 characters are ignored). */
export const registerSecret = (value: string | undefined): void => {
  if (value && value.length >= MIN_SECRET_LENGTH) registered.add(value);
};

/** The texts a plan types with `secret: true`. */
export const planSecrets = (plan: Pick<Plan, 'steps'>): string[] =>
  plan.steps.flatMap((s) => (s.action === 'type' && s.args.secret === true && typeof s.args.text === 'string' ? [s.args.text] : []));

/** Every secret known now: those registered, the values of SECRET_ENV_NAMES in `env`, and those of variables SECRET_ENV_PATTERN names. */
export const knownSecrets = (env: NodeJS.ProcessEnv = process.env): string[] => {
  const all = new Set(registered);
  for (const name of SECRET_ENV_NAMES) {
    const v = env[name];
    if (v && v.length >= MIN_SECRET_LENGTH) all.add(v);
  }
  for (const [name, v] of Object.entries(env)) if (v && v.length >= PATTERN_SECRET_MIN && SECRET_ENV_PATTERN.test(name)) all.add(v);
  return [...all];
};

const base64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/**
 * `text` with every occurrence of each secret replaced by SECRET_MASK (pure). Also the forms a
 * server or library may quote a secret in: URL-encoded, JSON-escaped, base64 (with or without
 * padding). Longer secrets first, so one inside another leaves no part of the longer visible.
 */
export const scrubText = (text: string, secrets: readonly string[]): string => {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(base64(s));
    forms.add(base64(s).replace(/=+$/, ''));
  }
  let out = text;
  for (const f of [...forms].sort((a, b) => b.length - a.length)) if (f.length >= MIN_SECRET_LENGTH) out = out.split(f).join(SECRET_MASK);
  return out;
};

/** `text` with every known secret (knownSecrets) masked: use it on anything printed or thrown to the user. */
export const scrub = (text: string): string => scrubText(text, knownSecrets());
