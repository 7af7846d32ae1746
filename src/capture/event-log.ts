/**
 * The append-only event log (events.jsonl) written while capturing. Every line is written
 * synchronously, so a crash loses at most the line being written; readEventsJsonl recovers it.
 * Times are given in wall-clock ms and stored on the recording's clock once the recording's
 * first frame time is known; events before that are held in memory.
 */
import fs from 'node:fs';
import type { CaptureEvent, Screen, ScriptAvatar } from '../capture-log/schema';
import type { OutputFormatName } from '../formats';
import type { PresetEntry } from '../output-presets';

/** A capture event whose times are wall-clock ms (converted when written). */
export type WallEvent = CaptureEvent;

export class EventLogWriter {
  private fd: number;
  private originWallMs: number | null = null;
  private pending: WallEvent[] = [];
  private closed = false;
  readonly events: CaptureEvent[] = [];

  constructor(
    readonly file: string,
    header: {
      recording: string;
      screen: Screen;
      fps: number;
      pointer?: 'drawn' | 'recorded';
      title?: string;
      style?: Record<string, unknown>;
      formats?: OutputFormatName[];
      presets?: PresetEntry[];
      avatar?: ScriptAvatar;
    },
  ) {
    this.fd = fs.openSync(file, 'w');
    this.writeLine({ type: 'header', version: 1, ...header });
  }

  private writeLine(obj: unknown): void {
    fs.writeSync(this.fd, `${JSON.stringify(obj)}\n`);
  }

  /** Sets the wall time of the recording's first frame and flushes what was held. */
  setOrigin(wallMs: number): void {
    this.originWallMs = wallMs;
    const held = this.pending;
    this.pending = [];
    for (const e of held) this.log(e);
  }

  get origin(): number | null {
    return this.originWallMs;
  }

  /** Logs an event whose tMs (and endMs) are wall-clock ms. */
  log(event: WallEvent): void {
    if (this.closed) return;
    if (this.originWallMs === null) {
      this.pending.push(event);
      return;
    }
    const shift = (v: number) => Math.max(0, Math.round((v - (this.originWallMs as number)) * 10) / 10);
    const e = { ...event, tMs: shift(event.tMs) } as CaptureEvent;
    if ('endMs' in e && typeof e.endMs === 'number') (e as { endMs: number }).endMs = shift(e.endMs);
    this.events.push(e);
    this.writeLine(e);
  }

  /** Writes the end line. Events logged before the origin was known are dropped. */
  close(durationMs: number | null): void {
    if (this.closed) return;
    if (durationMs !== null) this.writeLine({ type: 'end', durationMs });
    fs.closeSync(this.fd);
    this.closed = true;
  }
}
