import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChannelPageCache } from './channel-page-cache.ts';

const b = (text: string) => Buffer.from(text);

const posted = (channel_id: string) => ({ event: 'posted', data: {}, broadcast: { channel_id } });

describe('ChannelPageCache', () => {
  it('serves a page only under the ETag it was stored with', () => {
    const cache = new ChannelPageCache();
    cache.set('c1', '0:60:00', 'tag1', b('{"order":[]}'), cache.begin());
    assert.deepEqual(cache.get('c1', '0:60:00', 'tag1'), b('{"order":[]}'));
    assert.equal(cache.get('c1', '0:60:00', 'tag2'), undefined, 'the channel changed since');
    assert.equal(cache.get('c1', '0:30:00', 'tag1'), undefined, 'another variant of the request');
  });

  it("drops a channel's pages on a change to its posts, and not on other events or other channels", () => {
    const cache = new ChannelPageCache();
    cache.set('c1', 'v', 't', b('one'), cache.begin());
    cache.set('c2', 'v', 't', b('two'), cache.begin());
    cache.observe({ event: 'typing', data: {}, broadcast: { channel_id: 'c1' } });
    assert.deepEqual(cache.get('c1', 'v', 't'), b('one'));
    for (const event of ['posted', 'post_edited', 'post_deleted', 'reaction_added', 'reaction_removed']) {
      cache.set('c1', 'v', 't', b('one'), cache.begin());
      cache.observe({ event, data: {}, broadcast: { channel_id: 'c1' } });
      assert.equal(cache.get('c1', 'v', 't'), undefined, event);
    }
    assert.deepEqual(cache.get('c2', 'v', 't'), b('two'));
  });

  it('never stores a page read before a change to its channel, even when the change arrives first', () => {
    const cache = new ChannelPageCache();
    const epoch = cache.begin();
    cache.observe(posted('c1'));
    cache.set('c1', 'v', 't', b('read before the post'), epoch);
    assert.equal(cache.get('c1', 'v', 't'), undefined);
    // A read of another channel begun at the same time is unaffected; a read begun after the change is kept.
    cache.set('c2', 'v', 't', b('other channel'), epoch);
    assert.deepEqual(cache.get('c2', 'v', 't'), b('other channel'));
    cache.set('c1', 'v', 't', b('read after the post'), cache.begin());
    assert.deepEqual(cache.get('c1', 'v', 't'), b('read after the post'));
  });

  it('stays within its size, dropping the least recently used channel first, and keeps no oversized page', () => {
    const page = b('x'.repeat(200));
    const cache = new ChannelPageCache(1000, 400);
    for (const c of ['a', 'b', 'c', 'd', 'e']) cache.set(c, 'v', 't', page, cache.begin());
    assert.deepEqual(cache.get('a', 'v', 't'), page, "'a' used: now the most recent");
    cache.set('f', 'v', 't', page, cache.begin());
    assert.equal(cache.get('b', 'v', 't'), undefined, "'b' was the least recently used");
    for (const c of ['a', 'c', 'd', 'e', 'f']) assert.deepEqual(cache.get(c, 'v', 't'), page, c);
    cache.set('g', 'v', 't', b('y'.repeat(401)), cache.begin());
    assert.equal(cache.get('g', 'v', 't'), undefined, 'over the size of one entry');
    cache.set('h', 'v', 't', b('ø'.repeat(201)), cache.begin());
    assert.equal(cache.get('h', 'v', 't'), undefined, 'counted in bytes: 201 × ø is 402 bytes');
  });
});
