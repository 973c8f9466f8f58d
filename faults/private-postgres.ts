/**
 * A PostgreSQL server of the harness's own, on a free loopback port and in a temporary directory,
 * so a scenario can stop, crash and restart it, or fill its disk, without touching the shared
 * server the rest of the suite uses. Built from the machine's PostgreSQL binaries (Debian's
 * postgresql package); as root the server runs as the `postgres` user, as PostgreSQL requires.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep } from './harness.js';

export interface PrivatePostgres {
  url: string;
  dir: string;
  /** `immediate` is a crash as far as the data is concerned: no shutdown checkpoint, recovery at the next start. */
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** Starts the server if it is not running (a full disk can stop it); true if it had to. */
  ensureRunning(): boolean;
  /** The disk under the data directory (a tmpfs of its own when made with `diskBytes`). */
  resizeDisk(bytes: number): void;
  usedBytes(): number;
  dispose(): void;
}

function binDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(base, v, 'bin', 'pg_ctl'))) return join(base, v, 'bin');
  throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (Debian package postgresql)');
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary as the `postgres` user when we are root (the server refuses to run as root). */
function pgRun(bin: string, args: string[]): string {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Makes and starts a private server. With `diskBytes`, its directory is a tmpfs of that size (root
 * only), which `resizeDisk` grows or shrinks to fill the disk on purpose.
 */
export async function startPrivatePostgres(o: { diskBytes?: number } = {}): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'liaise-faults-pg-'));
  const mounted = o.diskBytes !== undefined;
  if (mounted) {
    if (!isRoot()) throw new Error('a disk of its own (tmpfs) needs root');
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${o.diskBytes},mode=0700`, 'tmpfs', dir]);
  }
  const data = join(dir, 'data');
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  pgRun(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=16MB -c max_wal_size=64MB -c min_wal_size=32MB`;
  const ctl = (args: string[]) => pgRun(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const start = () => {
    ctl(['-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  };
  start();
  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    stop(mode = 'fast') {
      ctl(['-m', mode, '-w', '-t', '60', 'stop']);
    },
    start,
    ensureRunning() {
      const status = spawnSync(isRoot() ? 'runuser' : join(bin, 'pg_ctl'), [
        ...(isRoot() ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []),
        '-D',
        data,
        'status',
      ]);
      if (status.status === 0) return false;
      start();
      return true;
    },
    resizeDisk(bytes) {
      if (!mounted) throw new Error('this server has no disk of its own');
      execFileSync('mount', ['-o', `remount,size=${bytes}`, dir]);
    },
    usedBytes() {
      const out = execFileSync('du', ['-sb', dir], { encoding: 'utf8' });
      return Number(out.split(/\s/)[0]);
    },
    dispose() {
      spawnSync(isRoot() ? 'runuser' : join(bin, 'pg_ctl'), [
        ...(isRoot() ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []),
        '-D',
        data,
        '-m',
        'immediate',
        'stop',
      ]);
      if (mounted) spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // Wait until it takes connections (pg_ctl -w waits for the socket, not always for TCP).
  for (let i = 0; i < 100; i++) {
    if (spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).status === 0) break;
    await sleep(100);
  }
  return server;
}

/** Whether this machine can run the private-server scenarios (the binaries, and root or a postgres-owned temp). */
export function canRunPrivatePostgres(): boolean {
  try {
    binDir();
    return true;
  } catch {
    return false;
  }
}
