// `prat post` against a live server: posting to team:channel, reading back, following over the WebSocket, deleting.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { makeUser, startTestServer, type TestServer, type TestUser } from '../../server/src/test/server.ts';
import { makeChannel, makeTeam } from '../../server/src/test/teams-channels.ts';
import { CliUser } from './test/cli.ts';

/** Resolves when a stream has printed text matching `pattern`; rejects if it ends first. */
function printed(stream: Readable, pattern: RegExp): Promise<string> {
  let text = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      text += d;
      if (pattern.test(text)) {
        stream.off('data', onData);
        resolve(text);
      }
    };
    stream.on('data', onData);
    stream.once('end', () => reject(new Error(`ended without printing ${pattern}: ${text}`)));
  });
}

describe('prat post', () => {
  let t: TestServer;
  let admin: TestUser;
  let anne: TestUser;
  let team: Team;
  let cli: CliUser;

  before(async () => {
    t = await startTestServer('sqlite');
    admin = await makeUser(t);
    anne = await makeUser(t);
    team = await makeTeam(admin, { name: 'fribyte' });
    await admin.client.addToTeam(team.id, anne.user.id);
    await makeChannel(admin, team, { name: 'viktig', display_name: 'Viktig' });
    cli = await CliUser.create();
    const pat = await admin.client.createUserAccessToken(admin.user.id, 'post tests');
    await cli.ok(['auth', 'login', t.url, '--name', 'test', '--access-token', pat.token!]);
  });
  after(async () => {
    await cli.remove();
    await t.close();
  });

  it('posts and replies as team:channel, lists oldest first, and deletes', async () => {
    const first = await cli.json<Post>(['post', 'create', 'fribyte:viktig', '--message', 'Dugnad på lørdag']);
    await cli.ok(['post', 'create', 'fribyte:viktig', '-m', 'Jeg kommer', '--reply-to', first.id]);
    assert.equal((await admin.client.getPostThread(first.id)).order.length, 2);

    const out = await cli.ok(['post', 'list', 'fribyte:viktig']);
    assert.equal(out, `[${admin.user.username}] Dugnad på lørdag\n[${admin.user.username}] Jeg kommer\n`);
    assert.match(await cli.ok(['post', 'list', 'fribyte:viktig', '--show-ids', '-n', '1']), new RegExp(`^[a-z0-9]{26} \\[${admin.user.username}\\] Jeg kommer\\n$`));
    const listed = await cli.json<Array<Post & { username: string }>>(['post', 'list', 'fribyte:viktig', '--since', String(first.create_at - 1)]);
    assert.deepEqual(listed.map((p) => [p.username, p.message]), [
      [admin.user.username, 'Dugnad på lørdag'],
      [admin.user.username, 'Jeg kommer'],
    ]);

    await cli.ok(['post', 'delete', first.id, '--confirm']);
    assert.doesNotMatch(await cli.ok(['post', 'list', 'fribyte:viktig']), /Dugnad/);
    assert.match((await cli.fails(['post', 'create', 'fribyte:nope', '-m', 'x'])).stderr, /channel "nope" not found in team "fribyte"/);
  });

  it('follows a channel: new posts by others are printed as they arrive, until Ctrl-C', async () => {
    const child = cli.start(['post', 'list', 'fribyte:town-square', '--follow']);
    const exited = once(child, 'exit');
    await printed(child.stderr, /Following fribyte:town-square/);
    const stdout = printed(child.stdout, /Hei fra anne/);
    const channel = await admin.client.getChannelByName(team.id, 'town-square');
    await anne.client.createPost({ channel_id: channel.id, message: 'Hei fra anne' } as Post);
    assert.match(await stdout, new RegExp(`\\[${anne.user.username}\\] Hei fra anne`));
    child.kill('SIGINT');
    assert.deepEqual(await exited, [0, null]);
  });
});
