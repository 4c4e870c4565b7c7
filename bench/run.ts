/**
 * Prat's load benchmark: `npm run bench -- <ramp|idle|history> [--db sqlite|postgres] [--users N] …`.
 * See bench/README.md for the simulated world, the client model, every option and the measured results.
 */
import { parseArgs } from 'node:util';
import { machine, table, writeResult } from './lib/report.ts';
import { raisePriority } from './lib/server.ts';
import { log, type CommonOptions } from './lib/setup.ts';
import { ramp } from './modes/ramp.ts';
import { idle } from './modes/idle.ts';
import { history } from './modes/history.ts';
import type { ActionName, Weights } from './sim/protocol.ts';
import type { LatencySummary } from './lib/hist.ts';

const USAGE = `usage: npm run bench -- <ramp|idle|history> [options]

common:   --db sqlite|postgres (sqlite)  --seed N (1)  --pg-url URL (postgres://postgres@127.0.0.1:5432/postgres)
          --profile (server runs with --cpu-prof; profile kept with --keep)  --keep (keep the run directory and database)
          --server-root DIR (run the server of another checkout, for A/B comparisons of a server change)
          --tag NAME (added to the result file name)
          --team-size N (1000)  --channels-per-user N (10)  --dms-per-user N (2)
ramp:     --users N (max users, 10000)  --start N (250)  --step N (250)  --hold S (60)  --connect-rate N/s (25)
          --think S (10)  --p99 MS (100)  --posts-per-user N (30)  --workers N (2)
          --weights view=50,post=15,react=5,typing=15,unreads=15  --reply-share 0.18  --mention-share 0.10
idle:     --users N (10000)  --connect-rate N/s (200)  --settle S (20)  --max-wait S (300)  --workers N (2)
history:  --users N (1000)  --posts N (1000000)  --requests N (3000)  --searches N (2000)  --warmup N (5000)
          --keep-caches (measure after the warm-up without purging the server's caches: the old protocol)
          --concurrency N (1)  --ab DIR (seed once, then measure this server and DIR's in turn: A B, B A, …)  --rounds N (4)`;

const DEFAULT_WEIGHTS: Weights = { view: 50, post: 15, react: 5, typing: 15, unreads: 15 };

function parseWeights(s: string | undefined): Weights {
  if (!s) return DEFAULT_WEIGHTS;
  const w: Weights = { view: 0, post: 0, react: 0, typing: 0, unreads: 0 };
  for (const part of s.split(',')) {
    const [k, v] = part.split('=');
    if (!(k! in w) || !Number.isFinite(Number(v))) throw new Error(`bad --weights entry "${part}"`);
    w[k as ActionName] = Number(v);
  }
  return w;
}

