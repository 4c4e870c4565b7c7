import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shouldNotify, desktopLevel, notificationBody, type NotifyFacts } from './notification-decision.ts';

const base: NotifyFacts = {
  post: { user_id: 'kari', type: '' },
  myId: 'ola',
  userDesktop: 'mention',
  channelType: 'O',
  mentioned: true,
  windowActive: false,
  permission: 'granted',
};
const facts = (patch: Partial<NotifyFacts>): NotifyFacts => ({ ...base, ...patch });

describe('shouldNotify', () => {
  it('notifies of a mention while the window is in the background', () => {
    assert.equal(shouldNotify(base), true);
  });
  it('stays quiet while the user looks at the window, without permission, or for their own posts', () => {
    assert.equal(shouldNotify(facts({ windowActive: true })), false);
    assert.equal(shouldNotify(facts({ permission: 'default' })), false);
    assert.equal(shouldNotify(facts({ permission: 'unsupported' })), false);
    assert.equal(shouldNotify(facts({ post: { user_id: 'ola' } })), false);
  });
  it('notifies of direct and group messages without a mention, not of other channel posts', () => {
    assert.equal(shouldNotify(facts({ mentioned: false, channelType: 'D' })), true);
    assert.equal(shouldNotify(facts({ mentioned: false, channelType: 'G' })), true);
    assert.equal(shouldNotify(facts({ mentioned: false, channelType: 'O' })), false);
    assert.equal(shouldNotify(facts({ mentioned: false, channelType: 'P' })), false);
  });
  it("follows the account's level: all, mention, none", () => {
    assert.equal(shouldNotify(facts({ mentioned: false, userDesktop: 'all' })), true);
    assert.equal(shouldNotify(facts({ userDesktop: 'none' })), false);
    assert.equal(shouldNotify(facts({ userDesktop: undefined })), true);
  });
  it("lets the channel's own level override the account's, and 'default' defer to it", () => {
    assert.equal(shouldNotify(facts({ userDesktop: 'all', channelDesktop: 'none', mentioned: false })), false);
    assert.equal(shouldNotify(facts({ userDesktop: 'none', channelDesktop: 'all', mentioned: false })), true);
    assert.equal(shouldNotify(facts({ userDesktop: 'none', channelDesktop: 'default' })), false);
  });
  it('is silent in muted channels, in do-not-disturb, and for system messages', () => {
    assert.equal(shouldNotify(facts({ markUnread: 'mention' })), false);
    assert.equal(shouldNotify(facts({ markUnread: 'all' })), true);
    assert.equal(shouldNotify(facts({ myStatus: 'dnd' })), false);
    assert.equal(shouldNotify(facts({ myStatus: 'away' })), true);
    assert.equal(shouldNotify(facts({ post: { user_id: 'kari', type: 'system_join_channel' } })), false);
  });
});

describe('helpers', () => {
  it('resolves the level', () => {
    assert.equal(desktopLevel(undefined, undefined), 'mention');
    assert.equal(desktopLevel('all', 'default'), 'all');
    assert.equal(desktopLevel('all', 'none'), 'none');
  });
  it('shortens the body to one line', () => {
    assert.equal(notificationBody('Kari', 'hei\n\n@ola  se her'), 'Kari: hei @ola se her');
    assert.equal(notificationBody('', 'x'.repeat(10), 5), 'xxxx…');
  });
});
