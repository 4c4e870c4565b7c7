import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import type { AdminConfig } from '@mattermost/types/config';
import { describeEachDatabase, expectAppError, makeUser, startTestServer, uniqueName, type TestServer, type TestUser } from '../test/server.ts';
import { MASK, type Config } from '../config/defaults.ts';

const SMTP_PASSWORD = 'smtp-hunter2-secret';
const ENV = {
  MM_SERVICESETTINGS_SITEURL: 'https://chat.example.org',
  MM_TEAMSETTINGS_EXPERIMENTALDEFAULTCHANNELS: 'generelt admis viktig',
};

describeEachDatabase('config API', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  let alice: TestUser;
  let dataSource: string;
  const fileDriver = driver === 'sqlite' ? 'postgres' : 'sqlite';
  const readFileConfig = async () => JSON.parse(await readFile(t.configPath, 'utf8')) as Config;
  const getConfig = async (c = admin.client) => (await c.getConfig()) as unknown as Config;
  const asAdminConfig = (c: Config) => c as unknown as AdminConfig;

  before(async () => {
    // The file names the other driver: the server only works because MM_SQLSETTINGS_DRIVERNAME wins.
    t = await startTestServer(
      driver,
      {
        SqlSettings: { DriverName: fileDriver },
        ServiceSettings: { SiteURL: 'https://file.example.org' },
        TeamSettings: { ExperimentalDefaultChannels: ['from-file'] },
        EmailSettings: { SMTPPassword: SMTP_PASSWORD },
      },
      { ...ENV, MM_SQLSETTINGS_DRIVERNAME: driver },
    );
    dataSource = (await readFileConfig()).SqlSettings.DataSource;
    admin = await makeUser(t, { username: uniqueName('admin') });
    alice = await makeUser(t, { username: uniqueName('alice') });
  });
  after(() => t.close());

  it('shows admins the effective config, environment values included and secrets masked', async () => {
    const cfg = await getConfig();
    assert.equal(cfg.SqlSettings.DriverName, driver);
    assert.equal(cfg.ServiceSettings.SiteURL, 'https://chat.example.org');
    assert.deepEqual(cfg.TeamSettings.ExperimentalDefaultChannels, ['generelt', 'admis', 'viktig']);
    assert.equal(cfg.SqlSettings.DataSource, MASK);
    assert.equal(cfg.EmailSettings.SMTPPassword, MASK);
    const text = JSON.stringify(cfg);
    assert.ok(!text.includes(SMTP_PASSWORD) && !text.includes(dataSource));
  });

  it('lists the keys set by the environment', async () => {
    assert.deepEqual(await admin.client.getEnvironmentConfig(), {
      SqlSettings: { DriverName: true },
      ServiceSettings: { SiteURL: true },
      TeamSettings: { ExperimentalDefaultChannels: true },
    });
  });

  it('refuses to change a key set by the environment, naming the variable, and writes nothing', async () => {
    const before = await readFile(t.configPath, 'utf8');
    const cfg = await getConfig();
    cfg.ServiceSettings.SiteURL = 'https://elsewhere.example.org';
    cfg.TeamSettings.SiteName = 'Not saved';
    const e1 = await expectAppError(admin.client.updateConfig(asAdminConfig(cfg)), 400);
    assert.match(e1.message, /MM_SERVICESETTINGS_SITEURL/);
    const e2 = await expectAppError(admin.client.patchConfig({ TeamSettings: { ExperimentalDefaultChannels: ['generelt'] } } as never), 400);
    assert.match(e2.message, /MM_TEAMSETTINGS_EXPERIMENTALDEFAULTCHANNELS/);
    const e3 = await expectAppError(admin.client.patchConfig({ SqlSettings: { DriverName: fileDriver } } as never), 400);
    assert.match(e3.message, /MM_SQLSETTINGS_DRIVERNAME/);
    assert.equal(await readFile(t.configPath, 'utf8'), before);
    assert.equal((await getConfig()).TeamSettings.SiteName, 'Prat');
  });

  it('saves a full config sent back with locked values and masks unchanged, without writing environment values to the file', async () => {
    const cfg = await getConfig();
    cfg.TeamSettings.SiteName = 'Fribyte';
    const saved = (await admin.client.updateConfig(asAdminConfig(cfg))) as unknown as Config;
    assert.equal(saved.TeamSettings.SiteName, 'Fribyte');
    assert.equal(saved.EmailSettings.SMTPPassword, MASK);
    assert.equal((await getConfig()).TeamSettings.SiteName, 'Fribyte');

    const file = await readFileConfig();
    assert.equal(file.TeamSettings.SiteName, 'Fribyte');
    assert.equal(file.ServiceSettings.SiteURL, 'https://file.example.org');
    assert.equal(file.SqlSettings.DriverName, fileDriver);
    assert.deepEqual(file.TeamSettings.ExperimentalDefaultChannels, ['from-file']);
    assert.equal(file.EmailSettings.SMTPPassword, SMTP_PASSWORD, 'the mask sent back keeps the secret');
    assert.equal(file.SqlSettings.DataSource, dataSource);
  });

  it('refuses invalid values with a 400 naming the field, and leaves the file as it was', async () => {
    const before = await readFile(t.configPath, 'utf8');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ServiceSettings: { MaximumLoginAttempts: 'ten' } }, 'ServiceSettings.MaximumLoginAttempts'],
      [{ PasswordSettings: { MinimumLength: 1000 } }, 'PasswordSettings.MinimumLength'],
      [{ ServiceSettings: { CollapsedThreads: 'sometimes' } }, 'ServiceSettings.CollapsedThreads'],
      [{ EmailSettings: { ConnectionSecurity: 'SSL3' } }, 'EmailSettings.ConnectionSecurity'],
      [{ RateLimitSettings: { Enable: 'true' } }, 'RateLimitSettings.Enable'],
    ];
    for (const [patch, field] of cases) {
      const e = await expectAppError(admin.client.patchConfig(patch as never), 400);
      assert.ok(e.message.includes(field), `${e.message} should name ${field}`);
    }
    // The full PUT validates too. (SiteURL is locked on this server; bad SiteURLs are tried on another server below.)
    const cfg = await getConfig();
    cfg.ServiceSettings.ListenAddress = 'everywhere';
    const e = await expectAppError(admin.client.updateConfig(asAdminConfig(cfg)), 400);
    assert.match(e.message, /ServiceSettings\.ListenAddress/);

    const send = (method: string, path: string, body: string) =>
      fetch(`${t.url}/api/v4${path}`, { method, headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' }, body });
    for (const [method, path] of [['PUT', '/config'], ['PUT', '/config/patch']] as const) {
      for (const body of ['{"TeamSettings": ', '[1, 2]', '"config"', '']) {
        const r = await send(method, path, body);
        assert.equal(r.status, 400, `${method} ${path} with ${JSON.stringify(body)}`);
        const err = await r.json();
        assert.equal(err.status_code, 400);
        assert.ok(err.id);
      }
    }
    assert.equal(await readFile(t.configPath, 'utf8'), before);
  });

  it('refuses a bad SiteURL where SiteURL is not locked', async () => {
    const free = await startTestServer(driver);
    try {
      const boss = await makeUser(free, { username: uniqueName('admin') });
      const before = await readFile(free.configPath, 'utf8');
      for (const url of ['chat.example.org', 'ftp://chat.example.org', 'https://']) {
        const e = await expectAppError(boss.client.patchConfig({ ServiceSettings: { SiteURL: url } } as never), 400);
        assert.match(e.message, /ServiceSettings\.SiteURL/);
      }
      assert.equal(await readFile(free.configPath, 'utf8'), before);
      await boss.client.patchConfig({ ServiceSettings: { SiteURL: 'https://chat.example.org' } } as never);
      assert.equal(JSON.parse(await readFile(free.configPath, 'utf8')).ServiceSettings.SiteURL, 'https://chat.example.org');
    } finally {
      await free.close();
    }
  });

  it('keeps every config route but the client config to system admins', async () => {
    const full = asAdminConfig(await getConfig());
    const calls = (c: typeof alice.client) => [
      () => c.getConfig(),
      () => c.updateConfig(full),
      () => c.patchConfig({ TeamSettings: { SiteName: 'Hacked' } } as never),
      () => c.reloadConfig(),
      () => c.getEnvironmentConfig(),
    ];
    for (const call of calls(alice.client)) await expectAppError(call(), 403, 'api.context.permissions.app_error');
    for (const call of calls(t.client())) await expectAppError(call(), 401);
    assert.equal((await getConfig()).TeamSettings.SiteName, 'Fribyte');
  });

  it('serves the client config signed out (limited) and signed in, never with a secret', async () => {
    const signedOut = await t.client().getClientConfig();
    const signedIn = await alice.client.getClientConfig();
    assert.equal(signedOut.SiteURL, 'https://chat.example.org');
    assert.equal(signedOut.Version, '11.9.0');
    assert.equal(signedOut.PasswordMinimumLength, '8');
    assert.equal(signedOut.EnableUserAccessTokens, undefined);
    assert.equal(signedIn.EnableUserAccessTokens, 'true');
    assert.ok(Object.keys(signedIn).length > Object.keys(signedOut).length);
    for (const c of [signedOut, signedIn]) {
      for (const value of Object.values(c)) assert.equal(typeof value, 'string');
      const text = JSON.stringify(c);
      assert.ok(!text.includes(SMTP_PASSWORD) && !text.includes(dataSource) && !text.includes(MASK));
      assert.ok(!/DataSource|SMTPPassword|AtRestEncryptKey|PublicLinkSalt/.test(text));
    }
    const r = await fetch(`${t.url}/api/v4/config/client?format=new`);
    assert.equal(r.status, 400);
    assert.equal((await r.json()).status_code, 400);
  });

  it('applies changes at once, without a restart', async () => {
    await admin.client.patchConfig({ PasswordSettings: { MinimumLength: 12 } } as never);
    const username = uniqueName();
    await expectAppError(
      t.client().createUser({ username, email: `${username}@example.com`, password: 'Short-pw1!' } as never, '', ''),
      400,
      'model.user.is_valid.pwd.app_error',
    );
    assert.equal((await t.client().getClientConfig()).PasswordMinimumLength, '12');
    await admin.client.patchConfig({ PasswordSettings: { MinimumLength: 8 } } as never);
    await t.client().createUser({ username, email: `${username}@example.com`, password: 'Short-pw1!' } as never, '', '');
  });

  it('reloads a hand-edited file, and refuses an invalid one keeping the running config', async () => {
    const good = await readFileConfig();
    good.TeamSettings.SiteName = 'Hand edited';
    await writeFile(t.configPath, JSON.stringify(good, null, 2));
    await admin.client.reloadConfig();
    assert.equal((await getConfig()).TeamSettings.SiteName, 'Hand edited');
    assert.equal((await getConfig()).ServiceSettings.SiteURL, 'https://chat.example.org');

    const bad = structuredClone(good);
    bad.TeamSettings.SiteName = 'Never seen';
    bad.PasswordSettings.MinimumLength = 1;
    await writeFile(t.configPath, JSON.stringify(bad, null, 2));
    const e = await expectAppError(admin.client.reloadConfig(), 400);
    assert.match(e.message, /PasswordSettings\.MinimumLength/);
    await writeFile(t.configPath, '{"TeamSettings": ');
    await expectAppError(admin.client.reloadConfig(), 400);
    const running = await getConfig();
    assert.equal(running.TeamSettings.SiteName, 'Hand edited');
    assert.equal(running.PasswordSettings.MinimumLength, 8);
    await writeFile(t.configPath, JSON.stringify(good, null, 2));
  });

  it('does not lose either of concurrent patches', async () => {
    const links = { TermsOfServiceLink: 'https://example.org/tos', PrivacyPolicyLink: 'https://example.org/privacy', AboutLink: 'https://example.org/about', HelpLink: 'https://example.org/help' };
    await Promise.all(Object.entries(links).map(([k, v]) => admin.client.patchConfig({ SupportSettings: { [k]: v } } as never)));
    const cfg = await getConfig();
    const file = await readFileConfig();
    for (const [k, v] of Object.entries(links)) {
      assert.equal(cfg.SupportSettings[k as keyof typeof links], v);
      assert.equal(file.SupportSettings[k as keyof typeof links], v);
    }
  });
});
