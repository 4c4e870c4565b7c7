/**
 * The `history` mode's client: a process of its own that makes the channel loads and searches and times them.
 *
 * Why a process of its own: the coordinator has seeded a million posts before the loads start, and V8 keeps the
 * young generation it grew for that. With a young generation that large next to a small old generation, V8 found its
 * old-generation limit "reached" every few hundred ms and ran full collections for the rest of the run (`--trace-gc`
 * in a PostgreSQL run: 30 mark-compacts during 3,000 loads, each 1.5–8 ms of pause and 5–17 ms of incremental
 * marking on the thread that times the requests). A fresh process measures the server, not the seeding.
 */
import { Api } from '../lib/http.ts';
import { HistogramSet } from '../lib/hist.ts';
import { Rng, Weighted } from '../lib/rand.ts';
import { searchQuery } from '../lib/text.ts';
import { loadWorld } from '../lib/world.ts';
import { nowUs } from '../sim/protocol.ts';

export type HistoryClientInit = {
  url: string;
  worldPath: string;
  adminToken: string;
  /** Posts per channel (world.channels order): busy channels are opened more often. */
  channelPosts: number[];
  seed: number;
  requests: number;
  searches: number;
  warmup: number;
  purge: boolean;
  concurrency: number;
};

export type HistoryClientResult = {
  /** HistogramSet.drain() of every latency recorded. */
  hist: Record<string, string>;
  errors: Record<string, number>;
  /** Wall-clock (ms since the epoch) bounds of the measured loads and searches, for the CPU sampler's windows. */
  loads: { from: number; until: number };
  searches: { from: number; until: number };
  pageBytes: number;
  searchAvailable: boolean;
  /** Results per measured search (its `order` length). */
  resultSizes: number[];
};

export type FromHistoryClient = { t: 'log'; message: string } | { t: 'done'; result: HistoryClientResult } | { t: 'failed'; error: string };

const send = (m: FromHistoryClient) => process.send!(m);
const log = (message: string) => send({ t: 'log', message });

async function measure(o: HistoryClientInit): Promise<HistoryClientResult> {
  const { world, tokens } = loadWorld(o.worldPath);
  const api = new Api(o.url, Math.max(4, o.concurrency));
  const rng = new Rng(o.seed ^ 0x4157);
  const byPosts = new Weighted(o.channelPosts);
  const hist = new HistogramSet();
  const errors: Record<string, number> = {};
  const resultSizes: number[] = [];
  const count = (key: string) => (errors[key] = (errors[key] ?? 0) + 1);
  let searchAvailable = true;
  let pageBytes = 0;

  // What the server has seen before each load, to split the latency by what the server must read: a user's first
  // request (session, memberships), a channel's first load (the page itself), both, or neither.
  const seenUsers = new Set<number>();
  const seenChannels = new Set<string>();
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
    if (res.status !== 200) count(`${name}.${res.status}`);
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
      if (count(`${name}.${res.status}`) <= 3) log(`  search ${JSON.stringify(q.terms)} → ${res.status} ${res.body.slice(0, 200)}`);
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

  try {
    log(`channel loads: ${o.warmup} warm-up${o.purge ? ', the caches purged' : ''}, then ${o.requests} measured (${o.concurrency} at a time)`);
    await run(o.warmup, () => channelLoad('warmup'));
    if (o.purge) {
      // The warm-up brought the server's code up to speed (V8 compiles what runs often); the purge empties what it
      // remembers (sessions, read checks, pages), so the measured loads read as much from the database as a fresh
      // server's would, at the speed of one that has been running.
      const purged = await api.request('POST', '/caches/invalidate', o.adminToken);
      if (purged.status !== 200) throw new Error(`POST /caches/invalidate: ${purged.status} ${purged.body.slice(0, 200)} (a server without it: --keep-caches)`);
      seenUsers.clear();
      seenChannels.clear();
    }
    const loads = { from: Date.now(), until: 0 };
    await run(o.requests, () => channelLoad('channel_posts'));
    loads.until = Date.now();

    log(`searches: ${Math.min(o.warmup, 100)} warm-up, then ${o.searches} measured`);
    await run(Math.min(o.warmup, 100), () => search('search_warmup'));
    const searches = { from: Date.now(), until: 0 };
    if (searchAvailable) await run(o.searches, () => search('search'));
    else log('  search is not available on this server (404 for POST /teams/{id}/posts/search): skipped');
    searches.until = Date.now();
    return { hist: hist.drain(), errors, loads, searches, pageBytes, searchAvailable, resultSizes };
  } finally {
    api.close();
  }
}

process.once('message', (init: HistoryClientInit) => {
  const finish = (m: FromHistoryClient) => process.send!(m, () => process.disconnect());
  measure(init).then(
    (result) => finish({ t: 'done', result }),
    (err: unknown) => finish({ t: 'failed', error: (err as Error).stack ?? String(err) }),
  );
});
