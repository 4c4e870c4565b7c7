import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import type { OrderedChannelCategories } from '@mattermost/types/channel_categories';
import { adjacentChannel, buildSections, channelHandle, fuzzyScore, handleProblem, sidebarOrder } from './sidebar-model.ts';

const ch = (id: string, display_name: string, type = 'O', last_post_at = 0) => ({ id, display_name, type, name: id, last_post_at, create_at: 0 }) as unknown as Channel;

describe('channelHandle (Mattermost cleanUpUrlable)', () => {
  it('turns display names into handles', () => {
    assert.equal(channelHandle('Town Square'), 'town-square');
    assert.equal(channelHandle('[drift] alt'), 'drift-alt');
    assert.equal(channelHandle('[drift:status] Web - 1'), 'driftstatus-web-1');
    assert.equal(channelHandle('  Dugnad på Blåbærløkka  '), 'dugnad-pa-blabaerlokka');
    assert.equal(channelHandle('Crème brûlée'), 'creme-brulee');
    assert.equal(channelHandle('--a--b--'), 'a-b');
    assert.equal(channelHandle('snake_case ok'), 'snake_case-ok');
    assert.equal(channelHandle('🎉'), '');
  });
  it('checks handles as the server does', () => {
    assert.equal(handleProblem(''), 'required');
    assert.equal(handleProblem('a'), 'tooShort');
    assert.equal(handleProblem('x'.repeat(65)), 'tooLong');
    assert.equal(handleProblem('Upper'), 'characters');
    assert.equal(handleProblem('-lead'), 'edges');
    assert.equal(handleProblem('a__b'), 'doubleUnderscore');
    assert.equal(handleProblem('drift-alt'), undefined);
  });
});

describe('buildSections', () => {
  const channels = [ch('b', 'Bravo'), ch('a', 'alpha'), ch('d1', 'x', 'D', 5), ch('d2', 'y', 'D', 9), ch('g', 'Gamma')];
  const names = { d1: 'zed', d2: 'amy' };
  it('computes Favorites, Channels and Direct Messages without a categories API', () => {
    const s = buildSections({ userId: 'u', teamId: 't', channels, names, favorites: new Set(['g']) });
    assert.deepEqual(
      s.map((x) => [x.type, x.channelIds]),
      [
        ['favorites', ['g']],
        ['channels', ['a', 'b']],
        ['direct_messages', ['d2', 'd1']],
      ],
    );
    assert.deepEqual(sidebarOrder(s), ['g', 'a', 'b', 'd2', 'd1']);
  });
  it('hides an empty Favorites', () => {
    const s = buildSections({ userId: 'u', teamId: 't', channels, names, favorites: new Set() });
    assert.deepEqual(s.map((x) => x.type), ['channels', 'direct_messages']);
  });
  it('follows stored categories, their order and sorting, and places channels nobody placed', () => {
    const cat = (id: string, type: string, channel_ids: string[], sorting = '') => ({ id, type, display_name: id, channel_ids, sorting, collapsed: false, muted: false }) as never;
    const categories: OrderedChannelCategories = {
      order: ['work', 'channels', 'dms'],
      categories: [cat('channels', 'channels', ['b'], 'alpha'), cat('work', 'custom', ['g', 'gone', 'a'], 'manual'), cat('dms', 'direct_messages', ['d1'], 'recent')],
    };
    const s = buildSections({ userId: 'u', teamId: 't', channels, names, favorites: new Set(), categories });
    assert.deepEqual(
      s.map((x) => [x.id, x.channelIds]),
      [
        ['work', ['g', 'a']],
        ['channels', ['b']],
        ['dms', ['d2', 'd1']],
      ],
    );
  });
});

describe('adjacentChannel', () => {
  const order = ['a', 'b', 'c', 'd'];
  it('moves and wraps', () => {
    assert.equal(adjacentChannel(order, 'b', 1), 'c');
    assert.equal(adjacentChannel(order, 'd', 1), 'a');
    assert.equal(adjacentChannel(order, 'a', -1), 'd');
  });
  it('skips read channels when asked', () => {
    assert.equal(adjacentChannel(order, 'a', 1, (id) => id === 'd'), 'd');
    assert.equal(adjacentChannel(order, 'a', 1, () => false), undefined);
  });
});

describe('fuzzyScore', () => {
  it('prefers prefixes, then word starts, then subsequences', () => {
    const score = (q: string, t: string) => fuzzyScore(q, t) ?? -1;
    assert.ok(score('town', 'Town Square') > score('town', 'Downtown'));
    assert.ok(score('sq', 'Town Square') > score('sq', 'misquote'));
    assert.ok(score('tsq', 'Town Square') > 0);
    assert.equal(fuzzyScore('zz', 'Town Square'), undefined);
    assert.ok(score('blab', 'Blåbær') > 0);
  });
});
