// The Store conformance suite: the same tests against every dialect, so SQLite and PostgreSQL cannot drift apart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import { openStore, type KyselyStore } from './store.ts';
import { LATEST_MIGRATION, openDatabase } from './database.ts';
import { createPostgresDatabase, DRIVERS, type Driver } from '../../test/database.ts';
import { newId } from '../../app/ids.ts';
import { newChannelMember, newChannelRecord } from '../../app/channels.ts';
import type { UserRecord } from '../users.ts';
import type { SessionRecord } from '../sessions.ts';
import type { AccessTokenRecord } from '../access-tokens.ts';

type Fresh = { dataSource: string; drop(): Promise<void> };

/** An empty database of the driver's kind. */
async function freshDatabase(driver: Driver, dir: string): Promise<Fresh> {
  if (driver === 'postgres') {
    const pg = await createPostgresDatabase();
    return { dataSource: pg.url, drop: pg.drop };
  }
  return { dataSource: join(dir, `${newId()}.db`), drop: async () => undefined };
}

let clock = 1_700_000_000_000;
const tick = () => (clock += 1000);

function makeUserRecord(fields: Partial<UserRecord> = {}): UserRecord {
  const now = tick();
  const id = newId();
  return {
    id,
    create_at: now,
    update_at: now,
    delete_at: 0,
    username: `u${id.slice(0, 12)}`,
    password: '',
    auth_service: '',
    email: `${id}@example.com`,
    email_verified: false,
    nickname: '',
    first_name: '',
    last_name: '',
    position: '',
    roles: 'system_user',
    locale: 'en',
    timezone: {},
    notify_props: {},
    props: {},
    last_password_update: now,
    last_picture_update: 0,
    failed_attempts: 0,
    is_bot: false,
    ...fields,
  };
}

const makeSession = (userId: string, fields: Partial<SessionRecord> = {}): SessionRecord => ({
  id: newId(),
  token_hash: newId() + newId(),
  user_id: userId,
  create_at: tick(),
  expires_at: clock + 3_600_000,
  last_activity_at: clock,
  device_id: '',
  roles: 'system_user',
  is_oauth: false,
  csrf_token: newId(),
  props: {},
  ...fields,
});

const makeToken = (userId: string, fields: Partial<AccessTokenRecord> = {}): AccessTokenRecord => ({
  id: newId(),
  token_hash: newId() + newId(),
  user_id: userId,
  description: 'a token',
  is_active: true,
  create_at: tick(),
  ...fields,
});

