import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { HistogramSet } from '../lib/hist.ts';
import { TSX, raisePriority } from '../lib/server.ts';
import type { Counters, FromWorker, ToWorker, WorkerInit } from './protocol.ts';

/**
 * The load-generator worker processes and the aggregation of what they measure. Histograms arrive as one-second
 * interval snapshots and are added to every open window (the whole run, the current step, the last few seconds).
 */
export class WorkerPool {
  private readonly children: ChildProcess[] = [];
  private readonly counters: Counters[] = [];
  private readonly windows = new Set<HistogramSet>();
  private finals = 0;
  private finalWaiters: Array<() => void> = [];

  constructor(
    readonly size: number,
    private readonly log: (s: string) => void,
  ) {}

  get pids(): number[] {
    return this.children.map((c) => c.pid!).filter(Boolean);
  }

  async start(init: Omit<WorkerInit, 'index' | 'workers' | 't'>): Promise<void> {
    const ready: Array<Promise<void>> = [];
    for (let i = 0; i < this.size; i++) {
      const child = fork(join(import.meta.dirname, 'worker.ts'), [], { execArgv: ['--import', TSX], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      this.children.push(child);
      raisePriority(child.pid!);
      this.counters.push({});
      ready.push(
        new Promise<void>((resolve, reject) => {
          child.once('exit', (code) => reject(new Error(`worker ${i} exited with ${code}`)));
          child.on('message', (m: FromWorker) => {
            if (m.t === 'ready') resolve();
            else this.onMessage(i, m);
          });
        }),
      );
      child.send({ t: 'init', index: i, workers: this.size, ...init } satisfies ToWorker);
    }
    await Promise.all(ready);
  }

  private onMessage(i: number, m: FromWorker): void {
    switch (m.t) {
      case 'postSent':
        for (const c of this.children) c.send(m satisfies ToWorker);
        break;
      case 'stats':
        this.counters[i] = m.counters;
        for (const w of this.windows) w.addEncoded(m.hist);
        if (m.final && ++this.finals === this.size) for (const r of this.finalWaiters.splice(0)) r();
        break;
      case 'log':
        this.log(m.message);
        break;
    }
  }

  /** A histogram window that collects from now until closed. */
  openWindow(): HistogramSet {
    const w = new HistogramSet();
    this.windows.add(w);
    return w;
  }

  closeWindow(w: HistogramSet): void {
    this.windows.delete(w);
  }

  /** Counters summed over the workers (cumulative since start; loop delay is the worst worker's). */
  totals(): Counters {
    const out: Counters = {};
    for (const c of this.counters) {
      for (const [k, v] of Object.entries(c)) out[k] = k.startsWith('loop_delay') ? Math.max(out[k] ?? 0, v) : (out[k] ?? 0) + v;
    }
    return out;
  }

  /** Activates users, spread over the workers by index (user i lives in worker i mod size), at `rate` per second. */
  activate(users: number[], rate: number): void {
    const per: number[][] = this.children.map(() => []);
    for (const u of users) per[u % this.size]!.push(u);
    const intervalMs = (1000 * this.size) / rate;
    this.children.forEach((c, i) => c.send({ t: 'activate', users: per[i]!, intervalMs } satisfies ToWorker));
  }

  stopActions(): void {
    for (const c of this.children) c.send({ t: 'stop' } satisfies ToWorker);
  }

  /** Settles every outstanding post (lost if not received by now) and collects the last counters. */
  async finish(): Promise<void> {
    const done = new Promise<void>((r) => this.finalWaiters.push(r));
    for (const c of this.children) c.send({ t: 'finish' } satisfies ToWorker);
    await Promise.race([done, new Promise((r) => setTimeout(r, 30_000))]);
  }

  async close(): Promise<void> {
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.send({ t: 'exit' } satisfies ToWorker);
            setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
  }
}

/** Counter differences b − a (both cumulative). */
export function delta(a: Counters, b: Counters): Counters {
  const out: Counters = {};
  for (const [k, v] of Object.entries(b)) out[k] = k.startsWith('loop_delay') || k === 'ws.open_now' ? v : v - (a[k] ?? 0);
  return out;
}

/** What counts as an error in a run: failed requests and sockets, lost, duplicated or out-of-order events. */
export function errorCount(c: Counters): number {
  return (
    (c['errors.total'] ?? 0) +
    (c['lost'] ?? 0) +
    (c['seq_gaps'] ?? 0) +
    (c['seq_backwards'] ?? 0) +
    (c['duplicates'] ?? 0)
  );
}
