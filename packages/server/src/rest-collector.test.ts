import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// The collector changes its process's V8 flags and collects its heap: it runs in a process of its own.
const script = `
import { collectGarbageAtRest } from ${JSON.stringify(new URL('./rest-collector.ts', import.meta.url).href)};
import { getHeapStatistics, getHeapSpaceStatistics } from 'node:v8';
const usedMb = () => getHeapStatistics().used_heap_size / 1048576;
/** Old-generation memory held from the system but holding nothing. */
const oldSlackMb = () => {
  const old = getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
  return (old.physical_space_size - old.space_used_size) / 1048576;
};
const tick = () => new Promise((resolve) => setImmediate(resolve));
// Each check's outcome (true: it collected), and a way to wait for the next check.
const checks = [];
let waiters = [];
const nextCheck = () => new Promise((resolve) => waiters.push(resolve));
collectGarbageAtRest({ everyMs: 100, onCheck: (collected) => { checks.push(collected); for (const w of waiters.splice(0)) w(); } });
const collections = () => checks.filter(Boolean).length;
// The collector's timer does not keep a process alive; this process lives until it has reported.
const alive = setInterval(() => undefined, 60_000);

// A burst: objects that live through many young collections (so reach the old generation) and through five checks
// while the process is busy (in slices, so that the checks run: none may collect), then are garbage.
// A third of it stays, spread over every page the burst filled. (Held by globals: V8 drops a local that nothing
// reads any more.)
globalThis.burst = [];
globalThis.survivors = [];
for (let i = 0; i < 600_000; i++) {
  const o = { id: 'connection-' + i, at: [i, i + 1], state: { i } };
  globalThis.burst.push(o);
  if (i % 3 === 0) globalThis.survivors.push(o);
}
const busyFrom = checks.length;
while (checks.length < busyFrom + 5) {
  const slice = Date.now() + 50;
  while (Date.now() < slice);
  await tick();
}
const busyCollections = collections();
globalThis.burst = null;
const usedBefore = usedMb();

// At rest: a collection, within fifty checks.
for (let i = 0; i < 50 && collections() === busyCollections; i++) await nextCheck();
const usedAfter = usedMb();
const slackAfter = oldSlackMb();
// Ten more checks at rest: nothing more to give back, so no more collections.
for (let i = 0; i < 10; i++) await nextCheck();
console.log(JSON.stringify({ busyCollections, usedBefore, usedAfter, slackAfter, collections: collections() }));
clearInterval(alive);
`;

it('gives a burst’s garbage back to the system once the process is at rest, once, and never while it is busy', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 30_000 });
  const r = JSON.parse(stdout) as { busyCollections: number; usedBefore: number; usedAfter: number; slackAfter: number; collections: number };
  assert.equal(r.busyCollections, 0, 'no collection while busy');
  assert.equal(r.collections, 1, 'one collection at rest');
  assert.ok(r.usedBefore - r.usedAfter > 25, `the burst's garbage is gone (heap ${r.usedBefore.toFixed(1)} → ${r.usedAfter.toFixed(1)} MB)`);
  // Compacted: the survivors moved together and the pages they were spread over went back to the system.
  assert.ok(r.slackAfter < 8, `old-generation pages holding nothing: ${r.slackAfter.toFixed(1)} MB`);
});
