import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import type { Channel } from '@mattermost/types/channels';
import type { FileUploadResponse } from '@mattermost/types/files';
import type { Post } from '@mattermost/types/posts';
import { describeBrowser, startWeb, signIn, makeUser, screenshot, pageErrors, type WebEnv, type TestUser } from './harness.ts';

describeBrowser('web client: posts, threads, reactions, attachments', () => {
  let env: WebEnv;
  let alice: TestUser;
  let bob: TestUser;
  let teamId: string;
  const teamName = 'writers';

  before(async () => {
    env = await startWeb();
    alice = await makeUser(env.server, { username: 'alice' });
    bob = await makeUser(env.server, { username: 'bob' });
    const team = await alice.client.createTeam({ name: teamName, display_name: 'Writers', type: 'O' } as never);
    teamId = team.id;
    await alice.client.addToTeam(team.id, bob.user.id);
  });
  after(() => env?.close());

  /** A fresh public channel with alice and bob in it, so each test starts from a known list. */
  async function channel(name: string): Promise<Channel> {
    const c = await alice.client.createChannel({ team_id: teamId, name, display_name: name[0].toUpperCase() + name.slice(1), type: 'O' } as Channel);
    await alice.client.addToChannel(bob.user.id, c.id);
    return c;
  }
  const post = (who: TestUser, c: Channel, message: string, extra: Partial<Post> = {}) => who.client.createPost({ channel_id: c.id, message, ...extra } as Post);
  const open = async (page: Page, c: Channel) => {
    await page.goto(`/${teamName}/channels/${c.name}`);
    try {
      await page.getByRole('heading', { name: c.display_name }).waitFor({ timeout: 10000 });
    } catch (err) {
      await screenshot(page, `posts-debug-${c.name}`);
      throw err;
    }
  };
  /** The desktop-notification prompt (another area's) would cover the top of the screenshots. */
  const hideNotificationPrompt = async (page: Page) => {
    const notNow = page.getByRole('button', { name: 'Not now' });
    if (await notNow.isVisible()) await notNow.click();
  };
  const postEl = (page: Page, text: string) => page.locator('article.post', { hasText: text });
  /** A small picture (sky, sun, hills) as PNG bytes. */
  const png = (width: number, height: number) =>
    sharp(
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f6a55b"/><stop offset="1" stop-color="#6f3f8f"/></linearGradient></defs>` +
          `<rect width="100%" height="100%" fill="url(#s)"/><circle cx="${width * 0.65}" cy="${height * 0.55}" r="${height * 0.18}" fill="#ffe08a"/>` +
          `<path d="M0 ${height * 0.75} Q ${width * 0.3} ${height * 0.55} ${width * 0.6} ${height * 0.8} T ${width} ${height * 0.7} V ${height} H 0 Z" fill="#2d3b5e"/></svg>`,
      ),
    )
      .png()
      .toBuffer();
  async function upload(who: TestUser, c: Channel, name: string, data: Buffer | string, type: string) {
    const fd = new FormData();
    fd.append('channel_id', c.id);
    fd.append('files', new Blob([typeof data === 'string' ? data : Uint8Array.from(data)], { type }), name);
    return ((await who.client.uploadFile(fd)) as FileUploadResponse).file_infos[0]!;
  }

  it('a reply in the thread panel arrives live in the other user’s panel, and the root shows the reply count', async () => {
    const c = await channel('threads');
    await post(alice, c, 'Root of the thread');
    const a = await signIn(env, alice);
    const b = await signIn(env, bob);
    await open(a.page, c);
    await open(b.page, c);
    for (const page of [a.page, b.page]) {
      await postEl(page, 'Root of the thread').hover();
      await postEl(page, 'Root of the thread').getByRole('button', { name: 'Reply' }).click();
      await page.getByRole('complementary', { name: 'Thread' }).getByText('Root of the thread').waitFor();
    }
    const panelB = b.page.getByRole('complementary', { name: 'Thread' });
    const box = panelB.getByRole('textbox');
    await box.fill('First reply from **bob**');
    await box.press('Enter');
    const panelA = a.page.getByRole('complementary', { name: 'Thread' });
    await panelA.getByText('First reply from').waitFor();
    assert.equal(await panelA.locator('strong', { hasText: 'bob' }).count(), 1);
    await postEl(a.page, 'Root of the thread').getByRole('button', { name: '1 reply' }).waitFor();
    await screenshot(a.page, 'posts-thread');
    // Esc closes the panel.
    await panelA.getByRole('button', { name: 'Close panel' }).focus();
    await a.page.keyboard.press('Escape');
    await panelA.waitFor({ state: 'detached' });
    // The reply count opens the thread again.
    await postEl(a.page, 'Root of the thread').getByRole('button', { name: '1 reply' }).click();
    await panelA.getByText('First reply from').waitFor();
    assert.deepEqual(pageErrors(a.page), []);
    assert.deepEqual(pageErrors(b.page), []);
    await a.context.close();
    await b.context.close();
  });

  it('editing shows "(edited)" live to the other user, and deleting shows "(message deleted)"', async () => {
    const c = await channel('edits');
    await post(bob, c, 'Original text here');
    const a = await signIn(env, alice);
    const b = await signIn(env, bob);
    await open(a.page, c);
    await open(b.page, c);
    const mine = postEl(b.page, 'Original text here');
    // Keyboard: focus the post, tab to its actions, open the menu.
    await mine.focus();
    await mine.getByRole('button', { name: 'More actions' }).focus();
    await b.page.keyboard.press('Enter');
    await b.page.getByRole('menuitem', { name: 'Edit' }).waitFor();
    await b.page.keyboard.press('ArrowDown'); // Reply → Edit
    assert.equal(await b.page.evaluate(() => document.activeElement?.textContent), 'Edit');
    await b.page.keyboard.press('Enter');
    const editor = b.page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('Corrected text here');
    await editor.press('Enter');
    const seen = postEl(a.page, 'Corrected text here');
    await seen.getByText('(edited)').waitFor();
    assert.equal(await postEl(a.page, 'Original text here').count(), 0);

    // Others' posts offer no edit or delete.
    await postEl(a.page, 'Corrected text here').hover();
    await postEl(a.page, 'Corrected text here').getByRole('button', { name: 'More actions' }).click();
    assert.equal(await a.page.getByRole('menuitem', { name: 'Delete' }).count(), 0);
    await a.page.keyboard.press('Escape');
    await a.page.getByRole('menu').waitFor({ state: 'detached' });

    await postEl(b.page, 'Corrected text here').hover();
    await postEl(b.page, 'Corrected text here').getByRole('button', { name: 'More actions' }).click();
    await b.page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = b.page.getByRole('alertdialog', { name: 'Delete message' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await a.page.getByText('(message deleted)').waitFor();
    assert.equal(await a.page.getByText('Corrected text here').count(), 0);
    assert.deepEqual(pageErrors(a.page), []);
    assert.deepEqual(pageErrors(b.page), []);
    await a.context.close();
    await b.context.close();
  });

  it("my edited message's history lists its earlier versions, and Restore brings one back for everyone", async () => {
    const c = await channel('versions');
    const p = await post(bob, c, 'First wording of the plan');
    await bob.client.patchPost({ id: p.id, message: 'Second wording of the plan' } as Post);
    const a = await signIn(env, alice);
    const b = await signIn(env, bob);
    await open(a.page, c);
    await open(b.page, c);

    // Only the author is offered the history.
    await postEl(a.page, 'Second wording').hover();
    await postEl(a.page, 'Second wording').getByRole('button', { name: 'More actions' }).click();
    assert.equal(await a.page.getByRole('menuitem', { name: 'Edit history' }).count(), 0);
    await a.page.keyboard.press('Escape');

    await postEl(b.page, 'Second wording').hover();
    await postEl(b.page, 'Second wording').getByRole('button', { name: 'More actions' }).click();
    await b.page.getByRole('menuitem', { name: 'Edit history' }).click();
    const panel = b.page.getByRole('complementary', { name: 'Edit history' });
    await panel.getByRole('region', { name: 'Current version' }).getByText('Second wording of the plan').waitFor();
    const restore = panel.getByRole('button', { name: /^Restore the version of / });
    await restore.waitFor();
    assert.equal(await restore.count(), 1);
    await screenshot(b.page, 'posts-edit-history');
    await restore.click();

    // The restored text is the message for everyone, and the replaced one is now a version in turn.
    await postEl(a.page, 'First wording of the plan').getByText('(edited)').waitFor();
    await panel.getByRole('region', { name: 'Current version' }).getByText('First wording of the plan').waitFor();
    await panel.getByRole('listitem').filter({ hasText: 'Second wording of the plan' }).waitFor();
    assert.equal(await panel.getByRole('button', { name: /^Restore the version of / }).count(), 2);
    assert.deepEqual(pageErrors(a.page), []);
    assert.deepEqual(pageErrors(b.page), []);
    await a.context.close();
    await b.context.close();
  });

  it('a message shows as pending while it is sent, and as failed with Retry and Delete when sending fails', async () => {
    const c = await channel('flaky');
    const b = await signIn(env, bob);
    await open(b.page, c);
    const box = b.page.getByRole('textbox', { name: /Write to Flaky/ });
    // Hold the first send until we have seen the pending post; fail the second.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let calls = 0;
    await b.page.route('**/api/v4/posts', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      calls++;
      if (calls === 1) {
        await held;
        return route.continue();
      }
      return route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ id: 'x', message: 'boom', status_code: 500 }) });
    });
    await box.fill('Slow but sure');
    await box.press('Enter');
    const pending = b.page.locator('article.post-pending', { hasText: 'Slow but sure' });
    await pending.waitFor();
    assert.equal(await pending.getAttribute('aria-busy'), 'true');
    release();
    await b.page.locator('article.post:not(.post-pending)', { hasText: 'Slow but sure' }).waitFor();

    await box.fill('This one fails');
    await box.press('Enter');
    const failed = postEl(b.page, 'This one fails');
    await failed.getByRole('alert').getByText('This message was not sent.').waitFor();
    await b.page.unroute('**/api/v4/posts');
    await failed.getByRole('button', { name: 'Retry' }).click();
    await postEl(b.page, 'This one fails').getByRole('alert').waitFor({ state: 'detached' });
    await b.page.locator('article.post:not(.post-pending):not(.post-failed)', { hasText: 'This one fails' }).waitFor();
    assert.equal(await postEl(b.page, 'This one fails').count(), 1, 'the failed copy is gone');
    const onServer = await alice.client.getPosts(c.id);
    assert.deepEqual(
      onServer.order.map((id) => onServer.posts[id].message),
      ['This one fails', 'Slow but sure'],
    );
    assert.deepEqual(pageErrors(b.page), []);
    await b.context.close();
  });

  it('a reaction from the emoji picker shows live for the other user with its count; clicking the chip adds mine', async () => {
    const c = await channel('reactions');
    await post(alice, c, 'React to this please');
    const a = await signIn(env, alice);
    const b = await signIn(env, bob);
    await open(a.page, c);
    await open(b.page, c);
    const target = postEl(b.page, 'React to this please');
    await target.hover();
    await target.getByRole('button', { name: 'Add reaction' }).click();
    const picker = b.page.getByRole('dialog', { name: 'Choose an emoji' });
    await picker.getByRole('button', { name: ':+1:' }).first().waitFor();
    await screenshot(b.page, 'posts-emoji-picker');
    // Arrow keys move between emoji; Esc closes.
    await picker.getByRole('searchbox', { name: 'Search emoji' }).press('ArrowDown');
    await b.page.keyboard.press('ArrowRight');
    assert.match((await b.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) ?? '', /^:[a-z0-9_+-]+:$/);
    await b.page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    await target.hover();
    await target.getByRole('button', { name: 'Add reaction' }).click();
    await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('tada');
    await picker.getByRole('button', { name: ':tada:' }).click();

    const chip = postEl(a.page, 'React to this please').getByRole('button', { name: 'bob reacted with :tada:' });
    await chip.waitFor();
    // What shows (emoji and count); the chip's name is its visually hidden text.
    assert.equal((await chip.locator('[aria-hidden="true"]').allTextContents()).join('').replace(/\s/g, ''), '🎉1');
    assert.equal(await chip.getAttribute('aria-pressed'), 'false');
    await chip.click();
    const both = postEl(b.page, 'React to this please').getByRole('button', { name: /bob|You/ }).filter({ hasText: '2' });
    await both.waitFor();
    assert.equal(await both.locator('.visually-hidden').textContent(), 'You, alice reacted with :tada:');
    assert.equal(await postEl(a.page, 'React to this please').getByRole('button', { name: 'bob, You reacted with :tada:' }).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(pageErrors(a.page), []);
    assert.deepEqual(pageErrors(b.page), []);
    await a.context.close();
    await b.context.close();
  });

  it('an uploaded image shows its thumbnail and opens a preview with a download link; other files are download cards', async () => {
    const c = await channel('files');
    const image = await upload(alice, c, 'sunset.png', await png(640, 400), 'image/png');
    const text = await upload(alice, c, 'notes.txt', 'hello '.repeat(400), 'text/plain');
    await post(alice, c, 'Look at this', { file_ids: [image.id, text.id] });
    const b = await signIn(env, bob);
    await open(b.page, c);
    const thumb = b.page.getByRole('button', { name: 'Open preview of sunset.png' });
    await thumb.waitFor();
    await b.page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.post-image img');
      return Boolean(img && img.complete && img.naturalWidth > 0);
    });
    const card = b.page.getByRole('link', { name: 'Download notes.txt' });
    assert.match((await card.textContent()) ?? '', /notes\.txt.*TXT · 2\.3 kB/);
    await thumb.click();
    const dialog = b.page.getByRole('dialog', { name: 'Preview of sunset.png' });
    await dialog.waitFor();
    await b.page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.image-preview-img');
      return Boolean(img && img.complete && img.naturalWidth > 0);
    });
    assert.match((await dialog.getByRole('link', { name: 'Download' }).getAttribute('href')) ?? '', new RegExp(`/api/v4/files/${image.id}`));
    await screenshot(b.page, 'posts-image-preview');
    await b.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(pageErrors(b.page), []);
    await b.context.close();
  });

  it('a message with <script>, <img onerror> and a javascript: link shows the text and runs nothing', async () => {
    const c = await channel('safety');
    await post(alice, c, 'Careful: <script>window.__pwned=1</script> and <img src=x onerror="window.__pwned=1"> and [click](javascript:window.__pwned=1) end');
    const b = await signIn(env, bob);
    await open(b.page, c);
    const p = postEl(b.page, 'Careful:');
    await p.getByText('<script>window.__pwned=1</script>', { exact: false }).waitFor();
    assert.match((await p.locator('.post-message').textContent()) ?? '', /<img src=x onerror="window.__pwned=1">/);
    assert.equal(await p.locator('.post-message script, .post-message img, .post-message a').count(), 0);
    // Click right on the word that was a javascript: link (now plain text).
    const at = await p.locator('.post-message').evaluate((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent!.indexOf(' click ');
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(n, i + 1);
        range.setEnd(n, i + 6);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
      return null;
    });
    assert.ok(at, 'the link text is shown');
    await b.page.mouse.click(at.x, at.y);
    assert.equal(await b.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(pageErrors(b.page), []);
    await b.context.close();
  });

  it('a webhook-style post with Slack attachments renders the colour bar, title link and fields; unsafe links are dropped', async () => {
    const c = await channel('webhooks');
    await post(alice, c, 'Deploy report', {
      props: {
        attachments: [
          {
            color: '#2e8540',
            pretext: 'The **nightly** build',
            author_name: 'CI',
            title: 'Build 42 passed',
            title_link: 'https://ci.example.com/42',
            text: 'All tests _green_',
            fields: [
              { title: 'Branch', value: 'main', short: true },
              { title: 'Duration', value: '3m 12s', short: true },
              { title: 'Notes', value: 'Nothing to report', short: false },
            ],
            image_url: 'https://ci.example.com/chart.png',
            footer: 'ci.example.com',
          },
          { color: 'red; background: url(x)', title: 'Evil', title_link: 'javascript:window.__pwned=1', text: '<script>window.__pwned=1</script>' },
        ],
      },
    } as Partial<Post>);
    const b = await signIn(env, bob);
    await open(b.page, c);
    const att = b.page.getByRole('region', { name: 'Attachment: Build 42 passed' });
    await att.waitFor();
    assert.equal(await att.getByRole('link', { name: 'Build 42 passed' }).getAttribute('href'), 'https://ci.example.com/42');
    assert.equal(await att.locator('dt').allTextContents().then((x) => x.join('|')), 'Branch|Duration|Notes');
    assert.equal((await att.locator('dd').first().textContent())?.trim(), 'main');
    assert.equal(await att.locator('em').textContent(), 'green');
    assert.equal(await att.getByRole('link', { name: 'Image' }).getAttribute('href'), 'https://ci.example.com/chart.png');
    assert.equal(await b.page.locator('.slack-attachment img').count(), 0, 'no third-party image loads');
    assert.equal(await att.evaluate((el) => getComputedStyle(el).borderLeftColor), 'rgb(46, 133, 64)');
    const evil = b.page.getByRole('region', { name: 'Attachment: Evil' });
    assert.equal(await evil.getByRole('link').count(), 0);
    await evil.getByText('<script>window.__pwned=1</script>').waitFor();
    assert.equal(await b.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(pageErrors(b.page), []);
    await b.context.close();
  });

  it('shows a channel with mixed content: markdown, highlighted code, emoji, mentions, files, attachments, reactions — light, dark and phone-sized', async () => {
    const c = await channel('showcase');
    await post(alice, c, 'Good morning @bob :smile: — here is the plan:\n\n1. **Ship** the _release_\n2. ~~Break~~ nothing\n\n> Quote of the day');
    await post(alice, c, 'And the fix:\n```ts\nexport function add(a: number, b: number): number {\n  return a + b; // simple\n}\n```');
    const r = await post(bob, c, 'Looks good :+1:');
    await bob.client.addReaction(bob.user.id, r.id, 'tada');
    await alice.client.addReaction(alice.user.id, r.id, 'tada');
    await alice.client.addReaction(alice.user.id, r.id, 'heart');
    const image = await upload(bob, c, 'diagram.png', await png(300, 200), 'image/png');
    const pdf = await upload(bob, c, 'spec.pdf', '%PDF-1.4 '.repeat(300), 'application/pdf');
    await post(bob, c, 'Attaching the diagram and spec', { file_ids: [image.id, pdf.id] });
    await post(alice, c, '', { props: { attachments: [{ color: 'warning', title: 'Disk usage 85%', text: 'Server `db1` is filling up', fields: [{ title: 'Host', value: 'db1', short: true }, { title: 'Free', value: '15 GB', short: true }] }] } } as Partial<Post>);
    const b = await signIn(env, bob, { viewport: { width: 1280, height: 1000 } });
    await open(b.page, c);
    await hideNotificationPrompt(b.page);
    const code = postEl(b.page, 'And the fix');
    await code.locator('code.hljs .hljs-keyword').first().waitFor();
    assert.equal(await postEl(b.page, 'Good morning').locator('.emoji').first().textContent(), '😄');
    await b.page.getByRole('button', { name: 'Open preview of diagram.png' }).waitFor();
    // Consecutive posts of one author are grouped: the second of alice's first two has no name.
    assert.equal(await postEl(b.page, 'And the fix').locator('.post-author').count(), 0);
    assert.equal(await b.page.getByRole('heading', { name: 'Today' }).count(), 1);
    await b.page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.post-image img')].every((i) => i.complete && i.naturalWidth > 0));
    await screenshot(b.page, 'posts-channel');

    // The same in the dark theme (a user whose theme preference is dark).
    const dora = await makeUser(env.server, { username: 'dora' });
    await alice.client.addToTeam(teamId, dora.user.id);
    await alice.client.addToChannel(dora.user.id, c.id);
    await dora.client.savePreferences(dora.user.id, [{ user_id: dora.user.id, category: 'theme', name: '', value: JSON.stringify({ type: 'Onyx' }) }]);
    const dark = await signIn(env, dora, { viewport: { width: 1280, height: 1000 } });
    await open(dark.page, c);
    await hideNotificationPrompt(dark.page);
    await postEl(dark.page, 'And the fix').locator('code.hljs .hljs-keyword').first().waitFor();
    assert.equal(await dark.page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await dark.page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.post-image img')].every((i) => i.complete && i.naturalWidth > 0));
    await screenshot(dark.page, 'posts-channel-dark');
    assert.deepEqual(pageErrors(dark.page), []);
    await dark.context.close();

    const phone = await signIn(env, alice, { viewport: { width: 390, height: 844 } });
    await open(phone.page, c);
    await hideNotificationPrompt(phone.page);
    await postEl(phone.page, 'Looks good').click();
    await postEl(phone.page, 'Looks good').getByRole('button', { name: 'More actions' }).waitFor();
    await screenshot(phone.page, 'posts-phone');
    await postEl(phone.page, 'Looks good').getByRole('button', { name: 'Add reaction' }).first().click();
    const picker = phone.page.getByRole('dialog', { name: 'Choose an emoji' });
    await picker.getByRole('button', { name: ':rocket:' }).first().waitFor();
    await screenshot(phone.page, 'posts-phone-emoji');
    await phone.page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    await postEl(phone.page, 'Looks good').getByRole('button', { name: 'Reply' }).click();
    await phone.page.getByRole('complementary', { name: 'Thread' }).getByRole('textbox').waitFor();
    await screenshot(phone.page, 'posts-phone-thread');
    assert.deepEqual(pageErrors(b.page), []);
    assert.deepEqual(pageErrors(phone.page), []);
    await b.context.close();
    await phone.context.close();
  });

  it('marks where new messages start when a channel is opened, and pins show live', async () => {
    const c = await channel('unreads');
    await post(alice, c, 'Seen before');
    const b = await signIn(env, bob);
    await open(b.page, c);
    await postEl(b.page, 'Seen before').waitFor();
    await b.page.goto(`/${teamName}/channels/town-square`);
    await b.page.getByRole('heading', { name: 'Town Square' }).waitFor();
    const fresh = await post(alice, c, 'Arrived while away');
    await post(alice, c, 'Also new');
    await open(b.page, c);
    const line = b.page.getByRole('separator', { name: 'New messages' });
    await line.waitFor();
    // The line sits right before the first new post.
    const order = await b.page.locator('.post-list-row').evaluateAll((rows) => rows.map((r) => (r.querySelector('.new-messages-line') ? 'NEW' : (r.querySelector('.post-message')?.textContent ?? '')).trim()).filter(Boolean));
    assert.deepEqual(order, ['Seen before', 'NEW', 'Arrived while away', 'Also new']);

    await alice.client.pinPost(fresh.id);
    await postEl(b.page, 'Arrived while away').getByText('Pinned').waitFor();
    // The pinned panel lists it, and follows pins made elsewhere live.
    await b.page.getByRole('button', { name: 'Pinned messages' }).click();
    const pinned = b.page.getByRole('complementary', { name: 'Pinned messages' });
    await pinned.getByText('Arrived while away').waitFor();
    const seen = (await b.page.locator('article.post', { hasText: 'Seen before' }).first().getAttribute('data-post-id'))!;
    await alice.client.pinPost(seen);
    await pinned.getByText('Seen before').waitFor();
    await screenshot(b.page, 'posts-pinned');
    await alice.client.unpinPost(seen);
    await pinned.getByText('Seen before').waitFor({ state: 'detached' });
    await pinned.getByRole('button', { name: 'Close panel' }).click();
    await postEl(b.page, 'Arrived while away').hover();
    await postEl(b.page, 'Arrived while away').getByRole('button', { name: 'More actions' }).click();
    await b.page.getByRole('menuitem', { name: 'Unpin from channel' }).click();
    await postEl(b.page, 'Arrived while away').getByText('Pinned').waitFor({ state: 'detached' });
    assert.deepEqual(pageErrors(b.page), []);
    await b.context.close();
  });

  it('"Jump to unread" goes to the first unread post when it is further back than what is loaded', async () => {
    const c = await channel('backlog');
    await post(alice, c, 'Read long ago');
    const b = await signIn(env, bob);
    await open(b.page, c);
    await postEl(b.page, 'Read long ago').waitFor();
    await b.page.goto(`/${teamName}/channels/town-square`);
    await b.page.getByRole('heading', { name: 'Town Square' }).waitFor();
    for (let i = 1; i <= 130; i++) await post(alice, c, `Backlog ${i}`);
    await open(b.page, c);
    await b.page.locator('.post-message').getByText('Backlog 130', { exact: true }).waitFor();
    await b.page.getByRole('button', { name: 'Jump to unread ↑' }).click();
    const line = b.page.getByRole('separator', { name: 'New messages' });
    await line.waitFor();
    await b.page.locator('.post-message').getByText('Backlog 1', { exact: true }).waitFor();
    // The line comes into view (the list settles as rows are measured).
    await b.page.waitForFunction(() => {
      const l = document.querySelector('.new-messages-line')?.getBoundingClientRect();
      const f = document.querySelector('.post-list')?.getBoundingClientRect();
      return Boolean(l && f && l.top >= f.top && l.bottom <= f.bottom);
    });
    await screenshot(b.page, 'posts-jump-unread');
    await b.page.getByRole('button', { name: 'Jump to unread ↑' }).waitFor({ state: 'detached' });
    assert.deepEqual(pageErrors(b.page), []);
    await b.context.close();
  });

  it('speaks Norwegian: day separators, actions, reply counts and the emoji picker', async () => {
    const c = await channel('norsk');
    const kari = await makeUser(env.server, { username: 'kari', locale: 'nb' });
    await alice.client.addToTeam(teamId, kari.user.id);
    await alice.client.addToChannel(kari.user.id, c.id);
    const root = await post(alice, c, 'Hei, alle sammen');
    await post(bob, c, 'Svar her', { root_id: root.id });
    await post(bob, c, 'Og ett til', { root_id: root.id });
    const b = await signIn(env, kari, { locale: 'nb-NO' });
    await open(b.page, c);
    await b.page.getByRole('heading', { name: 'I dag' }).waitFor();
    const p = postEl(b.page, 'Hei, alle sammen');
    await p.getByRole('button', { name: '2 svar' }).waitFor();
    await p.hover();
    await p.getByRole('button', { name: 'Legg til reaksjon' }).click();
    const picker = b.page.getByRole('dialog', { name: 'Velg en emoji' });
    await picker.getByRole('searchbox', { name: 'Søk etter emoji' }).waitFor();
    // The search has focus: typing filters at once.
    await b.page.keyboard.type('zzzzqq');
    await picker.getByText('Ingen emoji passer til «zzzzqq»').waitFor();
    await b.page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    await p.getByRole('button', { name: 'Flere handlinger' }).click();
    await b.page.getByRole('menuitem', { name: 'Kopier lenke' }).click();
    await p.getByText('Lenken er kopiert').waitFor();
    assert.deepEqual(pageErrors(b.page), []);
    await b.context.close();
  });

  it('when older messages cannot be loaded the list says so, and Retry loads them', async () => {
    const c = await channel('unreliable');
    for (let i = 1; i <= 70; i++) await post(alice, c, `Flaky ${i}`);
    const b = await signIn(env, bob);
    // The first request for older posts fails as a dropped network would; later ones go through.
    let failures = 0;
    await b.page.route(
      (url) => url.pathname.endsWith('/posts') && url.searchParams.has('before'),
      (route) => (failures++ === 0 ? route.abort('connectionreset') : route.continue()),
    );
    await open(b.page, c);
    const message = (text: string) => b.page.locator('.post-message').getByText(text, { exact: true });
    await message('Flaky 70').waitFor();
    await b.page.locator('.post-list').evaluate((el) => el.scrollTo({ top: 0 }));
    const alert = b.page.getByRole('alert').filter({ hasText: 'Messages could not be loaded.' });
    await alert.waitFor();
    assert.equal(await message('Flaky 10').count(), 0);
    await screenshot(b.page, 'posts-load-failed');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await message('Flaky 10').waitFor();
    await alert.waitFor({ state: 'detached' });
    assert.equal(failures, 2, 'one failed request, one retry');
    assert.deepEqual(pageErrors(b.page), []);
    await b.context.close();
  });

  it('when newer messages cannot be loaded below a permalink the list says so at the bottom, and Retry loads them', async () => {
    const c = await channel('unreliable-newer');
    const ids: string[] = [];
    for (let i = 1; i <= 150; i++) ids.push((await post(alice, c, `Later ${i}`)).id);
    const b = await signIn(env, bob);
    // The permalink's own page after its post goes through; the next one (scrolling down) fails once.
    let afters = 0;
    await b.page.route(
      (url) => url.pathname.endsWith('/posts') && url.searchParams.has('after'),
      (route) => (afters++ === 1 ? route.abort('connectionreset') : route.continue()),
    );
    await b.page.goto(`/${teamName}/pl/${ids[4]}`);
    const message = (text: string) => b.page.locator('.post-message').getByText(text, { exact: true });
    await b.page.locator('article.post-highlight').waitFor();
    await b.page.locator('.post-list').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    const alert = b.page.getByRole('alert').filter({ hasText: 'Messages could not be loaded.' });
    await alert.waitFor();
    await message('Later 65').waitFor();
    assert.equal(await message('Later 66').count(), 0);
    await screenshot(b.page, 'posts-load-newer-failed');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await message('Later 66').waitFor();
    await alert.waitFor({ state: 'detached' });
    assert.ok(afters >= 3, `the permalink's page, one failed request, one retry (${afters} requests)`);
    assert.deepEqual(pageErrors(b.page), []);
    await b.context.close();
  });

  it('a long channel loads older posts when scrolled up, keeping the place; a permalink highlights its post after reload', async () => {
    const c = await channel('history');
    const ids: string[] = [];
    for (let i = 1; i <= 300; i++) ids.push((await post(alice, c, `Long message ${i}`)).id);
    const b = await signIn(env, bob);
    // What the page asked for and when, printed if a page of posts never shows (to tell "not asked" from "not shown").
    const t0 = Date.now();
    const trail: string[] = [];
    b.page.on('requestfinished', (r) => {
      if (/\/channels\/[^/]+\/posts\?/.test(r.url())) trail.push(`${Date.now() - t0} ms ${r.url().replace(/^.*\/posts\?/, '')}`);
    });
    b.page.on('console', (m) => trail.push(`${Date.now() - t0} ms console ${m.text().slice(0, 200)}`));
    b.page.on('framenavigated', (f) => f === b.page.mainFrame() && trail.push(`${Date.now() - t0} ms navigated ${f.url()}`));
    // Each list element (numbered, to see a remount) and where its scroll events left it.
    await b.page.addInitScript(() => {
      const w = window as unknown as { __scrolls: string[] };
      w.__scrolls = [];
      let lists = 0;
      document.addEventListener(
        'scroll',
        (e) => {
          const el = e.target as HTMLElement & { __n?: number };
          if (!el.classList?.contains('post-list')) return;
          el.__n ??= ++lists;
          w.__scrolls.push(`${Math.round(performance.now())} list#${el.__n} top ${el.scrollTop} of ${el.scrollHeight - el.clientHeight}`);
          if (w.__scrolls.length > 400) w.__scrolls.splice(0, 100);
        },
        true,
      );
    });
    await open(b.page, c);
    await postEl(b.page, 'Long message 300').waitFor();
    // Virtualised: far fewer post elements than posts.
    assert.ok((await b.page.locator('article.post').count()) < 60);
    const list = b.page.locator('.post-list');
    const message = (n: number) => b.page.locator('.post-message').getByText(`Long message ${n}`, { exact: true });
    const shows = async (n: number) => {
      try {
        await message(n).waitFor();
      } catch (err) {
        const view = await list.evaluate((el) => {
          const shown = [...el.querySelectorAll('.post-message')].map((m) => m.textContent?.trim());
          return { scrollTop: el.scrollTop, scrollHeight: el.scrollHeight, clientHeight: el.clientHeight, first: shown[0], last: shown.at(-1) };
        });
        const scrolls = await b.page.evaluate(() => (window as unknown as { __scrolls: string[] }).__scrolls.slice(-60));
        console.log(`# Long message ${n} never showed after ${Date.now() - t0} ms; list ${JSON.stringify(view)}; requests:\n# ${trail.join('\n# ')}`);
        console.log(`# page time now ${await b.page.evaluate(() => Math.round(performance.now()))}; scroll events:\n# ${scrolls.join('\n# ')}`);
        throw err;
      }
    };
    for (const newest of [240, 180, 120, 60]) {
      await list.evaluate((el) => el.scrollTo({ top: 0 }));
      // The page before arrives above the reader's place: the post just above the old top is there, and the
      // list did not jump to the very top of what is loaded now.
      await shows(newest);
      await shows(newest + 1);
      assert.ok((await list.evaluate((el) => el.scrollTop)) > 300, 'the place is kept');
    }
    await list.evaluate((el) => el.scrollTo({ top: 0 }));
    await b.page.getByText('This is the start of History.').waitFor();
    await message(1).waitFor();
    // Scrolled up, a new post does not move the list; a button offers to go down to it.
    await post(alice, c, 'Long message 301');
    await b.page.getByRole('button', { name: 'New messages ↓' }).click();
    await message(301).waitFor();
    await b.page.getByRole('button', { name: 'New messages ↓' }).waitFor({ state: 'detached' });
    // At the bottom, new posts simply appear.
    await post(alice, c, 'Long message 302');
    await message(302).waitFor();
    const last = await message(302).boundingBox();
    const frame = await list.boundingBox();
    assert.ok(last && frame && last.y + last.height <= frame.y + frame.height + 1, 'the newest post is in view');

    const target = ids[149]!; // "Long message 150"
    await b.page.goto(`/${teamName}/pl/${target}`);
    const highlighted = b.page.locator('article.post-highlight');
    await highlighted.waitFor();
    assert.match((await highlighted.textContent()) ?? '', /Long message 150\b/);
    await b.page.reload();
    await highlighted.waitFor();
    assert.match((await highlighted.textContent()) ?? '', /Long message 150\b/);
    const box = await highlighted.boundingBox();
    const view = await list.boundingBox();
    assert.ok(box && view && box.y >= view.y && box.y + box.height <= view.y + view.height, 'the highlighted post is in view');

    // From the permalink (150 posts back), scrolling down loads the newer pages until the newest post; a post
    // arriving meanwhile waits past the gap instead of appearing out of place.
    await post(alice, c, 'Long message 303');
    await b.page.getByRole('button', { name: 'Jump to recent messages ↓' }).waitFor();
    assert.equal(await message(303).count(), 0, 'the new post is not shown next to old ones');
    for (const n of [211, 271, 303]) {
      await list.evaluate((el: HTMLElement & { __n?: number }) => {
        (window as unknown as { __scrolls: string[] }).__scrolls.push(`${Math.round(performance.now())} test scrolls list#${el.__n} from ${el.scrollTop}`);
        el.scrollTo({ top: el.scrollHeight });
      });
      await shows(n);
    }
    await b.page.getByRole('button', { name: 'Jump to recent messages ↓' }).waitFor({ state: 'detached' });
    assert.equal(await message(303).count(), 1, 'the newest post once');
    assert.deepEqual(pageErrors(b.page), []);
    await b.context.close();
  });

  it('a scroll made just as a message arrives stays where the reader put it', async () => {
    const c = await channel('moving');
    const posts: Post[] = [];
    for (let i = 1; i <= 50; i++) posts.push(await post(alice, c, `Moving ${i}`));
    const b = await signIn(env, bob);
    // The browser tells the page of a scroll with the next frame; a socket message can be handled first. To make
    // that order certain, the page scrolls at the very start of the next socket message's handler.
    await b.page.addInitScript({
      content: `{
        const d = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
        Object.defineProperty(WebSocket.prototype, 'onmessage', {
          configurable: true,
          get: function () { return d.get.call(this); },
          set: function (handler) {
            d.set.call(this, handler && function (ev) {
              const before = window.__beforeMessage;
              window.__beforeMessage = null;
              if (before) before();
              return handler.call(this, ev);
            });
          },
        });
      }`,
    });
    await open(b.page, c);
    const message = (text: string) => b.page.locator('.post-message').getByText(text, { exact: true });
    await message('Moving 50').waitFor();
    const list = b.page.locator('.post-list');
    const frames = () => b.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    // The reader scrolls up a little (seen by the list), then scrolls again just as an edit arrives.
    await list.evaluate((el) => el.scrollTo({ top: 300 }));
    await frames();
    await list.evaluate((el) => {
      (window as unknown as { __beforeMessage: () => void }).__beforeMessage = () => el.scrollTo({ top: 100 });
    });
    await alice.client.patchPost({ id: posts[9]!.id, message: 'Moving 10, edited' } as Post);
    await postEl(b.page, 'Moving 10, edited').waitFor();
    await frames();
    assert.equal(await b.page.evaluate(() => (window as unknown as { __beforeMessage: unknown }).__beforeMessage), null, 'the scroll was made');
    const top = await list.evaluate((el) => el.scrollTop);
    assert.ok(Math.abs(top - 100) <= 2, `the list stays where the reader scrolled it (100), not where it was (300): ${top}`);
    assert.deepEqual(pageErrors(b.page), []);
    await b.context.close();
  });
});
