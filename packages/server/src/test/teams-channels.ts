import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { ServerEvent } from '../realtime/bus.ts';
import { uniqueName, type TestServer, type TestUser } from './server.ts';

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
