import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The tests Stryker runs against each mutant of src/core and the authorization gate
 * (stryker.config.mjs): pure unit tests of those modules, plus the gate's test on an embedded
 * database. No API, browser or CLI suites, so a mutant is judged in seconds.
 */
const databaseTests = ['src/services/authorize.test.ts']

/**
 * Unit tests first: Stryker stops at the first failing test, so a mutant the unit tests kill never
 * waits for an embedded database to start.
 */
class DatabaseTestsLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const usesDatabase = (file: TestSpecification) =>
      databaseTests.some((path) => file.moduleId.endsWith(path))
    return [...sorted.filter((file) => !usesDatabase(file)), ...sorted.filter(usesDatabase)]
  }
}

export default defineConfig({
  test: {
    include: ['src/core/**/*.test.ts', ...databaseTests],
    globalSetup: ['test/support/global-setup.ts'],
    sequence: { sequencer: DatabaseTestsLast },
    maxWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
})
