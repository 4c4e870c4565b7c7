import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeBrowser, startWeb, signIn, makeUser, screenshot, pageErrors, type WebEnv, type TestUser } from './harness.ts';

describeBrowser('web client: sign in and chat live', () => {
  let env: WebEnv;
  let alice: TestUser;
  let bob: TestUser;
  let teamName: string;

  before(async () => {
    env = await startWeb();
    alice = await makeUser(env.server, { username: 'alice' });
    bob = await makeUser(env.server, { username: 'bob' });
    const team = await alice.client.createTeam({ name: 'fribyte', display_name: 'Fribyte', type: 'O' } as never);
    await alice.client.addToTeam(team.id, bob.user.id);
    teamName = team.name;
  });
  after(() => env?.close());

  it('a signed-out visitor is sent to the login page, and comes back to the channel after logging in', async () => {
    const context = await env.browser.newContext({ baseURL: env.url });
    const page = await context.newPage();
    await page.goto(`/${teamName}/channels/off-topic`);
    await page.waitForURL(/\/login\?redirect_to=/);
    await screenshot(page, 'login');
    await page.getByLabel('Email or username').fill('alice');
    await page.getByLabel('Password').fill(alice.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`**/${teamName}/channels/off-topic`);
    await page.getByRole('heading', { name: 'Off-Topic' }).waitFor();
    await context.close();
  });

  it('a message posted by one user appears live for the other, rendered as Markdown', async () => {
    const a = await signIn(env, alice);
    const b = await signIn(env, bob);
    await a.page.goto(`/${teamName}/channels/town-square`);
    await b.page.goto(`/${teamName}/channels/town-square`);
    await b.page.getByRole('heading', { name: 'Town Square' }).waitFor();
    const box = a.page.getByRole('textbox', { name: /Write to Town Square/ });
    await box.fill('Hello **team**, @bob look');
    await box.press('Enter');
    const post = b.page.locator('.post', { hasText: 'Hello team' });
    await post.waitFor();
    assert.equal(await post.locator('strong').textContent(), 'team');
    assert.equal(await post.locator('.mention-me').textContent(), '@bob');
    assert.equal(await box.inputValue(), '', 'the composer is cleared after sending');
    await screenshot(b.page, 'channel');
    assert.deepEqual(pageErrors(a.page), []);
    assert.deepEqual(pageErrors(b.page), []);
    await a.context.close();
    await b.context.close();
  });
});
