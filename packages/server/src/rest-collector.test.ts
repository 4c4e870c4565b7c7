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
const collections = [];
collectGarbageAtRest({ everyMs: 100, log: (m) => collections.push(m) });

// A burst: objects that live through many young collections (so reach the old generation) and through a busy
// second (in slices, so that the collector's checks run: none may collect), then are garbage.
// A third of it stays, spread over every page the burst filled. (Held by globals: V8 drops a local that nothing
// reads any more.)
globalThis.burst = [];
globalThis.survivors = [];
for (let i = 0; i < 600_000; i++) {
  const o = { id: 'connection-' + i, at: [i, i + 1], state: { i } };
  globalThis.burst.push(o);
  if (i % 3 === 0) globalThis.survivors.push(o);
}
const busyUntil = Date.now() + 1000;
while (Date.now() < busyUntil) {
  const slice = Date.now() + 50;
  while (Date.now() < slice);
  await tick();
}
const busyCollections = collections.length;
globalThis.burst = null;
const usedBefore = usedMb();

// At rest: one collection.
const deadline = Date.now() + 10_000;
while (collections.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
const usedAfter = usedMb();
const slackAfter = oldSlackMb();
// Ten more checks at rest: nothing more to give back, so no more collections.
await new Promise((r) => setTimeout(r, 1000));
console.log(JSON.stringify({ busyCollections, usedBefore, usedAfter, slackAfter, collections: collections.length }));
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