for (const { driver, skip } of DRIVERS) {
  describe(`Store conformance [${driver}]`, { skip }, () => {
    let dir: string;
    let db: Fresh;
    let store: KyselyStore;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'prat-store-'));
      db = await freshDatabase(driver, dir);
      store = await openStore({ driver, dataSource: db.dataSource });
    });
    after(async () => {
      await store?.close();
      await db?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    describe('users', () => {
      it('reads back exactly what was inserted: booleans, numbers and JSON fields included', async () => {
        const u = makeUserRecord({
          email_verified: true,
          is_bot: true,
          timezone: { useAutomaticTimezone: 'true', automaticTimezone: 'Europe/Oslo' },
          notify_props: { mention_keys: 'drift,@channel' },
          props: { customStatus: '' },
          failed_attempts: 3,
          last_picture_update: 1_800_000_000_123,
        });
        await store.users.insert(u);
        assert.deepEqual(await store.users.get(u.id), u);
        assert.equal(await store.users.get(newId()), undefined);
      });

      it('updates only the given fields', async () => {
        const u = makeUserRecord({ nickname: 'before', first_name: 'Kari' });
        await store.users.insert(u);
        await store.users.update(u.id, { nickname: 'after', is_bot: true, props: { a: 'b' }, update_at: u.update_at + 1 });
        assert.deepEqual(await store.users.get(u.id), { ...u, nickname: 'after', is_bot: true, props: { a: 'b' }, update_at: u.update_at + 1 });
      });

      it('refuses a second user with the same username or email', async () => {
        const u = makeUserRecord();
        await store.users.insert(u);
        await assert.rejects(store.users.insert(makeUserRecord({ username: u.username })));
        await assert.rejects(store.users.insert(makeUserRecord({ email: u.email })));
      });

      it('finds users by username and by email regardless of case, and by lists of either', async () => {
        const u = makeUserRecord({ username: 'kari.nordmann', email: 'Kari.Nordmann@Example.ORG' });
        const v = makeUserRecord({ username: 'ola_nordmann' });
        await store.users.insert(u);
        await store.users.insert(v);
        assert.equal((await store.users.getByUsername('KARI.NORDMANN'))?.id, u.id);
        assert.equal((await store.users.getByEmail('kari.nordmann@example.org'))?.id, u.id);
        assert.equal((await store.users.getByEmail('KARI.NORDMANN@EXAMPLE.ORG'))?.id, u.id);
        assert.equal(await store.users.getByEmail('kari%@example.org'), undefined);
        assert.deepEqual((await store.users.getByUsernames(['ola_nordmann', 'kari.nordmann', 'nobody'])).map((x) => x.id).sort(), [u.id, v.id].sort());
        assert.deepEqual((await store.users.getMany([u.id, v.id, newId()])).map((x) => x.id).sort(), [u.id, v.id].sort());
        assert.deepEqual(await store.users.getMany([]), []);
        assert.deepEqual(await store.users.getByUsernames([]), []);
      });

      it('counts and pages users without overlap, sorted by username or newest first', async () => {
        for (let i = 0; i < 5; i++) await store.users.insert(makeUserRecord({ username: `page${i}` }));
        const total = await store.users.count();
        const all = await store.users.list({}, { page: 0, perPage: 200 });
        assert.equal(all.length, total);
        const names = all.map((u) => u.username);
        assert.deepEqual(names, [...names].sort());
        const first = await store.users.list({}, { page: 0, perPage: 3 });
        const second = await store.users.list({}, { page: 1, perPage: 3 });
        assert.deepEqual([...first, ...second].map((u) => u.id), all.slice(0, 6).map((u) => u.id));
        assert.deepEqual(await store.users.list({}, { page: 1000, perPage: 3 }), []);
        const newest = await store.users.list({ sort: 'create_at' }, { page: 0, perPage: 200 });
        const times = newest.map((u) => u.create_at);
        assert.deepEqual(times, [...times].sort((a, b) => b - a));
      });

      it('filters deactivated users', async () => {
        const gone = makeUserRecord({ delete_at: tick() });
        await store.users.insert(gone);
        const active = await store.users.list({ includeInactive: false }, { page: 0, perPage: 200 });
        const inactive = await store.users.list({ inactiveOnly: true }, { page: 0, perPage: 200 });
        assert.ok(!active.some((u) => u.id === gone.id));
        assert.deepEqual(inactive.map((u) => u.id), [gone.id]);
        assert.ok((await store.users.list({}, { page: 0, perPage: 200 })).some((u) => u.id === gone.id));
      });

      it('searches by prefix of username, names and nickname, case-insensitively, with LIKE wildcards taken literally', async () => {
        const users = {
          underscore: makeUserRecord({ username: 'wild_card' }),
          x: makeUserRecord({ username: 'wildxcard' }),
          percent: makeUserRecord({ username: 'wild%card' }),
          backslash: makeUserRecord({ username: 'wild\\card' }),
          named: makeUserRecord({ username: 'gitea-bot', first_name: 'Øystein', last_name: 'Ærlig', nickname: 'Driftsansvarlig', email: 'oystein@fribyte.example' }),
        };
        for (const u of Object.values(users)) await store.users.insert(u);
        const search = async (term: string, allowEmails = false) =>
          (await store.users.search(term, { limit: 100, allowEmails })).map((u) => u.id).sort();

        assert.deepEqual(await search('wild_'), [users.underscore.id]);
        assert.deepEqual(await search('wild%'), [users.percent.id]);
        assert.deepEqual(await search('wild\\'), [users.backslash.id]);
        assert.deepEqual(await search('WILD'), Object.values(users).slice(0, 4).map((u) => u.id).sort());
        assert.deepEqual(await search('%'), []);
        assert.deepEqual(await search('_'), []);
        assert.deepEqual(await search('@gitea'), [users.named.id]);
        assert.deepEqual(await search('drifts'), [users.named.id]);
        assert.deepEqual(await search('øystein'), [users.named.id], 'first name, non-ASCII, lower case');
        assert.deepEqual(await search('ØYSTEIN Æ'), [users.named.id], 'full name, non-ASCII, upper case');
        assert.deepEqual(await search('ærlig'), [users.named.id], 'last name, non-ASCII');
        assert.deepEqual(await search('oystein@'), [], 'emails only when allowed');
        assert.deepEqual(await search('OYSTEIN@', true), [users.named.id]);
        assert.equal((await store.users.search('wild', { limit: 2 })).length, 2);
      });
    });

    describe('sessions', () => {
      it('stores, finds by token hash, touches and removes sessions', async () => {
        const u = makeUserRecord();
        await store.users.insert(u);
        const s = makeSession(u.id, { props: { platform: 'Linux' }, is_oauth: true });
        await store.sessions.insert(s);
        assert.deepEqual(await store.sessions.getByTokenHash(s.token_hash), { session: s, user: { roles: u.roles, delete_at: 0 } });
        assert.deepEqual(await store.sessions.get(s.id), s);
        assert.equal(await store.sessions.getByTokenHash(s.token_hash.toUpperCase()), undefined);
        assert.equal(await store.sessions.getByTokenHash(s.token_hash.toUpperCase(), true), undefined);
        assert.deepEqual(await store.sessions.getByTokenHash(s.token_hash, true), { session: s, user: { roles: u.roles, delete_at: 0 }, channelRoles: [] });
        // With the user's channel roles, read in the same statement.
        const channels = [1, 2].map(() => newChannelRecord({ team_id: newId(), type: 'O', name: `c${newId().slice(0, 10)}`, display_name: 'C', creator_id: u.id }, 1));
        for (const c of channels) await store.channels.insert(c);
        await store.channels.insertMember(newChannelMember(channels[0]!.id, u.id, 1));
        await store.channels.insertMember(newChannelMember(channels[1]!.id, u.id, 1, true));
        const withRoles = await store.sessions.getByTokenHash(s.token_hash, true);
        assert.deepEqual(withRoles?.session, s);
        assert.deepEqual(
          withRoles?.channelRoles?.sort((a, b) => (a.scheme_admin ? 1 : 0) - (b.scheme_admin ? 1 : 0)),
          [
            { channel_id: channels[0]!.id, roles: '', scheme_user: true, scheme_admin: false },
            { channel_id: channels[1]!.id, roles: '', scheme_user: true, scheme_admin: true },
          ],
        );
        await store.sessions.touch(s.id, s.last_activity_at + 5);
        assert.equal((await store.sessions.get(s.id))?.last_activity_at, s.last_activity_at + 5);
        await store.sessions.remove(s.id);
        assert.equal(await store.sessions.get(s.id), undefined);
      });

      it("lists a user's sessions newest first and removes them by user", async () => {
        const u = makeUserRecord();
        const other = makeUserRecord();
        await store.users.insert(u);
        await store.users.insert(other);
        const a = makeSession(u.id);
        const b = makeSession(u.id);
        const c = makeSession(other.id);
        for (const s of [a, b, c]) await store.sessions.insert(s);
        assert.deepEqual((await store.sessions.listForUser(u.id)).map((s) => s.id), [b.id, a.id]);
        await store.sessions.removeForUser(u.id);
        assert.deepEqual(await store.sessions.listForUser(u.id), []);
        assert.ok(await store.sessions.get(c.id));
      });

      it('removes expired sessions but never those without expiry', async () => {
        const u = makeUserRecord();
        await store.users.insert(u);
        const now = tick();
        const expired = makeSession(u.id, { expires_at: now - 1 });
        const live = makeSession(u.id, { expires_at: now + 1 });
        const forever = makeSession(u.id, { expires_at: 0 });
        for (const s of [expired, live, forever]) await store.sessions.insert(s);
        assert.ok((await store.sessions.removeExpired(now)) >= 1);
        assert.equal(await store.sessions.get(expired.id), undefined);
        assert.ok(await store.sessions.get(live.id));
        assert.ok(await store.sessions.get(forever.id));
      });
    });

    describe('access tokens', () => {
      it('stores tokens, finds them by hash, pages them, and disables and removes them', async () => {
        const u = makeUserRecord();
        const other = makeUserRecord();
        await store.users.insert(u);
        await store.users.insert(other);
        const tokens = [makeToken(u.id), makeToken(u.id, { description: 'ci' }), makeToken(u.id), makeToken(other.id)];
        for (const t of tokens) await store.accessTokens.insert(t);
        assert.deepEqual(await store.accessTokens.get(tokens[1]!.id), tokens[1]);
        assert.deepEqual(await store.accessTokens.getByTokenHash(tokens[3]!.token_hash), tokens[3]);
        assert.equal(await store.accessTokens.get(newId()), undefined);

        const mine = await store.accessTokens.listForUser(u.id, { page: 0, perPage: 200 });
        assert.deepEqual(mine.map((t) => t.id), tokens.slice(0, 3).map((t) => t.id));
        const p0 = await store.accessTokens.listForUser(u.id, { page: 0, perPage: 2 });
        const p1 = await store.accessTokens.listForUser(u.id, { page: 1, perPage: 2 });
        assert.deepEqual([...p0, ...p1].map((t) => t.id), mine.map((t) => t.id));
        const all = await store.accessTokens.listAll({ page: 0, perPage: 200 });
        for (const t of tokens) assert.ok(all.some((x) => x.id === t.id));

        await store.accessTokens.setActive(tokens[0]!.id, false);
        assert.equal((await store.accessTokens.get(tokens[0]!.id))?.is_active, false);
        await store.accessTokens.setActive(tokens[0]!.id, true);
        assert.equal((await store.accessTokens.get(tokens[0]!.id))?.is_active, true);
        await store.accessTokens.remove(tokens[0]!.id);
        assert.equal(await store.accessTokens.getByTokenHash(tokens[0]!.token_hash), undefined);
        await assert.rejects(store.accessTokens.insert(makeToken(u.id, { token_hash: tokens[1]!.token_hash })));
      });
    });

    describe('transactions', () => {
      it('commits all of a transaction, and sees its own writes inside it', async () => {
        const u = makeUserRecord();
        const s = makeSession(u.id);
        const seen = await store.tx(async (tx) => {
          await tx.users.insert(u);
          await tx.sessions.insert(s);
          return (await tx.users.get(u.id))?.id;
        });
        assert.equal(seen, u.id);
        assert.ok(await store.users.get(u.id));
        assert.ok(await store.sessions.get(s.id));
      });

      it('rolls back every write when the transaction fails, nested ones included', async () => {
        const u = makeUserRecord();
        const v = makeUserRecord();
        const boom = new Error('boom');
        await assert.rejects(
          store.tx(async (tx) => {
            await tx.users.insert(u);
            await tx.tx(async (inner) => inner.users.insert(v));
            await tx.accessTokens.insert(makeToken(u.id));
            throw boom;
          }),
          boom,
        );
        assert.equal(await store.users.get(u.id), undefined);
        assert.equal(await store.users.get(v.id), undefined);
        assert.deepEqual(await store.accessTokens.listForUser(u.id, { page: 0, perPage: 10 }), []);

        const dup = makeUserRecord();
        await store.users.insert(dup);
        const w = makeUserRecord();
        await assert.rejects(
          store.tx(async (tx) => {
            await tx.users.insert(w);
            await tx.users.insert(makeUserRecord({ username: dup.username }));
          }),
        );
        assert.equal(await store.users.get(w.id), undefined, 'a failed statement rolls back the ones before it');
      });
    });

    describe('migrations', () => {
      it('migrates a fresh database to the latest schema, and opening it again changes nothing', async () => {
        const fresh = await freshDatabase(driver, dir);
        try {
          const first = await openStore({ driver, dataSource: fresh.dataSource });
          const u = makeUserRecord();
          await first.users.insert(u);
          await first.close();
          const again = await openStore({ driver, dataSource: fresh.dataSource });
          try {
            assert.deepEqual(await again.users.get(u.id), u);
          } finally {
            await again.close();
          }
          const raw = openDatabase({ driver, dataSource: fresh.dataSource });
          try {
            const names = (await sql<{ name: string }>`select name from prat_migrations order by name`.execute(raw.db)).rows.map((r) => r.name);
            assert.equal(names.at(-1), LATEST_MIGRATION);
            assert.equal(new Set(names).size, names.length);
          } finally {
            await raw.close();
          }
        } finally {
          await fresh.drop();
        }
      });

      it('refuses a database migrated by a newer Prat', async () => {
        const fresh = await freshDatabase(driver, dir);
        try {
          await (await openStore({ driver, dataSource: fresh.dataSource })).close();
          const raw = openDatabase({ driver, dataSource: fresh.dataSource });
          await sql`insert into prat_migrations (name, timestamp) values (${'9999-from-the-future'}, ${new Date().toISOString()})`.execute(raw.db);
          await raw.close();
          await assert.rejects(openStore({ driver, dataSource: fresh.dataSource }), /newer version of Prat/);
        } finally {
          await fresh.drop();
        }
      });

      if (driver === 'sqlite') {
        it('runs SQLite in WAL mode', async () => {
          const check = new BetterSqlite3(db.dataSource, { readonly: true });
          try {
            assert.equal(check.pragma('journal_mode', { simple: true }), 'wal');
          } finally {
            check.close();
          }
        });
      }
    });
  });
}
