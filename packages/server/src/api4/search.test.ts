import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { Post, PostSearchResults } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { describeEachDatabase, expectAppError, makeUser, startTestServer, type TestServer, type TestUser } from '../test/server.ts';
import { api, makeChannel, makeTeam } from '../test/teams-channels.ts';

type Params = { is_or_search?: boolean; time_zone_offset?: number; include_deleted_channels?: boolean; page?: number; per_page?: number };

describeEachDatabase('message search', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  /** Team admin of both teams; creates the channels. */
  let alice: TestUser;
  /** The searcher: in `team` and `other`, in `pub`, not in `priv`. */
  let bob: TestUser;
  /** In `team`, `priv`; has a direct message with alice. */
  let carol: TestUser;
  /** In no team. */
  let dave: TestUser;
  let team: Team;
  let other: Team;
  let pub: Channel;
  let priv: Channel;
  let otherChannel: Channel;
  let aliceBob: Channel;
  let aliceCarol: Channel;

  before(async () => {
    t = await startTestServer(driver);
    // Server times strictly increase, so posts in different channels still have an order.
    let last = 0;
    t.server.ctx.now = () => (last = Math.max(Date.now(), last + 1));
    admin = await makeUser(t, { username: 'admin' });
    alice = await makeUser(t, { username: 'alice' });
    bob = await makeUser(t, { username: 'bob' });
    carol = await makeUser(t, { username: 'carol' });
    dave = await makeUser(t, { username: 'dave' });
    team = await makeTeam(alice, { name: 'fribyte' });
    other = await makeTeam(alice, { name: 'andre' });
    for (const u of [bob, carol]) await alice.client.addToTeam(team.id, u.user.id);
    await alice.client.addToTeam(other.id, bob.user.id);
    pub = await makeChannel(alice, team, { name: 'drift' });
    priv = await makeChannel(alice, team, { name: 'ledelse', type: 'P' });
    otherChannel = await makeChannel(alice, other, { name: 'prosjekt' });
    await alice.client.addToChannel(bob.user.id, pub.id);
    await alice.client.addToChannel(carol.user.id, priv.id);
    await alice.client.addToChannel(bob.user.id, otherChannel.id);
    aliceBob = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    aliceCarol = await alice.client.createDirectChannel([alice.user.id, carol.user.id]);
  });
  after(() => t.close());

  const post = (who: TestUser, channel: { id: string }, message: string) => who.client.createPost({ channel_id: channel.id, message } as Post);
  const search = (who: TestUser, terms: string, params: Params = {}, teamId = team.id) =>
    who.client.searchPostsWithParams(teamId, { terms, is_or_search: false, ...params }) as Promise<PostSearchResults & { has_next: boolean }>;
  /** The messages a search finds, in the order given. */
  const found = async (who: TestUser, terms: string, params: Params = {}, teamId = team.id) => {
    const r = await search(who, terms, params, teamId);
    return r.order.map((id) => r.posts[id]!.message);
  };

  it('answers with a PostList: newest first, every post in it, matches per post', async () => {
    const a = await post(alice, pub, 'grill party on friday');
    const b = await post(bob, pub, 'who brings the grill?');
    await post(alice, pub, 'unrelated chatter');
    const r = await search(bob, 'grill');
    assert.deepEqual(r.order, [b.id, a.id]);
    assert.deepEqual(Object.keys(r.posts).sort(), [a.id, b.id].sort());
    assert.equal(r.posts[a.id]!.message, 'grill party on friday');
    assert.deepEqual([r.next_post_id, r.prev_post_id, r.has_next], ['', '', false]);
    assert.deepEqual(r.matches, { [a.id]: ['grill'], [b.id]: ['grill'] });
    const raw = await api(t, bob, 'POST', `/teams/${team.id}/posts/search`, { terms: 'grill', is_or_search: false });
    assert.equal(raw.status, 200);
    assert.deepEqual((await search(bob, 'nothingmatchesthis')).order, []);
    await expectAppError(search(bob, ''), 400, 'api.context.invalid_param.app_error');
    assert.deepEqual((await search(bob, '   ')).order, [], 'a blank search finds nothing');
  });

  it('requires every term, or any with is_or_search', async () => {
    await post(alice, pub, 'kaffe og kake');
    await post(alice, pub, 'kaffe uten noe');
    await post(alice, pub, 'bare kake');
    assert.deepEqual(await found(bob, 'kaffe kake'), ['kaffe og kake']);
    assert.deepEqual(await found(bob, 'kaffe kake', { is_or_search: true }), ['bare kake', 'kaffe uten noe', 'kaffe og kake']);
  });

  it('finds quoted phrases in order, excludes terms and phrases, and matches prefixes', async () => {
    await post(alice, pub, 'the nightly backup job failed');
    await post(alice, pub, 'failed backup, no job ran');
    await post(alice, pub, 'backupserver rebooted');
    assert.deepEqual(await found(bob, '"backup job"'), ['the nightly backup job failed']);
    assert.deepEqual(await found(bob, '"job backup"'), []);
    assert.deepEqual(await found(bob, 'backup -nightly'), ['failed backup, no job ran']);
    assert.deepEqual(await found(bob, 'backup -"backup job"'), ['failed backup, no job ran']);
    assert.deepEqual(await found(bob, 'backup*'), ['backupserver rebooted', 'failed backup, no job ran', 'the nightly backup job failed']);
    assert.deepEqual(await found(bob, 'backup* -reboot*'), ['failed backup, no job ran', 'the nightly backup job failed']);
    const r = await search(bob, '"backup jo*"');
    assert.deepEqual(Object.values(r.matches), [['backup job']]);
  });

  it('finds terms with dashes, dots, e-mail addresses and URLs, whole and in parts', async () => {
    const dash = await post(alice, pub, 'Sjekk drift-status før deploy');
    const version = await post(alice, pub, 'Oppgradert til v1.2.3 i går');
    const mail = await post(alice, pub, 'Send det til ola@fribyte.no');
    const url = await post(alice, pub, 'Koden ligger på https://git.fribyte.no/drift/ansible nå');
    await post(alice, pub, 'status for drift er grønn, versjon 3.2.1 av v1');
    const ids = async (terms: string) => (await search(bob, terms)).order;
    assert.deepEqual(await ids('drift-status'), [dash.id]);
    assert.deepEqual(await ids('v1.2.3'), [version.id]);
    assert.deepEqual(await ids('ola@fribyte.no'), [mail.id]);
    assert.deepEqual(await ids('https://git.fribyte.no/drift/ansible'), [url.id]);
    assert.deepEqual(await ids('git.fribyte.no'), [url.id]);
    assert.deepEqual(await ids('fribyte.no'), [url.id, mail.id]);
    assert.deepEqual(await ids('"drift/ansible"'), [url.id]);
    assert.deepEqual(await ids('ansible'), [url.id]);
    const r = await search(bob, 'DRIFT-STATUS fribyte.no', { is_or_search: true });
    assert.deepEqual(r.matches[dash.id], ['drift-status']);
    assert.deepEqual(r.matches[url.id], ['fribyte.no']);
  });

  it('is case-insensitive, Norwegian letters included, and finds #hashtags', async () => {
    const p = await post(alice, pub, 'Dugnad på Ærøy med BLÅBÆR og Øl #dugnad-vår');
    assert.deepEqual((await search(bob, 'ærøy blåbær')).order, [p.id]);
    assert.deepEqual((await search(bob, 'ØL dUGNAD')).order, [p.id]);
    const r = await search(bob, '#dugnad-vår');
    assert.deepEqual(r.order, [p.id]);
    assert.deepEqual(r.matches[p.id], ['#dugnad-vår']);
  });

  it('filters by from: (several, or excluded) and in: (channel handle or @user for a direct message)', async () => {
    const a = await post(alice, pub, 'lunsj kl 11');
    const b = await post(bob, pub, 'lunsj kl 12');
    const c = await post(alice, aliceBob, 'lunsj i dm');
    const d = await post(alice, otherChannel, 'lunsj i andre');
    assert.deepEqual((await search(bob, 'lunsj from:alice')).order, [c.id, a.id]);
    assert.deepEqual((await search(bob, 'lunsj from:alice from:bob')).order, [c.id, b.id, a.id]);
    assert.deepEqual((await search(bob, 'lunsj -from:alice')).order, [b.id]);
    assert.deepEqual((await search(bob, 'from:bob in:drift')).order.includes(b.id), true, 'from: and in: need no terms');
    assert.deepEqual((await search(bob, 'lunsj in:drift')).order, [b.id, a.id]);
    assert.deepEqual((await search(bob, 'lunsj in:@alice')).order, [c.id]);
    assert.deepEqual((await search(alice, 'lunsj in:@bob')).order, [c.id]);
    assert.deepEqual((await search(bob, 'lunsj in:@alice in:drift')).order, [c.id, b.id, a.id]);
    assert.deepEqual((await search(bob, 'lunsj -in:drift')).order, [c.id]);
    assert.deepEqual((await search(bob, 'lunsj in:prosjekt', {}, '')).order, [d.id]);
    const gm = await alice.client.createGroupChannel([alice.user.id, bob.user.id, carol.user.id]);
    const g = await post(carol, gm, 'middag i gruppa');
    await post(alice, aliceBob, 'middag i dm');
    assert.deepEqual((await search(bob, 'middag in:@alice,carol')).order, [g.id], 'in:@a,b is the group message');
    assert.deepEqual((await search(bob, 'middag in:@carol,@alice,bob')).order, [g.id]);
    assert.deepEqual((await search(carol, 'middag in:@bob,alice', {}, '')).order, [g.id]);
    assert.deepEqual((await search(bob, 'middag in:@alice,nobody')).order, []);
    // Unknown names match nothing rather than failing, as in Mattermost.
    assert.deepEqual((await search(bob, 'lunsj from:nobody')).order, []);
    assert.deepEqual((await search(bob, 'lunsj in:nowhere')).order, []);
    assert.deepEqual((await search(bob, 'lunsj in:@nobody')).order, []);
    assert.deepEqual((await search(bob, 'lunsj -from:nobody')).order, [c.id, b.id, a.id]);
  });

  it('filters by on:, before: and after: in the time zone the client gives', async () => {
    const p = await post(alice, pub, 'kalenderinvitasjon sendt');
    const day = (ms: number, offsetSeconds: number) => new Date(ms + offsetSeconds * 1000).toISOString().slice(0, 10);
    const DAY = 86_400_000;
    const at = p.create_at;
    const ids = async (terms: string, offset = 0) => (await search(bob, `kalenderinvitasjon ${terms}`, { time_zone_offset: offset })).order;
    assert.deepEqual(await ids(`on:${day(at, 0)}`), [p.id]);
    assert.deepEqual(await ids(`on:${day(at - DAY, 0)}`), []);
    // Twelve hours east and west of UTC the post falls on consecutive dates.
    assert.deepEqual(await ids(`on:${day(at, 43_200)}`, 43_200), [p.id]);
    assert.deepEqual(await ids(`on:${day(at, 43_200)}`, -43_200), []);
    assert.deepEqual(await ids(`on:${day(at, -43_200)}`, -43_200), [p.id]);
    assert.deepEqual(await ids(`after:${day(at - DAY, 0)}`), [p.id]);
    assert.deepEqual(await ids(`after:${day(at, 0)}`), []);
    assert.deepEqual(await ids(`before:${day(at + DAY, 0)}`), [p.id]);
    assert.deepEqual(await ids(`before:${day(at, 0)}`), []);
    assert.deepEqual(await ids(`-on:${day(at, 0)}`), []);
    assert.deepEqual((await search(bob, `on:${day(at, 0)} from:alice in:drift`)).order.includes(p.id), true, 'dates need no terms');
  });

  it('never shows channels the user is not a member of: other people’s direct messages, private channels, other teams', async () => {
    const budget = await post(alice, priv, 'hemmelig budsjett');
    const direct = await post(alice, aliceCarol, 'hemmelig melding til carol');
    const mine = await post(alice, pub, 'hemmelig sak i drift');
    const elsewhere = await post(alice, otherChannel, 'hemmelig i andre team');
    assert.deepEqual((await search(bob, 'hemmelig')).order, [mine.id]);
    assert.deepEqual((await search(bob, 'hemmelig', {}, '')).order, [elsewhere.id, mine.id], 'all teams: still only his channels');
    assert.deepEqual((await search(bob, 'hemmelig in:ledelse')).order, [], 'naming a private channel does not open it');
    assert.deepEqual((await search(bob, 'hemmelig in:@carol')).order, [], 'nor naming someone else’s direct message');
    assert.deepEqual((await search(bob, 'budsjett', { is_or_search: true }, '')).order, []);
    assert.deepEqual((await search(carol, 'hemmelig')).order, [direct.id, budget.id], 'carol is in the private channel and the DM, not in drift');
    assert.deepEqual((await search(admin, 'hemmelig', {}, '')).order, [], 'a system admin searches only channels they are in');
    await expectAppError(search(dave, 'hemmelig'), 403);
  });

  it('stops showing a channel’s posts once the user is removed from it', async () => {
    const ch = await makeChannel(alice, team, { type: 'P' });
    await alice.client.addToChannel(bob.user.id, ch.id);
    const p = await post(alice, ch, 'midlertidig prosjektgruppe');
    assert.deepEqual((await search(bob, 'prosjektgruppe')).order, [p.id]);
    await alice.client.removeFromChannel(bob.user.id, ch.id);
    assert.deepEqual((await search(bob, 'prosjektgruppe')).order, []);
    assert.deepEqual((await search(alice, 'prosjektgruppe')).order, [p.id]);
  });

  it('shows archived channels only with include_deleted_channels', async () => {
    const ch = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, ch.id);
    const p = await post(alice, ch, 'arkivert diskusjon');
    await alice.client.deleteChannel(ch.id);
    assert.deepEqual((await search(bob, 'arkivert')).order, []);
    assert.deepEqual((await search(bob, 'arkivert', { include_deleted_channels: true })).order, [p.id]);
  });

  it('finds an edited message by its new text only, and a deleted one not at all', async () => {
    const edited = await post(alice, pub, 'utkast om postgres');
    const deleted = await post(alice, pub, 'postgres er nede');
    await alice.client.patchPost({ id: edited.id, message: 'ferdig tekst om sqlite' } as Post);
    await alice.client.deletePost(deleted.id);
    assert.deepEqual((await search(bob, 'postgres')).order, []);
    assert.deepEqual((await search(bob, 'utkast')).order, []);
    const r = await search(bob, 'sqlite');
    assert.deepEqual(r.order, [edited.id]);
    assert.equal(r.posts[edited.id]!.message, 'ferdig tekst om sqlite');
  });

  it('pages newest first with page and per_page, telling whether more follow', async () => {
    const posts = [];
    for (let i = 0; i < 5; i++) posts.push(await post(alice, pub, `sidevis ${i}`));
    const newest = posts.map((p) => p.id).reverse();
    const page = (n: number, size: number) => search(bob, 'sidevis', { page: n, per_page: size });
    let r = await page(0, 2);
    assert.deepEqual([r.order, r.has_next], [newest.slice(0, 2), true]);
    r = await page(1, 2);
    assert.deepEqual([r.order, r.has_next], [newest.slice(2, 4), true]);
    r = await page(2, 2);
    assert.deepEqual([r.order, r.has_next], [newest.slice(4), false]);
    r = await page(0, 5);
    assert.deepEqual([r.order, r.has_next], [newest, false]);
    r = await page(0, 1000);
    assert.deepEqual(r.order, newest, 'per_page is capped, not refused');
  });

  it('rejects bad syntax and malformed requests with a clear 400', async () => {
    await expectAppError(search(bob, 'before:notadate'), 400, 'api.post.search_posts.invalid_date.app_error');
    await expectAppError(search(bob, 'on:2024-02-30'), 400, 'api.post.search_posts.invalid_date.app_error');
    await expectAppError(search(bob, '"unbalanced quote'), 400, 'api.post.search_posts.unbalanced_quote.app_error');
    await expectAppError(search(bob, 'from:'), 400, 'api.post.search_posts.empty_flag.app_error');
    await expectAppError(search(bob, 'x'.repeat(65)), 400, 'api.post.search_posts.term_too_long.app_error');
    await expectAppError(search(bob, Array.from({ length: 41 }, (_, i) => `ord${i}`).join(' ')), 400, 'api.post.search_posts.too_many_terms.app_error');
    for (const body of [{}, { terms: 5 }, { terms: 'x', page: -1 }, { terms: 'x', page: 1e300 }, { terms: 'x', per_page: 'ten' }, { terms: 'x', time_zone_offset: 1e9 }, { terms: 'x', is_or_search: 'yes' }]) {
      const r = await api(t, bob, 'POST', '/posts/search', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.id, 'api.post.search_posts.invalid_body.app_error');
    }
    assert.equal((await api(t, bob, 'POST', '/posts/search', '[]')).status, 400);
    assert.equal((await api(t, bob, 'POST', '/teams/nope/posts/search', { terms: 'x' })).status, 400);
    assert.equal((await api(t, null, 'POST', '/posts/search', { terms: 'x' })).status, 401);
  });
});