async function main(): Promise<void> {
  raisePriority(process.pid);
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      db: { type: 'string', default: 'sqlite' },
      seed: { type: 'string', default: '1' },
      'pg-url': { type: 'string', default: process.env.PRAT_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
      profile: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'server-root': { type: 'string' },
      'team-size': { type: 'string', default: '1000' },
      'channels-per-user': { type: 'string', default: '10' },
      'dms-per-user': { type: 'string', default: '2' },
      users: { type: 'string' },
      start: { type: 'string', default: '250' },
      step: { type: 'string', default: '250' },
      hold: { type: 'string', default: '60' },
      'connect-rate': { type: 'string' },
      think: { type: 'string', default: '10' },
      p99: { type: 'string', default: '100' },
      'posts-per-user': { type: 'string' },
      workers: { type: 'string', default: '2' },
      weights: { type: 'string' },
      'reply-share': { type: 'string', default: '0.18' },
      'mention-share': { type: 'string', default: '0.10' },
      settle: { type: 'string', default: '20' },
      'max-wait': { type: 'string', default: '300' },
      posts: { type: 'string', default: '1000000' },
      requests: { type: 'string', default: '3000' },
      searches: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '5000' },
      'keep-caches': { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '1' },
      ab: { type: 'string' },
      rounds: { type: 'string', default: '4' },
      tag: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const mode = positionals[0];
  if (values.help || !mode || !['ramp', 'idle', 'history'].includes(mode)) {
    process.stdout.write(USAGE + '\n');
    process.exit(values.help ? 0 : 2);
  }
  const num = (name: string, v: string | undefined) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
    return n;
  };
  const db = values.db;
  if (db !== 'sqlite' && db !== 'postgres') throw new Error('--db must be sqlite or postgres');
  const common: CommonOptions = {
    db,
    seed: num('seed', values.seed),
    pgUrl: values['pg-url']!,
    profile: values.profile!,
    keep: values.keep!,
    serverRoot: values['server-root'],
    teamSize: num('team-size', values['team-size']),
    channelsPerUser: num('channels-per-user', values['channels-per-user']),
    dmsPerUser: num('dms-per-user', values['dms-per-user']),
  };
  const workers = Math.max(1, num('workers', values.workers));
  const started = new Date();
  let metrics: Record<string, unknown>;
  if (mode === 'ramp') {
    metrics = await ramp(common, {
      maxUsers: num('users', values.users ?? '10000'),
      start: num('start', values.start),
      step: Math.max(1, num('step', values.step)),
      holdSeconds: num('hold', values.hold),
      connectRate: Math.max(1, num('connect-rate', values['connect-rate'] ?? '25')),
      thinkSeconds: num('think', values.think),
      p99LimitMs: num('p99', values.p99),
      postsPerUser: num('posts-per-user', values['posts-per-user'] ?? '30'),
      workers,
      weights: parseWeights(values.weights),
      replyShare: num('reply-share', values['reply-share']),
      mentionShare: num('mention-share', values['mention-share']),
    });
  } else if (mode === 'idle') {
    metrics = await idle(common, {
      users: num('users', values.users ?? '10000'),
      connectRate: Math.max(1, num('connect-rate', values['connect-rate'] ?? '200')),
      settleSeconds: num('settle', values.settle),
      maxWaitSeconds: num('max-wait', values['max-wait']),
      workers,
      postsPerUser: num('posts-per-user', values['posts-per-user'] ?? '0'),
    });
  } else {
    metrics = await history(common, {
      users: num('users', values.users ?? '1000'),
      posts: num('posts', values.posts),
      requests: num('requests', values.requests),
      searches: num('searches', values.searches),
      warmup: num('warmup', values.warmup),
      purge: !values['keep-caches'],
      concurrency: Math.max(1, num('concurrency', values.concurrency)),
      ab: values.ab,
      rounds: Math.max(1, num('rounds', values.rounds)),
    });
  }
  const result = {
    mode,
    db,
    date: started.toISOString(),
    duration_s: Math.round((Date.now() - started.getTime()) / 1000),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`,
    machine: machine(),
    server_root: values['server-root'] ?? '.',
    ...metrics,
  };
  const path = writeResult(mode, values.tag ? `${db}-${values.tag}` : db, result);
  process.stdout.write('\n' + summaryTable(mode, db, metrics) + '\n\n');
  log(`wrote ${path}`);
}

function summaryTable(mode: string, db: string, m: Record<string, unknown>): string {
  const rows: Array<Array<string | number>> = [['mode', 'db', 'metric', 'value']];
  const add = (metric: string, value: string | number | undefined) => rows.push([mode, db, metric, value ?? '–']);
  const lat = (name: string, s: LatencySummary | undefined) => add(name, s ? `p50 ${s.p50_ms} / p95 ${s.p95_ms} / p99 ${s.p99_ms} / max ${s.max_ms} ms (n=${s.count})` : undefined);
  if (mode === 'ramp') {
    const r = m.result as { sustained_users: number; stop_reason: string };
    const steps = m.steps as Array<Record<string, unknown>>;
    const best = steps.filter((s) => (s.users as number) <= r.sustained_users).at(-1) ?? steps[0];
    add('sustained users (60 s, p99 ≤ limit, no errors)', r.sustained_users);
    add('stopped because', r.stop_reason);
    if (best) {
      const sys = best.system as Record<string, number>;
      add(`at ${best.users} users: actions/s`, best.actions_per_s as number);
      add('  events delivered/s', best.events_per_s as number);
      lat('  post→delivery', best.delivery as LatencySummary);
      for (const [k, v] of Object.entries(best.api_latency as Record<string, LatencySummary>)) lat(`  ${k}`, v);
      add('  server CPU % (avg) / gateway CPU % (avg) / RSS MB (max, both)', `${sys.server_cpu_pct_avg} / ${sys.gateway_cpu_pct_avg} / ${sys.server_rss_mb_max}`);
      add('  generator CPU % (avg)', sys.generator_cpu_pct_avg);
    }
    const t = m.totals as Record<string, number>;
    add('lost / duplicated events (whole run)', `${t.lost_events} / ${t.duplicated_events}`);
  } else if (mode === 'idle') {
    add('connected sockets', m.connected as number);
    add('server RSS at rest (MB)', m.server_rss_mb_at_rest as number);
    add('server RSS peak (MB)', m.server_rss_mb_peak as number);
    add('kB per connection', m.server_kb_per_connection as number);
    add('events received while connecting', m.events_received_while_connecting as number);
    add('connect → all events drained (s)', m.events_drained_after_s as number);
  } else {
    lat('GET /channels/{id}/posts?per_page=60', m.channel_posts as LatencySummary);
    if (m.search_available) lat('POST /teams/{id}/posts/search', m.search as LatencySummary);
    else add('search', 'not available (404)');
    add('server RSS max (MB)', m.server_rss_mb_max as number);
  }
  return table(rows);
}

main().catch((err) => {
  log(`benchmark failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
