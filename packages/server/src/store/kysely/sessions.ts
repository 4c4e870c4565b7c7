import type { Kysely, Selectable } from 'kysely';
import type { DB, SessionsTable } from './schema.ts';
import type { SessionLookup, SessionRecord, SessionStore } from '../sessions.ts';
import { bool, parseJson } from './util.ts';

const toRecord = (r: Selectable<SessionsTable>): SessionRecord => ({
  ...r,
  is_oauth: bool(r.is_oauth),
  props: parseJson(r.props, {}),
});

export class KyselySessionStore implements SessionStore {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(s: SessionRecord): Promise<void> {
    await this.db.insertInto('sessions').values({ ...s, props: JSON.stringify(s.props) }).execute();
  }

  async getByTokenHash(tokenHash: string, withChannelRoles = false): Promise<SessionLookup | undefined> {
    // The user's fields come in the same statement: authentication needs both, and it runs on every uncached request.
    // With withChannelRoles, one row per channel membership of the user (the session's columns repeated): the read
    // checks of a user's first requests need them, and this saves them a round trip of their own.
    const query = this.db
      .selectFrom('sessions as s')
      .leftJoin('users as u', 'u.id', 's.user_id')
      .selectAll('s')
      .select(['u.roles as u_roles', 'u.delete_at as u_delete_at'])
      .where('s.token_hash', '=', tokenHash);
    const found = (r: Awaited<ReturnType<typeof query.executeTakeFirstOrThrow>>) => {
      const { u_roles, u_delete_at, ...session } = r;
      return { session: toRecord(session), user: u_roles === null || u_roles === undefined ? undefined : { roles: u_roles, delete_at: Number(u_delete_at) } };
    };
    if (!withChannelRoles) {
      const r = await query.executeTakeFirst();
      return r && found(r);
    }
    const rows = await query
      .leftJoin('channel_members as cm', 'cm.user_id', 's.user_id')
      .select(['cm.channel_id as cm_channel_id', 'cm.roles as cm_roles', 'cm.scheme_user as cm_scheme_user', 'cm.scheme_admin as cm_scheme_admin'])
      .execute();
    if (rows.length === 0) return undefined;
    const { cm_channel_id: _c, cm_roles: _r, cm_scheme_user: _u, cm_scheme_admin: _a, ...first } = rows[0]!;
    const channelRoles = rows
      .filter((r) => r.cm_channel_id !== null)
      .map((r) => ({ channel_id: r.cm_channel_id!, roles: r.cm_roles ?? '', scheme_user: bool(r.cm_scheme_user ?? false), scheme_admin: bool(r.cm_scheme_admin ?? false) }));
    return { ...found(first), channelRoles };
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const r = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRecord(r);
  }

  async listForUser(userId: string): Promise<SessionRecord[]> {
    const rows = await this.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('create_at', 'desc').execute();
    return rows.map(toRecord);
  }

  async touch(id: string, lastActivityAt: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_activity_at: lastActivityAt }).where('id', '=', id).execute();
  }

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async removeForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async removeExpired(now: number): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '>', 0).where('expires_at', '<', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
