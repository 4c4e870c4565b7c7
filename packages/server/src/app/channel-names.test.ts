import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { channelNameProblem, deriveChannelName, firstFreeName, withSuffix } from './channel-names.ts';
import { newId } from './ids.ts';

describe('channel handles', () => {
  it('derives a handle from a display name', () => {
    assert.equal(deriveChannelName('[drift] alt'), 'drift-alt');
    assert.equal(deriveChannelName('[drift:status] web01'), 'drift-status-web01');
    assert.equal(deriveChannelName('[gitea] prat'), 'gitea-prat');
    assert.equal(deriveChannelName('Town Square'), 'town-square');
    assert.equal(deriveChannelName('Off-Topic'), 'off-topic');
    assert.equal(deriveChannelName('  Ærlig talt — søndag på Øya!  '), 'aerlig-talt-sondag-pa-oya');
    assert.equal(deriveChannelName('Café crème'), 'cafe-creme');
    assert.equal(deriveChannelName('snake_case__name'), 'snake-case-name');
  });

  it('gives nothing when no letter or digit survives', () => {
    assert.equal(deriveChannelName('🎉🎉'), '');
    assert.equal(deriveChannelName('[] --- ()'), '');
  });

  it('keeps derived handles within 64 characters and valid', () => {
    const long = deriveChannelName('a'.repeat(40) + ' ' + 'b'.repeat(40));
    assert.ok(long.length <= 64);
    assert.ok(!long.endsWith('-'));
    for (const name of ['[drift] alt', 'Ærlig talt', 'x', 'a'.repeat(100), 'ab '.repeat(40)]) {
      assert.equal(channelNameProblem(deriveChannelName(name)), undefined, name);
    }
  });

  it('appends -2, -3 … to a taken handle, shortening the base to fit', () => {
    assert.equal(firstFreeName('drift-alt', []), 'drift-alt');
    assert.equal(firstFreeName('drift-alt', ['drift-alt']), 'drift-alt-2');
    assert.equal(firstFreeName('drift-alt', ['drift-alt', 'drift-alt-2', 'drift-alt-3']), 'drift-alt-4');
    const base = 'c'.repeat(64);
    assert.equal(withSuffix(base, 12), 'c'.repeat(61) + '-12');
    assert.equal(firstFreeName(base, [base]).length, 64);
  });

  it("checks handles with Mattermost's rules", () => {
    for (const ok of ['a', 'town-square', 'a_b', 'ab-', '9lives', 'x'.repeat(64)]) assert.equal(channelNameProblem(ok), undefined, ok);
    for (const bad of ['', 'x'.repeat(65), 'Upper', '-lead', '_lead', 'sp ace', '[drift]', 'æøå']) assert.ok(channelNameProblem(bad), bad);
    assert.equal(channelNameProblem(`${newId()}__${newId()}`)?.id, 'model.channel.is_valid.name.app_error');
  });
});
