import { type SelectQueryBuilder, sql } from 'kysely'
import {
  decodeListCursor,
  encodeListCursor,
  type Page,
  type PagedList,
  type PageRequest,
  pagedLists,
  pageLimitOf,
} from '../core/paging.ts'

/**
 * How one list is sorted for keyset paging: by `sortColumn`, ties broken by `idColumn`, both in
 * `direction`. The pair is unique, so a page starts strictly after the last item of the one before
 * it: items added or deleted meanwhile neither repeat nor hide the ones not yet read (an offset
 * would shift under them). Each list has an index on (scope, sort, id) (migration 0003).
 */
export interface Keyset {
  list: PagedList
  /** The organization (or project) the list belongs to; a cursor from another one is refused. */
  scope: string
  /** Qualified column names: 'api_tokens.created_at', 'api_tokens.id'. */
  sortColumn: string
  idColumn: string
  direction: 'asc' | 'desc'
}

/**
 * Reads one page of `query` (already filtered to its list): at most `limit` rows after the
 * cursor's position, and the cursor of the next page when there is one.
 */
export async function readPage<DB, TB extends keyof DB, O extends { id: string }>(
  query: SelectQueryBuilder<DB, TB, O>,
  keyset: Keyset,
  request: PageRequest,
): Promise<Page<O>> {
  const limit = pageLimitOf(request.limit)
  const after = request.cursor === undefined ? undefined : decodeListCursor(request.cursor, keyset)
  const kind = pagedLists[keyset.list]
  const sort = sql.ref(keyset.sortColumn)
  const id = sql.ref(keyset.idColumn)
  // A time key keeps PostgreSQL's microseconds: a JS Date would round them off and skip or repeat
  // items written within the same millisecond.
  const sortKey =
    kind === 'time'
      ? sql<string>`to_char(${sort} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
      : sql<string>`${sort}`
  let select = query.select(sortKey.as('page_key'))
  if (after) {
    const key = kind === 'time' ? sql`${after.key}::timestamptz` : sql`${after.key}`
    const beyond = sql.raw(keyset.direction === 'desc' ? '<' : '>')
    select = select.where(sql<boolean>`(${sort}, ${id}) ${beyond} (${key}, ${after.id}::uuid)`)
  }
  // Kysely cannot see through the generic row type that the selection added page_key to it.
  const rows = (await select
    .orderBy(sort, keyset.direction)
    .orderBy(id, keyset.direction)
    .limit(limit + 1)
    .execute()) as unknown as (O & { page_key: string })[]

  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    results: page.map(({ page_key: _, ...item }) => item as unknown as O),
    next_cursor:
      rows.length > limit && last
        ? encodeListCursor({ list: keyset.list, scope: keyset.scope, key: last.page_key, id: last.id })
        : null,
  }
}
