import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeBrowser, startWeb, signIn, makeUser, screenshot, pageErrors, type WebEnv, type TestUser } from './harness.ts';

// Presence of other people: the server tells only a user's own connections about their status (as Mattermost
// does), so the app refreshes the statuses of the people it shows every 30 s. The page's clock is driven by the
// test (playwright's clock), so no real time passes.
describeBrowser('web client: presence of other people updates without a reload', () => {
  let env: WebEnv;
  let ola: TestUser;
  let kari: TestUser;
  let teamName: string;

  before(async () => {
    env = await startWeb();
    ola = await makeUser(env.server, { username: 'ola' });
    kari = await makeUser(env.server, { username: 'kari' });
    const team = await ola.client.createTeam({ name: 'presence', display_name: 'Presence', type: 'O' } as never);
    await ola.client.addToTeam(team.id, kari.user.id);
    teamName = team.name;
    const square = await kari.client.getChannelByName(team.id, 'town-square');
    await kari.client.createPost({ channel_id: square.id, message: 'Kari was here' } as never);
  });
  after(() => env?.close());

  it("Kari going Do not disturb, then offline, shows on her avatar in Ola's open page", async () => {
    const o = await signIn(env, ola);
    await o.page.clock.install();
    await o.page.goto(`/${teamName}/channels/town-square`);
    const post = o.page.locator('.post', { hasText: 'Kari was here' });
    await post.waitFor();

    await kari.client.updateStatus({ user_id: kari.user.id, status: 'dnd' } as never);
    await o.page.clock.fastForward(30_000);
    await post.getByRole('img', { name: /: Do not disturb$/ }).waitFor();
    await screenshot(o.page, 'presence-dnd');

    await kari.client.updateStatus({ user_id: kari.user.id, status: 'offline' } as never);
    await o.page.clock.fastForward(30_000);
    await post.getByRole('img', { name: /: Offline$/ }).waitFor();
    assert.deepEqual(pageErrors(o.page), []);
    await o.context.close();
  });
});
