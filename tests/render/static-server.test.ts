/**
 * The capture-dir server against raw requests: every malformed target, traversal, symlink and
 * range is answered with a status (never a crash), and the server still answers afterwards.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange, requestPath, serveFolder, type StaticServer } from '../../src/render/static-server';

const ORIGIN = 'http://localhost:3123';
let root: string;
let outside: string;
let server: StaticServer;
let port: number;
const BODY = '0123456789abcdefghij'; // 20 bytes

/** Sends raw bytes, returns the whole answer as text (status line, headers, body). */
const raw = (request: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.setTimeout(5000, () => socket.destroy());
    socket.write(request);
  });
const statusOf = (answer: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? NaN);
const header = (answer: string, name: string): string | undefined => new RegExp(`^${name}: (.*)$`, 'im').exec(answer.split('\r\n\r\n')[0] ?? '')?.[1]?.trim();
const body = (answer: string): string => answer.split('\r\n\r\n').slice(1).join('\r\n\r\n');
const get = (target: string, headers: Record<string, string> = {}, method = 'GET') =>
  raw(
    `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`,
  );
const stillUp = async () => {
  const a = await get('/data.bin');
  expect(statusOf(a)).toBe(200);
  expect(body(a)).toBe(BODY);
};

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-serve-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-outside-'));
  fs.writeFileSync(path.join(root, 'data.bin'), BODY);
  fs.writeFileSync(path.join(root, 'empty.json'), '');
  fs.mkdirSync(path.join(root, 'sub'));
  fs.writeFileSync(path.join(root, 'sub', 'a b.json'), '{"ok":true}');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'SECRET');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'out.json'));
  fs.symlinkSync(outside, path.join(root, 'outdir'));
  fs.symlinkSync('/etc/passwd', path.join(root, 'passwd'));
  fs.symlinkSync(path.join(root, 'data.bin'), path.join(root, 'in.bin'));
  fs.symlinkSync('sub', path.join(root, 'sublink'));
  server = await serveFolder(root, { allowOrigin: ORIGIN });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

describe('serveFolder: request targets', () => {
  it.each([
    ['bad percent-encoding (issue)', '/%E0%A4%A', 400],
    ['truncated escape', '/data%', 400],
    ['lone surrogate escape', '/%ED%A0%80', 400],
    ['NUL byte', '/data.bin%00.json', 400],
    ['absolute-form that does not parse (issue)', 'http://[/', 400],
    ['absolute-form', `http://127.0.0.1:1/data.bin`, 400],
    ['protocol-relative', '//etc/passwd', 400],
    ['asterisk-form', '*', 400],
    ['dot-dot traversal', '/../../../../etc/passwd', 404],
    ['encoded dot-dot', '/%2e%2e/%2e%2e/etc/passwd', 404],
    ['encoded slash and dot-dot', '/..%2f..%2fetc%2fpasswd', 404],
    ['backslash dot-dot', '/..%5c..%5cetc%5cpasswd', 404],
    ['the root itself', '/', 404],
    ['a folder', '/sub', 404],
    ['a missing file', '/nope.mp4', 404],
    ['symlink to a file outside (the issue: /etc/passwd)', '/passwd', 404],
    ['symlink to a file outside the dir', '/out.json', 404],
    ['through a symlinked folder outside', '/outdir/secret.txt', 404],
    ['symlink to a file inside', '/in.bin', 200],
    ['through a symlinked folder inside', '/sublink/a%20b.json', 200],
    ['an encoded name', '/sub/a%20b.json', 200],
    ['a query string', '/data.bin?x=%E0%A4%A', 200],
  ])('%s: %s → %i, and the server stays up', async (_name, target, status) => {
    const a = await get(target);
    expect(statusOf(a)).toBe(status);
    if (status !== 200) expect(a).not.toContain('SECRET');
    if (status !== 200) expect(a).not.toContain('root:');
    await stillUp();
  });

  it('answers garbage that is not HTTP with 400 and stays up', async () => {
    expect(statusOf(await raw('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n'))).toBe(400);
    expect(statusOf(await raw(`GET /data.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n`))).toBe(400);
    await stillUp();
  });

  it('refuses a rebound host name (403) and other methods (405)', async () => {
    expect(statusOf(await raw(`GET /data.bin HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`))).toBe(403);
    expect(statusOf(await raw(`GET /data.bin HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`))).toBe(200);
    expect(statusOf(await get('/data.bin', {}, 'POST'))).toBe(405);
    expect(statusOf(await get('/data.bin', {}, 'DELETE'))).toBe(405);
    await stillUp();
  });
});

