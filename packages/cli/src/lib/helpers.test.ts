// The CLI's pure helpers: typed config values, JSON error positions, the version check, URLs, tables.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findJsonError, parseValue, requireKey, resolveKey } from './config-values.ts';
import { normalizeUrl, versionProblem } from './client.ts';
import { table } from './output.ts';

describe('config values', () => {
  const cfg = { TeamSettings: { SiteName: 'Prat', MaxUsersPerTeam: 50, EnableOpenServer: false, ExperimentalDefaultChannels: [] as string[] } };

  it('takes the type of the current value', () => {
    assert.deepEqual(parseValue('k', [], ['generelt', '[drift] alt']), ['generelt', '[drift] alt']);
    assert.deepEqual(parseValue('k', ['a'], []), []);
    assert.deepEqual(parseValue('k', [1, 2], ['3', '4']), [3, 4]);
    assert.equal(parseValue('k', false, ['TRUE']), true);
    assert.equal(parseValue('k', 5, ['-1']), -1);
    assert.equal(parseValue('k', 'x', ['two words']), 'two words');
    assert.equal(parseValue('k', null, ['anything']), 'anything');
    assert.throws(() => parseValue('k', 5, ['']), /k is a number, not ""/);
    assert.throws(() => parseValue('k', 5, ['1e999']), /k is a number/);
    assert.throws(() => parseValue('k', true, ['1']), /k is true or false/);
    assert.throws(() => parseValue('k', 'x', []), /exactly one value, got 0/);
  });

  it('finds keys in any case and names the unknown ones', () => {
    assert.equal(resolveKey(cfg, 'teamsettings.SITENAME'), 'TeamSettings.SiteName');
    assert.equal(resolveKey(cfg, 'TeamSettings.SiteName.Deeper'), undefined);
    assert.equal(resolveKey(cfg, 'TeamSettings..SiteName'), undefined);
    assert.throws(() => requireKey(cfg, 'TeamSettings.Nope'), /unknown configuration key "TeamSettings.Nope"; TeamSettings has SiteName, MaxUsersPerTeam/);
  });

  it('finds the first error of invalid JSON, and none in valid JSON', () => {
    for (const ok of ['{}', '[]', '{"a": [1, -2.5e3, "x\\u00e6", true, false, null, {"b": {}}]}', ' 7 ']) {
      assert.equal(findJsonError(ok), undefined, ok);
      JSON.parse(ok);
    }
    assert.deepEqual(findJsonError('{"a": 1,}'), { offset: 8, problem: 'unexpected "}" (expected a "quoted" key)' });
    assert.deepEqual(findJsonError('[1 2]'), { offset: 3, problem: 'unexpected "2" (expected "," or "]")' });
    assert.deepEqual(findJsonError(''), { offset: 0, problem: 'unexpected end of the file (expected a value)' });
    assert.equal(findJsonError('{"a": "unterminated')?.problem, 'unexpected end of the file inside a string');
  });
});

describe('versions, URLs and tables', () => {
  it('warns only on another major version, and on a header it cannot read', () => {
    assert.equal(versionProblem('11.9.0.prat-0-1-0.abc.false', '11.9.0'), undefined);
    assert.equal(versionProblem('11.2.1.123.abc.true', '11.9.0'), undefined);
    assert.match(versionProblem('10.11.0.123.abc.false', '11.9.0')!, /10\.11\.0 API and this CLI 11\.9\.0/);
    assert.match(versionProblem('garbage', '11.9.0')!, /could not check the server version/);
    assert.equal(versionProblem(undefined, '11.9.0'), undefined);
  });

  it('adds https:// and drops trailing slashes, as mmctl does', () => {
    assert.equal(normalizeUrl('chat.example.org/'), 'https://chat.example.org');
    assert.equal(normalizeUrl('http://127.0.0.1:8065//'), 'http://127.0.0.1:8065');
    assert.throws(() => normalizeUrl('http://exa mple.org'), /not a valid server URL/);
  });

  it('aligns table columns', () => {
    const out = table([{ a: 'x', b: 'long value' }, { a: 'longer', b: ['l', 'ist'] }], [['A', (r) => r.a], ['B', (r) => r.b]]);
    assert.equal(out, 'A       B\nx       long value\nlonger  l, ist');
  });
});
