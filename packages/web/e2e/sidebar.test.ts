// The sidebar, channel header, team menu and their dialogs, in a real Chromium with two users side by side.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { describeBrowser, startWeb, signIn, makeUser, screenshot, pageErrors, type WebEnv, type TestUser, type UserPage } from './harness.ts';

describeBrowser('web client: sidebar, channels and header', () => {
  let env: WebEnv;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let team: { id: string; name: string };
  let a: UserPage;
  let b: UserPage;

  const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Channels' });
  const link = (page: Page, name: string | RegExp) => sidebar(page).getByRole('link', { name });
  const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
  const goTo = async (page: Page, channel: string, title: string) => {
    await page.goto(`/${team.name}/channels/${channel}`);
    await heading(page, title).waitFor();
  };

  before(async () => {
    env = await startWeb();
    alice = await makeUser(env.server, { username: 'alice' });
    bob = await makeUser(env.server, { username: 'bob', first_name: 'Bob', last_name: 'Builder' });
    carol = await makeUser(env.server, { username: 'carol' });
    const created = await alice.client.createTeam({ name: 'fribyte', display_name: 'Fribyte', type: 'O' } as never);
    team = { id: created.id, name: created.name };
    await alice.client.addToTeam(team.id, bob.user.id);
    await alice.client.addToTeam(team.id, carol.user.id);
    const other = await alice.client.createTeam({ name: 'drift', display_name: 'Drift', type: 'O', allow_open_invite: true } as never);
    await alice.client.addToTeam(other.id, bob.user.id);
    a = await signIn(env, alice);
    b = await signIn(env, bob);
  });
  after(async () => {
    if (a) assert.deepEqual(pageErrors(a.page), []);
    if (b) assert.deepEqual(pageErrors(b.page), []);
    await env?.close();
  });

  it('a post makes the channel bold for the other user live, and a mention adds a badge and a tab title count', async () => {
    await goTo(a.page, 'town-square', 'Town Square');
    await goTo(b.page, 'town-square', 'Town Square');
    await goTo(b.page, 'off-topic', 'Off-Topic');
    await link(b.page, /^Town Square$/).waitFor();
    assert.match(await b.page.title(), /^Off-Topic - Fribyte /);

    const box = a.page.getByRole('textbox', { name: /Write to Town Square/ });
    await box.fill('Morning, all');
    await box.press('Enter');
    const unread = link(b.page, /^Town Square, unread$/);
    await unread.waitFor();
    assert.match((await unread.getAttribute('class')) ?? '', /\bunread\b/);
    assert.match(await b.page.title(), /^\* Off-Topic - Fribyte /);

    await box.fill('@bob can you look at the backups?');
    await box.press('Enter');
    const mentioned = link(b.page, /^Town Square, unread, 1 mention$/);
    await mentioned.waitFor();
    assert.equal(await mentioned.locator('.badge').textContent(), '1');
    await b.page.waitForFunction(() => document.title.startsWith('(1) Off-Topic - Fribyte'));
    await screenshot(b.page, 'sidebar-unread');

    // Reading the channel clears both.
    await mentioned.click();
    await heading(b.page, 'Town Square').waitFor();
    await link(b.page, /^Town Square$/).waitFor();
    await b.page.waitForFunction(() => document.title === 'Town Square - Fribyte Prat');
  });

  it('creates a public channel with a handle preview, refuses a taken handle inline, and creates a private one', async () => {
    await a.page.getByRole('button', { name: 'Add channels' }).click();
    await a.page.getByRole('menuitem', { name: 'Create new channel' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Create a new channel' });
    await dialog.getByLabel('Name', { exact: true }).fill('[drift] Backups på Blåbær');
    assert.equal(await dialog.getByLabel('URL').inputValue(), 'drift-backups-pa-blabaer');
    await screenshot(a.page, 'sidebar-create-channel');
    await dialog.getByRole('button', { name: 'Create channel' }).click();
    await a.page.waitForURL(`**/${team.name}/channels/drift-backups-pa-blabaer`);
    await heading(a.page, '[drift] Backups på Blåbær').waitFor();
    await link(a.page, /^\[drift\] Backups på Blåbær/).waitFor();

    // The same handle again: the server's refusal shows beside the URL field.
    await a.page.getByRole('button', { name: 'Add channels' }).click();
    await a.page.getByRole('menuitem', { name: 'Create new channel' }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('[drift] backups på blåbær');
    await dialog.getByRole('button', { name: 'Create channel' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'already exists' }).waitFor();
    // Private, under a new handle.
    await dialog.getByLabel('URL').fill('secret-plans');
    await dialog.getByRole('radio', { name: /Private channel/ }).check();
    await dialog.getByRole('button', { name: 'Create channel' }).click();
    await a.page.waitForURL(`**/${team.name}/channels/secret-plans`);
    await dialog.waitFor({ state: 'detached' });
    const row = link(a.page, /^\[drift\] backups på blåbær/);
    await row.waitFor();
    assert.equal(await row.locator('svg rect').count(), 1, 'a private channel shows a lock');
  });

  it('renames and re-purposes a channel from the header menu; others see it live', async () => {
    await goTo(b.page, 'drift-backups-pa-blabaer', '[drift] Backups på Blåbær');
    await goTo(a.page, 'drift-backups-pa-blabaer', '[drift] Backups på Blåbær');
    await a.page.getByRole('button', { name: 'Channel menu: [drift] Backups på Blåbær' }).click();
    await a.page.getByRole('menuitem', { name: 'Rename channel' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Rename channel' });
    await dialog.getByLabel('Name').fill('[drift] Backups');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await heading(a.page, '[drift] Backups').waitFor();
    // Focus goes back to the menu button once the dialog closes.
    assert.equal(await a.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Channel menu: [drift] Backups');
    await heading(b.page, '[drift] Backups').waitFor();
    await link(b.page, /^\[drift\] Backups/).waitFor();

    await a.page.getByRole('button', { name: 'Channel menu: [drift] Backups' }).click();
    await a.page.getByRole('menuitem', { name: 'Edit channel purpose' }).click();
    await a.page.getByRole('dialog', { name: 'Edit purpose' }).getByLabel('Purpose (optional)').fill('Nightly **backup** reports');
    await a.page.getByRole('button', { name: 'Save' }).click();
    await b.page.locator('.channel-purpose strong', { hasText: 'backup' }).waitFor();
    assert.match((await b.page.getByLabel(/^\d+ members?$/).getAttribute('aria-label')) ?? '', /^2 members$/);
    await screenshot(b.page, 'sidebar-channel-header');
  });

  it('browses public channels and joins one', async () => {
    await b.page.getByRole('button', { name: 'Add channels' }).click();
    await b.page.getByRole('menuitem', { name: 'Browse channels' }).click();
    const dialog = b.page.getByRole('dialog', { name: 'Browse channels' });
    await alice.client.createChannel({ team_id: team.id, name: 'dugnad', display_name: 'Dugnad', type: 'O', purpose: 'Shared work days' } as never);
    // The list was loaded when the dialog opened: reopen to see the new channel.
    await b.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await b.page.getByRole('button', { name: 'Add channels' }).click();
    await b.page.getByRole('menuitem', { name: 'Browse channels' }).click();
    await dialog.getByRole('searchbox', { name: 'Search channels' }).fill('dug');
    await dialog.getByText('Shared work days').waitFor();
    await screenshot(b.page, 'sidebar-browse');
    await dialog.getByRole('button', { name: 'Join Dugnad' }).click();
    await b.page.waitForURL(`**/${team.name}/channels/dugnad`);
    await heading(b.page, 'Dugnad').waitFor();
    await link(b.page, /^Dugnad/).waitFor();
  });

  it('starts a direct message; the other person sees it appear with the sender’s name and status', async () => {
    await a.page.getByRole('button', { name: 'Write a direct message' }).first().click();
    const dialog = a.page.getByRole('dialog', { name: 'Direct messages' });
    await dialog.getByRole('combobox', { name: 'Search for people' }).fill('bo');
    await dialog.getByRole('option', { name: /bob/ }).waitFor();
    await dialog.getByRole('combobox', { name: 'Search for people' }).press('Enter');
    await dialog.getByRole('option', { name: /bob/, selected: true }).waitFor();
    await dialog.getByRole('button', { name: 'Go' }).click();
    await a.page.waitForURL(`**/${team.name}/messages/@bob`);
    await heading(a.page, 'bob').waitFor();
    const box = a.page.getByRole('textbox', { name: /Write to bob/ });
    await box.fill('Psst');
    await box.press('Enter');
    // The DM is named after the sender and tells their status; every direct message counts as a mention.
    await link(b.page, /^alice, (Online|Away|Offline), unread, 1 mention$/).waitFor();
  });

  it('Ctrl+K finds a channel by a fuzzy match, and Alt+Down moves to the next channel in the sidebar', async () => {
    await goTo(a.page, 'town-square', 'Town Square');
    await a.page.keyboard.press('Control+k');
    const dialog = a.page.getByRole('dialog', { name: 'Find a channel' });
    const input = dialog.getByRole('combobox', { name: 'Channel or person' });
    await input.fill('oftop');
    await dialog.getByRole('option', { name: /Off-Topic/, selected: true }).waitFor();
    await screenshot(a.page, 'sidebar-switcher');
    await input.press('Enter');
    await heading(a.page, 'Off-Topic').waitFor();
    await dialog.waitFor({ state: 'detached' });

    // Esc closes it without going anywhere.
    await a.page.keyboard.press('Control+k');
    await input.waitFor();
    await a.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    const names = await sidebar(a.page).locator('.sidebar-item-name').allTextContents();
    const next = names[(names.indexOf('Off-Topic') + 1) % names.length]!;
    await a.page.keyboard.press('Alt+ArrowDown');
    await heading(a.page, next).waitFor();
    await a.page.keyboard.press('Alt+ArrowUp');
    await heading(a.page, 'Off-Topic').waitFor();
  });

  it('mutes a channel (dimmed, no longer bold on new posts) and favourites one', async () => {
    await goTo(b.page, 'dugnad', 'Dugnad');
    await b.page.getByRole('button', { name: 'Options for Off-Topic' }).click();
    await b.page.getByRole('menuitem', { name: 'Mute channel' }).click();
    const muted = link(b.page, /^Off-Topic, muted$/);
    await muted.waitFor();
    await alice.client.createPost({ channel_id: (await alice.client.getChannelByName(team.id, 'off-topic')).id, message: 'quiet please' } as never);
    // Events arrive in order: once this one is on screen, the one before it has been handled.
    await alice.client.createPost({ channel_id: (await alice.client.getChannelByName(team.id, 'dugnad')).id, message: 'marker' } as never);
    await b.page.locator('.post', { hasText: 'marker' }).waitFor();
    assert.match((await muted.locator('..').getAttribute('class')) ?? '', /\bmuted\b/);
    assert.doesNotMatch((await muted.getAttribute('class')) ?? '', /\bunread\b/, 'a muted channel does not go bold');

    await b.page.getByRole('button', { name: 'Favourite', exact: true }).click();
    const favourites = sidebar(b.page).getByRole('region', { name: 'Favourites' });
    await favourites.getByRole('link', { name: /^Dugnad/ }).waitFor();
    assert.equal(await b.page.getByRole('button', { name: 'Favourite', exact: true }).getAttribute('aria-pressed'), 'true');
  });

  it('creates a custom category, moves a channel into it, and collapses it', async () => {
    await b.page.getByRole('button', { name: 'Add channels' }).click();
    await b.page.getByRole('menuitem', { name: 'Create new category' }).click();
    await b.page.getByRole('dialog', { name: 'Create a new category' }).getByLabel('Category name').fill('Drift');
    await b.page.getByRole('button', { name: 'Create', exact: true }).click();
    const drift = sidebar(b.page).getByRole('region', { name: 'Drift' });
    await drift.waitFor();
    await b.page.getByRole('button', { name: 'Options for [drift] Backups' }).click();
    await b.page.getByRole('group', { name: 'Move to' }).getByRole('menuitemradio', { name: 'Drift' }).click();
    await drift.getByRole('link', { name: /^\[drift\] Backups/ }).waitFor();
    await screenshot(b.page, 'sidebar-categories');
    await drift.getByRole('button', { name: 'Drift', exact: true }).click();
    assert.equal(await drift.getByRole('button', { name: 'Drift', exact: true }).getAttribute('aria-expanded'), 'false');
    await drift.getByRole('link').waitFor({ state: 'detached' });
    // Stored on the server: a reload keeps the category, its channel and its collapsed state.
    await b.page.reload();
    await heading(b.page, 'Dugnad').waitFor();
    assert.equal(await drift.getByRole('button', { name: 'Drift', exact: true }).getAttribute('aria-expanded'), 'false');
    await drift.getByRole('button', { name: 'Drift', exact: true }).click();
    await drift.getByRole('link', { name: /^\[drift\] Backups/ }).waitFor();
  });

  it('archives a channel: a read-only notice replaces the composer', async () => {
    await goTo(a.page, 'drift-backups-pa-blabaer', '[drift] Backups');
    await a.page.getByRole('button', { name: 'Channel menu: [drift] Backups' }).click();
    await a.page.getByRole('menuitem', { name: 'Archive channel' }).click();
    await a.page.getByRole('dialog', { name: 'Archive [drift] Backups?' }).getByRole('button', { name: 'Archive' }).click();
    await a.page.getByText('You are viewing an archived channel.').waitFor();
    assert.equal(await a.page.getByRole('textbox', { name: /Write to/ }).count(), 0);
  });

  it('the team menu lists the other team with its unread state and switches to it', async () => {
    await goTo(b.page, 'town-square', 'Town Square');
    const drift = await alice.client.getTeamByName('drift');
    const square = await alice.client.getChannelByName(drift.id, 'town-square');
    await alice.client.createPost({ channel_id: square.id, message: '@bob in the other team' } as never);
    const teamButton = b.page.getByRole('button', { name: 'Fribyte – team menu' });
    await b.page.getByRole('status').filter({ hasText: '1 mention in your other teams' }).waitFor();
    await teamButton.click();
    await b.page.getByRole('menuitem', { name: 'Drift (1 mention)' }).click();
    await b.page.waitForURL('**/drift/channels/**');
    await b.page.getByRole('button', { name: 'Drift – team menu' }).waitFor();
  });

  it('at phone size the sidebar is a drawer opened from the header', async () => {
    const phone = await signIn(env, carol, { viewport: { width: 390, height: 844 } });
    await goTo(phone.page, 'town-square', 'Town Square');
    assert.equal(await sidebar(phone.page).isVisible(), false);
    const toggle = phone.page.getByRole('button', { name: 'Channels and teams' });
    await toggle.click();
    await sidebar(phone.page).waitFor();
    await screenshot(phone.page, 'sidebar-phone');
    await phone.page.keyboard.press('Escape');
    await sidebar(phone.page).waitFor({ state: 'hidden' });
    await toggle.click();
    await link(phone.page, /^Off-Topic/).click();
    await heading(phone.page, 'Off-Topic').waitFor();
    await sidebar(phone.page).waitFor({ state: 'hidden' });
    await screenshot(phone.page, 'sidebar-phone-channel');
    assert.deepEqual(pageErrors(phone.page), []);
    await phone.context.close();
  });

  it('dark theme (the Mattermost theme preference) and Norwegian', async () => {
    await carol.client.savePreferences(carol.user.id, [{ user_id: carol.user.id, category: 'theme', name: '', value: JSON.stringify({ type: 'Onyx' }) }]);
    await carol.client.patchMe({ locale: 'nb' } as never);
    const c = await signIn(env, carol, { locale: 'nb-NO' });
    await c.page.goto(`/${team.name}/channels/town-square`);
    await c.page.getByRole('navigation', { name: 'Kanaler' }).getByRole('region', { name: 'Direktemeldinger' }).or(c.page.getByRole('navigation', { name: 'Kanaler' }).getByRole('region', { name: 'Kanaler' })).first().waitFor();
    assert.equal(await c.page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await screenshot(c.page, 'sidebar-dark');
    await c.page.keyboard.press('Control+k');
    await c.page.getByRole('dialog', { name: 'Finn en kanal' }).waitFor();
    await screenshot(c.page, 'sidebar-switcher-nb');
    assert.deepEqual(pageErrors(c.page), []);
    await c.context.close();
  });
});
