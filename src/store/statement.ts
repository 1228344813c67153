import { type Compilable, CompiledQuery, type Kysely } from 'kysely'
import type { Database } from './schema.ts'

/**
 * A statement of the hot write path, written with Kysely's builder like every other query but
 * built and compiled once: Kysely builds an immutable tree and prints it to SQL on every
 * execution, 8 us a query in a tight loop and 25-35 us in a loaded server's profile, a seventh of
 * the server's CPU time per token creation. Here `build` runs once, with stand-ins for the
 * per-call values; the SQL text is kept, and each call only puts its values in their places.
 *
 * `build` must use each parameter as a single value (`where('id', '=', p.id)`, a column's value in
 * `values({...})`), never to decide the statement's shape (no `if (p.x)`, no `in` list): a shape
 * that depends on a value needs a statement of its own. A parameter the compiled SQL does not take
 * as a value is an error at the first call, not a silent wrong answer.
 */
export function statement<Params extends object, Row>(
  build: (db: Kysely<Database>, params: Params) => Compilable<Row>,
): Statement<Params, Row> {
  let compiled: CompiledQuery<Row> | undefined
  let unreadSql: string | undefined
  const compile = (db: Kysely<Database>): CompiledQuery<Row> => {
    const slots = new Map<string, Slot>()
    const params = new Proxy({} as Params, {
      get(_target, name) {
        if (typeof name !== 'string') return undefined
        const slot = slots.get(name) ?? new Slot(name)
        slots.set(name, slot)
        return slot
      },
    })
    const query = build(db, params).compile()
    const used = new Set(query.parameters.filter((value) => value instanceof Slot))
    for (const slot of slots.values()) {
      if (!used.has(slot)) throw new Error(`statement: parameter "${slot.name}" is not a value of the SQL`)
    }
    return query
  }
  const compiledFor = (db: Kysely<Database>, params: Params): CompiledQuery<Row> => {
    compiled ??= compile(db)
    const parameters = compiled.parameters.map((value) =>
      value instanceof Slot ? (params as Record<string, unknown>)[value.name] : value,
    )
    // A query id of its own for each run, as Kysely gives every execution.
    return { ...CompiledQuery.raw(compiled.sql, parameters), query: compiled.query }
  }
  return {
    async execute(db, params) {
      return (await db.executeQuery(compiledFor(db, params))).rows
    },
    async send(db, params) {
      const query = compiledFor(db, params)
      unreadSql ??= `${query.sql}${UNREAD_MARK}`
      await db.executeQuery({ ...query, sql: unreadSql })
    },
    async takeFirst(db, params) {
      return (await db.executeQuery(compiledFor(db, params))).rows[0]
    },
  }
}

export interface Statement<Params, Row> {
  execute(db: Kysely<Database>, params: Params): Promise<Row[]>
  /**
   * Runs it without reading its answer (an audit record): inside a transaction, a driver may
   * send it along with the transaction's next statement or its COMMIT, in one round trip (both
   * do: pglite/prepared-connection.ts, postgres/pool.ts). Its error, if any, is then thrown there.
   */
  send(db: Kysely<Database>, params: Params): Promise<void>
  takeFirst(db: Kysely<Database>, params: Params): Promise<Row | undefined>
}

/** Ends the text of a query run by `send`: the drivers see the text (pg's is all they get). A
 *  line comment, without a `*`: PostgreSQL's pool leaves texts with one unprepared. */
const UNREAD_MARK = '\n-- answer unread'

/** Whether nobody reads the answer of the query of this text, so that a driver may send it
 *  later (`send`). */
export function isUnread(sql: string): boolean {
  return sql.endsWith(UNREAD_MARK)
}

/** Stands for a parameter while the statement is compiled. */
class Slot {
  constructor(readonly name: string) {}
}
