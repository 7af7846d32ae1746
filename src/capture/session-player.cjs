// The player replay_session runs in the terminal in place of a recorded program (session-steps.ts
// makes its plan from the cast: session-cast.ts replayPlan). It puts its tty in raw mode, prints
// each recorded output after its (shortened) pause, and at each recorded input waits until the
// same characters are typed (a "•" in the recording, a masked secret, takes any one character),
// then goes on. It tells screenplay over a unix socket: {"type":"ready"} once raw, {"type":
// "mismatch","turn":N,"got":"…"} when the input typed is not the recorded one (then it shows
// nothing more and waits to be ended), {"type":"done"} at the end. It restores the tty and exits
// 0 at the end of the plan (or, when the program was still running at the end of its recording,
// holds the last screen), 130 on an unexpected Ctrl-C, 129/143 on SIGHUP/SIGTERM.
//
//   node session-player.cjs PLAN.json [SOCKET]
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const { spawnSync } = require('node:child_process');

const [planFile, sock] = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
// What the terminal answers by itself (session-cast.ts TERMINAL_REPLY): never taken for typing.
// eslint-disable-next-line no-control-regex
const REPLY = /\x1b\[\d+;\d+R|\x1b\[[?>=][\d;]*c|\x1b\[[IO]|\x1b\]\d+;[^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[\??[\d;]*\$y|\x1bP[^\x1b]*\x1b\\/g;
const MASK = '\u2022';

let socket = null;
const tell = (msg) => {
  if (socket && !socket.destroyed) socket.write(`${JSON.stringify(msg)}\n`);
};

const tty = process.stdin.isTTY === true;
const finish = (code) => {
  if (tty) {
    try {
      process.stdin.setRawMode(false);
    } catch {
      // the tty is gone
    }
  }
  const end = () => process.exit(code);
  if (socket && !socket.destroyed) socket.end(end);
  else end();
  setTimeout(end, 500).unref();
};
process.on('SIGHUP', () => finish(129));
process.on('SIGTERM', () => finish(143));

let received = []; // characters typed and not yet taken
let wake = null;
let step = 0;
const nextInputWants = (ch) => {
  for (let i = step; i < plan.steps.length; i++) if (plan.steps[i].kind === 'i') return plan.steps[i].data.includes(ch);
  return false;
};
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  const typed = [...d.replace(REPLY, '')];
  if (typed.includes('\x03') && !nextInputWants('\x03')) return finish(130);
  received = received.concat(typed);
  if (wake) wake();
});
const nextChar = () =>
  received.length
    ? Promise.resolve(received.shift())
    : new Promise((resolve) => {
        wake = () => {
          wake = null;
          resolve(received.shift());
        };
      });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

const play = async () => {
  const got = plan.turns.map(() => '');
  let clock = now(); // when the last event happened, on the replay's clock
  for (; step < plan.steps.length; step++) {
    const s = plan.steps[step];
    if (s.kind === 'o') {
      clock += s.delayMs;
      const wait = clock - now();
      if (wait > 1) await sleep(wait);
      process.stdout.write(s.data);
      continue;
    }
    for (const want of s.data) {
      const c = await nextChar();
      got[s.turn] += c;
      const ok = want === MASK ? c >= ' ' && c !== '\x7f' : c === want;
      if (!ok) {
        tell({ type: 'mismatch', turn: s.turn, got: got[s.turn] });
        return false;
      }
    }
    clock = Math.max(clock, now());
  }
  return true;
};

const start = () => {
  if (tty) {
    process.stdin.setRawMode(true);
    // The recorded bytes were already through the tty's output processing (\n → \r\n): written
    // as they are. setRawMode(false) restores the tty as it was, this included.
    spawnSync('stty', ['-opost'], { stdio: ['inherit', 'ignore', 'ignore'] });
  }
  process.stdin.resume();
  tell({ type: 'ready' });
  play().then((ok) => {
    if (!ok) return; // shows nothing more; screenplay ends the step and the terminal
    tell({ type: 'done' });
    // A program still running when its recording ended: its last screen stays until Ctrl-C or a hangup.
    if (!plan.hold) finish(0);
  });
};
let started = false;
const startOnce = () => {
  if (started) return;
  started = true;
  start();
};
if (sock) {
  // Without screenplay listening (run by hand), it plays all the same.
  socket = net.connect(sock, startOnce);
  socket.on('error', () => {
    socket = null;
    startOnce();
  });
} else startOnce();
