import { fork, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { HistogramSet, type LatencySummary } from '../lib/hist.ts';
import { freePort, prewarm, ProcSampler, raisePriority, ROOT, round1, startServerProcess, TSX, type ServerProcess } from '../lib/server.ts';
import { log, prepare, sleep, type CommonOptions, type Environment } from '../lib/setup.ts';
import type { FromHistoryClient, HistoryClientInit, HistoryClientResult } from './history-client.ts';

export type HistoryOptions = {
  users: number;
  posts: number;
  requests: number;
  searches: number;
  warmup: number;
  /** Purge the server's caches (POST /caches/invalidate) after the warm-up, so the measured loads start from none. */
  purge: boolean;
  concurrency: number;
  /** Another checkout's server, measured in turn with this one over the same seeded database (`--ab DIR`). */
  ab?: string;
  /** A/B: how many times each server is measured. */
  rounds: number;
};

/**
 * A large history (posts seeded straight into the database), then channel loads (GET /channels/{id}/posts
 * ?per_page=60, the request behind every channel switch) and searches (POST /teams/{id}/posts/search), each by a
 * member of the channel or team. Requests go `concurrency` at a time over keep-alive connections.
 *
 * With `ab`, the database is seeded once and the two servers take turns on it (A, B, B, A, A, B, …), each run a
 * fresh server process making the same requests: on a machine whose speed drifts from hour to hour, only runs this
 * close together compare.
 */
export async function history(common: CommonOptions, o: HistoryOptions) {
  const env = await prepare(common, o.users, o.posts);
  try {
    if (!o.ab) return (await measure(common, o, env, env.server)).result;
    await env.server.stop();
    const roots = { a: resolve(common.serverRoot ?? ROOT), b: resolve(o.ab) };
    const runs: Array<Record<string, unknown>> = [];
    const pooled = { a: new HistogramSet(), b: new HistogramSet() };
    for (let round = 1; round <= o.rounds; round++) {
      // A, B then B, A: the server measured second in a pair runs on a database the first has just read (its
      // shared_buffers, the OS cache), so the order alternates rather than favour one side.
      for (const label of round % 2 === 1 ? (['a', 'b'] as const) : (['b', 'a'] as const)) {
        log(`A/B round ${round}/${o.rounds}: ${label.toUpperCase()} (${roots[label]})`);
        // PRAT_BENCH_SERVER_FLAGS_B: Node flags for B only, to compare flags on one code (`--ab` naming this checkout).
        const nodeFlags = label === 'b' ? process.env.PRAT_BENCH_SERVER_FLAGS_B : undefined;
        const server = await startServerProcess({ dir: env.dir, db: env.db, port: await freePort(), profile: false, serverRoot: roots[label], nodeFlags, log });
        try {
          const { result, hist } = await measure(common, o, env, server);
          runs.push({ server: label, round, ...result });
          pooled[label].addSet(hist);
        } finally {
          await server.stop();
        }
      }
    }
    const summary = (label: 'a' | 'b') => {
      const lat = pooled[label].summaries();
      const rss = runs.filter((r) => r.server === label).map((r) => r.server_rss_mb_max as number);
      return { channel_posts: lat['channel_posts'], channel_posts_by_kind: loadsByKind(lat), search_available: (lat['search']?.count ?? 0) > 0, search: lat['search'], server_rss_mb_max: Math.max(...rss) };
    };
    const a = summary('a');
    const b = summary('b');
    log(`A/B pooled channel page p50 / p95 / p99: A ${a.channel_posts?.p50_ms} / ${a.channel_posts?.p95_ms} / ${a.channel_posts?.p99_ms} ms, B ${b.channel_posts?.p50_ms} / ${b.channel_posts?.p95_ms} / ${b.channel_posts?.p99_ms} ms`);
    log(`A/B pooled search p50 / p99: A ${a.search?.p50_ms} / ${a.search?.p99_ms} ms, B ${b.search?.p50_ms} / ${b.search?.p99_ms} ms`);
    // The top-level figures are A's, pooled over its rounds; B's and every run's are under `ab`.
    return { world: env.stats, seeded_posts: o.posts, seed_seconds: round1(env.seedSeconds), params: o, ...a, ab: { a_root: roots.a, b_root: roots.b, rounds: o.rounds, a, b, runs } };
  } finally {
    await env.teardown();
  }
}

/** Channel-load latencies by kind (what the server had to read), from the `channel_posts.<kind>` histograms. */
const loadsByKind = (lat: Record<string, LatencySummary>) =>
  Object.fromEntries(Object.entries(lat).filter(([k]) => k.startsWith('channel_posts.')).map(([k, v]) => [k.slice('channel_posts.'.length), v]));

/** One measured run of channel loads and searches against a running server, made by a client process of its own. */
async function measure(common: CommonOptions, o: HistoryOptions, env: Environment, server: ServerProcess) {
  let client: ChildProcess | undefined;
  const sampler = new ProcSampler(server.pid, () => (client?.pid ? [client.pid] : []), common.db === 'postgres' ? env.db.name : undefined);
  try {
    const warmStart = Date.now();
    prewarm(env.db);
    log(`database files read into the OS cache in ${((Date.now() - warmStart) / 1000).toFixed(1)} s`);
    sampler.start();
    await sleep(2000);

    // PRAT_BENCH_CLIENT_FLAGS: Node flags for the client (`--trace-gc` shows what its own collector costs the timing).
    const clientFlags = (process.env.PRAT_BENCH_CLIENT_FLAGS ?? '').split(' ').filter(Boolean);
    const child = (client = fork(join(import.meta.dirname, 'history-client.ts'), [], { execArgv: [...clientFlags, '--import', TSX], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    raisePriority(child.pid!);
    const measured = await new Promise<HistoryClientResult>((resolve, reject) => {
      child.on('message', (m: FromHistoryClient) => {
        if (m.t === 'log') log(m.message);
        else if (m.t === 'done') resolve(m.result);
        else reject(new Error(`the history client failed: ${m.error}`));
      });
      child.once('exit', (code) => reject(new Error(`the history client exited with ${code}`)));
      child.send({
        url: server.url,
        worldPath: env.worldPath,
        adminToken: env.adminToken,
        channelPosts: env.channelPosts,
        seed: common.seed,
        requests: o.requests,
        searches: o.searches,
        warmup: o.warmup,
        purge: o.purge,
        concurrency: o.concurrency,
      } satisfies HistoryClientInit);
    });
    const hist = new HistogramSet();
    hist.addEncoded(measured.hist);
    const { errors, resultSizes, searchAvailable } = measured;
    const loadsSys = sampler.summary(measured.loads.from, measured.loads.until);
    const loadsSeconds = (measured.loads.until - measured.loads.from) / 1000;
    const searchSys = sampler.summary(measured.searches.from, measured.searches.until);
    const searchSeconds = (measured.searches.until - measured.searches.from) / 1000;
    const pageBytes = measured.pageBytes;

    const lat = hist.summaries();
    const result = {
      world: env.stats,
      seeded_posts: o.posts,
      seed_seconds: round1(env.seedSeconds),
      largest_channel_posts: Math.max(...env.channelPosts),
      params: o,
      channel_posts: lat['channel_posts'],
      channel_posts_per_s: round1(o.requests / loadsSeconds),
      channel_posts_kb_mean: round1(pageBytes / 1024 / o.requests),
      channel_posts_by_kind: loadsByKind(lat),
      search_available: searchAvailable,
      search: searchAvailable ? lat['search'] : undefined,
      search_per_s: searchAvailable ? round1(o.searches / searchSeconds) : undefined,
      search_by_kind: searchAvailable ? Object.fromEntries(Object.entries(lat).filter(([k]) => k.startsWith('search.')).map(([k, v]) => [k.slice(7), v])) : undefined,
      search_results_mean: resultSizes.length ? round1(resultSizes.reduce((a, b) => a + b, 0) / resultSizes.length) : undefined,
      search_results_empty_share: resultSizes.length ? round1((resultSizes.filter((x) => x === 0).length / resultSizes.length) * 100) : undefined,
      errors,
      system_channel_loads: loadsSys,
      system_search: searchAvailable ? searchSys : undefined,
      server_rss_mb_max: sampler.summary(0).server_rss_mb_max,
      profile_dir: server.profileDir,
    };
    const cp = result.channel_posts;
    log(`GET /channels/{id}/posts?per_page=60: p50 ${cp?.p50_ms} p95 ${cp?.p95_ms} p99 ${cp?.p99_ms} max ${cp?.max_ms} ms`);
    for (const [kind, k] of Object.entries(result.channel_posts_by_kind)) log(`  ${kind}: ${k.count} loads, p50 ${k.p50_ms} p95 ${k.p95_ms} p99 ${k.p99_ms} ms`);
    if (result.search) log(`search: p50 ${result.search.p50_ms} p95 ${result.search.p95_ms} p99 ${result.search.p99_ms} max ${result.search.max_ms} ms`);
    return { result, hist };
  } finally {
    sampler.stop();
    if (client && client.exitCode === null) client.kill();
  }
}
