import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeBrowser, startWeb, signIn, makeUser, screenshot, pageErrors, type WebEnv, type TestUser } from './harness.ts';

describeBrowser('web client: System Console', () => {
  let env: WebEnv;
  let admin: TestUser;
  let member: TestUser;
  let leaver: TestUser;
  let teamName: string;

  before(async () => {
    // SiteURL comes from the environment, as the omnibus package sets it: the console must show it locked.
    env = await startWeb({}, { MM_SERVICESETTINGS_SITEURL: 'https://chat.example.org' });
    admin = await makeUser(env.server, { username: 'root' });
    member = await makeUser(env.server, { username: 'member' });
    leaver = await makeUser(env.server, { username: 'leaver' });
    const team = await admin.client.createTeam({ name: 'fribyte', display_name: 'Fribyte', type: 'O' } as never);
    await admin.client.addToTeam(team.id, member.user.id);
    teamName = team.name;
  });
  after(() => env?.close());

  it('edits the site name, which the page title and the login page then show', async () => {
    const { page, context } = await signIn(env, admin);
    await page.goto(`/${teamName}/channels/town-square`);
    await page.getByRole('button', { name: /account menu/i }).click();
    await page.getByRole('menuitem', { name: 'System Console' }).click();
    await page.waitForURL('**/admin_console/config/TeamSettings');
    const form = page.getByRole('form', { name: 'Site and teams' });
    await form.getByLabel('Site name').fill('Fribyte Prat');
    const channels = form.getByLabel(/Channels every new member joins/);
    await channels.fill('generelt\nadmis\n[drift] alt');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.waitForFunction(() => document.title === 'Fribyte Prat');
    const config = await admin.client.getConfig();
    assert.equal(config.TeamSettings.SiteName, 'Fribyte Prat');
    assert.deepEqual(config.TeamSettings.ExperimentalDefaultChannels, ['generelt', 'admis', '[drift] alt']);
    await screenshot(page, 'admin-site');

    // A value the server refuses: its message appears on the page, and nothing is saved.
    await form.getByLabel('Most members in a team').fill('-5');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('alert').waitFor();
    assert.equal((await admin.client.getConfig()).TeamSettings.MaxUsersPerTeam, 1000);

    const visitor = await env.browser.newContext({ baseURL: env.url });
    const login = await visitor.newPage();
    await login.goto('/login');
    await login.getByRole('heading', { name: 'Log in to Fribyte Prat' }).waitFor();
    assert.equal(await login.title(), 'Fribyte Prat');
    await visitor.close();
    assert.deepEqual(pageErrors(page), []);
    await context.close();
  });

  it('shows a key set by an MM_* variable as locked, naming the variable', async () => {
    const { page, context } = await signIn(env, admin);
    await page.goto('/admin_console/config/ServiceSettings');
    const siteUrl = page.getByLabel('Site URL');
    await siteUrl.waitFor();
    assert.equal(await siteUrl.isDisabled(), true);
    assert.equal(await siteUrl.inputValue(), 'https://chat.example.org');
    await page.getByText('Set by the environment variable MM_SERVICESETTINGS_SITEURL').waitFor();
    // The description is tied to the field, so a screen reader says why it cannot be edited.
    const describedBy = (await siteUrl.getAttribute('aria-describedby')) ?? '';
    const descriptions = await Promise.all(describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()));
    assert.ok(descriptions.some((d) => d?.includes('MM_SERVICESETTINGS_SITEURL')));
    // Other settings of the section are edited by the shape of their value: a boolean is a switch.
    await page.getByRole('switch', { name: 'EnableDeveloper' }).waitFor();
    await screenshot(page, 'admin-locked');
    assert.deepEqual(pageErrors(page), []);
    await context.close();
  });

  it('deactivates a user, who can then not log in', async () => {
    const { page, context } = await signIn(env, admin);
    await page.goto('/admin_console/user_management/users');
    const row = page.getByRole('listitem', { name: 'leaver' });
    await row.getByRole('button', { name: 'Deactivate leaver' }).click();
    await row.getByText('Deactivated').waitFor();
    await screenshot(page, 'admin-users');
    await page.getByRole('searchbox', { name: 'Search users' }).fill('memb');
    await page.getByRole('listitem', { name: 'member' }).waitFor();
    await page.getByRole('listitem', { name: 'leaver' }).waitFor({ state: 'detached' });

    const visitor = await env.browser.newContext({ baseURL: env.url });
    const login = await visitor.newPage();
    await login.goto('/login');
    await login.getByLabel('Email or username').fill('leaver');
    await login.getByLabel('Password').fill(leaver.password);
    await login.getByRole('button', { name: 'Log in' }).click();
    await login.getByRole('alert').waitFor();
    assert.match(login.url(), /\/login/);
    await visitor.close();
    assert.deepEqual(pageErrors(page), []);
    await context.close();
  });

  it('archives a team and restores it', async () => {
    const { page, context } = await signIn(env, admin);
    await page.goto('/admin_console/user_management/teams');
    const row = page.getByRole('listitem', { name: 'Fribyte' });
    await row.getByRole('button', { name: 'Archive Fribyte' }).click();
    await row.getByRole('button', { name: 'Yes, archive' }).click();
    await row.getByText('Archived').waitFor();
    assert.notEqual((await admin.client.getTeam((await admin.client.getTeamByName(teamName)).id)).delete_at, 0);
    await row.getByRole('button', { name: 'Restore Fribyte' }).click();
    await row.getByRole('button', { name: 'Archive Fribyte' }).waitFor();
    assert.equal((await admin.client.getTeamByName(teamName)).delete_at, 0);
    assert.deepEqual(pageErrors(page), []);
    await context.close();
  });

  it('looks right in the dark theme and at phone size', async () => {
    await admin.client.savePreferences(admin.user.id, [{ user_id: admin.user.id, category: 'theme', name: '', value: JSON.stringify({ type: 'Onyx' }) }]);
    const { page, context } = await signIn(env, admin);
    await page.goto('/admin_console/config/ServiceSettings');
    await page.getByLabel('Site URL').waitFor();
    await screenshot(page, 'admin-locked-dark');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/admin_console/config/TeamSettings');
    await page.getByLabel('Site name').waitFor();
    await screenshot(page, 'admin-site-phone');
    assert.deepEqual(pageErrors(page), []);
    await context.close();
  });

  it('purges the caches, after which a change made in the database by hand is seen', async () => {
    const square = await member.client.getChannelByName((await member.client.getTeamByName(teamName)).id, 'town-square');
    const post = await member.client.createPost({ channel_id: square.id, message: 'the backup runs at 02:00' } as never);
    const newest = async () => {
      const list = await member.client.getPosts(square.id, 0, 60);
      return list.posts[list.order[0]!]!.message;
    };
    assert.equal(await newest(), 'the backup runs at 02:00');
    // What an administrator fixing a row in the database does: the server hears nothing of it.
    await env.server.server.ctx.store.posts.update(post.id, { message: 'the backup runs at 03:00', update_at: Date.now() + 1000 });
    assert.equal(await newest(), 'the backup runs at 02:00', 'the page is still the one the server remembers');

    const { page, context } = await signIn(env, admin);
    await page.goto('/admin_console/config/ServiceSettings');
    const panel = page.getByRole('region', { name: 'Purge all caches' });
    await panel.getByRole('button', { name: 'Purge all caches' }).click();
    await panel.getByRole('status').filter({ hasText: 'Caches purged.' }).waitFor();
    assert.equal(await newest(), 'the backup runs at 03:00');
    await screenshot(page, 'admin-purge');
    assert.deepEqual(pageErrors(page), []);
    await context.close();
  });

  it('sends someone who is not a system admin away from /admin_console', async () => {
    const { page, context } = await signIn(env, member);
    await page.goto('/admin_console/config/TeamSettings');
    await page.waitForURL((u) => !u.pathname.startsWith('/admin_console'));
    await page.getByRole('button', { name: /account menu/i }).click();
    assert.equal(await page.getByRole('menuitem', { name: 'System Console' }).count(), 0);
    assert.deepEqual(pageErrors(page), []);
    await context.close();
  });
});
