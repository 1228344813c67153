import { type Static, type TObject, type TSchema, Type } from 'typebox'
import { problemReasonNames } from '../core/errors.ts'
import { LIST_PAGE_DEFAULT, LIST_PAGE_MAX } from '../core/paging.ts'

/**
 * The building blocks of every API shape. A schema given a name with `named` becomes a component
 * of the OpenAPI document (`#/components/schemas/<name>`), referenced wherever it is used.
 */
const names = new WeakMap<object, string>()
const registry = new Map<string, TSchema>()

export function named<T extends TSchema>(name: string, schema: T): T {
  if (registry.has(name)) throw new Error(`two contract schemas are named ${name}`)
  names.set(schema, name)
  registry.set(name, schema)
  return schema
}

/** The component name of a schema, when it has one. */
export const nameOf = (schema: object): string | undefined => names.get(schema)
export const namedSchemas = (): ReadonlyMap<string, TSchema> => registry

/** A Date in the server's handlers, an RFC 3339 string on the wire (see `Wire` in the client). */
export const Timestamp = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' })
export const Uuid = Type.String({ format: 'uuid', description: 'A UUID' })
export const Name = Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' })
export const Description = Type.String({ maxLength: 1000 })
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()])

/** What every named resource answers first (Qovery's `Base`, and a name). */
export const ResourceFields = {
  id: Uuid,
  created_at: Timestamp,
  updated_at: Timestamp,
  name: Type.String(),
}

/** Bodies refuse unknown fields: a typo in a field name is an error, not silently ignored. */
export const Body = <T extends Parameters<typeof Type.Object>[0]>(properties: T, description?: string) =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) })

/** Path and query parameters refuse unknown ones too. */
export const Params = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false })

export const ResultsOf = <T extends TSchema>(item: T) => Type.Object({ results: Type.Array(item) })

/**
 * One page of a list: its items (`results`, as Qovery's lists answer them) and the cursor of the
 * next page, null on the last one. Every list that can grow without bound answers this way.
 */
export const PageOf = <T extends TSchema>(
  item: T,
  nextCursor = 'Pass as cursor to get the next page; null on the last page',
) =>
  Type.Object({
    results: Type.Array(item),
    next_cursor: Type.Union([Type.String(), Type.Null()], { description: nextCursor }),
  })

/**
 * `limit` and `cursor`, the query of every paged list. Query strings arrive as text (type coercion
 * is off), so the limit is checked here as the digits of 1 to `max` exactly; a typed client may
 * pass a number, which travels as the same digits.
 */
export const pageQueryFields = (options: { max: number; byDefault: number; what: string }) => ({
  limit: Type.Optional(
    Type.Unsafe<number | string>({
      type: 'string',
      pattern: oneTo(options.max),
      description: `How many ${options.what} per page, 1 to ${options.max} (default ${options.byDefault})`,
    }),
  ),
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      // A cursor of a list sorted by name carries the name (up to 255 characters, escaped).
      maxLength: 4096,
      pattern: '^[A-Za-z0-9_-]+$',
      description: 'The next_cursor of the previous page, unchanged',
    }),
  ),
})

/** The query of a list of resources (tokens, members, ...): pages of up to LIST_PAGE_MAX. */
export const listPageFields = (what: string) =>
  pageQueryFields({ max: LIST_PAGE_MAX, byDefault: LIST_PAGE_DEFAULT, what })
export const ListPageQuery = (what: string) => Params(listPageFields(what))

/** A pattern matching the decimal digits of 1 to `max` (a power of ten), without leading zeros. */
function oneTo(max: number): string {
  const digits = String(max).length - 1
  if (max !== 10 ** digits || digits < 1)
    throw new Error(`a page size bound must be a power of ten, got ${max}`)
  return `^(?:[1-9][0-9]{0,${digits - 1}}|${max})$`
}

export const OrganizationParams = Params({ organizationId: Uuid })

export const FieldErrorSchema = named(
  'FieldError',
  Type.Object({
    field: Type.String({ description: 'Where: body.name, querystring.limit, params.projectId' }),
    message: Type.String({ description: 'What is wrong, in words' }),
  }),
)

/** RFC 9457. `reason` is stable: branch on it, not on `detail` (words) or `status` (a class). */
export const Problem = named(
  'Problem',
  Type.Object(
    {
      type: Type.String({ description: 'urn:gatehouse:problem:<reason>' }),
      title: Type.String(),
      status: Type.Integer(),
      detail: Type.String({ description: 'What went wrong and what to do, in words' }),
      reason: Type.Unsafe<(typeof problemReasonNames)[number]>({
        type: 'string',
        enum: problemReasonNames,
        description: 'A stable code for programs to branch on (see the README)',
      }),
      errors: Type.Optional(Type.Array(FieldErrorSchema, { description: 'The invalid fields, for 400' })),
      error: Type.Optional(
        Type.String({ description: 'OAuth 2.0 error code (RFC 6749 5.2), on the token exchange only' }),
      ),
      error_description: Type.Optional(Type.String({ description: 'The same as detail, for OAuth clients' })),
    },
    { description: 'An RFC 9457 problem (application/problem+json)' },
  ),
)
export type ProblemBody = Static<typeof Problem>

export type { Static, TObject, TSchema }
