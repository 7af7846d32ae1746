// The exit guard: a small process screenplay starts once, which outlives it by a moment and
// ends what it left running when it dies however it dies (kill -9 included, where no exit hook
// runs). screenplay writes to the guard's stdin, one command a line:
//   watch PID SIGNAL   a child to end with SIGNAL (what it started goes with SIGHUP); -PGID: a process group
//   forget PID         that child has exited
//   obs JSON           {"url","password"}: an OBS recording is running through this address
//   obs-forget         it stopped
// When stdin ends (screenplay is gone: the kernel closes the pipe), the guard signals every
// child still watched, SIGKILLs what is left after GRACE_MS (ffmpeg has that long to close its
// file), asks OBS to stop recording, and exits. It ignores SIGINT, SIGTERM and SIGHUP: a Ctrl-C
// or a closed terminal reaches the whole process group, and the guard must still clean up.
'use strict';
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const GRACE_MS = 3000;
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => undefined);

const watched = new Map();
let obs = null;

/** pid → child pids, from /proc (Linux) or ps (macOS). */
const childrenMap = () => {
  const map = new Map();
  const add = (ppid, pid) => map.set(ppid, [...(map.get(ppid) || []), pid]);
  try {
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        add(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), Number(d));
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    const r = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
    for (const line of (r.stdout || '').split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (pid && ppid) add(ppid, pid);
    }
  }
  return map;
};
const below = (pid, map) => {
  const out = [];
  const queue = [pid];
  while (queue.length) for (const c of map.get(queue.shift()) || []) (out.push(c), queue.push(c));
  return out;
};
const signal = (pid, sig) => {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
};
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const stopObs = async () => {
  if (!obs) return;
  try {
    const { OBSWebSocket } = require('obs-websocket-js');
    const ws = new OBSWebSocket();
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000));
    await Promise.race([ws.connect(obs.url, obs.password), timeout]);
    await Promise.race([ws.call('StopRecord'), timeout]).catch(() => undefined);
    await ws.disconnect().catch(() => undefined);
  } catch {
    // OBS is gone too, or unreachable: nothing left to stop
  }
};

const cleanUp = async () => {
  if (watched.size === 0 && !obs) process.exit(0);
  const map = childrenMap();
  const all = [];
  for (const [pid, sig] of watched) {
    const rest = below(pid, map);
    signal(pid, sig);
    for (const p of rest) signal(p, 'SIGHUP');
    all.push(pid, ...rest);
  }
  const obsStopped = stopObs();
  const deadline = Date.now() + GRACE_MS;
  while (all.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const p of all.filter(alive)) signal(p, 'SIGKILL');
  await obsStopped;
  process.exit(0);
};

let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  const lines = buffered.split('\n');
  buffered = lines.pop();
  for (const line of lines) {
    const [cmd, a, b] = line.split(' ');
    // A negative PID is a process group (a stage's setup command and what it left running).
    if (cmd === 'watch' && Number.isInteger(Number(a)) && (Number(a) > 0 || Number(a) < -1)) watched.set(Number(a), b || 'SIGTERM');
    else if (cmd === 'forget') watched.delete(Number(a));
    else if (cmd === 'obs') {
      try {
        obs = JSON.parse(line.slice(4));
      } catch {
        obs = null;
      }
    } else if (cmd === 'obs-forget') obs = null;
  }
});
process.stdin.on('end', () => void cleanUp());
process.stdin.on('error', () => void cleanUp());
process.stdout.write('ready\n');
