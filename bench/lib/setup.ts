import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from './http.ts';
import { BENCH_PASSWORD, seedDatabase } from './seed.ts';
import { freePort, freshDatabase, removeDir, startServerProcess, type DbHandle, type ServerProcess } from './server.ts';
import { generateWorld, saveWorld, worldStats, type World, type WorldStats } from './world.ts';

export type CommonOptions = {
  db: 'sqlite' | 'postgres';
  seed: number;
  pgUrl: string;
  profile: boolean;
  keep: boolean;
  /** Run the server from this checkout instead of this repository's (A/B comparisons). */
  serverRoot?: string;
  teamSize: number;
  channelsPerUser: number;
  dmsPerUser: number;
};

export type Environment = {
  dir: string;
  db: DbHandle;
  world: World;
  stats: WorldStats;
  tokens: string[];
  /** A system admin's session (outside the world). */
  adminToken: string;
  worldPath: string;
  server: ServerProcess;
  seedSeconds: number;
  channelPosts: number[];
  teardown(): Promise<void>;
};

export const log = (s: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fresh database and data directory, the world seeded into it, and the server running on it. */
export async function prepare(common: CommonOptions, users: number, posts: number): Promise<Environment> {
  const dir = mkdtempSync(join(tmpdir(), 'prat-bench-'));
  mkdirSync(join(dir, 'data'), { recursive: true });
  const db = freshDatabase(common.db, dir, common.pgUrl);
  let server: ServerProcess | undefined;
  const teardown = async () => {
    await server?.stop();
    if (common.keep) {
      log(`kept ${dir}${common.db === 'postgres' ? ` and database ${db.name} (dropdb -h 127.0.0.1 -U postgres ${db.name})` : ''}`);
      return;
    }
    try {
      db.drop();
    } catch (err) {
      log(`could not drop ${db.name}: ${(err as Error).message}`);
    }
    removeDir(dir);
  };
  try {
    log(`world: ${users} users, teams of ${common.teamSize}; database ${common.db} (${db.name})`);
    const world = generateWorld({ users, teamSize: common.teamSize, channelsPerUser: common.channelsPerUser, dmsPerUser: common.dmsPerUser, seed: common.seed });
    const stats = worldStats(world);
    log(`  ${stats.channels} channels (${stats.public_private_channels} public/private of ${stats.channel_size.min}–${stats.channel_size.max} members, median ${stats.channel_size.median}; ${stats.direct_channels} DMs), ${stats.memberships} memberships`);
    const seeded = await seedDatabase({ driver: common.db, dataSource: db.dataSource, world, posts, seed: common.seed, log });
    const worldPath = join(dir, 'world.json');
    saveWorld(worldPath, world, seeded.tokens);
    server = await startServerProcess({ dir, db, port: await freePort(), profile: common.profile, serverRoot: common.serverRoot, log });
    await sanityCheck(server.url, world, seeded.tokens);
    return { dir, db, world, stats, tokens: seeded.tokens, adminToken: seeded.adminToken, worldPath, server, seedSeconds: seeded.seconds, channelPosts: seeded.channelPosts, teardown };
  } catch (err) {
    await teardown();
    throw err;
  }
}

/** The seeded credentials work through the real API: a password login, and a seeded session token. */
async function sanityCheck(url: string, world: World, tokens: string[]): Promise<void> {
  const api = new Api(url, 4);
  try {
    const login = await api.request('POST', '/users/login', undefined, { login_id: world.users[0]!.username, password: BENCH_PASSWORD });
    if (login.status !== 200) throw new Error(`login as ${world.users[0]!.username} failed: ${login.status} ${login.body}`);
    const me = await api.request('GET', '/users/me', tokens[0]);
    if (me.status !== 200) throw new Error(`GET /users/me with a seeded session failed: ${me.status} ${me.body}`);
    const posts = await api.request('GET', `/channels/${world.channels[world.teams[0]!.town]!.id}/posts?per_page=1`, tokens[0]);
    if (posts.status !== 200) throw new Error(`GET /channels/{town-square}/posts failed: ${posts.status} ${posts.body}`);
  } finally {
    api.close();
  }
}
