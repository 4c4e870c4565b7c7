import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigLoadError, ConfigService } from './service.ts';
import { defaultConfig, MASK, type Config } from './defaults.ts';
import { AppError } from '../app/errors.ts';

let dir: string;
let counter = 0;
const freshPath = () => join(dir, `case-${counter++}`, 'config.json');

async function writeConfig(path: string, config: unknown): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, JSON.stringify(config, null, 2));
}

/** Asserts an AppError with the status, whose message or detail mentions every given text. */
async function rejectsWith(promise: Promise<unknown>, status: number, ...mentions: string[]): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
    assert.equal(err.statusCode, status, err.message);
    for (const m of mentions) assert.ok(`${err.message} ${err.detailedError}`.includes(m), `"${err.message}" should mention ${m}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

const ENV = {
  MM_SQLSETTINGS_DRIVERNAME: 'postgres',
  MM_SQLSETTINGS_DATASOURCE: 'postgres://prat:s3cret@db.example.org/prat',
  MM_SERVICESETTINGS_SITEURL: 'https://chat.example.org',
  MM_TEAMSETTINGS_EXPERIMENTALDEFAULTCHANNELS: 'generelt admis viktig  ymse',
  MM_CONFIG: '/somewhere/else.json',
  PATH: '/usr/bin',
};

describe('ConfigService', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prat-config-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('creates config.json with every default on first start, in Mattermost shape, readable only by its owner', async () => {
    const path = freshPath();
    const config = await ConfigService.load(path, {});
    const written = JSON.parse(await readFile(path, 'utf8'));
    // Every default, and a salt for public file links made for this server (Mattermost's SetDefaults does so too).
    const salt = written.FileSettings.PublicLinkSalt as string;
    assert.match(salt, /^[a-z0-9]{32}$/);
    const expected = defaultConfig();
    expected.FileSettings.PublicLinkSalt = salt;
    assert.deepEqual(written, expected);
    assert.deepEqual(config.get(), expected);
    assert.notEqual((await ConfigService.load(freshPath(), {})).get().FileSettings.PublicLinkSalt, salt, 'each server its own');
    assert.equal((await ConfigService.load(path, {})).get().FileSettings.PublicLinkSalt, salt, 'kept on the next start');
    assert.equal(written.ServiceSettings.ListenAddress, ':8065');
    assert.equal(written.ServiceSettings.EnableUserAccessTokens, false);
    assert.deepEqual(written.TeamSettings.ExperimentalDefaultChannels, []);
    assert.equal(written.RateLimitSettings.Enable, false);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  });

  it('keeps keys it does not know, so a Mattermost config.json can be dropped in', async () => {
    const path = freshPath();
    await writeConfig(path, { ServiceSettings: { SiteURL: 'https://chat.example.org', GoroutineHealthThreshold: -1 }, GitLabSettings: { Enable: false } });
    const config = await ConfigService.load(path, {});
    await config.patch({ TeamSettings: { SiteName: 'Fribyte' } });
    const written = JSON.parse(await readFile(path, 'utf8'));
    assert.equal(written.ServiceSettings.GoroutineHealthThreshold, -1);
    assert.deepEqual(written.GitLabSettings, { Enable: false });
    assert.equal(written.ServiceSettings.SiteURL, 'https://chat.example.org');
    assert.equal(written.TeamSettings.SiteName, 'Fribyte');
  });

  it('lets MM_* variables win over the file, splitting lists on spaces, and lists them as the environment', async () => {
    const path = freshPath();
    await writeConfig(path, { ServiceSettings: { SiteURL: 'https://file.example.org' }, TeamSettings: { ExperimentalDefaultChannels: ['from-file'] } });
    const config = await ConfigService.load(path, ENV);
    const cfg = config.get();
    assert.equal(cfg.SqlSettings.DriverName, 'postgres');
    assert.equal(cfg.ServiceSettings.SiteURL, 'https://chat.example.org');
    assert.deepEqual(cfg.TeamSettings.ExperimentalDefaultChannels, ['generelt', 'admis', 'viktig', 'ymse']);
    assert.deepEqual(config.environment(), {
      SqlSettings: { DriverName: true, DataSource: true },
      ServiceSettings: { SiteURL: true },
      TeamSettings: { ExperimentalDefaultChannels: true },
    });
    assert.equal(config.lockedBy('ServiceSettings.SiteURL'), 'MM_SERVICESETTINGS_SITEURL');
    assert.equal(config.lockedBy('TeamSettings.SiteName'), undefined);
  });

  it('refuses to change a locked key, naming the variable, but accepts a full config that sends it back unchanged', async () => {
    const path = freshPath();
    await writeConfig(path, { ServiceSettings: { SiteURL: 'https://file.example.org' }, SqlSettings: { DriverName: 'sqlite', DataSource: './data/prat.db' } });
    const config = await ConfigService.load(path, ENV);
    const before = await readFile(path, 'utf8');

    await rejectsWith(config.patch({ ServiceSettings: { SiteURL: 'https://other.example.org' } }), 400, 'MM_SERVICESETTINGS_SITEURL');
    await rejectsWith(config.patch({ TeamSettings: { ExperimentalDefaultChannels: ['generelt'] } }), 400, 'MM_TEAMSETTINGS_EXPERIMENTALDEFAULTCHANNELS');
    const full = config.masked();
    full.SqlSettings.DriverName = 'sqlite';
    await rejectsWith(config.replace(full), 400, 'MM_SQLSETTINGS_DRIVERNAME');
    assert.equal(await readFile(path, 'utf8'), before, 'a refused change writes nothing');

    const unchanged = config.masked();
    unchanged.TeamSettings.SiteName = 'Fribyte';
    await config.replace(unchanged);
    assert.equal(config.get().TeamSettings.SiteName, 'Fribyte');
    assert.equal(config.get().ServiceSettings.SiteURL, 'https://chat.example.org');
  });

  it('never writes environment values into the file', async () => {
    const path = freshPath();
    await writeConfig(path, { ServiceSettings: { SiteURL: 'https://file.example.org' }, SqlSettings: { DriverName: 'sqlite', DataSource: './data/prat.db' } });
    const config = await ConfigService.load(path, ENV);
    await config.patch({ TeamSettings: { SiteName: 'Fribyte' } });
    await config.replace(config.masked());
    const text = await readFile(path, 'utf8');
    const written = JSON.parse(text) as Config;
    assert.equal(written.TeamSettings.SiteName, 'Fribyte');
    assert.equal(written.ServiceSettings.SiteURL, 'https://file.example.org');
    assert.equal(written.SqlSettings.DriverName, 'sqlite');
    assert.equal(written.SqlSettings.DataSource, './data/prat.db');
    assert.deepEqual(written.TeamSettings.ExperimentalDefaultChannels, []);
    assert.ok(!text.includes('s3cret') && !text.includes('chat.example.org') && !text.includes('viktig'));
  });

  it('masks secrets, and keeps a secret when the mask is sent back', async () => {
    const path = freshPath();
    await writeConfig(path, { EmailSettings: { SMTPPassword: 'hunter2' }, SqlSettings: { DataSource: join(dir, 'db.sqlite') } });
    const config = await ConfigService.load(path, {});
    const shown = config.masked();
    assert.equal(shown.EmailSettings.SMTPPassword, MASK);
    assert.equal(shown.SqlSettings.DataSource, MASK);
    assert.equal(shown.SqlSettings.AtRestEncryptKey, '', 'an empty secret is shown empty');
    assert.ok(!JSON.stringify(shown).includes('hunter2'));

    shown.TeamSettings.SiteName = 'Masked';
    await config.replace(shown);
    await config.patch({ EmailSettings: { SMTPPassword: MASK } });
    const written = JSON.parse(await readFile(path, 'utf8')) as Config;
    assert.equal(written.EmailSettings.SMTPPassword, 'hunter2');
    assert.equal(written.SqlSettings.DataSource, join(dir, 'db.sqlite'));
    assert.equal(written.TeamSettings.SiteName, 'Masked');

    await config.patch({ EmailSettings: { SMTPPassword: 'new-one' } });
    assert.equal(config.get().EmailSettings.SMTPPassword, 'new-one');
  });

  it('refuses invalid values naming the field, and writes nothing', async () => {
    const path = freshPath();
    const config = await ConfigService.load(path, {});
    const before = await readFile(path, 'utf8');
    const cases: Array<[unknown, string]> = [
      [{ ServiceSettings: { MaximumLoginAttempts: 'ten' } }, 'ServiceSettings.MaximumLoginAttempts'],
      [{ ServiceSettings: { EnableUserAccessTokens: 'yes' } }, 'ServiceSettings.EnableUserAccessTokens'],
      [{ PasswordSettings: { MinimumLength: 2 } }, 'PasswordSettings.MinimumLength'],
      [{ PasswordSettings: { MinimumLength: null } }, 'PasswordSettings.MinimumLength'],
      [{ SqlSettings: { DriverName: 'mysql' } }, 'SqlSettings.DriverName'],
      [{ LogSettings: { ConsoleLevel: 'LOUD' } }, 'LogSettings.ConsoleLevel'],
      [{ ServiceSettings: { SiteURL: 'chat.example.org' } }, 'ServiceSettings.SiteURL'],
      [{ ServiceSettings: { SiteURL: 'ftp://chat.example.org' } }, 'ServiceSettings.SiteURL'],
      [{ TeamSettings: { ExperimentalDefaultChannels: 'generelt' } }, 'TeamSettings.ExperimentalDefaultChannels'],
      [{ TeamSettings: { ExperimentalDefaultChannels: ['generelt', ''] } }, 'TeamSettings.ExperimentalDefaultChannels'],
      [{ RateLimitSettings: 'on' }, 'RateLimitSettings'],
    ];
    for (const [patch, field] of cases) await rejectsWith(config.patch(patch), 400, field);
    await rejectsWith(config.patch([1, 2]), 400);
    await rejectsWith(config.replace('nope'), 400);
    assert.equal(await readFile(path, 'utf8'), before);
    assert.deepEqual(config.get(), { ...defaultConfig(), FileSettings: { ...defaultConfig().FileSettings, PublicLinkSalt: config.get().FileSettings.PublicLinkSalt } });
  });

  it('lists every problem of an invalid change at once', async () => {
    const config = await ConfigService.load(freshPath(), {});
    const err = await rejectsWith(config.patch({ PasswordSettings: { MinimumLength: 1 }, ServiceSettings: { ListenAddress: 'everywhere' } }), 400, 'PasswordSettings.MinimumLength');
    assert.ok(err.detailedError.includes('ServiceSettings.ListenAddress'));
  });

  it('refuses clearing a SiteURL once set', async () => {
    const path = freshPath();
    await writeConfig(path, { ServiceSettings: { SiteURL: 'https://chat.example.org' } });
    const config = await ConfigService.load(path, {});
    await rejectsWith(config.patch({ ServiceSettings: { SiteURL: '' } }), 400, 'SiteURL');
    assert.equal(config.get().ServiceSettings.SiteURL, 'https://chat.example.org');
  });

  it('refuses to start on an invalid file or environment, listing every problem', async () => {
    const path = freshPath();
    await writeConfig(path, { ServiceSettings: { SiteURL: 'not a url', MaximumLoginAttempts: 'ten' }, PasswordSettings: { MinimumLength: 2 } });
    await assert.rejects(ConfigService.load(path, { MM_TEAMSETTINGS_MAXUSERSPERTEAM: 'many' }), (err: Error) => {
      assert.ok(err instanceof ConfigLoadError);
      for (const m of ['ServiceSettings.SiteURL', 'ServiceSettings.MaximumLoginAttempts', 'PasswordSettings.MinimumLength', 'MM_TEAMSETTINGS_MAXUSERSPERTEAM']) {
        assert.ok(err.message.includes(m), `${err.message} should mention ${m}`);
      }
      return true;
    });
    const broken = freshPath();
    await writeConfig(broken, {});
    await writeFile(broken, '{ "ServiceSettings": ');
    await assert.rejects(ConfigService.load(broken, {}), (err: Error) => err instanceof ConfigLoadError && err.message.includes('not valid JSON'));
  });

  it('reloads a hand-edited file, tells listeners, and keeps the running config when the file is invalid', async () => {
    const path = freshPath();
    const config = await ConfigService.load(path, ENV);
    const seen: string[] = [];
    config.onChange((next, prev) => seen.push(`${prev.TeamSettings.SiteName}->${next.TeamSettings.SiteName}`));

    const edited = JSON.parse(await readFile(path, 'utf8')) as Config;
    edited.TeamSettings.SiteName = 'Edited';
    edited.ServiceSettings.SiteURL = 'https://file.example.org';
    await writeFile(path, JSON.stringify(edited));
    await config.reload();
    assert.equal(config.get().TeamSettings.SiteName, 'Edited');
    assert.equal(config.get().ServiceSettings.SiteURL, 'https://chat.example.org', 'the environment still wins after a reload');
    assert.deepEqual(seen, ['Prat->Edited']);

    edited.TeamSettings.SiteName = 'Broken';
    edited.PasswordSettings.MinimumLength = 1;
    await writeFile(path, JSON.stringify(edited));
    await rejectsWith(config.reload(), 400, 'PasswordSettings.MinimumLength');
    await writeFile(path, '{ not json');
    await rejectsWith(config.reload(), 400);
    await rm(path);
    await rejectsWith(config.reload(), 400);
    assert.equal(config.get().TeamSettings.SiteName, 'Edited');
    assert.equal(config.get().PasswordSettings.MinimumLength, 8);
    assert.deepEqual(seen, ['Prat->Edited']);
  });

  it('does not lose either of two concurrent patches', async () => {
    const path = freshPath();
    const config = await ConfigService.load(path, {});
    const keys = ['TermsOfServiceLink', 'PrivacyPolicyLink', 'AboutLink', 'HelpLink', 'ReportAProblemLink', 'SupportEmail'] as const;
    await Promise.all(keys.map((k) => config.patch({ SupportSettings: { [k]: k === 'SupportEmail' ? 'drift@example.org' : `https://example.org/${k}` } })));
    const written = JSON.parse(await readFile(path, 'utf8')) as Config;
    for (const k of keys) {
      assert.notEqual(written.SupportSettings[k], '', `${k} was lost`);
      assert.equal(config.get().SupportSettings[k], written.SupportSettings[k]);
    }
  });
});
