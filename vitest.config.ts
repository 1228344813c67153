import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Each worker holds an embedded PostgreSQL (hundreds of MB); two workers fit two cores.
    maxWorkers: 2,
    // Files share their worker's loaded modules instead of importing the whole server (and
    // compiling PGlite's WebAssembly) again for each one: 2.4 times faster over src/http. Test
    // files keep no module state between them (no mocks, no environment changes).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
})
