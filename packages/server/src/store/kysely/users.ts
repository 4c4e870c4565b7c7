import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { DB, UsersTable } from './schema.ts';
import type { UserFilter, UserRecord, UserStore } from '../users.ts';
import type { Page } from '../store.ts';
import { bool, ilike, likeContains, likePrefix, offsetOf, parseJson } from './util.ts';

function toRecord(r: Selectable<UsersTable>): UserRecord {
  return {
    ...r,
    email_verified: bool(r.email_verified),
    is_bot: bool(r.is_bot),
    timezone: parseJson(r.timezone, {}),
    notify_props: parseJson(r.notify_props, {}),
    props: parseJson(r.props, {}),
  };
}

function toRow(u: Partial<UserRecord>): Record<string, unknown> {
  const row: Record<string, unknown> = { ...u };
  for (const key of ['timezone', 'notify_props', 'props'] as const) {
    if (u[key] !== undefined) row[key] = JSON.stringify(u[key]);
  }
  return row;
}

export class KyselyUserStore implements UserStore {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(user: UserRecord): Promise<void> {
    await this.db.insertInto('users').values(toRow(user) as never).execute();
  }

  async update(id: string, patch: Partial<Omit<UserRecord, 'id' | 'create_at'>>): Promise<void> {
    await this.db.updateTable('users').set(toRow(patch) as never).where('id', '=', id).execute();
  }

  async get(id: string): Promise<UserRecord | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRecord(r);
  }

  async getMany(ids: string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
    return rows.map(toRecord);
  }

  async getByUsername(username: string): Promise<UserRecord | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
    return r && toRecord(r);
  }

  async getByUsernames(usernames: string[]): Promise<UserRecord[]> {
    if (usernames.length === 0) return [];
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', 'in', usernames.map((u) => u.toLowerCase()))
      .execute();
    return rows.map(toRecord);
  }

  async getByEmail(email: string): Promise<UserRecord | undefined> {
    const r = await this.db
      .selectFrom('users')
      .selectAll()
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
    return r && toRecord(r);
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  private filtered(filter: UserFilter) {
    // EXISTS over the membership tables' primary keys: (team_id, user_id) and (channel_id, user_id).
    const inTeam = (eb: ExpressionBuilder<DB, 'users'>, teamId: string) =>
      eb.exists(
        eb
          .selectFrom('team_members')
          .select('team_members.user_id')
          .whereRef('team_members.user_id', '=', 'users.id')
          .where('team_members.team_id', '=', teamId)
          .where('team_members.delete_at', '=', 0),
      );
    const inChannel = (eb: ExpressionBuilder<DB, 'users'>, channelId: string) =>
      eb.exists(
        eb
          .selectFrom('channel_members')
          .select('channel_members.user_id')
          .whereRef('channel_members.user_id', '=', 'users.id')
          .where('channel_members.channel_id', '=', channelId),
      );
    const { inTeam: team, notInTeam, inChannel: channel, notInChannel } = filter;
    let q = this.db.selectFrom('users').selectAll('users');
    if (team) q = q.where((eb) => inTeam(eb, team));
    if (notInTeam) q = q.where((eb) => eb.not(inTeam(eb, notInTeam)));
    if (channel) q = q.where((eb) => inChannel(eb, channel));
    if (notInChannel) q = q.where((eb) => eb.not(inChannel(eb, notInChannel)));
    if (filter.inactiveOnly) q = q.where('users.delete_at', '>', 0);
    else if (filter.includeInactive === false) q = q.where('users.delete_at', '=', 0);
    if (filter.role) q = q.where(ilike(sql.ref('users.roles'), likeContains(filter.role)));
    return q;
  }

  async list(filter: UserFilter, page: Page): Promise<UserRecord[]> {
    let q = this.filtered(filter);
    q = filter.sort === 'create_at' ? q.orderBy('users.create_at', 'desc').orderBy('users.id') : q.orderBy('users.username');
    const rows = await q.limit(page.perPage).offset(offsetOf(page)).execute();
    return rows.map(toRecord);
  }

  async search(term: string, filter: UserFilter & { allowEmails?: boolean; limit: number }): Promise<UserRecord[]> {
    const pattern = likePrefix(term.replace(/^@/, ''));
    const rows = await this.filtered(filter)
      .where((eb) => {
        const ors = [
          ilike(sql.ref('users.username'), pattern),
          ilike(sql.ref('users.first_name'), pattern),
          ilike(sql.ref('users.last_name'), pattern),
          ilike(sql.ref('users.nickname'), pattern),
          ilike(sql`${sql.ref('users.first_name')} || ' ' || ${sql.ref('users.last_name')}`, pattern),
        ];
        if (filter.allowEmails) ors.push(ilike(sql.ref('users.email'), pattern));
        return eb.or(ors);
      })
      .orderBy('users.username')
      .limit(filter.limit)
      .execute();
    return rows.map(toRecord);
  }
}
