/**
 * Remotion's own HTTP server, the one every selectComposition / renderStill / renderMedia /
 * renderFrames call starts (it serves the bundle and `/proxy`, the OffthreadVideo frame
 * extractor), made to listen on loopback only and to survive what any local client sends it.
 *
 * Remotion 4.0.527 has a `port` option for that server but no host option and no environment
 * variable: serve-static listens on `getPortConfig().host`, which is "0.0.0.0" or "::" (all
 * interfaces). Its `/proxy` handler throws synchronously on a query without src, time or
 * toneMapped, an uncaught exception: a bare `GET /proxy` ends the process. The handler lives
 * inside Remotion's bundle (dist/esm/index.mjs is one file, and the package's exports map hides
 * dist/*), so it cannot be wrapped where it is made, and patching node_modules is not an option
 * (CI runs `npm ci`). So, once per process:
 * - the host: `RenderInternals.getPortConfig` returns the cached object serve-static reads; its
 *   `host` is set to 127.0.0.1 (the page still loads `http://localhost:PORT`, which Chromium
 *   resolves to the loopback addresses it tries in turn);
 * - `/proxy`: `http.createServer` (which serve-static calls as a property of node:http) is
 *   wrapped so every server's request listener runs inside a try/catch (a throw is a 400, not
 *   a dead process), and requests to a port registered with `holdRemotionPort` (the render's
 *   Remotion port) first pass `proxyRefusal`: what Remotion cannot handle is a 400, another
 *   origin, a rebound host name or a source that is not loopback http(s) a 403.
 * Both reach into the pinned Remotion's internals; `guardRemotionServer` says which held, and
 * the render prints a warning for any that did not (tests/render/network.test.ts scans the
 * listening sockets of a real render, so an upgrade that breaks this fails there).
 */
import { RenderInternals } from '@remotion/renderer';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

export const REMOTION_HOST = '127.0.0.1';

type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const LOOPBACK_NAME = /^(?:127\.0\.0\.1|localhost|\[::1\]|::1)$/i;

/** The host name and port of a Host header value ("localhost:3000", "[::1]:3000"), or null. */
const splitHost = (value: string): { name: string; port: string } | null => {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(value);
  return m ? { name: m[1] as string, port: m[2] ?? '' } : null;
};

/**
 * Why a request to Remotion's `/proxy` is refused, or null to let Remotion answer it.
 * `url`: the request-target; `host`, `origin`: those headers. Pure.
 * - 403: a Host that is not a loopback name (DNS rebinding), an Origin other than the page's own
 *   (loopback, same port), a `src` that is not an http(s) URL on a loopback host;
 * - 400: a target that does not parse, or no src / time / toneMapped (Remotion would throw).
 */
export const proxyRefusal = (req: {
  url: string | undefined;
  host: string | undefined;
  origin: string | undefined;
}): { status: 400 | 403; reason: string } | null => {
  const host = req.host === undefined ? null : splitHost(req.host);
  if (req.host !== undefined && (!host || !LOOPBACK_NAME.test(host.name))) return { status: 403, reason: 'forbidden host' };
  if (req.origin !== undefined) {
    let origin: URL | null = null;
    try {
      origin = new URL(req.origin);
    } catch {
      origin = null;
    }
    const name = origin?.hostname ?? '';
    if (!origin || origin.protocol !== 'http:' || !LOOPBACK_NAME.test(name) || (host !== null && origin.port !== host.port)) {
      return { status: 403, reason: 'forbidden origin' };
    }
  }
  if (!req.url || !req.url.startsWith('/proxy')) return { status: 400, reason: 'bad request target' };
  let params: URLSearchParams;
  try {
    params = new URL(req.url, 'http://localhost').searchParams;
  } catch {
    return { status: 400, reason: 'bad request target' };
  }
  const src = params.get('src');
  if (!src || !params.get('time') || !params.get('toneMapped')) return { status: 400, reason: 'expected src, time and toneMapped' };
  let source: URL;
  try {
    source = new URL(src);
  } catch {
    return { status: 400, reason: 'src is not a URL' };
  }
  if ((source.protocol !== 'http:' && source.protocol !== 'https:') || !LOOPBACK_NAME.test(source.hostname)) {
    return { status: 403, reason: 'src must be an http(s) URL on a loopback host' };
  }
  return null;
};

