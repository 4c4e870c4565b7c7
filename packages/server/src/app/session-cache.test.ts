import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SessionCache } from './session-cache.ts';
import { sessionsEnded, type Session } from './sessions.ts';

const session = (id: string, userId: string): Session => ({
  id,
  user_id: userId,
  roles: 'system_user',
  create_at: 0,
  expires_at: 0,
  last_activity_at: 0,
  device_id: '',
  is_oauth: false,
  csrf_token: '',
  props: {},
  local: false,
});

describe('session cache', () => {
  it('forgets ended sessions and every session of a changed user', () => {
    const c = new SessionCache();
    c.set('h1', session('s1', 'u1'), false, c.begin(), 0);
    c.set('h2', session('s2', 'u1'), false, c.begin(), 0);
    c.set('h3', session('s3', 'u2'), false, c.begin(), 0);
    c.observe(sessionsEnded({ sessionIds: ['s1'] }));
    assert.equal(c.get('h1', 1), undefined);
    assert.ok(c.get('h2', 1));
    c.observe({ event: 'user_role_updated', data: { user_id: 'u1', roles: 'system_user system_admin' }, broadcast: { user_id: 'u1' } });
    assert.equal(c.get('h2', 1), undefined);
    assert.ok(c.get('h3', 1));
    c.observe({ event: 'user_updated', data: { user: { id: 'u2' } }, broadcast: {} });
    assert.equal(c.get('h3', 1), undefined);
  });

  it('does not cache a lookup that raced an invalidation', () => {
    const c = new SessionCache();
    const epoch = c.begin();
    // The database was read before the logout committed; the logout's event arrives before the lookup finishes.
    c.observe(sessionsEnded({ sessionIds: ['s1'] }));
    c.set('h1', session('s1', 'u1'), false, epoch, 0);
    assert.equal(c.get('h1', 0), undefined);
  });

  it('expires entries and stays bounded', () => {
    let ttl = 1000;
    const c = new SessionCache(2, () => ttl);
    c.set('h1', session('s1', 'u1'), false, c.begin(), 0);
    assert.ok(c.get('h1', 999));
    assert.equal(c.get('h1', 1000), undefined);
    c.set('h1', session('s1', 'u1'), false, c.begin(), 0);
    ttl = 0;
    assert.equal(c.get('h1', 0), undefined, 'SessionCacheInMinutes 0: nothing is served from the cache');
    for (const h of ['a', 'b', 'c']) c.set(h, session(h, 'u'), false, c.begin(), 0);
    assert.equal(c.size, 2);
    assert.equal(c.get('a', 0), undefined);
  });
});
