import pg from 'pg';
import { randomBytes } from 'node:crypto';

export type Driver = 'sqlite' | 'postgres';

/** Where the PostgreSQL suites connect: PRAT_TEST_POSTGRES, or the local server with trust auth. */
export const POSTGRES_URL = process.env.PRAT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REQUIRE_ALL = process.env.PRAT_REQUIRE_ALL === '1';

async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    return `PostgreSQL not reachable at ${redact(POSTGRES_URL)} (${(err as Error).message}); set PRAT_TEST_POSTGRES to run these suites`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** Why the PostgreSQL suites cannot run here, or undefined when they can. With PRAT_REQUIRE_ALL=1 a reason is fatal. */
export const postgresSkipReason: string | undefined = await probePostgres();
if (postgresSkipReason && REQUIRE_ALL) throw new Error(`PRAT_REQUIRE_ALL=1 but ${postgresSkipReason}`);

/** A fresh, empty PostgreSQL database for one test server; drop() removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `prat_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** The drivers every database-backed suite runs on, each with its skip reason (if any). */
export const DRIVERS: Array<{ driver: Driver; skip: string | undefined }> = [
  { driver: 'sqlite', skip: undefined },
  { driver: 'postgres', skip: postgresSkipReason },
];
