// Keeps `endorse restore` from replacing data under a running server. Every
// server holds a shared lock on `<data dir>/server.lock` for as long as it
// runs; restore takes the lock exclusively, so it refuses while any server
// runs, and no server starts while a restore is under way. The lock is
// SQLite's own file lock (a read transaction on an empty rollback-journal
// database): the operating system drops it when the process ends, however it
// ends, so a crashed server never blocks a restore. Each server also leaves
// its process id in `<data dir>/servers/`, so that restore can say which
// process to stop.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';

export interface HeldLock {
  release(): void;
}

/** A server holds the lock; `pids` are those of the servers still running (empty when they cannot be named). */
export class ServersRunningError extends Error {
  readonly pids: number[];
  constructor(pids: number[]) {
    super(
      pids.length > 1
        ? `${pids.length} servers are running on this installation (processes ${pids.join(', ')})`
        : pids.length
          ? `a server is running on this installation (process ${pids[0]})`
          : 'a server is running on this installation',
    );
    this.name = 'ServersRunningError';
    this.pids = pids;
  }
}

export class RestoreUnderWayError extends Error {
  constructor(dataDir: string) {
    super(`a restore is under way in ${dataDir}; start the server again when it has finished`);
    this.name = 'RestoreUnderWayError';
  }
}

const isBusy = (e: unknown) => (e as { code?: string }).code?.startsWith('SQLITE_BUSY') ?? false;

function openLock(dataDir: string): SQLite.Database {
  mkdirSync(dataDir, { recursive: true });
  return new SQLite(join(dataDir, 'server.lock'), { timeout: 0 });
}

/** Held by a running server until `release()` (or until the process ends). */
export function holdServerLock(dataDir: string): HeldLock {
  const lock = openLock(dataDir);
  try {
    lock.exec('BEGIN');
    lock.prepare('select count(*) from sqlite_master').get();
  } catch (e) {
    lock.close();
    throw isBusy(e) ? new RestoreUnderWayError(dataDir) : e;
  }
  const servers = join(dataDir, 'servers');
  const pidFile = join(servers, String(process.pid));
  mkdirSync(servers, { recursive: true });
  writeFileSync(pidFile, `${process.pid}\n`);
  return {
    release() {
      rmSync(pidFile, { force: true });
      lock.close();
    },
  };
}

/** Taken by restore; throws ServersRunningError while any server runs. */
export function takeRestoreLock(dataDir: string): HeldLock {
  const lock = openLock(dataDir);
  try {
    lock.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    lock.close();
    throw isBusy(e) ? new ServersRunningError(runningServers(dataDir)) : e;
  }
  // No server runs: whatever process ids are left are those of servers that crashed.
  rmSync(join(dataDir, 'servers'), { recursive: true, force: true });
  return {
    release() {
      lock.exec('ROLLBACK');
      lock.close();
    },
  };
}

function runningServers(dataDir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(join(dataDir, 'servers'));
  } catch {
    return [];
  }
  return names
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0 && isAlive(pid))
    .sort((a, b) => a - b);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
