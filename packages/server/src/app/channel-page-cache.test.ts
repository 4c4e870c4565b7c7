import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChannelPageCache } from './channel-page-cache.ts';

const page = (text: string) => ({ etag: `tag of ${text}`, body: Buffer.from(text) });
const MINUTE = 60_000;
const tenMinutes = () => 10 * MINUTE;

const posted = (channel_id: string) => ({ event: 'posted', data: {}, broadcast: { channel_id } });

describe('ChannelPageCache', () => {
  it('serves each variant of a page with the ETag it was stored with', () => {
    const cache = new ChannelPageCache(tenMinutes);
    cache.set('c1', '0:60:00', page('{"order":[]}'), cache.begin(), 0);
    assert.deepEqual(cache.get('c1', '0:60:00', 1), page('{"order":[]}'));
    assert.equal(cache.get('c1', '0:30:00', 1), undefined, 'another variant of the request');
    assert.equal(cache.get('c2', '0:60:00', 1), undefined, 'another channel');
  });

  it('trusts a page for its maximum age only, and keeps nothing when that is 0', () => {
    let maxAge = 10 * MINUTE;
    const cache = new ChannelPageCache(() => maxAge);
    cache.set('c1', 'v', page('one'), cache.begin(), 1000);
    assert.deepEqual(cache.get('c1', 'v', 1000 + 10 * MINUTE - 1), page('one'));
    assert.equal(cache.get('c1', 'v', 1000 + 10 * MINUTE), undefined, 'ten minutes old');
    cache.set('c1', 'v', page('two'), cache.begin(), 2000);
    assert.equal(cache.get('c1', 'v', 1999), undefined, 'a clock that went back');
    maxAge = 0;
    cache.set('c1', 'v', page('three'), cache.begin(), 3000);
    assert.equal(cache.get('c1', 'v', 3000), undefined, 'cache turned off');
  });

  it("drops a channel's pages on a change to its posts, and not on other events or other channels", () => {
    const cache = new ChannelPageCache(tenMinutes);
    cache.set('c1', 'v', page('one'), cache.begin(), 0);
    cache.set('c2', 'v', page('two'), cache.begin(), 0);
    cache.observe({ event: 'typing', data: {}, broadcast: { channel_id: 'c1' } });
    assert.deepEqual(cache.get('c1', 'v', 0), page('one'));
    for (const event of ['posted', 'post_edited', 'post_deleted', 'reaction_added', 'reaction_removed']) {
      cache.set('c1', 'v', page('one'), cache.begin(), 0);
      cache.observe({ event, data: {}, broadcast: { channel_id: 'c1' } });
      assert.equal(cache.get('c1', 'v', 0), undefined, event);
    }
    assert.deepEqual(cache.get('c2', 'v', 0), page('two'));
  });

  it('never stores a page read before a change to its channel, even when the change arrives first', () => {
    const cache = new ChannelPageCache(tenMinutes);
    const epoch = cache.begin();
    cache.observe(posted('c1'));
    cache.set('c1', 'v', page('read before the post'), epoch, 0);
    assert.equal(cache.get('c1', 'v', 0), undefined);
    // A read of another channel begun at the same time is unaffected; a read begun after the change is kept.
    cache.set('c2', 'v', page('other channel'), epoch, 0);
    assert.deepEqual(cache.get('c2', 'v', 0), page('other channel'));
    cache.set('c1', 'v', page('read after the post'), cache.begin(), 0);
    assert.deepEqual(cache.get('c1', 'v', 0), page('read after the post'));
  });

  it('stays within its size, dropping the least recently used channel first, and keeps no oversized page', () => {
    const big = page('x'.repeat(200));
    const cache = new ChannelPageCache(tenMinutes, 1000, 400);
    for (const c of ['a', 'b', 'c', 'd', 'e']) cache.set(c, 'v', big, cache.begin(), 0);
    assert.deepEqual(cache.get('a', 'v', 0), big, "'a' used: now the most recent");
    cache.set('f', 'v', big, cache.begin(), 0);
    assert.equal(cache.get('b', 'v', 0), undefined, "'b' was the least recently used");
    for (const c of ['a', 'c', 'd', 'e', 'f']) assert.deepEqual(cache.get(c, 'v', 0), big, c);
    cache.set('g', 'v', page('y'.repeat(401)), cache.begin(), 0);
    assert.equal(cache.get('g', 'v', 0), undefined, 'over the size of one entry');
    cache.set('h', 'v', page('ø'.repeat(201)), cache.begin(), 0);
    assert.equal(cache.get('h', 'v', 0), undefined, 'counted in bytes: 201 × ø is 402 bytes');
    // An expired page gives its bytes back: five more fit after one expires and is asked for.
    const aging = new ChannelPageCache(() => MINUTE, 1000, 400);
    for (const c of ['a', 'b', 'c', 'd', 'e']) aging.set(c, 'v', big, aging.begin(), 0);
    assert.equal(aging.get('a', 'v', MINUTE), undefined);
    aging.set('f', 'v', big, aging.begin(), MINUTE);
    assert.deepEqual(aging.get('b', 'v', 1), big, "nothing else was pushed out: 'a' had given its bytes back");
  });
});
