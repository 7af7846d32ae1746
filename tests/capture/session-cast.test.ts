/**
 * Recorded sessions, the pure half: session names, reading an untrusted cast back (every refusal
 * names file:line), writing one, masking secrets typed across input events, pause shortening and
 * the player's plan (turns, terminal replies left out), and the mismatch message.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileScript, type PlanStep } from '../../src/dsl';
import { replayCommand, replaySessionProblem } from '../../src/capture/session-steps';
import {
  isTerminalReply,
  maskInputSecrets,
  MAX_CAST_EVENTS,
  mismatchMessage,
  readSessionCast,
  replayPlan,
  sessionCastText,
  sessionNameProblem,
  shortenPause,
  showTyped,
  type SessionEvent,
} from '../../src/capture/session-cast';

const HEADER = '{"version": 2, "width": 80, "height": 24, "command": "claude"}';

describe('sessionNameProblem', () => {
  it.each([
    ['claude-ink', null],
    ['a.b_c-1', null],
    ['', 'must not be empty'],
    ['../x', 'has a path separator'],
    ['a/b', 'has a path separator'],
    ['a\\b', 'has a path separator'],
    ['..', 'starts with "." or has ".."'],
    ['a..b', 'starts with "." or has ".."'],
    ['.hidden', 'starts with "." or has ".."'],
    ['with space', 'has " "'],
    ['é', 'has "é"'],
    ['x'.repeat(101), 'at most 100 characters'],
  ])('%j → %j', (name, want) => {
    const got = sessionNameProblem(name);
    if (want === null) expect(got).toBeNull();
    else expect(got).toContain(want);
  });

  it('is a DSL error at the name, file:line:col', () => {
    const yaml = 'steps:\n  - open_terminal: {}\n  - record_session: { name: ../secrets, command: claude }\n';
    const r = compileScript({ entry: 'video.yaml', files: { 'video.yaml': yaml } });
    expect(r.plan).toBeNull();
    expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`)).toEqual([
      expect.stringMatching(/^video\.yaml:3:29: .*must be a plain file name .*"\.\.\/secrets" has a path separator/),
    ]);
  });
});

describe('readSessionCast', () => {
  it.each([
    ['an empty file', '', 's.cast: expected an asciicast v2 header line, but the file is empty'],
    ['a line that is not JSON', `${HEADER}\n[0, "o", "a"]\nnope`, 's.cast:3: expected a JSON line, but got "nope"'],
    ['asciicast v1', '{"version": 1, "width": 80, "height": 24}', 's.cast:1: expected an asciicast v2 header'],
    ['no grid', '{"version": 2}', 's.cast:1: expected an asciicast v2 header'],
    ['a huge grid', '{"version": 2, "width": 99999, "height": 24}', 's.cast:1: expected an asciicast v2 header'],
    ['a command that is not text', '{"version": 2, "width": 80, "height": 24, "command": 3}', 's.cast:1: expected "command" to be a string'],
    ['an event that is an object', `${HEADER}\n{"t": 1}`, 's.cast:2: expected an event like [1.25, "o", "text"]'],
    ['an event of two', `${HEADER}\n[1, "o"]`, 's.cast:2: expected an event like'],
    ['a negative time', `${HEADER}\n[-1, "o", "a"]`, "s.cast:2: expected the event's time in seconds (0 or more), but got -1"],
    ['times going back', `${HEADER}\n[2, "o", "a"]\n\n[1, "o", "b"]`, 's.cast:4: expected times in order, but 1 s comes after 2 s'],
  ])('refuses %s, naming the line', (_what, text, want) => {
    expect(() => readSessionCast(text, 's.cast')).toThrow(want);
  });

  it('refuses more events than MAX_CAST_EVENTS', () => {
    const text = `${HEADER}\n${'[0, "o", ""]\n'.repeat(MAX_CAST_EVENTS + 1)}`;
    expect(() => readSessionCast(text, 's.cast')).toThrow(`s.cast:${MAX_CAST_EVENTS + 2}: expected at most ${MAX_CAST_EVENTS} events`);
  });

  it('reads what sessionCastText writes, skipping markers and resizes', () => {
    const events: SessionEvent[] = [
      [0, 'o', '\x1b[1mhi\x1b[0m\r\n'],
      [0.5, 'i', 'x'],
      [0.51, 'o', 'x'],
    ];
    const text = sessionCastText({ header: { version: 2, width: 80, height: 24, command: 'claude' }, events });
    expect(readSessionCast(text, 's.cast')).toEqual({ header: { version: 2, width: 80, height: 24, command: 'claude' }, events });
    const withOthers = `${text}[0.6, "m", "chapter"]\n[0.7, "r", "100x30"]\n[0.8, "o", "y"]\n`;
    expect(readSessionCast(withOthers, 's.cast').events.map((e) => e[2])).toEqual(['\x1b[1mhi\x1b[0m\r\n', 'x', 'x', 'y']);
  });

  it('keeps that the program was still running at the end (a last marker)', () => {
    const cast = { header: { version: 2 as const, width: 80, height: 24 }, events: [[1.5, 'o', 'box'] as SessionEvent], running: true };
    const text = sessionCastText(cast);
    expect(text.trim().split('\n').at(-1)).toBe('[1.5,"m","still running at the end of the capture"]');
    expect(readSessionCast(text, 's.cast')).toEqual(cast);
    expect(readSessionCast(`${text}[2, "o", "more"]\n`, 's.cast').running).toBeUndefined();
  });
});

describe('maskInputSecrets', () => {
  const ev = (kind: 'o' | 'i', data: string): SessionEvent => [0, kind, data];
  it.each([
    ['typed one key per event', [ev('i', 's'), ev('o', 's'), ev('i', 'k'), ev('i', '-'), ev('i', '1'), ev('i', '\r')], ['•', 's', '•', '•', '•', '\r']],
    ['in one event, with text around', [ev('i', 'key=sk-1 ok')], ['key=•••• ok']],
    ['twice', [ev('i', 'sk-1 sk-1')], ['•••• ••••']],
    ['not there', [ev('i', 'sk-2')], ['sk-2']],
    ['only in output (left to the terminal)', [ev('o', 'sk-1')], ['sk-1']],
  ])('%s', (_what, events, want) => {
    expect(maskInputSecrets(events, ['sk-1', 'ab']).map((e) => e[2])).toEqual(want);
  });
});

describe('shortenPause', () => {
  it.each([
    [1000, 1, 2000, 1000],
    [5000, 1, 2000, 2000],
    [5000, 2, 2000, 2000],
    [3000, 2, 2000, 1500],
    [100, 0.5, 2000, 200],
    [-5, 1, 2000, 0],
  ])('a %d ms pause at speed %d, maxPause %d → %d ms', (gap, speed, max, want) => {
    expect(shortenPause(gap, speed, max)).toBe(want);
  });
});

describe('replayPlan', () => {
  it('scales and caps each output pause, waits for inputs, groups them into turns up to Enter', () => {
    const events: SessionEvent[] = [
      [0.5, 'o', 'ask> '],
      [1, 'i', 'h'],
      [1.01, 'o', 'h'],
      [1.2, 'i', 'i'],
      [1.3, 'i', '\x1b[5;1R'], // a cursor position report: the window answers by itself
      [1.4, 'i', '\r'],
      [9.4, 'o', 'answer'],
      [9.5, 'i', '\x1b[I'], // focus in
      [10, 'i', 'q\r'],
    ];
    expect(replayPlan(events, { speed: 2, maxPauseMs: 1000 })).toEqual({
      steps: [
        { kind: 'o', delayMs: 250, data: 'ask> ' },
        { kind: 'i', data: 'h', turn: 0 },
        { kind: 'o', delayMs: 5, data: 'h' },
        { kind: 'i', data: 'i', turn: 0 },
        { kind: 'i', data: '\r', turn: 0 },
        { kind: 'o', delayMs: 1000, data: 'answer' },
        { kind: 'i', data: 'q\r', turn: 1 },
      ],
      turns: ['hi\r', 'q\r'],
      hold: false,
    });
  });

  it.each([
    ['\x1b[12;40R', true],
    ['\x1b[?1;2c', true],
    ['\x1b[>0;276;0c', true],
    ['\x1b[O', true],
    ['\x1b]11;rgb:1e1e/1e1e/2e2e\x07', true],
    ['\x1b[?2004;1$y', true],
    ['\x1b[A', false], // an arrow key
    ['a', false],
    ['', false],
  ])('isTerminalReply(%j) = %j', (data, want) => {
    expect(isTerminalReply(data)).toBe(want);
  });
});

describe('messages', () => {
  it.each([
    ['What can ink do?\r', 'What can ink do?⏎'],
    ['a\tb\x1b\x7f', 'a⇥b⎋\\x7f'],
  ])('showTyped(%j) = %j', (s, want) => {
    expect(showTyped(s)).toBe(want);
  });
  it('names the session, what was recorded and what was typed', () => {
    expect(mismatchMessage('claude-ink', 'What can ink do?\r', 'What can ink di')).toMatch(
      /^replay of claude-ink: expected input "What can ink do\?⏎" but got "What can ink di"/,
    );
  });
});

describe('replaySessionProblem (the precheck)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-precheck-session-'));
  fs.mkdirSync(path.join(root, 'videos', 'sessions'), { recursive: true });
  fs.writeFileSync(path.join(root, 'videos', 'sessions', 'good.cast'), `${HEADER}\n[0.5, "o", "hi"]\n`);
  fs.writeFileSync(path.join(root, 'videos', 'sessions', 'bad.cast'), `${HEADER}\n[0.5, "o"]\n`);
  fs.symlinkSync('/etc/hostname', path.join(root, 'videos', 'sessions', 'outside.cast'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const step = (name: string, stack: PlanStep['stack'] = []): PlanStep => ({
    id: '1',
    action: 'replay_session',
    args: { name },
    source: { file: 'videos/demo.yaml', line: 3, column: 5 },
    stack,
  });
  it.each([
    ['a valid session', step('good'), null],
    [
      'a missing one',
      step('none'),
      'replay_session: expected the file "videos/sessions/none.cast" to exist, but it does not (record it once with record_session',
    ],
    ['an invalid one, naming its line', step('bad'), 'replay_session: videos/sessions/bad.cast:2: expected an event like [1.25, "o", "text"]'],
    ['one that links out of the project', step('outside'), '"videos/sessions/outside.cast" leaves it (through a symbolic link)'],
    [
      'through a primitive: next to the script that uses it',
      {
        ...step('good'),
        source: { file: 'lib/claude.yaml', line: 9, column: 7 },
        stack: [{ primitive: 'p', use: { file: 'videos/demo.yaml', line: 3, column: 5 }, definition: { file: 'lib/claude.yaml', line: 2, column: 3 } }],
      },
      null,
    ],
  ])('%s', (_what, s, want) => {
    const got = replaySessionProblem(root, s);
    if (want === null) expect(got).toBeNull();
    else expect(got).toContain(want);
  });
});

describe('replayCommand (what is typed to start the player)', () => {
  it.each([
    ['the step says', 'claude', 'toy && rm -rf x', 'claude'],
    ['the cast says, plain', undefined, 'claude', 'claude'],
    ['the cast says, with plain arguments', undefined, 'claude --model opus-4 ./app', 'claude --model opus-4 ./app'],
  ])('%s → %s', (_, step, cast, typed) => {
    expect(replayCommand(step, cast, 'sessions/x.cast')).toBe(typed);
  });
  it.each([
    ['&&', 'toy && touch /tmp/pwned'],
    ['||', 'toy || touch /tmp/pwned'],
    ['a pipe', 'toy | sh'],
    ['a semicolon', 'toy; id'],
    ['command substitution', 'toy $(id)'],
    ['backticks', 'toy `id`'],
    ['quotes', "toy 'a b'"],
    ['a redirect', 'toy > /etc/passwd'],
    ['a newline', 'toy\nid'],
    ['two spaces (not one plain line)', 'toy  x'],
  ])('a cast whose command has %s is refused, naming the cast', (_, cast) => {
    expect(() => replayCommand(undefined, cast, 'sessions/x.cast')).toThrow(/sessions\/x\.cast records the command .* not plain words/);
  });
  it('a cast without a command asks for one', () => {
    expect(() => replayCommand(undefined, undefined, 'sessions/x.cast')).toThrow(/does not say which command was recorded/);
  });
});
