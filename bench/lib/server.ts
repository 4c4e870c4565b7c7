import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { cpus, setPriority } from 'node:os';

export const ROOT = resolve(import.meta.dirname, '../..');
/** tsx's loader, by URL: child processes run in other directories. */
export const TSX = import.meta.resolve('tsx');

export type DbHandle = { driver: 'sqlite' | 'postgres'; dataSource: string; name: string; drop(): void };

/** A fresh database for one run: a new SQLite file, or a new PostgreSQL database prat_bench_<ts> (dropped after). */
export function freshDatabase(driver: 'sqlite' | 'postgres', dir: string, pgUrl: string): DbHandle {
  if (driver === 'sqlite') {
    const path = join(dir, 'data', 'prat.db');
    return { driver, dataSource: path, name: path, drop: () => undefined };
  }
  const name = `prat_bench_${Date.now()}`;
  const url = new URL(pgUrl);
  psql(url, 'postgres', `create database ${name}`);
  url.pathname = `/${name}`;
  return { driver, dataSource: url.toString(), name, drop: () => psql(url, 'postgres', `drop database if exists ${name} with (force)`) };
}

/** Runs SQL with psql in `database` on the PostgreSQL server `url` names. */
function psql(url: URL, database: string, command: string): void {
  const args = ['-U', url.username || 'postgres', '-h', url.hostname, '-p', url.port || '5432', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qc', command];
  execFileSync('psql', args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Reads a database's files once, so they sit in the OS's file cache when a measurement starts. The machines these
 * benchmarks run on page out file data left untouched for 60 s (the kernel's DAMON reclaim, `kdamond`), so without
 * this a run would measure the virtual disk for whatever seeding wrote more than a minute earlier, and the result
 * would depend on how long ago seeding wrote it (a channel page's statement, timed inside PostgreSQL: 0.8–2.4 ms
 * with the files in the cache, 5–24 ms once they had been paged out). PostgreSQL's files are read through
 * pg_prewarm's `read` mode (into the OS cache, not shared_buffers).
 */
export function prewarm(db: DbHandle): void {
  if (db.driver === 'sqlite') {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (const path of [db.dataSource, `${db.dataSource}-wal`]) {
      if (!existsSync(path)) continue;
      const fd = openSync(path, 'r');
      try {
        while (readSync(fd, chunk, 0, chunk.length, null) > 0);
      } finally {
        closeSync(fd);
      }
    }
    return;
  }
  psql(
    new URL(db.dataSource),
    db.name,
    `create extension if not exists pg_prewarm;
    select count(pg_prewarm(c.oid::regclass, 'read')) from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'i', 't', 'm') and c.relpersistence = 'p' and n.nspname not in ('pg_catalog', 'information_schema')`,
  );
}

export type ServerProcess = { url: string; pid: number; child: ChildProcess; stop(): Promise<void>; profileDir?: string };

/**
 * Runs the real server binary (`prat server --config …`) as its own process, so its RSS and CPU are measured apart
 * from the load generator. Rate limiting off, console logging off, access tokens on.
 */
export async function startServerProcess(opts: { dir: string; db: DbHandle; port: number; profile: boolean; serverRoot?: string; nodeFlags?: string; log: (s: string) => void }): Promise<ServerProcess> {
  const configPath = join(opts.dir, 'config', 'config.json');
  mkdirSync(join(opts.dir, 'config'), { recursive: true });
  const config = {
    ServiceSettings: { SiteURL: `http://127.0.0.1:${opts.port}`, ListenAddress: `127.0.0.1:${opts.port}`, EnableUserAccessTokens: true, EnableLocalMode: false },
    TeamSettings: { MaxUsersPerTeam: 100000, EnableOpenServer: true },
    SqlSettings: { DriverName: opts.db.driver, DataSource: opts.db.dataSource },
    FileSettings: { Directory: join(opts.dir, 'data', 'files') },
    LogSettings: { EnableConsole: false, EnableFile: false },
    RateLimitSettings: { Enable: false },
  };
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const profileDir = opts.profile ? join(opts.dir, 'profile') : undefined;
  const profiling = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...(opts.nodeFlags ?? process.env.PRAT_BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean)];
  // The real binary; or, for an A/B comparison, the same startServer() from another checkout.
  const args = opts.serverRoot
    ? [...profiling, '--import', TSX, join(ROOT, 'bench/lib/serve.ts'), resolve(opts.serverRoot), configPath]
    : [...profiling, join(ROOT, 'packages/cli/bin/prat.js'), 'server', '--config', configPath];
  const child = spawn(process.execPath, args, {
    cwd: opts.dir,
    // The API benchmarks need no web client: don't spend CPU building one while the server starts.
    env: { ...process.env, MM_RATELIMITSETTINGS_ENABLE: 'false', MM_LOGSETTINGS_ENABLECONSOLE: 'false', PRAT_SKIP_WEB_BUILD: '1' },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  raisePriority(child.pid!);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    process.stderr.write(`[server] ${d.toString()}`);
  });
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`${url}/api/v4/system/ping`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  opts.log(`server pid ${child.pid} listening at ${url}`);
  return {
    url,
    pid: child.pid!,
    child,
    profileDir,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The development machine is shared (other sessions run tests on it): the benchmark's processes run at nice -10 so
 * that background work disturbs the measurement less. Without the right to do so (not root) they stay as they are.
 */
export function raisePriority(pid: number): boolean {
  try {
    setPriority(pid, -10);
    return true;
  } catch {
    return false;
  }
}

const TICKS = 100; // USER_HZ on Linux

/** utime+stime of a process in seconds (all its threads), or undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

/**
 * Seconds the process's main thread has spent runnable but waiting for a CPU (/proc/PID/schedstat): the cost of
 * sharing the machine, which CPU time alone does not show.
 */
export function runQueueSeconds(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return undefined;
  }
}

/** Seconds the main thread spent blocked in uninterruptible (disk) waits, as far as delayacct reports it. */
export function ioWaitSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[39]) / TICKS;
  } catch {
    return undefined;
  }
}

export function rssMb(pid: number): number | undefined {
  return memoryMb(pid)?.rss;
}

/** A process's resident memory: all of it, its own (heap, stacks), and mapped files (the binary, a database's pages). */
export function memoryMb(pid: number): { rss: number; anon: number; file: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
  } catch {
    return undefined;
  }
}

