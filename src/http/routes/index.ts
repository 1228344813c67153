import type { App } from '../types.ts'
import { registerApiTokensRoutes } from './api-tokens/index.ts'
import { registerAuditRoutes } from './audit/index.ts'
import { registerAuthRoutes } from './auth/index.ts'
import { registerCustomRolesRoutes } from './custom-roles/index.ts'
import { registerDeploymentsRoutes } from './deployments/index.ts'
import { registerEnvironmentsRoutes } from './environments/index.ts'
import { registerHealthRoutes } from './health/index.ts'
import { registerInvitationsRoutes } from './invitations/index.ts'
import { registerMembersRoutes } from './members/index.ts'
import { registerOidcRoutes } from './oidc/index.ts'
import { registerOidcTrustsRoutes } from './oidc-trusts/index.ts'
import { registerOrganizationsRoutes } from './organizations/index.ts'
import { registerProjectsRoutes } from './projects/index.ts'
import { registerRolesRoutes } from './roles/index.ts'
import { registerWebhooksRoutes } from './webhooks/index.ts'

/** Every API route, grouped by resource; each group's index lists one file per route. */
export async function registerRoutes(app: App): Promise<void> {
  await registerHealthRoutes(app)
  await registerAuthRoutes(app)
  await registerOrganizationsRoutes(app)
  await registerRolesRoutes(app)
  await registerCustomRolesRoutes(app)
  await registerMembersRoutes(app)
  await registerInvitationsRoutes(app)
  await registerApiTokensRoutes(app)
  await registerOidcTrustsRoutes(app)
  await registerOidcRoutes(app)
  await registerProjectsRoutes(app)
  await registerEnvironmentsRoutes(app)
  await registerDeploymentsRoutes(app)
  await registerAuditRoutes(app)
  await registerWebhooksRoutes(app)
}
