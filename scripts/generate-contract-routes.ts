/**
 * Writes src/contract/routes.ts: each operation's id, method, path and whether it takes a body,
 * as plain data. The typed client needs only these at run time; importing them instead of the
 * operations keeps TypeBox (hundreds of modules) out of the CLI's start and the console's bundle.
 * Run after changing an operation: npx tsx scripts/generate-contract-routes.ts
 * (test/contract/routes.test.ts fails while the file is out of date).
 */
import { writeFileSync } from 'node:fs'
import { operations } from '../src/contract/index.ts'
import { renderRoutes } from '../src/contract/render-routes.ts'

writeFileSync(new URL('../src/contract/routes.ts', import.meta.url), renderRoutes(operations))
