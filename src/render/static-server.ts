/**
 * Serves one folder on 127.0.0.1 with byte ranges and CORS, so the browser Remotion renders in
 * can read any capture dir on disk (capture.json and the recording) by URL.
 *
 * The request is untrusted input: a target that does not parse is a 400 and the server stays up;
 * only files whose real path (symlinks resolved) lies inside the folder are served; only the
 * one origin the render's page has may read the answers; a request naming another host than
 * the loopback one (DNS rebinding) is refused.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream';

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
};

export type StaticServer = { url: string; close: () => Promise<void> };

export type ServeFolderOptions = {
  /**
   * The one origin allowed to read the answers cross-origin (`Access-Control-Allow-Origin`),
   * e.g. "http://localhost:3123", the origin of the page Remotion renders. Null: no CORS header.
   */
  allowOrigin: string | null;
};

/** Loopback host names a Host header may carry (any port): anything else is a rebound name. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

/**
 * The byte range a Range header asks for, over a file of `size` bytes. Only single byte ranges
 * are served: `null` means "no range asked, answer 200" (no header, or a unit other than
 * bytes, which a server may ignore), `'unsatisfiable'` means 416 (an ill-formed byte range,
 * several ranges, or one outside the file), else the inclusive [start, end] in bytes.
 */
export const parseRange = (header: string | undefined, size: number): null | 'unsatisfiable' | { start: number; end: number } => {
  if (header === undefined) return null;
  const spec = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!spec) return null;
  const m = /^(\d*)-(\d*)$/.exec((spec[1] as string).trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'unsatisfiable';
  const first = m[1] === '' ? null : Number(m[1]);
  const last = m[2] === '' ? null : Number(m[2]);
  if (first === null) {
    // A suffix: the last N bytes.
    if (last === null || last === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - last), end: size - 1 };
  }
  if (first >= size || (last !== null && last < first)) return 'unsatisfiable';
  return { start: first, end: last === null ? size - 1 : Math.min(last, size - 1) };
};

/**
 * The path a request-target names, decoded, or null if it is not a plain origin-form path
 * ("/a/b.mp4?x"): absolute-form ("http://host/…"), authority-form, "*", bad percent-encoding
 * and NUL bytes are all null (a 400).
 */
export const requestPath = (target: string | undefined): string | null => {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  const raw = target.split(/[?#]/, 1)[0] as string;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return decoded.includes('\0') ? null : decoded;
};

const inside = (base: string, file: string): boolean => file.startsWith(base + path.sep);

/**
 * Starts serving `root` (a folder) on 127.0.0.1, on a free port. GET and HEAD of files inside
 * it (ranges included), OPTIONS for CORS preflights; 400 for a target that does not parse, 403
 * for a non-loopback Host, 404 for anything not a regular file inside the folder (symlinks
 * that leave it included), 405 for other methods, 416 for a bad range. Never throws from a
 * request. Rejects if the folder does not exist or no port can be bound.
 */
export const serveFolder = async (root: string, options: ServeFolderOptions): Promise<StaticServer> => {
  const base = await fs.promises.realpath(path.resolve(root));
  const reply = (res: http.ServerResponse, status: number, body = '', headers: http.OutgoingHttpHeaders = {}) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers }).end(body);
  };
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Vary', 'Origin');
    if (options.allowOrigin) {
      res.setHeader('Access-Control-Allow-Origin', options.allowOrigin);
      res.setHeader('Access-Control-Allow-Headers', 'Range, Content-Type');
      res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Accept-Ranges');
    }
    const host = req.headers.host;
    if (host !== undefined && !LOOPBACK_HOST.test(host)) return reply(res, 403, 'forbidden host');
    const rel = requestPath(req.url);
    if (rel === null) return reply(res, 400, 'bad request target');
    if (req.method === 'OPTIONS') return reply(res, 204);
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'method not allowed', { Allow: 'GET, HEAD, OPTIONS' });
    const asked = path.resolve(base, `.${rel}`);
    if (!inside(base, asked)) return reply(res, 404, 'not found');
    let file: string;
    let stat: fs.Stats;
    try {
      file = await fs.promises.realpath(asked);
      stat = await fs.promises.stat(file);
    } catch {
      return reply(res, 404, 'not found');
    }
    if (!inside(base, file) || !stat.isFile()) return reply(res, 404, 'not found');
    const size = stat.size;
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const range = parseRange(req.headers.range, size);
    if (range === 'unsatisfiable') return reply(res, 416, '', { 'Content-Range': `bytes */${size}` });
    const { start, end } = range ?? { start: 0, end: size - 1 };
    res.writeHead(range ? 206 : 200, {
      'Content-Type': type,
      'Content-Length': end - start + 1,
      'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    // A read error (the file vanished) or a client gone mid-answer ends this answer, nothing else.
    pipeline(fs.createReadStream(file, { start, end }), res, () => undefined);
  };
  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => reply(res, 500, 'internal error'));
  });
  // A request line or header Node cannot parse: 400, and the server stays up.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
