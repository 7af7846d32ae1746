import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_EVENTS, readCaptureLog, readCaptureLogText } from '../../src/capture-log';

const sampleFile = path.join(__dirname, '..', '..', 'public', 'samples', 'ink-deploy', 'capture.json');
const valid = () => ({
  version: 1,
  recording: 'recording.mp4',
  screen: { width: 1920, height: 1080 },
  fps: 30,
  durationMs: 41230,
  events: [
    { tMs: 0, type: 'cursor', x: 960, y: 540 },
    { tMs: 1210, type: 'click', x: 1500, y: 300, button: 'left' },
    { tMs: 1800, type: 'key', key: 'Enter' },
    { tMs: 2000, type: 'type', text: 'npm run dev', endMs: 2900 },
    { tMs: 3000, type: 'mark', kind: 'speedup', factor: 4, endMs: 9000 },
    { tMs: 3000, type: 'say', id: 'intro', endMs: 6200 },
    { tMs: 3000, type: 'step', id: 's7', action: 'click', endMs: 3400 },
  ],
});

describe('readCaptureLog', () => {
  it('accepts the example from DESIGN.md', () => {
    const r = readCaptureLog(valid());
    expect(r.ok).toBe(true);
  });

  it('accepts the bundled sample and round-trips it unchanged', () => {
    const text = fs.readFileSync(sampleFile, 'utf8');
    const r = readCaptureLogText(text);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.log.events.filter((e) => e.type === 'click').length).toBeGreaterThanOrEqual(6);
    const again = readCaptureLogText(JSON.stringify(r.log));
    expect(again).toEqual(r);
  });

  it('accepts secret typing as a length only, and refuses secret text', () => {
    const log = valid();
    log.events.push({ tMs: 4000, type: 'type', secret: true, length: 12, endMs: 4500 } as never);
    expect(readCaptureLog(log).ok).toBe(true);
    const leaky = valid();
    leaky.events.push({ tMs: 4000, type: 'type', secret: true, length: 12, text: 'hunter2', endMs: 4500 } as never);
    expect(readCaptureLog(leaky).ok).toBe(false);
  });

  it('sorts events by time', () => {
    const log = valid();
    log.events.reverse();
    const r = readCaptureLog(log);
    if (!r.ok) throw new Error('invalid');
    expect(r.log.events.map((e) => e.tMs)).toEqual([...r.log.events.map((e) => e.tMs)].sort((a, b) => a - b));
  });

  it.each([
    { name: 'wrong version', patch: (l: any) => (l.version = 2), path: 'version', message: /expected 1|Invalid input/ },
    { name: 'screen width a string', patch: (l: any) => (l.screen.width = '1920'), path: 'screen.width', message: /must be number, but got "1920"/ },
    { name: 'missing fps', patch: (l: any) => delete l.fps, path: 'fps', message: /must be number, but got nothing/ },
    { name: 'cursor x missing', patch: (l: any) => delete l.events[0].x, path: 'events[0].x', message: /must be number, but got nothing/ },
    { name: 'click button unknown', patch: (l: any) => (l.events[1].button = 'thumb'), path: 'events[1].button', message: /left|right|middle/ },
    {
      name: 'unknown event type',
      patch: (l: any) => (l.events[2] = { tMs: 1, type: 'wiggle' }),
      path: 'events[2].type',
      message: /must be an event type \(cursor, click.*\), but got "wiggle"/,
    },
    {
      name: 'end before start',
      patch: (l: any) => (l.events[3].endMs = 100),
      path: 'events[3].endMs',
      message: /must not be before tMs \(2000\), but got 100/,
    },
    { name: 'negative time', patch: (l: any) => (l.events[0].tMs = -5), path: 'events[0].tMs', message: /./ },
    { name: 'event far past the end', patch: (l: any) => (l.events[2].tMs = 99_000), path: 'events[2].tMs', message: /within the recording/ },
    { name: 'mark of an unknown kind', patch: (l: any) => (l.events[4].kind = 'sparkle'), path: 'events[4].kind', message: /./ },
    {
      name: 'durationMs 1e308',
      patch: (l: any) => (l.durationMs = 1e308),
      path: 'durationMs',
      message: /^must be at most 21600000 ms \(6 h\), but got 1e\+308$/,
    },
    {
      name: 'durationMs just over 6 h',
      patch: (l: any) => (l.durationMs = 21_600_001),
      path: 'durationMs',
      message: /^must be at most 21600000 ms \(6 h\), but got 21600001$/,
    },
    { name: 'durationMs 0', patch: (l: any) => (l.durationMs = 0), path: 'durationMs', message: /^must be more than 0 ms, but got 0$/ },
    { name: 'durationMs negative', patch: (l: any) => (l.durationMs = -1), path: 'durationMs', message: /^must be more than 0 ms, but got -1$/ },
    { name: 'durationMs a string', patch: (l: any) => (l.durationMs = 'NaN'), path: 'durationMs', message: /must be number, but got "NaN"/ },
    // Coordinates and sizes: within MAX_SCREENS_AWAY screens (1920x1080 here).
    {
      name: 'cursor x 1e308',
      patch: (l: any) => (l.events[0].x = 1e308),
      path: 'events[0].x',
      message: /^must be within ±19200 px \(10 times the screen's width\), but got 1e\+308$/,
    },
    {
      name: 'click y just past 10 screens up',
      patch: (l: any) => (l.events[1].y = -10_801),
      path: 'events[1].y',
      message: /^must be within ±10800 px \(10 times the screen's height\), but got -10801$/,
    },
    { name: 'mark width 1e9', patch: (l: any) => (l.events[4].width = 1e9), path: 'events[4].width', message: /^must be within ±19200 px/ },
    {
      name: 'scroll at x -1e12',
      patch: (l: any) => l.events.push({ tMs: 5, type: 'scroll', x: -1e12, y: 0, dx: 0, dy: 1 }),
      path: 'events[7].x',
      message: /^must be within ±19200 px/,
    },
    // Bounded work: clicks and keys per second of the 41.23 s recording, events in all.
    {
      name: 'one click too many',
      patch: (l: any) => l.events.push(...Array.from({ length: 824 }, (_, i) => ({ tMs: i * 10, type: 'click', x: 1, y: 1 }))),
      path: 'events',
      message: /^must hold at most 824 click events \(20 per second of a 41\.2 s recording\), but got 825$/,
    },
    {
      name: 'one key too many',
      patch: (l: any) => l.events.push(...Array.from({ length: 2061 }, (_, i) => ({ tMs: i * 10, type: 'key', key: 'a' }))),
      path: 'events',
      message: /^must hold at most 2061 key events \(50 per second of a 41\.2 s recording\), but got 2062$/,
    },
    {
      name: 'more events than MAX_EVENTS',
      patch: (l: any) => (l.events = new Array(MAX_EVENTS + 1).fill({ tMs: 1, type: 'cursor', x: 1, y: 1 })),
      path: 'events',
      message: /^must hold at most 2000000 events \(a 6 h capture at 60 Hz cursor sampling\), but got 2000001$/,
    },
  ])('reports $name at its JSON path', ({ patch, path: want, message }) => {
    const log = valid();
    patch(log);
    const r = readCaptureLog(log);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const problem = r.problems.find((p) => p.path === want);
    expect(problem, JSON.stringify(r.problems)).toBeDefined();
    expect(problem!.message).toMatch(message);
  });

  it('reports every problem, not just the first', () => {
    const log: any = valid();
    log.fps = 'x';
    log.events[0].y = null;
    log.events[1].x = 'left';
    const r = readCaptureLog(log);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path).sort()).toEqual(['events[0].y', 'events[1].x', 'fps']);
  });

  it('accepts the bounds themselves: 824 clicks, 2061 keys, x at 10 screens', () => {
    const log: any = valid();
    log.events.push(...Array.from({ length: 823 }, (_, i) => ({ tMs: i * 10, type: 'click', x: -19_200, y: 10_800 })));
    log.events.push(...Array.from({ length: 2060 }, (_, i) => ({ tMs: i * 10, type: 'key', key: 'a' })));
    const r = readCaptureLog(log);
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  it('accepts durationMs of exactly 6 h', () => {
    expect(readCaptureLog({ ...valid(), durationMs: 6 * 3600 * 1000 }).ok).toBe(true);
  });

  it('a wrong durationMs is one problem, not one per event past it', () => {
    const r = readCaptureLog({ ...valid(), durationMs: -1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toEqual(['durationMs']);
  });

  it('reports broken JSON at the root', () => {
    const r = readCaptureLogText('{"version": 1,');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ path: '(root)', message: expect.stringMatching(/not valid JSON/) });
  });
});
