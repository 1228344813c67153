import { call } from '../support/api.ts'
import { startTestGatehouse } from '../support/harness.ts'

/** Gatehouse's OpenAPI document as a client downloads it. The same on every database: PGlite only. */
export async function fetchGatehouseDocument(): Promise<OpenApiDocument> {
  const gatehouse = await startTestGatehouse('pglite')
  try {
    const res = await call(gatehouse, 'GET', '/openapi.json')
    if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}: ${res.text}`)
    return res.body as OpenApiDocument
  } finally {
    await gatehouse.close()
  }
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const

export interface Reference {
  $ref: string
}

export interface OpenApiResponse {
  description?: string
  content?: Record<string, { schema?: Reference | Record<string, unknown> }>
}

export interface OpenApiOperation {
  operationId?: string
  tags?: string[]
  security?: Record<string, string[]>[]
  responses?: Record<string, OpenApiResponse | Reference>
}

export interface OpenApiDocument {
  openapi: string
  paths: Record<string, Record<string, OpenApiOperation>>
  components?: {
    schemas?: Record<string, { properties?: Record<string, unknown>; required?: string[] }>
    responses?: Record<string, OpenApiResponse>
    securitySchemes?: Record<string, unknown>
  }
}

/** Every operation of the document with where it is. */
export function operationsOf(document: OpenApiDocument) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    httpMethods
      .filter((method) => item[method] !== undefined)
      .map((method) => ({ path, method, operation: item[method] as OpenApiOperation })),
  )
}

/** A response, or the components.responses entry it refers to. */
export function resolveResponse(document: OpenApiDocument, response: OpenApiResponse | Reference) {
  if (!('$ref' in response)) return response
  const name = response.$ref.replace('#/components/responses/', '')
  const target = document.components?.responses?.[name]
  if (!target) throw new Error(`unresolved response ${response.$ref}`)
  return target
}
