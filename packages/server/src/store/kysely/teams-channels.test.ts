// Store conformance for teams and channels: the same tests against every dialect, so SQLite and PostgreSQL agree.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type KyselyStore } from './store.ts';
import { createPostgresDatabase, DRIVERS } from '../../test/database.ts';
import { newId } from '../../app/ids.ts';
import { newChannelMember, newChannelRecord } from '../../app/channels.ts';
import type { TeamMemberRecord, TeamRecord } from '../teams.ts';
import type { ChannelRecord } from '../channels.ts';
import type { UserRecord } from '../users.ts';

let clock = 1_700_000_000_000;
const tick = () => (clock += 1000);

const user = (fields: Partial<UserRecord> = {}): UserRecord => {
  const id = newId();
  return {
    id,
    create_at: tick(),
    update_at: clock,
    delete_at: 0,
    username: `u${id.slice(0, 12)}`,
    password: '',
    auth_service: '',
    email: `${id}@example.com`,
    email_verified: false,
    nickname: '',
    first_name: '',
    last_name: '',
    position: '',
    roles: 'system_user',
    locale: 'en',
    timezone: {},
    notify_props: {},
    props: {},
    last_password_update: clock,
    last_picture_update: 0,
    failed_attempts: 0,
    is_bot: false,
    ...fields,
  };
};

const team = (fields: Partial<TeamRecord> = {}): TeamRecord => ({
  id: newId(),
  create_at: tick(),
  update_at: clock,
  delete_at: 0,
  display_name: 'Team',
  name: `t${newId().slice(0, 10)}`,
  description: '',
  email: '',
  type: 'O',
  company_name: '',
  allowed_domains: '',
  invite_id: newId(),
  allow_open_invite: false,
  last_team_icon_update: 0,
  group_constrained: false,
  ...fields,
});

const teamMember = (teamId: string, userId: string, fields: Partial<TeamMemberRecord> = {}): TeamMemberRecord => ({
  team_id: teamId,
  user_id: userId,
  roles: '',
  scheme_user: true,
  scheme_admin: false,
  scheme_guest: false,
  delete_at: 0,
  create_at: tick(),
  ...fields,
});

const channel = (teamId: string, name: string, fields: Partial<ChannelRecord> = {}): ChannelRecord =>
  newChannelRecord({ team_id: teamId, type: 'O', name, display_name: name, creator_id: '', ...fields }, tick());

