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
