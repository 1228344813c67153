import { type Static, Type } from 'typebox'
import { Body, named, Timestamp, Uuid } from '../common.ts'

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 })
export const Password = Type.String({ minLength: 8, maxLength: 256 })
export const PersonName = Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' })

export const Account = named(
  'Account',
  Type.Object({ id: Uuid, email: Type.String(), name: Type.String(), created_at: Timestamp }),
)
export type Account = Static<typeof Account>

export const SignupRequest = named(
  'SignupRequest',
  Body({ email: Email, password: Password, name: PersonName }),
)
export type SignupRequest = Static<typeof SignupRequest>

export const LoginRequest = named(
  'LoginRequest',
  Body({ email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) }),
)
export type LoginRequest = Static<typeof LoginRequest>

export const LoginResponse = named(
  'LoginResponse',
  Type.Object({
    token: Type.String({ description: 'The session token (gses_…), for Authorization: Bearer' }),
    expires_at: Timestamp,
    user: Account,
  }),
)
export type LoginResponse = Static<typeof LoginResponse>

/**
 * One object with a `type` and the matching member, rather than a union: fast-json-stringify
 * serializes a union by validating each branch, on the one route every script calls most.
 */
export const Whoami = named(
  'Whoami',
  Type.Object({
    type: Type.Union([Type.Literal('user'), Type.Literal('api_token')]),
    user: Type.Optional(Type.Object({ id: Uuid, email: Type.String(), name: Type.String() })),
    api_token: Type.Optional(
      Type.Object({
        id: Uuid,
        name: Type.String(),
        organization_id: Uuid,
        role_id: Uuid,
        role_name: Type.String(),
      }),
    ),
  }),
)
export type Whoami = Static<typeof Whoami>
