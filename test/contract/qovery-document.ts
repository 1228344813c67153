import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

/**
 * Qovery's operations that Gatehouse implements, as Qovery publishes them
 * (test/data/qovery/openapi-subset.json, made by scripts/extract-qovery-subset.py), and
 * validators for their request and response bodies.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'
type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

export interface QoveryOperation {
  operationId: string
  method: HttpMethod
  /** The path template, e.g. /organization/{organizationId}/apiToken */
  path: string
  /** Statuses Qovery documents as success (2xx), with the body schema each answers, if any. */
  successes: { status: number; schema: JsonObject | undefined }[]
  requestSchema: JsonObject | undefined
}

export interface QoveryDocument {
  source: { repository: string; commit: string; extracted: string; operations: string[] }
  operations: Map<string, QoveryOperation>
}

const subsetFile = new URL('../data/qovery/openapi-subset.json', import.meta.url)

export function loadQoveryDocument(): QoveryDocument {
  const raw = JSON.parse(readFileSync(subsetFile, 'utf8')) as JsonObject
  const components = raw.components as Record<string, Record<string, JsonObject>>
  const resolveResponse = (response: JsonObject): JsonObject => {
    const ref = response.$ref
    if (typeof ref !== 'string') return response
    const [, , section, name] = ref.split('/')
    const target = components[section as string]?.[name as string]
    if (!target) throw new Error(`unresolved reference ${ref}`)
    return target
  }
  const operations = new Map<string, QoveryOperation>()
  for (const [path, item] of Object.entries(raw.paths as Record<string, Record<string, JsonObject>>)) {
    for (const [method, operation] of Object.entries(item)) {
      const responses = operation.responses as Record<string, JsonObject>
      const successes = Object.entries(responses)
        .filter(([status]) => /^2\d\d$/.test(status))
        .map(([status, response]) => {
          const content = resolveResponse(response).content as Record<string, JsonObject> | undefined
          return {
            status: Number(status),
            schema: content?.['application/json']?.schema as JsonObject | undefined,
          }
        })
      const requestContent = (operation.requestBody as JsonObject | undefined)?.content as
        | Record<string, JsonObject>
        | undefined
      operations.set(operation.operationId as string, {
        operationId: operation.operationId as string,
        method: method.toUpperCase() as HttpMethod,
        path,
        successes,
        requestSchema: requestContent?.['application/json']?.schema as JsonObject | undefined,
      })
    }
  }
  return { source: raw['x-source'] as unknown as QoveryDocument['source'], operations }
}

/** A Qovery path template with its parameters filled in, as a generated client builds it. */
export function qoveryPath(operation: QoveryOperation, parameters: Record<string, string>): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = parameters[name]
    if (value === undefined) throw new Error(`${operation.operationId} needs the path parameter ${name}`)
    return encodeURIComponent(value)
  })
}

/**
 * OpenAPI 3.0 schemas are almost JSON Schema: `nullable: true` becomes a type union (and a null
 * enum member), component references point into one `definitions` document, and OpenAPI-only
 * annotations are dropped. additionalProperties is left as Qovery wrote it (absent): Gatehouse
 * may answer more fields than Qovery documents.
 */
export function toJsonSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toJsonSchema)
  if (schema === null || typeof schema !== 'object') return schema
  const converted: JsonObject = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable' || key === 'example' || key === 'xml' || key === 'externalDocs') continue
    if (key.startsWith('x-')) continue
    if (key === '$ref' && typeof value === 'string') {
      converted.$ref = value.replace('#/components/schemas/', `${componentsId}#/definitions/`)
      continue
    }
    // Under these keys the children are names, not schemas.
    if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      converted.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]))
      continue
    }
    converted[key] = key === 'enum' || key === 'required' ? value : toJsonSchema(value)
  }
  if (schema.nullable !== true) return converted
  if (typeof converted.type === 'string') {
    converted.type = [converted.type, 'null']
    if (Array.isArray(converted.enum)) converted.enum = [...converted.enum, null]
    return converted
  }
  return { anyOf: [converted, { type: 'null' }] }
}

const componentsId = 'https://qovery.test/components.json'

/** Compiles Qovery's schemas (with every component, for references) into validators. */
export function qoveryValidator(): (schema: JsonObject) => ValidateFunction {
  const raw = JSON.parse(readFileSync(subsetFile, 'utf8')) as JsonObject
  const schemas = (raw.components as Record<string, JsonObject>).schemas as JsonObject
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false })
  // ajv-formats is CommonJS: under NodeNext its default import is the module, the plugin its .default.
  addFormatsModule.default(ajv)
  ajv.addSchema({ $id: componentsId, definitions: toJsonSchema(schemas) })
  const cache = new Map<JsonObject, ValidateFunction>()
  return (schema) => {
    let validate = cache.get(schema)
    if (!validate) {
      validate = ajv.compile(toJsonSchema(schema) as JsonObject)
      cache.set(schema, validate)
    }
    return validate
  }
}

/** Validation errors in a line each, for assertion messages. */
export function describeErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(body)'} ${error.message} ${JSON.stringify(error.params)}`,
  )
}
