import { Command } from 'commander';
import mattermost from '@mattermost/client';
import type { Post, PostList } from '@mattermost/types/posts';
import type { UserProfile } from '@mattermost/types/users';
import { credentialsOption, each, examples, run, type Ctx } from '../lib/run.ts';
import { getChannel } from '../lib/resolve.ts';
import { CliError } from '../lib/errors.ts';
import { requireConfirmation } from '../lib/prompt.ts';
import type { PratClient } from '../lib/client.ts';

const CHANNEL_ARG = 'channel as team:channel (each by name or id), or a channel id';

/** `prat post`: mmctl's post commands. */
export function postCommand(): Command {
  const post = new Command('post').description('Post, read and delete messages').addOption(credentialsOption());
  examples(post, 'prat post create fribyte:viktig --message "Dugnad på lørdag"', 'prat post list fribyte:viktig --follow');

  const create = new Command('create')
    .description('Post a message as the logged-in user')
    .argument('<channel>', CHANNEL_ARG)
    .requiredOption('-m, --message <text>', 'the message')
    .option('-r, --reply-to <post-id>', 'reply in the thread of this post')
    .action(run(createAction));
  examples(create, 'prat post create fribyte:viktig --message "Dugnad på lørdag"', 'prat post create fribyte:viktig -m "Jeg kommer" --reply-to <post-id>');

  const list = new Command('list')
    .description('Print the latest messages of a channel, oldest first; --follow keeps printing new ones')
    .argument('<channel>', CHANNEL_ARG)
    .option('-n, --number <n>', 'how many messages', '20')
    .option('-s, --since <time>', 'every message since a time (ISO 8601, or milliseconds since 1970)')
    .option('-i, --show-ids', 'show message ids')
    .option('-f, --follow', 'keep printing new messages as they are posted (Ctrl-C to stop); with --json, one JSON object per line')
    .action(run(listAction));
  examples(list, 'prat post list fribyte:viktig', 'prat post list fribyte:viktig --since 2026-11-01 --show-ids', 'prat post list fribyte:drift-alt --follow');

  const del = new Command('delete')
    .description('Delete messages')
    .argument('<posts...>', 'post ids')
    .option('--confirm', 'do not ask for confirmation')
    .action(run(deleteAction));
  examples(del, 'prat post delete <post-id> --confirm');

  for (const c of [create, list, del]) post.addCommand(c);
  return post;
}

async function createAction(ctx: Ctx, arg: string, opts: { message: string; replyTo?: string }): Promise<void> {
  const client = await ctx.client();
  const channel = await getChannel(client, arg);
  const created = await client.createPost({ channel_id: channel.id, message: opts.message, root_id: opts.replyTo ?? '' } as Post);
  ctx.out.print(created, `Posted to ${arg} (id ${created.id})`);
}

/** Usernames for posts, fetched once per user. */
class Names {
  private known = new Map<string, string>();
  constructor(private readonly client: PratClient) {}

  async load(ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.known.has(id));
    if (missing.length === 0) return;
    for (const u of (await this.client.getProfilesByIds(missing)) as UserProfile[]) this.known.set(u.id, u.username);
  }

  get(id: string): string {
    return this.known.get(id) ?? id;
  }
}

function parseSince(value: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new CliError(`--since "${value}" is not a time: give ISO 8601 (2026-11-01T12:00) or milliseconds`);
  return ms;
}

async function listAction(ctx: Ctx, arg: string, opts: { number: string; since?: string; showIds?: boolean; follow?: boolean }): Promise<void> {
  const number = Number(opts.number);
  if (!Number.isInteger(number) || number < 1 || number > 200) throw new CliError('--number is a whole number from 1 to 200');
  const conn = await ctx.connection();
  if (opts.follow && conn.local) throw new CliError('--follow needs a login (prat auth login): local mode has no user to follow with');
  const client = conn.client;
  const channel = await getChannel(client, arg);
  const list: PostList = opts.since ? await client.getPostsSince(channel.id, parseSince(opts.since)) : await client.getPosts(channel.id, 0, number);
  const posts = list.order.map((id) => list.posts[id]!).filter((p) => p.delete_at === 0).reverse();
  const names = new Names(client);
  await names.load(posts.map((p) => p.user_id));
  const color = process.stdout.isTTY === true;
  const line = (p: Post) => {
    const who = color ? `\u001b[34m[${names.get(p.user_id)}]\u001b[0m` : `[${names.get(p.user_id)}]`;
    const id = opts.showIds ? `${color ? `\u001b[31m${p.id}\u001b[0m` : p.id} ` : '';
    return `${id}${who} ${p.message}`;
  };
  const withName = (p: Post) => ({ ...p, username: names.get(p.user_id) });
  if (!opts.follow) {
    ctx.out.print(posts.map(withName), () => posts.map(line).join('\n'));
    return;
  }
  const emit = (p: Post) => {
    if (ctx.out.quiet) return;
    process.stdout.write((ctx.out.json ? JSON.stringify(withName(p)) : line(p)) + '\n');
  };
  posts.forEach(emit);
  await follow(ctx, client, channel.id, arg, async (p) => {
    await names.load([p.user_id]);
    emit(p);
  });
}

/**
 * Prints new posts from the WebSocket until Ctrl-C. "Following …" goes to stderr once the server's hello has
 * arrived: from then on no post is missed.
 */
async function follow(ctx: Ctx, client: PratClient, channelId: string, arg: string, onPost: (p: Post) => Promise<void>): Promise<void> {
  const { WebSocket } = await import('ws');
  const g = globalThis as Record<string, unknown>;
  // WebSocketClient expects the browser's globals.
  g.WebSocket ??= WebSocket;
  g.CloseEvent ??= class CloseEvent extends Event {
    code: number;
    constructor(type: string, init: { code?: number } = {}) {
      super(type);
      this.code = init.code ?? 0;
    }
  };
  const ws = new mattermost.WebSocketClient({ newWebSocketFn: (url: string) => new WebSocket(url) as never });
  let queue = Promise.resolve();
  ws.addMessageListener((msg) => {
    if (msg.event === 'hello') process.stderr.write(`Following ${arg}; press Ctrl-C to stop.\n`);
    if (msg.event !== 'posted' || msg.broadcast?.channel_id !== channelId) return;
    const post = JSON.parse((msg.data as { post: string }).post) as Post;
    queue = queue.then(() => onPost(post)).catch((err: unknown) => ctx.out.error(String(err)));
  });
  ws.initialize(`${client.getUrl().replace(/^http/, 'ws')}/api/v4/websocket`, client.getToken());
  await new Promise<void>((resolve) => {
    const stop = () => {
      ws.close();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function deleteAction(ctx: Ctx, ids: string[], opts: { confirm?: boolean }): Promise<void> {
  await requireConfirmation(opts.confirm, `Delete ${ids.length === 1 ? 'this message' : `these ${ids.length} messages`}?`);
  const client = await ctx.client();
  const done = await each(ctx, ids, async (id) => {
    await client.deletePost(id);
    return { id, deleted: true };
  });
  ctx.out.print(done, () => done.map((d) => `Post ${d.id} deleted`).join('\n'));
}
