import { defineConfig } from 'vitest/config'

/**
 * The tests Stryker runs against each mutant of src/core and the authorization gate
 * (stryker.config.mjs): pure unit tests of those modules, plus the gate's test on an embedded
 * database. No API, browser or CLI suites, so a mutant is judged in seconds.
 */
export default defineConfig({
  test: {
    include: ['src/core/**/*.test.ts', 'src/services/authorize.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    maxWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
})
