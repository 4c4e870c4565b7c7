import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { describeBrowser, startWeb, signIn, makeUser, screenshot, pageErrors, type WebEnv, type TestUser } from './harness.ts';

/** Opens the account menu from the sidebar (the avatar button) and waits for it. */
async function openAccountMenu(page: Page, name: RegExp = /account menu|kontomeny/i) {
  await page.getByRole('button', { name }).click();
  const menu = page.getByRole('menu');
  await menu.waitFor();
  return menu;
}

describeBrowser('web client: account menu, profile, tokens, language, theme', () => {
  let env: WebEnv;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let erin: TestUser;
  let teamName: string;

  before(async () => {
    env = await startWeb();
    alice = await makeUser(env.server, { username: 'alice' });
    bob = await makeUser(env.server, { username: 'bob' });
    carol = await makeUser(env.server, { username: 'carol' });
    dave = await makeUser(env.server, { username: 'dave' });
    erin = await makeUser(env.server, { username: 'erin' });
    const team = await alice.client.createTeam({ name: 'fribyte', display_name: 'Fribyte', type: 'O' } as never);
    for (const u of [bob, carol, dave, erin]) await alice.client.addToTeam(team.id, u.user.id);
    teamName = team.name;
  });
  after(() => env?.close());

  it('creates a personal access token shown once, which works with Client4 until it is revoked in the UI', async () => {
    const { page, context } = await signIn(env, alice);
    await page.goto(`/${teamName}/channels/town-square`);
    const menu = await openAccountMenu(page);
    await screenshot(page, 'account-menu');
    await menu.getByRole('menuitem', { name: 'Security' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your account' });
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('tab', { name: 'Security' }).getAttribute('aria-selected'), 'true');

    await dialog.getByLabel('Token description').fill('mmctl on my laptop');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const secret = dialog.getByRole('textbox', { name: 'Access token' });
    await secret.waitFor();
    const token = await secret.inputValue();
    assert.match(token, /^[a-z0-9]{26}$/);
    await dialog.getByText('Copy the token now. It will not be shown again.').waitFor();
    await dialog.getByRole('button', { name: 'Copy' }).waitFor();
    await screenshot(page, 'account-token-created');

    const cli = env.server.client();
    cli.setToken(token);
    assert.equal((await cli.getMe()).username, 'alice');

    await dialog.getByRole('button', { name: 'Done, I have copied it' }).click();
    await dialog.getByRole('textbox', { name: 'Access token' }).waitFor({ state: 'detached' });
    assert.equal((await page.content()).includes(token), false, 'the token is gone from the page once the user is done');
    const row = dialog.getByRole('listitem').filter({ hasText: 'mmctl on my laptop' });
    await row.getByText('Active').waitFor();

    await row.getByRole('button', { name: 'Revoke token mmctl on my laptop' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await dialog.getByText('You have no personal access tokens.').waitFor();
    await assert.rejects(cli.getMe(), (err: { status_code?: number }) => err.status_code === 401);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-haspopup')), 'menu', 'focus returns to the account button');
    assert.deepEqual(pageErrors(page), []);
    await context.close();
  });

  it('switches to Norwegian at once, and the choice survives a reload', async () => {
    const { page, context } = await signIn(env, bob);
    await page.goto(`/${teamName}/channels/town-square`);
    const menu = await openAccountMenu(page);
    await menu.getByRole('menuitemradio', { name: 'Norsk (bokmål)' }).click();
    await menu.waitFor({ state: 'detached' });
    // Every visible string follows: the account button and the menu are Norwegian now.
    const again = await openAccountMenu(page, /^bob .*kontomeny$/i);
    await again.getByRole('menuitem', { name: 'Logg ut' }).waitFor();
    await again.getByRole('menuitem', { name: 'Profil' }).waitFor();
    assert.equal(await again.getByRole('menuitemradio', { name: 'Norsk (bokmål)' }).getAttribute('aria-checked'), 'true');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'nb');
    assert.equal((await bob.client.getMe()).locale, 'nb');
    await page.keyboard.press('Escape');

    await page.reload();
    const afterReload = await openAccountMenu(page, /^bob .*kontomeny$/i);
    await afterReload.getByRole('menuitem', { name: 'Sikkerhet' }).waitFor();
    await screenshot(page, 'account-menu-nb');
    assert.deepEqual(pageErrors(page), []);
    await context.close();
  });

  it('switches to the dark theme, which survives a reload', async () => {
    const { page, context } = await signIn(env, erin);
    await page.goto(`/${teamName}/channels/town-square`);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light', 'no preference: follows the (light) system setting');
    const menu = await openAccountMenu(page);
    await menu.getByRole('menuitemradio', { name: 'Dark' }).click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.reload();
    await page.getByRole('button', { name: /account menu/i }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const prefs = (await erin.client.getMyPreferences()) as unknown as { category: string; value?: string }[];
    assert.equal(JSON.parse(prefs.find((p) => p.category === 'theme')!.value!).type, 'Onyx');
    const darkMenu = await openAccountMenu(page);
    assert.equal(await darkMenu.getByRole('menuitemradio', { name: 'Dark' }).getAttribute('aria-checked'), 'true');
    await screenshot(page, 'account-menu-dark');
    await darkMenu.getByRole('menuitem', { name: 'Profile' }).click();
    await page.getByRole('dialog', { name: 'Your account' }).waitFor();
    await screenshot(page, 'account-profile-dark');
    assert.deepEqual(pageErrors(page), []);
    await context.close();
  });

  it('sets the status to Do not disturb, and another user sees it on the avatar', async () => {
    const c = await signIn(env, carol);
    await c.page.goto(`/${teamName}/channels/town-square`);
    const menu = await openAccountMenu(c.page);
    await menu.getByRole('menuitemradio', { name: 'Do not disturb' }).click();
    await c.page.getByRole('button', { name: /^carol do not disturb – account menu$/i }).waitFor();
    const townSquare = (await carol.client.getChannelByName((await carol.client.getTeamByName(teamName)).id, 'town-square')).id;
    await carol.client.createPost({ channel_id: townSquare, message: 'Heads down today' } as never);

    const d = await signIn(env, dave);
    await d.page.goto(`/${teamName}/channels/town-square`);
    const post = d.page.locator('.post', { hasText: 'Heads down today' });
    await post.getByRole('img', { name: /: Do not disturb$/ }).waitFor();
    assert.deepEqual(pageErrors(c.page), []);
    assert.deepEqual(pageErrors(d.page), []);
    await c.context.close();
    await d.context.close();
  });

  it('changes the nickname in the profile, shown at once in the account button', async () => {
    const { page, context } = await signIn(env, dave);
    await page.goto(`/${teamName}/channels/town-square`);
    const menu = await openAccountMenu(page);
    await menu.getByRole('menuitem', { name: 'Profile' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your account' });
    await dialog.getByLabel('Nickname').fill('Dave the Dugnad Hero');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    assert.equal((await dave.client.getMe()).nickname, 'Dave the Dugnad Hero');
    await screenshot(page, 'account-profile');

    // A wrong current password is refused by the server, and the message appears next to the form.
    await dialog.getByRole('tab', { name: 'Security' }).click();
    await dialog.getByLabel('Current password').fill('not-my-password');
    await dialog.getByLabel('New password', { exact: true }).fill('AnotherPassw0rd!');
    await dialog.getByLabel('New password again').fill('AnotherPassw0rd!');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByRole('alert').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: /^dave the dugnad hero .*account menu$/i }).waitFor();
    assert.deepEqual(pageErrors(page), []);
    await context.close();
  });

  it('is usable at phone size', async () => {
    const { page, context } = await signIn(env, alice, { viewport: { width: 390, height: 844 } });
    await page.goto(`/${teamName}/channels/town-square`);
    await page.getByRole('button', { name: 'Channels and teams' }).click();
    const menu = await openAccountMenu(page);
    await menu.getByRole('menuitem', { name: 'Profile' }).click();
    await page.getByRole('dialog', { name: 'Your account' }).waitFor();
    await screenshot(page, 'account-profile-phone');
    assert.deepEqual(pageErrors(page), []);
    await context.close();
  });
});

describeBrowser('web client: first run', () => {
  let env: WebEnv;
  before(async () => {
    env = await startWeb();
  });
  after(() => env?.close());

  it('the first person signs up, lands in the first-run flow and creates the team', async () => {
    const context = await env.browser.newContext({ baseURL: env.url, locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto('/login');
    await page.getByRole('link', { name: 'Create one now' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByLabel('Email address').fill('first@example.org');
    await page.getByLabel('Username').fill('first');
    await page.getByLabel('Password').fill('Passw0rd!long');
    await screenshot(page, 'account-signup');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Create a team' }).waitFor();
    await page.getByText('Welcome to Prat! Start by creating a team for your group.').waitFor();
    await page.getByLabel('Team name').fill('Fribyte Drift');
    assert.equal(await page.getByLabel('Team URL').inputValue(), 'fribyte-drift');
    await screenshot(page, 'account-first-run');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.waitForURL('**/fribyte-drift/channels/town-square');
    // The first user is the system admin: the account menu offers the System Console.
    await page.getByRole('button', { name: /^first.*account menu$/i }).click();
    await page.getByRole('menuitem', { name: 'System Console' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});
