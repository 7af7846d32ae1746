import { describe, expect, it } from 'vitest';
import { finaliseCaptureLog, readEventsJsonl } from '../../src/capture-log';

const header = JSON.stringify({ type: 'header', version: 1, recording: 'recording.mp4', screen: { width: 1280, height: 720 }, fps: 30 });
const events = [
  JSON.stringify({ type: 'cursor', tMs: 0, x: 10, y: 10 }),
  JSON.stringify({ type: 'click', tMs: 500, x: 20, y: 30, button: 'left' }),
  JSON.stringify({ type: 'key', tMs: 900, key: 'Enter' }),
];

describe('readEventsJsonl', () => {
  it('reads a finished capture', () => {
    const r = readEventsJsonl([header, ...events, JSON.stringify({ type: 'end', durationMs: 2000 })].join('\n') + '\n');
    expect(r.problems).toEqual([]);
    expect(r.complete).toBe(true);
    expect(r.durationMs).toBe(2000);
    expect(r.events).toHaveLength(3);
    const log = finaliseCaptureLog(r);
    expect(log.ok && log.log.complete).toBeUndefined();
    expect(log.ok && log.log.durationMs).toBe(2000);
  });

  it.each([
    { name: 'cut mid-line', tail: '{"type":"cursor","tMs":95' },
    { name: 'cut mid-string', tail: '{"type":"key","tMs":950,"key":"Ent' },
    { name: 'cut after a brace', tail: '{' },
  ])('recovers an interrupted capture whose last line is truncated ($name)', ({ tail }) => {
    const r = readEventsJsonl([header, ...events, tail].join('\n'));
    expect(r.problems).toEqual([]);
    expect(r.droppedLines).toEqual([5]);
    expect(r.complete).toBe(false);
    const log = finaliseCaptureLog(r, { recordingDurationMs: 1500 });
    if (!log.ok) throw new Error(JSON.stringify(log.problems));
    expect(log.log.complete).toBe(false);
    expect(log.log.durationMs).toBe(1500);
    expect(log.log.events).toHaveLength(3);
  });

  it('without the recording duration, an interrupted log ends at its last event', () => {
    const log = finaliseCaptureLog(readEventsJsonl([header, ...events].join('\n') + '\n'));
    expect(log.ok && log.log.durationMs).toBe(900);
  });

  it('a broken line in the middle is an error, with its line number', () => {
    const r = readEventsJsonl([header, events[0], '{oops', events[1]].join('\n'));
    expect(r.problems).toEqual([{ path: 'line 3', message: expect.stringMatching(/not valid JSON/) }]);
    expect(finaliseCaptureLog(r).ok).toBe(false);
  });

  it('an invalid event names its line and field', () => {
    const r = readEventsJsonl([header, JSON.stringify({ type: 'click', tMs: 5, x: 'a', y: 1 })].join('\n'));
    expect(r.problems[0]?.path).toMatch(/^line 2/);
  });

  it('a missing header is an error', () => {
    expect(readEventsJsonl('').problems[0]?.path).toBe('line 1');
    expect(readEventsJsonl(events.join('\n')).problems[0]?.path).toMatch(/^line 1 \(header\)/);
  });
});
