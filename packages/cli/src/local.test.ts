// Local mode, both sides: the server's Unix socket (EnableLocalMode) and `prat --local` bootstrapping a fresh server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { lstat, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserProfile, UserAccessToken } from '@mattermost/types/users';
import { defaultConfig } from '@prat/server';
import { startTestServer, type TestServer } from '../../server/src/test/server.ts';
import { CliUser } from './test/cli.ts';
import { DEFAULT_LOCAL_SOCKET } from './lib/client.ts';

describe('local mode', () => {
  let t: TestServer;
  let socketDir: string;
  let socket: string;
  let cli: CliUser;

  before(async () => {
    socketDir = await mkdtemp(join(tmpdir(), 'prat-sock-'));
    socket = join(socketDir, 'prat.socket');
    t = await startTestServer('sqlite', { ServiceSettings: { EnableLocalMode: true, LocalModeSocketLocation: socket } });
    cli = await CliUser.create();
  });
  after(async () => {
    await cli.remove();
    await t.close();
    await rm(socketDir, { recursive: true, force: true });
  });

  it('listens on a socket only its owner may use, at the configured place (the CLI defaults to the same one)', async () => {
    const st = await lstat(socket);
    assert.ok(st.isSocket());
    assert.equal(st.mode & 0o777, 0o600);
    assert.equal(DEFAULT_LOCAL_SOCKET, defaultConfig().ServiceSettings.LocalModeSocketLocation);
  });

  it('bootstraps the first admin of a fresh server with no token, then hands over to a normal login', async () => {
    const env = { MMCTL_LOCAL_SOCKET_PATH: socket };
    const admin = await cli.json<UserProfile>(
      ['--local', 'user', 'create', '--email', 'admin@example.org', '--username', 'admin', '--password', 'Passw0rd!long', '--system-admin'],
      { env },
    );
    assert.equal(admin.username, 'admin');
    const client = t.client();
    const me = await client.login('admin', 'Passw0rd!long');
    assert.match(me.roles, /system_admin/);

    // A second user made over the socket is a plain user unless --system-admin is given.
    const plain = await cli.json<UserProfile>(['user', 'create', '--email', 'p@example.org', '--username', 'plain', '--password', 'Passw0rd!long', '--local'], { env });
    assert.equal((await client.getUser(plain.id)).roles, 'system_user');

    // MMCTL_LOCAL (or PRAT_LOCAL) turns local mode on without the flag; the socket has admin rights.
    assert.equal(JSON.parse(await cli.ok(['config', 'get', 'ServiceSettings.EnableLocalMode'], { env: { ...env, MMCTL_LOCAL: 'true' } })), true);
    const token = await cli.json<UserAccessToken>(['token', 'generate', 'admin', 'from the server host'], { env: { ...env, PRAT_LOCAL: '1' } });
    await cli.ok(['auth', 'login', t.url, '--name', 'remote', '--access-token', token.token!]);
    assert.equal((await cli.json<UserProfile[]>(['user', 'search', 'plain']))[0]!.id, plain.id);

    // "me" is nobody over the socket.
    assert.match((await cli.fails(['--local', 'user', 'edit', 'email', 'me', 'x@example.org'], { env })).stderr, /"me" means nobody in local mode/);
  });

  it('explains a missing socket, and refuses something that is not one', async () => {
    const missing = await cli.fails(['--local', 'system', 'ping'], { env: { MMCTL_LOCAL_SOCKET_PATH: join(socketDir, 'nope.socket') } });
    assert.match(missing.stderr, /no local-mode socket at .*nope\.socket: is the server running with ServiceSettings\.EnableLocalMode true\?/);
    const file = join(socketDir, 'plain-file');
    await writeFile(file, '');
    assert.match((await cli.fails(['--local', 'system', 'ping'], { env: { MMCTL_LOCAL_SOCKET_PATH: file } })).stderr, /is not a socket/);
  });
});

describe('local-mode socket lifecycle', () => {
  it('replaces a stale socket left by a crash, refuses to delete any other file, and removes its socket on close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prat-sock-'));
    try {
      const socket = join(dir, 'stale.socket');
      // A process killed while listening leaves its socket file behind.
      const crashed = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socket)}, () => process.kill(process.pid, 'SIGKILL'))`]);
      await once(crashed, 'exit');
      assert.ok((await lstat(socket)).isSocket());

      const t = await startTestServer('sqlite', { ServiceSettings: { EnableLocalMode: true, LocalModeSocketLocation: socket } });
      const answered = await new CliUser(dir).ok(['--local', 'system', 'ping'], { env: { MMCTL_LOCAL_SOCKET_PATH: socket } });
      assert.equal(answered, 'OK\n');
      await t.close();
      await assert.rejects(stat(socket), { code: 'ENOENT' });

      const file = join(dir, 'not-a-socket');
      await writeFile(file, 'keep me');
      await assert.rejects(startTestServer('sqlite', { ServiceSettings: { EnableLocalMode: true, LocalModeSocketLocation: file } }), /exists and is not a socket/);
      assert.equal((await stat(file)).size, 7);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
