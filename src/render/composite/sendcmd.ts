/** sendcmd scripts for the composite path's filtergraph (ffmpeg's sendcmd filter: one line per time, commands to named filters). */

/**
 * A sendcmd script from each frame's commands ("target arg value", several joined by ", "),
 * sending a command only when its value differs from the one last sent to that target and arg
 * (frame 0 sends all). Most frames change nothing: a scale re-made per frame (scale's w and h
 * commands rebuild its swscale context) cost more than the scaling itself.
 * @param frames per frame, counted from the render's first: its time (s, as text) and commands
 */
export const sendcmdScript = (frames: ReadonlyArray<readonly [string, readonly string[]]>): string => {
  const last = new Map<string, string>();
  const out: string[] = [];
  for (const [t, groups] of frames) {
    const changed: string[] = [];
    for (const group of groups) {
      for (const cmd of group.split(', ')) {
        const at = cmd.lastIndexOf(' ');
        const key = cmd.slice(0, at);
        const value = cmd.slice(at + 1);
        if (last.get(key) === value) continue;
        last.set(key, value);
        changed.push(cmd);
      }
    }
    if (changed.length) out.push(`${t} ${changed.join(', ')};`);
  }
  return out.join('\n');
};

/** The frame (counted from the script's first) a script line's time stands for (sendcmdScript's times are frame / fps less 0.5 ms). */
const frameOf = (t: number, fps: number): number => Math.round((t + 0.0005) * fps);

/**
 * The part of a script for frames [from, to] (counted from its first frame), re-timed to start at
 * 0: its first line sends every value in force at `from` (what the lines before it set), then the
 * lines of the range as they were. For rendering a long video in chunks, each from its own ffmpeg.
 */
export const sliceScript = (script: string, from: number, to: number, fps: number): string => {
  const state = new Map<string, string>();
  const rest: string[] = [];
  const t = (f: number) => Math.max(0, f / fps - 0.0005).toFixed(4);
  for (const line of script.split('\n')) {
    if (!line.trim()) continue;
    const sp = line.indexOf(' ');
    const f = frameOf(Number(line.slice(0, sp)), fps);
    if (f > to) break;
    const cmds = line.slice(sp + 1).replace(/;$/, '');
    if (f <= from) {
      for (const cmd of cmds.split(', ')) {
        const at = cmd.lastIndexOf(' ');
        state.set(cmd.slice(0, at), cmd.slice(at + 1));
      }
    } else rest.push(`${t(f - from)} ${cmds};`);
  }
  const first = [...state].map(([k, v]) => `${k} ${v}`).join(', ');
  return [...(first ? [`${t(0)} ${first};`] : []), ...rest].join('\n');
};
