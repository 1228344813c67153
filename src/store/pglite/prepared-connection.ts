import { type messages, type PGlite, protocol, types } from '@electric-sql/pglite'
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely'
import pgUtils from 'pg/lib/utils.js'
import { isUnread } from '../statement.ts'
import { bindMessage } from './bind-message.ts'

/**
 * Kysely's connection to PGlite, sending each query as ONE batch of protocol messages (Parse
 * once, then Bind, Describe, Execute, Sync) and keeping each statement prepared under a name
 * after its first use. PGlite's own `query()` makes six separate calls into the WebAssembly
 * backend per query (Parse, Describe statement, Bind, Describe portal, Execute, Sync: it asks for
 * the parameters' types to pick its serializers) and has every query parsed and planned anew.
 * Measured on the authorization query (a join of memberships and roles): 275 us through
 * `query()`, 118 us as one batch, 29 us as one batch of a prepared statement.
 *
 * Parameters are sent as node-postgres sends them to a PostgreSQL server (its own `prepareValue`:
 * text with the type left to the server, Buffers in binary), so the embedded database and a real
 * server receive the very same values; rows are read with PGlite's own parsers, as before.
 */
export function preparedConnection(client: PGlite): PreparedConnection {
  /** SQL text -> the name of its prepared statement. */
  const prepared = new Map<string, string>()
  /** Bumped when a statement that may change the schema runs: names prepared before are not reused. */
  let generation = 0
  /** A BEGIN not sent yet: it goes in the batch of the transaction's first statement. */
  let beginPending = false
  let inTransaction = false
  /** Statements whose answers nobody reads (statement.ts, `send`), not sent yet: they go in the
   *  batch of the transaction's next statement or its COMMIT, each before its own Sync. */
  let unsent: Uint8Array[] = []

  /** The messages that run `query` as the statement prepared as `name` (parsed first if new). */
  const messagesOf = (query: CompiledQuery, name: string, parse: boolean): Uint8Array[] => {
    const opening = beginPending
    beginPending = false
    return [
      ...(opening ? [BEGIN] : []),
      ...(parse ? [protocol.serialize.parse({ name, text: query.sql })] : []),
      bindMessage(name, query.parameters.map(pgUtils.prepareValue)),
      DESCRIBE_PORTAL,
      EXECUTE,
      SYNC,
    ]
  }

  /** What is left unsent, taken to go in front of the next batch. */
  const takeUnsent = (): Uint8Array[] => {
    const taken = unsent
    unsent = []
    return taken
  }

  return {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const known = prepared.get(query.sql)
      // Only inside a transaction, which its COMMIT ends: outside one, nothing would follow.
      if (inTransaction && known !== undefined && isUnread(query.sql)) {
        unsent.push(...messagesOf(query, known, false))
        return { rows: [] }
      }
      const cacheable = known === undefined && prepared.size < MAX_PREPARED && isDataStatement(query.sql)
      const name = known ?? (cacheable ? `gatehouse_${generation}_${prepared.size}` : '')
      // An unsent statement that fails fails what follows in its transaction: its error is the
      // first of the batch, and the one thrown.
      const messages = await client.execProtocolStream(
        batch([...takeUnsent(), ...messagesOf(query, name, known === undefined)]),
        { throwOnError: false, syncToFs: false },
      )
      if (cacheable && messages.some((message) => message.name === 'parseComplete'))
        prepared.set(query.sql, name)
      // (A statement kept prepared reads or writes rows: only a new text can be DDL.)
      if (known === undefined && mayChangeSchema(query.sql)) {
        // DDL may change what a prepared statement's rows look like: prepare everything anew.
        generation++
        prepared.clear()
      }
      throwIfFailed(messages)
      // The last result is the statement's (a BEGIN sent with it answers first).
      const result = lastResultOf(messages, (client as unknown as { parsers: Parsers }).parsers)
      return {
        rows: result.rows as R[],
        ...(result.affectedRows === undefined ? {} : { numAffectedRows: BigInt(result.affectedRows) }),
      }
    },
    async begin(): Promise<void> {
      beginPending = true
      inTransaction = true
    },
    async end(how: 'commit' | 'rollback'): Promise<void> {
      inTransaction = false
      const before = takeUnsent()
      // A transaction that ran no statement was never begun.
      if (beginPending) {
        beginPending = false
        return
      }
      // A COMMIT after a statement that failed is a ROLLBACK: the statement's error is thrown.
      // What a rollback undoes need not be sent at all.
      throwIfFailed(
        await client.execProtocolStream(
          batch([...(how === 'commit' ? before : []), how === 'commit' ? COMMIT : ROLLBACK]),
          {
            throwOnError: false,
            syncToFs: false,
          },
        ),
      )
    },
    // biome-ignore lint/correctness/useYield: PGlite answers whole results; Kysely's stream() is not used here
    async *streamQuery() {
      throw new Error('PGlite does not stream query results.')
    },
  }
}

