import { reasonsWithStatus } from '../core/errors.ts'
import { namedSchemas, nameOf, Problem, type TSchema } from './common.ts'
import { errorStatusesOf, type Operation, type SecurityScheme, tags } from './operation.ts'

/**
 * The OpenAPI 3.1 document, made from the operations alone: what a generator needs (an
 * operationId, tags and security per operation; named schemas as components, referenced;
 * each operation's own error statuses; problems as application/problem+json).
 */
export function buildOpenApiDocument(
  operations: Record<string, Operation>,
  info: { version: string; serverUrl: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const operation of Object.values(operations)) {
    paths[operation.path] ??= {}
    ;(paths[operation.path] as Record<string, unknown>)[operation.method.toLowerCase()] = describe(operation)
  }
  const schemas: Record<string, unknown> = {}
  for (const [name, schema] of namedSchemas()) schemas[name] = referenced(schema, true)
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse API',
      version: info.version,
      description:
        "Organization API tokens, members, roles, projects and environments. Paths and field names follow Qovery's public API. Errors are RFC 9457 problems with a stable `reason`.",
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: info.serverUrl }],
    tags: Object.values(tags).map((name) => ({ name })),
    paths,
    components: {
      schemas,
      responses: problemResponses(),
      securitySchemes: {
        apiToken: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'An organization API token: `Authorization: Token gtok_…`',
        },
        session: {
          type: 'http',
          scheme: 'bearer',
          description: 'A session token from POST /auth/login: `Authorization: Bearer gses_…`',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'gatehouse_session',
          description:
            "The console's session cookie; writes must echo the gatehouse_csrf cookie in x-gatehouse-csrf",
        },
      },
    },
  }
}

function describe(operation: Operation): Record<string, unknown> {
  const { success } = operation
  const responses: Record<string, unknown> = {
    [success.status]: success.schema
      ? {
          description: success.description,
          content: { 'application/json': { schema: referenced(success.schema) } },
        }
      : { description: success.description },
  }
  for (const status of errorStatusesOf(operation))
    responses[status] = { $ref: `#/components/responses/Problem${status}` }
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    security: securityOf(operation.security),
    ...(parametersOf(operation).length > 0 ? { parameters: parametersOf(operation) } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              (operation.bodyMediaTypes ?? ['application/json']).map((type) => [
                type,
                { schema: referenced(operation.body as TSchema) },
              ]),
            ),
          },
        }
      : {}),
    responses,
  }
}

function securityOf(schemes: readonly SecurityScheme[]) {
  const requirements: Record<string, string[]>[] = []
  if (schemes.includes('apiToken')) requirements.push({ apiToken: [] })
  if (schemes.includes('session')) requirements.push({ session: [] }, { sessionCookie: [] })
  return requirements
}

function parametersOf(operation: Operation) {
  const parameters: Record<string, unknown>[] = []
  for (const [where, schema] of [
    ['path', operation.params],
    ['query', operation.query],
  ] as const) {
    if (!schema) continue
    const required = new Set<string>((schema.required as string[] | undefined) ?? [])
    for (const [name, property] of Object.entries(schema.properties as Record<string, TSchema>)) {
      const { description, ...rest } = referenced(property) as Record<string, unknown>
      parameters.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(description ? { description } : {}),
        schema: rest,
      })
    }
  }
  return parameters
}

/** One response per error status, each naming the reasons it can carry. */
function problemResponses(): Record<string, unknown> {
  const responses: Record<string, unknown> = {}
  for (const status of [400, 401, 403, 404, 409, 413, 415, 429, 503]) {
    const reasons = reasonsWithStatus(status)
    responses[`Problem${status}`] = {
      description: `A problem; reason is one of: ${reasons.join(', ')}`,
      ...(status === 429 || status === 503
        ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
        : {}),
      content: {
        'application/problem+json': { schema: { $ref: `#/components/schemas/${nameOf(Problem)}` } },
      },
    }
  }
  return responses
}

/** A JSON copy of the schema where every named sub-schema is a $ref (the root too, unless `inline`). */
function referenced(schema: unknown, inline = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => referenced(item))
  if (typeof schema !== 'object' || schema === null) return schema
  const name = nameOf(schema)
  if (name && !inline) return { $ref: `#/components/schemas/${name}` }
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) copy[key] = referenced(value)
  return copy
}
