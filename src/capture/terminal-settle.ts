/**
 * When a terminal's screen has settled, measured from the pty stream (not from pixels): the
 * time of the last output byte and of the last change of the headless screen model. A TUI that
 * redraws the same picture (a re-rendered line, a cursor shown and hidden, a spinner re-drawn
 * with the same glyph) does not change the screen; a spinner whose glyph changes, new text, a
 * colour change or a scroll does. `wait_for_settled` (region: terminal) waits on this.
 */

/** One cell of @xterm/headless's buffer, as far as the screen's fingerprint reads it. */
type Cell = {
  getCode(): number;
  getWidth(): number;
  getFgColor(): number;
  getBgColor(): number;
  getFgColorMode(): number;
  getBgColorMode(): number;
  isBold(): number;
  isItalic(): number;
  isDim(): number;
  isUnderline(): number;
  isBlink(): number;
  isInverse(): number;
  isInvisible(): number;
  isStrikethrough(): number;
};
/** The part of @xterm/headless's active buffer the fingerprint reads. */
export type SettleBuffer = {
  readonly type: string;
  readonly baseY: number;
  readonly viewportY: number;
  getLine(y: number): { getCell(x: number, cell?: Cell): Cell | undefined } | undefined;
  getNullCell(): Cell;
};

/**
 * A 32-bit fingerprint (FNV-1a) of what the visible screen shows: every cell's character and
 * look (colours, bold, inverse, …), the buffer (normal or alternate) and how far it has
 * scrolled. The cursor is left out: a cursor moved, shown or hidden changes nothing on it.
 * Two screens that look the same give the same number; a change gives another (but for a
 * 1 in 4 billion collision). `rows` × `cols` cells.
 */
export const screenFingerprint = (buf: SettleBuffer, rows: number, cols: number): number => {
  let h = 0x811c9dc5;
  const mix = (v: number) => {
    h = Math.imul(h ^ (v & 0xffff), 0x01000193);
    h = Math.imul(h ^ (v >>> 16), 0x01000193);
  };
  mix(buf.type === 'alternate' ? 1 : 0);
  mix(buf.baseY);
  const cell = buf.getNullCell();
  for (let r = 0; r < rows; r++) {
    const line = buf.getLine(buf.viewportY + r);
    mix(0x0a0a);
    if (!line) continue;
    for (let c = 0; c < cols; c++) {
      if (!line.getCell(c, cell)) break;
      mix(cell.getCode() || 32);
      mix(cell.getWidth());
      mix(cell.getFgColor() ^ (cell.getFgColorMode() << 24));
      mix(cell.getBgColor() ^ (cell.getBgColorMode() << 24));
      mix(
        (cell.isBold() ? 1 : 0) |
          (cell.isItalic() ? 2 : 0) |
          (cell.isDim() ? 4 : 0) |
          (cell.isUnderline() ? 8 : 0) |
          (cell.isBlink() ? 16 : 0) |
          (cell.isInverse() ? 32 : 0) |
          (cell.isInvisible() ? 64 : 0) |
          (cell.isStrikethrough() ? 128 : 0),
      );
    }
  }
  return h >>> 0;
};

/** How a settled wait ended: the times are the capture's clock (ms). */
export type Settled = {
  /** When the screen last changed before it settled (or when the wait started, if later). */
  lastChangeMs: number;
  /** When the last output byte arrived (it may have changed nothing on screen); -Infinity: none yet. */
  lastOutputMs: number;
  /** When the wait ended: lastChangeMs + quiet, give or take the timer's few ms. */
  settledMs: number;
};

/**
 * The screen-change clock of one terminal. `output(t)` is called when output arrives (before the
 * model has parsed it), `parsed(t, fingerprint)` once the model has (with the arrival time);
 * `waitForSettled` resolves once the screen has not changed for `quietMs`.
 */
export const createSettleClock = (now: () => number) => {
  let lastOutput = -Infinity;
  let lastChange = -Infinity;
  let lastEnter = -Infinity;
  /** How many changes the screen has had, and how many it had at the last Enter or command start. */
  let changes = 0;
  let changesAtEnter = -1; // no Enter yet: nothing to wait for
  let fingerprint: number | null = null;
  let pending = 0;
  return {
    /** Output arrived at `tMs` (the model parses it later: the wait holds until it has). */
    output: (tMs: number) => {
      lastOutput = tMs;
      pending++;
    },
    /**
     * The model has parsed the output that arrived at `tMs`; `fp` reads the screen's fingerprint
     * (screenFingerprint). Read only once no more output waits to be parsed: a redraw that came
     * in pieces (erase, then the same text again) is compared whole, not by its halves.
     */
    parsed: (tMs: number, fp: () => number) => {
      pending = Math.max(0, pending - 1);
      if (pending > 0) return;
      const now = fp();
      if (fingerprint !== null && now !== fingerprint) {
        lastChange = Math.max(lastChange, tMs);
        changes++;
      }
      fingerprint = now;
    },
    /** An Enter is about to be sent at `tMs`: a wait after it counts its quiet only once the screen has changed since. */
    enter: (tMs: number) => {
      lastEnter = tMs;
      changesAtEnter = changes;
    },
    /**
     * The shell has started the command an Enter ran (its OSC 133 C mark), and the output before
     * the mark is parsed: what changed up to here (the Enter's own line break, which scrolls the
     * screen when the prompt is on its last row) is not the command's answer, so the wait after
     * the Enter still waits for a change.
     */
    commandStarted: () => {
      changesAtEnter = changes;
    },
    lastOutputMs: () => lastOutput,
    lastChangeMs: () => lastChange,
    /**
     * Resolves once the screen has not changed for `quietMs` ms, counted from its last change or
     * from the call, whichever is later (so it waits `quietMs` at least): within a few ms of
     * lastChange + quietMs (a timer set for that moment, set again when a change came meanwhile).
     * After an Enter (`enter`), the screen must first change: a program slow to start printing is
     * not taken for one that is done.
     * @throws Error "the terminal kept changing for 120 s; last change 0.2 s ago" after `timeoutMs`,
     *   or "nothing changed in the terminal within 120 s of the last Enter"
     */
    waitForSettled: (quietMs: number, timeoutMs: number): Promise<Settled> =>
      new Promise<Settled>((resolve, reject) => {
        const start = now();
        const deadline = start + timeoutMs;
        const check = () => {
          const t = now();
          const since = Math.max(lastChange, start);
          const answered = lastChange >= lastEnter && changes > changesAtEnter;
          if (pending === 0 && answered && t - since >= quietMs) {
            resolve({ lastChangeMs: since, lastOutputMs: lastOutput, settledMs: t });
            return;
          }
          if (t >= deadline && !answered) {
            reject(new Error(`nothing changed in the terminal within ${(timeoutMs / 1000).toFixed(timeoutMs % 1000 ? 1 : 0)} s of the last Enter`));
            return;
          }
          if (t >= deadline) {
            const ago = lastChange > -Infinity ? `; last change ${((t - lastChange) / 1000).toFixed(1)} s ago` : '';
            reject(
              new Error(
                `the terminal kept changing for ${(timeoutMs / 1000).toFixed(timeoutMs % 1000 ? 1 : 0)} s${ago} (it must stay unchanged for ${(quietMs / 1000).toFixed(1)} s)`,
              ),
            );
            return;
          }
          // Output not parsed yet, or no change since the Enter: look again in a moment; otherwise at the end of the quiet.
          const next = pending > 0 || !answered ? 5 : since + quietMs - t;
          setTimeout(check, Math.max(1, Math.min(next, deadline - t)));
        };
        check();
      }),
  };
};
