/**
 * Web client benchmark: `npm run bench:web [-- --posts 500 --runs 20]`.
 * Builds the client, starts a real Prat server (SQLite) in this process, seeds one channel with Markdown posts through
 * Client4, and measures in Debian's Chromium (headless, playwright-core):
 *   - initial JavaScript: the gzipped size of the scripts index.html loads before anything renders (entry + preloads);
 *   - first render: from navigation start (a full page load with a warm HTTP cache, as on a return visit, and a cold
 *     one in a fresh browser context) to the channel's newest post painted;
 *   - channel switch: from a click in the sidebar to the other channel's newest post on screen.
 * Writes bench/results/<date>-web-sqlite.json. A benchmark, not a test: nothing is asserted.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import mattermost from '@mattermost/client';
import { startServer } from '@prat/server';
import { ensureWebBuild, distDir } from '../packages/web/build.mjs';
import { machine, table, writeResult } from './lib/report.ts';

const { values } = parseArgs({ options: { posts: { type: 'string', default: '500' }, runs: { type: 'string', default: '20' }, chromium: { type: 'string', default: process.env.PRAT_CHROMIUM ?? '/usr/bin/chromium' } } });
const POSTS = Number(values.posts);
const RUNS = Number(values.runs);

const log = (s: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};
const summary = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95), max: pct(xs, 100), n: xs.length });

function bundleSizes() {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/<script[^>]+src="([^"]+)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => (m[1] ?? m[2])!);
  const gz = (file: string) => gzipSync(readFileSync(join(distDir, file.replace(/^\//, '')))).length;
  const initialJsGzip = initial.reduce((sum, f) => sum + gz(f), 0);
  const all = readdirSync(join(distDir, 'static')).filter((f) => f.endsWith('.js'));
  const allJsGzip = all.reduce((sum, f) => sum + gz(`static/${f}`), 0);
  const css = readdirSync(join(distDir, 'static')).filter((f) => f.endsWith('.css'));
  return { initial_files: initial, initial_js_gzip_kb: +(initialJsGzip / 1024).toFixed(1), all_js_gzip_kb: +(allJsGzip / 1024).toFixed(1), js_chunks: all.length, css_gzip_kb: +(css.reduce((s, f) => s + gz(`static/${f}`), 0) / 1024).toFixed(1) };
}

async function main() {
  log('building the web client');
  ensureWebBuild({ quiet: true });
  const bundle = bundleSizes();
  log(`initial JS ${bundle.initial_js_gzip_kb} KB gzipped (${bundle.initial_files.length} files), all JS ${bundle.all_js_gzip_kb} KB`);

  const dir = await mkdtemp(join(tmpdir(), 'prat-bench-web-'));
  await mkdir(join(dir, 'config'));
  const configPath = join(dir, 'config', 'config.json');
  await writeFile(configPath, JSON.stringify({ ServiceSettings: { ListenAddress: '127.0.0.1:0' }, SqlSettings: { DriverName: 'sqlite', DataSource: join(dir, 'prat.db') }, FileSettings: { Directory: join(dir, 'files') }, LogSettings: { EnableConsole: false }, TeamSettings: { EnableOpenServer: true } }));
  const server = await startServer({ configPath, listen: { host: '127.0.0.1', port: 0 }, logger: false, webDir: distDir });
  const browser = await chromium.launch({ executablePath: values.chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const client = new mattermost.Client4();
    client.setUrl(server.url);
    const password = 'bench-password-1';
    await client.createUser({ username: 'bench', email: 'bench@example.com', password } as never, '', '');
    await client.login('bench', password);
    const team = await client.createTeam({ name: 'bench', display_name: 'Bench', type: 'O' } as never);
    const channels = await client.getMyChannels(team.id);
    const square = channels.find((c) => c.name === 'town-square')!;
    const other = channels.find((c) => c.name === 'off-topic')!;
    log(`seeding ${POSTS} posts`);
    const samples = ['Deploy of **web-03** done, see https://status.example.com', 'Can someone look at `nginx -t` on the proxy?\n```\nerror: bad gateway\n```', '- one\n- two\n- three', '> quoted reply\nand an answer with _emphasis_', 'Short one'];
    for (let i = 0; i < POSTS; i++) await client.createPost({ channel_id: square.id, message: `${samples[i % samples.length]} #${i}` } as never);
    for (let i = 0; i < 60; i++) await client.createPost({ channel_id: other.id, message: `off-topic ${i}` } as never);
    const last = `#${POSTS - 1}`;

    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel(/email or username/i).fill('bench');
    await page.getByLabel(/^password$/i).fill(password);
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const cookies = await context.cookies();

    // Full page loads, HTTP cache warm: navigation start → newest post painted.
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`/bench/channels/town-square`, { waitUntil: 'commit' });
      await page.getByText(last, { exact: false }).waitFor();
      warm.push(await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())))));
    }
    // Cold: a fresh context (empty cache) per run, signed in by the same cookies.
    const cold: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 10); i++) {
      const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
      await ctx.addCookies(cookies);
      const p = await ctx.newPage();
      await p.goto(`/bench/channels/town-square`, { waitUntil: 'commit' });
      await p.getByText(last, { exact: false }).waitFor();
      cold.push(await p.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())))));
      await ctx.close();
    }
    // In-app switches between two loaded channels, and to a channel not loaded yet in this page.
    const switches: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const [target, text] = i % 2 === 0 ? ['Off-Topic', 'off-topic 59'] : ['Town Square', last];
      const t0 = await page.evaluate(() => performance.now());
      await page.getByRole('link', { name: target }).first().click();
      await page.getByText(text, { exact: false }).first().waitFor().catch(async (err) => {
        await page.screenshot({ path: '/tmp/bench-web-fail.png' });
        throw err;
      });
      switches.push((await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))))) - t0);
    }
    const result = {
      mode: 'web',
      db: 'sqlite',
      date: new Date().toISOString(),
      command: `npm run bench:web -- --posts ${POSTS} --runs ${RUNS}`,
      machine: machine(),
      chromium: browser.version(),
      bundle,
      first_render_warm_ms: summary(warm),
      first_render_cold_ms: summary(cold),
      channel_switch_ms: summary(switches),
    };
    console.log(
      table([
        ['measure', 'p50', 'p95', 'max', 'n'],
        ['first render, warm cache (ms)', result.first_render_warm_ms.p50, result.first_render_warm_ms.p95, result.first_render_warm_ms.max, result.first_render_warm_ms.n],
        ['first render, cold cache (ms)', result.first_render_cold_ms.p50, result.first_render_cold_ms.p95, result.first_render_cold_ms.max, result.first_render_cold_ms.n],
        ['channel switch (ms)', result.channel_switch_ms.p50, result.channel_switch_ms.p95, result.channel_switch_ms.max, result.channel_switch_ms.n],
      ]),
    );
    log(`wrote ${writeResult('web', 'sqlite', result)}`);
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
