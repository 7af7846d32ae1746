/**
 * Recorded sessions (record_session / replay_session), pure: the cast file's shape (asciicast v2
 * with "o" output and "i" input events), reading an untrusted one back with bounds and
 * line-numbered errors, masking secrets in its input, and turning it into the player's plan
 * (pauses scaled by `speed` and shortened to `maxPause`, inputs grouped into the lines typed).
 */
import { MASK_CHAR, MIN_SECRET_LENGTH } from '../secrets';
import { readAsciicast } from './asciicast';

export { sessionNameProblem } from '../dsl/session-name';

/** The folder next to the script where sessions are kept, and their extension. */
export const SESSIONS_DIR = 'sessions';
export const SESSION_EXT = '.cast';
/** A cast file larger than this is refused before it is read (bytes). */
export const MAX_CAST_BYTES = 32 * 1024 * 1024;
/** A cast with more events than this is refused. */
export const MAX_CAST_EVENTS = 200_000;

/** The header of a recorded session: asciicast v2, with the command that was recorded. */
export type SessionHeader = {
  version: 2;
  /** The terminal's grid when it was recorded (columns, rows). */
  width: number;
  height: number;
  /** Unix seconds. */
  timestamp?: number;
  /** The command line typed to start the program (asciicast v2's own field). */
  command?: string;
  title?: string;
  env?: Record<string, string>;
};
/** [seconds from the start, "o" output | "i" input, text]. */
export type SessionEvent = [number, 'o' | 'i', string];
/**
 * A recorded session. `running`: the recording ended with the capture while the program still ran
 * (written as a last "m" marker, RUNNING_MARKER): a replay then holds its last screen instead of
 * ending the program.
 */
export type SessionCast = { header: SessionHeader; events: SessionEvent[]; running?: boolean };
/** The label of the marker that ends a session whose program was still running. */
export const RUNNING_MARKER = 'still running at the end of the capture';

/** The cast file's text: the header line, then one JSON array per event. */
export const sessionCastText = (cast: SessionCast): string => {
  const end = cast.running ? [[cast.events.at(-1)?.[0] ?? 0, 'm', RUNNING_MARKER]] : [];
  return `${[cast.header, ...cast.events, ...end].map((x) => JSON.stringify(x)).join('\n')}\n`;
};

/**
 * Reads a cast file's text (untrusted) back. `file` names it in errors ("sessions/x.cast:3: …").
 * Events of other kinds ("m" markers, "r" resizes) are skipped.
 * @throws Error (one line, `file:line: what was expected, what was found`) on a file too large, a
 *   line that is not JSON, a header that is not asciicast v2 with a positive grid, an event that is
 *   not [seconds ≥ 0, kind, text], times that go back, or more than MAX_CAST_EVENTS events
 */
export const readSessionCast = (text: string, file: string): SessionCast => {
  if (text.length > MAX_CAST_BYTES)
    throw new Error(`${file}: expected a session of at most ${MAX_CAST_BYTES / 1024 / 1024} MiB, but it has ${text.length} characters`);
  const cast = readAsciicast(text, file, { keep: ['o', 'i'], maxEvents: MAX_CAST_EVENTS });
  const h = cast.header;
  if (h.command !== undefined && typeof h.command !== 'string') {
    const line = text.split('\n').findIndex((l) => l.trim() !== '') + 1;
    throw new Error(`${file}:${line}: expected "command" to be a string, but got ${JSON.stringify(h.command)}`);
  }
  const header: SessionHeader = {
    version: 2,
    width: h.width,
    height: h.height,
    ...(typeof h.timestamp === 'number' ? { timestamp: h.timestamp } : {}),
    ...(typeof h.command === 'string' ? { command: h.command } : {}),
    ...(typeof h.title === 'string' ? { title: h.title } : {}),
  };
  const running = cast.lastEvent?.[1] === 'm' && cast.lastEvent[2] === RUNNING_MARKER;
  return { header, events: cast.events as SessionEvent[], ...(running ? { running } : {}) };
};

/**
 * Masks every occurrence of a secret (MIN_SECRET_LENGTH characters or more) in the input events,
 * also when it was typed across several of them (one key per event, as it is typed): each of its
 * characters becomes "•" where it was. Output events are left as they are (the terminal masked
 * them already). Pure: returns new events.
 */
