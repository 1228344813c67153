import { whoami } from '../../../contract/index.ts'
import type { Principal } from '../../../core/principal.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

/** Describes the caller, from the authentication cache alone: the cheapest authenticated route. */
export function registerWhoami(app: App) {
  registerOperation(app, whoami, async (request) => describe(request.principal as Principal))
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
