import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChannelReadGrants } from './channel-read-grants.ts';

const MINUTE = 60_000;
const event = (name: string) => ({ event: name, data: {}, broadcast: { channel_id: 'c1' } });

describe('ChannelReadGrants', () => {
  it('remembers a passed check per user and channel, for its maximum age', () => {
    let maxAge = 10 * MINUTE;
    const grants = new ChannelReadGrants(() => maxAge);
    grants.add('u1', 'c1', grants.begin(), 1000);
    assert.ok(grants.has('u1', 'c1', 1000 + 10 * MINUTE - 1));
    assert.ok(!grants.has('u2', 'c1', 1000), 'another user');
    assert.ok(!grants.has('u1', 'c2', 1000), 'another channel');
    assert.ok(!grants.has('u1', 'c1', 1000 + 10 * MINUTE), 'ten minutes old');
    grants.add('u1', 'c1', grants.begin(), 2000);
    assert.ok(!grants.has('u1', 'c1', 1999), 'a clock that went back');
    maxAge = 0;
    grants.add('u1', 'c1', grants.begin(), 3000);
    assert.equal(grants.size, 0, 'cache turned off');
  });

  it('keeps grants through posts, reads, typing and additions, and drops them all on anything else', () => {
    const grants = new ChannelReadGrants(() => 10 * MINUTE);
    grants.add('u1', 'c1', grants.begin(), 0);
    grants.add('u2', 'c2', grants.begin(), 0);
    for (const name of ['posted', 'post_edited', 'reaction_added', 'channel_viewed', 'typing', 'status_change', 'user_added', 'channel_created']) {
      grants.observe(event(name));
      assert.ok(grants.has('u1', 'c1', 0) && grants.has('u2', 'c2', 0), name);
    }
    for (const name of ['user_removed', 'leave_team', 'channel_deleted', 'channel_converted', 'channel_updated', 'channel_member_updated', 'user_role_updated', 'prat_sessions_ended', 'config_changed', 'delete_team', 'an_event_added_later']) {
      grants.add('u1', 'c1', grants.begin(), 0);
      grants.observe(event(name));
      assert.ok(!grants.has('u1', 'c1', 0), name);
      assert.equal(grants.size, 0, `${name} drops every grant`);
    }
  });

  it('never keeps a check that began before grants were dropped', () => {
    const grants = new ChannelReadGrants(() => 10 * MINUTE);
    const epoch = grants.begin();
    grants.observe(event('user_removed'));
    grants.add('u1', 'c1', epoch, 0);
    assert.ok(!grants.has('u1', 'c1', 0));
    grants.add('u1', 'c1', grants.begin(), 0);
    assert.ok(grants.has('u1', 'c1', 0));
  });

  it('stays within its size, the oldest grant out first', () => {
    const grants = new ChannelReadGrants(() => 10 * MINUTE, 3);
    for (const c of ['a', 'b', 'c', 'd']) grants.add('u', c, grants.begin(), 0);
    assert.equal(grants.size, 3);
    assert.ok(!grants.has('u', 'a', 0));
    for (const c of ['b', 'c', 'd']) assert.ok(grants.has('u', c, 0), c);
  });
});
