import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, makeUser, startTestServer, type TestServer, type TestUser } from '../test/server.ts';
import { mattermostWebSocketClient, serverSeesOffline, TestSocket } from '../test/ws.ts';
import { connect } from 'node:net';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { makeChannel, makeTeam } from '../test/teams-channels.ts';
import { MAX_BUFFERED_BYTES, REPLAY_BUFFER } from './connection.ts';
import { GatewaySocketHost } from './gateway.ts';

// The protocol is the same whether the sockets live in the gateway process (the default) or in the server's own
// (where a socket cannot change process, and when PRAT_WEBSOCKET_GATEWAY=0).
describeEachDatabase('websocket protocol', (driver) => {
  describe('sockets in the gateway process', () => protocolSuite(driver, true));
  describe('sockets in the server process', () => protocolSuite(driver, false));
});

function protocolSuite(driver: TestServer['driver'], websocketGateway: boolean): void {
  let t: TestServer;
  let admin: TestUser;
  let bob: TestUser;

  before(async () => {
    t = await startTestServer(driver, {}, {}, { websocketGateway });
    assert.equal(t.server.hub.host instanceof GatewaySocketHost, websocketGateway);
    admin = await makeUser(t);
    bob = await makeUser(t);
  });
  after(() => t.close());

  /** Changing a user's roles sends user_role_updated to that user alone: a handy per-user event. */
  const poke = (user: TestUser, roles = 'system_user') => admin.client.updateUserRoles(user.user.id, roles);

  it('authenticates with authentication_challenge, says hello with seq 0, and answers ping', async () => {
    const s = await TestSocket.open(t.url);
    const seq = s.send('authentication_challenge', { token: bob.token });
    assert.equal((await s.reply(seq)).status, 'OK');
    const hello = await s.event('hello');
    assert.equal(hello.seq, 0);
    assert.match(String(hello.data!.connection_id), /^[a-z0-9]{26}$/);
    assert.match(String(hello.data!.server_version), /^\d+\.\d+\.\d+\./);
    assert.equal(hello.broadcast!.user_id, bob.user.id);
    const ping = s.send('ping');
    const pong = await s.reply(ping);
    assert.equal((pong.data as { text: string }).text, 'pong');
    s.close();
  });

  it('authenticates from the Authorization header at upgrade', async () => {
    const s = await TestSocket.open(t.url, { token: bob.token });
    assert.equal((await s.next()).event, 'hello');
    s.close();
  });

  it('refuses a bad token at upgrade and closes on a bad challenge', async () => {
    await assert.rejects(TestSocket.open(t.url, { token: 'x'.repeat(26) }), /401/);
    const s = await TestSocket.open(t.url);
    const seq = s.send('authentication_challenge', { token: 'nope' });
    assert.equal((await s.reply(seq)).status, 'FAIL');
    assert.equal((await s.closed).code, 4001);
  });

  it("authenticating a socket does not load the user's channel memberships; their first channel read does", async () => {
    const carol = await makeUser(t);
    const team = await makeTeam(admin);
    await admin.client.addToTeam(team.id, carol.user.id);
    const channel = await makeChannel(admin, team);
    await admin.client.addToChannel(carol.user.id, channel.id);
    // Nothing cached: the socket's lookup is the first of carol's token.
    t.server.ctx.sessionCache?.clear();
    t.server.ctx.readGrants?.clear();
    const grants = t.server.ctx.readGrants!;
    const viaHeader = await TestSocket.open(t.url, { token: carol.token });
    await viaHeader.event('hello');
    const viaChallenge = await TestSocket.open(t.url);
    assert.equal((await viaChallenge.reply(viaChallenge.send('authentication_challenge', { token: carol.token }))).status, 'OK');
    // Memberships of every user holding a socket would be memory spent on reads the socket never makes.
    assert.equal(grants.hasMemberships(carol.user.id, t.server.ctx.now()), false);
    await carol.client.getPosts(channel.id);
    assert.equal(grants.has(carol.user.id, channel.id, t.server.ctx.now()), true);
    viaHeader.close();
    viaChallenge.close();
  });

  it('refuses actions before authentication', async () => {
    const s = await TestSocket.open(t.url);
    const seq = s.send('ping');
    const r = await s.reply(seq);
    assert.equal(r.status, 'FAIL');
    s.close();
  });

  it('delivers a user event to every connection of that user and no one else', async () => {
    const b1 = await TestSocket.open(t.url, { token: bob.token });
    const b2 = await TestSocket.open(t.url, { token: bob.token });
    const a = await TestSocket.open(t.url, { token: admin.token });
    await Promise.all([b1.event('hello'), b2.event('hello'), a.event('hello')]);
    await poke(bob, 'system_user system_user_access_token');
    const [e1, e2] = await Promise.all([b1.event('user_role_updated'), b2.event('user_role_updated')]);
    assert.equal(e1.data!.user_id, bob.user.id);
    assert.equal(e2.data!.user_id, bob.user.id);
    // Each connection numbers its own events from 0 without gaps.
    for (const s of [b1, b2]) assert.deepEqual(s.events().map((f) => f.seq), s.events().map((_, i) => i));
    // A marker event the admin does receive proves the earlier one was not merely late.
    await poke(admin, 'system_admin system_user');
    await a.event('user_role_updated');
    assert.ok(!a.events().some((f) => f.event === 'user_role_updated' && f.data!.user_id === bob.user.id));
    for (const s of [b1, b2, a]) s.close();
  });

  it('replays what a dropped connection missed when it resumes with connection_id and sequence_number', async () => {
    const s = await TestSocket.open(t.url, { token: bob.token });
    const hello = await s.event('hello');
    const connectionId = String(hello.data!.connection_id);
    await poke(bob);
    const first = await s.event('user_role_updated');
    s.ws.terminate();
    await s.closed;
    await t.server.hub.flushed();
    for (let i = 0; i < 3; i++) await poke(bob, i % 2 ? 'system_user' : 'system_user system_user_access_token');
    await t.server.hub.flushed();
    const back = await TestSocket.open(t.url, { token: bob.token, query: `connection_id=${connectionId}&sequence_number=${first.seq! + 1}` });
    const replayed = [];
    while (replayed.filter((f) => f.event === 'user_role_updated').length < 3) replayed.push(await back.next());
    // The missed events arrive in order, numbered on from where the client left off.
    assert.deepEqual(replayed.map((f) => f.seq), replayed.map((_, i) => first.seq! + 1 + i));
    assert.ok(!back.events().some((f) => f.event === 'hello'), 'a resumed connection gets no new hello');
    back.close();
  });

  it('tells a client to resync (new connection_id, seq 0) when it missed more than the buffer holds', async () => {
    const s = await TestSocket.open(t.url, { token: bob.token });
    const hello = await s.event('hello');
    s.ws.terminate();
    await s.closed;
    await t.server.hub.flushed();
    for (let i = 0; i <= REPLAY_BUFFER; i++) await poke(bob, i % 2 ? 'system_user' : 'system_user system_user_access_token');
    await t.server.hub.flushed();
    const back = await TestSocket.open(t.url, { token: bob.token, query: `connection_id=${hello.data!.connection_id}&sequence_number=1` });
    const fresh = await back.next();
    assert.equal(fresh.event, 'hello');
    assert.equal(fresh.seq, 0);
    assert.notEqual(fresh.data!.connection_id, hello.data!.connection_id);
    back.close();
  });

  it('sends typing to the other channel members only, and refuses it from non-members', async () => {
    const team = await admin.client.createTeam({ name: `typing${Date.now()}`, display_name: 'Typing', type: 'O' } as never);
    await admin.client.addToTeam(team.id, bob.user.id);
    const carol = await makeUser(t);
    await admin.client.addToTeam(team.id, carol.user.id);
    const channel = await admin.client.createChannel({ team_id: team.id, name: 'private-typing', display_name: 'Private typing', type: 'P' } as never);
    await admin.client.addToChannel(bob.user.id, channel.id);
    const [a, b, c] = await Promise.all([admin, bob, carol].map((u) => TestSocket.open(t.url, { token: u.token })));
    await Promise.all([a!, b!, c!].map((s) => s.event('hello')));
    const seq = b!.send('user_typing', { channel_id: channel.id, parent_id: '' });
    assert.equal((await b!.reply(seq)).status, 'OK');
    const typing = await a!.event('typing');
    assert.deepEqual(typing.data, { user_id: bob.user.id, parent_id: '' });
    assert.equal(typing.broadcast!.channel_id, channel.id);
    const refused = c!.send('user_typing', { channel_id: channel.id, parent_id: '' });
    assert.equal((await c!.reply(refused)).status, 'FAIL');
    await t.server.hub.flushed();
    assert.ok(!b!.events().some((f) => f.event === 'typing'), 'the typist does not hear themself');
    assert.ok(!c!.events().some((f) => f.event === 'typing'), 'a non-member hears nothing');
    for (const s of [a!, b!, c!]) s.close();
  });

  it('tells a user removed from a team with leave_team, and then nothing more from that team', async () => {
    const team = await admin.client.createTeam({ name: `leave${Date.now()}`, display_name: 'Leave', type: 'O' } as never);
    const dave = await makeUser(t);
    await admin.client.addToTeam(team.id, dave.user.id);
    const s = await TestSocket.open(t.url, { token: dave.token });
    await s.event('hello');
    await admin.client.removeFromTeam(team.id, dave.user.id);
    const left = await s.event('leave_team');
    assert.equal(left.data!.user_id, dave.user.id);
    await admin.client.patchTeam({ id: team.id, display_name: 'Renamed' } as never);
    await t.server.hub.flushed();
    assert.ok(!s.events().some((f) => f.event === 'update_team'), 'no team events after leaving');
    s.close();
  });

  it('works with the official WebSocketClient', async () => {
    const client = mattermostWebSocketClient();
    const events: string[] = [];
    const waiters = new Map<string, () => void>();
    const arrived = (name: string) => new Promise<void>((resolve) => (events.includes(name) ? resolve() : waiters.set(name, resolve)));
    client.addMessageListener((msg: { event: string }) => {
      events.push(msg.event);
      waiters.get(msg.event)?.();
    });
    const hello = arrived('hello');
    client.initialize(`${t.url.replace(/^http/, 'ws')}/api/v4/websocket`, bob.token);
    await hello;
    const roleUpdate = arrived('user_role_updated');
    await poke(bob);
    await roleUpdate;
    assert.equal(events[0], 'hello');
    client.close();
  });
}

