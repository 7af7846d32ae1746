/**
 * A local stand-in for ElevenLabs on 127.0.0.1 that speaks the real wire format, for driving
 * the real SDK: GET /v1/voices, and POST /v1/text-to-speech/{voice_id}/with-timestamps answering
 * `audio_base64` (a real MP3: espeak-ng through ffmpeg), `alignment` and
 * `normalized_alignment` (characters with start and end seconds, spread over the audio). It
 * counts requests, checks the API key (a wrong one is quoted back in the error), and can be told
 * to fail with ElevenLabs' error bodies. Pronunciation dictionaries: POST
 * /v1/pronunciation-dictionaries/add-from-rules (snake_case rules in, { id, name, created_by,
 * creation_time_unix, version_id, version_rules_num } out), and a text-to-speech request whose
 * `pronunciation_dictionary_locators` name one has its alias rules applied before it is spoken
 * (the written text's alignment then carries no times of its own; the normalised one, of the
 * text as spoken, does).
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';

export const RACHEL_ID = '21m00Tcm4TlvDq8ikWAM';
export const FAKE_KEY = 'sk_test_local_only';

export type FakeFailure = { status: number; body: unknown; delayMs?: number };
export type TtsRequest = { voiceId: string; body: Record<string, unknown>; apiKey: string | undefined };
export type DictionaryRequest = { body: Record<string, unknown>; apiKey: string | undefined };
type Rule = { string_to_replace: string; type: string; alias?: string; case_sensitive?: boolean; word_boundaries?: boolean };
/** A dictionary's alias rules applied as the service does: whole words, case-sensitive where the rule says. */
const applyRules = (text: string, rules: Rule[]) =>
  rules.reduce((t, r) => {
    if (r.type !== 'alias' || r.alias === undefined) return t;
    const esc = r.string_to_replace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(
      r.word_boundaries === false ? esc : `(?<![\\p{L}\\p{N}])${esc}(?![\\p{L}\\p{N}]|\\.[\\p{L}\\p{N}])`,
      r.case_sensitive === false ? 'giu' : 'gu',
    );
    return t.replace(re, r.alias);
  }, text);

/** ElevenLabs' own error bodies for each failure the client must explain. */
export const FAILURES = {
  invalidKey: { status: 401, body: { detail: { status: 'invalid_api_key', message: 'Invalid API key' } } },
  quota: { status: 401, body: { detail: { status: 'quota_exceeded', message: 'This request exceeds your quota of 10000. You have 12 credits remaining.' } } },
  concurrent: { status: 429, body: { detail: { status: 'too_many_concurrent_requests', message: 'Too many concurrent requests.' } } },
  rateLimit: { status: 429, body: { detail: { status: 'rate_limit_exceeded', message: 'Rate limit exceeded.' } } },
  unprocessable: { status: 422, body: { detail: [{ loc: ['body', 'text'], msg: 'text contains no speakable characters', type: 'value_error' }] } },
} satisfies Record<string, FakeFailure>;

const mp3For = (text: string): { mp3: Buffer; seconds: number } => {
  const wav = spawnSync('espeak-ng', ['-v', 'en-us', '--stdout', text], { maxBuffer: 1 << 26 }).stdout;
  const mp3 = spawnSync('ffmpeg', ['-v', 'error', '-f', 'wav', '-i', 'pipe:0', '-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3', 'pipe:1'], {
    input: wav,
    maxBuffer: 1 << 26,
  }).stdout;
  // The speech's length from the WAV (espeak-ng streams it: 22050 Hz, 16-bit mono after a 44-byte header).
  return { mp3, seconds: (wav.length - 44) / (22050 * 2) };
};

/** Characters spread evenly over [0.05 s, seconds − 0.1 s]: a word's span is its characters'. */
const align = (text: string, seconds: number) => {
  const chars = [...text];
  const t0 = 0.05;
  const step = Math.max(0.001, (seconds - 0.15) / Math.max(1, chars.length));
  return {
    characters: chars,
    character_start_times_seconds: chars.map((_, i) => Number((t0 + i * step).toFixed(3))),
    character_end_times_seconds: chars.map((_, i) => Number((t0 + (i + 1) * step).toFixed(3))),
  };
};

