import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import openapiTS, { astToString } from 'openapi-typescript'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchGatehouseDocument, type OpenApiDocument } from './gatehouse-document.ts'

/**
 * A user generates TypeScript types from Gatehouse's OpenAPI document with openapi-typescript and
 * writes a script against them: the types must name the operations (as Qovery does), reach the
 * token list and the token creation body, and be precise enough to refuse a wrong field.
 */

/** A user's script, typed on the generated declarations. */
const userScript = `import type { components, operations, paths } from './gatehouse-api.ts'

type TokenList =
  operations['listOrganizationApiTokens']['responses'][200]['content']['application/json']
type TokenListByPath =
  paths['/organization/{organizationId}/apiToken']['get']['responses'][200]['content']['application/json']
type CreateTokenBody = NonNullable<
  operations['createOrganizationApiToken']['requestBody']
>['content']['application/json']
type CreatedToken =
  operations['createOrganizationApiToken']['responses'][201]['content']['application/json']
type Problem = components['schemas']['Problem']

/** What a CI script prints about an organization's tokens. */
export function describeTokens(list: TokenList): string[] {
  return list.results.map((token) => \`\${token.name} (\${token.role_name}), made by \${token.creator_name}\`)
}

/** The operation and its path give the same type. */
export const byPath = (list: TokenListByPath): TokenList => list

export function newTokenBody(roleId: string | null): CreateTokenBody {
  return { name: 'github-actions', description: 'deploys main', role_id: roleId }
}

export function secretOf(created: CreatedToken): string {
  return created.token
}

export function secretInList(list: TokenList): unknown {
  // @ts-expect-error: a listed token never carries its secret
  return list.results[0]?.token
}

// @ts-expect-error: a token name is a string
export const wrongBody: CreateTokenBody = { name: 42, role_id: null }

export function reasonOf(problem: Problem): string {
  return problem.reason
}
`

const compilerOptions: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noUnusedLocals: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  lib: ['lib.es2022.d.ts'],
  types: [],
}

describe('TypeScript types generated from the OpenAPI document', () => {
  let document: OpenApiDocument
  let directory: string
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatehouse-types-'))
    document = await fetchGatehouseDocument()
  })
  afterAll(() => rmSync(directory, { recursive: true, force: true }))

  it('type-check a script written against them, under strict options', { timeout: 20_000 }, async () => {
    const declarations = astToString(await openapiTS(document as unknown as Parameters<typeof openapiTS>[0]))
    writeFileSync(join(directory, 'gatehouse-api.ts'), declarations)
    const script = join(directory, 'list-tokens.ts')
    writeFileSync(script, userScript)

    const program = ts.createProgram([script], compilerOptions)
    const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
      if (!diagnostic.file || diagnostic.start === undefined) return message
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
      const source = diagnostic.file.text.split('\n')[line]?.trim()
      return `${diagnostic.file.fileName.replace(`${directory}/`, '')}:${line + 1}: ${message}\n    ${source}`
    })
    expect(diagnostics).toEqual([])
  })
})
