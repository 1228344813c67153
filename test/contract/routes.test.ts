import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { expect, it } from 'vitest'
import { type Operation, operations } from '../../src/contract/index.ts'
import { routes } from '../../src/contract/routes.ts'

it('has one route per operation, with its method, path, tag and body (run scripts/generate-contract-routes.ts)', () => {
  const expected = Object.fromEntries(
    (Object.values(operations) as Operation[]).map((operation) => [
      operation.operationId,
      {
        operationId: operation.operationId,
        method: operation.method,
        path: operation.path,
        tag: operation.tag,
        body: operation.body !== undefined,
      },
    ]),
  )
  expect(routes).toEqual(expected)
})

/**
 * The CLI starts on every call and the console is downloaded on every visit: neither may load the
 * operations' schemas (TypeBox) at run time. Type-only imports are erased, so they do not count.
 */
it('keeps TypeBox out of what the client, the CLI and the console load at run time', () => {
  const root = resolve(import.meta.dirname, '../..')
  const entries = ['src/client/index.ts', 'src/cli/main.ts', 'src/web/main.tsx']
  const reached = new Map<string, string>()
  const walk = (file: string, from: string) => {
    if (reached.has(file)) return
    reached.set(file, from)
    for (const specifier of runtimeImportsOf(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) walk(resolve(dirname(file), specifier), file)
      else reached.set(specifier, file)
    }
  }
  for (const entry of entries) walk(resolve(root, entry), 'entry')
  const offenders = [...reached].filter(
    ([module]) => module === 'typebox' || module.endsWith('contract/index.ts'),
  )
  expect(
    offenders.map(([module, from]) => `${from.replace(root, '')} -> ${module.replace(root, '')}`),
  ).toEqual([])
  // The walk itself must have worked: it reached the routes and the client from each face.
  expect(reached.has(resolve(root, 'src/contract/routes.ts'))).toBe(true)
})

/** Module specifiers of `import ... from`, `export ... from` and `import '...'`, but not `import type`. */
function runtimeImportsOf(source: string): string[] {
  const specifiers: string[] = []
  const statement = /^\s*(import|export)\s+(type\s+)?([^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm
  for (const match of source.matchAll(statement)) {
    if (match[2] || (match[1] === 'export' && !match[3])) continue
    specifiers.push(match[4] as string)
  }
  return specifiers
}
