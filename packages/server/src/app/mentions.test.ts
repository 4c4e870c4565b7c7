import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { explicitMentions, findMentions, ignoresChannelMentions, mentionKeywords, removeCode, type MentionInput, type MentionMember } from './mentions.ts';

const member = (username: string, fields: Partial<MentionMember> = {}): MentionMember => ({
  userId: `id-${username}`,
  username,
  firstName: '',
  userNotifyProps: { channel: 'true', mention_keys: '', first_name: 'false' },
  channelNotifyProps: { ignore_channel_mentions: 'default', mark_unread: 'all' },
  online: false,
  ...fields,
});

const poster = member('poster');
const alice = member('alice');
const bob = member('bob');
const aliceBob = member('alice-bob');

function mentions(message: string, members: MentionMember[] = [poster, alice, bob], extra: Partial<MentionInput> = {}) {
  return findMentions({ message, channelType: 'O', posterId: poster.userId, members, posterMayMentionChannel: true, maxNotificationsPerChannel: 1000, ...extra });
}

const ids = (message: string, members?: MentionMember[], extra?: Partial<MentionInput>) => mentions(message, members, extra).userIds;

describe('mentions', () => {
  it('finds @username case-insensitively, with trailing punctuation', () => {
    assert.deepEqual(ids('hei @alice'), [alice.userId]);
    assert.deepEqual(ids('@ALICE hei'), [alice.userId]);
    for (const end of ['.', ',', ':', ';', '!', '?', '-', '_', '...', ')']) assert.deepEqual(ids(`takk @alice${end}`), [alice.userId], end);
    assert.deepEqual(ids('(@alice) and "@bob"'), [alice.userId, bob.userId]);
    assert.deepEqual(ids('@alice\n@bob'), [alice.userId, bob.userId]);
  });

  it('prefers the longest username and falls back to its first part', () => {
    assert.deepEqual(ids('@alice-bob hei', [poster, alice, bob, aliceBob]), [aliceBob.userId]);
    assert.deepEqual(ids('@alice-bob hei'), [alice.userId]);
    assert.deepEqual(ids('@alice.'), [alice.userId]);
    assert.deepEqual(ids('@alice_bob'), []);
  });

  it('does not mention inside words, e-mail addresses or emoji codes', () => {
    assert.deepEqual(ids('mail alice@example.com or foo@bob'), []);
    assert.deepEqual(ids('@alicex and xalice'), []);
    assert.deepEqual(ids(':alice:'), []);
  });

  it('ignores inline code and fenced code blocks', () => {
    assert.deepEqual(ids('`@alice` but @bob'), [bob.userId]);
    assert.deepEqual(ids('```\n@alice\n```\n@bob'), [bob.userId]);
    assert.deepEqual(ids('~~~js\nconst x = "@alice";\n~~~'), []);
    assert.deepEqual(ids('```\nunclosed @alice'), []);
    assert.equal(removeCode('a`x`b'), 'a b');
  });

  it('uses mention keys (any case) and the first name (exact case) when enabled', () => {
    const carol = member('carol', { firstName: 'Carol', userNotifyProps: { channel: 'true', mention_keys: 'Drift, servers ', first_name: 'true' } });
    const dave = member('dave', { firstName: 'Dave' });
    const all = [poster, carol, dave];
    assert.deepEqual(ids('drift is down', all), [carol.userId]);
    assert.deepEqual(ids('all SERVERS, now', all), [carol.userId]);
    assert.deepEqual(ids('Carol?', all), [carol.userId]);
    assert.deepEqual(ids('Dave?', all), []);
  });

  it('never mentions the poster or people outside the channel', () => {
    assert.deepEqual(ids('@poster @alice @zed'), [alice.userId]);
  });

  it('mentions everyone for @channel and @all, online members for @here', () => {
    const online = member('online', { online: true });
    const members = [poster, alice, online];
    const channel = mentions('@channel møte i dag', members);
    assert.deepEqual(channel.userIds, [alice.userId, online.userId]);
    assert.equal(channel.channelMentioned, true);
    assert.deepEqual(ids('@all', members), [alice.userId, online.userId]);
    const here = mentions('@here!', members);
    assert.deepEqual(here.userIds, [online.userId]);
    assert.equal(here.hereMentioned, true);
  });

  it('lets members ignore channel-wide mentions, and muted channels ignore them by default', () => {
    const ignoring = member('ignoring', { channelNotifyProps: { ignore_channel_mentions: 'on', mark_unread: 'all' } });
    const muted = member('muted', { channelNotifyProps: { ignore_channel_mentions: 'default', mark_unread: 'mention' } });
    const mutedButListening = member('listening', { channelNotifyProps: { ignore_channel_mentions: 'off', mark_unread: 'mention' } });
    const noChannel = member('nochannel', { userNotifyProps: { channel: 'false' } });
    assert.deepEqual(ids('@channel', [poster, ignoring, muted, mutedButListening, noChannel]), [mutedButListening.userId]);
    // A direct mention still reaches them.
    assert.deepEqual(ids('@ignoring @muted', [poster, ignoring, muted]), [ignoring.userId, muted.userId]);
    assert.equal(ignoresChannelMentions({}), false);
  });

  it('drops channel-wide mentions in channels above MaxNotificationsPerChannel, or without the permission', () => {
    const big = mentions('@channel @bob', [poster, alice, bob], { maxNotificationsPerChannel: 2 });
    assert.deepEqual(big.userIds, [bob.userId]);
    assert.equal(big.channelMentionsDisabled, true);
    assert.deepEqual(ids('@all', [poster, alice, bob], { posterMayMentionChannel: false }), []);
  });

  it('mentions the other members of direct and group messages on every message', () => {
    assert.deepEqual(ids('hei', [poster, alice], { channelType: 'D' }), [alice.userId]);
    assert.deepEqual(ids('', [poster, poster], { channelType: 'D' }), []);
    assert.deepEqual(ids('hei', [poster, alice, bob], { channelType: 'G' }), [alice.userId, bob.userId]);
  });

  it('matches multibyte keywords inside words', () => {
    const keywords = mentionKeywords([member('x', { userNotifyProps: { mention_keys: '東京' } })], false);
    assert.deepEqual([...explicitMentions('明日は東京へ', keywords).userIds], ['id-x']);
  });
});