/** The postmaster of the database postgresBackends() last found backends of. */
let postmaster: number | undefined;

/**
 * The PostgreSQL processes serving `database`: those whose command line names it ("postgres: user db …"), so that
 * other databases on a shared server are not counted. Once some are found, later calls look only among their
 * postmaster's children (a dozen small files) rather than read every process on the machine (2–6 ms, on the thread
 * that times the requests); where the kernel does not list a process's children, every call looks everywhere.
 */
export function postgresBackends(database: string): number[] {
  const serving = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `);
    } catch {
      return false;
    }
  };
  if (postmaster !== undefined) {
    try {
      return readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number).filter(serving);
    } catch {
      // The postmaster is gone, or the kernel does not list children: look everywhere.
    }
  }
  const backends = processIds().filter((pid) => procStat(pid)?.comm === 'postgres' && serving(pid));
  postmaster = backends.length > 0 ? procStat(backends[0]!)?.ppid : undefined;
  return backends;
}

/** Every process on the machine, by id. */
function processIds(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** A process's command name and parent, from /proc/PID/stat; undefined once it is gone. */
function procStat(pid: number): { comm: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    return { comm: stat.slice(stat.indexOf('(') + 1, close), ppid: Number(stat.slice(close + 2).split(' ')[1]) };
  } catch {
    return undefined;
  }
}

/**
 * The Node.js processes whose parent is `pid`: the server's WebSocket gateway (not tsx's esbuild helper, which a
 * server whose sources changed since its last start keeps for its life). The gateway names itself `prat gateway`;
 * an older checkout's (`--server-root`) is plain `node`.
 */
export function childPids(pid: number): number[] {
  return processIds().filter((child) => {
    const stat = procStat(child);
    return stat !== undefined && stat.ppid === pid && (stat.comm === 'node' || stat.comm.startsWith('prat'));
  });
}

/** Whole-machine busy fraction from /proc/stat between two reads. */
export function machineTimes(): { busy: number; total: number; iowait: number; softirq: number; steal: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  // user nice system idle iowait irq softirq steal …
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const idle = v[3]! + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total, iowait: v[4] ?? 0, softirq: v[6] ?? 0, steal: v[7] ?? 0 };
}

export type Sample = {
  t: number;
  serverCpu: number;
  serverRss: number;
  /** The WebSocket gateway process (the server's child): CPU in % of one core, RSS in MB. */
  gatewayCpu: number;
  gatewayRss: number;
  /** % of the time the server's main thread was runnable but not running (waiting for a CPU). */
  serverRunQueue: number;
  /** % of the time the server's main thread was blocked on disk I/O (SQLite fsync), when the kernel accounts it. */
  serverIoWait: number;
  generatorCpu: number;
  pgCpu: number;
  /** Everything else on the machine, in % of one core: other people's work on a shared machine, and the kernel. */
  otherCpu: number;
  machineBusy: number;
  machineSteal: number;
  machineIowait: number;
  machineSoftirq: number;
};

/**
 * Samples once a second: server CPU (% of one core) and RSS, the generator's CPU (coordinator + workers), PostgreSQL's
 * CPU, and the whole machine's busy share.
 */
export class ProcSampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private last: ReturnType<ProcSampler['read']> | undefined;
  private gatewayPids: number[] = [];
  /** PostgreSQL backends already given the server's priority. */
  private readonly raised = new Set<number>();

  constructor(
    private readonly serverPid: number,
    private readonly generatorPids: () => number[],
    /** The PostgreSQL database whose backends are measured, if any. */
    private readonly postgresDb: string | undefined,
  ) {}

  start(): void {
    this.last = this.read();
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  private read() {
    const gen = [process.pid, ...this.generatorPids()].reduce((a, p) => a + (cpuSeconds(p) ?? 0), 0);
    // Looked up again while the gateway is missing (it starts with the server, and is replaced if it dies).
    if (this.gatewayPids.length === 0 || this.gatewayPids.some((p) => cpuSeconds(p) === undefined)) this.gatewayPids = childPids(this.serverPid);
    const gateway = this.gatewayPids.reduce((a, p) => a + (cpuSeconds(p) ?? 0), 0);
    const gatewayRss = this.gatewayPids.reduce((a, p) => a + (rssMb(p) ?? 0), 0);
    let pg = 0;
    for (const pid of this.postgresDb ? postgresBackends(this.postgresDb) : []) {
      // PostgreSQL is part of the server under test: its backends run at the same priority as the server's process.
      if (!this.raised.has(pid)) {
        this.raised.add(pid);
        raisePriority(pid);
      }
      pg += cpuSeconds(pid) ?? 0;
    }
    return { t: Date.now(), server: cpuSeconds(this.serverPid) ?? 0, gateway, gatewayRss, runq: runQueueSeconds(this.serverPid) ?? 0, iow: ioWaitSeconds(this.serverPid) ?? 0, gen, pg, machine: machineTimes() };
  }

  private tick(): void {
    const now = this.read();
    const prev = this.last!;
    const dt = (now.t - prev.t) / 1000;
    if (dt <= 0) return;
    // Per cent of one core for a process's CPU seconds; per cent of the machine for its /proc/stat times.
    const rate = (key: 'server' | 'gateway' | 'gen' | 'pg' | 'runq' | 'iow') => ((now[key] - prev[key]) / dt) * 100;
    const total = Math.max(1, now.machine.total - prev.machine.total);
    const machine = (key: 'busy' | 'steal' | 'iowait' | 'softirq') => ((now.machine[key] - prev.machine[key]) / total) * 100;
    const busyCores = machine('busy') * cpus().length;
    const server = rate('server');
    const gen = rate('gen');
    // PostgreSQL backends and the gateway can exit between two reads, taking their counted seconds with them.
    const pgc = Math.max(0, rate('pg'));
    const gateway = Math.max(0, rate('gateway'));
    this.samples.push({
      otherCpu: Math.max(0, busyCores - server - gateway - gen - pgc),
      gatewayCpu: gateway,
      gatewayRss: now.gatewayRss,
      t: now.t,
      serverCpu: server,
      // The server's memory is its processes' together: the sockets and their buffers live in the gateway.
      serverRss: (rssMb(this.serverPid) ?? 0) + now.gatewayRss,
      serverRunQueue: rate('runq'),
      serverIoWait: rate('iow'),
      generatorCpu: gen,
      pgCpu: pgc,
      machineBusy: machine('busy'),
      machineSteal: machine('steal'),
      machineIowait: machine('iowait'),
      machineSoftirq: machine('softirq'),
    });
    this.last = now;
  }

  /** Averages (CPU) and maxima (RSS) over samples taken at or after `since` (ms). */
  summary(since = 0, until = Infinity) {
    const s = this.samples.filter((x) => x.t >= since && x.t <= until);
    const avg = (f: (x: Sample) => number) => (s.length ? s.reduce((a, x) => a + f(x), 0) / s.length : 0);
    const max = (f: (x: Sample) => number) => (s.length ? Math.max(...s.map(f)) : 0);
    return {
      server_cpu_pct_avg: round1(avg((x) => x.serverCpu)),
      server_cpu_pct_max: round1(max((x) => x.serverCpu)),
      server_runqueue_wait_pct_avg: round1(avg((x) => x.serverRunQueue)),
      server_io_wait_pct_avg: round1(avg((x) => x.serverIoWait)),
      server_rss_mb_max: round1(max((x) => x.serverRss)),
      server_rss_mb_last: round1(s.at(-1)?.serverRss ?? 0),
      gateway_cpu_pct_avg: round1(avg((x) => x.gatewayCpu)),
      gateway_cpu_pct_max: round1(max((x) => x.gatewayCpu)),
      gateway_rss_mb_max: round1(max((x) => x.gatewayRss)),
      generator_cpu_pct_avg: round1(avg((x) => x.generatorCpu)),
      other_cpu_pct_avg: round1(avg((x) => x.otherCpu)),
      postgres_cpu_pct_avg: this.postgresDb ? round1(avg((x) => x.pgCpu)) : undefined,
      // Of both cores together (100 = the whole machine busy); steal is time the hypervisor gave to someone else.
      machine_busy_pct_avg: round1(avg((x) => x.machineBusy)),
      machine_steal_pct_avg: round1(avg((x) => x.machineSteal)),
      machine_iowait_pct_avg: round1(avg((x) => x.machineIowait)),
      machine_softirq_pct_avg: round1(avg((x) => x.machineSoftirq)),
    };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

export const round1 = (x: number) => Math.round(x * 10) / 10;

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
