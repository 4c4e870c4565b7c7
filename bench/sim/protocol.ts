/** Messages between the coordinator (bench/run.ts) and the load-generator worker processes (bench/sim/worker.ts). */

export type ActionName = 'view' | 'post' | 'react' | 'typing' | 'unreads';

/** Relative weights of the actions a simulated user takes (normalised by the worker). */
export type Weights = Record<ActionName, number>;

export type WorkerInit = {
  t: 'init';
  worldPath: string;
  url: string;
  index: number;
  workers: number;
  seed: number;
  /** Mean time between one user's actions (exponential gaps), ms. */
  meanThinkMs: number;
  weights: Weights;
  replyShare: number;
  mentionShare: number;
  /** Connect only, never act (idle mode). */
  idle: boolean;
};

export type ToWorker =
  | WorkerInit
  | { t: 'activate'; users: number[]; intervalMs: number }
  | { t: 'postSent'; pid: string; channel: number; t0: number }
  | { t: 'stop' }
  | { t: 'finish' }
  | { t: 'exit' };

export type Counters = Record<string, number>;

export type FromWorker =
  | { t: 'ready' }
  | { t: 'postSent'; pid: string; channel: number; t0: number }
  | { t: 'stats'; hist: Record<string, string>; counters: Counters; final: boolean }
  | { t: 'log'; message: string };

/** Microseconds on the machine-wide monotonic clock (CLOCK_MONOTONIC is shared by every process on Linux). */
export const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);
