import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeBrowser, startWeb, signIn, makeUser, screenshot, pageErrors, type WebEnv, type TestUser } from './harness.ts';

// Presence of other people: the server tells only a user's own connections about their status (as Mattermost
// does), so the app refreshes the statuses of the people it shows every 30 s. The page's clock is driven by the
// test (playwright's clock), so no real time passes.
describeBrowser('web client: presence, and reconnecting without losing messages', () => {
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

  it('a dropped connection is shown, resumes by itself, and the messages sent meanwhile arrive once', async () => {
    const o = await signIn(env, ola);
    // Keep hold of the page's WebSockets so the test can cut the live one, as a network drop would.
    await o.page.addInitScript(
      'window.__sockets = []; const Native = window.WebSocket; window.WebSocket = class extends Native { constructor(...a) { super(...a); window.__sockets.push(this); } };',
    );
    await o.page.clock.install();
    await o.page.goto(`/${teamName}/channels/town-square`);
    await o.page.locator('.post', { hasText: 'Kari was here' }).waitFor();
    await o.page.waitForFunction('window.__sockets.some((s) => s.readyState === 1)');

    await o.page.evaluate('window.__sockets.filter((s) => s.readyState === 1).forEach((s) => s.close())');
    const banner = o.page.getByRole('status').filter({ hasText: 'Connection lost' });
    await banner.waitFor();
    await screenshot(o.page, 'realtime-disconnected');

    const square = await kari.client.getChannelByName((await kari.client.getTeamByName(teamName)).id, 'town-square');
    await kari.client.createPost({ channel_id: square.id, message: 'Sent while Ola was away' } as never);
    // The client retries after 3–5 s; move the page's clock past that.
    await o.page.clock.fastForward(6_000);
    const missed = o.page.locator('.post', { hasText: 'Sent while Ola was away' });
    await missed.waitFor();
    await banner.waitFor({ state: 'detached' });
    assert.equal(await missed.count(), 1, 'the missed message shows exactly once');
    assert.deepEqual(pageErrors(o.page), []);
    await o.context.close();
  });
});
