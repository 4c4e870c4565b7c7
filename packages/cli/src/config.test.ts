// `prat config` against a live server: typed set, patch, reset, reload, and `config edit` driven by a scripted $EDITOR.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeUser, startTestServer, type TestServer, type TestUser } from '../../server/src/test/server.ts';
import { makeChannel, makeTeam } from '../../server/src/test/teams-channels.ts';
import { CliUser } from './test/cli.ts';

/**
 * Writes an editor: a Node script run as `$EDITOR <file>`. Each run handles the next step of `steps` (a counter file
 * remembers which), so one script can make a mistake on the first run and fix it on the second.
 */
async function editor(dir: string, name: string, steps: string[]): Promise<string> {
  const script = join(dir, `${name}.mjs`);
  const counter = join(dir, `${name}.count`);
  await writeFile(
    script,
    `import { readFileSync, writeFileSync, existsSync } from 'node:fs';
const file = process.argv[2];
const n = existsSync(${JSON.stringify(counter)}) ? Number(readFileSync(${JSON.stringify(counter)}, 'utf8')) : 0;
writeFileSync(${JSON.stringify(counter)}, String(n + 1));
const text = readFileSync(file, 'utf8');
const steps = [${steps.map((s) => `(text) => { ${s} }`).join(',\n')}];
writeFileSync(file, steps[n](text));
`,
  );
  return `${process.execPath} ${script}`;
}

