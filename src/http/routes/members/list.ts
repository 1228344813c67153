import { getOrganizationMembers } from '../../../contract/index.ts'
import { pageRequestOf } from '../../../core/paging.ts'
import { listMembers } from '../../../services/members.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListMembers(app: App) {
  registerOperation(app, getOrganizationMembers, (request) =>
    listMembers(app.deps, contextOf(request), request.params.organizationId, pageRequestOf(request.query)),
  )
}
