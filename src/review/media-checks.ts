/**
 * Judging what the pixels and the audio showed (pure): still and blank stretches and audio
 * windows (from media.ts) against the narration and the steps → findings (frozen, blank,
 * audio-clipping, audio-silent). Times are the video's (ms).
 */
import type { AudioWindow } from './audio-analysis';
import type { FrameStretches, Stretch } from './frame-analysis';
import { stepFields, type StepSpan } from './review-input';
import { BLANK_MS, FROZEN_MS, SILENCE_DB, SILENT_MS } from './thresholds';
import type { ReviewFinding } from './types';

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `range` less every span in `cover` (both ms), as the pieces that remain. */
export const subtract = (range: Stretch, cover: readonly Stretch[]): Stretch[] => {
  let pieces = [range];
  for (const c of cover) {
    pieces = pieces.flatMap((p) =>
      c.toMs <= p.fromMs || c.fromMs >= p.toMs
        ? [p]
        : [...(c.fromMs > p.fromMs ? [{ fromMs: p.fromMs, toMs: c.fromMs }] : []), ...(c.toMs < p.toMs ? [{ fromMs: c.toMs, toMs: p.toMs }] : [])],
    );
  }
  return pieces;
};

/**
 * frozen: still stretches, less the time narration is heard over them, longer than FROZEN_MS;
 * blank: near-uniform stretches longer than BLANK_MS.
 * @param voice the narration clips on the video's clock
 */
export const pictureFindings = (frames: FrameStretches, voice: readonly Stretch[], steps: readonly StepSpan[], where: string): ReviewFinding[] => {
  const findings: ReviewFinding[] = [];
  for (const still of frames.stills) {
    for (const piece of subtract(still, voice)) {
      const ms = piece.toMs - piece.fromMs;
      if (ms <= FROZEN_MS) continue;
      const keep = 1000;
      findings.push({
        check: 'frozen',
        severity: 'warning',
        fromMs: piece.fromMs,
        toMs: piece.toMs,
        ...stepFields(steps, piece.fromMs),
        message: `${where} does not change for ${secs(ms)} and nothing is said over it`,
        fix: `shorten it: a cut or speedup mark from ${secs(piece.fromMs + keep)} to ${secs(piece.toMs - keep / 2)} of the video (or a shorter wait in this step), or say something over it; if the app was meant to change here, check that the step did what it should`,
        measured: { frozenMs: Math.round(ms), stillMs: Math.round(still.toMs - still.fromMs), limitMs: FROZEN_MS },
      });
    }
  }
  for (const b of frames.blanks) {
    const ms = b.toMs - b.fromMs;
    if (ms <= BLANK_MS) continue;
    findings.push({
      check: 'blank',
      severity: ms > 2000 ? 'error' : 'warning',
      fromMs: b.fromMs,
      toMs: b.toMs,
      ...stepFields(steps, b.fromMs),
      message: `${where} is blank (near-uniform, luma deviation ${b.stddev}) for ${secs(ms)}`,
      fix:
        b.fromMs < 100
          ? `the video opens on an empty screen: cut its first ${secs(ms)} (a cut mark over the start), or open the first window in the stage's setup so it is there when recording starts`
          : 'make sure a window is open and drawn before this moment (a wait_for on something it shows), or cut this stretch with a cut mark',
      measured: { blankMs: Math.round(ms), lumaStdDev: b.stddev },
    });
  }
  return findings;
};

/**
 * audio-clipping: samples at full scale during a narration clip; audio-silent: SILENT_MS or more
 * under SILENCE_DB inside a clip, or no audio track at all though there is narration.
 * @param clips the narration clips on the video's clock (id, startMs, durationMs)
 * @param hasAudio whether the video has an audio track
 */
export const audioFindings = (
  windows: readonly AudioWindow[],
  clips: ReadonlyArray<{ id: string; startMs: number; durationMs: number }>,
  steps: readonly StepSpan[],
  hasAudio: boolean,
): ReviewFinding[] => {
  const findings: ReviewFinding[] = [];
  if (clips.length === 0) return findings;
  if (!hasAudio) {
    const first = clips[0] as (typeof clips)[number];
    return [
      {
        check: 'audio-silent',
        severity: 'error',
        fromMs: first.startMs,
        toMs: Math.max(...clips.map((c) => c.startMs + c.durationMs)),
        ...stepFields(steps, first.startMs),
        message: `the video has no audio track, but ${clips.length} narration line(s) should be heard`,
        fix: 'render again (the narration is mixed in at the end of a render); check that narration/ in the capture dir holds the clips',
        measured: { lines: clips.length },
      },
    ];
  }
  for (const c of clips) {
    const inside = windows.filter((w) => w.fromMs >= c.startMs && w.toMs <= c.startMs + c.durationMs);
    const clipped = inside.reduce((n, w) => n + w.clipped, 0);
    if (clipped > 2) {
      const hit = inside.filter((w) => w.clipped > 0);
      findings.push({
        check: 'audio-clipping',
        severity: 'warning',
        fromMs: (hit[0] as AudioWindow).fromMs,
        toMs: (hit[hit.length - 1] as AudioWindow).toMs,
        ...stepFields(steps, c.startMs, (x) => x.action === 'say'),
        message: `say "${c.id}" reaches full scale: ${clipped} clipped samples`,
        fix: "lower the voice clip's level (regenerate the narration), or, if music plays, the music's (output.music.volume, or --music-volume)",
        measured: { clippedSamples: clipped, peakDb: Math.max(...hit.map((w) => w.peakDb)) },
      });
    }
    // Runs of quiet windows.
    let run: AudioWindow[] = [];
    const flush = () => {
      const ms = run.length ? (run[run.length - 1] as AudioWindow).toMs - (run[0] as AudioWindow).fromMs : 0;
      if (ms >= SILENT_MS) {
        findings.push({
          check: 'audio-silent',
          severity: 'warning',
          fromMs: (run[0] as AudioWindow).fromMs,
          toMs: (run[run.length - 1] as AudioWindow).toMs,
          ...stepFields(steps, c.startMs, (x) => x.action === 'say'),
          message: `say "${c.id}" is expected here, but the audio is silent (under ${SILENCE_DB} dB) for ${secs(ms)}`,
          fix: `check the clip of "${c.id}" in narration/ (run narrate again), and that the video's length holds the line`,
          measured: { silentMs: Math.round(ms), maxRmsDb: Math.max(...run.map((w) => w.rmsDb)) },
        });
      }
      run = [];
    };
    for (const w of inside) {
      if (w.rmsDb < SILENCE_DB) run.push(w);
      else flush();
    }
    flush();
  }
  return findings;
};