/**
 * Alignments that go wrong the way the real service's sometimes do:
 * - stuck: after the first few words the times stop advancing (the reported case: 12 of 16
 *   words inside 54 ms, captions blank for the rest of the speech);
 * - backwards: a stretch of characters timed before the ones before it;
 * - beyond: times stretched past the audio's end;
 * - early: times squeezed into the first 40 % of the speech (drift: the voice goes on untimed).
 */
export type Degradation = 'stuck' | 'backwards' | 'beyond' | 'early';
type Alignment = { characters: string[]; character_start_times_seconds: number[]; character_end_times_seconds: number[] };
const degrade = (a: Alignment, how: Degradation): Alignment => {
  const s = [...a.character_start_times_seconds];
  const e = [...a.character_end_times_seconds];
  const n = s.length;
  if (how === 'stuck') {
    // From the 5th word on, every character inside 54 ms.
    const from = a.characters.reduce((at, ch, i) => (at.count < 4 ? { count: at.count + (ch === ' ' ? 1 : 0), i: i + 1 } : at), { count: 0, i: 0 }).i;
    const t0 = s[from] ?? 0;
    for (let i = from; i < n; i++) {
      s[i] = Number((t0 + (0.054 * (i - from)) / Math.max(1, n - from)).toFixed(4));
      e[i] = Number((t0 + (0.054 * (i - from + 1)) / Math.max(1, n - from)).toFixed(4));
    }
  } else if (how === 'backwards') {
    const mid = Math.floor(n / 2);
    for (let i = mid; i < n; i++) {
      s[i] = Math.max(0, s[i]! - 1.2);
      e[i] = Math.max(0, e[i]! - 1.2);
    }
  } else {
    const k = how === 'beyond' ? 1.6 : 0.4;
    for (let i = 0; i < n; i++) {
      s[i] = Number((s[i]! * k).toFixed(3));
      e[i] = Number((e[i]! * k).toFixed(3));
    }
  }
  return { characters: a.characters, character_start_times_seconds: s, character_end_times_seconds: e };
};

/** What ElevenLabs' normaliser would say for the few cases the tests use. */
export const normalise = (text: string) => text.replace(/\$(\d+)/g, (_, n: string) => `${n === '5' ? 'five' : n} dollars`);

/** What the service answers a wrong key with: the key quoted back (as some APIs do). */
const wrongKey = (apiKey: string | undefined) => ({ detail: { status: 'invalid_api_key', message: `Invalid API key '${apiKey ?? ''}'` } });

