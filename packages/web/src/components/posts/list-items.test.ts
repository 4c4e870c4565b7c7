import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildListItems, continuesGroup, dayLabel, startOfDay, GROUP_WINDOW_MS } from './list-items.ts';

const base = new Date(2026, 10, 27, 10, 0, 0).getTime();
const min = 60 * 1000;
const post = (id: string, user: string, at: number, extra: Record<string, unknown> = {}) => ({ id, user_id: user, create_at: at, root_id: '', type: '', ...extra });

describe('message list rows', () => {
  it('puts a date separator before the first post of each day', () => {
    const next = base + 24 * 60 * min;
    const items = buildListItems([post('a', 'u1', base), post('b', 'u1', base + min), post('c', 'u1', next)]);
    assert.deepEqual(
      items.map((i) => i.kind),
      ['date', 'post', 'post', 'date', 'post'],
    );
    assert.equal(items[0].kind === 'date' && items[0].day, startOfDay(base));
    assert.equal(items[3].kind === 'date' && items[3].day, startOfDay(next));
  });

  it('groups consecutive posts of one author within the window, and not across authors, days or the window', () => {
    const items = buildListItems([
      post('a', 'u1', base),
      post('b', 'u1', base + 2 * min),
      post('c', 'u2', base + 3 * min),
      post('d', 'u2', base + 3 * min + GROUP_WINDOW_MS),
      post('e', 'u2', base + 3 * min + GROUP_WINDOW_MS + min),
    ]).filter((i) => i.kind === 'post');
    assert.deepEqual(
      items.map((i) => i.kind === 'post' && [i.id, i.grouped]),
      [
        ['a', false],
        ['b', true],
        ['c', false],
        ['d', false],
        ['e', true],
      ],
    );
  });

  it('never groups system messages or webhook posts under another name', () => {
    assert.equal(continuesGroup(post('a', 'u1', base), post('b', 'u1', base + min, { type: 'system_join_channel' })), false);
    assert.equal(continuesGroup(post('a', 'u1', base), post('b', 'u1', base + min, { props: { override_username: 'ci-bot' } })), false);
    assert.equal(continuesGroup(post('a', 'u1', base, { props: { override_username: 'ci' } }), post('b', 'u1', base + min, { props: { override_username: 'ci' } })), true);
  });

  it('does not group a reply under an unrelated post, but does under its root', () => {
    assert.equal(continuesGroup(post('a', 'u1', base), post('b', 'u1', base + min, { root_id: 'zzz' })), false);
    assert.equal(continuesGroup(post('a', 'u1', base), post('b', 'u1', base + min, { root_id: 'a' })), true);
  });

  it('places the new-messages line before the first post by someone else after last viewed, and breaks the group there', () => {
    const items = buildListItems([post('a', 'u2', base), post('b', 'me', base + 2 * min), post('c', 'u2', base + 3 * min), post('d', 'u2', base + 4 * min)], {
      newSince: base + min,
      myUserId: 'me',
    });
    assert.deepEqual(
      items.map((i) => (i.kind === 'post' ? `${i.id}${i.grouped ? '+' : ''}` : i.kind)),
      ['date', 'a', 'b', 'new', 'c', 'd+'],
    );
  });

  it('has no new-messages line when every loaded post is new but older ones are not loaded yet', () => {
    const posts = [post('a', 'u2', base + 2 * min), post('b', 'u2', base + 3 * min)];
    assert.ok(!buildListItems(posts, { newSince: base, olderExist: true }).some((i) => i.kind === 'new'));
    assert.deepEqual(
      buildListItems(posts, { newSince: base, olderExist: false }).map((i) => i.kind),
      ['date', 'new', 'post', 'post'],
    );
    assert.ok(buildListItems([post('z', 'u2', base - min), ...posts], { newSince: base, olderExist: true }).some((i) => i.kind === 'new'));
  });

  it('has no new-messages line when nothing is newer, or when not asked', () => {
    assert.ok(!buildListItems([post('a', 'u2', base)], { newSince: base + 1 }).some((i) => i.kind === 'new'));
    assert.ok(!buildListItems([post('a', 'u2', base)]).some((i) => i.kind === 'new'));
  });

  it('labels days as today, yesterday, or a date in the locale', () => {
    const words = { today: 'Today', yesterday: 'Yesterday' };
    const now = base + 5 * min;
    assert.equal(dayLabel(startOfDay(base), now, 'en', words), 'Today');
    assert.equal(dayLabel(startOfDay(base - 24 * 60 * min), now, 'en', words), 'Yesterday');
    assert.equal(dayLabel(startOfDay(base - 3 * 24 * 60 * min), now, 'en', words), 'Tuesday, November 24');
    assert.equal(dayLabel(startOfDay(base - 3 * 24 * 60 * min), now, 'nb', words), 'tirsdag 24. november');
    assert.match(dayLabel(startOfDay(new Date(2025, 0, 3).getTime()), now, 'en', words), /2025/);
  });
});
