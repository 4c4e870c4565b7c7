// `prat server` as users run it: the real binary in a child process, real signals, real HTTP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '@prat/server';

const BIN = fileURLToPath(new URL('../../bin/prat.js', import.meta.url));

type Running = { child: ChildProcess; url: string; stdout: () => string; stderr: () => string; exited: Promise<number | null> };

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as { port: number };
  s.close();
  await once(s, 'close');
  return port;
}

/** The environment without the caller's MM_* variables, plus the given ones. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('MM_')) env[k] = v;
  return { ...env, ...extra };
}

async function run(cwd: string, args: string[], env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'server', ...args], {
    cwd,
    // These tests are about the server process, not the web client: don't let a stale client build slow its start.
    env: cleanEnv({ MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`, PRAT_SKIP_WEB_BUILD: '1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, stdout: () => out, stderr: () => err, exited };
}

/** Polls /system/ping until it answers; fails at once if the process exits, and after a bounded number of tries. */
async function waitUntilReady(r: Running): Promise<void> {
  let exitCode: number | null | undefined;
  void r.exited.then((code) => (exitCode = code));
  for (let attempt = 0; attempt < 400; attempt++) {
    if (exitCode !== undefined) assert.fail(`prat server exited with ${exitCode} before answering:\n${r.stderr()}`);
    try {
      const res = await fetch(`${r.url}/api/v4/system/ping`);
      if (res.status === 200 && (await res.json()).status === 'OK') return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`prat server did not answer /system/ping:\n${r.stderr()}`);
}

/** Resolves when the child has printed text on stdout. */
function printed(r: Running, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (r.stdout().includes(text)) {
        r.child.stdout!.off('data', check);
        resolve();
      }
    };
    r.child.stdout!.on('data', check);
    r.exited.then(() => reject(new Error(`exited before printing "${text}"`)), reject);
    check();
  });
}

describe('prat server', () => {
  let dir: string;
  const started: Running[] = [];
  const start = async (...a: Parameters<typeof run>) => {
    const r = await run(...a);
    started.push(r);
    return r;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prat-cli-'));
  });
  after(async () => {
    for (const r of started) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('creates config.json with defaults, prefers --config over MM_CONFIG, and on SIGTERM finishes the request in flight and exits 0', async () => {
    const cwd = join(dir, 'one');
    await mkdir(cwd);
    const flagPath = join(cwd, 'flag', 'config.json');
    const envPath = join(cwd, 'env', 'config.json');
    const r = await start(cwd, ['--config', flagPath], { MM_CONFIG: envPath });
    await waitUntilReady(r);

    const written = JSON.parse(await readFile(flagPath, 'utf8'));
    // The defaults, and the public link salt every server makes for itself on first start.
    assert.match(written.FileSettings.PublicLinkSalt, /^[a-z0-9]{32}$/);
    const defaults = defaultConfig();
    defaults.FileSettings.PublicLinkSalt = written.FileSettings.PublicLinkSalt;
    assert.deepEqual(written, defaults, 'the file holds the defaults, not the MM_* listen address');
    await assert.rejects(stat(envPath), { code: 'ENOENT' });

    // A sign-in whose body is still on its way when SIGTERM arrives. "Expect: 100-continue" tells us the server
    // has taken the request; the log line tells us it has begun shutting down.
    const agent = new http.Agent({ keepAlive: true });
    const body = JSON.stringify({ login_id: 'nobody', password: 'wrong-password' });
    const req = http.request(`${r.url}/api/v4/users/login`, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Expect: '100-continue' },
    });
    const response = new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
      });
      req.on('error', reject);
    });
    req.flushHeaders();
    await once(req, 'continue');
    const stopping = printed(r, 'shutting down');
    r.child.kill('SIGTERM');
    await stopping;
    req.end(body);

    const answer = await response;
    assert.equal(answer.status, 401, answer.body);
    assert.equal(JSON.parse(answer.body).id, 'api.user.login.invalid_credentials_email_username');
    // Without this, the kept-alive connection would hold the shutdown open until its idle timeout.
    assert.equal(answer.connection, 'close');
    assert.equal(await r.exited, 0, r.stderr());
    agent.destroy();
    await assert.rejects(fetch(`${r.url}/api/v4/system/ping`), 'nothing listens any more');
    assert.doesNotMatch(r.stderr(), /DeprecationWarning|FSTDEP|ExperimentalWarning/);
    assert.doesNotMatch(r.stdout(), /DeprecationWarning|FSTDEP/);
  });

  it('uses MM_CONFIG when --config is not given, and exits 0 on SIGINT', async () => {
    const cwd = join(dir, 'two');
    await mkdir(cwd);
    const envPath = join(cwd, 'env', 'config.json');
    const r = await start(cwd, [], { MM_CONFIG: envPath });
    await waitUntilReady(r);
    assert.equal(JSON.parse(await readFile(envPath, 'utf8')).ServiceSettings.ListenAddress, ':8065');
    await assert.rejects(stat(join(cwd, 'config', 'config.json')), { code: 'ENOENT' });
    r.child.kill('SIGINT');
    assert.equal(await r.exited, 0, r.stderr());
  });

  it('refuses an invalid config file, listing every problem, and exits non-zero', async () => {
    const cwd = join(dir, 'three');
    const path = join(cwd, 'config.json');
    await mkdir(cwd);
    const config = {
      ServiceSettings: { SiteURL: 'chat.example.org', MaximumLoginAttempts: 'ten' },
      SqlSettings: { DriverName: 'mysql' },
      PasswordSettings: { MinimumLength: 2 },
    };
    const text = JSON.stringify(config, null, 2);
    await writeFile(path, text);
    const r = await start(cwd, ['--config', path], { MM_TEAMSETTINGS_MAXUSERSPERTEAM: 'lots' });
    const code = await r.exited;
    assert.notEqual(code, 0);
    for (const problem of ['ServiceSettings.SiteURL', 'ServiceSettings.MaximumLoginAttempts', 'SqlSettings.DriverName', 'PasswordSettings.MinimumLength', 'MM_TEAMSETTINGS_MAXUSERSPERTEAM']) {
      assert.ok(r.stderr().includes(problem), `stderr should name ${problem}:\n${r.stderr()}`);
    }
    assert.equal(await readFile(path, 'utf8'), text, 'an invalid file is left as it was');
    await assert.rejects(stat(join(cwd, 'data')), { code: 'ENOENT' }, 'no database was created');
  });
});
