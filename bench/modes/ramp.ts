import { summarize, type HistogramSet, type LatencySummary } from '../lib/hist.ts';
import { ProcSampler } from '../lib/server.ts';
import { log, prepare, sleep, type CommonOptions } from '../lib/setup.ts';
import { table } from '../lib/report.ts';
import { WorkerPool, delta, errorCount } from '../sim/pool.ts';
import type { Counters, Weights } from '../sim/protocol.ts';

export type RampOptions = {
  maxUsers: number;
  start: number;
  step: number;
  holdSeconds: number;
  connectRate: number;
  thinkSeconds: number;
  p99LimitMs: number;
  postsPerUser: number;
  workers: number;
  weights: Weights;
  replyShare: number;
  mentionShare: number;
};

const API_ACTIONS = ['view_channel', 'channel_posts', 'create_post', 'add_reaction', 'typing', 'team_unreads'];

/**
 * Adds users step by step (each step connecting gradually, then held for holdSeconds) until post→delivery p99 over
 * the hold exceeds the limit or any error appears. The result is the largest step that held.
 */
export async function ramp(common: CommonOptions, o: RampOptions) {
  const env = await prepare(common, o.maxUsers, o.maxUsers * o.postsPerUser);
  const pool = new WorkerPool(o.workers, log);
  const sampler = new ProcSampler(env.server.pid, () => pool.pids, common.db === 'postgres' ? env.db.name : undefined);
  const steps: Array<Record<string, unknown>> = [];
  let sustained = 0;
  let stopReason = `reached the world's ${o.maxUsers} users`;
  let whole: HistogramSet | undefined;
  let final: Counters = {};
  const runStarted = Date.now();
  try {
    await pool.start({
      worldPath: env.worldPath,
      url: env.server.url,
      seed: common.seed,
      meanThinkMs: o.thinkSeconds * 1000,
      weights: o.weights,
      replyShare: o.replyShare,
      mentionShare: o.mentionShare,
      idle: false,
    });
    log(`${o.workers} generator workers ready`);
    sampler.start();
    whole = pool.openWindow();
    let active = 0;
    while (active < o.maxUsers) {
      const target = Math.min(o.maxUsers, active === 0 ? o.start : active + o.step);
      const before = pool.totals();
      const stepStarted = Date.now();
      const stepWin = pool.openWindow();
      log(`step: ${active} → ${target} users, connecting ${o.connectRate}/s`);
      pool.activate(range(active, target), o.connectRate);
      const connectDeadline = Date.now() + ((target - active) / o.connectRate) * 1000 + 90_000;
      for (;;) {
        await sleep(1000);
        const t = pool.totals();
        if ((t['ws.connected'] ?? 0) + (t['ws.connect_failed'] ?? 0) >= target) break;
        if (Date.now() > connectDeadline) {
          log(`  only ${t['ws.connected'] ?? 0} of ${target} connected in time`);
          break;
        }
      }
      const connectSeconds = (Date.now() - stepStarted) / 1000;
      const holdStart = pool.totals();
      const holdStarted = Date.now();
      const win = pool.openWindow();
      let live = pool.openWindow();
      let liveCounters = holdStart;
      for (let s = 0; s < o.holdSeconds; s += 5) {
        await sleep(Math.min(5, o.holdSeconds - s) * 1000);
        const now = pool.totals();
        const d = delta(liveCounters, now);
        const secs = Math.min(5, o.holdSeconds - s);
        const dl = summarize(live.get('delivery'));
        const sys = sampler.summary(Date.now() - secs * 1000);
        log(
          `  ${String(s + secs).padStart(3)} s  ${now['ws.open_now'] ?? 0} users  ${fmt(actions(d) / secs)} actions/s  ${fmt((d['events.total'] ?? 0) / secs)} events/s  ` +
            `delivery p50 ${dl.p50_ms} p99 ${dl.p99_ms} max ${dl.max_ms} ms  server ${sys.server_cpu_pct_avg}% (runq ${sys.server_runqueue_wait_pct_avg}%) gateway ${sys.gateway_cpu_pct_avg}% ${sys.server_rss_mb_max} MB  ` +
            `generator ${sys.generator_cpu_pct_avg}%${sys.postgres_cpu_pct_avg !== undefined ? `  postgres ${sys.postgres_cpu_pct_avg}%` : ''}  others ${sys.other_cpu_pct_avg}%  errors ${errorCount(d)}`,
        );
        pool.closeWindow(live);
        live = pool.openWindow();
        liveCounters = now;
      }
      pool.closeWindow(live);
      pool.closeWindow(win);
      pool.closeWindow(stepWin);
      const after = pool.totals();
      const hold = delta(holdStart, after);
      const wholeStep = delta(before, after);
      const record = stepRecord(target, connectSeconds, o.holdSeconds, hold, wholeStep, win.summaries(), sampler.summary(holdStarted, Date.now()));
      record.ws_connect = stepWin.summaries()['ws_connect'];
      record.system_while_connecting = sampler.summary(stepStarted, holdStarted);
      steps.push(record);
      const delivery = record.delivery as LatencySummary;
      const errors = errorCount(wholeStep);
      if (errors > 0) {
        stopReason = `errors at ${target} users: ${JSON.stringify(errorBreakdown(wholeStep))}`;
        break;
      }
      if (delivery.count === 0) {
        stopReason = `no post was delivered at ${target} users`;
        break;
      }
      if (delivery.p99_ms > o.p99LimitMs) {
        stopReason = `post→delivery p99 ${delivery.p99_ms} ms > ${o.p99LimitMs} ms at ${target} users`;
        break;
      }
      sustained = target;
      active = target;
    }
    log(`stopping: ${stopReason}`);
    pool.stopActions();
    // Whatever was posted last gets its 10 s to arrive before it is counted lost.
    await sleep(11_000);
    await pool.finish();
    final = pool.totals();
  } finally {
    sampler.stop();
    await pool.close();
    await env.teardown();
  }
  const totals = {
    duration_s: Math.round((Date.now() - runStarted) / 1000),
    counters: final,
    latency: whole?.summaries() ?? {},
    lost_events: final['lost'] ?? 0,
    late_events: final['late'] ?? 0,
    duplicated_events: final['duplicates'] ?? 0,
    seq_gaps: final['seq_gaps'] ?? 0,
  };
  printSteps(steps);
  log(`sustained ${sustained} users (${stopReason}); lost ${totals.lost_events}, duplicated ${totals.duplicated_events}, seq gaps ${totals.seq_gaps}`);
  return {
    world: env.stats,
    seed_seconds: env.seedSeconds,
    seeded_posts: o.maxUsers * o.postsPerUser,
    params: o,
    generator_workers: o.workers,
    result: { sustained_users: sustained, stop_reason: stopReason },
    steps,
    totals,
    profile_dir: env.server.profileDir,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const fmt = (x: number) => (x >= 100 ? Math.round(x).toString() : x.toFixed(1));
const actions = (d: Counters) => ['view', 'post', 'react', 'typing', 'unreads'].reduce((a, k) => a + (d[`actions.${k}`] ?? 0), 0);

function errorBreakdown(d: Counters): Counters {
  const out: Counters = {};
  for (const [k, v] of Object.entries(d)) if (v && (k.startsWith('errors.') || k.startsWith('http.') || k.startsWith('ws.connect_failed') || k.startsWith('ws.closed') || ['lost', 'duplicates', 'seq_gaps', 'seq_backwards'].includes(k))) out[k] = v;
  return out;
}

function stepRecord(users: number, connectSeconds: number, hold: number, d: Counters, wholeStep: Counters, lat: Record<string, LatencySummary>, sys: ReturnType<ProcSampler['summary']>) {
  const api: Record<string, LatencySummary> = {};
  for (const name of API_ACTIONS) if (lat[name]) api[name] = lat[name]!;
  return {
    users,
    connect_seconds: Math.round(connectSeconds),
    hold_seconds: hold,
    actions_per_s: round(actions(d) / hold),
    posts_per_s: round(((d['posts.roots'] ?? 0) + (d['posts.replies'] ?? 0)) / hold),
    events_per_s: round((d['events.total'] ?? 0) / hold),
    posted_delivered_per_s: round((d['delivered'] ?? 0) / hold),
    delivery: lat['delivery'] ?? summarize0(),
    api_latency: api,
    ws_connect: undefined as LatencySummary | undefined,
    system_while_connecting: undefined as ReturnType<ProcSampler['summary']> | undefined,
    errors: errorCount(wholeStep),
    error_breakdown: errorBreakdown(wholeStep),
    lost: wholeStep['lost'] ?? 0,
    duplicates: wholeStep['duplicates'] ?? 0,
    events_by_type: Object.fromEntries(Object.entries(d).filter(([k]) => k.startsWith('events.') && k !== 'events.total').map(([k, v]) => [k.slice(7), v])),
    generator_loop_delay_max_ms: d['loop_delay_max_ms'] ?? 0,
    system: sys,
  };
}

const summarize0 = (): LatencySummary => ({ count: 0, p50_ms: 0, p95_ms: 0, p99_ms: 0, max_ms: 0, mean_ms: 0 });
const round = (x: number) => Math.round(x * 10) / 10;

function printSteps(steps: Array<Record<string, unknown>>): void {
  const rows: Array<Array<string | number>> = [['users', 'actions/s', 'posts/s', 'events/s', 'deliv p50', 'p95', 'p99', 'max', 'post p99', 'view p99', 'errors', 'srv CPU%', 'gw CPU%', 'srv RSS MB', 'gen CPU%']];
  for (const s of steps) {
    const d = s.delivery as LatencySummary;
    const api = s.api_latency as Record<string, LatencySummary>;
    const sys = s.system as ReturnType<ProcSampler['summary']>;
    rows.push([
      s.users as number,
      s.actions_per_s as number,
      s.posts_per_s as number,
      s.events_per_s as number,
      d.p50_ms,
      d.p95_ms,
      d.p99_ms,
      d.max_ms,
      api.create_post?.p99_ms ?? 0,
      api.channel_posts?.p99_ms ?? 0,
      s.errors as number,
      sys.server_cpu_pct_avg,
      sys.gateway_cpu_pct_avg,
      sys.server_rss_mb_max,
      sys.generator_cpu_pct_avg,
    ]);
  }
  process.stdout.write('\n' + table(rows) + '\n\n');
}
