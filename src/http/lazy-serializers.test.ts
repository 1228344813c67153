import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../test/support/harness.ts'
import { errorStatusesOf, operations } from '../contract/index.ts'

describeEachDatabase('response serializers compiled at first use', (gatehouse) => {
  it("compiles every route's serializer for every status it declares, without an error", async () => {
    const { app } = gatehouse()
    await app.ready()
    // Each operation's success and each problem it can answer: one serializer each, at least.
    const declared = Object.values(operations).reduce(
      (sum, operation) => sum + 1 + errorStatusesOf(operation).length,
      0,
    )
    expect(app.serializers.compileAll()).toBeGreaterThanOrEqual(declared)
  })
})
