/**
 * The network surface of a real render: while it runs, every listening TCP socket owned by this
 * process or its children (Chromium, Remotion's compositor, ffmpeg) is on a loopback address,
 * and Remotion's `/proxy` answers malformed and foreign requests without ending the render.
 * The sockets seen are printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardRequestListeners, holdRemotionPort, proxyRefusal } from '../../src/render/remotion-server';
import { render } from '../../src/render/render';
import { makeSyntheticCapture, probe } from '../helpers/synthetic';

type Listening = { address: string; port: number; pid: number; command: string };

/** "0100007F:0BB8" (IPv4) or 32 hex digits (IPv6, four little-endian words) and a port. */
const decodeAddress = (hex: string): { address: string; port: number } => {
  const [a, p] = hex.split(':') as [string, string];
  const port = parseInt(p, 16);
  if (a.length === 8)
    return {
      address: (a.match(/../g) as string[])
        .reverse()
        .map((b) => parseInt(b, 16))
        .join('.'),
      port,
    };
  const bytes = (a.match(/.{8}/g) as string[]).flatMap((word) => (word.match(/../g) as string[]).reverse());
  const groups = Array.from({ length: 8 }, (_, i) => parseInt(`${bytes[2 * i]}${bytes[2 * i + 1]}`, 16).toString(16));
  const v6 = groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
  return { address: v6, port };
};

/** Pids of this process and all its descendants. */
const processTree = (): number[] => {
  const parent = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(entry), ppid);
    } catch {
      // gone
    }
  }
  const tree = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree];
};

/** Listening TCP sockets (IPv4 and IPv6) owned by this process tree. */
const listeningSockets = (): Listening[] => {
  const listen = new Map<string, { address: string; port: number }>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A') listen.set(f[9] as string, decodeAddress(f[1] as string));
    }
  }
  const found: Listening[] = [];
  for (const pid of processTree()) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    const command = (() => {
      try {
        return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      } catch {
        return '?';
      }
    })();
    for (const fd of fds) {
      let link = '';
      try {
        link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      const socket = inode ? listen.get(inode) : undefined;
      if (socket) found.push({ ...socket, pid, command });
    }
  }
  return found;
};

const LOOPBACK = new Set(['127.0.0.1', '::1']);

