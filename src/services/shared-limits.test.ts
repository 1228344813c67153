import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clonePostgresTemplate, dropPostgresDatabase } from '../../test/support/harness.ts'
import { openStore, type Store } from '../store/database.ts'
import { coalescingCounter, type SharedCounter, sharedCounter } from './shared-limits.ts'

const adminUrl = process.env.GATEHOUSE_TEST_DATABASE_URL
if (!adminUrl)
  console.warn('shared-limits.test.ts: skipped, GATEHOUSE_TEST_DATABASE_URL is not set (CI sets it)')

const MINUTE = 60_000

/**
 * The counters of the shared limits, on PostgreSQL: attempts of one key that arrive together are
 * counted by one statement, and every caller still learns its own exact place in the window.
 */
describe.skipIf(!adminUrl)('shared limit counters on PostgreSQL', () => {
  let databaseUrl = ''
  let store: Store
  let statements = 0
  let counted: SharedCounter

  beforeAll(async () => {
    databaseUrl = await clonePostgresTemplate()
    store = await openStore({ databaseUrl })
    const direct = sharedCounter(store.db)
    // The real counter, with a tally of the statements it is asked for.
    counted = {
      add(key, nowMs, windowMs, amount) {
        statements++
        return direct.add(key, nowMs, windowMs, amount)
      },
      remove: (key, nowMs, windowMs) => direct.remove(key, nowMs, windowMs),
    }
  })
  afterAll(async () => {
    await store?.close()
    if (databaseUrl) await dropPostgresDatabase(databaseUrl)
  })

  const storedCount = async (key: string) =>
    (
      await store.db
        .selectFrom('rate_limit_counters')
        .select('count')
        .where('key', '=', key)
        .executeTakeFirst()
    )?.count

  it('gives 200 attempts arriving at once the places 1 to 200, in far fewer statements', async () => {
    const counter = coalescingCounter(counted)
    const now = Date.now()
    statements = 0
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => counter.add('auth:burst', now, MINUTE)),
    )
    expect(answers.map((answer) => answer.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 200 }, (_, index) => index + 1),
    )
    expect(await storedCount('auth:burst')).toBe(200)
    expect(statements).toBeGreaterThanOrEqual(1)
    expect(statements).toBeLessThan(20)
    const windowEnd = (Math.floor(now / MINUTE) + 1) * MINUTE
    for (const answer of answers) expect(answer.windowEnd).toBe(windowEnd)
  })

  it('counts one after another exactly as a statement each would, and keys apart', async () => {
    const counter = coalescingCounter(counted)
    const now = Date.now()
    for (let i = 1; i <= 3; i++) expect((await counter.add('auth:one', now, MINUTE)).count).toBe(i)
    const [other, same] = await Promise.all([
      counter.add('auth:other', now, MINUTE),
      counter.add('auth:one', now, MINUTE),
    ])
    expect(other.count).toBe(1)
    expect(same.count).toBe(4)
    // Taking one back goes straight to the database.
    await counter.remove('auth:one', now, MINUTE)
    expect(await storedCount('auth:one')).toBe(3)
  })

  it('fails every attempt of a batch whose statement fails, and counts the next batch', async () => {
    let failNext = true
    const flaky: SharedCounter = {
      add(key, nowMs, windowMs, amount) {
        if (failNext) {
          failNext = false
          return Promise.reject(new Error('the database is unavailable'))
        }
        return counted.add(key, nowMs, windowMs, amount)
      },
      remove: counted.remove,
    }
    const counter = coalescingCounter(flaky)
    const now = Date.now()
    const first = counter.add('auth:flaky', now, MINUTE)
    const joined = [counter.add('auth:flaky', now, MINUTE), counter.add('auth:flaky', now, MINUTE)]
    await expect(first).rejects.toThrow('unavailable')
    const answers = await Promise.all(joined)
    expect(answers.map((answer) => answer.count)).toEqual([1, 2])
    expect(await storedCount('auth:flaky')).toBe(2)
  })
})
