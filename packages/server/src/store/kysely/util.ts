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
