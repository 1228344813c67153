import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { createOrganization, signUpAndLogIn } from '../../test/support/api.ts'
import { describeEachDatabase } from '../../test/support/harness.ts'
import { statement } from './statement.ts'

describeEachDatabase('statement: built and compiled once, run with each call’s values', (gatehouse) => {
  it('answers each call with its own values, from one compilation', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const first = await createOrganization(gatehouse(), owner)
    const second = await createOrganization(gatehouse(), owner)
    let builds = 0
    const nameOf = statement((db, p: { id: string }) => {
      builds++
      return db.selectFrom('organizations').select('name').where('id', '=', p.id)
    })
    const db = gatehouse().deps.db
    expect(await nameOf.takeFirst(db, { id: first.id })).toEqual({ name: first.name })
    expect(await nameOf.takeFirst(db, { id: second.id })).toEqual({ name: second.name })
    expect(first.name).not.toBe(second.name)
    expect(await nameOf.execute(db, { id: '00000000-0000-4000-8000-000000000000' })).toEqual([])
    expect(builds).toBe(1)
  })

  it('puts a value used twice in both places, beside the values the builder fixed itself', async () => {
    const echo = statement((db, p: { word: string }) =>
      db.selectNoFrom([
        sql<string>`${p.word}::text`.as('once'),
        sql<string>`${'fixed'}::text`.as('fixed'),
        sql<string>`${p.word}::text || '!'`.as('twice'),
      ]),
    )
    const db = gatehouse().deps.db
    expect(await echo.takeFirst(db, { word: 'a' })).toEqual({ once: 'a', fixed: 'fixed', twice: 'a!' })
    expect(await echo.takeFirst(db, { word: 'b' })).toEqual({ once: 'b', fixed: 'fixed', twice: 'b!' })
  })

  it('runs in the transaction it is given: rolled back with it', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const rename = statement((db, p: { id: string; name: string }) =>
      db.updateTable('organizations').set({ name: p.name }).where('id', '=', p.id).returning('name'),
    )
    const db = gatehouse().deps.db
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await rename.takeFirst(trx, { id: org.id, name: 'During' })).toEqual({ name: 'During' })
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    const row = await db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', org.id)
      .executeTakeFirst()
    expect(row).toEqual({ name: org.name })
  })

  it('refuses a parameter the SQL does not take as a value, at the first call', async () => {
    const shaped = statement((db, p: { id: string; column: string }) =>
      // A value deciding the statement's shape: compiled once, it would be wrong for other values.
      db
        .selectFrom('organizations')
        .select(p.column === 'name' ? 'name' : 'id')
        .where('id', '=', p.id),
    )
    await expect(
      shaped.execute(gatehouse().deps.db, { id: '00000000-0000-4000-8000-000000000000', column: 'name' }),
    ).rejects.toThrow('statement: parameter "column" is not a value of the SQL')
  })
})