let capture: string;
let out: string;
beforeAll(() => {
  capture = makeSyntheticCapture(2);
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-network-'));
});
afterAll(() => {
  fs.rmSync(capture, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
});

describe("a render's network surface", () => {
  it('decodes /proc/net addresses', () => {
    expect(decodeAddress('0100007F:0BB8')).toEqual({ address: '127.0.0.1', port: 3000 });
    expect(decodeAddress('00000000:0050')).toEqual({ address: '0.0.0.0', port: 80 });
    expect(decodeAddress('00000000000000000000000001000000:0BB8')).toEqual({ address: '::1', port: 3000 });
    expect(decodeAddress('00000000000000000000000000000000:0BB8')).toEqual({ address: '::', port: 3000 });
  });

  it('listens on loopback only, and /proxy survives bare and foreign requests', { timeout: 300_000 }, async () => {
    const before = new Set(listeningSockets().map((s) => `${s.pid}/${s.port}`));
    const seen = new Map<string, Listening>();
    const poked = new Map<number, number[]>();
    const poke = async (port: number) => {
      const statuses: number[] = [];
      for (const target of ['/proxy', '/proxy?src=http://example.invalid/x.mp4&time=0&transparent=false&toneMapped=false', '/proxy?src=%E0%A4%A']) {
        try {
          statuses.push((await fetch(`http://127.0.0.1:${port}${target}`, { signal: AbortSignal.timeout(5000) })).status);
        } catch {
          statuses.push(0);
        }
      }
      poked.set(port, statuses);
    };
    let running = true;
    const watcher = (async () => {
      while (running) {
        for (const s of listeningSockets()) {
          const key = `${s.command}(${s.pid}) ${s.address.includes(':') ? `[${s.address}]` : s.address}:${s.port}`;
          if (before.has(`${s.pid}/${s.port}`) || seen.has(key)) continue;
          seen.set(key, s);
          // This process's own servers: the capture dir's and Remotion's. Poke /proxy on each.
          if (s.pid === process.pid && !poked.has(s.port)) await poke(s.port);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const file = path.join(out, 'clip.mp4');
    const stages: string[] = [];
    try {
      await render({ composition: 'Landscape', captureDir: capture, out: file, scale: 0.25, frameRange: [0, 5], onProgress: (p) => stages.push(p.stage) });
    } finally {
      running = false;
      await watcher;
    }
    const lines = [...seen.keys()];
    process.stdout.write(`listening sockets seen during the render:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
    process.stdout.write(`/proxy statuses by port: ${JSON.stringify(Object.fromEntries(poked))}\n`);

    expect(probe(file).frames).toBe(6);
    // The capture server and at least one Remotion server were seen, and all on loopback.
    expect([...seen.values()].filter((s) => s.pid === process.pid).length).toBeGreaterThanOrEqual(2);
    expect([...seen.values()].filter((s) => !LOOPBACK.has(s.address))).toEqual([]);
    // Both guards held: no warning in the render's output.
    expect(stages.filter((l) => l.startsWith('warning'))).toEqual([]);
    // Remotion's server (the one whose /proxy is a 400, not the capture server's 404) refused them all.
    const remotion = [...poked.values()].filter((st) => st[0] === 400);
    expect(remotion.length).toBeGreaterThanOrEqual(1);
    for (const st of remotion) expect(st).toEqual([400, 403, 400]);
  });
});

describe('proxyRefusal', () => {
  const ok = { host: 'localhost:3000', origin: undefined };
  const q = (src: string) => `/proxy?src=${encodeURIComponent(src)}&time=0.5&transparent=false&toneMapped=true`;
  it.each([
    ['the page asking for a capture frame', { ...ok, url: q('http://127.0.0.1:4000/recording.mp4') }, null],
    ['a public/ file on the same server', { ...ok, url: q('http://localhost:3000/public/a.mp4'), origin: 'http://localhost:3000' }, null],
    ['bare /proxy (issue)', { ...ok, url: '/proxy' }, 400],
    ['no time', { ...ok, url: '/proxy?src=http://127.0.0.1/a.mp4&toneMapped=true' }, 400],
    ['no toneMapped', { ...ok, url: '/proxy?src=http://127.0.0.1/a.mp4&time=0' }, 400],
    ['src not a URL', { ...ok, url: q('recording.mp4') }, 400],
    ['no URL at all', { ...ok, url: undefined }, 400],
    ['a remote src (issue)', { ...ok, url: q('http://example.invalid/x.mp4') }, 403],
    ['a file: src', { ...ok, url: q('file:///etc/passwd') }, 403],
    ['a LAN src', { ...ok, url: q('http://192.168.1.10/x.mp4') }, 403],
    ['a rebound host name', { ...ok, host: 'evil.example:3000', url: q('http://127.0.0.1:4000/r.mp4') }, 403],
    ['another origin', { ...ok, origin: 'http://evil.example', url: q('http://127.0.0.1:4000/r.mp4') }, 403],
    ['another local port as origin', { ...ok, origin: 'http://localhost:8080', url: q('http://127.0.0.1:4000/r.mp4') }, 403],
    ['an opaque origin', { ...ok, origin: 'null', url: q('http://127.0.0.1:4000/r.mp4') }, 403],
  ] as const)('%s', (_name, req, status) => {
    expect(proxyRefusal(req)?.status ?? null).toBe(status);
  });
});

describe('guardRequestListeners', () => {
  it('a listener that throws answers 400 and the server stays up; /proxy is checked only on a held port', async () => {
    expect(guardRequestListeners()).toBe(true);
    const calls: string[] = [];
    // Like Remotion's /proxy: throws synchronously on what it cannot parse.
    const server = http.createServer((req, res) => {
      calls.push(req.url ?? '');
      if (req.url === '/throw' || req.url === '/proxy') throw new Error('Expected query from /proxy');
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const status = async (target: string, headers: Record<string, string> = {}) => (await fetch(`http://127.0.0.1:${port}${target}`, { headers })).status;
    try {
      expect(await status('/throw')).toBe(400);
      expect(await status('/proxy')).toBe(400);
      expect(await status('/')).toBe(200);
      const release = holdRemotionPort(port);
      calls.length = 0;
      expect(await status('/proxy')).toBe(400);
      expect(await status('/proxy?src=http%3A%2F%2Fexample.invalid%2Fa.mp4&time=0&toneMapped=false')).toBe(403);
      expect(await status('/proxy?src=http%3A%2F%2F127.0.0.1%3A1%2Fa.mp4&time=0&toneMapped=false', { Origin: 'http://evil.example' })).toBe(403);
      // Refused before Remotion's listener ever saw them.
      expect(calls).toEqual([]);
      expect(await status('/proxy?src=http%3A%2F%2F127.0.0.1%3A1%2Fa.mp4&time=0&toneMapped=false')).toBe(200);
      release();
      expect(await status('/proxy?src=http%3A%2F%2Fexample.invalid%2Fa.mp4&time=0&toneMapped=false')).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