export interface PreparedConnection extends DatabaseConnection {
  /** Begins a transaction: sent with its first statement, in the same batch (one call less). */
  begin(): Promise<void>
  /** COMMIT or ROLLBACK, in one message of the simple protocol. */
  end(how: 'commit' | 'rollback'): Promise<void>
}

type Parsers = Parameters<typeof types.parseType>[2]
type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number]

/** The messages that are the same every time, made once (PGlite's serializer is slow to run:
 *  5 µs for a BEGIN; see bind-message.ts). Only copied into batches, never written to. */
const BEGIN = protocol.serialize.query('begin')
const COMMIT = protocol.serialize.query('commit')
const ROLLBACK = protocol.serialize.query('rollback')
const DESCRIBE_PORTAL = protocol.serialize.describe({ type: 'P' })
const EXECUTE = protocol.serialize.execute({})
const SYNC = protocol.serialize.sync()

/** Commands whose tag ends with the number of rows they wrote. */
const COUNTED_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'])

/**
 * The rows and written-row count of the batch's last statement, its values parsed by PGlite's
 * own type parsers. PGlite's `parseResults` builds every result of the batch, each row with
 * `Object.fromEntries` over a mapped array (about 5% of the CPU time of embedded token creations in a
 * profile, for one result read), and adds up the rows written by every statement of the batch
 * into each result's count; this reads the last result only, with its own count.
 */
function lastResultOf(
  messages: BackendMessage[],
  parsers: Parsers,
): { rows: unknown[]; affectedRows?: number } {
  let fields: { name: string; dataTypeID: number }[] = []
  let rows: Record<string, unknown>[] = []
  let last: { rows: unknown[]; affectedRows?: number } = { rows: [] }
  for (const message of messages) {
    if (message.name === 'rowDescription') {
      fields = (message as messages.RowDescriptionMessage).fields
    } else if (message.name === 'dataRow') {
      const values = (message as messages.DataRowMessage).fields
      const row: Record<string, unknown> = {}
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i] as { name: string; dataTypeID: number }
        row[field.name] = types.parseType(values[i] ?? null, field.dataTypeID, parsers)
      }
      rows.push(row)
    } else if (message.name === 'commandComplete') {
      const words = (message as messages.CommandCompleteMessage).text.split(' ')
      const count = Number.parseInt(words[words.length - 1] as string, 10)
      // As node-postgres and Kysely's PostgreSQL dialect: a count for the commands that write.
      last =
        COUNTED_COMMANDS.has(words[0] as string) && !Number.isNaN(count)
          ? { rows, affectedRows: count }
          : { rows }
      rows = []
      fields = []
    }
  }
  return last
}

/** PostgreSQL's error for the batch, thrown as PGlite's own query() throws it. */
function throwIfFailed(messages: BackendMessage[]): void {
  const error = messages.find((message) => message.name === 'error')
  if (error) throw error
}

/**
 * How many statements stay prepared. Kysely's queries are a fixed set of texts (values travel
 * apart), a few hundred at most; past the bound, new texts run unprepared rather than evict.
 */
const MAX_PREPARED = 2000

/** Statements that read or write rows: the ones worth keeping prepared. */
function isDataStatement(text: string): boolean {
  return /^\s*(select|insert|update|delete|with)\b/i.test(text)
}

/** Statements after which a prepared statement's rows may no longer have the shape they had. */
function mayChangeSchema(text: string): boolean {
  return /^\s*(create|alter|drop|truncate|comment|do|import|rename)\b/i.test(text)
}

function batch(parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