/** Ports of Remotion's servers for renders now running in this process (each held by one). */
const remotionPorts = new Map<number, number>();

/** Marks `port` as a render's Remotion port until the returned release is called. */
export const holdRemotionPort = (port: number): (() => void) => {
  remotionPorts.set(port, (remotionPorts.get(port) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const n = (remotionPorts.get(port) ?? 1) - 1;
    if (n > 0) remotionPorts.set(port, n);
    else remotionPorts.delete(port);
  };
};

const guardListener =
  (inner: Listener): Listener =>
  (req, res) => {
    const answer = (status: number, reason: string) => {
      if (res.headersSent) res.destroy();
      else res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(reason);
    };
    if (remotionPorts.has(req.socket.localPort ?? -1) && req.method !== 'OPTIONS' && req.url?.startsWith('/proxy')) {
      const refusal = proxyRefusal({ url: req.url, host: req.headers.host, origin: req.headers.origin });
      if (refusal) return answer(refusal.status, refusal.reason);
    }
    try {
      inner(req, res);
    } catch {
      answer(400, 'bad request');
    }
  };

/**
 * Makes every server Remotion starts from now on in this process (renders' and Studio's) listen
 * on 127.0.0.1 instead of all interfaces. True if that held. Idempotent; also what
 * remotion.config.ts calls for `npx remotion studio` / `npx remotion render`.
 */
export const bindRemotionToLoopback = (): boolean => {
  try {
    const config = RenderInternals.getPortConfig(false) as { host: string; hostsToTry: string[] };
    config.host = REMOTION_HOST;
    return RenderInternals.getPortConfig(true).host === REMOTION_HOST;
  } catch {
    return false;
  }
};

let listenersGuarded = false;
/**
 * Wraps `http.createServer` so every request listener given to it runs in a try/catch and
 * Remotion's `/proxy` on a held port passes `proxyRefusal` first. True if that held. Idempotent.
 */
export const guardRequestListeners = (): boolean => {
  if (listenersGuarded) return true;
  try {
    const create = http.createServer;
    const wrapped = ((...args: unknown[]) =>
      create(...(args.map((a) => (typeof a === 'function' ? guardListener(a as Listener) : a)) as Parameters<typeof create>))) as typeof http.createServer;
    http.createServer = wrapped;
    listenersGuarded = http.createServer === wrapped;
  } catch {
    listenersGuarded = false;
  }
  return listenersGuarded;
};

/**
 * Installs both guards before a render starts Remotion's server. Returns which held:
 * `loopback` (its server binds 127.0.0.1), `proxy` (its `/proxy` cannot end the process).
 */
export const guardRemotionServer = (): { loopback: boolean; proxy: boolean } => ({ loopback: bindRemotionToLoopback(), proxy: guardRequestListeners() });

/** The warnings a render prints when a guard did not hold (empty when both did). */
export const guardWarnings = (g: { loopback: boolean; proxy: boolean }): string[] => [
  ...(g.loopback ? [] : ["warning: Remotion's render server listens on all interfaces (this Remotion version has no host option screenplay can set)"]),
  ...(g.proxy ? [] : ["warning: Remotion's /proxy is unguarded: a malformed request to it can end the render"]),
];

/**
 * A TCP port free on 127.0.0.1 now (the kernel's choice, from the ephemeral range), for
 * Remotion's server: passed as `port` to every Remotion call of one render, so the page's origin
 * (`http://localhost:PORT`) is known before the capture dir is served to it.
 */
export const pickRemotionPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, REMOTION_HOST, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/** The origin of the page Remotion renders in, for a server on `port` (what Remotion loads). */
export const remotionOrigin = (port: number): string => `http://localhost:${port}`;
