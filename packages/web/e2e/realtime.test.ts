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

  it('after a dropped connection the history scrolled back to stays, with the place kept; one the server cannot resume catches up too', async () => {
    const team = await kari.client.getTeamByName(teamName);
    const c = await kari.client.createChannel({ team_id: team.id, name: 'longread', display_name: 'Longread', type: 'O' } as never);
    await kari.client.addToChannel(ola.user.id, c.id);
    const ids: string[] = [];
    for (let i = 1; i <= 150; i++) ids.push((await kari.client.createPost({ channel_id: c.id, message: `Old news ${i}` } as never)).id);
    const o = await signIn(env, ola);
    // Keep hold of the page's WebSockets; with __forget set, a new one asks to resume a connection the server never
    // had, as after a server restart.
    await o.page.addInitScript(
      "window.__sockets = []; const Native = window.WebSocket; window.WebSocket = class extends Native { constructor(url, ...a) { super(window.__forget ? String(url).replace(/connection_id=[^&]*/, 'connection_id=gone') : url, ...a); window.__sockets.push(this); } };",
    );
    await o.page.clock.install();
    await o.page.goto(`/${teamName}/channels/longread`);
    const message = (text: string) => o.page.locator('.post-message').getByText(text, { exact: true });
    await message('Old news 150').waitFor();
    await o.page.waitForFunction('window.__sockets.some((s) => s.readyState === 1)');
    // Scroll back: the page before loads above.
    const list = o.page.locator('.post-list');
    await list.evaluate((el) => el.scrollTo({ top: 0 }));
    await message('Old news 90').waitFor();
    const topPost = () =>
      list.evaluate((el) => {
        const top = el.getBoundingClientRect().top;
        const first = [...el.querySelectorAll('article.post')].find((a) => a.getBoundingClientRect().bottom > top + 1);
        return first?.querySelector('.post-message')?.textContent?.trim();
      });
    const before = await topPost();
    assert.ok(before, 'a post is at the top of the view');
    const banner = o.page.getByRole('status').filter({ hasText: 'Connection lost' });
    const cut = async () => {
      await o.page.evaluate('window.__sockets.filter((s) => s.readyState === 1).forEach((s) => s.close())');
      await banner.waitFor();
    };

    await cut();
    await kari.client.createPost({ channel_id: c.id, message: 'Sent while Ola read old news' } as never);
    await o.page.clock.fastForward(6_000);
    await banner.waitFor({ state: 'detached' });
    // The new post waits below (Ola is scrolled up); what she was reading stays where it was.
    await o.page.getByRole('button', { name: 'New messages ↓' }).waitFor();
    await message('Old news 90').waitFor();
    assert.equal(await topPost(), before, 'the place is kept after the connection resumed');

    await o.page.evaluate('window.__forget = true');
    await cut();
    await kari.client.patchPost({ id: ids[99], message: 'Old news 100, corrected' } as never);
    await kari.client.deletePost(ids[119]!);
    await kari.client.createPost({ channel_id: c.id, message: 'Sent after the server forgot Ola' } as never);
    await o.page.clock.fastForward(6_000);
    await banner.waitFor({ state: 'detached' });
    // Nothing could be replayed: what changed is fetched and merged; the older pages stay loaded, the place kept.
    await o.page.locator(`article[data-post-id="${ids[99]}"]`, { hasText: 'Old news 100, corrected' }).getByText('(edited)').waitFor();
    await o.page.locator(`article[data-post-id="${ids[119]}"]`).getByText('(message deleted)').waitFor();
    await message('Old news 90').waitFor();
    assert.equal(await topPost(), before, 'the place is kept after catching up');
    await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await message('Sent after the server forgot Ola').waitFor();
    assert.equal(await message('Sent while Ola read old news').count(), 1, 'the message sent during the first drop shows once');
    assert.deepEqual(pageErrors(o.page), []);
    await o.context.close();
  });
});
