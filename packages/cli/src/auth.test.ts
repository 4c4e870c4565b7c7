// `prat auth` as users run it: the real binary against a live server, credentials in a private $XDG_CONFIG_HOME.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { makeUser, startTestServer, type TestServer, type TestUser } from '../../server/src/test/server.ts';
import { BIN, CliUser } from './test/cli.ts';
import type { Credentials } from './lib/credentials.ts';

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as { port: number };
  s.close();
  await once(s, 'close');
  return port;
}

describe('prat auth', () => {
  let t: TestServer;
  let admin: TestUser;
  let cli: CliUser;

  before(async () => {
    t = await startTestServer('sqlite');
    admin = await makeUser(t);
    cli = await CliUser.create();
  });
  after(async () => {
    await cli.remove();
    await t.close();
  });

  it('logs in with an access token made through the API, stores it privately in mmctl\'s format, and uses it', async () => {
    const pat = await admin.client.createUserAccessToken(admin.user.id, 'cli test');
    const out = await cli.ok(['auth', 'login', t.url, '--name', 'local', '--access-token', pat.token!]);
    assert.match(out, new RegExp(`"${admin.user.username}@${t.url}" stored`));

    const file = JSON.parse(await readFile(cli.credentialsFile, 'utf8')) as Record<string, Credentials>;
    assert.deepEqual(file.local, { name: 'local', username: admin.user.username, authToken: pat.token!, authMethod: 'T', instanceUrl: t.url, active: true });
    assert.equal((await stat(cli.credentialsFile)).mode & 0o777, 0o600);
    assert.equal((await stat(join(cli.configHome, 'prat'))).mode & 0o777, 0o700);

    const current = await cli.json<Record<string, unknown>>(['auth', 'current']);
    assert.deepEqual(current, { name: 'local', username: admin.user.username, authMethod: 'T', instanceUrl: t.url, active: true });
    // The stored token works for commands, and no token is ever printed.
    assert.match(await cli.ok(['system', 'ping']), /^OK$/m);
    assert.doesNotMatch(await cli.ok(['auth', 'list']), new RegExp(pat.token!));
  });

  it('keeps several servers side by side, switches with set, renews a password login, deletes and cleans', async () => {
    const other = await makeUser(t);
    await cli.ok(['auth', 'login', t.url, '--name', 'second', '--username', other.user.username, '--password', other.password]);
    let list = await cli.json<Credentials[]>(['auth', 'list']);
    assert.deepEqual(
      list.map((c) => [c.name, c.username, c.authMethod, c.active]),
      [
        ['local', admin.user.username, 'T', false],
        ['second', other.user.username, 'P', true],
      ],
    );
    assert.equal(list.some((c) => 'authToken' in c), false);
    const me = await cli.json<{ username: string }[]>(['user', 'search', other.user.username]);
    assert.equal(me[0]!.username, other.user.username);

    await cli.ok(['auth', 'set', 'local']);
    assert.equal((await cli.json<{ name: string }>(['auth', 'current'])).name, 'local');

    const before = JSON.parse(await readFile(cli.credentialsFile, 'utf8')) as Record<string, Credentials>;
    // The password comes on a forced prompt here, as a user would type it at a terminal.
    await cli.ok(['auth', 'renew', 'second'], { input: `${other.password}\n`, env: { PRAT_FORCE_PROMPT: '1' } });
    const renewed = JSON.parse(await readFile(cli.credentialsFile, 'utf8')) as Record<string, Credentials>;
    assert.notEqual(renewed.second!.authToken, before.second!.authToken);
    assert.equal(renewed.local!.active, true);

    const missing = await cli.fails(['auth', 'set', 'nope']);
    assert.match(missing.stderr, /no credentials named "nope" \(stored: local, second\)/);

    await cli.ok(['auth', 'delete', 'second']);
    list = await cli.json<Credentials[]>(['auth', 'list']);
    assert.deepEqual(list.map((c) => c.name), ['local']);

    await cli.ok(['auth', 'clean']);
    assert.deepEqual(await cli.json(['auth', 'list']), []);
    const none = await cli.fails(['team', 'list']);
    assert.match(none.stderr, /no active credentials/);
  });

  it('refuses a bad token, a wrong password, an unreachable server and a URL that is not a chat server, storing nothing', async () => {
    const fresh = await CliUser.create();
    try {
      const badToken = await fresh.fails(['auth', 'login', t.url, '--name', 'x', '--access-token', 'notatoken00000000000000000']);
      assert.match(badToken.stderr, /the access token was not accepted by .*Invalid or expired session/);

      const badPassword = await fresh.fails(['auth', 'login', t.url, '--name', 'x', '--username', admin.user.username, '--password', 'wrong password']);
      assert.match(badPassword.stderr, new RegExp(`refused the login of "${admin.user.username}"`));

      const port = await closedPort();
      const refused = await fresh.fails(['auth', 'login', `http://127.0.0.1:${port}`, '--name', 'x', '--access-token', 'whatever']);
      assert.match(refused.stderr, new RegExp(`cannot reach http://127.0.0.1:${port}: connection refused`));

      const notChat = await fresh.fails(['auth', 'login', `${t.url}/not-here`, '--name', 'x', '--access-token', 'whatever']);
      assert.match(notChat.stderr, /did not answer as a Prat or Mattermost server/);

      // Without a terminal, a missing password is an error rather than a prompt nobody answers.
      const noPassword = await fresh.fails(['auth', 'login', t.url, '--name', 'x', '--username', admin.user.username]);
      assert.match(noPassword.stderr, /a password is needed/);

      assert.deepEqual(await fresh.json(['auth', 'list']), []);
    } finally {
      await fresh.remove();
    }
  });

  it('asks for a missing password at a terminal without echoing it', { skip: spawnSync('script', ['-V']).status !== 0 && 'script (util-linux) is not installed' }, async () => {
    const fresh = await CliUser.create();
    try {
      // script(1) gives prat a pseudo-terminal, as a user's shell would; its output is what the user would see.
      const command = [process.execPath, BIN, 'auth', 'login', t.url, '--name', 'tty', '--username', admin.user.username].map((a) => `'${a}'`).join(' ');
      const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, XDG_CONFIG_HOME: fresh.configHome, HOME: fresh.home } });
      let screen = '';
      const asked = new Promise<void>((resolve) =>
        child.stdout.on('data', (d) => {
          screen += d;
          if (screen.includes('Password for')) resolve();
        }),
      );
      const exited = once(child, 'exit');
      await asked;
      child.stdin.write(`${admin.password}\r`);
      assert.deepEqual(await exited, [0, null], screen);
      assert.match(screen, /stored and active/);
      assert.equal(screen.includes(admin.password), false, 'the password was echoed');
      assert.deepEqual((await fresh.json<Credentials[]>(['auth', 'list'])).map((c) => [c.name, c.authMethod]), [['tty', 'P']]);
    } finally {
      await fresh.remove();
    }
  });

  it('reads the token from --access-token-file and can store credentials without activating them', async () => {
    const fresh = await CliUser.create();
    try {
      const pat = await admin.client.createUserAccessToken(admin.user.id, 'from a file');
      const tokenFile = join(fresh.home, 'token');
      await writeFile(tokenFile, `${pat.token!}\n`);
      await fresh.ok(['auth', 'login', t.url, '--name', 'first', '--access-token-file', tokenFile]);
      await fresh.ok(['auth', 'login', t.url, '--name', 'spare', '--access-token-file', tokenFile, '--no-activate']);
      const list = await fresh.json<Credentials[]>(['auth', 'list']);
      assert.deepEqual(list.map((c) => [c.name, c.active]), [['first', true], ['spare', false]]);
      // A token revoked on the server makes the next command fail with the server's message.
      await admin.client.revokeUserAccessToken(pat.id);
      const revoked = await fresh.fails(['team', 'list']);
      assert.match(revoked.stderr, /^Error: Invalid or expired session, please login again\.$/m);
    } finally {
      await fresh.remove();
    }
  });
});