describe('websocket gateway process', () => {
  let t: TestServer;
  let bob: TestUser;
  let admin: TestUser;
  const gateway = () => t.server.hub.host as GatewaySocketHost;
  before(async () => {
    t = await startTestServer('sqlite');
    admin = await makeUser(t);
    bob = await makeUser(t);
  });
  after(() => t.close());

  it('is named in ps as the gateway', () => {
    const pid = gateway().pid!;
    assert.equal(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, ''), 'prat gateway');
  });

  it('is replaced when it dies: clients reconnect, are told to resync, and hear events again', async () => {
    const s = await TestSocket.open(t.url, { token: bob.token });
    const hello = await s.event('hello');
    assert.equal((await admin.client.getStatus(bob.user.id)).status, 'online');
    // The server notices when it hears the gateway exit, and bob goes offline; a client that reconnects before that
    // may find its socket closed during the handshake, and retries.
    const offline = serverSeesOffline(t.server, bob.user.id);
    const first = gateway().pid!;
    process.kill(first, 'SIGKILL');
    assert.equal((await s.closed).code, 1006, 'the socket dies with its process');
    await offline;
    // A client comes back as after a server restart: its old connection is gone, so it gets a new one.
    const back = await TestSocket.open(t.url, { token: bob.token, query: `connection_id=${hello.data!.connection_id}&sequence_number=1` });
    const fresh = await back.event('hello');
    assert.notEqual(fresh.data!.connection_id, hello.data!.connection_id);
    assert.equal(fresh.seq, 0);
    assert.notEqual(gateway().pid, first);
    await admin.client.updateUserRoles(bob.user.id, 'system_user system_user_access_token');
    assert.equal((await back.event('user_role_updated')).data!.user_id, bob.user.id);
    back.close();
  });

  it('cuts off a client that stops reading once its unsent events pass the limit, and keeps serving the others', async () => {
    const team = await makeTeam(admin);
    await admin.client.addToTeam(team.id, bob.user.id);
    const carol = await makeUser(t);
    await admin.client.addToTeam(team.id, carol.user.id);
    const channel = await makeChannel(admin, team, { name: 'flood' });
    for (const u of [bob, carol]) await admin.client.addToChannel(u.user.id, channel.id);
    // bob's client completes the handshake and then never reads again.
    const slow = connect(Number(new URL(t.url).port), '127.0.0.1');
    slow.write(
      `GET /api/v4/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${bob.token}\r\n\r\n`,
    );
    const [response] = (await once(slow, 'data')) as [Buffer];
    assert.match(response.toString(), /^HTTP\/1\.1 101/);
    slow.pause();
    const cut = serverSeesOffline(t.server, bob.user.id);
    let isCut = false;
    void cut.then(() => (isCut = true));
    const reader = await TestSocket.open(t.url, { token: carol.token });
    await reader.event('hello');
    // Each posted event carries a 16,383-character message of two-byte letters (≈ 33 KB). The kernel's socket buffers
    // take a few MB (here ≈ 8) before the server's own queue grows; past MAX_BUFFERED_BYTES there the connection is
    // closed. The ceiling allows 16 MB of kernel buffers and keeps the test far shorter than a missed ping (60 s),
    // which would also close the connection.
    const message = 'ø'.repeat(16383);
    let posts = 0;
    const ceiling = Math.ceil((MAX_BUFFERED_BYTES + 16 * 1024 * 1024) / 33_000);
    while (!isCut && posts < ceiling) {
      await Promise.all(Array.from({ length: 10 }, () => admin.client.createPost({ channel_id: channel.id, message } as never)));
      posts += 10;
      await t.server.hub.flushed();
    }
    assert.ok(isCut, `bob's connection was still open after ${posts} posts (≈ ${Math.round((posts * 33) / 1024)} MB unread)`);
    // The reader that keeps up got every post.
    while (reader.events().filter((f) => f.event === 'posted').length < posts) await reader.next((f) => f.event === 'posted');
    assert.equal(reader.events().filter((f) => f.event === 'posted').length, posts);
    slow.destroy();
    reader.close();
  });

  it('says goodbye to every socket (1001) when the server stops, and leaves no process behind', async () => {
    const own = await startTestServer('sqlite');
    const carol = await makeUser(own);
    const sockets = await Promise.all([0, 1, 2].map(() => TestSocket.open(own.url, { token: carol.token })));
    await Promise.all(sockets.map((s) => s.event('hello')));
    const pid = (own.server.hub.host as GatewaySocketHost).pid!;
    await own.close();
    for (const s of sockets) assert.equal((await s.closed).code, 1001);
    assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, 'the gateway process has exited');
  });
});
