import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// renderMany is replaced: this checks where demo writes, not how it renders.
const outs: string[] = [];
vi.mock('../../src/render/render', async (orig) => ({
  ...(await orig<typeof import('../../src/render/render')>()),
  renderMany: async (o: { jobs: Array<{ out: string }> }) =>
    o.jobs.map((j) => {
      outs.push(j.out);
      return { out: j.out, width: 16, height: 9, durationInFrames: 1, fps: 30, renderMs: 1, stages: {}, cached: { metadata: false, layers: false } };
    }),
}));

const ROOT = path.join(__dirname, '..', '..');
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-demo-')));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('screenplay demo', () => {
  it.each([
    { name: 'by default into ./out of the current folder, never the package', args: [], dir: path.join(tmp, 'out') },
    { name: '--out relative to the current folder', args: ['--out', 'videos'], dir: path.join(tmp, 'videos') },
  ])('$name', async ({ args, dir }) => {
    outs.length = 0;
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue(tmp);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { main } = await import('../../src/cli/main');
      expect(await main(['demo', ...args])).toBe(0);
    } finally {
      cwd.mockRestore();
      err.mockRestore();
    }
    expect(outs.map((o) => path.dirname(o))).toEqual([dir, dir, dir, dir]);
    expect(outs.map((o) => path.basename(o))).toEqual(['demo-landscape.mp4', 'demo-tiktok.mp4', 'demo-square.mp4', 'demo-portrait.mp4']);
    for (const o of outs) expect(o.startsWith(ROOT + path.sep)).toBe(false);
  });
});
