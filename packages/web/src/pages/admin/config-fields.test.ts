import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { envVariable, fromDraft, kindOf, sectionPatch, toDraft } from './config-fields.ts';

describe('System Console config fields', () => {
  it('names the environment variable that locks a key', () => {
    assert.equal(envVariable('ServiceSettings', 'SiteURL'), 'MM_SERVICESETTINGS_SITEURL');
    assert.equal(envVariable('TeamSettings', 'ExperimentalDefaultChannels'), 'MM_TEAMSETTINGS_EXPERIMENTALDEFAULTCHANNELS');
  });

  it('edits lists one entry per line, keeping brackets and spaces inside an entry', () => {
    const draft = toDraft('list', ['generelt', '[drift] alt']);
    assert.equal(draft, 'generelt\n[drift] alt');
    assert.deepEqual(fromDraft('list', `${draft}\n\n  dugnad  \n`), ['generelt', '[drift] alt', 'dugnad']);
  });

  it('shows file sizes in megabytes and saves bytes', () => {
    assert.equal(toDraft('megabytes', 104857600), '100');
    assert.equal(fromDraft('megabytes', '2.5'), 2621440);
  });

  it('infers how to edit a value from its shape', () => {
    assert.equal(kindOf(true), 'bool');
    assert.equal(kindOf(10), 'number');
    assert.equal(kindOf(['a']), 'list');
    assert.equal(kindOf({ a: 1 }), 'json');
    assert.equal(kindOf('x'), 'string');
  });

  it('patches only what changed, and reports numbers that do not parse', () => {
    const kinds = { SiteName: 'string', MaxUsersPerTeam: 'number', EnableOpenServer: 'bool' } as const;
    const saved = { SiteName: 'Prat', MaxUsersPerTeam: 50, EnableOpenServer: false };
    assert.deepEqual(sectionPatch(kinds, saved, { SiteName: 'Fribyte', MaxUsersPerTeam: '50', EnableOpenServer: false }), { patch: { SiteName: 'Fribyte' }, invalid: [] });
    assert.deepEqual(sectionPatch(kinds, saved, { SiteName: 'Prat', MaxUsersPerTeam: 'many', EnableOpenServer: true }), { patch: { EnableOpenServer: true }, invalid: ['MaxUsersPerTeam'] });
  });
});
