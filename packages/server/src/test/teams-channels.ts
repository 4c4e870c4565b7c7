import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { ServerEvent } from '../realtime/bus.ts';
import { makeUser, uniqueName, type TestServer, type TestUser } from './server.ts';

/** Creates a team through the API as `by` (who becomes its admin). */
export async function makeTeam(by: TestUser, fields: Partial<Team> = {}): Promise<Team> {
  const name = fields.name ?? uniqueName('team');
  return by.client.createTeam({ name, display_name: name, type: 'O', ...fields } as Team);
}

/** Creates a channel through the API as `by` (who becomes its admin). */
export async function makeChannel(by: TestUser, team: Team, fields: Partial<Channel> = {}): Promise<Channel> {
  const name = fields.name ?? uniqueName('chan');
  return by.client.createChannel({ team_id: team.id, name, display_name: name, type: 'O', ...fields } as Channel);
}

export type RawResponse = { status: number; body: Record<string, unknown> & { id?: string } };

/** A request Client4 has no method for, or one whose exact status matters. */
export async function api(t: TestServer, who: TestUser | null, method: string, path: string, body?: unknown): Promise<RawResponse> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (who) headers.Authorization = `Bearer ${who.token}`;
  const r = await fetch(`${t.url}/api/v4${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? (JSON.parse(text) as RawResponse['body']) : {} };
}

/**
 * Records every event the server publishes. Events are published right after their transaction commits, before the
 * HTTP response is sent, so once a call has returned its events are here.
 */
export function recordEvents(t: TestServer) {
  const all: ServerEvent[] = [];
  t.server.ctx.bus.subscribe((e) => all.push(e));
  let mark = 0;
  return {
    /** Events published since the previous call. */
    take(): ServerEvent[] {
      const out = all.slice(mark);
      mark = all.length;
      return out;
    },
  };
}

/** Makes the server's clock strictly increasing, so posts, edits and views made in one millisecond still have an order. */
export function strictClock(t: TestServer): void {
  let last = 0;
  t.server.ctx.now = () => (last = Math.max(Date.now(), last + 1));
}

/**
 * The messaging suites' world: `admin` (system admin, made first); `alice`, admin of team `fribyte`, who made the
 * public channel `pub` (generelt) and the private `priv` (admis); `bob` in the team and both channels; `carol` in
 * the team only; `dave` in no team.
 */
export async function messagingWorld(t: TestServer) {
  const admin = await makeUser(t, { username: 'admin' });
  const alice = await makeUser(t, { username: 'alice' });
  const bob = await makeUser(t, { username: 'bob' });
  const carol = await makeUser(t, { username: 'carol' });
  const dave = await makeUser(t, { username: 'dave' });
  const team = await makeTeam(alice, { name: 'fribyte' });
  await alice.client.addToTeam(team.id, bob.user.id);
  await alice.client.addToTeam(team.id, carol.user.id);
  const pub = await makeChannel(alice, team, { name: 'generelt' });
  const priv = await makeChannel(alice, team, { name: 'admis', type: 'P' });
  await alice.client.addToChannel(bob.user.id, pub.id);
  await alice.client.addToChannel(bob.user.id, priv.id);
  return { admin, alice, bob, carol, dave, team, pub, priv };
}
