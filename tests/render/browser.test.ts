import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser, offlineWrapper } from '../../src/render/browser';
import { PROJECT_ROOT } from '../../src/render/render';

describe('browser for rendering', () => {
  it('uses the system Chromium through the offline wrapper', () => {
    const choice = findBrowser(PROJECT_ROOT, {});
    expect(choice).not.toBeNull();
    expect(choice!.browser).toBe('/usr/bin/chromium');
    expect(choice!.executable).toBe(offlineWrapper(PROJECT_ROOT));
  });

  it('REMOTION_BROWSER_EXECUTABLE wins, and must be executable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-browser-'));
    const fake = path.join(dir, 'my-chrome');
    fs.writeFileSync(fake, '#!/bin/sh\n');
    fs.chmodSync(fake, 0o755);
    expect(findBrowser(PROJECT_ROOT, { REMOTION_BROWSER_EXECUTABLE: fake })).toMatchObject({ browser: fake, source: 'env' });
    expect(() => findBrowser(PROJECT_ROOT, { REMOTION_BROWSER_EXECUTABLE: path.join(dir, 'missing') })).toThrow(/not an executable file/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the wrapper starts the real browser with the offline flags and passes the rest through', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-browser-'));
    const fake = path.join(dir, 'echo-args');
    fs.writeFileSync(fake, '#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n');
    fs.chmodSync(fake, 0o755);
    const out = execFileSync(offlineWrapper(PROJECT_ROOT), ['--headless=old', 'about:blank'], {
      env: { ...process.env, SCREENPLAY_REAL_BROWSER: fake },
      encoding: 'utf8',
    }).split('\n');
    expect(out).toContain('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1');
    expect(out).toContain('--disable-background-networking');
    expect(out).toContain('--headless=old');
    expect(out).toContain('about:blank');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
