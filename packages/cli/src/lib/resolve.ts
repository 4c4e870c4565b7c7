import type { UserProfile } from '@mattermost/types/users';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import type { PratClient } from './client.ts';
import { CliError, statusOf } from './errors.ts';

/** Mattermost ids: 26 characters of lower-case base32. */
export const looksLikeId = (s: string) => /^[a-z0-9]{26}$/.test(s);

/** Runs a lookup; a 404 (or a 400 for a malformed value) is "not found", anything else is an error. */
async function find<T>(lookup: () => Promise<T>): Promise<T | undefined> {
  try {
    return await lookup();
  } catch (err) {
    const status = statusOf(err);
    if (status === 404 || status === 400) return undefined;
    throw err;
  }
}

/** A user given as mmctl takes one: email, username (with or without @) or id. */
export async function findUser(client: PratClient, arg: string): Promise<UserProfile | undefined> {
  if (arg.includes('@') && !arg.startsWith('@')) {
    const byEmail = await find(() => client.getUserByEmail(arg));
    if (byEmail) return byEmail;
  }
  const byName = await find(() => client.getUserByUsername(arg.replace(/^@/, '').toLowerCase()));
  if (byName) return byName;
  if (looksLikeId(arg)) return find(() => client.getUser(arg));
  return undefined;
}

export async function getUser(client: PratClient, arg: string): Promise<UserProfile> {
  const user = await findUser(client, arg);
  if (!user) throw new CliError(`user "${arg}" not found`);
  return user;
}

/** A team by id or name (handle). */
export async function getTeam(client: PratClient, arg: string): Promise<Team> {
  if (looksLikeId(arg)) {
    const byId = await find(() => client.getTeam(arg));
    if (byId) return byId;
  }
  const byName = await find(() => client.getTeamByName(arg.toLowerCase()));
  if (!byName) throw new CliError(`team "${arg}" not found`);
  return byName;
}

/**
 * A channel in mmctl's notation: "team:channel" with each by name or id, or a bare channel id. Archived channels are
 * found too: unarchive and delete need them.
 */
export async function getChannel(client: PratClient, arg: string): Promise<Channel> {
  const i = arg.indexOf(':');
  if (i === -1) {
    const byId = looksLikeId(arg) ? await find(() => client.getChannel(arg)) : undefined;
    if (!byId) throw new CliError(`channel "${arg}" not found: give it as team:channel, or by id`);
    return byId;
  }
  const teamArg = arg.slice(0, i);
  const channelArg = arg.slice(i + 1);
  if (teamArg === '' || channelArg === '') throw new CliError(`"${arg}" is not team:channel`);
  const team = await getTeam(client, teamArg);
  const byName = await find(() => client.getChannelByName(team.id, channelArg.toLowerCase(), true));
  if (byName) return byName;
  if (looksLikeId(channelArg)) {
    const byId = await find(() => client.getChannel(channelArg));
    if (byId && byId.team_id === team.id) return byId;
  }
  throw new CliError(`channel "${channelArg}" not found in team "${teamArg}"`);
}