export const maskInputSecrets = (events: readonly SessionEvent[], secrets: readonly string[]): SessionEvent[] => {
  const out = events.map((e) => [...e] as SessionEvent);
  const inputs = out.flatMap((e, i) => (e[1] === 'i' ? [i] : []));
  // The input stream as one string, each character knowing its event and place there.
  const chars: Array<{ event: number; at: number }> = [];
  let stream = '';
  for (const i of inputs) {
    const data = (out[i] as SessionEvent)[2];
    for (let k = 0; k < data.length; k++) chars.push({ event: i, at: k });
    stream += data;
  }
  const hide = new Array<boolean>(stream.length).fill(false);
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    for (let from = stream.indexOf(s); from >= 0; from = stream.indexOf(s, from + 1)) hide.fill(true, from, from + s.length);
  }
  const byEvent = new Map<number, string[]>();
  chars.forEach((c, k) => {
    if (!hide[k]) return;
    const e = out[c.event] as SessionEvent;
    const parts = byEvent.get(c.event) ?? [...e[2]].flatMap((ch) => (ch.length === 2 ? [ch, ''] : [ch]));
    parts[c.at] = parts[c.at] === '' ? '' : MASK_CHAR;
    byEvent.set(c.event, parts);
  });
  for (const [i, parts] of byEvent) (out[i] as SessionEvent)[2] = parts.join('');
  return out;
};

/**
 * What a terminal answers by itself, without a key pressed (a cursor position report, device
 * attributes, focus in/out, a colour query's answer, a mode report): the window answers again when
 * the replayed program's output asks, so these are not waited for as typed input.
 */
// eslint-disable-next-line no-control-regex
export const TERMINAL_REPLY = /\x1b\[\d+;\d+R|\x1b\[[?>=][\d;]*c|\x1b\[[IO]|\x1b\]\d+;[^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[\??[\d;]*\$y|\x1bP[^\x1b]*\x1b\\/g;

/** True when `data` is nothing but terminal replies (TERMINAL_REPLY). */
export const isTerminalReply = (data: string): boolean => data !== '' && data.replace(TERMINAL_REPLY, '') === '';

/**
 * A pause of `gapMs` in the recording as the replay waits it: divided by `speed`, then at most
 * `maxPauseMs`. Negative gaps are 0.
 */
export const shortenPause = (gapMs: number, speed: number, maxPauseMs: number): number => Math.min(Math.max(0, gapMs) / speed, maxPauseMs);

/** One step of the player: print `data` after `delayMs`, or wait for `data` to be typed (line number `turn`). */
export type PlayerStep = { kind: 'o'; delayMs: number; data: string } | { kind: 'i'; data: string; turn: number };
/**
 * What the player (session-player.cjs) plays: its steps, each input turn's whole text (for
 * messages), and whether it holds the last screen at the end (the program was still running when
 * it was recorded) rather than exiting.
 */
export type PlayerPlan = { steps: PlayerStep[]; turns: string[]; hold: boolean };

/**
 * The player's plan for a recorded session: each output after the recorded pause since the event
 * before it (shortenPause), each input waited for as typed. Inputs that are terminal replies are
 * left out (the window answers the replayed output itself). A turn is the input typed up to and
 * including an Enter ("\r") or the last input.
 */
export const replayPlan = (events: readonly SessionEvent[], opts: { speed: number; maxPauseMs: number; hold?: boolean }): PlayerPlan => {
  const steps: PlayerStep[] = [];
  const turns: string[] = [];
  let open = false;
  let prev = 0;
  for (const [t, kind, data] of events) {
    const gapMs = (t - prev) * 1000;
    prev = t;
    if (kind === 'o') {
      steps.push({ kind: 'o', delayMs: Math.round(shortenPause(gapMs, opts.speed, opts.maxPauseMs) * 10) / 10, data });
      continue;
    }
    if (isTerminalReply(data)) continue;
    const typed = data.replace(TERMINAL_REPLY, '');
    if (!open) turns.push('');
    turns[turns.length - 1] += typed;
    steps.push({ kind: 'i', data: typed, turn: turns.length - 1 });
    open = !typed.includes('\r');
  }
  return { steps, turns, hold: opts.hold ?? false };
};

/** Typed text as a message shows it: Enter as "⏎", Tab "⇥", Escape "⎋", other control characters as \xNN. */
export const showTyped = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\x00-\x1f\x7f]/g, (c) =>
    c === '\r' || c === '\n' ? '⏎' : c === '\t' ? '⇥' : c === '\x1b' ? '⎋' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );

/** The message for typed input that is not what the session recorded. */
export const mismatchMessage = (name: string, expected: string, got: string): string =>
  `replay of ${name}: expected input "${showTyped(expected)}" but got "${showTyped(got)}" (type and press steps after replay_session must type what was typed when it was recorded)`;
