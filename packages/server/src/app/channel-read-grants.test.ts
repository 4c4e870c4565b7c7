import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChannelReadGrants } from './channel-read-grants.ts';

const MINUTE = 60_000;
const tenMinutes = () => 10 * MINUTE;
const event = (name: string) => ({ event: name, data: {}, broadcast: { channel_id: 'c1' } });
/** Plain memberships of these channels (the channel_user role through the scheme). */
const members = (...ids: string[]) => ids.map((channel_id) => ({ channel_id, roles: '', scheme_user: true, scheme_admin: false }));

describe('ChannelReadGrants', () => {
  it("keeps a user's member channels and single passed checks, per user, for their maximum age", () => {
    let maxAge = 10 * MINUTE;
    const grants = new ChannelReadGrants(() => maxAge);
    assert.ok(!grants.hasMemberships('u1', 1000));
    grants.load('u1', [...members('c1', 'c2'), { channel_id: 'c9', roles: '', scheme_user: false, scheme_admin: false }], grants.begin(), 1000);
    assert.ok(grants.hasMemberships('u1', 1000));
    assert.ok(!grants.has('u1', 'c9', 1000), 'a membership whose roles do not let them read');
    grants.add('u1', 'c3', grants.begin(), 2000);
    for (const c of ['c1', 'c2', 'c3']) assert.ok(grants.has('u1', c, 1000 + 10 * MINUTE - 1), c);
    assert.ok(!grants.has('u2', 'c1', 1000), 'another user');
    assert.ok(!grants.has('u1', 'c4', 1000), 'a channel no check has passed for');
    assert.ok(!grants.has('u1', 'c1', 1000 + 10 * MINUTE), 'ten minutes after the memberships were loaded');
    assert.ok(!grants.hasMemberships('u1', 1000 + 10 * MINUTE), 'to be loaded again');

    grants.add('u2', 'c1', grants.begin(), 2000);
    assert.ok(grants.has('u2', 'c1', 2000));
    assert.ok(!grants.hasMemberships('u2', 2000), 'one check does not stand for all memberships');
    assert.ok(!grants.has('u2', 'c1', 1999), 'a clock that went back');
    maxAge = 0;
    grants.load('u3', members('c1'), grants.begin(), 3000);
    grants.add('u3', 'c2', grants.begin(), 3000);
    assert.ok(!grants.hasMemberships('u3', 3000) && !grants.has('u3', 'c2', 3000), 'cache turned off');
  });

  it('keeps grants through posts, reads, typing and additions, and drops them all on anything else', () => {
    const grants = new ChannelReadGrants(tenMinutes);
    grants.load('u1', members('c1'), grants.begin(), 0);
    grants.add('u2', 'c2', grants.begin(), 0);
    for (const name of ['posted', 'post_edited', 'reaction_added', 'channel_viewed', 'typing', 'status_change', 'user_added', 'channel_created']) {
      grants.observe(event(name));
      assert.ok(grants.has('u1', 'c1', 0) && grants.has('u2', 'c2', 0), name);
    }
    for (const name of ['user_removed', 'leave_team', 'channel_deleted', 'channel_converted', 'channel_updated', 'channel_member_updated', 'user_role_updated', 'prat_sessions_ended', 'config_changed', 'delete_team', 'an_event_added_later']) {
      grants.load('u1', members('c1'), grants.begin(), 0);
      grants.add('u2', 'c2', grants.begin(), 0);
      grants.observe(event(name));
      assert.ok(!grants.has('u1', 'c1', 0) && !grants.has('u2', 'c2', 0), name);
      assert.ok(!grants.hasMemberships('u1', 0), `${name}: memberships to be loaded again`);
    }
  });

  it('never keeps what was read before grants were dropped', () => {
    const grants = new ChannelReadGrants(tenMinutes);
    const epoch = grants.begin();
    grants.observe(event('user_removed'));
    grants.load('u1', members('c1'), epoch, 0);
    grants.add('u1', 'c2', epoch, 0);
    assert.ok(!grants.has('u1', 'c1', 0) && !grants.has('u1', 'c2', 0) && !grants.hasMemberships('u1', 0));
    grants.load('u1', members('c1'), grants.begin(), 0);
    assert.ok(grants.has('u1', 'c1', 0));
  });

  it('keeps at most its number of users, the first loaded out first', () => {
    const grants = new ChannelReadGrants(tenMinutes, 3);
    for (const u of ['a', 'b', 'c', 'd']) grants.load(u, members('c1'), grants.begin(), 0);
    assert.equal(grants.size, 3);
    assert.ok(!grants.has('a', 'c1', 0));
    for (const u of ['b', 'c', 'd']) assert.ok(grants.has(u, 'c1', 0), u);
  });
});
