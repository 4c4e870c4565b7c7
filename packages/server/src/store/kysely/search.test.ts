// Store conformance for message search: the same tests against SQLite FTS5 and PostgreSQL text search.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openStore, type KyselyStore } from './store.ts';
import { createPostgresDatabase, DRIVERS } from '../../test/database.ts';
import { newId } from '../../app/ids.ts';
import { newChannelMember, newChannelRecord } from '../../app/channels.ts';
import { parseSearch } from '../../app/search-query.ts';
import type { PostRecord } from '../posts.ts';
import { makePostRecord } from '../../test/records.ts';
import type { PostSearch } from '../search.ts';

const makePost = (channelId: string, createAt: number, message: string, fields: Partial<PostRecord> = {}): PostRecord =>
  makePostRecord(channelId, createAt, { message, ...fields });

for (const { driver, skip } of DRIVERS) {
  describe(`Post search store [${driver}]`, { skip }, () => {
    let dir: string;
    let dataSource: string;
    let drop: () => Promise<void> = async () => undefined;
    let store: KyselyStore;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'prat-search-'));
      dataSource = join(dir, 'prat.db');
      if (driver === 'postgres') {
        const db = await createPostgresDatabase();
        dataSource = db.url;
        drop = db.drop;
      }
      store = await openStore({ driver, dataSource });
    });
    after(async () => {
      await store?.close();
      await drop();
      await rm(dir, { recursive: true, force: true });
    });

    /** SQL on a connection of its own, for what the Store interface does not offer (bulk rows, EXPLAIN, VACUUM). */
    async function raw<T>(fn: (run: (text: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>) => Promise<T>): Promise<T> {
      if (driver === 'sqlite') {
        const db = new BetterSqlite3(dataSource);
        try {
          return await fn(async (text, params = []) => {
            const stmt = db.prepare(text);
            return stmt.reader ? (stmt.all(...params) as Array<Record<string, unknown>>) : (stmt.run(...params), []);
          });
        } finally {
          db.close();
        }
      }
      const client = new pg.Client({ connectionString: dataSource });
      await client.connect();
      try {
        return await fn(async (text, params = []) => (await client.query(text, params)).rows as Array<Record<string, unknown>>);
      } finally {
        await client.end();
      }
    }

    /** A team with one channel the searching user is a member of. */
    async function world() {
      const teamId = newId();
      const userId = newId();
      const addChannel = async (fields: { member?: boolean; team_id?: string; type?: 'O' | 'P' | 'D'; delete_at?: number } = {}) => {
        const { member = true, ...rest } = fields;
        const c = newChannelRecord({ team_id: teamId, type: 'O', name: `c${newId().slice(0, 12)}`, display_name: 'C', creator_id: '', ...rest }, 1);
        await store.channels.insert(c);
        if (member) await store.channels.insertMember(newChannelMember(c.id, userId, 1));
        return c;
      };
      const channel = await addChannel();
      let clock = 1_000;
      const post = async (message: string, fields: Partial<PostRecord> = {}) => {
        const p = makePost(channel.id, (clock += 10), message, fields);
        await store.posts.insert(p);
        return p;
      };
      /** Messages found by a search in Mattermost's syntax, newest first. */
      const find = async (terms: string, extra: Partial<PostSearch> = {}) => {
        const s = parseSearch(terms);
        const found = await store.search.posts({
          userId,
          teamId,
          includeArchivedChannels: false,
          terms: s.terms,
          anyTerm: false,
          excludedTerms: s.excludedTerms,
          excludedUserIds: [],
          excludedChannelNames: [],
          excludedTimes: [],
          offset: 0,
          limit: 100,
          ...extra,
        });
        return found.map((p) => p.message);
      };
      return { teamId, userId, channel, addChannel, post, find };
    }

    it('splits terms the way it indexes messages: dashes, dots, e-mail addresses and URLs are found, whole or in parts', async () => {
      const w = await world();
      await w.post('Deploy drift-status to prod now');
      await w.post('Released v1.2.3 today');
      await w.post('Mail ola@fribyte.no about it');
      await w.post('Playbooks in https://git.fribyte.no/drift/ansible (main branch)');
      await w.post('status of the drift, and version 3.2.1 of v1');
      assert.deepEqual(await w.find('drift-status'), ['Deploy drift-status to prod now']);
      assert.deepEqual(await w.find('DRIFT-Status'), ['Deploy drift-status to prod now']);
      assert.deepEqual(await w.find('v1.2.3'), ['Released v1.2.3 today']);
      assert.deepEqual(await w.find('v1.2'), ['Released v1.2.3 today']);
      assert.deepEqual(await w.find('ola@fribyte.no'), ['Mail ola@fribyte.no about it']);
      assert.deepEqual(await w.find('https://git.fribyte.no/drift/ansible'), ['Playbooks in https://git.fribyte.no/drift/ansible (main branch)']);
      assert.deepEqual(await w.find('git.fribyte.no'), ['Playbooks in https://git.fribyte.no/drift/ansible (main branch)']);
      assert.deepEqual(await w.find('drift/ansible'), ['Playbooks in https://git.fribyte.no/drift/ansible (main branch)']);
      assert.deepEqual(await w.find('fribyte.no'), ['Playbooks in https://git.fribyte.no/drift/ansible (main branch)', 'Mail ola@fribyte.no about it']);
      assert.deepEqual(await w.find('fribyte'), ['Playbooks in https://git.fribyte.no/drift/ansible (main branch)', 'Mail ola@fribyte.no about it']);
      assert.deepEqual(await w.find('ansible'), ['Playbooks in https://git.fribyte.no/drift/ansible (main branch)']);
      assert.deepEqual(await w.find('ola'), ['Mail ola@fribyte.no about it']);
    });

    it('folds case, Norwegian letters included, without folding å into a', async () => {
      const w = await world();
      await w.post('ØYSTEIN spiste blåbær på Ærø');
      await w.post('pa og paa');
      assert.deepEqual(await w.find('øystein'), ['ØYSTEIN spiste blåbær på Ærø']);
      assert.deepEqual(await w.find('BLÅBÆR ærø'), ['ØYSTEIN spiste blåbær på Ærø']);
      assert.deepEqual(await w.find('på'), ['ØYSTEIN spiste blåbær på Ærø']);
      assert.deepEqual(await w.find('pa'), ['pa og paa']);
      assert.deepEqual(await w.find('blå*'), ['ØYSTEIN spiste blåbær på Ærø']);
    });

    it('matches phrases in order, prefixes, all or any terms, and exclusions', async () => {
      const w = await world();
      await w.post('the backup job failed on db1');
      await w.post('failed backup on db2');
      await w.post('deployment finished');
      await w.post('deploy again tomorrow');
      assert.deepEqual(await w.find('"backup job"'), ['the backup job failed on db1']);
      assert.deepEqual(await w.find('"job backup"'), []);
      assert.deepEqual(await w.find('backup failed'), ['failed backup on db2', 'the backup job failed on db1']);
      assert.deepEqual(await w.find('deploy*'), ['deploy again tomorrow', 'deployment finished']);
      assert.deepEqual(await w.find('"backup jo*"'), ['the backup job failed on db1']);
      assert.deepEqual(await w.find('deploy'), ['deploy again tomorrow'], 'no stemming: deploy is not deployment');
      assert.deepEqual(await w.find('db1 deployment', { anyTerm: true }), ['deployment finished', 'the backup job failed on db1']);
      assert.deepEqual(await w.find('backup -job'), ['failed backup on db2']);
      assert.deepEqual(await w.find('backup -"job failed"'), ['failed backup on db2']);
      assert.deepEqual(await w.find('backup -db1 -db2'), []);
      assert.deepEqual(await w.find('-backup', { fromUserIds: undefined, since: 0 }), ['deploy again tomorrow', 'deployment finished'], 'exclusions alone filter the other criteria');
      assert.deepEqual(await w.find('and or not near'), [], 'FTS keywords are words like any other');
    });

    it('keeps the index current: an edit is found by its new text only, a deleted post not at all', async () => {
      const w = await world();
      const edited = await w.post('first draft about kubernetes');
      const deleted = await w.post('kubernetes cluster down');
      await store.posts.update(edited.id, { message: 'final text about nomad', edit_at: 5_000, update_at: 5_000 });
      await store.posts.softDelete(deleted, 6_000, w.userId);
      assert.deepEqual(await w.find('kubernetes'), []);
      assert.deepEqual(await w.find('draft'), []);
      assert.deepEqual(await w.find('nomad'), ['final text about nomad']);
      await store.posts.update(edited.id, { is_pinned: true, has_reactions: true, update_at: 7_000 });
      assert.deepEqual(await w.find('nomad'), ['final text about nomad'], 'other changes leave the index alone');
    });

    it('covers only channels the user is a member of, in the team, live, and no system messages', async () => {
      const w = await world();
      const notMember = await w.addChannel({ member: false, type: 'P' });
      const otherTeam = await w.addChannel({ team_id: newId() });
      const direct = await w.addChannel({ team_id: '', type: 'D' });
      const archived = await w.addChannel({ delete_at: 50 });
      for (const [c, label] of [[w.channel, 'own'], [notMember, 'private'], [otherTeam, 'other team'], [direct, 'direct'], [archived, 'archived']] as const) {
        await store.posts.insert(makePost(c.id, 2_000 + label.length, `zebra in ${label}`));
      }
      await w.post('zebra joined the channel', { type: 'system_join_channel' });
      assert.deepEqual((await w.find('zebra')).sort(), ['zebra in direct', 'zebra in own']);
      assert.deepEqual((await w.find('zebra', { includeArchivedChannels: true })).sort(), ['zebra in archived', 'zebra in direct', 'zebra in own']);
      assert.deepEqual((await w.find('zebra', { teamId: undefined })).sort(), ['zebra in direct', 'zebra in other team', 'zebra in own']);
      assert.deepEqual(await w.find('zebra', { inChannelNames: [direct.name] }), ['zebra in direct']);
      assert.deepEqual((await w.find('zebra', { excludedChannelNames: [direct.name] })).sort(), ['zebra in own']);
      assert.deepEqual(await w.find('zebra', { inChannelNames: [notMember.name] }), [], 'naming a channel does not open it');
      assert.deepEqual(await w.find('zebra', { inChannelNames: [] }), []);
    });

    it('filters by author and time, with or without terms, and pages newest first', async () => {
      const w = await world();
      const ola = newId();
      const posts = [];
      for (let i = 0; i < 6; i++) posts.push(await w.post(`tick ${i}`, { user_id: i % 2 === 0 ? ola : newId() }));
      const [t0, , t2, , t4] = posts.map((p) => p.create_at);
      assert.deepEqual(await w.find('tick', { fromUserIds: [ola] }), ['tick 4', 'tick 2', 'tick 0']);
      assert.deepEqual(await w.find('', { fromUserIds: [ola] }), ['tick 4', 'tick 2', 'tick 0']);
      assert.deepEqual(await w.find('', { fromUserIds: [] }), []);
      assert.deepEqual(await w.find('tick', { excludedUserIds: [ola] }), ['tick 5', 'tick 3', 'tick 1']);
      assert.deepEqual(await w.find('tick', { since: t2, until: t4 }), ['tick 3', 'tick 2']);
      assert.deepEqual(await w.find('tick', { excludedTimes: [{ since: t0, until: t4 }] }), ['tick 5', 'tick 4']);
      assert.deepEqual(await w.find('tick', { limit: 2, offset: 2 }), ['tick 3', 'tick 2']);
    });

    it('answers from the full-text index, never by scanning posts', async () => {
      const w = await world();
      const channels = [w.channel.id];
      for (let i = 0; i < 9; i++) channels.push((await w.addChannel({ member: i < 4 })).id);
      const plan = await raw(async (run) => {
        if (driver === 'sqlite') {
          await run(
            `with recursive s(i) as (select 1 union all select i + 1 from s where i < 5000)
             insert into posts (id, create_at, update_at, user_id, channel_id, message)
             select printf('plan%022d', i), i, i, 'u', json_extract(?, '$[' || (i % 10) || ']'), 'filler text number ' || i || case when i % 1000 = 0 then ' needle' else '' end from s`,
            [JSON.stringify(channels)],
          );
          await run('analyze');
        } else {
          await run(
            `insert into posts (id, create_at, update_at, user_id, channel_id, message)
             select 'plan' || lpad(i::text, 22, '0'), i, i, 'u', $1::json->>(i % 10), 'filler text number ' || i || case when i % 1000 = 0 then ' needle' else '' end
             from generate_series(1, 5000) i`,
            [JSON.stringify(channels)],
          );
          // As autovacuum would: statistics, and the GIN pending list merged into the index.
          await run('vacuum analyze post_search');
          await run('analyze posts');
        }
        const s = parseSearch('needle "text number"');
        const q: PostSearch = {
          userId: w.userId,
          teamId: w.teamId,
          includeArchivedChannels: false,
          terms: s.terms,
          anyTerm: false,
          excludedTerms: [],
          excludedUserIds: [],
          excludedChannelNames: [],
          excludedTimes: [],
          offset: 0,
          limit: 61,
        };
        const compiled = store.search.query(q, await store.search.channelIds(q)).compile();
        const rows = await run(`${driver === 'sqlite' ? 'explain query plan' : 'explain'} ${compiled.sql}`, [...compiled.parameters]);
        return rows.map((r) => String(r.detail ?? r['QUERY PLAN'])).join('\n');
      });
      if (driver === 'sqlite') {
        assert.match(plan, /SCAN posts_fts VIRTUAL TABLE INDEX \d+:M/, plan);
        // Posts are reached through the user's channels (an index), the matches checked against the list.
        assert.match(plan, /SEARCH p USING (COVERING )?INDEX idx_posts_channel/, plan);
        assert.doesNotMatch(plan, /SCAN p\b(?! USING)/, plan);
      } else {
        assert.match(plan, /Bitmap Index Scan on idx_post_search_words/, plan);
        assert.doesNotMatch(plan, /Seq Scan on post/, plan);
      }
      // Every thousandth post went to channel 0 of the list, the user's own.
      assert.deepEqual(await w.find('needle "text number"'), [5000, 4000, 3000, 2000, 1000].map((i) => `filler text number ${i} needle`));
    });

    it('keeps the index consistent with posts through edits, soft and hard deletes (and VACUUM on SQLite)', async () => {
      const w = await world();
      const a = await w.post('alpha one');
      const b = await w.post('bravo two');
      const c = await w.post('charlie three');
      await store.posts.update(a.id, { message: 'alpha uno' });
      await store.posts.softDelete(b, 9_000, w.userId);
      await raw(async (run) => {
        await run(driver === 'sqlite' ? 'delete from posts where id = ?' : 'delete from posts where id = $1', [c.id]);
        if (driver === 'sqlite') {
          // 'integrity-check' with rank 1 compares the index with its content table, posts.
          await run(`insert into posts_fts (posts_fts, rank) values ('integrity-check', 1)`);
          await run('vacuum');
          await run(`insert into posts_fts (posts_fts, rank) values ('integrity-check', 1)`);
        } else {
          const drift = await run(`
            (select id, to_tsvector('simple'::regconfig, prat_search_text(message)) from posts where delete_at = 0 and substr(type, 1, 7) <> 'system_'
             except select post_id, words from post_search)
            union all
            (select post_id, words from post_search
             except select id, to_tsvector('simple'::regconfig, prat_search_text(message)) from posts where delete_at = 0 and substr(type, 1, 7) <> 'system_')`);
          assert.deepEqual(drift, [], 'post_search holds exactly the words of the live posts');
        }
      });
      assert.deepEqual(await w.find('alpha'), ['alpha uno']);
      assert.deepEqual(await w.find('one'), []);
      assert.deepEqual(await w.find('bravo'), []);
      assert.deepEqual(await w.find('charlie'), []);
    });
  });
}
