import { invalidInput } from './errors.ts'

/** Audit trail pages: how many events one page holds by default, and at most. */
export const AUDIT_PAGE_DEFAULT = 50
export const AUDIT_PAGE_MAX = 100

/** Every other list (tokens, members, invitations, projects, environments): items per page. */
export const LIST_PAGE_DEFAULT = 100
export const LIST_PAGE_MAX = 1000

/** The lists that are read a page at a time, each with the key it is sorted by. */
export const pagedLists = {
  api_tokens: 'time',
  members: 'time',
  invitations: 'time',
  projects: 'text',
  environments: 'text',
  oidc_trusts: 'text',
  deployments: 'time',
  webhooks: 'time',
  webhook_deliveries: 'time',
} as const satisfies Record<string, SortKeyKind>

export type PagedList = keyof typeof pagedLists
/** `time`: a timestamp with microseconds (`2030-01-01T00:00:00.123456Z`); `text`: a name. */
export type SortKeyKind = 'time' | 'text'

/** One page of a list, as every paged operation answers it. */
export interface Page<T> {
  results: T[]
  /** Pass back as `cursor` for the next page; null on the last page. */
  next_cursor: string | null
}

export interface PageRequest {
  limit?: number | undefined
  cursor?: string | undefined
}

/**
 * Where a page ended: the sort key and id of its last item (the keyset), and which list it
 * belongs to. `scope` is the organization (or project) whose list it is, so that a cursor handed
 * to another organization's list, or to another kind of list, is refused rather than read as a
 * position in a list it never came from.
 */
export interface ListPosition {
  list: PagedList
  scope: string
  key: string
  id: string
}

/**
 * A page request as a query string carries it: the limit as digits (the contract has checked their
 * form; a number is accepted too, for callers inside the process).
 */
export function pageRequestOf(query: { limit?: number | string | undefined; cursor?: string | undefined }) {
  const { limit, cursor } = query
  return { limit: limit === undefined ? undefined : Number(limit), cursor } satisfies PageRequest
}

/** The page size asked for, or the default; anything outside 1 to LIST_PAGE_MAX is a 400. */
export function pageLimitOf(limit: number | undefined): number {
  if (limit === undefined) return LIST_PAGE_DEFAULT
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_PAGE_MAX) {
    throw invalidInput(`limit must be a whole number from 1 to ${LIST_PAGE_MAX}.`, [
      { field: 'querystring.limit', message: `must be an integer from 1 to ${LIST_PAGE_MAX}` },
    ])
  }
  return limit
}

/** Opaque to clients: base64url of a JSON array, so a name holding any character round-trips. */
export function encodeListCursor(position: ListPosition): string {
  const { list, scope, key, id } = position
  return Buffer.from(JSON.stringify([list, scope, key, id])).toString('base64url')
}

/**
 * The position a cursor names, once it is known to be one this server gave for this very list;
 * anything else is a 400 (never a database error: its key is checked to be a value the database
 * accepts for the column it is compared with).
 */
export function decodeListCursor(cursor: string, expected: { list: PagedList; scope: string }): ListPosition {
  const position = parsePosition(cursor)
  if (!position) {
    throw malformedCursor('cursor is malformed: pass back the next_cursor of a previous page unchanged.')
  }
  if (position.list !== expected.list || position.scope !== expected.scope) {
    throw malformedCursor(
      'cursor belongs to another list: pass it back only to the list that gave it (same path, same organization or project).',
    )
  }
  return position
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const TIME_KEY = /^(?:19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/
/** Names are at most 255 characters; a key is a name. */
const TEXT_KEY_MAX = 255

function parsePosition(cursor: string): ListPosition | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return undefined
  const [list, scope, key, id] = parsed as unknown[]
  if (typeof list !== 'string' || !Object.hasOwn(pagedLists, list)) return undefined
  if (typeof scope !== 'string' || !UUID.test(scope)) return undefined
  if (typeof id !== 'string' || !UUID.test(id)) return undefined
  if (typeof key !== 'string' || !isSortKey(pagedLists[list as PagedList], key)) return undefined
  return { list: list as PagedList, scope, key, id }
}

function isSortKey(kind: SortKeyKind, key: string): boolean {
  if (kind === 'time') return TIME_KEY.test(key) && isRealInstant(key)
  // PostgreSQL text cannot hold NUL: such a key would be a database error, not a position.
  return key.length <= TEXT_KEY_MAX && !key.includes('\u0000')
}

/** A well-formed but impossible date (February 30) is not an instant: it must not reach the database. */
function isRealInstant(text: string): boolean {
  const date = new Date(text)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === text.slice(0, 19)
}

function malformedCursor(detail: string) {
  return invalidInput(detail, [{ field: 'querystring.cursor', message: 'is not a cursor this list gave' }])
}
