/** `screenplay narrate` offline: the notice, a table of lines, narration.json, and a cached second run. */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { narrationSchema } from '../../src/narration';
import { startFakeElevenLabs } from '../helpers/fake-elevenlabs';
import { VOICE, skipWithout } from '../helpers/requires';

const skip = skipWithout('screenplay narrate with the offline voice', VOICE);

const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-narrate-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(skip)('screenplay narrate', () => {
  it('narrates every say line with the offline voice when there is no key, then from the cache', { timeout: 60_000 }, () => {
    const script = path.join(dir, 'video.yaml');
    fs.writeFileSync(
      script,
      'voice: { provider: elevenlabs, voice: Rachel }\nsteps:\n  - say: Hello there.\n  - wait: 1s\n  - say: { id: outro, text: "Live in seconds." }\n',
    );
    const env = { ...process.env };
    delete env.ELEVENLABS_API_KEY;
    const run = () => spawnSync(process.execPath, [BIN, 'narrate', script, '--out', path.join(dir, 'out')], { encoding: 'utf8', env });
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/ELEVENLABS_API_KEY is not set: using the offline voice \(espeak-ng\) instead of ElevenLabs/);
    expect(first.stderr).toMatch(/line 2\/2 outro: synthesising with espeak \(.*video\.yaml:5:5\)/);
    expect(first.stdout).toMatch(/^line\s+duration\s+words\s+text\n1\s+\d\.\d\d s\s+2\s+Hello there\.\noutro\s+\d\.\d\d s\s+3\s+Live in seconds\.\n$/);
    expect(first.stderr).toMatch(/narrated 2 line\(s\) with espeak .*: 2 synthesised, 0 cached/);
    const n = narrationSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'out', 'narration.json'), 'utf8')));
    expect(n.lines.map((l) => l.id)).toEqual(['1', 'outro']);
    const second = run();
    expect(second.stderr).toMatch(/2 line\(s\) with espeak .*: 0 synthesised, 2 cached/);
  });

  it('a wrong key quoted back by the service is printed nowhere: exit 2, dots in its place', { timeout: 60_000 }, async () => {
    const fake = await startFakeElevenLabs();
    const key = 'sk_cli_wrong_0123456789';
    const script = path.join(dir, 'keyed.yaml');
    fs.writeFileSync(script, 'voice: { provider: elevenlabs, voice: Rachel }\nsteps:\n  - say: Hello there.\n');
    const env = { ...process.env, ELEVENLABS_API_KEY: key, ELEVENLABS_BASE_URL: fake.baseUrl };
    // Asynchronously: the fake service answers from this process.
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [BIN, 'narrate', script, '--out', path.join(dir, 'keyed')], { encoding: 'utf8', env }, (_err, stdout, stderr) =>
        resolve({ code: child.exitCode, stdout, stderr }),
      );
    });
    await fake.close();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: .*ElevenLabs rejected the API key \(HTTP 401, invalid_api_key\): Invalid API key '••••••••'/);
    expect(r.stderr + r.stdout).not.toContain(key);
    expect(r.stderr + r.stdout).not.toContain(Buffer.from(key).toString('base64'));
    // Nothing the run left behind holds it either.
    const files = fs.existsSync(path.join(dir, 'keyed')) ? fs.readdirSync(path.join(dir, 'keyed'), { recursive: true, encoding: 'utf8' }) : [];
    for (const f of files) {
      const file = path.join(dir, 'keyed', f);
      if (fs.statSync(file).isFile()) expect(fs.readFileSync(file, 'latin1')).not.toContain(key);
    }
  });
});
