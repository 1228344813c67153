import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  fetchGatehouseDocument,
  type OpenApiDocument,
  operationsOf,
  type Reference,
  resolveResponse,
} from './gatehouse-document.ts'

/**
 * Gatehouse's OpenAPI document passes Redocly's lint (the `recommended` ruleset, as redocly.yaml at
 * the repository root tightens it), and holds the promises generated clients rely on: every
 * operation named, tagged and with its security stated, every error one problem+json schema.
 */

const root = fileURLToPath(new URL('../..', import.meta.url))
const redocly = join(root, 'node_modules', '.bin', 'redocly')

interface LintProblem {
  ruleId: string
  severity: 'error' | 'warn'
  message: string
  location: { pointer?: string }[]
}

/** Runs `redocly lint --format=json` with the repository's redocly.yaml on one document. */
function lint(document: unknown, directory: string): { errors: string[]; warnings: string[] } {
  const file = join(directory, 'openapi.json')
  writeFileSync(file, JSON.stringify(document, null, 2))
  const run = spawnSync(redocly, ['lint', file, '--format=json', `--config=${join(root, 'redocly.yaml')}`], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    timeout: 60_000,
  })
  const start = run.stdout.indexOf('{')
  if (start < 0) throw new Error(`redocly lint printed no report (exit ${run.status}): ${run.stderr}`)
  const report = JSON.parse(run.stdout.slice(start)) as { problems: LintProblem[] }
  const summarize = (problem: LintProblem) =>
    `${problem.ruleId} at ${problem.location[0]?.pointer ?? '?'}: ${problem.message}`
  return {
    errors: report.problems.filter((p) => p.severity === 'error').map(summarize),
    warnings: report.problems.filter((p) => p.severity === 'warn').map(summarize),
  }
}

describe("Gatehouse's OpenAPI document", () => {
  let document: OpenApiDocument
  let directory: string
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatehouse-lint-'))
    document = await fetchGatehouseDocument()
  })
  afterAll(() => rmSync(directory, { recursive: true, force: true }))

  it('passes Redocly lint with no error', () => {
    const { errors } = lint(document, directory)
    expect(errors).toEqual([])
  })

  it("the lint fails a document that breaks redocly.yaml's rules (so the test above can fail)", () => {
    const broken = {
      openapi: '3.1.0',
      info: { title: 'broken', version: '1' },
      servers: [{ url: 'http://gatehouse.test/api' }],
      paths: {
        '/thing': {
          get: {
            summary: 'no operationId, a plain JSON error',
            security: [],
            responses: {
              200: { description: 'ok' },
              400: { description: 'bad', content: { 'application/json': { schema: { type: 'object' } } } },
            },
          },
        },
        '/other': { get: { $ref: '#/components/schemas/Missing' } },
      },
    }
    const rules = lint(broken, directory).errors.map((error) => error.split(' ')[0])
    expect(rules).toEqual(
      expect.arrayContaining([
        'operation-operationId',
        'operation-4xx-problem-details-rfc7807',
        'no-unresolved-refs',
      ]),
    )
  })

  it('names, tags and states the security of every operation', () => {
    const schemes = Object.keys(document.components?.securitySchemes ?? {})
    const missing: string[] = []
    for (const { path, method, operation } of operationsOf(document)) {
      const where = `${method.toUpperCase()} ${path}`
      if (typeof operation.operationId !== 'string' || operation.operationId === '') {
        missing.push(`${where}: no operationId`)
      }
      if (!Array.isArray(operation.tags) || operation.tags.length === 0) missing.push(`${where}: no tags`)
      // Stated on the operation itself ([] for public ones), never inherited by accident.
      if (!Array.isArray(operation.security)) {
        missing.push(`${where}: no security`)
        continue
      }
      for (const requirement of operation.security) {
        for (const scheme of Object.keys(requirement)) {
          if (!schemes.includes(scheme)) missing.push(`${where}: unknown security scheme ${scheme}`)
        }
      }
    }
    expect(missing).toEqual([])
    expect(schemes).toEqual(expect.arrayContaining(['apiToken', 'session']))
    const ids = operationsOf(document).map(({ operation }) => operation.operationId)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('answers every 4xx and 5xx as application/problem+json with the one Problem schema, which has a reason', () => {
    const wrong: string[] = []
    let errorResponses = 0
    for (const { path, method, operation } of operationsOf(document)) {
      for (const [status, declared] of Object.entries(operation.responses ?? {})) {
        if (!/^[45]/.test(status)) continue
        errorResponses++
        const where = `${method.toUpperCase()} ${path} ${status}`
        const content = resolveResponse(document, declared).content ?? {}
        const mediaTypes = Object.keys(content)
        if (mediaTypes.length !== 1 || mediaTypes[0] !== 'application/problem+json') {
          wrong.push(`${where}: media types ${mediaTypes.join(', ') || '(none)'}`)
          continue
        }
        const schema = content['application/problem+json']?.schema as Reference | undefined
        if (schema?.$ref !== '#/components/schemas/Problem') {
          wrong.push(
            `${where}: schema ${JSON.stringify(schema)} is not a $ref to #/components/schemas/Problem`,
          )
        }
      }
    }
    expect(wrong).toEqual([])
    expect(errorResponses).toBeGreaterThan(0)
    const problem = document.components?.schemas?.Problem
    expect(problem?.properties).toHaveProperty('reason')
    expect(Object.keys(problem?.properties ?? {})).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'reason']),
    )
  })
})
