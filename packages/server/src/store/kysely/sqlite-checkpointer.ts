import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

/** How often the checkpointer copies committed pages from the WAL into the database file. */
const CHECKPOINT_EVERY_MS = 200;

export type CheckpointResult = { busy: number; log: number; checkpointed: number };

export type Checkpointer = {
  /** Checkpoints now and resolves with SQLite's answer (the WAL frames, and how many are in the database file). */
  checkpoint(): Promise<CheckpointResult>;
  /** Stops the thread and closes its connection; the caller's connection then does the final checkpoint at close. */
  stop(): Promise<void>;
};

// The thread's code: its own connection to the same file, a PASSIVE checkpoint on a timer and on request. PASSIVE
// never waits for nor blocks the server's connection: it copies what no reader still needs, and SQLite restarts
// the WAL from its beginning at the next write once everything has been copied. Plain CommonJS, so the thread
// needs no TypeScript loader.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
const timer = setInterval(() => { try { checkpoint(); } catch {} }, workerData.every);
parentPort.on('message', (m) => {
  if (m.stop) { clearInterval(timer); db.close(); parentPort.close(); return; }
  let result; try { result = checkpoint(); } catch (e) { result = { error: String(e && e.message || e) }; }
  parentPort.postMessage({ id: m.id, result });
});
`;

function describe(thrown: unknown): string {
  if (thrown && typeof thrown === 'object') {
    const o = thrown as { code?: unknown; message?: unknown };
    return [o.code, o.message].filter((v) => typeof v === 'string' && v).join(': ') || String(thrown);
  }
  return String(thrown);
}

/**
 * Moves SQLite's WAL checkpoints off the server's thread. With SQLite's automatic checkpoint the commit that fills
 * the WAL past 1,000 pages copies them all into the database file and syncs it, on the event loop: ≈ 10 ms during
 * which no request or WebSocket event moves (under load, ≈ 1 commit in 8 that writes a post). Here the committing
 * thread only appends to the WAL; a thread of its own copies the pages back every CHECKPOINT_EVERY_MS.
 *
 * `onFailure` runs if the thread cannot start or dies: the caller turns automatic checkpoints back on, so the WAL
 * never grows without bound.
 */
export function startCheckpointer(file: string, onFailure: (err: Error) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { file, driver, every: CHECKPOINT_EVERY_MS } });
  // The thread must not keep a process that is otherwise done from exiting; it holds the loop only while an answer
  // from it is awaited.
  worker.unref();
  const waiting = new Map<number, { resolve: (r: CheckpointResult) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let stopped = false;
  let failed = false;
  const fail = (thrown: unknown) => {
    // An error thrown in the thread arrives cloned, not always as an Error with its message.
    const err = thrown instanceof Error && thrown.message ? thrown : new Error(`the checkpoint thread failed: ${describe(thrown)}`);
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
    if (stopped || failed) return;
    failed = true;
    onFailure(err);
  };
  worker.on('message', (m: { id: number; result: CheckpointResult | { error: string } }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (waiting.size === 0) worker.unref();
    if ('error' in m.result) w?.reject(new Error(m.result.error));
    else w?.resolve(m.result);
  });
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('the checkpoint thread exited')));
  return {
    checkpoint() {
      if (stopped || failed) return Promise.reject(new Error('the checkpoint thread is not running'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id });
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (failed) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      worker.postMessage({ stop: true });
      await exited;
    },
  };
}
