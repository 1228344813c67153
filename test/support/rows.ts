import type { Database } from '../../src/store/schema.ts'
import type { TestGatehouse } from './harness.ts'

/** How many rows each table holds: compared before and after a refused request to prove it changed nothing. */
export async function countRows(
  gatehouse: TestGatehouse,
  tables: (keyof Database)[] = [
    'users',
    'sessions',
    'organizations',
    'memberships',
    'api_tokens',
    'audit_events',
  ],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of tables) {
    const row = await gatehouse.deps.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(row.count)
  }
  return counts
}
