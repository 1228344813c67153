// @ts-check
/**
 * Mutation testing (npm run test:mutation): proves the tests of the pure core and of the
 * authorization gate can fail. Below 85% the command fails.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['src/core/**/*.ts', '!src/core/**/*.test.ts', 'src/services/authorize.ts'],
  coverageAnalysis: 'perTest',
  // Two cores shared with everyone else's work: one mutant at a time.
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
  // Kept out of the sandbox copy: build output, reports, cached databases, docs.
  ignorePatterns: ['dist', 'test-results', '.test-cache', '.gatehouse', 'docs', 'reports'],
}
