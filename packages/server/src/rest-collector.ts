import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';

/** How often the process looks at itself (a test asks for more often). */
const CHECK_MS = 10_000;
/** Below this share of the last check's interval spent working, the process is at rest. */
const REST_UTILIZATION = 0.05;
/** Heap growth since the last collection that makes one worth its pause. */
const GROWTH_BYTES = 8 * 1024 * 1024;

/**
 * Whether to collect now: the process was at rest over the last check (a pause costs nobody anything) and its heap
 * has grown by GROWTH_BYTES since the last collection (there is something to give back; at most one collection per
 * that much growth, so a process at rest is not collected again and again).
 */
function shouldCollect(utilization: number, usedBytes: number, usedAfterLastCollection: number): boolean {
  return utilization < REST_UTILIZATION && usedBytes - usedAfterLastCollection >= GROWTH_BYTES;
}

let started = false;

/**
 * Gives memory back after a burst, once the process is at rest. V8 collects its old generation when allocation
 * pushes it to the next limit, and a process that goes quiet allocates nothing: after 10,000 clients reconnect at
 * once (a restart, a network blip), their handshakes' garbage and a young generation grown to its maximum stay
 * resident until the next busy hour — 60–90 MB in the server. Browsers collect in idle time; Node has no idle
 * notification, and Go, which Mattermost runs on, forces a collection every two minutes. Here: a check every 10 s,
 * and one full collection when the last 10 s were at rest and the heap has grown since the last one. Started by the
 * process that owns it (`prat server`, the gateway process), for the process's life; a second call does nothing.
 * `onCheck` hears every check and whether it collected (a test counts them).
 */
export function collectGarbageAtRest(opts: { log?: (msg: string) => void; everyMs?: number; onCheck?: (collected: boolean) => void } = {}): void {
  if (started) return;
  started = true;
  const { log, everyMs = CHECK_MS, onCheck } = opts;
  const gc = exposeGc();
  let usedAfterLastCollection = 0;
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const utilization = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    const usedBytes = getHeapStatistics().used_heap_size;
    const collect = shouldCollect(utilization, usedBytes, usedAfterLastCollection);
    if (collect) {
      gc();
      usedAfterLastCollection = getHeapStatistics().used_heap_size;
      log?.(`collected at rest: heap ${mb(usedBytes)} → ${mb(usedAfterLastCollection)} MB`);
    }
    onCheck?.(collect);
  }, everyMs);
  timer.unref();
}

/**
 * A full, compacting collection. V8's gc() is had without a command-line flag (the flag takes effect for contexts
 * created after it is set). Without compaction the survivors stay spread over the pages the burst filled: after
 * 10,000 connections the server's old space kept 83 MB of pages for 37 MB of live objects.
 */
function exposeGc(): () => void {
  const gc =
    (globalThis as { gc?: () => void }).gc ??
    (() => {
      setFlagsFromString('--expose-gc');
      const fn = runInNewContext('gc') as () => void;
      setFlagsFromString('--no-expose-gc');
      return fn;
    })();
  return () => {
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
  };
}

const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
