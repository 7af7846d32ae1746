/**
 * Replays a sendcmd script (src/render/composite/sendcmd.ts: a command only when its value
 * changes) into one line per frame holding every value in force at that frame, as
 * "t target arg value, …;" — what the filters see, for assertions per frame.
 */
export const frameLines = (script: string, frames: number, fps: number): string[] => {
  const events = script
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const at = l.indexOf(' ');
      return {
        t: Number(l.slice(0, at)),
        cmds: l
          .slice(at + 1)
          .replace(/;$/, '')
          .split(', '),
      };
    });
  const state = new Map<string, string>();
  const out: string[] = [];
  let next = 0;
  for (let f = 0; f < frames; f++) {
    // sendcmd sends a line's commands when the first frame at or past its time arrives.
    while (next < events.length && events[next]!.t <= f / fps + 1e-9) {
      for (const cmd of events[next]!.cmds) {
        const sp = cmd.lastIndexOf(' ');
        state.set(cmd.slice(0, sp), cmd.slice(sp + 1));
      }
      next++;
    }
    out.push(`${(f / fps).toFixed(4)} ${[...state].map(([k, v]) => `${k} ${v}`).join(', ')};`);
  }
  return out;
};
