import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/** Reads a JSON text column; a broken value reads as the fallback rather than failing the request. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const bool = (v: boolean | number): boolean => Boolean(v);

/**
 * A function from a row read as an array to the row object the driver would build (a later column of the same name
 * wins, as with both drivers). Made once per column list, it builds each object as one literal: cheaper than the
 * drivers' property-by-property objects (better-sqlite3), or their copies of a prototype-less template (pg), which
 * are slower to read and several times larger.
 */
export function rowBuilder(names: string[]): (row: unknown[]) => Record<string, unknown> {
  // The names are data only: JSON.stringify makes each a string literal.
  const body = `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`;
  return new Function('r', body) as (row: unknown[]) => Record<string, unknown>;
}

/** Escapes LIKE wildcards so user input matches literally. */
export function likePrefix(term: string): string {
  return term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

export function likeContains(term: string): string {
  return '%' + likePrefix(term);
}

/** lower(column) LIKE pattern, with backslash as the escape character on both dialects. */
export function ilike(column: Expression<unknown> | RawBuilder<unknown>, pattern: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`lower(${column}) like ${pattern} escape '\\'`;
}

/** Offset for Mattermost's page/per_page. */
export const offsetOf = (page: { page: number; perPage: number }) => page.page * page.perPage;
