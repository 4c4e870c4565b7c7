import { HistogramSet, type LatencySummary } from '../lib/hist.ts';
import { Api } from '../lib/http.ts';
import { Rng, Weighted } from '../lib/rand.ts';
import { resolve } from 'node:path';
import { freePort, prewarm, ProcSampler, ROOT, round1, startServerProcess, type ServerProcess } from '../lib/server.ts';
import { log, prepare, sleep, type CommonOptions, type Environment } from '../lib/setup.ts';
import { searchQuery } from '../lib/text.ts';
import { nowUs } from '../sim/protocol.ts';

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
    const summary = (h: HistogramSet) => {
      const lat = h.summaries();
      return { channel_posts: lat['channel_posts'], channel_posts_by_kind: loadsByKind(lat), search: lat['search'] };
    };
    const a = summary(pooled.a);
    const b = summary(pooled.b);
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

/** One measured run of channel loads and searches against a running server. */
async function measure(common: CommonOptions, o: HistoryOptions, env: Environment, server: ServerProcess) {
  const sampler = new ProcSampler(server.pid, () => [], common.db === 'postgres' ? env.db.name : undefined);
  const api = new Api(server.url, Math.max(4, o.concurrency));
  const rng = new Rng(common.seed ^ 0x4157);
  const { world, tokens } = env;
  // Busy channels are opened more often: channels are picked in proportion to their posts.
  const byPosts = new Weighted(env.channelPosts.map((n) => n));
  const hist = new HistogramSet();
  const errors: Record<string, number> = {};
  const resultSizes: number[] = [];
  let searchAvailable = true;
  try {
    const warmStart = Date.now();
    prewarm(env.db);
    log(`database files read into the OS cache in ${((Date.now() - warmStart) / 1000).toFixed(1)} s`);
    sampler.start();
    await sleep(2000);

    // What this server process has seen before each load, to split the latency by what the server must read: a
    // user's first request (session, memberships), a channel's first load (the page itself), both, or neither.
    const seenUsers = new Set<number>();
    const seenChannels = new Set<string>();
    let pageBytes = 0;
    const channelLoad = async (name: string) => {
      const c = world.channels[byPosts.pick(rng)]!;
      const user = rng.pick(c.members);
      const kind = `${seenUsers.has(user) ? 'known_user' : 'new_user'}.${seenChannels.has(c.id) ? 'known_channel' : 'new_channel'}`;
      seenUsers.add(user);
      seenChannels.add(c.id);
      const t0 = nowUs();
      const res = await api.requestStatus('GET', `/channels/${c.id}/posts?page=0&per_page=60`, tokens[user]);
      const us = nowUs() - t0;
      hist.record(name, us);
      if (name === 'channel_posts') {
        hist.record(`channel_posts.${kind}`, us);
        pageBytes += res.bytes;
      }
      if (res.status !== 200) errors[`${name}.${res.status}`] = (errors[`${name}.${res.status}`] ?? 0) + 1;
    };
    const search = async (name: string) => {
      const user = rng.int(world.users.length);
      const team = world.teams[world.users[user]!.team]!;
      const mine = world.channels.filter((c) => c.team === world.users[user]!.team && c.members.includes(user));
      const q = searchQuery(rng, { username: () => world.users[rng.int(world.users.length)]!.username, channelName: () => rng.pick(mine).name });
      const t0 = nowUs();
      const res = await api.request('POST', `/teams/${team.id}/posts/search`, tokens[user], { terms: q.terms, is_or_search: false, time_zone_offset: 0, include_deleted_channels: false, page: 0, per_page: 60 });
      const us = nowUs() - t0;
      if (res.status === 404 && res.body.includes('api.context.404')) {
        searchAvailable = false;
        return;
      }
      hist.record(name, us);
      if (name === 'search') hist.record(`search.${q.kind}`, us);
      if (res.status !== 200) {
        errors[`${name}.${res.status}`] = (errors[`${name}.${res.status}`] ?? 0) + 1;
        if ((errors[`${name}.${res.status}`] ?? 0) <= 3) log(`  search ${JSON.stringify(q.terms)} → ${res.status} ${res.body.slice(0, 200)}`);
      } else if (name === 'search') {
        resultSizes.push((JSON.parse(res.body) as { order?: string[] }).order?.length ?? 0);
      }
    };
    const run = async (n: number, fn: () => Promise<void>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: o.concurrency }, async () => {
          while (next < n && searchAvailable) {
            next++;
            await fn();
          }
        }),
      );
    };

    log(`channel loads: ${o.warmup} warm-up${o.purge ? ', the caches purged' : ''}, then ${o.requests} measured (${o.concurrency} at a time)`);
    await run(o.warmup, () => channelLoad('warmup'));
    if (o.purge) {
      // The warm-up brought the server's code up to speed (V8 compiles what runs often); the purge empties what it
      // remembers (sessions, read checks, pages), so the measured loads read as much from the database as a fresh
      // server's would, at the speed of one that has been running.
      const purged = await api.request('POST', '/caches/invalidate', env.adminToken);
      if (purged.status !== 200) throw new Error(`POST /caches/invalidate: ${purged.status} ${purged.body.slice(0, 200)} (a server without it: --keep-caches)`);
      seenUsers.clear();
      seenChannels.clear();
    }
    const loadsFrom = Date.now();
    await run(o.requests, () => channelLoad('channel_posts'));
    const loadsSys = sampler.summary(loadsFrom);
    const loadsSeconds = (Date.now() - loadsFrom) / 1000;

    log(`searches: ${Math.min(o.warmup, 100)} warm-up, then ${o.searches} measured`);
    await run(Math.min(o.warmup, 100), () => search('search_warmup'));
    const searchFrom = Date.now();
    if (searchAvailable) await run(o.searches, () => search('search'));
    else log('  search is not available on this server (404 for POST /teams/{id}/posts/search): skipped');
    const searchSys = sampler.summary(searchFrom);
    const searchSeconds = (Date.now() - searchFrom) / 1000;

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
    api.close();
  }
}
