import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tokenAt, applyChoice, channelWideMention, specialMentionsFor, rankByName, moveSelection } from './autocomplete.ts';

describe('tokenAt', () => {
  it('finds an @ token ending at the caret', () => {
    assert.deepEqual(tokenAt('hi @ol', 6), { kind: '@', term: 'ol', start: 3, end: 6 });
    assert.deepEqual(tokenAt('@', 1), { kind: '@', term: '', start: 0, end: 1 });
  });
  it('uses the caret, not the end of the text', () => {
    assert.deepEqual(tokenAt('hi @ol and more', 6), { kind: '@', term: 'ol', start: 3, end: 6 });
    assert.equal(tokenAt('hi @ol and more', 10), null);
  });
  it('finds ~ channels, with hyphens and dots', () => {
    assert.deepEqual(tokenAt('see ~town-sq', 12), { kind: '~', term: 'town-sq', start: 4, end: 12 });
  });
  it('opens emoji only after two characters', () => {
    assert.equal(tokenAt('nice :s', 7), null);
    assert.deepEqual(tokenAt('nice :sm', 8), { kind: ':', term: 'sm', start: 5, end: 8 });
    assert.deepEqual(tokenAt(':+1', 3), { kind: ':', term: '+1', start: 0, end: 3 });
  });
  it('ignores triggers inside words: e-mail addresses, times, URLs', () => {
    assert.equal(tokenAt('mail ola@example', 16), null);
    assert.equal(tokenAt('at 12:30', 8), null);
    assert.equal(tokenAt('http://x', 8), null);
  });
  it('accepts a trigger after a newline or an opening bracket', () => {
    assert.deepEqual(tokenAt('line\n@ka', 8), { kind: '@', term: 'ka', start: 5, end: 8 });
    assert.deepEqual(tokenAt('(@ka', 4), { kind: '@', term: 'ka', start: 1, end: 4 });
  });
  it('accepts Norwegian letters in usernames', () => {
    assert.deepEqual(tokenAt('@bjø', 4), { kind: '@', term: 'bjø', start: 0, end: 4 });
  });
  it('closes on a space or a character a name cannot have', () => {
    assert.equal(tokenAt('@ola ', 5), null);
    assert.equal(tokenAt('@ola!', 5), null);
    assert.equal(tokenAt(':smile:', 7), null);
  });
});

describe('applyChoice', () => {
  it('replaces the token and adds one space, caret after it', () => {
    const token = tokenAt('hi @ol', 6)!;
    assert.deepEqual(applyChoice('hi @ol', token, '@ola'), { text: 'hi @ola ', caret: 8 });
  });
  it('keeps the text after the caret, replacing the rest of the word', () => {
    const token = tokenAt('hi @olx there', 5)!;
    assert.deepEqual(applyChoice('hi @olx there', token, '@ola'), { text: 'hi @ola there', caret: 8 });
  });
  it('works for emoji and channels', () => {
    assert.equal(applyChoice(':ta', tokenAt(':ta', 3)!, ':tada:').text, ':tada: ');
    assert.equal(applyChoice('go ~gen', tokenAt('go ~gen', 7)!, '~generelt').text, 'go ~generelt ');
  });
});

describe('channelWideMention', () => {
  it('finds @channel, @all and @here', () => {
    assert.equal(channelWideMention('hei @channel'), 'channel');
    assert.equal(channelWideMention('@ALL please'), 'all');
    assert.equal(channelWideMention('meeting now @here!'), 'here');
    assert.equal(channelWideMention('@channel.'), 'channel');
  });
  it('ignores longer words, e-mail-like text and code', () => {
    assert.equal(channelWideMention('@channels'), null);
    assert.equal(channelWideMention('@here-and-there'), null);
    assert.equal(channelWideMention('me@all.org'), null);
    assert.equal(channelWideMention('`@channel`'), null);
    assert.equal(channelWideMention('```\n@all\n```'), null);
    assert.equal(channelWideMention('@channel.name'), null);
  });
});

describe('lists', () => {
  it('offers the special mentions matching a prefix', () => {
    assert.deepEqual(specialMentionsFor(''), ['here', 'channel', 'all']);
    assert.deepEqual(specialMentionsFor('c'), ['channel']);
    assert.deepEqual(specialMentionsFor('x'), []);
  });
  it('ranks prefix matches, then word matches, then substrings', () => {
    const names = ['big_smile', 'smiley', 'grinning', 'smile', 'xsmilex'];
    assert.deepEqual(rankByName(names, 'smi', (n) => n), ['smiley', 'smile', 'big_smile', 'xsmilex']);
    assert.deepEqual(rankByName(names, 'smi', (n) => n, 2), ['smiley', 'smile']);
  });
  it('wraps the selection', () => {
    assert.equal(moveSelection(0, -1, 3), 2);
    assert.equal(moveSelection(2, 1, 3), 0);
    assert.equal(moveSelection(0, 1, 0), 0);
  });
});