for (const { driver, skip } of DRIVERS) {
  describe(`Store conformance: teams and channels [${driver}]`, { skip }, () => {
    let dir: string;
    let drop = async () => undefined as void;
    let store: KyselyStore;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'prat-store-tc-'));
      let dataSource = join(dir, 'prat.db');
      if (driver === 'postgres') {
        const pg = await createPostgresDatabase();
        dataSource = pg.url;
        drop = pg.drop;
      }
      store = await openStore({ driver, dataSource });
    });
    after(async () => {
      await store?.close();
      await drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('reads a team back as written, and refuses a second team of the same name without failing the transaction', async () => {
      const t = team({ allow_open_invite: true, type: 'I' });
      assert.equal(await store.teams.insert(t), true);
      assert.deepEqual(await store.teams.get(t.id), t);
      assert.deepEqual(await store.teams.getByName(t.name), t);
      await store.tx(async (s) => {
        assert.equal(await s.teams.insert(team({ name: t.name })), false);
        // The transaction is still usable after the refused insert (PostgreSQL would otherwise abort it).
        assert.equal((await s.teams.get(t.id))?.name, t.name);
      });
    });

    it('lists, counts and searches teams by openness and name, skipping archived ones', async () => {
      const tag = newId().slice(0, 8);
      const open = team({ name: `${tag}-open`, display_name: `A ${tag} Åpen`, allow_open_invite: true });
      const closed = team({ name: `${tag}-closed`, display_name: `B ${tag}` });
      const archived = team({ name: `${tag}-gone`, display_name: `C ${tag}`, delete_at: 5 });
      for (const x of [open, closed, archived]) await store.teams.insert(x);
      const page = { page: 0, perPage: 200 };
      assert.deepEqual((await store.teams.list({ term: tag }, page)).map((x) => x.id), [open.id, closed.id]);
      assert.deepEqual((await store.teams.list({ term: tag, openOnly: true }, page)).map((x) => x.id), [open.id]);
      assert.deepEqual((await store.teams.list({ term: tag, inviteOnly: true }, page)).map((x) => x.id), [closed.id]);
      assert.equal(await store.teams.count({ term: tag, includeDeleted: true }), 3);
      assert.deepEqual((await store.teams.list({ term: 'åPEN' }, page)).map((x) => x.id), [open.id]);
      assert.equal((await store.teams.list({ term: '%' }, page)).length, 0);
    });

    it('adds, reactivates and counts team members', async () => {
      const t = team();
      await store.teams.insert(t);
      const a = user();
      const b = user({ delete_at: 9 });
      for (const u of [a, b]) await store.users.insert(u);
      assert.equal(await store.teams.saveMember(teamMember(t.id, a.id)), true);
      assert.equal(await store.teams.saveMember(teamMember(t.id, a.id, { scheme_admin: true })), false, 'an active member is left alone');
      assert.equal((await store.teams.getMember(t.id, a.id))?.scheme_admin, false);
      await store.teams.saveMember(teamMember(t.id, b.id));
      assert.deepEqual(await store.teams.countMembers(t.id), { total: 2, active: 1 });
      await store.teams.updateMember(t.id, a.id, { delete_at: 77, roles: 'custom' });
      assert.deepEqual(await store.teams.memberUserIds(t.id), [b.id]);
      assert.equal((await store.teams.membersForUser(a.id)).length, 0);
      assert.equal((await store.teams.membersForUser(a.id, true)).length, 1);
      assert.equal(await store.teams.saveMember(teamMember(t.id, a.id, { scheme_admin: true })), true, 'a member who left is re-admitted');
      const back = await store.teams.getMember(t.id, a.id);
      assert.deepEqual([back?.delete_at, back?.roles, back?.scheme_admin], [0, '', true]);
      assert.equal(await store.teams.shareTeam(a.id, b.id), true);
      assert.equal(await store.teams.shareTeam(a.id, user().id), false);
    });

    it('keeps channel handles unique per team and finds free ones', async () => {
      const t = team();
      await store.teams.insert(t);
      const c = channel(t.id, 'drift-alt', { display_name: '[drift] alt', props: { a: 1 } });
      assert.equal(await store.channels.insert(c), true);
      assert.deepEqual(await store.channels.get(c.id), c);
      assert.equal(await store.channels.insert(channel(t.id, 'drift-alt')), false);
      assert.equal(await store.channels.insert(channel(team().id, 'drift-alt')), true, 'another team may use it');
      await store.channels.insert(channel(t.id, 'drift-alt-2', { delete_at: 3 }));
      await store.channels.insert(channel(t.id, 'drift-altogether'));
      await store.channels.insert(channel(t.id, 'drift_alt-9'));
      assert.deepEqual((await store.channels.namesWithPrefix(t.id, 'drift-alt')).sort(), ['drift-alt', 'drift-alt-2']);
      assert.equal((await store.channels.getByName(t.id, 'drift-alt-2'))?.id, undefined);
      assert.ok(await store.channels.getByName(t.id, 'drift-alt-2', true));
      assert.equal(await store.channels.countForTeam(t.id), 3);
    });

    it('finds channels for default-channel entries by handle or display name, any case, live only', async () => {
      const t = team();
      await store.teams.insert(t);
      const a = channel(t.id, 'generelt', { display_name: 'Generelt' });
      const b = channel(t.id, 'drift-ops', { display_name: '[Drift] Alt' });
      const c = channel(t.id, 'gammel', { delete_at: 1 });
      for (const x of [a, b, c]) await store.channels.insert(x);
      const found = await store.channels.findByNameOrDisplayName(t.id, ['GENERELT', '[drift] alt', 'gammel', 'nope']);
      assert.deepEqual(found.map((x) => x.id), [a.id, b.id]);
    });

    it('lists team channels by type, archived state and membership; and a user\'s channels with their messages', async () => {
      const t = team();
      await store.teams.insert(t);
      const u = user();
      await store.users.insert(u);
      const pub = channel(t.id, 'b-pub', { display_name: 'B' });
      const priv = channel(t.id, 'a-priv', { display_name: 'A', type: 'P' });
      const gonePub = channel(t.id, 'gone-pub', { display_name: 'C', delete_at: 1 });
      const gonePriv = channel(t.id, 'gone-priv', { display_name: 'D', type: 'P', delete_at: 1 });
      const gonePrivMine = channel(t.id, 'gone-priv-mine', { display_name: 'E', type: 'P', delete_at: 1 });
      const dm = channel('', `${u.id}__${newId()}`, { type: 'D', display_name: '' });
      for (const x of [pub, priv, gonePub, gonePriv, gonePrivMine, dm]) await store.channels.insert(x);
      for (const x of [pub, gonePrivMine, dm]) await store.channels.insertMember(newChannelMember(x.id, u.id, tick()));
      const page = { page: 0, perPage: 60 };
      assert.deepEqual((await store.channels.listForTeam(t.id, { types: ['O', 'P'] }, page)).map((x) => x.name), ['a-priv', 'b-pub']);
      assert.deepEqual((await store.channels.listForTeam(t.id, { types: ['O', 'P'], deleted: true, privateMemberOf: u.id }, page)).map((x) => x.name), ['gone-pub', 'gone-priv-mine']);
      assert.deepEqual((await store.channels.listForTeam(t.id, { types: ['O'] }, { page: 1, perPage: 1 })).length, 0);
      assert.deepEqual((await store.channels.forUser(u.id, { teamId: t.id })).map((x) => x.id), [dm.id, pub.id]);
      assert.deepEqual((await store.channels.forUser(u.id, { teamId: t.id, includeDeleted: true })).length, 3);
      assert.deepEqual((await store.channels.membersForUser(u.id, t.id)).length, 3);
      assert.deepEqual((await store.channels.forUser(u.id, { teamId: newId() })).map((x) => x.id), [dm.id]);
    });

    it('searches channels: contains or word prefix, visibility, LIKE wildcards literal', async () => {
      const t = team();
      await store.teams.insert(t);
      const u = user();
      await store.users.insert(u);
      const a = channel(t.id, 'drift-varsler', { display_name: '[drift] Varsler' });
      const b = channel(t.id, 'drift-intern', { display_name: '[drift] Intern', type: 'P' });
      const c = channel(t.id, 'x_50', { display_name: '50% off' });
      for (const x of [a, b, c]) await store.channels.insert(x);
      const s = (term: string, more: object = {}) => store.channels.search(t.id, { term, types: ['O', 'P'], limit: 50, ...more }).then((r) => r.map((x) => x.name));
      assert.deepEqual(await s('ARSL'), ['drift-varsler']);
      assert.deepEqual(await s('arsl', { prefix: true }), []);
      assert.deepEqual(await s('varsler', { prefix: true }), ['drift-varsler']);
      assert.deepEqual(await s('drift', { prefix: true, visibleTo: u.id }), ['drift-varsler']);
      assert.deepEqual(await s('drift', { memberOf: u.id }), []);
      assert.deepEqual(await s('%'), ['x_50']);
      assert.deepEqual(await s('_'), ['x_50']);
      assert.deepEqual(await s('50', { prefix: true }), ['x_50']);
    });

    it('adds, updates and removes channel members; marks channels viewed from the channel totals', async () => {
      const t = team();
      await store.teams.insert(t);
      const u = user();
      const v = user({ delete_at: 4 });
      for (const x of [u, v]) await store.users.insert(x);
      const c = channel(t.id, 'talk', { total_msg_count: 9, total_msg_count_root: 4 });
      const other = channel(t.id, 'other');
      for (const x of [c, other]) await store.channels.insert(x);
      const m = { ...newChannelMember(c.id, u.id, tick()), mention_count: 3, notify_props: { push: 'none' } };
      assert.equal(await store.channels.insertMember(m), true);
      assert.equal(await store.channels.insertMember(newChannelMember(c.id, u.id, tick())), false);
      assert.deepEqual(await store.channels.getMember(c.id, u.id), m);
      await store.channels.insertMember(newChannelMember(c.id, v.id, tick()));
      assert.equal(await store.channels.countMembers(c.id), 1, 'deactivated users do not count');
      assert.deepEqual((await store.channels.memberUserIds(c.id)).sort(), [u.id, v.id].sort());
      assert.deepEqual(await store.channels.channelIdsForUser(u.id), [c.id]);

      const rows = await store.channels.unreadRows(u.id);
      assert.deepEqual(rows.map((r) => [r.team_id, r.total_msg_count, r.member.mention_count, r.member.notify_props.push]), [[t.id, 9, 3, 'none']]);
      assert.deepEqual(await store.channels.markViewed(u.id, [c.id, other.id], 1234), [c.id]);
      const viewed = await store.channels.getMember(c.id, u.id);
      assert.deepEqual(
        [viewed?.last_viewed_at, viewed?.msg_count, viewed?.msg_count_root, viewed?.mention_count],
        [1234, 9, 4, 0],
      );

      await store.channels.insertMember(newChannelMember(other.id, u.id, tick()));
      assert.deepEqual((await store.channels.removeMemberFromTeamChannels(t.id, u.id)).sort(), [c.id, other.id].sort());
      assert.equal(await store.channels.removeMember(c.id, u.id), false);
      assert.equal(await store.channels.removeMember(c.id, v.id), true);
    });

    it('deletes a channel, or a whole team, with everything in it', async () => {
      const t = team();
      await store.teams.insert(t);
      const u = user();
      await store.users.insert(u);
      await store.teams.saveMember(teamMember(t.id, u.id));
      const a = channel(t.id, 'a');
      const b = channel(t.id, 'b');
      for (const x of [a, b]) {
        await store.channels.insert(x);
        await store.channels.insertMember(newChannelMember(x.id, u.id, tick()));
      }
      await store.channels.deletePermanently(a.id);
      assert.equal(await store.channels.get(a.id), undefined);
      assert.equal(await store.channels.getMember(a.id, u.id), undefined);
      await store.teams.deletePermanently(t.id);
      assert.equal(await store.teams.get(t.id), undefined);
      assert.equal(await store.channels.get(b.id), undefined);
      assert.deepEqual(await store.channels.channelIdsForUser(u.id), []);
      assert.deepEqual(await store.teams.membersForUser(u.id, true), []);
    });
  });
}
