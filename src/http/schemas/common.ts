import { type Static, Type } from 'typebox'

/** Shared JSON schemas. Every route declares its request and response with these building blocks. */

/** A Date in handlers, an RFC 3339 string on the wire (fast-json-stringify formats it). */
export const Timestamp = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' })
export const Uuid = Type.String({ format: 'uuid', description: 'A UUID' })
export const Name = Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' })
export const Description = Type.String({ maxLength: 1000 })

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { description: 'An RFC 9457 problem (application/problem+json)' },
)
export type ProblemBody = Static<typeof Problem>

export const ResultsOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ results: Type.Array(item) })

export const OrganizationParams = Type.Object({ organizationId: Uuid }, { additionalProperties: false })
export const NoContent = Type.Null({ description: 'No content' })

/** Bodies refuse unknown fields: a typo in a field name is an error, not silently ignored. */
export const Body = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false })
