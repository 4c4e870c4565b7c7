import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emojiChar, buildEmojiList, loadAllEmoji, searchEmoji } from './emoji.ts';

describe('emoji', () => {
  it('knows the common names Mattermost uses, synchronously', () => {
    assert.equal(emojiChar('+1'), emojiChar('thumbsup'));
    assert.ok(emojiChar('+1')?.startsWith('👍'));
    assert.equal(emojiChar('tada'), '🎉');
    assert.ok(emojiChar('white_check_mark')?.startsWith('✅'));
    assert.equal(emojiChar('no_such_emoji'), undefined);
  });

  it('builds the full list from emojibase data, skipping skin-tone swatches', () => {
    const list = buildEmojiList(
      [
        { hexcode: '1F44D', unicode: '👍', label: 'thumbs up', group: 1, order: 2, tags: ['yes'] },
        { hexcode: '1F600', unicode: '😀', label: 'grinning face', group: 0, order: 1 },
        { hexcode: '1F3FB', unicode: '🏻', label: 'light skin tone', group: 2, order: 3 },
      ],
      { '1F44D': ['+1', 'thumbsup'], '1F600': 'grinning', '1F3FB': 'skin-tone-2' },
    );
    assert.deepEqual(list.map((e) => [e.name, e.category]), [['grinning', 'smileys-emotion'], ['+1', 'people-body']]);
    assert.deepEqual(list[1].aliases, ['+1', 'thumbsup']);
  });

  it('loads every emoji lazily; then emojiChar knows the rare ones too', async () => {
    assert.equal(emojiChar('hedgehog'), undefined);
    const all = await loadAllEmoji();
    assert.ok(all.length > 1500);
    assert.equal(emojiChar('hedgehog'), '🦔');
    assert.ok(all.every((e) => e.char && e.name && e.category));
    const found = searchEmoji(all, 'smi', 5).map((e) => e.name);
    assert.equal(found[0].startsWith('smi'), true);
    assert.equal(searchEmoji(all, 'thumbsu', 5)[0].name, 'thumbsup');
  });
});
