import pg from 'pg';
import { rowBuilder } from './util.ts';

/**
 * PostgreSQL statements that recur run as named prepared statements: the server parses each once per connection and,
 * after a few runs, reuses its plan instead of planning the statement again. Kysely sends every statement unnamed,
 * so PostgreSQL planned each one on every request: 0.1–0.4 ms per statement here, as much as the statement itself
 * (the channel read check with its posts ETag: p50 0.76 → 0.35 ms, p99 2.7 → 0.7 ms). PostgreSQL still plans a
 * prepared statement afresh while a generic plan would cost more than one made for the values (plan_cache_mode auto).
 *
 * Only statements with parameters are named, once their text has been seen twice (one-off statements such as
 * migrations stay unnamed), and at most `limit` texts in all: IN lists give texts that vary with their length, and
 * each connection keeps every statement it prepared until it closes (the pool closes idle connections). Statements
 * whose best plan depends on their values are never named: those that match text against a parameter (a tsquery,
 * LIKE), and those marked with PLAN_PER_VALUE (post search, whose channel and author lists vary from user to user).
 * A plan made once for any value made searches slower (two-word searches p50 9 → 20 ms, phrase p99 124 → 185 ms,
 * from: p99 17 → 37 ms in the history benchmark).
 */
/** Appended to a statement whose plan must be made for its values each time (see StatementNames). */
export const PLAN_PER_VALUE = '/* plan per value */';

/** Text matched against a parameter: a tsquery, LIKE or ILIKE. */
const MATCHES_TEXT = /\bto_tsquery\(|\b(i?like)\b/i;

export class StatementNames {
  private readonly names = new Map<string, string>();
  /** Texts seen once, not named yet. */
  private readonly seen = new Set<string>();
  private next = 0;

  private off = false;

  constructor(private readonly limit = 500) {}

  /** From now on every statement runs unnamed. */
  turnOff(): void {
    this.off = true;
  }

  /** The name to prepare this statement under, or undefined to run it unnamed. */
  nameFor(text: string): string | undefined {
    if (this.off) return undefined;
    const name = this.names.get(text);
    if (name !== undefined || this.names.size >= this.limit || MATCHES_TEXT.test(text) || text.includes(PLAN_PER_VALUE)) return name;
    if (!this.seen.has(text)) {
      // Bounded like the names: an unbounded stream of distinct texts must not grow memory.
      if (this.seen.size >= this.limit * 4) this.seen.clear();
      this.seen.add(text);
      return undefined;
    }
    this.seen.delete(text);
    const fresh = `prat_${(this.next++).toString(36)}`;
    this.names.set(text, fresh);
    return fresh;
  }
}

type QueryResult = pg.QueryResult<Record<string, unknown>>;

/** Row builders by column list (see rowBuilder); bounded, as the statement names are. */
const builders = new Map<string, (row: unknown[]) => Record<string, unknown>>();

/** Turns a result read with rowMode 'array' into the row objects pg would have made. */
function withRowObjects(result: QueryResult): QueryResult {
  const fields = result.fields;
  if (!fields || fields.length === 0 || result.rows.length === 0) return result;
  const names = fields.map((f) => f.name);
  const key = names.join('\u0000');
  let build = builders.get(key);
  if (!build) {
    if (builders.size >= 1000) builders.clear();
    builders.set(key, (build = rowBuilder(names)));
  }
  const rows = result.rows as unknown as unknown[][];
  for (let i = 0; i < rows.length; i++) (rows as unknown[])[i] = build(rows[i]!);
  return result;
}

/**
 * A pg.Client for the pool (its `Client` option) that names recurring statements as StatementNames says, runs them
 * through pg's callback API, and reads rows as arrays turned into objects by withRowObjects. Kysely calls
 * query(text, values); every other form of call is passed through untouched.
 *
 * Why callbacks: with pg's promise API (query() without a callback), the rows of nearly every result outlived the
 * next young-generation collection and were promoted to the old generation, only to die there (V8 --trace-gc: 77 %
 * of what a loop of 60-row queries allocated survived each scavenge, and each scavenge paused the process 7–12 ms;
 * through the callback API, 1 % and 0.5 ms). Every request that reads rows paid for it in pauses that landed on
 * whatever request was in flight.
 *
 * Why arrays: pg builds each row object by copying a prototype-less template, which V8 keeps as a dictionary: ≈ 700
 * bytes for a post row, slow to read. A cold channel page (≈ 80 rows) allocated 356 KB in all, 57 KB of it those row
 * objects.
 */
export function preparingClient(names: StatementNames): typeof pg.Client {
  return class PreparingClient extends pg.Client {
    // pg's query() has many overloads; only the one Kysely uses is changed.
    override query(...args: unknown[]): never {
      const [text, values, callback] = args;
      if (typeof text !== 'string' || !Array.isArray(values) || callback !== undefined) return (super.query as (...a: unknown[]) => never).apply(this, args);
      const name = values.length > 0 ? names.nameFor(text) : undefined;
      if (name === undefined) return this.run({ text, values }) as never;
      return this.run({ name, text, values }).catch((err: unknown) => this.replanned(err, name, text, values)) as never;
    }

    // (No stack to mend on failure, as pg's promise API does: Kysely appends its caller's stack to every error.)
    private run(config: pg.QueryConfig): Promise<QueryResult> {
      return new Promise((resolve, reject) =>
        super.query({ ...config, rowMode: 'array' } as pg.QueryArrayConfig, (err: Error | undefined, result: QueryResult | QueryResult[]) =>
          err ? reject(err) : resolve((Array.isArray(result) ? result.map(withRowObjects) : withRowObjects(result)) as QueryResult),
        ),
      );
    }

    /**
     * Two ways a prepared statement can fail where the same statement unnamed would not:
     * - A table of a prepared `select *` gained or lost a column (a migration by another server during a rolling
     *   upgrade): PostgreSQL refuses the old statement ("cached plan must not change result type") for as long as the
     *   connection lives. It is dropped on this connection, so the next use prepares it anew. (Inside a transaction
     *   the error has already aborted it: the deallocation fails, that one request fails, and the next use outside a
     *   transaction does this.)
     * - The statement is gone from the server ("prepared statement … does not exist"): a connection pooler between
     *   us and PostgreSQL that does not keep prepared statements (PgBouncer in transaction mode before 1.21) moved
     *   us to another server connection. Naming stops for the whole pool; every statement runs unnamed from then on.
     * Either way this statement runs again unnamed.
     */
    private async replanned(err: unknown, name: string, text: string, values: unknown[]): Promise<QueryResult> {
      const { code, message } = err as { code?: string; message?: string };
      const connection = (this as unknown as { connection: { parsedStatements: Record<string, string> } }).connection;
      if (code === '0A000' && message?.includes('cached plan')) {
        await this.run({ text: `deallocate "${name}"` });
      } else if (code === '26000') {
        names.turnOff();
      } else {
        throw err;
      }
      delete connection.parsedStatements[name];
      return this.run({ text, values });
    }
  } as typeof pg.Client;
}
