import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'liaise.js');
const root = mkdtempSync(join(tmpdir(), 'liaise-startup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every path under `dir` with its permission bits. */
function modes(dir: string): Array<{ path: string; dir: boolean; mode: number }> {
  const out: Array<{ path: string; dir: boolean; mode: number }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push({ path, dir: true, mode: statSync(path).mode & 0o777 }, ...modes(path));
    else if (entry.isFile()) out.push({ path, dir: false, mode: statSync(path).mode & 0o777 });
  }
  return out;
}

describe('the built CLI starts with every secret in the environment and no data directory yet', () => {
  it('opens (no ENOENT …/server.pid), keeps its data owner-only, and stops on SIGTERM', async () => {
    const dataDir = join(root, 'not', 'yet', 'there');
    const child = spawn(process.execPath, [bin, 'serve'], {
      env: {
        PATH: process.env['PATH'] ?? '',
        TZ: 'UTC',
        LIAISE_DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        WHATSAPP_ACCESS_TOKEN: 'SIMtoken',
        WHATSAPP_APP_SECRET: 'app-secret-for-startup-test',
        WHATSAPP_VERIFY_TOKEN: 'verify-token-for-startup-test',
        LIAISE_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
        LIAISE_DIGEST_KEY: `d1:${Buffer.alloc(32, 8).toString('base64')}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner in 90 s; stderr: ${stderr}`)), 90_000);
        const check = () => {
          const m = /Liaise is running at (http:\/\/\S+)/.exec(stdout);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        };
        child.stdout.on('data', check);
        void exited.then((code) => reject(new Error(`exited ${code} before opening; stderr: ${stderr}`)));
      });
      expect(stderr).not.toContain('ENOENT');
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ ok: true, database: 'pglite' });

      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      const all = modes(dataDir);
      expect(all.some((e) => e.path.endsWith('server.pid'))).toBe(true);
      expect(all.some((e) => e.path.endsWith('uploads') && e.dir)).toBe(true);
      expect(all.filter((e) => e.path.includes('pglite')).length).toBeGreaterThan(10);
      const loose = all.filter((e) => (e.dir ? e.mode !== 0o700 : e.mode & 0o077));
      expect(loose.map((e) => `${e.path.slice(dataDir.length)} ${e.mode.toString(8)}`)).toEqual([]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 150_000);
});
