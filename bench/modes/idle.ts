import { childPids, memoryMb, rssMb, ProcSampler, round1 } from '../lib/server.ts';
import { log, prepare, sleep, type CommonOptions } from '../lib/setup.ts';
import { WorkerPool, errorCount } from '../sim/pool.ts';

export type IdleOptions = { users: number; connectRate: number; settleSeconds: number; workers: number; postsPerUser: number; maxWaitSeconds: number };

/** Opens `users` authenticated WebSockets that then only listen, and reports the server's memory. */
export async function idle(common: CommonOptions, o: IdleOptions) {
  const env = await prepare(common, o.users, o.users * o.postsPerUser);
  const pool = new WorkerPool(o.workers, log);
  const sampler = new ProcSampler(env.server.pid, () => pool.pids, common.db === 'postgres' ? env.db.name : undefined);
  try {
    await pool.start({
      worldPath: env.worldPath,
      url: env.server.url,
      seed: common.seed,
      meanThinkMs: 1,
      weights: { view: 0, post: 0, react: 0, typing: 0, unreads: 1 },
      replyShare: 0,
      mentionShare: 0,
      idle: true,
    });
    sampler.start();
    await sleep(3000);
    const baseline = [env.server.pid, ...childPids(env.server.pid)].reduce((a, p) => a + (rssMb(p) ?? 0), 0);
    log(`server RSS before connecting: ${round1(baseline)} MB; connecting ${o.users} users at ${o.connectRate}/s with ${o.workers} workers`);
    const started = Date.now();
    const win = pool.openWindow();
    pool.activate(
      Array.from({ length: o.users }, (_, i) => i),
      o.connectRate,
    );
    // Connecting and the events it sets off must be over within this time, or the run reports where it got to.
    const deadline = started + (o.users / o.connectRate) * 1000 + o.maxWaitSeconds * 1000;
    let last = 0;
    for (;;) {
      await sleep(1000);
      const t = pool.totals();
      const done = (t['ws.connected'] ?? 0) + (t['ws.connect_failed'] ?? 0);
      if (Date.now() - last > 5000) {
        last = Date.now();
        const sys = sampler.summary(Date.now() - 5000);
        log(`  ${t['ws.connected'] ?? 0} connected, ${t['ws.connect_failed'] ?? 0} failed; events received ${t['events.total'] ?? 0} (status_change ${t['events.status_change'] ?? 0}); server ${sys.server_cpu_pct_avg}% ${sys.server_rss_mb_max} MB; generator ${sys.generator_cpu_pct_avg}%`);
      }
      if (done >= o.users || Date.now() > deadline) break;
    }
    const connectSeconds = (Date.now() - started) / 1000;
    // Let the server finish what the connections set off (presence events), then measure at rest.
    let quietFor = 0;
    let prevEvents = pool.totals()['events.total'] ?? 0;
    const quietDeadline = deadline;
    while (quietFor < 5 && Date.now() < quietDeadline) {
      await sleep(1000);
      const ev = pool.totals()['events.total'] ?? 0;
      quietFor = ev === prevEvents ? quietFor + 1 : 0;
      prevEvents = ev;
    }
    const drainedSeconds = (Date.now() - started) / 1000;
    const drained = quietFor >= 5;
    if (drained) log(`all events drained after ${drainedSeconds.toFixed(0)} s; settling ${o.settleSeconds} s`);
    else log(`events still arriving after ${drainedSeconds.toFixed(0)} s (the --max-wait limit): measuring as things stand`);
    await sleep(o.settleSeconds * 1000);
    const restFrom = Date.now();
    await sleep(10_000);
    const rest = sampler.summary(restFrom);
    // Where the memory at rest is: the server and its gateway, each its own pages and its mapped files (the node
    // binary's pages count in both processes' RSS, though they are one copy).
    const byProcess = Object.fromEntries(
      [env.server.pid, ...childPids(env.server.pid)].map((pid, i) => {
        const m = memoryMb(pid);
        return [i === 0 ? 'server' : `gateway${i > 1 ? i : ''}`, m && { rss: round1(m.rss), anon: round1(m.anon), file: round1(m.file) }];
      }),
    );
    const t = pool.totals();
    const connected = t['ws.open_now'] ?? 0;
    const result = {
      world: env.stats,
      params: o,
      generator_workers: o.workers,
      connected,
      connect_failed: t['ws.connect_failed'] ?? 0,
      closed_by_server: t['ws.closed_unexpectedly'] ?? 0,
      connect_seconds: round1(connectSeconds),
      events_drained: drained,
      events_drained_after_s: round1(drainedSeconds),
      events_received_while_connecting: t['events.total'] ?? 0,
      events_by_type: Object.fromEntries(Object.entries(t).filter(([k]) => k.startsWith('events.') && k !== 'events.total').map(([k, v]) => [k.slice(7), v])),
      server_rss_mb_before: round1(baseline),
      server_rss_mb_at_rest: rest.server_rss_mb_last,
      server_rss_mb_peak: sampler.summary(0).server_rss_mb_max,
      server_memory_mb_at_rest_by_process: byProcess,
      server_kb_per_connection: connected ? Math.round(((rest.server_rss_mb_last - baseline) * 1024) / connected) : 0,
      server_cpu_pct_at_rest: rest.server_cpu_pct_avg,
      server_cpu_pct_while_connecting: sampler.summary(started, started + connectSeconds * 1000).server_cpu_pct_avg,
      ws_connect_latency: win.summaries().ws_connect,
      errors: errorCount(t),
      profile_dir: env.server.profileDir,
    };
    log(`idle: ${connected} sockets; server RSS ${result.server_rss_mb_at_rest} MB at rest (peak ${result.server_rss_mb_peak} MB, ${result.server_kb_per_connection} kB per connection over the ${result.server_rss_mb_before} MB baseline)`);
    log(`  at rest by process (MB): ${Object.entries(byProcess).map(([k, m]) => (m ? `${k} ${m.rss} (own ${m.anon}, files ${m.file})` : `${k} gone`)).join('; ')}`);
    return result;
  } finally {
    sampler.stop();
    await pool.close();
    await env.teardown();
  }
}
