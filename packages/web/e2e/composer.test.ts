import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describeBrowser, startWeb, signIn, makeUser, screenshot, pageErrors, type WebEnv, type TestUser } from './harness.ts';

// The composer (autocomplete, attachments, drafts, typing, @channel confirmation), search, and desktop
// notifications, driven as a person would in a real Chromium against a real server.

const MAX_FILE_SIZE = 200_000;


describeBrowser('web client: composer, search and notifications', () => {
  let env: WebEnv;
  let alice: TestUser;
  let bob: TestUser;
  let teamName: string;
  let png: Buffer;

  before(async () => {
    // A real image, so the server makes a thumbnail of it.
    png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2f64d6' } }).png().toBuffer();
    env = await startWeb({ FileSettings: { MaxFileSize: MAX_FILE_SIZE } });
    alice = await makeUser(env.server, { username: 'alice' });
    bob = await makeUser(env.server, { username: 'bob', first_name: 'Bob', last_name: 'Builder' });
    const team = await alice.client.createTeam({ name: 'fribyte', display_name: 'Fribyte', type: 'O' } as never);
    teamName = team.name;
    await alice.client.addToTeam(team.id, bob.user.id);
    // Six members in Town Square: @channel there asks first.
    for (const name of ['kari', 'ola', 'per', 'siri']) {
      const u = await makeUser(env.server, { username: name });
      await alice.client.addToTeam(team.id, u.user.id);
    }
  });
  after(() => env?.close());

  const composer = (page: Page, channel = 'Town Square') => page.getByRole('textbox', { name: `Write to ${channel}` });

  async function openChannel(page: Page, handle: string, title: string) {
    await page.goto(`/${teamName}/channels/${handle}`);
    await page.getByRole('heading', { name: title }).waitFor();
  }

  it('autocompletes @people, ~channels and :emoji: from the keyboard', async () => {
    const a = await signIn(env, alice);
    await openChannel(a.page, 'town-square', 'Town Square');
    const box = composer(a.page);
    await box.click();
    await box.pressSequentially('Hi @bo');
    const list = a.page.getByRole('listbox', { name: 'Suggestions' });
    await list.getByRole('option', { name: /@bob/ }).waitFor();
    assert.equal(await a.page.getByRole('combobox').getAttribute('aria-expanded'), 'true');
    assert.match((await list.getByRole('option').first().textContent()) ?? '', /@bob.*Bob Builder/);
    await screenshot(a.page, 'composer-autocomplete');
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'Hi @bob ');
    await list.waitFor({ state: 'detached' });

    // Special mentions are offered too; Esc closes the list and keeps the text.
    await box.pressSequentially('@cha');
    await list.getByRole('option', { name: /@channel/ }).waitFor();
    await box.press('Escape');
    await list.waitFor({ state: 'detached' });
    assert.equal(await box.inputValue(), 'Hi @bob @cha');
    await box.fill('Hi @bob ');

    await box.pressSequentially('see ~off');
    await list.getByRole('option', { name: /Off-Topic/ }).waitFor();
    await box.press('Tab');
    assert.equal(await box.inputValue(), 'Hi @bob see ~off-topic ');

    // Emoji start after two characters; arrows move the selection.
    await box.pressSequentially(':t');
    assert.equal(await list.count(), 0, 'one character after : opens nothing');
    await box.pressSequentially('ad');
    const tada = list.getByRole('option', { name: ':tada:' });
    await tada.waitFor();
    const options = list.getByRole('option');
    const n = await options.count();
    let index = 0;
    for (let i = 0; i < n; i++) if ((await options.nth(i).textContent())?.includes(':tada:')) index = i;
    for (let i = 0; i < index; i++) await box.press('ArrowDown');
    assert.equal(await tada.getAttribute('aria-selected'), 'true');
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'Hi @bob see ~off-topic :tada: ');
    await box.press('Enter');
    const post = a.page.locator('.post', { hasText: 'Hi @bob see' });
    await post.waitFor();
    assert.match((await post.textContent()) ?? '', /🎉/);
    assert.equal(await box.inputValue(), '');

    // Up in the empty box edits the last message of mine.
    await box.press('ArrowUp');
    const editor = a.page.getByRole('textbox', { name: 'Edit message' });
    await editor.waitFor();
    assert.match(await editor.inputValue(), /Hi @bob see ~off-topic :tada:/);
    await editor.press('Escape');
    await editor.waitFor({ state: 'detached' });
    assert.deepEqual(pageErrors(a.page), []);
    await a.context.close();
  });

  it('uploads a file by the button with progress, sends it, and refuses one over MaxFileSize', async () => {
    const a = await signIn(env, alice);
    await openChannel(a.page, 'off-topic', 'Off-Topic');
    // Hold the upload's answer, so the chip can be seen while it is in flight.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await a.page.route('**/api/v4/files', async (route) => {
      await held;
      await route.continue();
    });
    const input = a.page.locator('input[type=file]');
    await input.setInputFiles([{ name: 'diagram.png', mimeType: 'image/png', buffer: png }]);
    const chips = a.page.getByRole('list', { name: 'Attachments' });
    const chip = chips.getByRole('listitem').filter({ hasText: 'diagram.png' });
    await chip.getByRole('progressbar', { name: 'Uploading diagram.png' }).waitFor();
    const send = a.page.getByRole('button', { name: 'Send' });
    assert.equal(await send.isDisabled(), true, 'no sending while a file uploads');
    await screenshot(a.page, 'composer-upload-progress');
    release();
    await chip.getByRole('progressbar').waitFor({ state: 'detached' });
    assert.equal(await chip.getAttribute('data-state'), 'done');
    await a.page.unroute('**/api/v4/files');

    await input.setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('minutes of the dugnad\n') }]);
    await chips.getByRole('listitem').filter({ hasText: 'notes.txt' }).and(a.page.locator('[data-state=done]')).waitFor();
    // One removed before sending is not sent.
    await input.setInputFiles([{ name: 'oops.txt', mimeType: 'text/plain', buffer: Buffer.from('wrong file') }]);
    await chips.getByRole('listitem').filter({ hasText: 'oops.txt' }).waitFor();
    await a.page.getByRole('button', { name: 'Remove oops.txt' }).click();
    await chips.getByRole('listitem').filter({ hasText: 'oops.txt' }).waitFor({ state: 'detached' });
    // Too large: said inline, nothing uploaded.
    await input.setInputFiles([{ name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(MAX_FILE_SIZE + 1) }]);
    const huge = chips.getByRole('listitem').filter({ hasText: 'huge.bin' });
    await huge.getByRole('alert').filter({ hasText: /huge\.bin is larger than the .* limit/ }).waitFor();
    await screenshot(a.page, 'composer-upload-attached');
    await a.page.getByRole('button', { name: 'Remove huge.bin' }).click();

    const box = composer(a.page, 'Off-Topic');
    await box.fill('the files from today');
    await box.press('Enter');
    const post = a.page.locator('.post', { hasText: 'the files from today' });
    await post.locator('img[alt="diagram.png"]').waitFor();
    await post.getByText('notes.txt').waitFor();
    assert.equal(await post.getByText('oops.txt').count(), 0);
    assert.equal(await chips.count(), 0, 'the attachments are cleared after sending');
    // Bob (another user) sees the files too, from the server.
    const posts = await bob.client.getPosts((await bob.client.getChannelByName((await bob.client.getTeamByName(teamName)).id, 'off-topic')).id);
    const sent = Object.values(posts.posts).find((p) => p.message === 'the files from today');
    assert.equal(sent?.file_ids?.length, 2);
    // The channel's files panel lists them.
    await a.page.getByRole('button', { name: 'Channel files' }).click();
    const files = a.page.getByRole('complementary', { name: 'Files in Off-Topic' });
    await files.getByRole('link', { name: 'Download notes.txt' }).waitFor();
    await files.getByRole('link', { name: 'Download diagram.png' }).waitFor();
    await screenshot(a.page, 'composer-channel-files');
    assert.deepEqual(pageErrors(a.page), []);
    await a.context.close();
  });

  it('attaches files dropped onto the channel and images pasted into the box', async () => {
    const a = await signIn(env, alice);
    await openChannel(a.page, 'off-topic', 'Off-Topic');
    const chips = a.page.getByRole('list', { name: 'Attachments' });
    // A drag carrying files shows the drop target over the channel; dropping attaches them.
    await a.page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['agenda for the dugnad'], 'agenda.txt', { type: 'text/plain' }));
      const target = document.querySelector('.post-list') ?? document.querySelector('main')!;
      target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
      (window as unknown as { __dt: DataTransfer }).__dt = dt;
    });
    await a.page.getByText('Drop files to attach them').waitFor();
    await a.page.evaluate(() => {
      const dt = (window as unknown as { __dt: DataTransfer }).__dt;
      const target = document.querySelector('.post-list') ?? document.querySelector('main')!;
      target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    });
    await a.page.getByText('Drop files to attach them').waitFor({ state: 'detached' });
    await chips.getByRole('listitem').filter({ hasText: 'agenda.txt' }).and(a.page.locator('[data-state=done]')).waitFor();

    // A pasted screenshot arrives as "image.png" and gets a name saying when it was pasted.
    const box = composer(a.page, 'Off-Topic');
    await box.focus();
    await a.page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: dt }));
    }, png.toString('base64'));
    const pasted = chips.getByRole('listitem').filter({ hasText: /^Image pasted at .*\.png/ });
    await pasted.and(a.page.locator('[data-state=done]')).waitFor();
    await box.fill('dropped and pasted');
    await box.press('Enter');
    const post = a.page.locator('.post', { hasText: 'dropped and pasted' });
    await post.getByText('agenda.txt').waitFor();
    await post.locator('img[alt^="Image pasted at"]').waitFor();
    assert.deepEqual(pageErrors(a.page), []);
    await a.context.close();
  });

  it('keeps a draft per channel when switching channels, and shows who is typing to the others', async () => {
    const a = await signIn(env, alice);
    const b = await signIn(env, bob);
    await openChannel(a.page, 'town-square', 'Town Square');
    await openChannel(b.page, 'town-square', 'Town Square');
    const box = composer(a.page);
    await box.click();
    await box.pressSequentially('half a thought');
    await b.page.getByText('alice is typing…').waitFor();

    await a.page.getByRole('link', { name: /Off-Topic/ }).first().click();
    await a.page.getByRole('heading', { name: 'Off-Topic' }).waitFor();
    assert.equal(await composer(a.page, 'Off-Topic').inputValue(), '');
    await composer(a.page, 'Off-Topic').fill('other draft');
    await a.page.getByRole('link', { name: /Town Square/ }).first().click();
    await a.page.getByRole('heading', { name: 'Town Square' }).waitFor();
    assert.equal(await composer(a.page).inputValue(), 'half a thought');
    // And after a reload.
    await a.page.reload();
    await a.page.getByRole('heading', { name: 'Town Square' }).waitFor();
    assert.equal(await composer(a.page).inputValue(), 'half a thought');
    await composer(a.page).fill('');
    await a.context.close();
    await b.context.close();
  });

  it('asks before @channel notifies a channel of more than five, naming the count', async () => {
    const a = await signIn(env, alice);
    await openChannel(a.page, 'town-square', 'Town Square');
    const box = composer(a.page);
    await box.fill('@channel meeting at ten');
    await box.press('Enter');
    const dialog = a.page.getByRole('alertdialog', { name: 'Notify 5 people?' });
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /By using @channel you are about to send notifications to 5 people/);
    await screenshot(a.page, 'composer-confirm-channel');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await box.inputValue(), '@channel meeting at ten');
    assert.equal(await a.page.locator('.post', { hasText: 'meeting at ten' }).count(), 0);

    await box.press('Enter');
    await dialog.getByRole('button', { name: 'Send anyway' }).click();
    await a.page.locator('.post', { hasText: 'meeting at ten' }).waitFor();
    assert.equal(await box.inputValue(), '');
    // A small channel does not ask.
    await openChannel(a.page, 'off-topic', 'Off-Topic');
    const team = await alice.client.getTeamByName(teamName);
    const small = await alice.client.createChannel({ team_id: team.id, name: 'dugnad', display_name: 'Dugnad', type: 'O' } as never);
    await openChannel(a.page, small.name, 'Dugnad');
    await composer(a.page, 'Dugnad').fill('@all come help');
    await composer(a.page, 'Dugnad').press('Enter');
    await a.page.locator('.post', { hasText: 'come help' }).waitFor();
    assert.equal(await a.page.getByRole('alertdialog').count(), 0);
    await a.context.close();
  });

  it('searches messages, highlights the match, and opens the permalink', async () => {
    const team = await bob.client.getTeamByName(teamName);
    const offTopic = await bob.client.getChannelByName(team.id, 'off-topic');
    const target = await bob.client.createPost({ channel_id: offTopic.id, message: 'The quokka migration is done' } as never);
    const a = await signIn(env, alice);
    await openChannel(a.page, 'town-square', 'Town Square');
    const search = a.page.getByRole('searchbox', { name: 'Search messages' });
    await a.page.keyboard.press('Control+Shift+F');
    assert.equal(await search.evaluate((el) => el === document.activeElement), true, 'Ctrl+Shift+F focuses the search box');
    await a.page.getByRole('group', { name: 'Search options' }).getByRole('button', { name: /from:/ }).waitFor();
    await search.fill('quokka');
    await search.press('Enter');
    const panel = a.page.getByRole('complementary', { name: 'Search results' });
    const result = panel.locator('.search-result', { hasText: 'migration is done' });
    await result.waitFor();
    assert.equal(await result.locator('mark').first().textContent(), 'quokka');
    assert.match((await result.textContent()) ?? '', /Off-Topic/);
    assert.match((await result.textContent()) ?? '', /bob/);
    await screenshot(a.page, 'composer-search');
    await result.locator('.search-result-message').click();
    await a.page.waitForURL(`**/${teamName}/pl/${target.id}`);
    await a.page.locator(`.post.post-highlight[data-post-id="${target.id}"]`).waitFor();
    await a.page.getByRole('heading', { name: 'Off-Topic' }).waitFor();

    // Nothing found says so.
    await search.fill('zebrafinch');
    await search.press('Enter');
    await panel.getByText('No results for “zebrafinch”.').waitFor();
    assert.deepEqual(pageErrors(a.page), []);
    await a.context.close();
  });

  it('works on a phone-sized screen: autocomplete above the box, search results over the channel', async () => {
    const a = await signIn(env, alice, { viewport: { width: 390, height: 844 } });
    await openChannel(a.page, 'town-square', 'Town Square');
    const box = composer(a.page);
    await box.click();
    await box.pressSequentially('@');
    const list = a.page.getByRole('listbox', { name: 'Suggestions' });
    await list.getByRole('option', { name: /@bob/ }).waitFor();
    const listBox = (await list.boundingBox())!;
    assert.ok(listBox.x >= 0 && listBox.x + listBox.width <= 390, 'the list fits the screen');
    await screenshot(a.page, 'composer-phone-autocomplete');
    await box.press('Escape');
    await box.fill('');
    const search = a.page.getByRole('searchbox', { name: 'Search messages' });
    await search.fill('quokka');
    await search.press('Enter');
    const panel = a.page.getByRole('complementary', { name: 'Search results' });
    await panel.locator('.search-result').first().waitFor();
    await screenshot(a.page, 'composer-phone-search');
    await panel.getByRole('button', { name: 'Close the panel' }).click();
    await panel.waitFor({ state: 'detached' });
    assert.deepEqual(pageErrors(a.page), []);
    await a.context.close();
  });

  it('shows a desktop notification for a mention while the window is in the background; clicking it opens the channel', async () => {
    // The permission banner is offered from a click, and can be put away.
    const first = await signIn(env, alice);
    await openChannel(first.page, 'town-square', 'Town Square');
    await first.page.getByRole('button', { name: 'Enable desktop notifications' }).waitFor();
    await first.page.getByRole('button', { name: 'Not now' }).click();
    await first.page.getByRole('button', { name: 'Enable desktop notifications' }).waitFor({ state: 'detached' });
    await first.context.close();

    const a = await signIn(env, alice);
    await a.context.grantPermissions(['notifications']);
    // Record notifications, and let the test say when the window loses focus (headless pages always have it).
    // (A string, not a function: the test runner's transpiler would add helpers the page does not have.)
    await a.page.addInitScript(`
      window.__notes = [];
      window.__blurred = false;
      const Real = window.Notification;
      class Recording extends Real {
        constructor(title, opts) {
          super(title, opts);
          window.__notes.push({ title, body: (opts && opts.body) || '', n: this });
        }
      }
      Object.defineProperty(Recording, 'permission', { get: () => Real.permission });
      window.Notification = Recording;
      document.hasFocus = () => !window.__blurred;
    `);
    await openChannel(a.page, 'town-square', 'Town Square');
    const team = await bob.client.getTeamByName(teamName);
    const offTopic = await bob.client.getChannelByName(team.id, 'off-topic');
    const townSquare = await bob.client.getChannelByName(team.id, 'town-square');

    // While alice looks at the window: no notification.
    await bob.client.createPost({ channel_id: offTopic.id, message: '@alice are you there' } as never);
    await a.page.locator('.sidebar').getByText('Off-Topic').waitFor();
    await bob.client.createPost({ channel_id: townSquare.id, message: 'marker one' } as never);
    await a.page.locator('.post', { hasText: 'marker one' }).waitFor();
    assert.equal(await a.page.evaluate(() => (window as unknown as { __notes: unknown[] }).__notes.length), 0);

    await a.page.evaluate(() => ((window as unknown as { __blurred: boolean }).__blurred = true));
    // Not a mention: no notification; a mention: one.
    await bob.client.createPost({ channel_id: offTopic.id, message: 'just chatting' } as never);
    await bob.client.createPost({ channel_id: offTopic.id, message: '@alice the build is green' } as never);
    await a.page.waitForFunction(() => (window as unknown as { __notes: unknown[] }).__notes.length > 0);
    const notes = await a.page.evaluate(() => (window as unknown as { __notes: { title: string; body: string }[] }).__notes.map(({ title, body }) => ({ title, body })));
    assert.deepEqual(notes, [{ title: 'Off-Topic', body: 'bob: @alice the build is green' }]);

    await a.page.evaluate(() => (window as unknown as { __notes: { n: Notification }[] }).__notes[0].n.onclick?.(new Event('click')));
    await a.page.waitForURL(`**/${teamName}/channels/off-topic`);
    await a.page.getByRole('heading', { name: 'Off-Topic' }).waitFor();
    assert.deepEqual(pageErrors(a.page), []);
    await a.context.close();
  });
});
