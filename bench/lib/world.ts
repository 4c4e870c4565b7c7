import { readFileSync, writeFileSync } from 'node:fs';
import { Rng, Weighted, seededId } from './rand.ts';

/**
 * The simulated workplace. Teams of `teamSize` users; in each team town-square holds everyone, every user is in
 * about `channelsPerUser` other channels whose sizes follow a power law on [5, 200] (many small, a few large; a
 * quarter of them private), and each user opens `dmsPerUser` direct messages with team-mates. Every channel gets a
 * Zipf popularity (1/rank, ranks shuffled) that decides where people post and look.
 */
export type WorldOptions = {
  users: number;
  teamSize: number;
  channelsPerUser: number;
  dmsPerUser: number;
  seed: number;
};

export type WorldUser = { id: string; username: string; team: number };
export type WorldChannel = {
  id: string;
  /** Index into teams, or -1 for a direct message. */
  team: number;
  type: 'O' | 'P' | 'D';
  name: string;
  display: string;
  /** User indices. */
  members: number[];
  /** Zipf popularity; 0 for town-square and DMs, which are chosen by their own shares. */
  weight: number;
  town: boolean;
  /** The most recent root posts seeded into the channel (newest last), for replies and reactions. */
  roots: string[];
};
export type WorldTeam = { id: string; name: string; display: string; town: number };
export type World = { options: WorldOptions; teams: WorldTeam[]; users: WorldUser[]; channels: WorldChannel[] };

/** Where a user's posts (and channel views) go: town-square rarely, DMs sometimes, else by channel popularity. */
export const SHARE_TOWN_SQUARE = 0.01;
export const SHARE_DM = 0.15;

export function generateWorld(options: WorldOptions): World {
  const rng = new Rng(options.seed);
  const teams: WorldTeam[] = [];
  const users: WorldUser[] = [];
  const channels: WorldChannel[] = [];
  const teamCount = Math.ceil(options.users / options.teamSize);
  for (let u = 0; u < options.users; u++) {
    users.push({ id: seededId(rng), username: `user${String(u).padStart(5, '0')}`, team: Math.floor(u / options.teamSize) });
  }
  for (let t = 0; t < teamCount; t++) {
    const first = t * options.teamSize;
    const size = Math.min(options.teamSize, options.users - first);
    const members = Array.from({ length: size }, (_, i) => first + i);
    const team: WorldTeam = { id: seededId(rng), name: `team${t}`, display: `Team ${t}`, town: channels.length };
    teams.push(team);
    channels.push({ id: seededId(rng), team: t, type: 'O', name: 'town-square', display: 'Town Square', members, weight: 0, town: true, roots: [] });
    // Channels of power-law size until the team holds channelsPerUser memberships per member.
    const teamChannels: WorldChannel[] = [];
    let memberships = 0;
    const target = size * options.channelsPerUser;
    while (memberships < target && size >= 2) {
      const n = Math.min(size, rng.powerLawInt(5, 200, 1));
      const picked = rng.sample(size, n).map((i) => first + i);
      const k = teamChannels.length;
      teamChannels.push({
        id: seededId(rng),
        team: t,
        type: rng.chance(0.25) ? 'P' : 'O',
        name: `ch-${t}-${k}`,
        display: `Channel ${t}.${k}`,
        members: picked,
        weight: 0,
        town: false,
        roots: [],
      });
      memberships += n;
    }
    const ranks = rng.shuffle(teamChannels.map((_, i) => i + 1));
    teamChannels.forEach((c, i) => (c.weight = 1 / ranks[i]!));
    channels.push(...teamChannels);
    // Direct messages with random team-mates.
    const pairs = new Set<string>();
    for (const u of members) {
      for (let d = 0; d < options.dmsPerUser && size >= 2; d++) {
        let v = first + rng.int(size);
        if (v === u) v = first + ((v - first + 1) % size);
        const [a, b] = u < v ? [u, v] : [v, u];
        const key = `${a}:${b}`;
        if (pairs.has(key)) continue;
        pairs.add(key);
        const ids = [users[a]!.id, users[b]!.id].sort();
        channels.push({ id: seededId(rng), team: -1, type: 'D', name: `${ids[0]}__${ids[1]}`, display: '', members: [a, b], weight: 0, town: false, roots: [] });
      }
    }
  }
  return { options, teams, users, channels };
}

/** One user's channels and the choice of where to act. */
export type UserChannels = { town: number; dms: number[]; others: number[]; weighted: Weighted | null };

export function userChannels(world: World): UserChannels[] {
  const out: UserChannels[] = world.users.map((u) => ({ town: world.teams[u.team]!.town, dms: [], others: [], weighted: null }));
  world.channels.forEach((c, i) => {
    if (c.town) return;
    for (const m of c.members) (c.type === 'D' ? out[m]!.dms : out[m]!.others).push(i);
  });
  for (const uc of out) uc.weighted = uc.others.length > 0 ? new Weighted(uc.others.map((i) => world.channels[i]!.weight)) : null;
  return out;
}

/** The channel (index) a user posts in or looks at next. */
export function chooseChannel(uc: UserChannels, rng: Rng): number {
  const x = rng.next();
  if (x < SHARE_TOWN_SQUARE || (!uc.weighted && uc.dms.length === 0)) return uc.town;
  if ((x < SHARE_TOWN_SQUARE + SHARE_DM && uc.dms.length > 0) || !uc.weighted) return rng.pick(uc.dms);
  return uc.others[uc.weighted.pick(rng)]!;
}

export type WorldStats = {
  users: number;
  teams: number;
  channels: number;
  public_private_channels: number;
  direct_channels: number;
  memberships: number;
  channel_size: { min: number; median: number; mean: number; max: number };
  channels_per_user: { min: number; median: number; mean: number; max: number };
};

export function worldStats(world: World): WorldStats {
  const regular = world.channels.filter((c) => !c.town && c.type !== 'D');
  const sizes = regular.map((c) => c.members.length).sort((a, b) => a - b);
  const perUser = userChannels(world).map((u) => u.others.length).sort((a, b) => a - b);
  const summary = (xs: number[]) => ({
    min: xs[0] ?? 0,
    median: xs[Math.floor(xs.length / 2)] ?? 0,
    mean: Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 10) / 10,
    max: xs.at(-1) ?? 0,
  });
  return {
    users: world.users.length,
    teams: world.teams.length,
    channels: world.channels.length,
    public_private_channels: regular.length,
    direct_channels: world.channels.filter((c) => c.type === 'D').length,
    memberships: world.channels.reduce((a, c) => a + c.members.length, 0),
    channel_size: summary(sizes),
    channels_per_user: summary(perUser),
  };
}

export const saveWorld = (path: string, world: World, tokens: string[]) => writeFileSync(path, JSON.stringify({ world, tokens }));
export const loadWorld = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { world: World; tokens: string[] };