describe('prat config', () => {
  let t: TestServer;
  let admin: TestUser;
  let cli: CliUser;

  before(async () => {
    t = await startTestServer('sqlite');
    admin = await makeUser(t);
    cli = await CliUser.create();
    const pat = await admin.client.createUserAccessToken(admin.user.id, 'config tests');
    await cli.ok(['auth', 'login', t.url, '--name', 'test', '--access-token', pat.token!]);
  });
  after(async () => {
    await cli.remove();
    await t.close();
  });

  it('gets and sets typed values: a list from several words, booleans, numbers, keys in any case', async () => {
    await cli.ok(['config', 'set', 'TeamSettings.ExperimentalDefaultChannels', 'generelt', 'viktig', '[drift] alt']);
    assert.deepEqual((await admin.client.getConfig()).TeamSettings.ExperimentalDefaultChannels, ['generelt', 'viktig', '[drift] alt']);
    assert.deepEqual(JSON.parse(await cli.ok(['config', 'get', 'TeamSettings.ExperimentalDefaultChannels'])), ['generelt', 'viktig', '[drift] alt']);

    await cli.ok(['config', 'set', 'teamsettings.enableconfirmnotificationstochannel', 'false']);
    await cli.ok(['config', 'set', 'TeamSettings.MaxChannelsPerTeam', '3000']);
    await cli.ok(['config', 'set', 'ServiceSettings.PostEditTimeLimit', '-1']);
    const cfg = await admin.client.getConfig();
    assert.equal(cfg.TeamSettings.EnableConfirmNotificationsToChannel, false);
    assert.equal(cfg.TeamSettings.MaxChannelsPerTeam, 3000);
    assert.equal(cfg.ServiceSettings.PostEditTimeLimit, -1);
    assert.deepEqual(await cli.json(['config', 'get', 'TeamSettings.MaxChannelsPerTeam']), 3000);
    assert.equal((await cli.json<{ TeamSettings: { MaxChannelsPerTeam: number } }>(['config', 'show'])).TeamSettings.MaxChannelsPerTeam, 3000);
  });

  it('refuses unknown keys, values of the wrong type, and sections, changing nothing', async () => {
    const before = await admin.client.getConfig();
    const unknown = await cli.fails(['config', 'set', 'TeamSettings.NoSuchKey', 'x']);
    assert.match(unknown.stderr, /unknown configuration key "TeamSettings.NoSuchKey"; TeamSettings has SiteName/);
    assert.match((await cli.fails(['config', 'get', 'Nope.Key'])).stderr, /unknown configuration key "Nope.Key"; sections are ServiceSettings/);
    assert.match((await cli.fails(['config', 'set', 'TeamSettings.MaxChannelsPerTeam', 'lots'])).stderr, /TeamSettings.MaxChannelsPerTeam is a number, not "lots"/);
    assert.match((await cli.fails(['config', 'set', 'TeamSettings.EnableOpenServer', 'yes'])).stderr, /is true or false, not "yes"/);
    assert.match((await cli.fails(['config', 'set', 'TeamSettings.SiteName', 'two', 'words'])).stderr, /takes exactly one value, got 2 \(quote a value/);
    assert.match((await cli.fails(['config', 'set', 'TeamSettings', 'x'])).stderr, /TeamSettings is a section/);
    // A value the server's validation refuses comes back with the server's message.
    const refused = await cli.fails(['config', 'set', 'TeamSettings.ExperimentalDefaultChannels', 'generelt', '']);
    assert.match(refused.stderr, /^Error: Invalid value for TeamSettings.ExperimentalDefaultChannels/m);
    assert.deepEqual(await admin.client.getConfig(), before);
  });

  it('patches from a file, refusing invalid JSON with its position and changing nothing', async () => {
    const good = join(cli.home, 'good.json');
    await writeFile(good, JSON.stringify({ TeamSettings: { SiteName: 'Fribyte' } }));
    await cli.ok(['config', 'patch', good]);
    assert.equal((await admin.client.getConfig()).TeamSettings.SiteName, 'Fribyte');

    const before = await admin.client.getConfig();
    const bad = join(cli.home, 'bad.json');
    await writeFile(bad, '{\n  "TeamSettings": {\n    "SiteName": "Oops",\n  }\n}\n');
    const r = await cli.fails(['config', 'patch', bad]);
    assert.match(r.stderr, /bad\.json is not valid JSON: unexpected "\}" \(expected a "quoted" key\) at line 4, column 3; nothing was changed/);
    const notObject = join(cli.home, 'list.json');
    await writeFile(notObject, '["TeamSettings"]');
    assert.match((await cli.fails(['config', 'patch', notObject])).stderr, /must hold a JSON object/);
    assert.deepEqual(await admin.client.getConfig(), before);
  });

  it('resets keys to the defaults (asking first), and reloads the file from disk', async () => {
    await admin.client.patchConfig({ TeamSettings: { MaxUsersPerTeam: 77 } } as never);
    const unconfirmed = await cli.fails(['config', 'reset', 'TeamSettings.MaxUsersPerTeam']);
    assert.match(unconfirmed.stderr, /add --confirm/);
    assert.equal((await admin.client.getConfig()).TeamSettings.MaxUsersPerTeam, 77);
    await cli.ok(['config', 'reset', 'TeamSettings.MaxUsersPerTeam', '--confirm']);
    assert.equal((await admin.client.getConfig()).TeamSettings.MaxUsersPerTeam, 50);

    const onDisk = JSON.parse(await readFile(t.configPath, 'utf8')) as { TeamSettings: { SiteName: string } };
    onDisk.TeamSettings.SiteName = 'Edited on disk';
    await writeFile(t.configPath, JSON.stringify(onDisk, null, 2));
    await cli.ok(['config', 'reload']);
    assert.equal((await admin.client.getConfig()).TeamSettings.SiteName, 'Edited on disk');
  });

  it('config edit: the editor adds "[drift] alt" to ExperimentalDefaultChannels and the server uses it at once', async () => {
    await admin.client.patchConfig({ TeamSettings: { ExperimentalDefaultChannels: ['generelt', 'viktig'] } } as never);
    const EDITOR = await editor(cli.home, 'add-drift', [
      `const cfg = JSON.parse(text); cfg.TeamSettings.ExperimentalDefaultChannels.push('[drift] alt'); return JSON.stringify(cfg, null, 2);`,
    ]);
    const out = await cli.ok(['config', 'edit'], { env: { EDITOR } });
    assert.match(out, /Configuration saved/);
    const cfg = await admin.client.getConfig();
    assert.deepEqual(cfg.TeamSettings.ExperimentalDefaultChannels, ['generelt', 'viktig', '[drift] alt']);
    assert.equal(cfg.ServiceSettings.EnableUserAccessTokens, true, 'the other keys are kept');

    // The running server acts on it: someone joining a team lands in the channel with that display name.
    const team = await makeTeam(admin);
    const drift = await makeChannel(admin, team, { display_name: '[drift] alt' });
    const newcomer = await makeUser(t);
    await admin.client.addToTeam(team.id, newcomer.user.id);
    assert.equal((await admin.client.getChannelMember(drift.id, newcomer.user.id)).user_id, newcomer.user.id);

    // $VISUAL is the fallback, and an editor that changes nothing saves nothing.
    const VISUAL = await editor(cli.home, 'no-change', ['return text;']);
    assert.match(await cli.ok(['config', 'edit'], { env: { VISUAL } }), /No changes made/);
  });

  it('config edit: invalid JSON, then a value the server refuses, are shown and the same edit reopened until it is right', async () => {
    await admin.client.patchConfig({ TeamSettings: { ExperimentalDefaultChannels: ['generelt'] } } as never);
    const EDITOR = await editor(cli.home, 'fix-it', [
      // 1: a trailing comma.
      `return text.replace('"generelt"', '"generelt", "[drift] alt",');`,
      // 2: the edit is still there; now valid JSON, but a channel list that is not a list.
      `if (!text.includes('"[drift] alt",]') && !text.includes('"[drift] alt",\\n')) throw new Error('edit lost: ' + text);
       const fixed = JSON.parse(text.replace(/"\\[drift\\] alt",(\\s*)\\]/, '"[drift] alt"$1]'));
       fixed.TeamSettings.SiteName = 'Kept';
       fixed.TeamSettings.ExperimentalDefaultChannels = 'generelt';
       return JSON.stringify(fixed, null, 2);`,
      // 3: the refused value fixed; the other change of the same edit is still there.
      `const cfg = JSON.parse(text); if (cfg.TeamSettings.SiteName !== 'Kept') throw new Error('edit lost');
       cfg.TeamSettings.ExperimentalDefaultChannels = ['generelt', '[drift] alt']; return JSON.stringify(cfg, null, 2);`,
    ]);
    const r = await cli.run(['config', 'edit'], { env: { EDITOR, PRAT_FORCE_PROMPT: '1' }, input: 'y\n\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Error: the file is not valid JSON: unexpected "\]" \(expected a value\) at line \d+, column \d+\n/);
    assert.match(r.stderr, /Error: the server refused the configuration: Invalid value for TeamSettings.ExperimentalDefaultChannels/);
    assert.equal(r.stderr.match(/Edit again\? \[Y\/n\]/g)?.length, 2);
    const cfg = await admin.client.getConfig();
    assert.deepEqual(cfg.TeamSettings.ExperimentalDefaultChannels, ['generelt', '[drift] alt']);
    assert.equal(cfg.TeamSettings.SiteName, 'Kept');
  });

  it('config edit without a terminal fails on an invalid edit instead of prompting, keeping the edit and the server as they were', async () => {
    const before = await admin.client.getConfig();
    const EDITOR = await editor(cli.home, 'broken', [`return text.slice(0, -3);`]);
    const r = await cli.fails(['config', 'edit'], { env: { EDITOR } });
    assert.doesNotMatch(r.stderr, /Edit again/);
    const kept = /your edit is in (\S+)/.exec(r.stderr)?.[1];
    assert.ok(kept, r.stderr);
    assert.equal((await readFile(kept, 'utf8')).length > 100, true);
    assert.deepEqual(await admin.client.getConfig(), before);

    // Answering "n" gives up the same way.
    const again = await editor(cli.home, 'broken-again', [`return '{';`]);
    const no = await cli.fails(['config', 'edit'], { env: { EDITOR: again, PRAT_FORCE_PROMPT: '1' }, input: 'n\n' });
    assert.match(no.stderr, /Edit again\? \[Y\/n\] Error: nothing was saved; your edit is in/);
    assert.deepEqual(await admin.client.getConfig(), before);
  });
});

describe('prat config with keys locked by MM_* variables', () => {
  let t: TestServer;
  let admin: TestUser;
  let cli: CliUser;

  before(async () => {
    t = await startTestServer('sqlite', {}, { MM_SERVICESETTINGS_SITEURL: 'http://chat.example.org' });
    admin = await makeUser(t);
    cli = await CliUser.create();
    await cli.ok(['auth', 'login', t.url, '--name', 'test', '--username', admin.user.username, '--password', admin.password]);
  });
  after(async () => {
    await cli.remove();
    await t.close();
  });

  it('refuses to set or edit a locked key, naming the variable, and leaves the server as it was', async () => {
    const before = await admin.client.getConfig();
    const set = await cli.fails(['config', 'set', 'ServiceSettings.SiteURL', 'http://other.example.org']);
    assert.match(set.stderr, /MM_SERVICESETTINGS_SITEURL/);

    const EDITOR = await editor(cli.home, 'siteurl', [`const cfg = JSON.parse(text); cfg.ServiceSettings.SiteURL = 'http://other.example.org'; return JSON.stringify(cfg);`]);
    const edit = await cli.fails(['config', 'edit'], { env: { EDITOR } });
    assert.match(edit.stderr, /the server refused the configuration: .*MM_SERVICESETTINGS_SITEURL/);

    assert.deepEqual(await admin.client.getConfig(), before);
    assert.equal(before.ServiceSettings.SiteURL, 'http://chat.example.org');
    // Other keys can still be changed.
    await cli.ok(['config', 'set', 'TeamSettings.SiteName', 'Fribyte']);
    assert.equal((await admin.client.getConfig()).TeamSettings.SiteName, 'Fribyte');
  });
});
