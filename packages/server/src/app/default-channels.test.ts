import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultChannelEntries, resolveDefaultChannels } from './default-channels.ts';
import { newChannelRecord } from './channels.ts';
import type { ChannelRecord } from '../store/channels.ts';

let clock = 1;
const channel = (name: string, display_name: string, type: ChannelRecord['type'] = 'O', delete_at = 0) =>
  newChannelRecord({ team_id: 't', type, name, display_name, creator_id: '', delete_at }, clock++);

describe('default channels (ExperimentalDefaultChannels)', () => {
  it('is town-square and off-topic when the list is empty', () => {
    assert.deepEqual(defaultChannelEntries([]), ['town-square', 'off-topic']);
    assert.deepEqual(defaultChannelEntries(['  ']), ['town-square', 'off-topic']);
  });

  it('is town-square and the listed entries otherwise, each once', () => {
    assert.deepEqual(defaultChannelEntries(['generelt', 'Town-Square', '[drift] alt', 'GENERELT']), ['town-square', 'generelt', '[drift] alt']);
  });

  const team = [
    channel('town-square', 'Town Square'),
    channel('generelt', 'Generelt'),
    channel('drift-alt', '[drift] alt'),
    channel('admis', 'Admin', 'P'),
    channel('gammel', 'Gammel', 'O', 123),
    channel('viktig', 'ymse'),
    channel('ymse', 'Ymse'),
  ];

  it("matches handles, then display names, case-insensitively: fribyte's list", () => {
    const entries = defaultChannelEntries(['generelt', 'admis', 'viktig', 'YMSE', 'sosialt', '[drift] alt', 'dugnad']);
    const r = resolveDefaultChannels(entries, team);
    assert.deepEqual(
      r.channels.map((c) => c.name),
      ['town-square', 'generelt', 'viktig', 'ymse', 'drift-alt'],
    );
    assert.deepEqual(r.missing, ['sosialt', 'dugnad']);
    assert.deepEqual(r.private, ['admis']);
  });

  it('lets a handle win over another channel whose display name equals it', () => {
    // "ymse" is the handle of one channel and the display name of another ("viktig").
    const r = resolveDefaultChannels(['ymse'], team);
    assert.deepEqual(r.channels.map((c) => c.name), ['ymse']);
  });

  it('skips archived channels and joins a channel named twice only once', () => {
    const r = resolveDefaultChannels(['gammel', 'drift-alt', '[Drift] Alt'], team);
    assert.deepEqual(r.missing, ['gammel']);
    assert.deepEqual(r.channels.map((c) => c.name), ['drift-alt']);
  });

  it('prefers a public channel when several share a display name', () => {
    const twins = [channel('ops-private', 'Ops', 'P'), channel('ops-team', 'Ops')];
    assert.deepEqual(resolveDefaultChannels([' ops '], twins).channels.map((c) => c.name), ['ops-team']);
  });
});
