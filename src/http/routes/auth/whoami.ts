import { Type } from 'typebox'
import type { Principal } from '../../../core/principal.ts'
import { Uuid } from '../../schemas/common.ts'
import type { App } from '../../types.ts'

/**
 * One object with a `type` and the matching member, rather than a union: fast-json-stringify
 * serializes a union by validating each branch, on the one route every script calls most.
 */
export const WhoamiResponse = Type.Object({
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
})

/** Describes the caller, from the authentication cache alone: the cheapest authenticated route. */
export function registerWhoami(app: App) {
  app.get(
    '/auth/whoami',
    { schema: { tags: ['account'], summary: 'Describe the caller', response: { 200: WhoamiResponse } } },
    async (request) => describe(request.principal as Principal),
  )
}

function describe(principal: Principal) {
  if (principal.kind === 'user') {
    return {
      type: 'user' as const,
      user: { id: principal.userId, email: principal.email, name: principal.name },
    }
  }
  return {
    type: 'api_token' as const,
    api_token: {
      id: principal.tokenId,
      name: principal.name,
      organization_id: principal.organizationId,
      role_id: principal.roleId,
      role_name: principal.roleName,
    },
  }
}
