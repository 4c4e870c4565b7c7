import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describeBrowser, startWeb, signIn, makeUser, screenshot, type WebEnv, type TestUser } from './harness.ts';

// axe-core checks the rendered pages against WCAG 2.1 A and AA (contrast, names, roles, labels, landmarks…).
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

type Violation = { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] };

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)`)) as Violation[];
  return found.flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${v.help} — ${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(1).join(' ').trim()}`));
}

describeBrowser('web client: accessibility (WCAG 2.1 AA, checked by axe-core)', () => {
  let env: WebEnv;
  let admin: TestUser;
  let member: TestUser;
  let teamName: string;

  before(async () => {
    env = await startWeb();
    admin = await makeUser(env.server, { username: 'astrid' });
    member = await makeUser(env.server, { username: 'bjorn' });
    const team = await admin.client.createTeam({ name: 'a11y', display_name: 'A11y', type: 'O' } as never);
    await admin.client.addToTeam(team.id, member.user.id);
    teamName = team.name;
    const square = await admin.client.getChannelByName(team.id, 'town-square');
    const root = await admin.client.createPost({ channel_id: square.id, message: 'Welcome **all**, see ~off-topic and @bjorn\n```js\nconst x = 1;\n```' } as never);
    await member.client.createPost({ channel_id: square.id, message: 'Thanks!', root_id: root.id } as never);
    await member.client.addReaction(member.user.id, root.id, 'smile');
    await admin.client.patchPost({ id: root.id, message: 'Welcome **everyone**, see ~off-topic and @bjorn\n```js\nconst x = 1;\n```' } as never);
  });
  after(() => env?.close());

  const screens: { name: string; theme: 'light' | 'dark'; open: (page: Page) => Promise<void> }[] = [
    { name: 'login', theme: 'light', open: async (page) => void (await page.goto('/login')) },
    { name: 'channel', theme: 'light', open: async (page) => void (await page.goto(`/${teamName}/channels/town-square`)) },
    { name: 'channel', theme: 'dark', open: async (page) => void (await page.goto(`/${teamName}/channels/town-square`)) },
    {
      name: 'thread',
      theme: 'light',
      open: async (page) => {
        await page.goto(`/${teamName}/channels/town-square`);
        await page.getByRole('button', { name: /1 reply/i }).first().click();
        await page.getByRole('complementary').waitFor();
      },
    },
    {
      name: 'edit-history',
      theme: 'dark',
      open: async (page) => {
        await page.goto(`/${teamName}/channels/town-square`);
        const post = page.locator('article.post', { hasText: 'Welcome' });
        await post.hover();
        await post.getByRole('button', { name: 'More actions' }).click();
        await page.getByRole('menuitem', { name: 'Edit history' }).click();
        await page.getByRole('button', { name: /^Restore the version of / }).waitFor();
      },
    },
    { name: 'system-console', theme: 'light', open: async (page) => void (await page.goto('/admin_console')) },
  ];

  for (const screen of screens) {
    it(`${screen.name} (${screen.theme}) has no WCAG A/AA violations`, async () => {
      const { page, context } = screen.name === 'login' ? await anonymous() : await signIn(env, admin, { bypassCSP: true });
      if (screen.theme === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
      await screen.open(page);
      await page.waitForLoadState('networkidle');
      await page.locator('.app-loading').waitFor({ state: 'detached' });
      const found = await violations(page);
      if (found.length) await screenshot(page, `a11y-${screen.name}-${screen.theme}`);
      assert.deepEqual(found, []);
      await context.close();
    });
  }

  async function anonymous() {
    const context = await env.browser.newContext({ baseURL: env.url, bypassCSP: true });
    return { context, page: await context.newPage() };
  }
});
