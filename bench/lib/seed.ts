import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest, openDatabase, type Dialect } from '../../packages/server/src/store/kysely/database.ts';
import type { DB } from '../../packages/server/src/store/kysely/schema.ts';
import { hashToken } from '../../packages/server/src/app/sessions.ts';
import { DEFAULT_NOTIFY_PROPS, hashPassword } from '../../packages/server/src/app/users.ts';
import { DEFAULT_CHANNEL_NOTIFY_PROPS } from '../../packages/server/src/app/channels.ts';
import { Rng, seededId } from './rand.ts';
import { chooseChannel, userChannels, type World } from './world.ts';
import { message } from './text.ts';

export const BENCH_PASSWORD = 'Bench-Passw0rd!';

export type SeedResult = {
  tokens: string[];
  /** A system admin's session, for the calls only an admin may make (history's cache purge); the admin is in no team. */
  adminToken: string;
  posts: number;
  seconds: number;
  channelPosts: number[];
};

/**
 * Writes the world straight into the database through the server's own schema and migrations (setup, not measured):
 * one precomputed password hash for everyone, one login session per user (the row POST /users/login would write;
 * the token is what the simulated client sends), and `posts` posts of history spread over the channels.
 */
export async function seedDatabase(opts: { driver: Dialect; dataSource: string; world: World; posts: number; seed: number; log: (s: string) => void }): Promise<SeedResult> {
  const started = Date.now();
  const database = openDatabase({ driver: opts.driver, dataSource: opts.dataSource, maxConnections: 4 });
  const { db } = database;
  try {
    await migrateToLatest(db);
    if (opts.driver === 'sqlite') await sql`pragma synchronous = off`.execute(db);
    const batch = opts.driver === 'sqlite' ? 500 : 2000;
    const { world } = opts;
    const now = Date.now();
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const plan = planPosts(world, opts.posts, opts.seed, now);
    const adminId = seededId(new Rng(opts.seed ^ 0xad));

    await db.transaction().execute(async (trx) => {
      const t = trx as unknown as Kysely<DB>;
      const ins = async <T extends keyof DB & string>(table: T, rows: Record<string, unknown>[]) => {
        for (let i = 0; i < rows.length; i += batch) await t.insertInto(table).values(rows.slice(i, i + batch) as never).execute();
      };
      const userRow = (id: string, username: string, roles: string) => ({
        id,
        create_at: now - 400 * 86400_000,
        update_at: now - 400 * 86400_000,
        username,
        password: passwordHash,
        email: `${username}@bench.example.com`,
        email_verified: true,
        first_name: username,
        roles,
        locale: 'en',
        timezone: JSON.stringify({ automaticTimezone: '', manualTimezone: '', useAutomaticTimezone: 'true' }),
        notify_props: JSON.stringify({ ...DEFAULT_NOTIFY_PROPS, mention_keys: username }),
        props: '{}',
        last_password_update: now - 400 * 86400_000,
      });
      await ins('users', [...world.users.map((u) => userRow(u.id, u.username, 'system_user')), userRow(adminId, 'benchadmin', 'system_user system_admin')]);
      await ins(
        'teams',
        world.teams.map((t) => ({
          id: t.id,
          create_at: now - 400 * 86400_000,
          update_at: now - 400 * 86400_000,
          display_name: t.display,
          name: t.name,
          type: 'O',
          invite_id: t.id,
          allow_open_invite: true,
        })),
      );
      await ins(
        'team_members',
        world.users.map((u) => ({ team_id: world.teams[u.team]!.id, user_id: u.id, roles: '', scheme_user: true, scheme_admin: false, scheme_guest: false, create_at: now - 400 * 86400_000 })),
      );
      await ins(
        'channels',
        world.channels.map((c, i) => ({
          id: c.id,
          create_at: now - 400 * 86400_000,
          update_at: now - 400 * 86400_000,
          team_id: c.team >= 0 ? world.teams[c.team]!.id : '',
          type: c.type,
          display_name: c.display,
          name: c.name,
          last_post_at: plan.channelLast[i]!,
          last_root_post_at: plan.channelLastRoot[i]!,
          total_msg_count: plan.channelCount[i]!,
          total_msg_count_root: plan.channelRootCount[i]!,
          creator_id: world.users[c.members[0]!]!.id,
          props: '{}',
        })),
      );
      const memberRows: Record<string, unknown>[] = [];
      const notify = JSON.stringify(DEFAULT_CHANNEL_NOTIFY_PROPS);
      world.channels.forEach((c, i) => {
        for (const m of c.members) {
          memberRows.push({
            channel_id: c.id,
            user_id: world.users[m]!.id,
            roles: '',
            scheme_user: true,
            scheme_admin: false,
            scheme_guest: false,
            // Everyone has read their channels up to the end of the seeded history.
            last_viewed_at: plan.channelLast[i]!,
            msg_count: plan.channelCount[i]!,
            msg_count_root: plan.channelRootCount[i]!,
            notify_props: notify,
            last_update_at: now,
          });
        }
      });
      await ins('channel_members', memberRows);
    });
    opts.log(`seeded ${world.users.length} users, ${world.teams.length} teams, ${world.channels.length} channels in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const newToken = () => randomBytes(16).toString('hex').slice(0, 26);
    const tokens = world.users.map(newToken);
    const adminToken = newToken();
    await db.transaction().execute(async (trx) => {
      const t = trx as unknown as Kysely<DB>;
      const sessionRow = (id: string, userId: string, token: string, roles: string) => ({
        id,
        token_hash: hashToken(token),
        user_id: userId,
        create_at: now,
        expires_at: now + 30 * 86400_000,
        last_activity_at: now,
        roles,
        is_oauth: false,
        csrf_token: randomBytes(13).toString('hex'),
        props: '{}',
      });
      const rows = world.users.map((u, i) => sessionRow(seededId(new Rng(opts.seed + 7919 * (i + 1))), u.id, tokens[i]!, 'system_user'));
      rows.push(sessionRow(seededId(new Rng(opts.seed ^ 0xad51)), adminId, adminToken, 'system_user system_admin'));
      for (let i = 0; i < rows.length; i += batch) await t.insertInto('sessions').values(rows.slice(i, i + batch) as never).execute();
    });

    if (opts.posts > 0) await insertPosts(db, world, plan, opts.seed, batch, opts.log);
    // Fresh statistics, as a database that grew to this size would have. On PostgreSQL also what a database in service
    // has had done by now: autovacuum's pass over a table that grew by a million inserts (every row's commit marked on
    // its page, the visibility map set) and a checkpoint (the pages written out). Without them the measured reads are
    // the first to touch most rows, each dirtying its page, and PostgreSQL must write a dirty page out before it can
    // reuse its buffer: writes that a database in service does not make on its reads.
    if (opts.driver === 'postgres') {
      await sql`vacuum (analyze)`.execute(db);
      await sql`checkpoint`.execute(db);
    } else {
      await sql`analyze`.execute(db);
    }
    return { tokens, adminToken, posts: opts.posts, seconds: (Date.now() - started) / 1000, channelPosts: plan.channelCount };
  } finally {
    await database.close();
  }
}

type PostPlan = {
  channel: Int32Array;
  user: Int32Array;
  createAt: Float64Array;
  root: Int32Array;
  replyCount: Int32Array;
  lastReplyAt: Float64Array;
  channelCount: number[];
  channelRootCount: number[];
  channelLast: number[];
  channelLastRoot: number[];
};

/** Who posts where and when: posters uniform, channels by each poster's preferences, 18% replies to recent threads. */
function planPosts(world: World, count: number, seed: number, now: number): PostPlan {
  const rng = new Rng(seed ^ 0x5eed);
  const uc = userChannels(world);
  const n = world.channels.length;
  const plan: PostPlan = {
    channel: new Int32Array(count),
    user: new Int32Array(count),
    createAt: new Float64Array(count),
    root: new Int32Array(count).fill(-1),
    replyCount: new Int32Array(count),
    lastReplyAt: new Float64Array(count),
    channelCount: new Array<number>(n).fill(0),
    channelRootCount: new Array<number>(n).fill(0),
    channelLast: new Array<number>(n).fill(0),
    channelLastRoot: new Array<number>(n).fill(0),
  };
  // A year of history ending an hour ago; strictly increasing times keep create_at unique within a channel.
  const span = 365 * 86400_000;
  const start = now - 3600_000 - span;
  const step = span / Math.max(1, count);
  const recentRoots: number[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < count; k++) {
    const u = rng.int(world.users.length);
    const c = chooseChannel(uc[u]!, rng);
    const t = Math.floor(start + k * step + rng.next() * step * 0.9);
    plan.channel[k] = c;
    plan.user[k] = u;
    plan.createAt[k] = t;
    const roots = recentRoots[c]!;
    if (roots.length > 0 && rng.chance(0.18)) {
      const r = roots[roots.length - 1 - Math.min(roots.length - 1, Math.floor(rng.exp(2)))]!;
      plan.root[k] = r;
      plan.replyCount[r]!++;
      plan.lastReplyAt[r] = t;
    } else {
      roots.push(k);
      if (roots.length > 20) roots.shift();
      plan.channelRootCount[c]!++;
      plan.channelLastRoot[c] = t;
    }
    plan.channelCount[c]!++;
    plan.channelLast[c] = t;
  }
  return plan;
}

async function insertPosts(db: Kysely<DB>, world: World, plan: PostPlan, seed: number, batch: number, log: (s: string) => void): Promise<void> {
  const started = Date.now();
  const rng = new Rng(seed ^ 0x7e27);
  const count = plan.channel.length;
  const ids: string[] = new Array(count);
  const lastRoots: string[][] = world.channels.map(() => []);
  let rows: Record<string, unknown>[] = [];
  // One transaction per 50,000 posts: large enough to be fast, small enough not to hold the whole load in the WAL.
  for (let from = 0; from < count; from += 50_000) {
    await db.transaction().execute(async (trx) => {
      const t = trx as unknown as Kysely<DB>;
      for (let k = from; k < Math.min(count, from + 50_000); k++) {
        const id = seededId(rng);
        ids[k] = id;
        const c = plan.channel[k]!;
        const channel = world.channels[c]!;
        const rootIdx = plan.root[k]!;
        const mention = rng.chance(0.1) ? world.users[rng.pick(channel.members)]!.username : undefined;
        const createAt = plan.createAt[k]!;
        rows.push({
          id,
          create_at: createAt,
          update_at: Math.max(createAt, plan.lastReplyAt[k]!),
          user_id: world.users[plan.user[k]!]!.id,
          channel_id: channel.id,
          root_id: rootIdx >= 0 ? ids[rootIdx]! : '',
          message: message(rng, mention),
          props: '{}',
          file_ids: '[]',
          reply_count: plan.replyCount[k]!,
          last_reply_at: plan.lastReplyAt[k]!,
        });
        if (rootIdx < 0) {
          const lr = lastRoots[c]!;
          lr.push(id);
          if (lr.length > 5) lr.shift();
        }
        if (rows.length >= batch) {
          await t.insertInto('posts').values(rows as never).execute();
          rows = [];
        }
      }
      if (rows.length > 0) {
        await t.insertInto('posts').values(rows as never).execute();
        rows = [];
      }
    });
    if ((from / 50_000) % 4 === 3) log(`  ${Math.min(count, from + 50_000).toLocaleString('en')} posts (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  world.channels.forEach((c, i) => (c.roots = lastRoots[i]!));
  log(`seeded ${count.toLocaleString('en')} posts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