describe('serveFolder: CORS', () => {
  it('allows only the render page origin, never *', async () => {
    const a = await get('/data.bin', { Origin: ORIGIN });
    expect(header(a, 'Access-Control-Allow-Origin')).toBe(ORIGIN);
    const b = await get('/data.bin', { Origin: 'http://evil.example' });
    expect(header(b, 'Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(a).not.toMatch(/Access-Control-Allow-Origin: \*/i);
    const pre = await get('/data.bin', { Origin: ORIGIN, 'Access-Control-Request-Headers': 'range' }, 'OPTIONS');
    expect(statusOf(pre)).toBe(204);
    expect(header(pre, 'Access-Control-Allow-Headers')).toContain('Range');
  });

  it('sends no CORS header at all when no origin is allowed', async () => {
    const s = await serveFolder(root, { allowOrigin: null });
    try {
      const r = await fetch(`${s.url}/data.bin`);
      expect(r.status).toBe(200);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await s.close();
    }
  });
});

describe('serveFolder: ranges and HEAD', () => {
  it.each([
    ['first bytes', 'bytes=0-3', 206, '0123', 'bytes 0-3/20'],
    ['open end', 'bytes=16-', 206, 'ghij', 'bytes 16-19/20'],
    ['suffix', 'bytes=-2', 206, 'ij', 'bytes 18-19/20'],
    ['suffix longer than the file', 'bytes=-500', 206, BODY, 'bytes 0-19/20'],
    ['end past the file', 'bytes=18-99999999999999999999999999', 206, 'ij', 'bytes 18-19/20'],
    ['start past the file', 'bytes=20-', 416, '', 'bytes */20'],
    ['huge start', `bytes=${'9'.repeat(400)}-`, 416, '', 'bytes */20'],
    ['end before start', 'bytes=5-2', 416, '', 'bytes */20'],
    ['empty suffix', 'bytes=-0', 416, '', 'bytes */20'],
    ['no numbers', 'bytes=-', 416, '', 'bytes */20'],
    ['letters', 'bytes=a-b', 416, '', 'bytes */20'],
    ['negative start', 'bytes=-3-5', 416, '', 'bytes */20'],
    ['several ranges', 'bytes=0-1,4-5', 416, '', 'bytes */20'],
    ['a long ill-formed header', `bytes=${'0-1,'.repeat(2000)}`, 416, '', 'bytes */20'],
    ['another unit is ignored', 'items=0-3', 200, BODY, undefined],
  ])('%s (%s) → %i', async (_name, range, status, content, contentRange) => {
    const a = await get('/data.bin', { Range: range });
    expect(statusOf(a)).toBe(status);
    expect(body(a)).toBe(content);
    expect(header(a, 'Content-Range')).toBe(contentRange);
    await stillUp();
  });

  it('HEAD gives the length and no body; an empty file is a 200 with nothing, and a range of it 416', async () => {
    const h = await get('/data.bin', {}, 'HEAD');
    expect(statusOf(h)).toBe(200);
    expect(header(h, 'Content-Length')).toBe('20');
    expect(body(h)).toBe('');
    const hr = await get('/data.bin', { Range: 'bytes=2-3' }, 'HEAD');
    expect([statusOf(hr), header(hr, 'Content-Length'), body(hr)]).toEqual([206, '2', '']);
    const e = await get('/empty.json');
    expect([statusOf(e), header(e, 'Content-Length'), body(e)]).toEqual([200, '0', '']);
    expect(statusOf(await get('/empty.json', { Range: 'bytes=0-' }))).toBe(416);
  });

  it('survives clients that leave mid-answer and a file removed while served', async () => {
    const big = path.join(root, 'big.mp4');
    fs.writeFileSync(big, Buffer.alloc(8 * 1024 * 1024, 7));
    await Promise.all(
      Array.from(
        { length: 5 },
        () =>
          new Promise<void>((resolve) => {
            const s = net.connect(port, '127.0.0.1', () => s.write(`GET /big.mp4 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
            s.once('data', () => {
              s.destroy();
              resolve();
            });
            s.on('error', () => resolve());
          }),
      ),
    );
    fs.rmSync(big);
    expect(statusOf(await get('/big.mp4'))).toBe(404);
    await stillUp();
  });
});

describe('pure parts', () => {
  it.each([
    [undefined, 10, null],
    ['bytes=0-0', 10, { start: 0, end: 0 }],
    ['bytes = 2-', 10, { start: 2, end: 9 }],
    ['bytes=-10', 10, { start: 0, end: 9 }],
    ['bytes=0-', 0, 'unsatisfiable'],
    ['bytes=-1', 0, 'unsatisfiable'],
  ] as const)('parseRange(%s, %i)', (h, size, want) => {
    expect(parseRange(h, size)).toEqual(want);
  });

  it.each([
    ['/a/b.mp4?x=1', '/a/b.mp4'],
    ['/a%20b#frag', '/a b'],
    ['/%E0%A4%A', null],
    ['http://[/', null],
    ['//host/x', null],
    ['', null],
    [undefined, null],
  ] as const)('requestPath(%s)', (target, want) => {
    expect(requestPath(target)).toBe(want);
  });
});

it('refuses to start on a folder that does not exist', async () => {
  await expect(serveFolder(path.join(root, 'missing'), { allowOrigin: null })).rejects.toThrow();
});
