// `prat team` and `prat channel` against a live server, channels named in mmctl's team:channel notation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { expectAppError, makeUser, startTestServer, type TestServer, type TestUser } from '../../server/src/test/server.ts';
import { CliUser } from './test/cli.ts';

describe('prat team and prat channel', () => {
  let t: TestServer;
  let admin: TestUser;
  let anne: TestUser;
  let bob: TestUser;
  let cli: CliUser;

  before(async () => {
    t = await startTestServer('sqlite', { ServiceSettings: { EnableAPITeamDeletion: true, EnableAPIChannelDeletion: true } });
    admin = await makeUser(t);
    anne = await makeUser(t);
    bob = await makeUser(t);
    cli = await CliUser.create();
    const pat = await admin.client.createUserAccessToken(admin.user.id, 'resource tests');
    await cli.ok(['auth', 'login', t.url, '--name', 'test', '--access-token', pat.token!]);
  });
  after(async () => {
    await cli.remove();
    await t.close();
  });

  it('creates, lists, searches, renames, archives, restores and deletes teams', async () => {
    const fribyte = await cli.json<Team>(['team', 'create', '--name', 'fribyte', '--display-name', 'Fribyte', '--email', 'drift@example.org']);
    assert.equal(fribyte.name, 'fribyte');
    assert.equal(fribyte.type, 'O');
    const styret = await cli.json<Team>(['team', 'create', '--name', 'styret', '--display-name', 'Styret', '--private']);
    assert.equal((await admin.client.getTeam(styret.id)).type, 'I');

    const listed = await cli.json<Team[]>(['team', 'list']);
    assert.deepEqual(listed.map((x) => x.name).sort(), ['fribyte', 'styret']);
    assert.match(await cli.ok(['team', 'list']), /^NAME +DISPLAY NAME +TYPE +STATE +ID\nfribyte +Fribyte +open +active/);
    assert.deepEqual((await cli.json<Team[]>(['team', 'search', 'fri'])).map((x) => x.name), ['fribyte']);

    await cli.ok(['team', 'rename', 'fribyte', '--display-name', 'Fribyte (drift)']);
    assert.equal((await admin.client.getTeam(fribyte.id)).display_name, 'Fribyte (drift)');

    // Destroying needs --confirm without a terminal.
    assert.match((await cli.fails(['team', 'archive', 'styret'])).stderr, /add --confirm/);
    await cli.ok(['team', 'archive', styret.id, '--confirm']);
    assert.ok((await admin.client.getTeam(styret.id)).delete_at > 0);
    await cli.ok(['team', 'restore', 'styret']);
    assert.equal((await admin.client.getTeam(styret.id)).delete_at, 0);
    await cli.ok(['team', 'delete', 'styret', '--confirm']);
    await expectAppError(admin.client.getTeam(styret.id), 404);

    assert.match((await cli.fails(['team', 'rename', 'nope', '--display-name', 'x'])).stderr, /^Error: team "nope" not found$/m);
  });

  it('adds and removes team members given by username, email or id, reporting the ones it cannot find', async () => {
    const r = await cli.fails(['team', 'users', 'add', 'fribyte', anne.user.username, bob.user.email, 'nobody']);
    assert.match(r.stdout, new RegExp(`Added ${anne.user.username} to fribyte\\nAdded ${bob.user.username} to fribyte`));
    assert.match(r.stderr, /user "nobody" not found/);
    const team = await admin.client.getTeamByName('fribyte');
    const members = await admin.client.getTeamMembers(team.id, 0, 100);
    assert.ok(members.some((m) => m.user_id === anne.user.id) && members.some((m) => m.user_id === bob.user.id));

    await cli.ok(['team', 'users', 'remove', 'fribyte', bob.user.id]);
    const after = await admin.client.getTeamMembers(team.id, 0, 100);
    assert.equal(after.some((m) => m.user_id === bob.user.id && m.delete_at === 0), false);
  });

  it('creates a channel, renames and archives it as team:channel, and lists it with its state', async () => {
    const created = await cli.json<Channel>(['channel', 'create', '--team', 'fribyte', '--name', 'drift-alt', '--display-name', '[drift] alt', '--purpose', 'Alt om drift']);
    assert.equal(created.display_name, '[drift] alt');
    assert.equal(created.purpose, 'Alt om drift');
    assert.equal(created.type, 'O');

    await cli.ok(['channel', 'rename', 'fribyte:drift-alt', '--display-name', '[drift] alle']);
    const team = await admin.client.getTeamByName('fribyte');
    // The team by id and the channel by name works too, and so does a new handle.
    await cli.ok(['channel', 'rename', `${team.id}:drift-alt`, '--name', 'drift-alle']);
    let channel = await admin.client.getChannel(created.id);
    assert.deepEqual([channel.name, channel.display_name], ['drift-alle', '[drift] alle']);

    assert.match(await cli.ok(['channel', 'archive', 'fribyte:drift-alle']), /Channel fribyte:drift-alle archived/);
    assert.ok((await admin.client.getChannel(created.id)).delete_at > 0);
    const listed = await cli.json<Array<Channel & { team_name: string }>>(['channel', 'list', 'fribyte']);
    assert.deepEqual(
      listed.map((c) => [c.name, c.delete_at > 0]),
      [
        ['drift-alle', true],
        ['off-topic', false],
        ['town-square', false],
      ],
    );
    assert.match(await cli.ok(['channel', 'list', 'fribyte']), /fribyte:drift-alle +\[drift\] alle +public +archived/);

    await cli.ok(['channel', 'unarchive', `fribyte:${created.id}`]);
    channel = await admin.client.getChannel(created.id);
    assert.equal(channel.delete_at, 0);
    assert.equal((await cli.json<Channel[]>(['channel', 'search', 'drift-alle']))[0]!.id, created.id);
  });

  it('makes channels private, manages their members, and deletes them for good', async () => {
    const secret = await cli.json<Channel>(['channel', 'create', '--team', 'fribyte', '--name', 'styret', '--display-name', 'Styret', '--private']);
    assert.equal(secret.type, 'P');
    await cli.ok(['channel', 'modify', 'fribyte:styret', '--public']);
    assert.equal((await admin.client.getChannel(secret.id)).type, 'O');
    await cli.ok(['channel', 'modify', 'fribyte:styret', '--private']);
    assert.equal((await admin.client.getChannel(secret.id)).type, 'P');
    assert.match((await cli.fails(['channel', 'modify', 'fribyte:styret'])).stderr, /give --private or --public/);

    await cli.ok(['channel', 'users', 'add', 'fribyte:styret', anne.user.username]);
    assert.equal((await admin.client.getChannelMember(secret.id, anne.user.id)).user_id, anne.user.id);
    await cli.ok(['channel', 'users', 'remove', 'fribyte:styret', anne.user.email]);
    await expectAppError(admin.client.getChannelMember(secret.id, anne.user.id), 404);

    await cli.ok(['channel', 'delete', 'fribyte:styret', '--confirm']);
    await expectAppError(admin.client.getChannel(secret.id), 404);
  });

  it('names the channel or team it cannot find, and still does the rest', async () => {
    const unknownChannel = await cli.fails(['channel', 'archive', 'fribyte:no-such-channel']);
    assert.match(unknownChannel.stderr, /^Error: channel "no-such-channel" not found in team "fribyte"$/m);
    const unknownTeam = await cli.fails(['channel', 'rename', 'no-such-team:town-square', '--display-name', 'x']);
    assert.match(unknownTeam.stderr, /^Error: team "no-such-team" not found$/m);
    assert.match((await cli.fails(['channel', 'archive', 'town-square'])).stderr, /give it as team:channel, or by id/);
    assert.match((await cli.fails(['channel', 'search', '--team', 'fribyte', 'nope'])).stderr, /channel "nope" not found in team "fribyte"/);

    const both = await cli.fails(['channel', 'archive', 'fribyte:nope', 'fribyte:off-topic']);
    assert.match(both.stdout, /Channel fribyte:off-topic archived/);
    assert.match(both.stderr, /channel "nope" not found/);
    const team = await admin.client.getTeamByName('fribyte');
    assert.ok((await admin.client.getChannelByName(team.id, 'off-topic', true)).delete_at > 0);
  });
});