export const startFakeElevenLabs = async () => {
  const tts: TtsRequest[] = [];
  /** What each text-to-speech request was answered with (the text spoken and its alignments). */
  const answers: Array<{ spoken: string; alignment: Alignment; normalized_alignment: Alignment }> = [];
  const dictionaryRequests: DictionaryRequest[] = [];
  const dictionaries = new Map<string, { versionId: string; rules: Rule[] }>();
  let failDictionaryNext: FakeFailure[] = [];
  let voiceLookups = 0;
  let failNext: FakeFailure[] = [];
  let degradeNext: Degradation[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        // One request per connection: the synthesis blocks this (the test's own) event loop for
        // seconds on a loaded machine, and a pooled keep-alive socket the server closes
        // meanwhile fails the client's next request ("fetch failed").
        res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify(body));
      };
      const apiKey = req.headers['xi-api-key'] as string | undefined;
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET' && url.pathname === '/v1/voices') {
        voiceLookups++;
        if (apiKey !== FAKE_KEY) return send(401, wrongKey(apiKey));
        return send(200, {
          voices: [
            { voice_id: RACHEL_ID, name: 'Rachel', category: 'premade' },
            { voice_id: 'AZnzlk1XvdvUeBnXmlld', name: 'Domi', category: 'premade' },
          ],
        });
      }
      if (req.method === 'POST' && url.pathname === '/v1/pronunciation-dictionaries/add-from-rules') {
        const body = JSON.parse(raw || '{}') as Record<string, unknown>;
        dictionaryRequests.push({ body, apiKey });
        const failure = failDictionaryNext.shift();
        if (failure) return send(failure.status, failure.body);
        if (apiKey !== FAKE_KEY) return send(401, wrongKey(apiKey));
        const rules = body.rules as Rule[] | undefined;
        if (!Array.isArray(rules) || !rules.length || typeof body.name !== 'string')
          return send(422, { detail: [{ loc: ['body', 'rules'], msg: 'Field required', type: 'missing' }] });
        const n = dictionaries.size + 1;
        const id = `dict${String(n).padStart(16, '0')}`;
        const versionId = `ver${String(n).padStart(17, '0')}`;
        dictionaries.set(id, { versionId, rules });
        return send(200, {
          id,
          name: body.name,
          created_by: 'user_local',
          creation_time_unix: 1767225600,
          version_id: versionId,
          version_rules_num: rules.length,
        });
      }
      const m = /^\/v1\/text-to-speech\/([^/]+)\/with-timestamps$/.exec(url.pathname);
      if (req.method === 'POST' && m) {
        const body = JSON.parse(raw || '{}') as Record<string, unknown>;
        tts.push({ voiceId: decodeURIComponent(m[1]!), body, apiKey });
        const failure = failNext.shift();
        if (failure) {
          setTimeout(() => send(failure.status, failure.body), failure.delayMs ?? 0);
          return;
        }
        if (apiKey !== FAKE_KEY) return send(401, wrongKey(apiKey));
        const text = String(body.text ?? '');
        const locators = (body.pronunciation_dictionary_locators ?? []) as Array<{ pronunciation_dictionary_id?: string; version_id?: string }>;
        let said = text;
        for (const l of locators) {
          const d = dictionaries.get(l.pronunciation_dictionary_id ?? '');
          if (!d || (l.version_id !== undefined && l.version_id !== d.versionId))
            return send(404, { detail: { status: 'pronunciation_dictionary_not_found', message: `no dictionary ${l.pronunciation_dictionary_id}` } });
          said = applyRules(said, d.rules);
        }
        const spoken = normalise(said);
        const { mp3, seconds } = mp3For(spoken);
        // The original text's alignment; where it was normalised, its characters get no time of
        // their own (as the real service does), and the normalised alignment carries the times.
        const original = align(text, seconds);
        if (spoken !== text) {
          original.character_start_times_seconds = original.character_start_times_seconds.map(() => 0);
          original.character_end_times_seconds = original.character_end_times_seconds.map(() => 0);
        }
        const how = degradeNext.shift();
        const normalized = align(spoken, seconds);
        answers.push({ spoken, alignment: original, normalized_alignment: normalized });
        if (how) return send(200, { audio_base64: mp3.toString('base64'), alignment: degrade(original, how), normalized_alignment: degrade(normalized, how) });
        return send(200, { audio_base64: mp3.toString('base64'), alignment: original, normalized_alignment: normalized });
      }
      send(404, { detail: { status: 'not_found', message: `no route ${req.method} ${url.pathname}` } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    tts,
    answers,
    dictionaryRequests,
    voiceLookups: () => voiceLookups,
    /** The next dictionary requests fail with these, in order. */
    failDictionaryWith: (...f: FakeFailure[]) => {
      failDictionaryNext = f;
    },
    /** The next requests fail with these, in order. */
    failWith: (...f: FakeFailure[]) => {
      failNext = f;
    },
    /** The next answers carry alignments gone wrong these ways, in order. */
    degradeWith: (...d: Degradation[]) => {
      degradeNext = d;
    },
    reset: () => {
      tts.length = 0;
      answers.length = 0;
      dictionaryRequests.length = 0;
      failDictionaryNext = [];
      voiceLookups = 0;
      failNext = [];
      degradeNext = [];
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
};
